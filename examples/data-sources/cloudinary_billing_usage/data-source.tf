# Usage of the current subscription period.
data "cloudinary_billing_usage" "current" {}

# One year, with each cycle's usage per product environment.
data "cloudinary_billing_usage" "last_year" {
  year                                  = 2025
  include_product_environment_breakdown = true
}

output "credits_per_cycle" {
  value = flatten([
    for plan in data.cloudinary_billing_usage.current.plans : [
      for m in plan.metrics : [
        for c in m.cycles : { plan = plan.plan_name, from = c.from_day, to = c.to_day, usage = c.usage, limit = m.limit }
      ] if m.metric == "credit"
    ]
  ])
}
