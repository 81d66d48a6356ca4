package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Test harness for the Permissions API half. Helper names carry a pm prefix so
// they cannot clash with the core's pv helpers. Requests go straight through
// Emulator.ServeHTTP (no faults are configured, so nothing needs a real
// connection).

const (
	pmAccount = "acc-perm"
	pmKey     = "pm-key"
	pmSecret  = "pm-secret"
)

type pmHarness struct {
	t   *testing.T
	emu *Emulator
	seq atomic.Int64
}

func newPM(t *testing.T) *pmHarness {
	t.Helper()
	return newPMWith(t, Options{})
}

func newPMWith(t *testing.T, opts Options) *pmHarness {
	t.Helper()
	opts.AccountID, opts.APIKey, opts.APISecret = pmAccount, pmKey, pmSecret
	if opts.Now == nil {
		opts.Now = func() time.Time { return time.Unix(1750000000, 0) }
	}
	emu, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return &pmHarness{t: t, emu: emu}
}

type pmResp struct {
	status int
	header http.Header
	body   []byte
}

// send performs one request; path is absolute. auth=false sends no credentials.
func (h *pmHarness) send(method, path string, body any, auth bool) pmResp {
	h.t.Helper()
	var rd *bytes.Reader
	switch b := body.(type) {
	case nil:
		rd = bytes.NewReader(nil)
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		data, err := json.Marshal(b)
		if err != nil {
			h.t.Fatalf("marshal: %v", err)
		}
		rd = bytes.NewReader(data)
	}
	req := httptest.NewRequestWithContext(h.t.Context(), method, path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth {
		req.SetBasicAuth(pmKey, pmSecret)
	}
	rec := httptest.NewRecorder()
	h.emu.ServeHTTP(rec, req)
	return pmResp{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

// perm calls an authenticated permissions endpoint; rel is relative to
// /v2/accounts/{account_id}/permissions.
func (h *pmHarness) perm(method, rel string, body any) pmResp {
	h.t.Helper()
	return h.send(method, "/v2/accounts/"+pmAccount+"/permissions"+rel, body, true)
}

// prov calls an authenticated provisioning endpoint; rel is relative to
// /v1_1/provisioning/accounts/{account_id}.
func (h *pmHarness) prov(method, rel string, body any) pmResp {
	h.t.Helper()
	return h.send(method, "/v1_1/provisioning/accounts/"+pmAccount+rel, body, true)
}

// want asserts the status and, for any answer with a body, a JSON content type.
func (r pmResp) want(t *testing.T, status int) pmResp {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body %s", r.status, status, r.body)
	}
	if status != http.StatusNoContent {
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("Content-Type = %q, want application/json; body %s", ct, r.body)
		}
	}
	return r
}

func (r pmResp) obj(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
	return m
}

// data returns the "data" member.
func (r pmResp) data(t *testing.T) any {
	t.Helper()
	d, ok := r.obj(t)["data"]
	if !ok {
		t.Fatalf("no data in %s", r.body)
	}
	return d
}

func (r pmResp) dataObj(t *testing.T) map[string]any {
	t.Helper()
	m, ok := r.data(t).(map[string]any)
	if !ok {
		t.Fatalf("data is not an object: %s", r.body)
	}
	return m
}

func (r pmResp) dataList(t *testing.T) []map[string]any {
	t.Helper()
	return pmList(t, r.data(t))
}

func pmList(t *testing.T, v any) []map[string]any {
	t.Helper()
	arr, ok := v.([]any)
	if !ok {
		t.Fatalf("not an array: %#v", v)
	}
	out := make([]map[string]any, len(arr))
	for i, x := range arr {
		m, ok := x.(map[string]any)
		if !ok {
			t.Fatalf("element %d is not an object: %#v", i, x)
		}
		out[i] = m
	}
	return out
}

// wantErr asserts a permissions-shaped error and returns its object.
func (r pmResp) wantErr(t *testing.T, status int) map[string]any {
	t.Helper()
	r.want(t, status)
	e, ok := r.obj(t)["error"].(map[string]any)
	if !ok {
		t.Fatalf("no error object in %s", r.body)
	}
	for _, k := range []string{"category", "code", "message"} {
		if s, _ := e[k].(string); s == "" {
			t.Fatalf("error lacks %s: %s", k, r.body)
		}
	}
	return e
}

// errFields returns details.fields of an error as JSON text, for contains checks.
func errFields(t *testing.T, e map[string]any) string {
	t.Helper()
	d, _ := e["details"].(map[string]any)
	b, _ := json.Marshal(d["fields"])
	return string(b)
}

func ids(items []map[string]any) []string {
	out := make([]string, len(items))
	for i, m := range items {
		out[i], _ = m["id"].(string)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// --- provisioning fixtures (through the provisioning API, the contract) ---

func (h *pmHarness) uniq() int64 { return h.seq.Add(1) }

func (h *pmHarness) newUser() string {
	h.t.Helper()
	n := h.uniq()
	m := h.prov("POST", "/users", map[string]any{"name": fmt.Sprintf("User %d", n),
		"email": fmt.Sprintf("user%d@example.com", n)}).want(h.t, 200).obj(h.t)
	return m["id"].(string)
}

func (h *pmHarness) newGroup() string {
	h.t.Helper()
	m := h.prov("POST", "/user_groups", map[string]any{"name": fmt.Sprintf("Group %d", h.uniq())}).want(h.t, 200).obj(h.t)
	return m["id"].(string)
}

func (h *pmHarness) newEnv() string {
	h.t.Helper()
	n := h.uniq()
	m := h.prov("POST", "/sub_accounts", map[string]any{"name": fmt.Sprintf("Env %d", n),
		"cloud_name": fmt.Sprintf("pmcloud%d", n)}).want(h.t, 200).obj(h.t)
	return m["id"].(string)
}

func (h *pmHarness) newKey(envID string) string {
	h.t.Helper()
	m := h.prov("POST", "/sub_accounts/"+envID+"/access_keys", map[string]any{"name": fmt.Sprintf("key%d", h.uniq())}).want(h.t, 200).obj(h.t)
	return m["api_key"].(string)
}

// assign adds roles to a principal and asserts 200.
func (h *pmHarness) assign(pType, pID string, roles ...map[string]any) {
	h.t.Helper()
	h.perm("PUT", "/principal_roles", map[string]any{"operation": "add",
		"principal": map[string]any{"type": pType, "id": pID}, "roles": roles}).want(h.t, 200)
}

// roleRef builds a RoleToManage.
func roleRef(id, scopeID string, params map[string]any) map[string]any {
	m := map[string]any{"id": id}
	if scopeID != "" {
		m["scope_id"] = scopeID
	}
	if params != nil {
		m["policy_parameters"] = params
	}
	return m
}

// ---------------------------------------------------------------------------

// TestPermCatalogConsistency guards the seed data: every statement is valid
// Cedar against our own schema, every role's policies exist and share its
// types, content policies declare the placeholders their Cedar uses, and the
// catalog is about the size the brief asks for.
func TestPermCatalogConsistency(t *testing.T) {
	if len(systemPolicies) < 30 || len(systemRoles) < 10 {
		t.Fatalf("catalog too small: %d policies, %d roles", len(systemPolicies), len(systemRoles))
	}
	kinds := map[string]bool{}
	for _, p := range systemPolicies {
		if _, errs := parseCedar(p.Statement); errs != nil {
			t.Errorf("policy %s: %v", p.ID, errs)
		}
		if !strings.HasPrefix(p.ID, "cld::policy::"+p.PermissionType+"::") {
			t.Errorf("policy id %s does not follow cld::policy::<permission_type>::", p.ID)
		}
		if p.Category == "" || p.SubCategory == "" || p.Name == "" {
			t.Errorf("policy %s lacks name/category", p.ID)
		}
		for _, k := range p.Parameters {
			if !strings.Contains(p.Statement, "<"+k+">") {
				t.Errorf("policy %s declares %s but its Cedar has no placeholder", p.ID, k)
			}
		}
		if (p.PermissionType == permContent) != (len(p.Parameters) > 0) {
			t.Errorf("policy %s: only content policies take parameters", p.ID)
		}
		kinds[p.PermissionType+"/"+p.ScopeType] = true
	}
	for _, k := range []string{"global/account", "global/prodenv", "content/prodenv"} {
		if !kinds[k] {
			t.Errorf("no %s system policy", k)
		}
	}
	for _, r := range systemRoles {
		if len(r.PolicyIDs) == 0 {
			t.Errorf("role %s has no policy", r.ID)
		}
		for _, id := range r.PolicyIDs {
			p := systemPolicyByID[id]
			if p == nil {
				t.Errorf("role %s: unknown policy %s", r.ID, id)
				continue
			}
			if p.PermissionType != r.PermissionType || p.ScopeType != r.ScopeType {
				t.Errorf("role %s (%s/%s) has policy %s (%s/%s)", r.ID, r.PermissionType, r.ScopeType, id, p.PermissionType, p.ScopeType)
			}
		}
	}
	if len(systemPolicyByID) != len(systemPolicies) || len(systemRoleByID) != len(systemRoles) {
		t.Fatal("duplicate ids in the catalog")
	}
	if got := policyParameterTypes(systemRoleByID["cld::role::folder::viewer"].PolicyIDs); len(got) != 1 || got[0] != "folder_id" {
		t.Fatalf("folder viewer parameters = %v", got)
	}
}

// TestPermAuth: every non-public operation answers 401 in the permissions
// shape without credentials; the three public ones answer with or without.
func TestPermAuth(t *testing.T) {
	h := newPM(t)
	base := "/v2/accounts/" + pmAccount + "/permissions"
	private := []struct{ method, path string }{
		{"GET", "/policies/system"}, {"GET", "/policies/custom"}, {"POST", "/policies/custom"},
		{"GET", "/policies/custom/x"}, {"PUT", "/policies/custom/x"}, {"DELETE", "/policies/custom/x"},
		{"GET", "/policies/effective"}, {"GET", "/roles"}, {"POST", "/roles"}, {"GET", "/roles/x"},
		{"PUT", "/roles/x"}, {"DELETE", "/roles/x"}, {"GET", "/roles/x/principals"}, {"PUT", "/roles/x/principals"},
		{"GET", "/principal_roles"}, {"PUT", "/principal_roles"}, {"GET", "/principal_roles/inspect"},
		{"POST", "/principal_roles/inspect"},
	}
	for _, c := range private {
		e := h.send(c.method, base+c.path, "{}", false).wantErr(t, http.StatusUnauthorized)
		if e["category"] == "" {
			t.Errorf("%s %s: %v", c.method, c.path, e)
		}
	}
	pub := "/v2/accounts/permissions/public"
	for _, auth := range []bool{false, true} {
		h.send("GET", pub+"/catalog", nil, auth).want(t, 200)
		h.send("GET", pub+"/schema", nil, auth).want(t, 200)
		h.send("POST", pub+"/validate", map[string]any{"policy": "permit(principal, action, resource);"}, auth).want(t, 200)
	}
	// Wrong credentials on a public endpoint are ignored too.
	req := httptest.NewRequestWithContext(t.Context(), "GET", pub+"/catalog", nil)
	req.SetBasicAuth("nope", "nope")
	rec := httptest.NewRecorder()
	h.emu.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("public with bad credentials: %d", rec.Code)
	}
}

// TestPermStoreUnit exercises removePrincipal/removeScope directly and the
// tolerant JSON decoding of a saved store.
func TestPermStoreUnit(t *testing.T) {
	p := newPermStore()
	p.Assignments = []*roleAssignment{
		{PrincipalType: "user", PrincipalID: "u1", RoleID: "r", ScopeType: scopeEnv, ScopeID: "env1", Seq: 1},
		{PrincipalType: "user", PrincipalID: "u1", RoleID: "r", ScopeType: scopeEnv, ScopeID: "all", Seq: 2},
		{PrincipalType: "group", PrincipalID: "u1", RoleID: "r", ScopeType: scopeAcct, Seq: 3},
		{PrincipalType: "user", PrincipalID: "u2", RoleID: "r", ScopeType: scopeEnv, ScopeID: "env1", Seq: 4},
	}
	p.Policies["a"] = &customPolicy{ID: "a", ScopeType: scopeEnv, ScopeID: "env1"}
	p.Policies["b"] = &customPolicy{ID: "b", ScopeType: scopeEnv, ScopeID: "all"}
	p.Policies["c"] = &customPolicy{ID: "c", ScopeType: scopeAcct}

	p.removePrincipal("user", "u1")
	if len(p.Assignments) != 2 || p.Assignments[0].PrincipalType != "group" || p.Assignments[1].PrincipalID != "u2" {
		t.Fatalf("after removePrincipal: %+v", p.Assignments)
	}
	p.removeScope("env1")
	if len(p.Assignments) != 1 || p.Assignments[0].PrincipalType != "group" {
		t.Fatalf("after removeScope: %+v", p.Assignments)
	}
	if _, ok := p.Policies["a"]; ok || len(p.Policies) != 2 {
		t.Fatalf("policies after removeScope: %v", p.Policies)
	}
	p.removeScope("all") // never a real environment: no-op
	if len(p.Policies) != 2 {
		t.Fatal("removeScope(all) removed policies")
	}

	var q permStore
	if err := json.Unmarshal([]byte(`{"seq": 7}`), &q); err != nil {
		t.Fatal(err)
	}
	if q.Roles == nil || q.Policies == nil || q.Seq != 7 {
		t.Fatalf("decoded store: %+v", q)
	}
	q.Roles["x"] = &customRole{ID: "x"} // must not panic
}

// TestPermCascades: deleting a user, group, access key or environment
// through the provisioning API drops the permissions that pointed at it.
func TestPermCascades(t *testing.T) {
	h := newPM(t)
	env, env2 := h.newEnv(), h.newEnv()
	user, group, key := h.newUser(), h.newGroup(), h.newKey(env2)
	for _, p := range []struct{ t, id string }{{"user", user}, {"group", group}, {"apiKey", key}} {
		h.assign(p.t, p.id, roleRef("cld::role::prodenv::reports", env, nil), roleRef("cld::role::prodenv::admin", "all", nil))
	}
	pol := h.perm("POST", "/policies/custom", map[string]any{"name": "p1", "scope_type": "prodenv", "scope_id": env,
		"policy_statement": `permit(principal, action, resource);`}).want(t, 201).dataObj(t)["id"].(string)
	polAll := h.perm("POST", "/policies/custom", map[string]any{"name": "p2", "scope_type": "prodenv", "scope_id": "all",
		"policy_statement": `permit(principal, action, resource);`}).want(t, 201).dataObj(t)["id"].(string)

	h.prov("DELETE", "/users/"+user, nil).want(t, 200)
	h.prov("DELETE", "/user_groups/"+group, nil).want(t, 200)
	got := h.perm("GET", "/roles/cld::role::prodenv::reports/principals?verbose=true", nil).want(t, 200).dataList(t)
	if len(got) != 1 || got[0]["id"] != key {
		t.Fatalf("after deleting user and group: %v", got)
	}

	// Deleting env drops its assignments and policies, keeps "all" ones.
	h.prov("DELETE", "/sub_accounts/"+env, nil).want(t, 200)
	if got := h.perm("GET", "/roles/cld::role::prodenv::reports/principals", nil).want(t, 200).dataList(t); len(got) != 0 {
		t.Fatalf("after deleting env: %v", got)
	}
	h.perm("GET", "/policies/custom/"+pol, nil).wantErr(t, 404)
	h.perm("GET", "/policies/custom/"+polAll, nil).want(t, 200)
	if got := h.perm("GET", "/roles/cld::role::prodenv::admin/principals", nil).want(t, 200).dataList(t); len(got) != 1 {
		t.Fatalf("all-scoped assignment of the key: %v", got)
	}
	// Deleting the key's environment deletes the key and its assignments.
	h.prov("DELETE", "/sub_accounts/"+env2, nil).want(t, 200)
	if got := h.perm("GET", "/roles/cld::role::prodenv::admin/principals", nil).want(t, 200).dataList(t); len(got) != 0 {
		t.Fatalf("after deleting the key's env: %v", got)
	}
}

// TestPermPersistence: custom roles, policies and assignments survive a
// restart through StatePath.
func TestPermPersistence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	h := newPMWith(t, Options{StatePath: path})
	user := h.newUser()
	h.perm("POST", "/roles", map[string]any{"id": "persisted_role", "name": "Persisted", "permission_type": "global",
		"scope_type": "account", "system_policy_ids": []string{"cld::policy::global::billing::view"}}).want(t, 201)
	h.assign("user", user, roleRef("persisted_role", "", nil))
	pol := h.perm("POST", "/policies/custom", map[string]any{"name": "p", "scope_type": "account",
		"policy_statement": `permit(principal, action, resource);`}).want(t, 201).dataObj(t)["id"].(string)

	h2 := newPMWith(t, Options{StatePath: path})
	h2.perm("GET", "/roles/persisted_role", nil).want(t, 200)
	h2.perm("GET", "/policies/custom/"+pol, nil).want(t, 200)
	got := h2.perm("GET", "/principal_roles?principal_type=user&principal_id="+user, nil).want(t, 200).dataList(t)
	if len(got) != 1 || got[0]["id"] != "persisted_role" {
		t.Fatalf("restored assignments: %v", got)
	}
	// Sequence numbers continue, so new objects sort after restored ones.
	h2.perm("POST", "/policies/custom", map[string]any{"name": "p2", "scope_type": "account",
		"policy_statement": `forbid(principal, action, resource);`}).want(t, 201)
	list := h2.perm("GET", "/policies/custom", nil).want(t, 200).dataList(t)
	if len(list) != 2 || list[0]["id"] != pol {
		t.Fatalf("order after restart: %v", ids(list))
	}
}
