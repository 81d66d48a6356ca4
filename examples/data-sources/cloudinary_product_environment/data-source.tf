# Exactly one of id, cloud_name and name.
data "cloudinary_product_environment" "by_cloud_name" {
  cloud_name = "acme-web"
}

data "cloudinary_product_environment" "by_id" {
  id = "0aaaaa1bbbbb2ccccc3ddddd4eeeee5f"
}

# Fails when no environment, or more than one, has this name.
data "cloudinary_product_environment" "by_name" {
  name = "Website"
}

output "web_enabled" {
  value = data.cloudinary_product_environment.by_cloud_name.enabled
}
