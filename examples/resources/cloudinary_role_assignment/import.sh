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
