resource "cloudinary_user_group" "editors" {
  name = "Editors"
}
