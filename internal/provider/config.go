package provider

import (
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// getenv abstracts the process environment so resolveConfig is testable.
type getenv interface{ Getenv(string) string }

type environ struct{}

func (environ) Getenv(k string) string { return os.Getenv(k) }

// resolveConfig turns the provider block plus the environment into a client
// configuration. Precedence, highest first: an individual attribute, the
// account_url attribute, then the environment's layers (client.EnvCredentials:
// an individual variable, CLOUDINARY_ACCOUNT_URL). Diagnostics name the attribute and never echo a
// secret value.
func resolveConfig(m providerModel, env getenv) (client.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	var cfg client.Config

	var fromAttrURL client.Credentials
	if v := m.AccountURL.ValueString(); v != "" {
		u, err := client.ParseAccountURL(v)
		if err != nil {
			diags.AddAttributeError(path.Root("account_url"), "Invalid account_url", err.Error()+".")
		}
		fromAttrURL = u
	}
	fromEnv, err := client.EnvCredentials(env.Getenv)
	if err != nil {
		diags.AddError("Invalid "+client.EnvAccountURL, err.Error()+".")
	}
	fromAttrs := client.Credentials{AccountID: m.AccountID.ValueString(), APIKey: m.APIKey.ValueString(), APISecret: m.APISecret.ValueString()}
	creds := client.MergeCredentials(append([]client.Credentials{fromAttrs, fromAttrURL}, fromEnv...)...)
	cfg.AccountID, cfg.APIKey, cfg.APISecret = creds.AccountID, creds.APIKey, creds.APISecret

	missing := func(attr, envName, what string) {
		diags.AddAttributeError(path.Root(attr), "Missing Cloudinary "+what,
			fmt.Sprintf("Set %q in the provider block, or %s, or the environment variable %s or %s.",
				attr, "account_url", envName, client.EnvAccountURL))
	}
	if cfg.AccountID == "" {
		missing("account_id", client.EnvAccountID, "account id")
	}
	if cfg.APIKey == "" {
		missing("api_key", client.EnvAPIKey, "Account API key")
	}
	if cfg.APISecret == "" {
		missing("api_secret", client.EnvAPISecret, "Account API secret")
	}

	cfg.Region = m.Region.ValueString()
	cfg.BaseURL = m.Endpoint.ValueString()
	if cfg.BaseURL == "" {
		cfg.BaseURL = env.Getenv(client.EnvEndpoint)
	}
	if cfg.BaseURL != "" {
		if err := client.CheckEndpoint(cfg.BaseURL); err != nil {
			diags.AddAttributeError(path.Root("endpoint"), "Invalid endpoint", err.Error())
		}
	}

	cfg.MaxRetries = -1 // client default
	if !m.MaxRetries.IsNull() {
		cfg.MaxRetries = int(m.MaxRetries.ValueInt64())
	}
	if d, ok := parseOptionalDuration(m.RequestTimeout.ValueString(), "request_timeout", &diags); ok {
		cfg.HTTPTimeout = d
	}
	if d, ok := parseOptionalDuration(m.MaxRateLimitWait.ValueString(), "max_rate_limit_wait", &diags); ok {
		cfg.MaxRateLimitWait = d
	}
	if !m.MaxParallelRequests.IsNull() {
		cfg.MaxParallelRequests = int(m.MaxParallelRequests.ValueInt64())
	}
	return cfg, diags
}

func parseOptionalDuration(v, attr string, diags *diag.Diagnostics) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	d, ok := parsePositiveDuration(v)
	if !ok {
		diags.AddAttributeError(path.Root(attr), "Invalid duration", fmt.Sprintf("%s %s, got %q.", attr, durationRule, v))
	}
	return d, ok
}
