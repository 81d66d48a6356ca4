# A system role by id.
data "cloudinary_role" "prodenv_admin" {
  id = "cld::role::prodenv::admin"
}

# By name: system roles of different scopes share names, so narrow it.
data "cloudinary_role" "account_admin" {
  name       = "Admin"
  scope_type = "account"
}

# Start a custom role from a system role's policies.
resource "cloudinary_role" "admin_without_billing" {
  name              = "Admin without billing"
  permission_type   = data.cloudinary_role.account_admin.permission_type
  scope_type        = data.cloudinary_role.account_admin.scope_type
  system_policy_ids = [for id in data.cloudinary_role.account_admin.system_policy_ids : id if !strcontains(id, "billing")]
}
