# Import by group id.
terraform import cloudinary_user_group.editors 0aaaaa1bbbbb2ccccc3ddddd4eeeee5f

# Or by name, when exactly one group has it (an id is tried first).
terraform import cloudinary_user_group.editors Editors

# The same with import blocks (Terraform 1.5 and later), by id or by name:
#
#   import {
#     to = cloudinary_user_group.editors
#     id = "Editors"
#   }
#
# Or by identity, which takes the group id (Terraform 1.12 and later):
#
#   import {
#     to       = cloudinary_user_group.editors
#     identity = { id = "0aaaaa1bbbbb2ccccc3ddddd4eeeee5f" }
#   }
