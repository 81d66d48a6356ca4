package emulator

import (
	"fmt"
	"net/http"
	"testing"
)

// TestGatingPermissionsDisabled: with PermissionsDisabled every account
// operation of the Permissions API answers 403 with the same message, after
// authentication (wrong credentials still get 401); the public routes and
// the Provisioning API keep working, and without the option nothing changes.
func TestGatingPermissionsDisabled(t *testing.T) {
	h := newPMWith(t, Options{PermissionsDisabled: true})
	ops := []struct{ method, rel string }{
		{"GET", "/policies/system"},
		{"GET", "/policies/custom"},
		{"POST", "/policies/custom"},
		{"GET", "/policies/custom/p1"},
		{"PUT", "/policies/custom/p1"},
		{"DELETE", "/policies/custom/p1"},
		{"GET", "/policies/effective?principal_type=user&principal_id=u1"},
		{"GET", "/roles"},
		{"POST", "/roles"},
		{"GET", "/roles/r1"},
		{"PUT", "/roles/r1"},
		{"DELETE", "/roles/r1"},
		{"GET", "/roles/r1/principals"},
		{"PUT", "/roles/r1/principals"},
		{"GET", "/principal_roles?principal_type=user&principal_id=u1"},
		{"PUT", "/principal_roles"},
		{"GET", "/principal_roles/inspect"},
		{"POST", "/principal_roles/inspect"},
	}
	for _, op := range ops {
		t.Run(op.method+" "+op.rel, func(t *testing.T) {
			var body any
			if op.method == "POST" || op.method == "PUT" {
				body = map[string]any{"name": "x"}
			}
			e := h.perm(op.method, op.rel, body).wantErr(t, http.StatusForbidden)
			if e["message"] != permissionsNotEnabledMessage || e["code"] != "ACCOUNTS_00006" || e["category"] != "user_error" {
				t.Errorf("error = %v", e)
			}
			h.send(op.method, "/v2/accounts/"+pmAccount+"/permissions"+op.rel, body, false).wantErr(t, http.StatusUnauthorized)
		})
	}
	if got := len(ops); got != 18 {
		t.Fatalf("the table covers %d account operations, the document has 18", got)
	}

	// The public routes name no account: they keep answering.
	h.send("GET", pmPub+"/catalog", nil, false).want(t, http.StatusOK)
	h.send("GET", pmPub+"/schema", nil, false).want(t, http.StatusOK)
	h.send("POST", pmPub+"/validate", map[string]any{"policy": "permit(principal, action, resource);"}, false).want(t, http.StatusOK)
	// The Provisioning API is not gated.
	h.newGroup()
	h.newUser()
	h.newKey(h.newEnv())

	// Off by default.
	newPM(t).perm("GET", "/roles?permission_type=global", nil).want(t, http.StatusOK)
}

// TestGatingMaxUsers: with MaxUsers N the account holds at most N users,
// pending (every created user is pending until they log in) and disabled
// ones included; user N+1 gets 403 naming the limit; deleting a user frees
// a seat; 0 means no limit.
func TestGatingMaxUsers(t *testing.T) {
	h := newPMWith(t, Options{MaxUsers: 2})
	first := h.newUser()
	h.prov("POST", "/users", map[string]any{"name": "Off", "email": "off@example.com", "enabled": false}).want(t, http.StatusOK)

	r := h.prov("POST", "/users", map[string]any{"name": "Third", "email": "third@example.com"}).want(t, http.StatusForbidden)
	msg, _ := r.obj(t)["error"].(map[string]any)["message"].(string)
	want := "You have reached the maximum number of users allowed for your plan (2 users, pending invitations included)"
	if msg != want {
		t.Errorf("message = %q, want %q", msg, want)
	}
	if n := len(h.prov("GET", "/users", nil).want(t, http.StatusOK).obj(t)["users"].([]any)); n != 2 {
		t.Errorf("the account holds %d users after the refusal, want 2", n)
	}
	// Updating a user is not creating one.
	h.prov("PUT", "/users/"+first, map[string]any{"name": "Renamed"}).want(t, http.StatusOK)

	h.prov("DELETE", "/users/"+first, nil).want(t, http.StatusOK)
	h.prov("POST", "/users", map[string]any{"name": "Third", "email": "third@example.com"}).want(t, http.StatusOK)

	unlimited := newPM(t)
	for range 5 {
		unlimited.newUser()
	}
	if _, err := New(Options{MaxUsers: -1}); err != nil {
		t.Errorf("a negative MaxUsers means no limit, New answered %v", err)
	}
}

// TestGatingNewEnvKeysNeedAdmin: an environment created while the option is
// set answers 403 to all five access-key operations, with a message naming
// the key and the environment, until the Account API key holds an admin
// role on it; roles that do not manage keys, or that are held on another
// environment, do not open it.
func TestGatingNewEnvKeysNeedAdmin(t *testing.T) {
	h := newPMWith(t, Options{NewEnvKeysNeedAdmin: true})
	env := h.newEnv()
	other := h.newEnv()
	base := "/sub_accounts/" + env + "/access_keys"
	wantMsg := fmt.Sprintf("Forbidden: Account API key %s has no admin role on product environment %s", pmKey, env)

	calls := []struct {
		method, rel string
		body        any
	}{
		{"GET", base, nil},
		{"POST", base, map[string]any{"name": "k"}},
		{"DELETE", base + "?name=k", nil},
		{"PUT", base + "/somekey", map[string]any{"enabled": false}},
		{"DELETE", base + "/somekey", nil},
	}
	forbiddenAll := func(why string) {
		t.Helper()
		for _, c := range calls {
			r := h.prov(c.method, c.rel, c.body).want(t, http.StatusForbidden)
			if msg, _ := r.obj(t)["error"].(map[string]any)["message"].(string); msg != wantMsg {
				t.Fatalf("%s: %s %s: message %q, want %q", why, c.method, c.rel, msg, wantMsg)
			}
		}
	}
	forbiddenAll("new environment")
	if got := len(calls); got != len(accessKeyOps) {
		t.Fatalf("the table covers %d operations, the gate %d", got, len(accessKeyOps))
	}

	// Roles that do not manage keys, and an admin role on another
	// environment, change nothing.
	h.assign("provisioningKey", pmKey, roleRef("cld::role::prodenv::ml_user", env, nil))
	h.assign("provisioningKey", pmKey, roleRef(roleProdenvAdmin, other, nil))
	h.assign("provisioningKey", "another-key", roleRef(roleProdenvAdmin, env, nil))
	forbiddenAll("no admin role of this key on this environment")

	// The community provider's fix: the Admin role on the environment.
	h.assign("provisioningKey", pmKey, roleRef(roleProdenvAdmin, env, nil))
	key := h.newKey(env)
	h.prov("PUT", base+"/"+key, map[string]any{"enabled": false}).want(t, http.StatusOK)
	h.prov("GET", base, nil).want(t, http.StatusOK)

	// A role that manages API keys, held on every environment, opens the
	// others.
	third := h.newEnv()
	h.prov("GET", "/sub_accounts/"+third+"/access_keys", nil).want(t, http.StatusForbidden)
	h.assign("provisioningKey", pmKey, roleRef("cld::role::prodenv::technical_admin", scopeAll, nil))
	h.prov("GET", "/sub_accounts/"+third+"/access_keys", nil).want(t, http.StatusOK)

	// An unknown environment is still 404, and the environment itself is
	// not gated.
	h.prov("GET", "/sub_accounts/no-such-env/access_keys", nil).want(t, http.StatusNotFound)
	h.prov("GET", "/sub_accounts/"+third, nil).want(t, http.StatusOK)

	// The account-level Master Admin role opens every environment.
	h2 := newPMWith(t, Options{NewEnvKeysNeedAdmin: true})
	env2 := h2.newEnv()
	h2.prov("GET", "/sub_accounts/"+env2+"/access_keys", nil).want(t, http.StatusForbidden)
	h2.assign("provisioningKey", pmKey, roleRef(roleAccountMasterAdmin, "", nil))
	h2.prov("GET", "/sub_accounts/"+env2+"/access_keys", nil).want(t, http.StatusOK)

	// Off by default: a new environment's keys answer at once.
	plain := newPM(t)
	plain.newKey(plain.newEnv())
}
