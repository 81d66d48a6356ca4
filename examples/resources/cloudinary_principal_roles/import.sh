# The import id is <principal_type>/<principal_id>.
terraform import cloudinary_principal_roles.designers 'group/<group_id>'

# The same with an import block (Terraform 1.5 and later):
#
#   import {
#     to = cloudinary_principal_roles.designers
#     id = "group/<group_id>"
#   }
#
# Or by identity (Terraform 1.12 and later):
#
#   import {
#     to = cloudinary_principal_roles.designers
#     identity = {
#       principal_type = "group"
#       principal_id   = "<group_id>"
#     }
#   }
