output "environments" {
  description = "Each product environment's id and cloud name."
  value = {
    for key, env in cloudinary_product_environment.this : key => {
      id                  = env.id
      cloud_name          = env.cloud_name
      deletion_protection = env.deletion_protection
    }
  }
}

output "users" {
  description = "Each user's role and the environments they reach, by email."
  value = {
    for key, u in cloudinary_user.this : u.email => format("%s in %s", u.role,
      u.all_product_environments ? "every environment" : join(", ", sort([
        for env, e in cloudinary_product_environment.this : env if contains(u.product_environment_ids, e.id)
      ]))
    )
  }
}

output "user_ids" {
  description = "Each user's id, by email."
  value       = { for u in cloudinary_user.this : u.email => u.id }
}

output "groups" {
  description = "Each user group's id, members and membership model."
  value = {
    for key, g in cloudinary_user_group.this : g.name => format("%s: %s (%s)", g.id, join(", ", local.group_members[key]),
      contains(local.authoritative_groups, key) ? "authoritative members" : "additive memberships"
    )
  }
}

output "access_keys" {
  description = "The API key of each access key; the secrets stay in the state (terraform output -json access_key_secrets)."
  value = merge(
    { for env, k in cloudinary_access_key.deploy : "${env}/deploy" => k.api_key },
    { "prod/webhooks" = cloudinary_access_key.webhooks.api_key },
  )
}

output "access_key_secrets" {
  description = "The API secret of each access key."
  sensitive   = true
  value = merge(
    { for env, k in cloudinary_access_key.deploy : "${env}/deploy" => k.api_secret },
    { "prod/webhooks" = cloudinary_access_key.webhooks.api_secret },
  )
}

output "custom_roles" {
  description = "The custom roles and the catalog policies they were built from."
  value = {
    for r in [cloudinary_role.release_engineer, cloudinary_role.campaign_reviewer] : "${r.name} (${r.id})" => sort(r.system_policy_ids)
  }
}

output "custom_policies" {
  description = "Each custom policy's id and where it applies."
  value = {
    for p in [
      cloudinary_custom_policy.reviewers_see_team,
      cloudinary_custom_policy.marketing_no_delete_in_prod,
      cloudinary_custom_policy.platform_reads_reports,
    ] : p.name => format("%s, %s", p.id, p.scope_type == "account" ? "account" : p.scope_id == "all" ? "every environment" : lookup(local.env_key_by_id, p.scope_id, p.scope_id))
  }
}

locals {
  env_key_by_id = { for key, env in cloudinary_product_environment.this : env.id => key }
  group_by_id   = { for key, g in cloudinary_user_group.this : g.id => "group ${key}" }
  user_by_id    = { for key, u in cloudinary_user.this : u.id => "user ${key}" }
  key_by_api    = { for key, k in cloudinary_access_key.deploy : k.api_key => "key ${key}/deploy" }
  role_names = {
    (cloudinary_role.release_engineer.id)  = "release engineer (custom)"
    (cloudinary_role.campaign_reviewer.id) = "campaign reviewer (custom)"
  }
}

output "who_can_do_what" {
  description = "Every role assignment this configuration makes, as \"principal: role in scope\"."
  value = sort([
    for a in concat(
      values(cloudinary_role_assignment.group),
      values(cloudinary_role_assignment.release_engineer),
      values(cloudinary_role_assignment.deploy_key),
      [cloudinary_role_assignment.marketing_folder_editor, cloudinary_role_assignment.campaign_reviewers],
    ) :
    format("%s: %s%s%s",
      lookup(merge(local.group_by_id, local.user_by_id, local.key_by_api), a.principal_id, a.principal_id),
      lookup(local.role_names, a.role_id, a.role_id),
      a.scope_id == null ? " (account)" : a.scope_id == "all" ? " in every environment" : " in ${lookup(local.env_key_by_id, a.scope_id, a.scope_id)}",
      a.policy_parameters == null ? "" : " on folder ${lookup(a.policy_parameters, "folder_id", "?")}",
    )
  ])
}

locals {
  permissions_user = coalesce(var.permissions_user, concat(
    sort([for key, u in var.users : key if u.role == "technical_admin"]), sort(keys(var.users))
  )...)
}

# What the Permissions API says one user may do in prod: the roles the user
# holds there, each with its system policies, and the enabled custom policies
# that apply to the user.
data "cloudinary_effective_policies" "who" {
  principal_type = "user"
  principal_id   = cloudinary_user.this[local.permissions_user].id
  scope_type     = "prodenv"
  scope_id       = cloudinary_product_environment.this["prod"].id

  # Read after the assignments and policies it reports on.
  depends_on = [
    cloudinary_role_assignment.group,
    cloudinary_role_assignment.release_engineer,
    cloudinary_role_assignment.marketing_folder_editor,
    cloudinary_role_assignment.campaign_reviewers,
    cloudinary_user_group_members.this,
    cloudinary_user_group_membership.this,
    cloudinary_custom_policy.reviewers_see_team,
    cloudinary_custom_policy.marketing_no_delete_in_prod,
    cloudinary_custom_policy.platform_reads_reports,
  ]
}

output "effective_permissions" {
  description = "What var.permissions_user may do in prod: each role with its system policy ids, and the custom policies that apply."
  value = {
    user = cloudinary_user.this[local.permissions_user].email
    roles = sort([
      for r in data.cloudinary_effective_policies.who.roles :
      format("%s: %s", lookup(local.role_names, r.role_id, r.role_id), join(", ", sort([for p in r.system_policies : p.id])))
    ])
    custom_policies = sort([for p in data.cloudinary_effective_policies.who.custom_policies : p.id])
  }
}

# Billing usage of the account (read-only): credits per monthly cycle, with
# the share of each product environment.
data "cloudinary_billing_usage" "this" {
  year                                  = var.billing_year
  include_product_environment_breakdown = true

  # Usage is broken down by environment: read it once they exist.
  depends_on = [cloudinary_product_environment.this]
}

output "billing_usage" {
  description = "Usage of each plan metric in its latest cycle, against the limit, with each environment's share of storage."
  value = merge([
    for plan in data.cloudinary_billing_usage.this.plans : {
      for m in plan.metrics : "${plan.plan_name} ${m.metric}" => {
        cycle = "${m.cycles[length(m.cycles) - 1].from_day}..${m.cycles[length(m.cycles) - 1].to_day}"
        usage = "${m.cycles[length(m.cycles) - 1].usage} of ${m.limit == null ? "unlimited" : m.limit}"
        storage_by_cloud = {
          for e in coalesce(m.cycles[length(m.cycles) - 1].product_environment_breakdown, []) :
          e.cloud_name => format("%.2f", coalesce(e.storage_image, 0) + coalesce(e.storage_video, 0) + coalesce(e.storage_raw, 0))
        }
      } if length(m.cycles) > 0
    }
  ]...)
}
