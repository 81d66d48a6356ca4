# Import a custom policy by its id...
terraform import cloudinary_custom_policy.clothing_readers 12jf789l12hwiuencl7aaqey

# ...or by its name, when exactly one policy (in any scope) has it. When
# several have it, the error lists them with their ids and scopes.
terraform import cloudinary_custom_policy.auditors "Auditors read users"

# The same with import blocks (Terraform 1.5 and later), by id or by name:
#
#   import {
#     to = cloudinary_custom_policy.clothing_readers
#     id = "12jf789l12hwiuencl7aaqey"
#   }
#
#   import {
#     to = cloudinary_custom_policy.auditors
#     id = "Auditors read users"
#   }
#
# Or by identity, which takes the policy id (Terraform 1.12 and later):
#
#   import {
#     to       = cloudinary_custom_policy.clothing_readers
#     identity = { id = "12jf789l12hwiuencl7aaqey" }
#   }
