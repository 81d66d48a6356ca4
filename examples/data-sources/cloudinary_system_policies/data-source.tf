# Account-level policies (scope_type defaults to account).
data "cloudinary_system_policies" "account" {}

# Content policies, applied per folder or collection in product environments.
data "cloudinary_system_policies" "content" {
  permission_type = "content"
  scope_type      = "prodenv"
}

output "content_policies" {
  value = { for p in data.cloudinary_system_policies.content.policies : p.id => p.policy_parameters }
}
