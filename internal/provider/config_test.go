package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

type fakeEnv map[string]string

func (f fakeEnv) Getenv(k string) string { return f[k] }

const secret = "s3cr3t-value"

func TestResolveConfig_precedence(t *testing.T) {
	full := providerModel{
		AccountID: types.StringValue("attr-acc"), APIKey: types.StringValue("attr-key"), APISecret: types.StringValue("attr-secret"),
		AccountURL: types.StringValue("account://url-key:url-secret@url-acc"),
	}
	env := fakeEnv{
		client.EnvAccountID: "env-acc", client.EnvAPIKey: "env-key", client.EnvAPISecret: "env-secret",
		client.EnvAccountURL: "account://envurl-key:envurl-secret@envurl-acc",
	}
	cases := map[string]struct {
		model                providerModel
		env                  fakeEnv
		wantAcc, wantKey, ws string
	}{
		"attributes win":                  {full, env, "attr-acc", "attr-key", "attr-secret"},
		"account_url attribute next":      {providerModel{AccountURL: full.AccountURL}, env, "url-acc", "url-key", "url-secret"},
		"individual env vars next":        {providerModel{}, env, "env-acc", "env-key", "env-secret"},
		"CLOUDINARY_ACCOUNT_URL last":     {providerModel{}, fakeEnv{client.EnvAccountURL: env[client.EnvAccountURL]}, "envurl-acc", "envurl-key", "envurl-secret"},
		"mix: attribute over env per key": {providerModel{APIKey: types.StringValue("attr-key")}, env, "env-acc", "attr-key", "env-secret"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			cfg, diags := resolveConfig(tc.model, tc.env)
			if diags.HasError() {
				t.Fatalf("unexpected diagnostics: %v", diags)
			}
			if cfg.AccountID != tc.wantAcc || cfg.APIKey != tc.wantKey || cfg.APISecret != tc.ws {
				t.Fatalf("got %q/%q/%q, want %q/%q/%q", cfg.AccountID, cfg.APIKey, cfg.APISecret, tc.wantAcc, tc.wantKey, tc.ws)
			}
		})
	}
}

func TestResolveConfig_missingNamesEachAttribute(t *testing.T) {
	_, diags := resolveConfig(providerModel{}, fakeEnv{})
	if diags.ErrorsCount() != 3 {
		t.Fatalf("want 3 errors (account id, key, secret), got %v", diags)
	}
	all := ""
	for _, d := range diags {
		all += d.Summary() + " " + d.Detail() + "\n"
	}
	for _, want := range []string{"account_id", "api_key", "api_secret", client.EnvAccountID, client.EnvAPIKey, client.EnvAPISecret, client.EnvAccountURL} {
		if !strings.Contains(all, want) {
			t.Errorf("diagnostics do not mention %s:\n%s", want, all)
		}
	}
}

func TestResolveConfig_malformedAccountURLNeverEchoesSecret(t *testing.T) {
	for _, raw := range []string{
		"https://key:" + secret + "@acc",
		"account://key@acc",
		"account://:" + secret + "@acc",
		"account://key:" + secret + "@",
		"account://key:" + secret + "@acc/extra",
	} {
		_, diags := resolveConfig(providerModel{AccountURL: types.StringValue(raw)}, fakeEnv{})
		if !diags.HasError() {
			t.Fatalf("%q: expected an error", raw)
		}
		for _, d := range diags {
			if strings.Contains(d.Detail()+d.Summary(), secret) {
				t.Fatalf("%q: diagnostic leaks the secret: %s", raw, d.Detail())
			}
		}
	}
}

func TestResolveConfig_endpointWithCredentialsIsRefusedUnechoed(t *testing.T) {
	base := providerModel{AccountID: types.StringValue("a"), APIKey: types.StringValue("k"), APISecret: types.StringValue("s")}
	for _, raw := range []string{
		"http://KEY:" + secret + "@example.com",
		"https://KEY:" + secret + "@api.cloudinary.com",
		"http://KEY:" + secret + "@127.0.0.1:8787",
		"KEY:" + secret + "@example.com",
		"https://api.cloudinary.com/?api_secret=" + secret,
	} {
		for name, src := range map[string]struct {
			m   providerModel
			env fakeEnv
		}{
			"attribute":        {func() providerModel { m := base; m.Endpoint = types.StringValue(raw); return m }(), fakeEnv{}},
			client.EnvEndpoint: {base, fakeEnv{client.EnvEndpoint: raw}},
		} {
			_, diags := resolveConfig(src.m, src.env)
			if !diags.HasError() {
				t.Errorf("%s %q: expected an error", name, raw)
				continue
			}
			for _, d := range diags {
				if strings.Contains(d.Summary()+d.Detail(), secret) {
					t.Errorf("%s %q: diagnostic leaks the secret: %s", name, raw, d.Detail())
				}
				if !strings.Contains(d.Summary()+d.Detail(), "endpoint") {
					t.Errorf("%s %q: diagnostic should name the endpoint: %s", name, raw, d.Detail())
				}
			}
		}
	}
	m := base
	m.Endpoint = types.StringValue("https://KEY:" + secret + "@api.cloudinary.com")
	_, diags := resolveConfig(m, fakeEnv{})
	if diags.ErrorsCount() != 1 || !strings.Contains(diags[0].Detail(), "must not contain credentials") ||
		!strings.Contains(diags[0].Detail(), "api_secret") {
		t.Errorf("credentials in the endpoint: %v", diags)
	}
}

func TestResolveConfig_durationsAndRetries(t *testing.T) {
	base := providerModel{AccountID: types.StringValue("a"), APIKey: types.StringValue("k"), APISecret: types.StringValue("s")}
	m := base
	m.RequestTimeout = types.StringValue("45s")
	m.MaxRateLimitWait = types.StringValue("2m")
	m.MaxRetries = types.Int64Value(0)
	m.MaxParallelRequests = types.Int64Value(7)
	cfg, diags := resolveConfig(m, fakeEnv{})
	if diags.HasError() {
		t.Fatal(diags)
	}
	if cfg.HTTPTimeout.String() != "45s" || cfg.MaxRateLimitWait.String() != "2m0s" || cfg.MaxRetries != 0 || cfg.MaxParallelRequests != 7 {
		t.Fatalf("got %+v", cfg)
	}
	cfg, _ = resolveConfig(base, fakeEnv{client.EnvEndpoint: "http://127.0.0.1:9"})
	if cfg.MaxRetries != -1 || cfg.BaseURL != "http://127.0.0.1:9" || cfg.MaxParallelRequests != 0 {
		t.Fatalf("defaults/env endpoint not applied: %+v", cfg)
	}
	m = base
	m.RequestTimeout = types.StringValue("soon")
	if _, diags := resolveConfig(m, fakeEnv{}); !diags.HasError() {
		t.Fatal("bad duration accepted")
	}
}
