package client

import (
	"strings"
	"testing"
)

func TestParseAccountURL(t *testing.T) {
	const secret = "Sekr/et-123"
	got, err := ParseAccountURL(" account://key-1:Sekr%2Fet-123@acc-1 ")
	if err != nil || got != (Credentials{AccountID: "acc-1", APIKey: "key-1", APISecret: secret}) {
		t.Fatalf("ParseAccountURL = %+v, %v", got, err)
	}
	for _, raw := range []string{
		"", "acc-1", "https://key:" + secret + "@acc-1", "account://key@acc-1", "account://:" + secret + "@acc-1",
		"account://key:@acc-1", "account://key:" + secret + "@", "account://key:" + secret + "@acc-1/path",
	} {
		_, err := ParseAccountURL(raw)
		if err == nil || !strings.Contains(err.Error(), "account://API_KEY:API_SECRET@ACCOUNT_ID") || strings.Contains(err.Error(), "Sekr") {
			t.Errorf("%q: err = %v, want the expected shape and no part of the secret", raw, err)
		}
	}
}

func TestEnvCredentialsAndMerge(t *testing.T) {
	env := map[string]string{
		EnvAccountID: " env-acc ", EnvAPISecret: "env-secret",
		EnvAccountURL: "account://url-key:url-secret@url-acc",
	}
	layers, err := EnvCredentials(func(k string) string { return env[k] })
	if err != nil || len(layers) != 2 {
		t.Fatalf("EnvCredentials = %+v, %v", layers, err)
	}
	// A caller's own settings go first; each field from the first layer
	// that has it; ids and keys trimmed, the secret as given.
	got := MergeCredentials(append([]Credentials{{APISecret: ""}}, layers...)...)
	if want := (Credentials{AccountID: "env-acc", APIKey: "url-key", APISecret: "env-secret"}); got != want {
		t.Errorf("merged %+v, want %+v", got, want)
	}
	if got := MergeCredentials(Credentials{AccountID: "flag-acc"}, layers[0], layers[1]); got.AccountID != "flag-acc" {
		t.Errorf("the first layer does not win: %+v", got)
	}

	env[EnvAccountURL] = "account://url-key:leaky-secret" // no account id
	layers, err = EnvCredentials(func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), EnvAccountURL) || strings.Contains(err.Error(), "leaky") {
		t.Errorf("malformed URL: err = %v, want one naming %s without the secret", err, EnvAccountURL)
	}
	if len(layers) != 2 || layers[0].AccountID != " env-acc " || layers[1] != (Credentials{}) {
		t.Errorf("layers with a malformed URL = %+v", layers)
	}
}

// TestNewRefusesClearTextOffLoopback: the rule CheckEndpoint gives
// settings holds for every client, whatever built its Config.
func TestNewRefusesClearTextOffLoopback(t *testing.T) {
	cfg := Config{AccountID: "a", APIKey: "k", APISecret: "s"}
	for base, ok := range map[string]bool{
		"http://127.0.0.1:8787": true, "http://localhost:1": true, "http://[::1]:80": true,
		"https://api.example.com": true, "http://api.example.com": false, "http://10.0.0.1:8787": false,
	} {
		cfg.BaseURL = base
		_, err := New(cfg)
		if (err == nil) != ok {
			t.Errorf("%s: err = %v, want ok=%v", base, err, ok)
		}
		if err != nil && !strings.Contains(err.Error(), "not loopback") {
			t.Errorf("%s: error does not say why: %v", base, err)
		}
	}
}
