# Each group with its whole member list, for the authoritative
# cloudinary_user_group_members (use it or the memberships, not both).
list "cloudinary_user_group_members" "all" {
  provider         = cloudinary
  include_resource = true
}
