# Four user groups. Membership comes from each user's `groups` in var.users,
# with both membership models, never both on one group:
#
# - cloudinary_user_group_members (authoritative) owns the whole member list
#   of "platform" and "media": a member added in the Console is removed again
#   on the next apply.
# - cloudinary_user_group_membership (additive) adds one user to "marketing"
#   or "reviewers" per resource and leaves other members alone, so team
#   leads can still add people in the Console.
locals {
  authoritative_groups = toset(["platform", "media"])
  additive_groups      = toset(["marketing", "reviewers"])

  group_members = {
    for g in setunion(local.authoritative_groups, local.additive_groups) :
    g => sort([for key, u in var.users : key if contains(u.groups, g)])
  }
}

resource "cloudinary_user_group" "this" {
  for_each = setunion(local.authoritative_groups, local.additive_groups)

  name = "${var.name_prefix}-${each.key}"
}

resource "cloudinary_user_group_members" "this" {
  for_each = local.authoritative_groups

  group_id = cloudinary_user_group.this[each.key].id
  user_ids = [for key in local.group_members[each.key] : cloudinary_user.this[key].id]
}

resource "cloudinary_user_group_membership" "this" {
  for_each = merge([
    for g in local.additive_groups : {
      for key in local.group_members[g] : "${g}/${key}" => { group = g, user = key }
    }
  ]...)

  group_id = cloudinary_user_group.this[each.value.group].id
  user_id  = cloudinary_user.this[each.value.user].id
}
