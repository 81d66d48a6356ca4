# Import a custom role by its role id. System roles (ids starting with
# "cld::") cannot be imported: read them with the cloudinary_role data source.
terraform import cloudinary_role.user_admin user_administrator_1a2b3c4d5e
