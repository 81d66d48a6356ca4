# The import id is <principal_type>/<principal_id>/<role_id>, followed by
# /<scope_id> when the assignment has a scope, and /<key>=<value> for its
# policy parameters (several joined with ","). A "%", "/", "," or "=" inside a
# value is written percent-encoded (%25, %2F, %2C, %3D).

# An account role.
terraform import cloudinary_role_assignment.billing 'group/<group_id>/cld::role::account::billing'

# A product environment role, in every environment.
terraform import cloudinary_role_assignment.ml_user_everywhere 'group/<group_id>/cld::role::prodenv::ml_user/all'

# A content role on one folder of one environment.
terraform import cloudinary_role_assignment.marketing_folder_editor 'user/<user_id>/cld::role::folder::editor/<environment_id>/folder_id=marketing-assets-folder-id'

# The same with an import block (Terraform 1.5 and later):
#
#   import {
#     to = cloudinary_role_assignment.billing
#     id = "group/<group_id>/cld::role::account::billing"
#   }
#
# Or by identity (Terraform 1.12 and later), which needs no escaping:
# scope_id and policy_parameters (a list of "<key>=<value>" strings) are
# left out when the assignment has none.
#
#   import {
#     to = cloudinary_role_assignment.marketing_folder_editor
#     identity = {
#       principal_type    = "user"
#       principal_id      = "<user_id>"
#       role_id           = "cld::role::folder::editor"
#       scope_id          = "<environment_id>"
#       policy_parameters = ["folder_id=marketing-assets-folder-id"]
#     }
#   }
