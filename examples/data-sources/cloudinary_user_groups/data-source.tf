# Every group with its members, in one API request.
data "cloudinary_user_groups" "all" {}

output "members_by_group" {
  value = { for g in data.cloudinary_user_groups.all.user_groups : g.name => g.users[*].email }
}
