# Import by group id.
terraform import cloudinary_user_group.editors 0aaaaa1bbbbb2ccccc3ddddd4eeeee5f

# Or by name, when exactly one group has it (an id is tried first).
terraform import cloudinary_user_group.editors Editors
