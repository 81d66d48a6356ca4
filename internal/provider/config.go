package provider

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// Environment variables the provider reads. The credential names are the ones
// Cloudinary's own SDKs use, so existing pipelines work unchanged.
const (
	envAccountURL = "CLOUDINARY_ACCOUNT_URL"
	envAccountID  = "CLOUDINARY_ACCOUNT_ID"
	envAPIKey     = "CLOUDINARY_PROVISIONING_API_KEY"
	envAPISecret  = "CLOUDINARY_PROVISIONING_API_SECRET"
	envEndpoint   = "CLOUDINARY_ENDPOINT"
)

// getenv abstracts the process environment so resolveConfig is testable.
type getenv interface{ Getenv(string) string }

type environ struct{}

func (environ) Getenv(k string) string { return os.Getenv(k) }

// AccountURL is a parsed `account://KEY:SECRET@ACCOUNT_ID`.
type AccountURL struct{ AccountID, APIKey, APISecret string }

// ParseAccountURL never includes the value in its error: it holds a secret.
func ParseAccountURL(raw string) (AccountURL, error) {
	const shape = "expected account://API_KEY:API_SECRET@ACCOUNT_ID"
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme != "account" || u.User == nil {
		return AccountURL{}, fmt.Errorf("malformed account URL: %s", shape)
	}
	secret, hasSecret := u.User.Password()
	out := AccountURL{AccountID: u.Host, APIKey: u.User.Username(), APISecret: secret}
	if !hasSecret || out.APIKey == "" || out.APISecret == "" || out.AccountID == "" || (u.Path != "" && u.Path != "/") {
		return AccountURL{}, fmt.Errorf("malformed account URL: %s", shape)
	}
	return out, nil
}

// resolveConfig turns the provider block plus the environment into a client
// configuration. Precedence, highest first: an individual attribute, the
// account_url attribute, an individual environment variable,
// CLOUDINARY_ACCOUNT_URL. Diagnostics name the attribute and never echo a
// secret value.
func resolveConfig(m providerModel, env getenv) (client.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	var cfg client.Config

	var fromAttr, fromEnv AccountURL
	if v := m.AccountURL.ValueString(); v != "" {
		u, err := ParseAccountURL(v)
		if err != nil {
			diags.AddAttributeError(path.Root("account_url"), "Invalid account_url", err.Error()+".")
		}
		fromAttr = u
	}
	if v := env.Getenv(envAccountURL); v != "" {
		u, err := ParseAccountURL(v)
		if err != nil {
			diags.AddError("Invalid "+envAccountURL, err.Error()+" in the environment variable "+envAccountURL+".")
		}
		fromEnv = u
	}

	first := func(vals ...string) string {
		for _, v := range vals {
			if v != "" {
				return v
			}
		}
		return ""
	}
	cfg.AccountID = first(m.AccountID.ValueString(), fromAttr.AccountID, env.Getenv(envAccountID), fromEnv.AccountID)
	cfg.APIKey = first(m.APIKey.ValueString(), fromAttr.APIKey, env.Getenv(envAPIKey), fromEnv.APIKey)
	cfg.APISecret = first(m.APISecret.ValueString(), fromAttr.APISecret, env.Getenv(envAPISecret), fromEnv.APISecret)

	missing := func(attr, envName, what string) {
		diags.AddAttributeError(path.Root(attr), "Missing Cloudinary "+what,
			fmt.Sprintf("Set %q in the provider block, or %s, or the environment variable %s or %s.",
				attr, "account_url", envName, envAccountURL))
	}
	if cfg.AccountID == "" {
		missing("account_id", envAccountID, "account id")
	}
	if cfg.APIKey == "" {
		missing("api_key", envAPIKey, "Account API key")
	}
	if cfg.APISecret == "" {
		missing("api_secret", envAPISecret, "Account API secret")
	}

	cfg.Region = m.Region.ValueString()
	cfg.BaseURL = first(m.Endpoint.ValueString(), env.Getenv(envEndpoint))
	if cfg.BaseURL != "" {
		if err := checkEndpoint(cfg.BaseURL); err != nil {
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
	return cfg, diags
}

func parseOptionalDuration(v, attr string, diags *diag.Diagnostics) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		diags.AddAttributeError(path.Root(attr), "Invalid duration",
			fmt.Sprintf("%s must be a positive Go duration such as \"30s\" or \"5m\", got %q.", attr, v))
		return 0, false
	}
	return d, true
}

// checkEndpoint applies client.CheckEndpoint, the rule the exporter shares:
// no credentials in the URL, and plain http only to this machine (the
// emulator, a local proxy), so Basic auth never crosses the network in clear
// text. Its errors never echo userinfo.
func checkEndpoint(raw string) error { return client.CheckEndpoint(raw) }
