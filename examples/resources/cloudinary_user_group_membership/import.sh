# Import as <group_id>/<user_id>.
terraform import 'cloudinary_user_group_membership.editors["jane"]' 0aaaaa1bbbbb2ccccc3ddddd4eeeee5f/1bbbbb2ccccc3ddddd4eeeee5fffff6a
