# A product environment copying its settings from an existing one.
resource "cloudinary_product_environment" "staging" {
  name       = "Website (staging)"
  cloud_name = "acme-web-staging"

  # Used only on create; never returned by the API.
  base_product_environment_id = "0aaaaa1bbbbb2ccccc3ddddd4eeeee5f"

  # Free-form attributes as a JSON object; jsonencode keeps the text canonical.
  custom_attributes = jsonencode({
    team        = "web"
    cost_center = 4711
  })

  enabled = true

  # On by default: a destroy or replacement fails until this is set to false
  # and applied, because deleting an environment deletes all of its media.
  deletion_protection = true
}

# cloud_name omitted: Cloudinary derives one from the name.
resource "cloudinary_product_environment" "sandbox" {
  name = "Sandbox"
}
