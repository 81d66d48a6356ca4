data "cloudinary_access_keys" "web" {
  product_environment_id = "0aaaaa1bbbbb2ccccc3ddddd4eeeee5f"
}

output "enabled_api_keys" {
  value = [for k in data.cloudinary_access_keys.web.access_keys : k.api_key if k.enabled]
}
