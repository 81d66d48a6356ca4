# Access keys (API key and secret) per environment: one for each deployment
# pipeline, and in prod a second one reserved for webhook notifications.
# The secrets are stored in the Terraform state: use an encrypted backend.
resource "cloudinary_access_key" "deploy" {
  for_each = cloudinary_product_environment.this

  product_environment_id = each.value.id
  name                   = "${var.name_prefix}-${each.key}-deploy"
}

resource "cloudinary_access_key" "webhooks" {
  product_environment_id = cloudinary_product_environment.this["prod"].id
  name                   = "${var.name_prefix}-prod-webhooks"

  # Never returned by the API: kept in state as configured.
  dedicated_for = "webhooks"
}
