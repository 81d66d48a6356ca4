package export

import (
	"strings"
	"testing"
)

func envMap(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestClientConfig(t *testing.T) {
	const secret = "TOPSECRETvalue"
	cfg, err := ClientConfig(Overrides{}, envMap(map[string]string{
		EnvAccountURL: "account://urlkey:" + secret + "@urlacct",
	}))
	if err != nil || cfg.AccountID != "urlacct" || cfg.APIKey != "urlkey" || cfg.APISecret != secret || cfg.BaseURL != "" {
		t.Errorf("from the URL: %+v, %v", cfg, err)
	}

	// Individual variables win over the URL, flags over both.
	cfg, err = ClientConfig(Overrides{AccountID: "flagacct", Endpoint: "http://127.0.0.1:8787", Region: "api-eu"}, envMap(map[string]string{
		EnvAccountURL: "account://urlkey:urlsecret@urlacct",
		EnvAccountID:  "envacct",
		EnvAPIKey:     "envkey",
		EnvAPISecret:  secret,
		EnvEndpoint:   "https://proxy.example.com",
	}))
	if err != nil || cfg.AccountID != "flagacct" || cfg.APIKey != "envkey" || cfg.APISecret != secret ||
		cfg.BaseURL != "http://127.0.0.1:8787" || cfg.Region != "api-eu" {
		t.Errorf("precedence: %+v, %v", cfg, err)
	}
	cfg, err = ClientConfig(Overrides{}, envMap(map[string]string{EnvAccountID: "a", EnvAPIKey: "k", EnvAPISecret: secret, EnvEndpoint: "https://proxy.example.com"}))
	if err != nil || cfg.BaseURL != "https://proxy.example.com" {
		t.Errorf("endpoint from the environment: %+v, %v", cfg, err)
	}

	for name, tc := range map[string]struct {
		o    Overrides
		env  map[string]string
		want string
	}{
		"nothing":       {env: map[string]string{}, want: "missing the account id"},
		"no secret":     {env: map[string]string{EnvAccountID: "a", EnvAPIKey: "k"}, want: EnvAPISecret},
		"malformed URL": {env: map[string]string{EnvAccountURL: "account://key:" + secret}, want: "malformed account URL"},
		"clear text":    {o: Overrides{Endpoint: "http://api.example.com"}, env: map[string]string{EnvAccountID: "a", EnvAPIKey: "k", EnvAPISecret: secret}, want: "not loopback"},
		"bad endpoint":  {o: Overrides{Endpoint: "api.example.com"}, env: map[string]string{EnvAccountID: "a", EnvAPIKey: "k", EnvAPISecret: secret}, want: "absolute URL"},
		"bad region":    {o: Overrides{Region: "api-us"}, env: map[string]string{EnvAccountID: "a", EnvAPIKey: "k", EnvAPISecret: secret}, want: "-region"},
		"credentials in a clear-text endpoint": {o: Overrides{Endpoint: "http://k:" + secret + "@api.example.com"},
			env: map[string]string{EnvAccountID: "a", EnvAPIKey: "k", EnvAPISecret: "s"}, want: "must not contain credentials"},
		"credentials in an https endpoint": {env: map[string]string{EnvAccountID: "a", EnvAPIKey: "k", EnvAPISecret: "s",
			EnvEndpoint: "https://k:" + secret + "@proxy.example.com"}, want: "must not contain credentials"},
		"credentials in a loopback endpoint": {o: Overrides{Endpoint: "http://k:" + secret + "@127.0.0.1:8787"},
			env: map[string]string{EnvAccountID: "a", EnvAPIKey: "k", EnvAPISecret: "s"}, want: "must not contain credentials"},
		"no scheme": {o: Overrides{Endpoint: "k:" + secret + "@api.example.com"},
			env: map[string]string{EnvAccountID: "a", EnvAPIKey: "k", EnvAPISecret: "s"}, want: "must not contain credentials"},
	} {
		_, err := ClientConfig(tc.o, envMap(tc.env))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one mentioning %q", name, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), secret) {
			t.Errorf("%s: the error shows the secret: %v", name, err)
		}
	}
}
