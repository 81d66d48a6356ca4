# The account's custom content roles (system roles need
# management_type = "system").
list "cloudinary_role" "content" {
  provider = cloudinary

  config {
    permission_type = "content"
  }
}
