# Import by user id.
terraform import cloudinary_user.jane 0aaaaa1bbbbb2ccccc3ddddd4eeeee5f

# Or by email: an import id containing "@" is looked up as an email.
terraform import cloudinary_user.jane jane@example.com
