terraform {
  required_providers {
    cloudinary = {
      source = "cloudinary-terraform/cloudinary"
    }
  }
}

# With no attributes, the provider reads its credentials from the environment:
#   export CLOUDINARY_ACCOUNT_URL=account://API_KEY:API_SECRET@ACCOUNT_ID
# The attributes below take precedence over the environment.
provider "cloudinary" {
  account_id = var.cloudinary_account_id
  api_key    = var.cloudinary_api_key
  api_secret = var.cloudinary_api_secret

  # "api" (US, the default), "api-eu" or "api-ap".
  region = "api"

  # Retries and rate limits; these are the defaults.
  max_retries         = 5
  request_timeout     = "60s"
  max_rate_limit_wait = "5m"

  # How a refresh reads; these are the defaults. prefetch starts every
  # list load at the first read; at most max_parallel_requests requests are
  # in flight; the prefetch leaves rate_limit_reserve requests of the hour.
  prefetch              = true
  max_parallel_requests = 32
  rate_limit_reserve    = 100
}

variable "cloudinary_account_id" {
  type = string
}

variable "cloudinary_api_key" {
  type = string
}

variable "cloudinary_api_secret" {
  type      = string
  sensitive = true
}
