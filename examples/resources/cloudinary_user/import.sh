# Import by user id.
terraform import cloudinary_user.jane 0aaaaa1bbbbb2ccccc3ddddd4eeeee5f

# Or by email: an import id containing "@" is looked up as an email.
terraform import cloudinary_user.jane jane@example.com

# The same with import blocks (Terraform 1.5 and later), by id or by email:
#
#   import {
#     to = cloudinary_user.jane
#     id = "jane@example.com"
#   }
#
# Or by identity, which takes the user id (Terraform 1.12 and later):
#
#   import {
#     to       = cloudinary_user.jane
#     identity = { id = "0aaaaa1bbbbb2ccccc3ddddd4eeeee5f" }
#   }
