# Account-level policies (the default scope), every page.
data "cloudinary_custom_policies" "account" {}

# Disabled policies of one product environment (with those scoped to "all").
data "cloudinary_custom_policies" "web_disabled" {
  scope_type = "prodenv"
  scope_id   = "0aaaaa1bbbbb2ccccc3ddddd4eeeee5f"
  enabled    = false
}

output "disabled_policy_names" {
  value = [for p in data.cloudinary_custom_policies.web_disabled.policies : p.name]
}
