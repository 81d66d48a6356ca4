terraform {
  # import blocks and -generate-config-out need Terraform 1.5.
  required_version = ">= 1.5.0"

  required_providers {
    cloudinary = {
      source = "cloudinary-terraform/cloudinary"
    }
  }
}

# No attributes: the credentials come from the environment, so the same
# configuration runs against a real account and against the emulator.
#   export CLOUDINARY_ACCOUNT_URL='account://API_KEY:API_SECRET@ACCOUNT_ID'
# The emulator also sets CLOUDINARY_ENDPOINT to its local address.
provider "cloudinary" {}
