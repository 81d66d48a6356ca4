# Authoritative: the group has exactly these members. Anyone added to the
# group outside this resource is removed on the next apply. Do not combine
# with cloudinary_user_group_membership on the same group.
resource "cloudinary_user" "jane" {
  name  = "Jane Doe"
  email = "jane@example.com"
  role  = "technical_admin"
}

resource "cloudinary_user" "ops" {
  name  = "Ops Lead"
  email = "ops@example.com"
  role  = "master_admin"
}

resource "cloudinary_user_group" "admins" {
  name = "Admins"
}

resource "cloudinary_user_group_members" "admins" {
  group_id = cloudinary_user_group.admins.id
  user_ids = [
    cloudinary_user.jane.id,
    cloudinary_user.ops.id,
  ]
}
