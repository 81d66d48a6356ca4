# Users who have not accepted their invitation yet.
data "cloudinary_users" "pending" {
  pending = true
}

# Users who can reach one product environment, by name prefix.
data "cloudinary_users" "staging_editors" {
  product_environment_id = "0aaaaa1bbbbb2ccccc3ddddd4eeeee5f"
  prefix                 = "ed"
}

# Specific users; the other filters still apply.
data "cloudinary_users" "leads" {
  emails = ["jane@example.com", "ops@example.com"]
}

output "pending_emails" {
  value = data.cloudinary_users.pending.users[*].email
}
