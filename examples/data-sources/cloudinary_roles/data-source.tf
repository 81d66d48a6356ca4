# Every custom global role of the account.
data "cloudinary_roles" "custom" {
  permission_type = "global"
  management_type = "custom"
}

# Content roles that are assigned per folder.
data "cloudinary_roles" "folder_roles" {
  permission_type   = "content"
  scope_type        = "prodenv"
  policy_parameters = ["folder_id"]
}

output "custom_role_names" {
  value = [for r in data.cloudinary_roles.custom.roles : r.name]
}
