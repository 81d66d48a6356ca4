# A global role for the account: manage users and groups, view billing.
resource "cloudinary_role" "user_admin" {
  name            = "User administrator"
  description     = "Manages users and groups and can see the bills."
  permission_type = "global"
  scope_type      = "account"
  system_policy_ids = [
    "cld::policy::global::users_and_groups::manage",
    "cld::policy::global::billing::view",
  ]
}

# A content role with a chosen id: assigned per folder (policy_parameters
# shows ["folder_id"]). Destroying it also unassigns it everywhere.
resource "cloudinary_role" "folder_contributor" {
  role_id         = "folder_contributor"
  name            = "Folder contributor"
  permission_type = "content"
  scope_type      = "prodenv"
  system_policy_ids = [
    "cld::policy::content::folder::view_download",
    "cld::policy::content::folder::add_assets",
  ]
  force_delete = true
}

# Every prodenv-scoped global policy, picked from the catalog.
data "cloudinary_system_policies" "prodenv" {
  permission_type = "global"
  scope_type      = "prodenv"
}

resource "cloudinary_role" "viewer" {
  name              = "Viewer"
  permission_type   = "global"
  scope_type        = "prodenv"
  system_policy_ids = [for p in data.cloudinary_system_policies.prodenv.policies : p.id if endswith(p.id, "::view")]
}
