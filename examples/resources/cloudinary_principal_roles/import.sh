# The import id is <principal_type>/<principal_id>.
terraform import cloudinary_principal_roles.designers 'group/<group_id>'
