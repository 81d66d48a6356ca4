package emulator

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func pmPrincipalRoles(op, pType, pID string, roles ...map[string]any) map[string]any {
	return map[string]any{"operation": op, "principal": map[string]any{"type": pType, "id": pID}, "roles": roles}
}

// TestPermUpdatePrincipalRoles: add/remove roles for one principal (200 with
// the principal's roles as JSON), scope rules per role type, content
// parameters, idempotent add, per-principal-type existence checks, and
// all-or-nothing application.
func TestPermUpdatePrincipalRoles(t *testing.T) {
	h := newPM(t)
	env := h.newEnv()
	u, g, key := h.newUser(), h.newGroup(), h.newKey(env)
	put := func(b map[string]any) pmResp { return h.perm("PUT", "/principal_roles", b) }
	folder := func(f string) map[string]any { return map[string]any{"folder_id": f} }

	out := put(pmPrincipalRoles("add", "user", u,
		roleRef("cld::role::account::reports", "", nil),
		roleRef("cld::role::prodenv::reports", env, nil),
		roleRef("cld::role::prodenv::ml_user", "all", nil),
		roleRef("cld::role::folder::viewer", env, folder("f1")),
		roleRef("cld::role::folder::viewer", env, folder("f2")))).want(t, 200).dataList(t)
	if len(out) != 5 {
		t.Fatalf("answer: %v", out)
	}
	if _, has := out[0]["scope_id"]; has {
		t.Fatalf("account role with scope_id: %v", out[0])
	}
	if out[3]["policy_parameters"].(map[string]any)["folder_id"] != "f1" || out[3]["scope_id"] != env {
		t.Fatalf("content assignment: %v", out[3])
	}
	// Identical add is a no-op.
	out = put(pmPrincipalRoles("add", "user", u, roleRef("cld::role::folder::viewer", env, folder("f1")))).want(t, 200).dataList(t)
	if len(out) != 5 {
		t.Fatalf("idempotent add: %d roles", len(out))
	}

	// Each principal type is checked against the provisioning side;
	// provisioningKey ids are taken on trust.
	put(pmPrincipalRoles("add", "group", g, roleRef("cld::role::account::admin", "", nil))).want(t, 200)
	put(pmPrincipalRoles("add", "apiKey", key, roleRef("cld::role::prodenv::technical_admin", env, nil))).want(t, 200)
	put(pmPrincipalRoles("add", "provisioningKey", "any-key-id", roleRef("cld::role::account::admin", "", nil))).want(t, 200)
	for _, p := range []struct{ t, id string }{{"user", "ghost"}, {"group", u}, {"apiKey", "123"}} {
		e := put(pmPrincipalRoles("add", p.t, p.id, roleRef("cld::role::account::admin", "", nil))).wantErr(t, 404)
		if !strings.Contains(errFields(t, e), p.id) {
			t.Fatalf("404 details: %v", e)
		}
	}

	cases := []struct {
		name   string
		role   map[string]any
		status int
	}{
		{"account role with scope_id", roleRef("cld::role::account::admin", env, nil), 400},
		{"prodenv role without scope_id", roleRef("cld::role::prodenv::admin", "", nil), 400},
		{"unknown environment", roleRef("cld::role::prodenv::admin", "ghost-env", nil), 404},
		{"content role without parameters", roleRef("cld::role::folder::viewer", env, nil), 400},
		{"content role on all environments", roleRef("cld::role::folder::viewer", "all", folder("f")), 400},
		{"content role with wrong key", roleRef("cld::role::folder::viewer", env, map[string]any{"collection_id": "c"}), 400},
		{"content role with extra key", roleRef("cld::role::folder::viewer", env, map[string]any{"folder_id": "f", "x": "y"}), 400},
		{"content role with non-string value", roleRef("cld::role::folder::viewer", env, map[string]any{"folder_id": 5}), 400},
		{"global role with parameters", roleRef("cld::role::prodenv::admin", env, folder("f")), 400},
		{"unknown role", roleRef("no-such-role", env, nil), 404},
	}
	for _, c := range cases {
		put(pmPrincipalRoles("add", "user", u, c.role)).wantErr(t, c.status)
	}
	// One bad role fails the whole request.
	put(pmPrincipalRoles("add", "user", u, roleRef("cld::role::prodenv::admin", env, nil),
		roleRef("cld::role::prodenv::admin", "ghost-env", nil))).wantErr(t, 404)
	if got := h.perm("GET", "/principal_roles?principal_type=user&principal_id="+u, nil).want(t, 200).dataList(t); len(got) != 5 {
		t.Fatalf("partial apply: %d roles", len(got))
	}

	e := put(map[string]any{"principal": map[string]any{}}).wantErr(t, 400)
	for _, k := range []string{"operation", "principal_type", "principal_id", "roles"} {
		if !strings.Contains(errFields(t, e), k) {
			t.Fatalf("missing %s: %v", k, e)
		}
	}
	e = put(pmPrincipalRoles("subtract", "user", u, roleRef("cld::role::account::admin", "", nil))).wantErr(t, 400)
	if !strings.Contains(errFields(t, e), "subtract") {
		t.Fatalf("bad operation details: %v", e)
	}
	put(pmPrincipalRoles("add", "robot", u, roleRef("cld::role::account::admin", "", nil))).wantErr(t, 400)
	put(pmPrincipalRoles("add", "user", u, map[string]any{"scope_id": env})).wantErr(t, 400)
	h.perm("PUT", "/principal_roles", "{").wantErr(t, 400)

	// Remove: exact, by scope, or every assignment of the role.
	out = put(pmPrincipalRoles("remove", "user", u, roleRef("cld::role::folder::viewer", env, folder("f1")))).want(t, 200).dataList(t)
	if len(out) != 4 {
		t.Fatalf("exact remove: %v", out)
	}
	out = put(pmPrincipalRoles("remove", "user", u, roleRef("cld::role::prodenv::ml_user", "all", nil),
		roleRef("cld::role::folder::viewer", "", nil))).want(t, 200).dataList(t)
	if len(out) != 2 {
		t.Fatalf("broad remove: %v", ids(out))
	}
	put(pmPrincipalRoles("remove", "user", u, roleRef("cld::role::prodenv::admin", env, nil))).want(t, 200) // not held: no-op
	put(pmPrincipalRoles("remove", "user", u, roleRef("no-such-role", "", nil))).wantErr(t, 404)
	put(pmPrincipalRoles("remove", "user", "ghost", roleRef("cld::role::account::admin", "", nil))).wantErr(t, 404)
}

// TestPermGetPrincipalRoles: one principal's roles with every filter;
// permission_type is optional (the document's example mixes kinds); missing
// principal fields and bad enums are 400, an unknown principal 404.
func TestPermGetPrincipalRoles(t *testing.T) {
	h := newPM(t)
	env, env2 := h.newEnv(), h.newEnv()
	u := h.newUser()
	h.perm("POST", "/roles", pmRole("mine", "Mine", "content", "prodenv", polCollect)).want(t, 201)
	h.assign("user", u,
		roleRef("cld::role::account::reports", "", nil),
		roleRef("cld::role::prodenv::reports", env, nil),
		roleRef("cld::role::prodenv::ml_user", "all", nil),
		roleRef("cld::role::folder::viewer", env, map[string]any{"folder_id": "f1"}),
		roleRef("mine", env2, map[string]any{"collection_id": "c1"}))
	get := func(q string) []string {
		t.Helper()
		return ids(h.perm("GET", "/principal_roles?principal_type=user&principal_id="+u+q, nil).want(t, 200).dataList(t))
	}
	if got := get(""); len(got) != 5 {
		t.Fatalf("all: %v", got)
	}
	full := h.perm("GET", "/principal_roles?principal_type=user&principal_id="+u, nil).want(t, 200).dataList(t)
	for _, r := range full {
		for _, k := range []string{"id", "name", "management_type", "permission_type", "scope_type", "created_at", "updated_at"} {
			if r[k] == nil {
				t.Fatalf("role lacks %s: %v", k, r)
			}
		}
	}
	checks := map[string]string{
		"&permission_type=content":                         "cld::role::folder::viewer,mine",
		"&permission_type=global&scope_type=account":       "cld::role::account::reports",
		"&management_type=custom":                          "mine",
		"&scope_type=prodenv&scope_id=" + env:              "cld::role::prodenv::reports,cld::role::prodenv::ml_user,cld::role::folder::viewer",
		"&scope_id=all":                                    "cld::role::prodenv::ml_user",
		"&folder_id=f1":                                    "cld::role::folder::viewer",
		"&collection_id=c1":                                "mine",
		"&param_key=collection_id&param_value=c1":          "mine",
		"&param_key=folder_id&param_value=f2":              "",
		"&asset_id=ignored&permission_type=global":         "cld::role::account::reports,cld::role::prodenv::reports,cld::role::prodenv::ml_user",
		"&folder_id=f1&param_key=folder_id&param_value=f1": "cld::role::folder::viewer",
	}
	for q, want := range checks {
		if got := strings.Join(get(q), ","); got != want {
			t.Errorf("%s: got %s, want %s", q, got, want)
		}
	}
	e := h.perm("GET", "/principal_roles", nil).wantErr(t, 400)
	if f := errFields(t, e); !strings.Contains(f, "principal_type") || !strings.Contains(f, "principal_id") {
		t.Fatalf("missing fields: %v", e)
	}
	h.perm("GET", "/principal_roles?principal_type=robot&principal_id=x", nil).wantErr(t, 400)
	h.perm("GET", "/principal_roles?principal_type=user&principal_id="+u+"&permission_type=x", nil).wantErr(t, 400)
	h.perm("GET", "/principal_roles?principal_type=user&principal_id="+u+"&management_type=x", nil).wantErr(t, 400)
	h.perm("GET", "/principal_roles?principal_type=user&principal_id="+u+"&param_key=a&param_key=b&param_value=c", nil).wantErr(t, 400)
	h.perm("GET", "/principal_roles?principal_type=user&principal_id=ghost", nil).wantErr(t, 404)
	h.perm("GET", "/principal_roles?principal_type=group&principal_id="+u, nil).wantErr(t, 404)
}

// TestPermInspect: scope_type is required; principals holding roles in the
// scope are paged by cursor to the end (each once, users before groups);
// filters by environment, principal and folder; 404 for an unknown
// environment; 400 for bad enums, half a principal, scope_id on account and
// a bad cursor.
func TestPermInspect(t *testing.T) {
	h := newPM(t)
	env, env2 := h.newEnv(), h.newEnv()
	const n = 2*inspectPageSize + 3
	var users []string
	for i := 0; i < n; i++ {
		u := h.newUser()
		users = append(users, u)
		h.assign("user", u, roleRef("cld::role::prodenv::reports", env, nil))
	}
	g := h.newGroup()
	h.assign("group", g, roleRef("cld::role::folder::viewer", env2, map[string]any{"folder_id": "f1"}),
		roleRef("cld::role::account::admin", "", nil))
	h.assign("user", users[0], roleRef("cld::role::folder::viewer", env2, map[string]any{"folder_id": "f2"}))

	seen := map[string]bool{}
	var order []string
	cursor, pages := "", 0
	for {
		m := h.perm("GET", "/principal_roles/inspect?scope_type=prodenv&cursor="+url.QueryEscape(cursor), nil).want(t, 200).obj(t)
		ps := pmList(t, m["data"].(map[string]any)["principals"])
		if len(ps) > inspectPageSize {
			t.Fatalf("page of %d", len(ps))
		}
		for _, p := range ps {
			k := p["type"].(string) + "/" + p["id"].(string)
			if seen[k] {
				t.Fatalf("%s twice", k)
			}
			seen[k] = true
			order = append(order, p["type"].(string))
			if len(pmList(t, p["roles"])) == 0 {
				t.Fatalf("principal without roles: %v", p)
			}
		}
		pages++
		c, ok := m["next_cursor"].(string)
		if !ok {
			break
		}
		cursor = c
	}
	if len(seen) != n+1 || pages != 3 || order[len(order)-1] != "group" {
		t.Fatalf("inspected %d principals in %d pages, last %s", len(seen), pages, order[len(order)-1])
	}

	q := func(query string) []map[string]any {
		t.Helper()
		return pmList(t, h.perm("GET", "/principal_roles/inspect?"+query, nil).want(t, 200).dataObj(t)["principals"])
	}
	if got := q("scope_type=prodenv&scope_id=" + env2); len(got) != 2 {
		t.Fatalf("env2: %v", got)
	}
	got := q("scope_type=prodenv&folder_id=f1")
	if len(got) != 1 || got[0]["id"] != g || len(pmList(t, got[0]["roles"])) != 1 {
		t.Fatalf("folder filter: %v", got)
	}
	got = q("scope_type=prodenv&principal_type=user&principal_id=" + users[0])
	if len(got) != 1 || len(pmList(t, got[0]["roles"])) != 2 {
		t.Fatalf("principal filter: %v", got)
	}
	got = q("scope_type=account")
	if len(got) != 1 || got[0]["type"] != "group" || pmList(t, got[0]["roles"])[0]["id"] != "cld::role::account::admin" {
		t.Fatalf("account scope: %v", got)
	}
	if got := q("scope_type=prodenv&principal_type=user&principal_id=ghost"); len(got) != 0 {
		t.Fatalf("unknown principal: %v", got)
	}

	e := h.perm("GET", "/principal_roles/inspect", nil).wantErr(t, 400)
	if !strings.Contains(errFields(t, e), "scope_type") {
		t.Fatalf("missing scope_type: %v", e)
	}
	h.perm("GET", "/principal_roles/inspect?scope_type=x", nil).wantErr(t, 400)
	h.perm("GET", "/principal_roles/inspect?scope_type=prodenv&principal_type=x&principal_id=y", nil).wantErr(t, 400)
	h.perm("GET", "/principal_roles/inspect?scope_type=prodenv&principal_type=user", nil).wantErr(t, 400)
	h.perm("GET", "/principal_roles/inspect?scope_type=prodenv&principal_id=x", nil).wantErr(t, 400)
	h.perm("GET", "/principal_roles/inspect?scope_type=account&scope_id="+env, nil).wantErr(t, 400)
	h.perm("GET", "/principal_roles/inspect?scope_type=prodenv&scope_id=ghost-env", nil).wantErr(t, 404)
	h.perm("GET", "/principal_roles/inspect?scope_type=prodenv&cursor="+encodeCursor("robot\x00x"), nil).wantErr(t, 400)
	h.perm("GET", "/principal_roles/inspect?scope_type=prodenv&cursor=***", nil).wantErr(t, 400)
}

// TestPermInspectMultiple: the listed principals (deduplicated, in order) are
// answered with their roles in the scope, empty for principals holding
// nothing or gone; policy_parameters filter; the body cursor pages to the
// end; missing fields and bad enums are 400, an unknown environment 404.
func TestPermInspectMultiple(t *testing.T) {
	h := newPM(t)
	env := h.newEnv()
	u1, u2 := h.newUser(), h.newUser()
	key := h.newKey(env)
	h.assign("user", u1, roleRef("cld::role::folder::viewer", env, map[string]any{"folder_id": "f1"}),
		roleRef("cld::role::prodenv::reports", env, nil))
	h.assign("apiKey", key, roleRef("cld::role::folder::viewer", env, map[string]any{"folder_id": "f2"}))
	pr := func(typ, id string) map[string]any { return map[string]any{"type": typ, "id": id} }
	post := func(b map[string]any) pmResp { return h.perm("POST", "/principal_roles/inspect", b) }

	d := post(map[string]any{"scope_type": "prodenv", "scope_id": env,
		"principals": []any{pr("user", u1), pr("user", u2), pr("apiKey", key), pr("user", u1), pr("user", "gone")}}).want(t, 200).obj(t)
	if _, has := d["next_cursor"]; has {
		t.Fatalf("single page with a cursor: %v", d)
	}
	ps := pmList(t, d["data"].(map[string]any)["principals"])
	if len(ps) != 4 || ps[0]["id"] != u1 || ps[1]["id"] != u2 || ps[2]["type"] != "apiKey" || ps[3]["id"] != "gone" {
		t.Fatalf("principals: %v", ps)
	}
	if len(pmList(t, ps[0]["roles"])) != 2 || len(pmList(t, ps[1]["roles"])) != 0 || len(pmList(t, ps[3]["roles"])) != 0 {
		t.Fatalf("roles: %v", ps)
	}
	ps = pmList(t, post(map[string]any{"scope_type": "prodenv", "policy_parameters": map[string]any{"folder_id": "f1"},
		"principals": []any{pr("user", u1), pr("apiKey", key)}}).want(t, 200).dataObj(t)["principals"])
	if r := pmList(t, ps[0]["roles"]); len(r) != 1 || r[0]["id"] != "cld::role::folder::viewer" || len(pmList(t, ps[1]["roles"])) != 0 {
		t.Fatalf("parameter filter: %v", ps)
	}
	ps = pmList(t, post(map[string]any{"scope_type": "account", "principals": []any{pr("user", u1)}}).want(t, 200).dataObj(t)["principals"])
	if len(pmList(t, ps[0]["roles"])) != 0 {
		t.Fatalf("account scope: %v", ps)
	}

	// Paging over a long list.
	var many []any
	for i := 0; i < inspectPageSize*2+1; i++ {
		many = append(many, pr("provisioningKey", fmt.Sprintf("pk%03d", i)))
	}
	var got []string
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		b := map[string]any{"scope_type": "account", "principals": many, "cursor": cursor}
		m := post(b).want(t, 200).obj(t)
		got = append(got, ids(pmList(t, m["data"].(map[string]any)["principals"]))...)
		c, ok := m["next_cursor"].(string)
		if !ok {
			break
		}
		cursor = c
	}
	if len(got) != len(many) || got[0] != "pk000" || got[len(got)-1] != fmt.Sprintf("pk%03d", len(many)-1) {
		t.Fatalf("paged %d of %d", len(got), len(many))
	}

	e := post(map[string]any{"principals": []any{map[string]any{"type": "user"}}}).wantErr(t, 400)
	if f := errFields(t, e); !strings.Contains(f, "scope_type") || !strings.Contains(f, "principals.id") {
		t.Fatalf("missing fields: %v", e)
	}
	post(map[string]any{"scope_type": "prodenv"}).wantErr(t, 400)
	post(map[string]any{"scope_type": "x", "principals": []any{pr("user", u1)}}).wantErr(t, 400)
	post(map[string]any{"scope_type": "prodenv", "principals": []any{pr("robot", u1)}}).wantErr(t, 400)
	post(map[string]any{"scope_type": "prodenv", "scope_id": "ghost-env", "principals": []any{pr("user", u1)}}).wantErr(t, 404)
	post(map[string]any{"scope_type": "account", "principals": []any{pr("user", u1)}, "cursor": encodeCursor("99")}).wantErr(t, 400)
	raw, _ := json.Marshal(map[string]any{"scope_type": "account", "principals": "nope"})
	h.perm("POST", "/principal_roles/inspect", string(raw)).wantErr(t, 400)
}
