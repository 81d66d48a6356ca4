package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// TestAccountGatesWrapMarksOnlyGateRefusals: wrap marks the three gate
// refusals and leaves alone the 403s that mean something else (a system
// role, the root key, an account without Provisioning API access), errors
// that are not API errors, and the public Permissions routes.
func TestAccountGatesWrapMarksOnlyGateRefusals(t *testing.T) {
	const acct = "/v2/accounts/a1/permissions"
	const prov = "/v1_1/provisioning/accounts/a1"
	notMigrated := "The Permissions API is not available for this account: it uses the legacy permissions system and has not been migrated to Roles and Permissions"
	cases := []struct {
		name                string
		status              int
		method, path, msg   string
		want                gateKind
		refusedProvisioning bool
	}{
		{"unmigrated account", 403, "POST", acct + "/roles", notMigrated, gatePermissionsNotEnabled, false},
		{"unmigrated, other wording", 403, "GET", acct + "/principal_roles", "Roles and Permissions is not enabled", gatePermissionsNotEnabled, false},
		{"system role refusal", 403, "PUT", acct + "/roles/r1", "not allowed: system roles cannot be updated", 0, false},
		{"public route", 403, "GET", "/v2/accounts/permissions/public/catalog", notMigrated, 0, false},
		{"not a 403", 404, "GET", acct + "/roles/r1", "not found", 0, false},
		{"seat limit", 403, "POST", prov + "/users", "You have reached the maximum number of users allowed for your plan (2 users)", gateUserSeats, false},
		{"seat limit as 400", 400, "POST", prov + "/users", "Maximum number of users reached", gateUserSeats, false},
		{"duplicate email", 409, "POST", prov + "/users", "User with email a@b.c already exists", 0, false},
		{"user update", 403, "PUT", prov + "/users/u1", "maximum number of users", 0, false},
		{"environment keys", 403, "POST", prov + "/sub_accounts/env%201/access_keys", "Forbidden: no admin role", gateEnvironmentKeys, false},
		{"one key", 403, "DELETE", prov + "/sub_accounts/e1/access_keys/k1", "Forbidden", gateEnvironmentKeys, false},
		{"root key", 403, "DELETE", prov + "/sub_accounts/e1/access_keys/k1", "Access key k1 is the root access key of product environment e1", 0, false},
		{"no Provisioning API at all", 403, "POST", prov + "/sub_accounts/e1/access_keys", "Forbidden", 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := newAccountGates("key-1")
			if tc.refusedProvisioning {
				_ = g.wrap(&client.APIError{StatusCode: 403, Method: "GET", Path: prov + "/sub_accounts", Message: "Forbidden"})
			}
			api := &client.APIError{StatusCode: tc.status, Method: tc.method, Path: tc.path, Message: tc.msg}
			in := fmt.Errorf("op: %w", api)
			out := g.wrap(in)
			var ge *gatedError
			got := gateKind(0)
			if errors.As(out, &ge) {
				got = ge.kind
			}
			if got != tc.want {
				t.Fatalf("kind = %d, want %d", got, tc.want)
			}
			if got == 0 && out != in { //nolint:errorlint // identity: the very same error value must come back
				t.Errorf("an unmarked error was replaced: %v", out)
			}
			if out.Error() != in.Error() || !errors.Is(out, &client.APIError{StatusCode: tc.status}) {
				t.Errorf("the wrapper changes the error: %q, Is %v", out, errors.Is(out, &client.APIError{StatusCode: tc.status}))
			}
			if tc.want == gateEnvironmentKeys && tc.name == "environment keys" && ge.env != "env 1" {
				t.Errorf("env = %q, want the unescaped id", ge.env)
			}
		})
	}
	if out := newAccountGates("k").wrap(errors.New("dial tcp: refused")); out.Error() != "dial tcp: refused" {
		t.Errorf("a transport error became %v", out)
	}
}

// TestAddGatedErrorExplainsPermissionsOncePerRun: of the errors a run
// reports for an unmigrated account, the first carries the explanation and
// the others point to it; a new run (a new accountGates) explains again.
// Other errors are left to addAPIError.
func TestAddGatedErrorExplainsPermissionsOncePerRun(t *testing.T) {
	g := newAccountGates("key-1")
	gated := func(op string) error {
		return g.wrap(&client.APIError{StatusCode: http.StatusForbidden, Method: "POST", Path: "/v2/accounts/a1/permissions/" + op,
			Message: "has not been migrated to Roles and Permissions"})
	}
	var diags diag.Diagnostics
	addAPIError(&diags, "create", "role", gated("roles"))
	addAPIError(&diags, "create", "custom policy", gated("policies/custom"))
	addAPIError(&diags, "list", "roles", gated("roles"))
	if len(diags) != 3 {
		t.Fatalf("%d diagnostics, want 3: %v", len(diags), diags)
	}
	if diags[0].Summary() != permsNotEnabledSummary {
		t.Errorf("first summary = %q", diags[0].Summary())
	}
	for _, d := range diags[1:] {
		if d.Summary() == permsNotEnabledSummary {
			t.Errorf("a later error repeats the explanation: %q", d.Detail())
		}
		if want := `The error reported for "create role" explains what to do.`; !strings.Contains(d.Detail(), want) {
			t.Errorf("later detail %q lacks %q", d.Detail(), want)
		}
	}

	var next diag.Diagnostics
	g = newAccountGates("key-1")
	addAPIError(&next, "create", "custom policy", gated("policies/custom"))
	if next[0].Summary() != permsNotEnabledSummary {
		t.Errorf("a new run does not explain again: %q", next[0].Summary())
	}

	var plain diag.Diagnostics
	addAPIError(&plain, "create", "role", &client.APIError{StatusCode: 403, Path: "/v2/accounts/a1/permissions/roles", Message: "not allowed"})
	if plain[0].Summary() != "Unable to create role" {
		t.Errorf("an ungated 403 is reported as %q", plain[0].Summary())
	}
}
