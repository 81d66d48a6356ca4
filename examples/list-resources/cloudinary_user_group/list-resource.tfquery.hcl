# Every user group whose name starts with "team-".
list "cloudinary_user_group" "teams" {
  provider = cloudinary

  config {
    name_prefix = "team-"
  }
}
