# Import as <group_id>/<user_id>.
terraform import 'cloudinary_user_group_membership.editors["jane"]' 0aaaaa1bbbbb2ccccc3ddddd4eeeee5f/1bbbbb2ccccc3ddddd4eeeee5fffff6a

# Or by the group's name and the user's email (either may replace its id).
terraform import 'cloudinary_user_group_membership.editors["jane"]' 'Editors/jane@example.com'

# The same with an import block (Terraform 1.5 and later):
#
#   import {
#     to = cloudinary_user_group_membership.editors["jane"]
#     id = "0aaaaa1bbbbb2ccccc3ddddd4eeeee5f/1bbbbb2ccccc3ddddd4eeeee5fffff6a"
#   }
#
# Or by identity (Terraform 1.12 and later):
#
#   import {
#     to = cloudinary_user_group_membership.editors["jane"]
#     identity = {
#       group_id = "0aaaaa1bbbbb2ccccc3ddddd4eeeee5f"
#       user_id  = "1bbbbb2ccccc3ddddd4eeeee5fffff6a"
#     }
#   }
