package provider

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// notBlank rejects empty and whitespace-only strings: the one rule for
// names and keys that must say something.
func notBlank() validator.String {
	return stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must not be empty or only spaces")
}

// durationRule is what a duration setting must be, checked at plan time by
// durationValidator and again by Configure (parseOptionalDuration) for a
// value known only then.
const durationRule = `must be a positive Go duration such as "30s" or "5m"`

// parsePositiveDuration parses a duration setting by durationRule.
func parsePositiveDuration(v string) (time.Duration, bool) {
	d, err := time.ParseDuration(v)
	return d, err == nil && d > 0
}

// durationValidator accepts a positive Go duration string ("30s", "5m").
type durationValidator struct{}

func (durationValidator) Description(context.Context) string { return "value " + durationRule }

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, ok := parsePositiveDuration(req.ConfigValue.ValueString()); !ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%s: %s, got %q.", req.Path, v.Description(ctx), req.ConfigValue.ValueString()))
	}
}

// endpointValidator checks the endpoint's shape at plan time (see client.CheckEndpoint).
type endpointValidator struct{}

func (endpointValidator) Description(context.Context) string {
	return "value must be an absolute https:// URL (http:// only for loopback hosts)"
}

func (v endpointValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (endpointValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := client.CheckEndpoint(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid endpoint", err.Error()+".")
	}
}
