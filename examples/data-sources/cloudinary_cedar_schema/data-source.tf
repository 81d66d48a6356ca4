data "cloudinary_cedar_schema" "this" {}

locals {
  cedar_schema = jsondecode(data.cloudinary_cedar_schema.this.schema)
}

# The entity types and actions a policy_statement can use.
output "cloudinary_entity_types" {
  value = keys(local.cedar_schema["Cloudinary"]["entityTypes"])
}

output "cloudinary_actions" {
  value = keys(local.cedar_schema["Cloudinary"]["actions"])
}
