package scale

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
)

// A small account as the emulator's state document shows it: one environment
// with its default key and one declared key, two users, a group with one
// member, a role, a policy and an assignment.
const emuStateJSON = `{
  "provisioning": {
    "product_environments": {
      "env1": {"id": "env1", "name": "scale-env-1", "cloud_name": "scale-env-1", "seq": 1,
        "access_keys": [
          {"name": "", "api_key": "111", "seq": 2},
          {"name": "scale-key-1", "api_key": "222", "seq": 5}
        ]}
    },
    "users": {
      "u1": {"id": "u1", "email": "scale-user-1@example.com"},
      "u2": {"id": "u2", "email": "scale-user-2@example.com"}
    },
    "user_groups": {
      "g1": {"id": "g1", "name": "scale-group-1", "user_ids": ["u1"]}
    }
  },
  "permissions": {
    "roles": {"r1": {"id": "r1", "name": "scale-role-1"}},
    "custom_policies": {"p1": {"id": "p1", "name": "scale-policy-1", "scope_type": "prodenv", "scope_id": "env1"}},
    "assignments": [
      {"principal_type": "user", "principal_id": "u1", "role_id": "r1", "scope_type": "prodenv", "scope_id": "env1",
       "policy_parameters": {"folder_id": "f1"}}
    ]
  }
}`

// The Terraform state of the same account.
const tfStateJSON = `{
  "format_version": "1.0",
  "values": {"root_module": {"resources": [
    {"address": "cloudinary_product_environment.env_1", "mode": "managed", "type": "cloudinary_product_environment",
     "values": {"id": "env1", "name": "scale-env-1"}},
    {"address": "cloudinary_access_key.key_1", "mode": "managed", "type": "cloudinary_access_key",
     "values": {"id": "env1/222", "api_key": "222", "product_environment_id": "env1", "name": "scale-key-1"}},
    {"address": "cloudinary_user.user_1", "mode": "managed", "type": "cloudinary_user",
     "values": {"id": "u1", "email": "scale-user-1@example.com"}},
    {"address": "cloudinary_user.user_2", "mode": "managed", "type": "cloudinary_user",
     "values": {"id": "u2", "email": "Scale-User-2@example.com"}},
    {"address": "cloudinary_user_group.group_1", "mode": "managed", "type": "cloudinary_user_group",
     "values": {"id": "g1", "name": "scale-group-1"}},
    {"address": "cloudinary_user_group_membership.member_1", "mode": "managed", "type": "cloudinary_user_group_membership",
     "values": {"id": "g1/u1", "group_id": "g1", "user_id": "u1"}},
    {"address": "cloudinary_role.role_1", "mode": "managed", "type": "cloudinary_role",
     "values": {"id": "r1", "role_id": "r1", "name": "scale-role-1"}},
    {"address": "cloudinary_custom_policy.policy_1", "mode": "managed", "type": "cloudinary_custom_policy",
     "values": {"id": "p1", "name": "scale-policy-1", "scope_type": "prodenv", "scope_id": "env1"}},
    {"address": "cloudinary_role_assignment.assign_1", "mode": "managed", "type": "cloudinary_role_assignment",
     "values": {"principal_type": "user", "principal_id": "u1", "role_id": "r1", "scope_id": "env1",
                "policy_parameters": {"folder_id": "f1"}}},
    {"address": "data.cloudinary_users.all", "mode": "data", "type": "cloudinary_users", "values": {}},
    {"address": "terraform_data.x", "mode": "managed", "type": "terraform_data", "values": {"id": "x"}}
  ]}}
}`

var smallDeclared = Counts{KindProductEnvironment: 1, KindAccessKey: 1, KindUser: 2, KindUserGroup: 1,
	KindMembership: 1, KindRole: 1, KindCustomPolicy: 1, KindRoleAssignment: 1}

// mutate decodes the emulator document, lets f change it and re-encodes it.
func mutate(t *testing.T, f func(m map[string]any)) *EmulatorState {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(emuStateJSON), &m); err != nil {
		t.Fatal(err)
	}
	f(m)
	b, _ := json.Marshal(m)
	s, err := ParseEmulatorState(b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func sub(m map[string]any, path ...string) map[string]any {
	for _, p := range path {
		m = m[p].(map[string]any)
	}
	return m
}

func tfState(t *testing.T) *TerraformState {
	t.Helper()
	s, err := ParseTerraformState([]byte(tfStateJSON))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCompare_clean(t *testing.T) {
	c := Compare(smallDeclared, tfState(t), mutate(t, func(map[string]any) {}))
	if !c.OK() {
		t.Fatalf("clean account reported: %v", c.Problems())
	}
	if c.DefaultKeysSkip != 1 {
		t.Errorf("default keys skipped = %d, want 1", c.DefaultKeysSkip)
	}
	for _, k := range c.Kinds {
		if k.Declared != k.InState || k.InState != k.InEmulator {
			t.Errorf("%+v", k)
		}
	}
}

func kindsAndIDs(objs []Object) []string {
	var out []string
	for _, o := range objs {
		out = append(out, string(o.Kind)+":"+o.ID)
	}
	return out
}

func TestCompare_findings(t *testing.T) {
	tests := []struct {
		name                   string
		edit                   func(m map[string]any)
		dups, orphans, missing []string
		mismatch               int
	}{
		{
			name: "duplicate group (same name, other id) and duplicate policy",
			edit: func(m map[string]any) {
				sub(m, "provisioning", "user_groups")["g2"] = map[string]any{"id": "g2", "name": "SCALE-group-1", "user_ids": []any{}}
				sub(m, "permissions", "custom_policies")["p2"] = map[string]any{"id": "p2", "name": "scale-policy-1", "scope_type": "prodenv", "scope_id": "env1"}
			},
			dups: []string{"custom_policy:p2", "user_group:g2"},
		},
		{
			name: "same policy name in another scope is an orphan, not a duplicate",
			edit: func(m map[string]any) {
				sub(m, "permissions", "custom_policies")["p3"] = map[string]any{"id": "p3", "name": "scale-policy-1", "scope_type": "account"}
			},
			orphans: []string{"custom_policy:p3"},
		},
		{
			name: "duplicate user and access key, orphan role and membership",
			edit: func(m map[string]any) {
				sub(m, "provisioning", "users")["u9"] = map[string]any{"id": "u9", "email": "SCALE-USER-1@example.com"}
				env := sub(m, "provisioning", "product_environments", "env1")
				env["access_keys"] = append(env["access_keys"].([]any), map[string]any{"name": "scale-key-1", "api_key": "333", "seq": 9})
				sub(m, "permissions", "roles")["r2"] = map[string]any{"id": "r2", "name": "stray"}
				g := sub(m, "provisioning", "user_groups", "g1")
				g["user_ids"] = append(g["user_ids"].([]any), "u2")
			},
			dups:    []string{"access_key:333", "user:u9"},
			orphans: []string{"role:r2", "user_group_membership:g1/u2"},
		},
		{
			name: "an unnamed key that is not the oldest is an orphan",
			edit: func(m map[string]any) {
				env := sub(m, "provisioning", "product_environments", "env1")
				env["access_keys"] = append(env["access_keys"].([]any), map[string]any{"name": "", "api_key": "444", "seq": 10})
			},
			orphans: []string{"access_key:444"},
		},
		{
			name: "assignment with other parameters is an orphan; the declared one is missing",
			edit: func(m map[string]any) {
				a := sub(m, "permissions")["assignments"].([]any)[0].(map[string]any)
				a["policy_parameters"] = map[string]any{"folder_id": "f2"}
			},
			orphans: []string{"role_assignment:user/u1/r1/env1/folder_id=f2"},
			missing: []string{"role_assignment:user/u1/r1/env1/folder_id=f1"},
		},
		{
			name: "objects gone from the emulator are missing",
			edit: func(m map[string]any) {
				delete(sub(m, "provisioning", "users"), "u2")
				sub(m, "permissions")["assignments"] = []any{}
			},
			missing: []string{"role_assignment:user/u1/r1/env1/folder_id=f1", "user:u2"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Compare(smallDeclared, tfState(t), mutate(t, tc.edit))
			check := func(what string, got []Object, want []string) {
				t.Helper()
				if g := kindsAndIDs(got); !slices.Equal(g, want) {
					t.Errorf("%s = %v, want %v", what, g, want)
				}
			}
			check("duplicates", c.Duplicates, tc.dups)
			check("orphans", c.Orphans, tc.orphans)
			check("missing", c.Missing, tc.missing)
			if len(c.CountMismatch) != tc.mismatch {
				t.Errorf("count mismatches %v", c.CountMismatch)
			}
			if c.OK() {
				t.Error("OK despite findings")
			}
		})
	}
}

func TestCompare_countMismatch(t *testing.T) {
	declared := Counts{}
	for k, v := range smallDeclared {
		declared[k] = v
	}
	declared[KindUser] = 3
	c := Compare(declared, tfState(t), mutate(t, func(map[string]any) {}))
	if len(c.CountMismatch) != 1 || !strings.Contains(c.CountMismatch[0], "user: the configuration declares 3, Terraform state has 2") {
		t.Errorf("count mismatches %v", c.CountMismatch)
	}
}

func TestLeftovers(t *testing.T) {
	empty, err := ParseEmulatorState([]byte(`{"provisioning": {"product_environments": {}, "users": {}, "user_groups": {}}, "permissions": {"roles": {}, "custom_policies": {}, "assignments": []}}`))
	if err != nil {
		t.Fatal(err)
	}
	if l := Leftovers(empty); len(l) != 0 {
		t.Errorf("empty state has leftovers %v", l)
	}
	// After a destroy that missed things: an environment (its default key
	// is not listed separately) and a role.
	left := mutate(t, func(m map[string]any) {
		sub(m, "provisioning")["users"] = map[string]any{}
		sub(m, "provisioning")["user_groups"] = map[string]any{}
		env := sub(m, "provisioning", "product_environments", "env1")
		env["access_keys"] = env["access_keys"].([]any)[:1]
		sub(m, "permissions")["custom_policies"] = map[string]any{}
		sub(m, "permissions")["assignments"] = []any{}
	})
	if got := kindsAndIDs(Leftovers(left)); !slices.Equal(got, []string{"product_environment:env1", "role:r1"}) {
		t.Errorf("leftovers %v", got)
	}
	if empty, _ := ParseTerraformState([]byte(`{"format_version": "1.0"}`)); len(empty.Objects()) != 0 {
		t.Error("an empty Terraform state has objects")
	}
}

// TestEmulatorStateFormat builds a small account in a real (in-process)
// emulator through its API and reads it back with ParseEmulatorState, so the
// comparison's view of the state document cannot drift from the emulator's.
func TestEmulatorStateFormat(t *testing.T) {
	srv := emulatortest.Start(t)
	call := func(method, path string, body any) map[string]any {
		t.Helper()
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req, _ := http.NewRequestWithContext(t.Context(), method, srv.URL+path, rd)
		req.SetBasicAuth(srv.APIKey, srv.APISecret)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode >= 300 {
			t.Fatalf("%s %s: %s %s", method, path, resp.Status, raw)
		}
		var m map[string]any
		_ = json.Unmarshal(raw, &m)
		if d, ok := m["data"].(map[string]any); ok {
			return d
		}
		return m
	}
	prov := "/v1_1/provisioning/accounts/" + srv.AccountID
	perm := "/v2/accounts/" + srv.AccountID + "/permissions"
	env := call("POST", prov+"/sub_accounts", map[string]any{"name": "scale-env-1", "cloud_name": "scale-env-1"})["id"].(string)
	key := call("POST", prov+"/sub_accounts/"+env+"/access_keys", map[string]any{"name": "scale-key-1"})["api_key"].(string)
	user := call("POST", prov+"/users", map[string]any{"name": "U", "email": "Scale-User-1@example.com", "role": "reports"})["id"].(string)
	group := call("POST", prov+"/user_groups", map[string]any{"name": "scale-group-1"})["id"].(string)
	call("POST", prov+"/user_groups/"+group+"/users/"+user, nil)
	role := call("POST", perm+"/roles", map[string]any{"name": "scale-role-1", "permission_type": "content", "scope_type": "prodenv",
		"system_policy_ids": roleTemplates[1].policyIDs})["id"].(string)
	pol := call("POST", perm+"/policies/custom", map[string]any{"name": "scale-policy-1", "scope_type": "prodenv", "scope_id": "all",
		"policy_statement": `permit(principal, action == Cloudinary::Action::"read", resource is Cloudinary::Report) when { resource.type == "x" };`})["id"].(string)
	call("PUT", perm+"/principal_roles", map[string]any{"operation": "add", "principal": map[string]any{"type": "apiKey", "id": key},
		"roles": []any{map[string]any{"id": role, "scope_id": env, "policy_parameters": map[string]any{"folder_id": "f1"}}}})

	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/_emulator/state", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	es, err := ParseEmulatorState(raw)
	if err != nil {
		t.Fatal(err)
	}
	objs, skipped := es.Objects()
	got := map[string]bool{}
	for _, o := range objs {
		got[string(o.Kind)+":"+o.ID+":"+o.Key] = true
	}
	want := []string{
		"product_environment:" + env + ":scale-env-1",
		"access_key:" + key + ":" + env + "/scale-key-1",
		"user:" + user + ":scale-user-1@example.com",
		"user_group:" + group + ":scale-group-1",
		"user_group_membership:" + group + "/" + user + ":" + group + "/" + user,
		"role:" + role + ":scale-role-1",
		"custom_policy:" + pol + ":prodenv/all/scale-policy-1",
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("missing %s in %v", w, kindsAndIDs(objs))
		}
	}
	aid := assignmentID("apiKey", key, role, env, map[string]any{"folder_id": "f1"})
	if !got["role_assignment:"+aid+":"+aid] {
		t.Errorf("assignment %s not found in %v", aid, kindsAndIDs(objs))
	}
	if len(objs) != len(want)+1 || skipped != 1 {
		t.Errorf("%d objects (%v), %d default keys skipped; want %d and 1", len(objs), kindsAndIDs(objs), skipped, len(want)+1)
	}
}

// TestRoleTemplates checks the hard-coded system policy ids against the
// emulator's public catalog: each exists, with the role's permission and
// scope type, and content roles ask for the parameter the scenario gives.
func TestRoleTemplates(t *testing.T) {
	srv := emulatortest.Start(t)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/v2/accounts/permissions/public/catalog", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var cat struct {
		Catalog struct {
			SystemPolicies []struct {
				ID               string   `json:"id"`
				PermissionType   string   `json:"permission_type"`
				ScopeType        string   `json:"scope_type"`
				PolicyParameters []string `json:"policy_parameters"`
			} `json:"system_policies"`
		} `json:"catalog"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&cat); err != nil {
		t.Fatal(err)
	}
	type pol struct {
		perm, scope string
		params      []string
	}
	byID := map[string]pol{}
	for _, p := range cat.Catalog.SystemPolicies {
		byID[p.ID] = pol{p.PermissionType, p.ScopeType, p.PolicyParameters}
	}
	for i, rt := range roleTemplates {
		for _, id := range rt.policyIDs {
			p, ok := byID[id]
			if !ok {
				t.Errorf("template %d: %s is not in the catalog", i, id)
				continue
			}
			if p.perm != rt.permissionType || p.scope != rt.scopeType {
				t.Errorf("template %d: %s is %s/%s, the role %s/%s", i, id, p.perm, p.scope, rt.permissionType, rt.scopeType)
			}
			if rt.permissionType == "content" && !slices.Equal(p.params, []string{rt.param}) {
				t.Errorf("template %d: %s takes %v, the scenario gives %s", i, id, p.params, rt.param)
			}
		}
	}
}

func TestErrorDiagnostics(t *testing.T) {
	out := `cloudinary_user.user_01: Creating...
╷
│ Error: Error creating user
│ 
│   with cloudinary_user.user_02,
│   on main.tf line 42, in resource "cloudinary_user" "user_02":
│   42: resource "cloudinary_user" "user_02" {
│ 
│ POST /users: 409 Conflict: User with email x already exists
╵
╷
│ Error: Invalid provider configuration
│ 
│ no credentials
╵
`
	got := ErrorDiagnostics(out)
	want := []string{
		"Error: Error creating user [with cloudinary_user.user_02]: POST /users: 409 Conflict: User with email x already exists",
		"Error: Invalid provider configuration: no credentials",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestStatsTopOperations(t *testing.T) {
	s := Stats{ByOperation: map[string]int{"getUser": 5, "createUser": 5, "getRole": 9, "a": 1, "b": 1, "c": 1}}
	var got []string
	for _, oc := range s.TopOperations(5) {
		got = append(got, oc.Op)
	}
	if want := []string{"getRole", "createUser", "getUser", "a", "b"}; !slices.Equal(got, want) {
		t.Errorf("top = %v, want %v", got, want)
	}
	if (Stats{Faults: map[string]int{"5xx": 3, "drop": 2}}).Faulted() != 5 {
		t.Error("Faulted")
	}
}

func TestResolveTerraform(t *testing.T) {
	dir := t.TempDir()
	mk := func(name string) string {
		p := dir + "/" + name
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	flagTF, envTF, accTF := mk("tf-flag"), mk("tf-env"), mk("tf-acc")
	t.Setenv("TERRAFORM", envTF)
	t.Setenv("TF_ACC_TERRAFORM_PATH", accTF)
	for _, tc := range []struct{ flag, want string }{{flagTF, flagTF}, {"", envTF}} {
		if got, err := ResolveTerraform(tc.flag); err != nil || got != tc.want {
			t.Errorf("ResolveTerraform(%q) = %q, %v; want %q", tc.flag, got, err, tc.want)
		}
	}
	t.Setenv("TERRAFORM", "")
	if got, _ := ResolveTerraform(""); got != accTF {
		t.Errorf("without TERRAFORM: %q, want %q", got, accTF)
	}
	if _, err := ResolveTerraform(dir + "/missing"); err == nil {
		t.Error("a missing binary was accepted")
	}
}
