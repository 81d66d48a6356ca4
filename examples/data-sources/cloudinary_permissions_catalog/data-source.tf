data "cloudinary_permissions_catalog" "this" {}

# The system policies of each system role, by role id.
output "system_role_policies" {
  value = { for r in data.cloudinary_permissions_catalog.this.system_roles : r.id => r.system_policy_ids }
}

# Policy ids by category.
output "policies_by_category" {
  value = {
    for p in data.cloudinary_permissions_catalog.this.system_policies : p.category => p.id...
  }
}
