# Requires Terraform 1.10 or later, or OpenTofu 1.11 or later.
data "cloudinary_product_environment" "web" {
  cloud_name = "acme-web"
}

# A key generated for this run only: Terraform deletes it when the run ends,
# and its secret is never written to the plan or the state. Without a name it
# is called "terraform-ephemeral-" followed by random characters.
ephemeral "cloudinary_access_key" "deploy" {
  product_environment_id = data.cloudinary_product_environment.web.id
}

# For example, a deployment step that configures the environment with a
# script using a Cloudinary SDK, with credentials that stop working when the
# run is over.
resource "terraform_data" "upload_presets" {
  triggers_replace = var.release

  provisioner "local-exec" {
    command = "./configure-upload-presets.sh"
    environment = {
      CLOUDINARY_CLOUD_NAME = data.cloudinary_product_environment.web.cloud_name
      CLOUDINARY_API_KEY    = ephemeral.cloudinary_access_key.deploy.api_key
      CLOUDINARY_API_SECRET = ephemeral.cloudinary_access_key.deploy.api_secret
    }
  }
}

variable "release" {
  type = string
}
