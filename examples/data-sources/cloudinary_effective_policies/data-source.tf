variable "group_id" {
  type = string
}

variable "environment_id" {
  type = string
}

# What the group may do at account level (the default scope).
data "cloudinary_effective_policies" "account" {
  principal_type = "group"
  principal_id   = var.group_id
}

# What the group may do in one product environment.
data "cloudinary_effective_policies" "env" {
  principal_type = "group"
  principal_id   = var.group_id
  scope_type     = "prodenv"
  scope_id       = var.environment_id
}

output "env_policy_ids" {
  value = flatten([
    for r in data.cloudinary_effective_policies.env.roles : [for p in r.system_policies : p.id]
  ])
}
