# Import by group id: the group's current members become user_ids.
terraform import cloudinary_user_group_members.admins 0aaaaa1bbbbb2ccccc3ddddd4eeeee5f

# Or by the group's name, when exactly one group has it (an id is tried
# first).
terraform import cloudinary_user_group_members.admins Admins

# The same with import blocks (Terraform 1.5 and later), by id or by name:
#
#   import {
#     to = cloudinary_user_group_members.admins
#     id = "Admins"
#   }
#
# Or by identity, which takes the group id (Terraform 1.12 and later):
#
#   import {
#     to       = cloudinary_user_group_members.admins
#     identity = { group_id = "0aaaaa1bbbbb2ccccc3ddddd4eeeee5f" }
#   }
