resource "cloudinary_product_environment" "web" {
  name       = "Website"
  cloud_name = "acme-web"
}

# A key for the webhook notifications of the environment.
resource "cloudinary_access_key" "webhooks" {
  product_environment_id = cloudinary_product_environment.web.id
  name                   = "webhooks"
  dedicated_for          = "webhooks"
}

# A key for the build pipeline, disabled until it is needed.
resource "cloudinary_access_key" "ci" {
  product_environment_id = cloudinary_product_environment.web.id
  name                   = "ci"
  enabled                = false
}

output "ci_api_key" {
  value = cloudinary_access_key.ci.api_key
}

output "ci_api_secret" {
  value     = cloudinary_access_key.ci.api_secret
  sensitive = true
}
