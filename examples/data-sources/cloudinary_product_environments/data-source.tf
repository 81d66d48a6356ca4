# Every environment.
data "cloudinary_product_environments" "all" {}

# Filters combine: disabled environments whose name starts with "website".
data "cloudinary_product_environments" "disabled_websites" {
  prefix  = "website"
  enabled = false
}

data "cloudinary_product_environments" "selected" {
  cloud_names = ["acme-web", "acme-web-staging"]
}

output "all_cloud_names" {
  value = data.cloudinary_product_environments.all.product_environments[*].cloud_name
}
