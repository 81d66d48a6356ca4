# The access keys of one product environment. No result carries a key's
# api_secret.
list "cloudinary_access_key" "production" {
  provider = cloudinary

  config {
    product_environment_id = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4"
  }
}
