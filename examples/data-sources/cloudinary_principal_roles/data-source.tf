variable "user_id" {
  type = string
}

variable "environment_id" {
  type = string
}

# Every role the user holds directly (roles held through groups are listed
# on the groups).
data "cloudinary_principal_roles" "user" {
  principal_type = "user"
  principal_id   = var.user_id
}

# Only the content roles that apply in one environment.
data "cloudinary_principal_roles" "user_content_in_env" {
  principal_type  = "user"
  principal_id    = var.user_id
  permission_type = "content"
  scope_id        = var.environment_id
}

output "user_role_ids" {
  value = [for r in data.cloudinary_principal_roles.user.roles : r.role_id]
}
