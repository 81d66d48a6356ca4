# Adopt a whole Cloudinary account in one plan: every product environment,
# user, user group (with its member list) and custom role. The data sources
# read what the account holds; each import block (Terraform 1.7 or later)
# adopts every object of one kind into the matching resource, whose
# arguments are filled in from the same data, so the first plan shows only
# imports.
#
#   export CLOUDINARY_ACCOUNT_URL=account://API_KEY:API_SECRET@ACCOUNT_ID
#   terraform init
#   terraform plan   # Plan: N to import, 0 to add, 0 to change, 0 to destroy.
#   terraform apply

terraform {
  required_version = ">= 1.7"

  required_providers {
    cloudinary = {
      source = "cloudinary-terraform/cloudinary"
    }
  }
}

# Credentials come from the environment (CLOUDINARY_ACCOUNT_URL, or
# CLOUDINARY_ACCOUNT_ID, CLOUDINARY_PROVISIONING_API_KEY and
# CLOUDINARY_PROVISIONING_API_SECRET).
provider "cloudinary" {}

# ---------------------------------------------------------------------------
# What the account holds
# ---------------------------------------------------------------------------

data "cloudinary_product_environments" "all" {}

data "cloudinary_users" "all" {}

# The user list does not say which environments each user can reach. One
# list per environment does: it holds the users who can reach it (users with
# access to all environments appear in every one).
data "cloudinary_users" "by_environment" {
  for_each = local.environments

  product_environment_id = each.value.id
}

data "cloudinary_user_groups" "all" {}

data "cloudinary_roles" "custom" {
  for_each = toset(["global", "content"])

  permission_type = each.key
  management_type = "custom"
}

# The role lists carry no policies: one lookup per custom role reads them.
data "cloudinary_role" "custom" {
  for_each = local.roles

  id = each.key
}

locals {
  # Every kind keyed by what is unique and readable in it: these keys become
  # the resource addresses, e.g. cloudinary_user.this["jane@example.com"].
  environments = { for e in data.cloudinary_product_environments.all.product_environments : e.cloud_name => e }
  users        = { for u in data.cloudinary_users.all.users : u.email => u }
  groups       = { for g in data.cloudinary_user_groups.all.user_groups : g.name => g }
  roles        = { for r in flatten([for d in data.cloudinary_roles.custom : d.roles]) : r.id => r }

  # For each user restricted to some environments, their ids; null for users
  # who can reach all of them (including environments created later).
  user_environment_ids = {
    for email, u in local.users : email => u.all_product_environments ? null : sort([
      for cloud_name, d in data.cloudinary_users.by_environment : local.environments[cloud_name].id
      if contains(d.users[*].id, u.id)
    ])
  }
}

# ---------------------------------------------------------------------------
# Product environments
# ---------------------------------------------------------------------------

import {
  for_each = local.environments

  to = cloudinary_product_environment.this[each.key]
  id = each.value.id
}

resource "cloudinary_product_environment" "this" {
  for_each = local.environments

  name       = each.value.name
  cloud_name = each.value.cloud_name
  enabled    = each.value.enabled

  # deletion_protection is left at its default, true: removing an environment
  # from this configuration fails the plan instead of deleting its media.
}

# ---------------------------------------------------------------------------
# Users
# ---------------------------------------------------------------------------

import {
  for_each = local.users

  to = cloudinary_user.this[each.key]
  id = each.value.id
}

resource "cloudinary_user" "this" {
  for_each = local.users

  name                    = each.value.name
  email                   = each.value.email
  role                    = each.value.role
  enabled                 = each.value.enabled
  product_environment_ids = local.user_environment_ids[each.key]
}

# ---------------------------------------------------------------------------
# User groups and their members
# ---------------------------------------------------------------------------

import {
  for_each = local.groups

  to = cloudinary_user_group.this[each.key]
  id = each.value.id
}

resource "cloudinary_user_group" "this" {
  for_each = local.groups

  name = each.value.name
}

import {
  for_each = local.groups

  to = cloudinary_user_group_members.this[each.key]
  id = each.value.id
}

# The complete member list of each group (authoritative: members added
# outside Terraform later show up as a change).
resource "cloudinary_user_group_members" "this" {
  for_each = local.groups

  group_id = cloudinary_user_group.this[each.key].id
  user_ids = each.value.user_ids
}

# ---------------------------------------------------------------------------
# Custom roles (system roles belong to Cloudinary and are not adopted)
# ---------------------------------------------------------------------------

import {
  for_each = data.cloudinary_role.custom

  to = cloudinary_role.this[each.key]
  id = each.key
}

resource "cloudinary_role" "this" {
  for_each = data.cloudinary_role.custom

  role_id           = each.key
  name              = each.value.name
  description       = each.value.description
  permission_type   = each.value.permission_type
  scope_type        = each.value.scope_type
  system_policy_ids = each.value.system_policy_ids
}

output "adopted" {
  description = "How many objects of each kind this configuration manages."
  value = {
    product_environments = length(cloudinary_product_environment.this)
    users                = length(cloudinary_user.this)
    user_groups          = length(cloudinary_user_group.this)
    custom_roles         = length(cloudinary_role.this)
  }
}
