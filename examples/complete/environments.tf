# Three product environments (the API calls them sub-accounts). Deleting one
# deletes all of its media, so prod carries deletion_protection: a plan that
# would destroy or replace it fails until the protection is applied as false.
locals {
  environments = {
    prod    = { name = "Production", protected = var.prod_deletion_protection }
    staging = { name = "Staging", protected = false }
    dev     = { name = "Development", protected = false }
  }
}

resource "cloudinary_product_environment" "this" {
  for_each = local.environments

  name       = "${var.name_prefix} ${each.value.name}"
  cloud_name = "${var.name_prefix}-${each.key}"
  enabled    = true

  # Never returned by the API: kept in state as configured.
  custom_attributes = jsonencode({
    tier       = each.key
    managed_by = "terraform"
  })

  deletion_protection = each.value.protected
}
