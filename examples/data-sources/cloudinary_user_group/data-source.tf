# Exactly one of id and name; a name must match exactly one group.
data "cloudinary_user_group" "editors" {
  name = "Editors"
}

output "editor_emails" {
  value = data.cloudinary_user_group.editors.users[*].email
}
