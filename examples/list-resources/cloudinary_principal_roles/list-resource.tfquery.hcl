# Every group with all the roles it holds, for the authoritative
# cloudinary_principal_roles (use it or the assignments, not both).
list "cloudinary_principal_roles" "groups" {
  provider         = cloudinary
  include_resource = true

  config {
    principal_type = "group"
  }
}
