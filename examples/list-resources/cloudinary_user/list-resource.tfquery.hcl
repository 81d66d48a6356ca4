# Users who can reach one product environment, and the enabled admins
# whose email starts with "ops-".
list "cloudinary_user" "in_production" {
  provider = cloudinary

  config {
    product_environment_id = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4"
  }
}

list "cloudinary_user" "admins" {
  provider         = cloudinary
  include_resource = true

  config {
    role         = "admin"
    email_prefix = "ops-"
    enabled      = true
  }
}
