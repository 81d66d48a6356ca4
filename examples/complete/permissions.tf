# Permissions: two custom roles built from Cloudinary's catalog of system
# policies, three custom (Cedar) policies, and role assignments for users,
# groups and an access key.

# ---------------------------------------------------------------------------
# Custom roles. Policy ids are picked from the catalog by category and name,
# never hard-coded, so the roles follow the catalog Cloudinary ships.

data "cloudinary_permissions_catalog" "this" {}

data "cloudinary_system_policies" "folder" {
  permission_type = "content"
  scope_type      = "prodenv"
}

locals {
  # Everything a release engineer touches in an environment: upload
  # settings, named transformations and webhook notifications.
  release_engineer_policy_ids = sort([
    for p in data.cloudinary_permissions_catalog.this.system_policies : p.id
    if p.permission_type == "global" && p.scope_type == "prodenv" &&
    contains(["Upload Settings", "Transformations", "Webhooks"], p.sub_category)
  ])

  # Reviewers of a folder: view and download its assets, and edit their
  # details (tags, metadata), but neither add nor delete.
  campaign_reviewer_policy_ids = sort([
    for p in data.cloudinary_system_policies.folder.policies : p.id
    if p.category == "Folder" && (p.sub_category == "View and download" || p.name == "Edit assets")
  ])
}

resource "cloudinary_role" "release_engineer" {
  name              = "${var.name_prefix} release engineer"
  description       = "Upload settings, transformations and webhooks of one product environment."
  permission_type   = "global"
  scope_type        = "prodenv"
  system_policy_ids = local.release_engineer_policy_ids

  lifecycle {
    precondition {
      condition     = length(local.release_engineer_policy_ids) > 0
      error_message = "No catalog policy matched the release engineer role: check the sub_category names in permissions.tf against data.cloudinary_permissions_catalog.this."
    }
  }
}

resource "cloudinary_role" "campaign_reviewer" {
  name              = "${var.name_prefix} campaign reviewer"
  description       = "View, download and edit the assets of one folder."
  permission_type   = "content"
  scope_type        = "prodenv"
  system_policy_ids = local.campaign_reviewer_policy_ids

  lifecycle {
    precondition {
      condition     = length(local.campaign_reviewer_policy_ids) > 0
      error_message = "No catalog policy matched the campaign reviewer role: check the names in permissions.tf against data.cloudinary_system_policies.folder."
    }
  }
}

# ---------------------------------------------------------------------------
# Custom policies, in Cedar: one for the account, one for prod only, one for
# every environment.

resource "cloudinary_custom_policy" "reviewers_see_team" {
  name        = "${var.name_prefix} reviewers see the team"
  description = "Reviewers may look up users and groups to know whom to ask."
  scope_type  = "account"

  policy_statement = <<-EOT
    permit (
      principal in Cloudinary::Group::"${cloudinary_user_group.this["reviewers"].id}",
      action == Cloudinary::Action::"read",
      resource is Cloudinary::Group
    );
  EOT
}

resource "cloudinary_custom_policy" "marketing_no_delete_in_prod" {
  name        = "${var.name_prefix} marketing never deletes in prod"
  description = "Whatever roles they hold, marketing cannot delete prod assets."
  scope_type  = "prodenv"
  scope_id    = cloudinary_product_environment.this["prod"].id

  policy_statement = <<-EOT
    forbid (
      principal in Cloudinary::Group::"${cloudinary_user_group.this["marketing"].id}",
      action == Cloudinary::Action::"delete",
      resource is Cloudinary::Asset
    );
  EOT
}

resource "cloudinary_custom_policy" "platform_reads_reports" {
  name        = "${var.name_prefix} platform reads every report"
  description = "The platform team reads the usage, delivery and error reports of every environment."
  scope_type  = "prodenv"
  scope_id    = "all"

  policy_statement = <<-EOT
    permit (
      principal in Cloudinary::Group::"${cloudinary_user_group.this["platform"].id}",
      action == Cloudinary::Action::"read",
      resource is Cloudinary::Report
    );
  EOT
}

# ---------------------------------------------------------------------------
# Role assignments. cloudinary_role_assignment is additive: each resource
# grants one role to one principal and leaves roles granted elsewhere alone.

locals {
  group_roles = {
    # Account roles have no scope_id; prodenv roles take an environment id or "all".
    "platform/account-reports" = { group = "platform", role = "cld::role::account::reports", scope = null }
    "platform/prodenv-admin"   = { group = "platform", role = "cld::role::prodenv::admin", scope = "all" }
    "media/ml-admin"           = { group = "media", role = "cld::role::prodenv::ml_admin", scope = "all" }
    "marketing/ml-user"        = { group = "marketing", role = "cld::role::prodenv::ml_user", scope = "prod" }
    "reviewers/ml-user"        = { group = "reviewers", role = "cld::role::prodenv::ml_user", scope = "prod" }
  }

  # Every technical admin is a release engineer in each environment they reach.
  release_engineers = merge([
    for key, u in var.users : {
      for env in coalesce(u.environments, keys(local.environments)) : "${key}/${env}" => { user = key, env = env }
    } if u.role == "technical_admin"
  ]...)
}

resource "cloudinary_role_assignment" "group" {
  for_each = local.group_roles

  principal_type = "group"
  principal_id   = cloudinary_user_group.this[each.value.group].id
  role_id        = each.value.role
  scope_id       = each.value.scope == null || each.value.scope == "all" ? each.value.scope : cloudinary_product_environment.this[each.value.scope].id
}

resource "cloudinary_role_assignment" "release_engineer" {
  for_each = local.release_engineers

  principal_type = "user"
  principal_id   = cloudinary_user.this[each.value.user].id
  role_id        = cloudinary_role.release_engineer.id
  scope_id       = cloudinary_product_environment.this[each.value.env].id
}

# Content roles apply to one folder (or collection) of one environment: the
# folder comes in policy_parameters.
resource "cloudinary_role_assignment" "marketing_folder_editor" {
  principal_type = "group"
  principal_id   = cloudinary_user_group.this["marketing"].id
  role_id        = "cld::role::folder::editor"
  scope_id       = cloudinary_product_environment.this["prod"].id
  policy_parameters = {
    folder_id = var.marketing_folder_id
  }
}

resource "cloudinary_role_assignment" "campaign_reviewers" {
  principal_type = "group"
  principal_id   = cloudinary_user_group.this["reviewers"].id
  role_id        = cloudinary_role.campaign_reviewer.id
  scope_id       = cloudinary_product_environment.this["prod"].id
  policy_parameters = {
    folder_id = var.marketing_folder_id
  }
}

# Each deploy key may run its own environment's technical settings, and only
# its own: principal_type apiKey with the key's api_key.
resource "cloudinary_role_assignment" "deploy_key" {
  for_each = cloudinary_access_key.deploy

  principal_type = "apiKey"
  principal_id   = each.value.api_key
  role_id        = cloudinary_role.release_engineer.id
  scope_id       = each.value.product_environment_id
}
