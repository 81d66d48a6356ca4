# The environments the user is restricted to (see cloudinary_product_environment).
resource "cloudinary_product_environment" "staging" {
  name = "Website (staging)"
}

resource "cloudinary_product_environment" "sandbox" {
  name = "Sandbox"
}

# A user restricted to two product environments.
resource "cloudinary_user" "jane" {
  name  = "Jane Doe"
  email = "jane@example.com"
  role  = "technical_admin"

  product_environment_ids = [
    cloudinary_product_environment.staging.id,
    cloudinary_product_environment.sandbox.id,
  ]
}

# product_environment_ids omitted: access to every environment, including
# ones created later. A master_admin always has that; setting
# product_environment_ids together with role = "master_admin" is an error.
resource "cloudinary_user" "ops" {
  name  = "Ops Lead"
  email = "ops@example.com"
  role  = "master_admin"
}

# Invited but not allowed to log in for now.
resource "cloudinary_user" "contractor" {
  name    = "Contractor"
  email   = "contractor@example.com"
  role    = "media_library_user"
  enabled = false
}

output "jane_accepted_invitation" {
  value = !cloudinary_user.jane.pending
}
