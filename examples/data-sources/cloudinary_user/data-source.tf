# Exactly one of id and email.
data "cloudinary_user" "jane" {
  email = "jane@example.com"
}

data "cloudinary_user" "by_id" {
  id = "0aaaaa1bbbbb2ccccc3ddddd4eeeee5f"
}

output "jane" {
  value = {
    last_login   = data.cloudinary_user.jane.last_login
    pending      = data.cloudinary_user.jane.pending
    groups       = data.cloudinary_user.jane.groups[*].name
    environments = data.cloudinary_user.jane.product_environment_ids
  }
}
