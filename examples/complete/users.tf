# Twelve users from var.users. Creating a user sends an invitation; `pending`
# turns false when they accept it, without Terraform planning a change.
resource "cloudinary_user" "this" {
  for_each = var.users

  name  = each.value.name
  email = "${each.key}@${var.email_domain}"
  role  = each.value.role

  # null (unset) gives access to every environment, including later ones.
  product_environment_ids = each.value.environments == null ? null : [
    for env in each.value.environments : cloudinary_product_environment.this[env].id
  ]
}
