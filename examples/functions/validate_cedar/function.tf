# Requires Terraform 1.8 or later, or OpenTofu 1.7 or later.
variable "policy_statement" {
  type = string

  validation {
    # Fails with the Cedar parse error and its line and column.
    condition     = provider::cloudinary::validate_cedar(var.policy_statement)
    error_message = "policy_statement must be valid Cedar."
  }
}

output "is_valid" {
  value = provider::cloudinary::validate_cedar("permit(principal, action, resource is Cloudinary::Folder);")
}
