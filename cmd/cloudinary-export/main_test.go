package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
)

// TestRun_exportsTheEmulatedAccount exports an account seeded like a real
// one (its primary environment and owner) plus what the test adds.
func TestRun_exportsTheEmulatedAccount(t *testing.T) {
	srv := emulatortest.Start(t, emulatortest.Seed(emulator.SeedRealistic))
	c, err := client.New(client.Config{AccountID: srv.AccountID, APIKey: srv.APIKey, APISecret: srv.APISecret, BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateProductEnvironment(t.Context(), client.ProductEnvironmentCreateRequest{Name: "Main", CloudName: client.Ptr("main")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateUser(t.Context(), client.UserCreateRequest{Name: "Ann", Email: "ann@example.com"}); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		// The URL carries the secret; the key and account come from it too.
		"CLOUDINARY_ACCOUNT_URL": "account://" + srv.APIKey + ":" + srv.APISecret + "@" + srv.AccountID,
		"CLOUDINARY_ENDPOINT":    srv.URL,
	}
	out := filepath.Join(t.TempDir(), "tf")
	var stderr bytes.Buffer
	code := run(t.Context(), []string{"-out", out, "-kinds", "product_environments,users"}, func(k string) string { return env[k] }, &stderr)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr.String())
	}
	log := stderr.String()
	t.Log(log)
	for _, want := range []string{"product environments: 2", "users: 2", "wrote 4 objects to " + out, "API requests (getProductEnvironments 1, getUsers 1)"} {
		if !strings.Contains(log, want) {
			t.Errorf("stderr lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, srv.APISecret) {
		t.Error("stderr shows the secret")
	}
	for _, f := range []string{"providers.tf", "product_environments.tf", "users.tf", "README.md"} {
		data, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Error(err)
			continue
		}
		if strings.Contains(string(data), srv.APISecret) {
			t.Errorf("%s contains the secret", f)
		}
	}

	// A second run into the same directory is refused without -force.
	stderr.Reset()
	if code := run(t.Context(), []string{"-out", out}, func(k string) string { return env[k] }, &stderr); code != 1 || !strings.Contains(stderr.String(), "-force") {
		t.Errorf("second run: exit %d, stderr:\n%s", code, stderr.String())
	}
}

func TestRun_usageAndErrors(t *testing.T) {
	noEnv := func(string) string { return "" }
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-h"}, 0, "Usage: cloudinary-export -out DIR"},
		{nil, 2, "-out DIR is required"},
		{[]string{"-out", "x", "extra"}, 2, "unexpected arguments: extra"},
		{[]string{"-out", "x", "-kinds", "users,nope"}, 1, `unknown kind "nope"`},
		{[]string{"-out", "x"}, 1, "missing the account id"},
		{[]string{"-out", "x", "-api-secret", "s"}, 2, "flag provided but not defined: -api-secret"},
	} {
		var stderr bytes.Buffer
		code := run(t.Context(), tc.args, noEnv, &stderr)
		if code != tc.code || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("run(%q) = %d, want %d with %q in:\n%s", tc.args, code, tc.code, tc.want, stderr.String())
		}
	}
}

// TestRun_neverShowsSecrets: an API that echoes the credentials in every
// error field, a redirect, and an endpoint carrying credentials all fail
// without the secret, its Basic header value or its start on stderr, and the
// redirect's target is never contacted.
func TestRun_neverShowsSecrets(t *testing.T) {
	const key, secret = "515515515515515", "CmdSecret+Value/with=odd&chars"
	basic := base64.StdEncoding.EncodeToString([]byte(key + ":" + secret))
	echo := "you sent Basic " + basic + " for " + key + ":" + secret + " " + url.QueryEscape(secret)
	echoing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
			"message": echo, "code": echo, "category": echo, "details": map[string]any{"echo": echo},
		}})
	}))
	t.Cleanup(echoing.Close)
	var sinkHits atomic.Int32
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { sinkHits.Add(1) }))
	t.Cleanup(sink.Close)
	location := sink.URL + "/v1_1/elsewhere"
	redirecting := httptest.NewServer(http.RedirectHandler(location, http.StatusTemporaryRedirect))
	t.Cleanup(redirecting.Close)

	for _, tc := range []struct {
		name, endpoint, want string
	}{
		{"echoed in every error field", echoing.URL, "HTTP 400"},
		{"redirect", redirecting.URL, location},
		{"credentials in the endpoint", "http://" + key + ":" + secret + "@127.0.0.1:1", "must not contain credentials"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{
				"CLOUDINARY_ACCOUNT_ID": "acct", "CLOUDINARY_PROVISIONING_API_KEY": key,
				"CLOUDINARY_PROVISIONING_API_SECRET": secret, "CLOUDINARY_ENDPOINT": tc.endpoint,
			}
			var stderr bytes.Buffer
			code := run(t.Context(), []string{"-out", filepath.Join(t.TempDir(), "tf")}, func(k string) string { return env[k] }, &stderr)
			out := stderr.String()
			if code != 1 || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d, want 1 with %q in:\n%s", code, tc.want, out)
			}
			for name, leak := range map[string]string{
				"secret": secret, "Basic header value": basic, "start of the secret": secret[:8],
				"start of the escaped secret": url.QueryEscape(secret)[:8], "start of the Basic value": basic[:8],
			} {
				if strings.Contains(out, leak) {
					t.Errorf("stderr shows the %s:\n%s", name, out)
				}
			}
		})
	}
	if n := sinkHits.Load(); n != 0 {
		t.Errorf("the redirect target received %d request(s)", n)
	}
}
