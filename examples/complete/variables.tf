variable "name_prefix" {
  description = "Prefix of every name this configuration creates. Cloud names are unique across all of Cloudinary, so pick something of your own."
  type        = string
  default     = "acme"

  validation {
    # The prefix becomes part of cloud names: lowercase letters, digits, '-'
    # and '_', starting with a letter or digit.
    condition     = can(regex("^[a-z0-9][a-z0-9_-]{0,40}$", var.name_prefix))
    error_message = "name_prefix must be 1 to 41 lowercase letters, digits, '-' or '_', starting with a letter or digit."
  }
}

variable "email_domain" {
  description = "Domain of the users' email addresses: each user is invited as <key>@<email_domain>."
  type        = string
  default     = "example.com"

  validation {
    condition     = can(regex("^[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$", var.email_domain))
    error_message = "email_domain must be a domain name such as example.com."
  }
}

variable "prod_deletion_protection" {
  description = "Protect the prod environment (and its media) from destroy and replacement. Apply with false before destroying it."
  type        = bool
  default     = true
}

variable "users" {
  description = <<-EOT
    The people of the account, keyed by the local part of their email address.
    role: one of master_admin, admin, billing, technical_admin, reports, media_library_admin, media_library_user.
    environments: the environments (prod, staging, dev) the user may reach; null for all of them (always the case for master_admin).
    groups: the user groups (platform, media, marketing, reviewers) the user belongs to.
  EOT
  type = map(object({
    name         = string
    role         = string
    environments = optional(list(string))
    groups       = optional(list(string), [])
  }))

  default = {
    alice   = { name = "Alice Martin", role = "master_admin", groups = ["platform"] }
    bob     = { name = "Bob Chen", role = "admin", environments = ["prod", "staging", "dev"], groups = ["platform"] }
    carol   = { name = "Carol Diaz", role = "technical_admin", environments = ["prod", "staging", "dev"], groups = ["platform"] }
    dave    = { name = "Dave Okafor", role = "technical_admin", environments = ["staging", "dev"] }
    erin    = { name = "Erin Novak", role = "billing" }
    frank   = { name = "Frank Rossi", role = "reports", environments = ["prod"] }
    grace   = { name = "Grace Kim", role = "media_library_admin", environments = ["prod", "staging"], groups = ["media"] }
    heidi   = { name = "Heidi Larsen", role = "media_library_admin", environments = ["dev"], groups = ["media"] }
    ivan    = { name = "Ivan Petrov", role = "media_library_user", environments = ["prod"], groups = ["marketing"] }
    judy    = { name = "Judy Alvarez", role = "media_library_user", environments = ["prod", "staging"], groups = ["marketing", "reviewers"] }
    mallory = { name = "Mallory Brooks", role = "media_library_user", environments = ["staging"], groups = ["reviewers"] }
    niaj    = { name = "Niaj Haddad", role = "admin", environments = ["dev"], groups = ["media"] }
  }

  validation {
    condition     = length(var.users) > 0
    error_message = "users must name at least one user."
  }

  validation {
    condition     = alltrue([for key in keys(var.users) : can(regex("^[a-z0-9][a-z0-9._-]*$", key))])
    error_message = "Each key of users becomes the local part of an email address: lowercase letters, digits, '.', '_' and '-', starting with a letter or digit."
  }

  validation {
    condition = alltrue([for u in values(var.users) : contains(
      ["master_admin", "admin", "billing", "technical_admin", "reports", "media_library_admin", "media_library_user"], u.role
    )])
    error_message = "Each user's role must be one of master_admin, admin, billing, technical_admin, reports, media_library_admin, media_library_user."
  }

  validation {
    condition = alltrue([for u in values(var.users) :
      # coalesce: "||" evaluates both sides, and null has no length.
      length(coalesce(u.environments, ["prod"])) > 0 && length(setsubtract(coalesce(u.environments, ["prod"]), ["prod", "staging", "dev"])) == 0
    ])
    error_message = "Each user's environments must be null (all environments) or a non-empty list of prod, staging and dev."
  }

  validation {
    condition     = alltrue([for u in values(var.users) : u.role != "master_admin" || u.environments == null])
    error_message = "A master_admin always reaches every environment: leave environments unset (null) for master_admin users."
  }

  validation {
    condition     = alltrue([for u in values(var.users) : length(setsubtract(u.groups, ["platform", "media", "marketing", "reviewers"])) == 0])
    error_message = "Each user's groups must be taken from platform, media, marketing and reviewers."
  }
}

variable "marketing_folder_id" {
  description = "Id of the prod folder the marketing and reviewers groups work in (an asset folder id of the prod environment; any string works on the emulator)."
  type        = string
  default     = "marketing-campaigns"
}

variable "permissions_user" {
  description = "Key (in var.users) of the user whose effective permissions in prod the outputs show; null for the first technical_admin (else the first user)."
  type        = string
  default     = null
}

variable "billing_year" {
  description = "Year of the billing usage shown in the outputs; null for the current subscription period."
  type        = number
  default     = null
}
