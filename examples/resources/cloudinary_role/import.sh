# Import a custom role by its role id. System roles (ids starting with
# "cld::") cannot be imported: read them with the cloudinary_role data source.
terraform import cloudinary_role.user_admin user_administrator_1a2b3c4d5e

# Or by its name (custom role names are unique in the account; an id is
# tried first).
terraform import cloudinary_role.user_admin "User administrator"

# The same with import blocks (Terraform 1.5 and later), by id or by name:
#
#   import {
#     to = cloudinary_role.user_admin
#     id = "User administrator"
#   }
#
# Or by identity, which takes the role id (Terraform 1.12 and later):
#
#   import {
#     to       = cloudinary_role.user_admin
#     identity = { role_id = "user_administrator_1a2b3c4d5e" }
#   }
