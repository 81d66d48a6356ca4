package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
)

func TestRun_exportsTheEmulatedAccount(t *testing.T) {
	srv := emulatortest.Start(t)
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
	for _, want := range []string{"product environments: 1", "users: 1", "wrote 2 objects to " + out, "API requests (getProductEnvironments 1, getUsers 1)"} {
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
