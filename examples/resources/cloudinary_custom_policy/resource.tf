# Let one group read the assets of one folder, in every product environment.
resource "cloudinary_custom_policy" "clothing_readers" {
  name        = "Read the clothing folder"
  description = "Designers may view assets in the Clothing folder."
  scope_type  = "prodenv"
  scope_id    = "all"

  policy_statement = <<-EOT
    permit (
      principal in Cloudinary::Group::"designers-group-id",
      action == Cloudinary::Action::"read",
      resource is Cloudinary::Asset
    ) when { resource.ancestor_ids.contains("clothing-folder-id") };
  EOT
}

# An account-level policy, kept disabled until it is needed.
resource "cloudinary_custom_policy" "auditors" {
  name       = "Auditors read users"
  scope_type = "account"
  enabled    = false

  policy_statement = <<-EOT
    permit (
      principal == Cloudinary::User::"auditor-user-id",
      action == Cloudinary::Action::"read",
      resource is Cloudinary::User
    );
  EOT
}
