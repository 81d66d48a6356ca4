# Import as <product_environment_id>/<api_key>. The secret is read from the
# environment's key list; dedicated_for is never returned: set it in the
# configuration.
terraform import cloudinary_access_key.ci 0aaaaa1bbbbb2ccccc3ddddd4eeeee5f/814814814814814
