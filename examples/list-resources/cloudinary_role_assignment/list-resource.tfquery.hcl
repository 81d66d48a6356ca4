# Every role assignment of users, one result per role, scope and content
# instance.
list "cloudinary_role_assignment" "users" {
  provider = cloudinary

  config {
    principal_type = "user"
  }
}
