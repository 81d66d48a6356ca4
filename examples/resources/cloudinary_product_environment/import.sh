# Import by product environment id.
terraform import cloudinary_product_environment.staging 0aaaaa1bbbbb2ccccc3ddddd4eeeee5f

# Or by cloud_name (used when no environment has that id).
terraform import cloudinary_product_environment.staging acme-web-staging

# The import reads custom_attributes when Cloudinary returns them. The API never
# returns base_product_environment_id, and an import sets
# deletion_protection = true: set those in the configuration.

# The same with import blocks (Terraform 1.5 and later), by id or cloud_name:
#
#   import {
#     to = cloudinary_product_environment.staging
#     id = "acme-web-staging"
#   }
#
# Or by identity, which takes the environment id (Terraform 1.12 and later):
#
#   import {
#     to       = cloudinary_product_environment.staging
#     identity = { id = "0aaaaa1bbbbb2ccccc3ddddd4eeeee5f" }
#   }
