# Authoritative: the group holds exactly these roles. A role granted outside
# Terraform shows in the next plan and is removed. Do not also use
# cloudinary_role_assignment on this principal.

variable "group_id" {
  type = string
}

variable "environment_id" {
  type = string
}

resource "cloudinary_principal_roles" "designers" {
  principal_type = "group"
  principal_id   = var.group_id

  roles = [
    {
      role_id = "cld::role::account::reports"
    },
    {
      role_id  = "cld::role::prodenv::ml_user"
      scope_id = "all"
    },
    {
      role_id  = "cld::role::folder::contributor"
      scope_id = var.environment_id
      policy_parameters = {
        folder_id = "design-assets-folder-id"
      }
    },
  ]
}
