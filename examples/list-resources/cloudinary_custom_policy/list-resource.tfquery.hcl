# The custom policies that apply to every product environment.
list "cloudinary_custom_policy" "every_environment" {
  provider = cloudinary

  config {
    scope_type = "prodenv"
    scope_id   = "all"
  }
}
