# Non-authoritative: adds these users to the group and leaves every other
# member alone. Do not combine with cloudinary_user_group_members on the
# same group.
resource "cloudinary_user_group" "editors" {
  name = "Editors"
}

resource "cloudinary_user" "jane" {
  name  = "Jane Doe"
  email = "jane@example.com"
  role  = "technical_admin"
}

resource "cloudinary_user" "contractor" {
  name  = "Contractor"
  email = "contractor@example.com"
  role  = "media_library_user"
}

resource "cloudinary_user_group_membership" "editors" {
  for_each = {
    jane       = cloudinary_user.jane.id
    contractor = cloudinary_user.contractor.id
  }

  group_id = cloudinary_user_group.editors.id
  user_id  = each.value
}
