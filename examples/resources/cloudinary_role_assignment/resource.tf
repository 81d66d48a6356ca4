# Non-authoritative: each resource adds and removes only its own assignment,
# so several of them (and roles granted in the Console) coexist on a principal.
# Do not also manage this principal with cloudinary_principal_roles.

variable "group_id" {
  type = string
}

variable "user_id" {
  type = string
}

variable "environment_id" {
  type = string
}

# An account role: no scope_id.
resource "cloudinary_role_assignment" "billing" {
  principal_type = "group"
  principal_id   = var.group_id
  role_id        = "cld::role::account::billing"
}

# A product environment role: scope_id is an environment id, or "all".
resource "cloudinary_role_assignment" "ml_user_everywhere" {
  principal_type = "group"
  principal_id   = var.group_id
  role_id        = "cld::role::prodenv::ml_user"
  scope_id       = "all"
}

# A content role: one environment, and the folder (or collection) it applies to.
resource "cloudinary_role_assignment" "marketing_folder_editor" {
  principal_type = "user"
  principal_id   = var.user_id
  role_id        = "cld::role::folder::editor"
  scope_id       = var.environment_id
  policy_parameters = {
    folder_id = "marketing-assets-folder-id"
  }
}
