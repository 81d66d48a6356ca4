package contract

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// specPath finds the document the way CI provides it. Without it there is
// nothing to check against, so these tests (and the contract suite) skip.
func loadForTest(t *testing.T) *Validator {
	t.Helper()
	v, err := FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if v == nil {
		t.Skip(SpecEnv + " is not set")
	}
	return v
}

func TestLoad_hasAll47Operations(t *testing.T) {
	v := loadForTest(t)
	if got := len(v.Operations()); got != 47 {
		t.Fatalf("document has %d operations, want 47", got)
	}
}

func TestTransport_flagsViolationsAndCountsOperations(t *testing.T) {
	v := loadForTest(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/user_groups") {
			// Valid: a UserGroupsListResponse-like body.
			_, _ = w.Write([]byte(`{"user_groups":[{"id":"g1","name":"eng"}]}`))
			return
		}
		// Invalid: a status the document does not list for this operation.
		w.WriteHeader(http.StatusTeapot)
		_, _ = w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	hc := &http.Client{Transport: v.Transport(nil)}
	get := func(url string) (*http.Response, error) {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		return hc.Do(req)
	}

	resp, err := get(srv.URL + "/v1_1/provisioning/accounts/acc/user_groups")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if vs := v.Violations(); len(vs) != 0 {
		t.Fatalf("valid exchange reported violations: %v", vs)
	}
	if v.Seen()["getUserGroups"] != 1 {
		t.Fatalf("getUserGroups not counted: %v", v.Seen())
	}

	resp, err = get(srv.URL + "/v1_1/provisioning/accounts/acc/users/u1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if vs := v.Violations(); len(vs) != 1 || !strings.Contains(vs[0], "getUser") {
		t.Fatalf("want one getUser violation, got %v", vs)
	}

	resp, err = get(srv.URL + "/v1_1/provisioning/accounts/acc/no_such_thing")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if vs := v.Violations(); len(vs) != 2 || !strings.Contains(vs[1], "no operation") {
		t.Fatalf("want an unknown-path violation, got %v", vs)
	}
}

// TestDeviations_onlyTheDocumentedOnesPass: the allow-list accepts exactly
// the deviations of FIDELITY.md, on their operations and with their shapes;
// any other undeclared property or query parameter is still reported.
func TestDeviations_onlyTheDocumentedOnesPass(t *testing.T) {
	v := loadForTest(t)
	const acc = "/v1_1/provisioning/accounts/acc"
	cases := []struct {
		name, method, path, body string
		violations               []string // substrings, one per expected violation
	}{
		// Documented: accepted.
		{"row 1", "POST", acc + "/user_groups/g/users/u", `{"users":[{"id":"u","name":"A","email":"a@x.io"}]}`, nil},
		{"row 2", "DELETE", acc + "/user_groups/g", `{"ok":true}`, nil},
		{"row 3", "GET", acc + "/users/u", `{"id":"u","groups":[{"id":"g","name":"G"}],"sub_account_ids":"e1,e2"}`, nil},
		{"row 4", "GET", acc + "/sub_accounts", `{"sub_accounts":[{"id":"e","custom_attributes":{"a":1}},{"id":"f","custom_attributes":null}]}`, nil},
		{"row 5", "GET", acc + "/sub_accounts/e/access_keys", `{"access_keys":[{"api_key":"1","root":true,"dedicated_for":["webhooks"]}],"total":1}`, nil},
		{"row 8", "GET", acc + "/users?ids%5B%5D=a&ids%5B%5D=b&emails%5B%5D=x%40y.z", `{"users":[]}`, nil},

		// Undocumented: reported.
		{"unknown property", "GET", acc + "/users/u", `{"id":"u","nickname":"x"}`, []string{`"nickname"`}},
		{"nested unknown property", "GET", acc + "/sub_accounts", `{"sub_accounts":[{"id":"e","api_access_keys":[{"key":"k","root":true}]}]}`,
			[]string{`"sub_accounts[].api_access_keys[].root"`}},
		{"row 3 property on another operation", "GET", acc + "/users", `{"users":[{"id":"u","sub_account_ids":"e1"}]}`, []string{`"users[].sub_account_ids"`}},
		{"row 3 property with the wrong shape", "GET", acc + "/users/u", `{"id":"u","groups":"g1"}`, []string{`"groups"`}},
		{"row 1 members with extra fields", "POST", acc + "/user_groups/g/users/u", `{"users":[{"id":"u","role":"admin"}]}`, []string{`"users"`}},
		{"row 2 with ok false", "DELETE", acc + "/user_groups/g", `{"ok":false}`, []string{`"ok"`}},
		{"row 2 answer on another delete", "DELETE", acc + "/users/u", `{"ok":true}`, []string{`"ok"`}},
		{"row 5 root on the environment's keys", "GET", acc + "/sub_accounts/e", `{"id":"e","root":true}`, []string{`"root"`}},
		{"bracket form on an undocumented operation", "GET", acc + "/sub_accounts/e/access_keys?ids%5B%5D=a", `{"access_keys":[]}`, []string{`"ids[]"`}},
		{"unknown query parameter", "GET", acc + "/users?status=active", `{"users":[]}`, []string{`"status"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := v.Fork()
			sendThrough(t, f, c.method, c.path, http.StatusOK, c.body)
			got := f.Violations()
			if len(got) != len(c.violations) {
				t.Fatalf("violations = %q, want %d matching %q", got, len(c.violations), c.violations)
			}
			for i, want := range c.violations {
				if !strings.Contains(got[i], want) {
					t.Errorf("violation %q does not mention %s", got[i], want)
				}
			}
			if len(c.violations) == 0 && len(f.Accepted()) == 0 {
				t.Error("a documented deviation was not recorded as accepted")
			}
		})
	}
}

// Every allow-listed deviation names a row of FIDELITY.md and an operation
// of the document, and the allow-list covers no (operation, place, name)
// twice.
func TestDeviations_wellFormed(t *testing.T) {
	v := loadForTest(t)
	ops := map[string]bool{}
	for _, op := range v.Operations() {
		ops[op] = true
	}
	doc, err := os.ReadFile("../emulator/FIDELITY.md")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, d := range Deviations {
		if !ops[d.Op] {
			t.Errorf("%s: no such operation", d)
		}
		if d.In != "response" && d.In != "query" {
			t.Errorf("%s: In must be response or query", d)
		}
		if !strings.Contains(string(doc), fmt.Sprintf("| %d |", d.Row)) {
			t.Errorf("%s: FIDELITY.md has no row %d", d, d.Row)
		}
		key := d.Op + " " + d.In + " " + d.Name
		if seen[key] {
			t.Errorf("%s: listed twice", d)
		}
		seen[key] = true
	}
}

// TestAccountRefusal_undeclared403: a 403 that an operation does not declare
// passes only with its API's error body (deviations.go, accountRefusal);
// any other body, or another undeclared status, is a violation.
func TestAccountRefusal_undeclared403(t *testing.T) {
	const (
		provisioningError = `{"error":{"message":"Forbidden: no admin role on this product environment"}}`
		permissionsError  = `{"error":{"category":"user_error","code":"ACCOUNTS_00006","message":"not migrated"}}`
	)
	for _, tc := range []struct {
		name, path string
		status     int
		body       string
		violation  bool
	}{
		{"inspect, permissions error", "/v2/accounts/acc/permissions/principal_roles/inspect?scope_type=account", 403, permissionsError, false},
		{"inspect, provisioning-shaped error", "/v2/accounts/acc/permissions/principal_roles/inspect?scope_type=account", 403, provisioningError, true},
		{"getAccessKeys, provisioning error", "/v1_1/provisioning/accounts/acc/sub_accounts/e1/access_keys", 403, provisioningError, false},
		{"getUserGroups, bare message", "/v1_1/provisioning/accounts/acc/user_groups", 403, `{"message":"not allowed"}`, true},
		{"getUserGroups, not JSON", "/v1_1/provisioning/accounts/acc/user_groups", 403, `forbidden`, true},
		{"getUserGroups, undeclared 418", "/v1_1/provisioning/accounts/acc/user_groups", 418, provisioningError, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := loadForTest(t)
			sendThrough(t, v, http.MethodGet, tc.path, tc.status, tc.body)
			if got := len(v.Violations()) > 0; got != tc.violation {
				t.Errorf("violation = %v, want %v: %v", got, tc.violation, v.Violations())
			}
		})
	}
}

// sendThrough sends method path through v's transport to a server that
// answers status with body as JSON, so that v checks that exchange.
func sendThrough(t *testing.T, v *Validator, method, path string, status int, body string) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	defer srv.Close()
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := (&http.Client{Transport: v.Transport(nil)}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}
