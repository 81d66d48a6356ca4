# Import as <product_environment_id>/<api_key>. The secret is read from the
# environment's key list; dedicated_for is not read back (the document does not
# return it): set it in the configuration.
terraform import cloudinary_access_key.ci 0aaaaa1bbbbb2ccccc3ddddd4eeeee5f/814814814814814

# The same with an import block (Terraform 1.5 and later):
#
#   import {
#     to = cloudinary_access_key.ci
#     id = "0aaaaa1bbbbb2ccccc3ddddd4eeeee5f/814814814814814"
#   }
#
# Or by identity (Terraform 1.12 and later):
#
#   import {
#     to = cloudinary_access_key.ci
#     identity = {
#       product_environment_id = "0aaaaa1bbbbb2ccccc3ddddd4eeeee5f"
#       api_key                = "814814814814814"
#     }
#   }
