variable "environment_id" {
  type = string
}

# Who administers one product environment (including those scoped to "all").
data "cloudinary_role_principals" "env_admins" {
  role_id  = "cld::role::prodenv::admin"
  scope_id = var.environment_id
}

# Which groups may edit one folder.
data "cloudinary_role_principals" "folder_editors" {
  role_id        = "cld::role::folder::editor"
  principal_type = "group"
  policy_parameters = {
    folder_id = "marketing-assets-folder-id"
  }
}

output "env_admins" {
  value = [for p in data.cloudinary_role_principals.env_admins.principals : "${p.principal_type}/${p.principal_id}"]
}
