# One result per group and member, in every group.
list "cloudinary_user_group_membership" "all" {
  provider = cloudinary
}
