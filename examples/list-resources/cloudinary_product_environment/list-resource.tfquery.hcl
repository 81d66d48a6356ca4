# Every enabled product environment, with its full state, ready for
# terraform query -generate-config-out.
list "cloudinary_product_environment" "enabled" {
  provider         = cloudinary
  include_resource = true

  config {
    enabled = true
  }
}
