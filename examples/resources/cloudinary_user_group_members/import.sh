# Import by group id: the group's current members become user_ids.
terraform import cloudinary_user_group_members.admins 0aaaaa1bbbbb2ccccc3ddddd4eeeee5f
