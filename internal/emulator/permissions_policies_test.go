package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

const pmPub = "/v2/accounts/permissions/public"

// TestPermCatalogEndpoint: getSystemRolesAndPoliciesCatalog answers the whole
// catalog without auth, in the document's example shape (policy text under
// "policy", roles with system_policy_ids).
func TestPermCatalogEndpoint(t *testing.T) {
	h := newPM(t)
	cat := h.send("GET", pmPub+"/catalog", nil, false).want(t, 200).obj(t)["catalog"].(map[string]any)
	pols := pmList(t, cat["system_policies"])
	roles := pmList(t, cat["system_roles"])
	if len(pols) != len(systemPolicies) || len(roles) != len(systemRoles) {
		t.Fatalf("catalog sizes %d/%d", len(pols), len(roles))
	}
	for _, p := range pols {
		if p["policy"] == "" || p["category"] == "" || p["permission_type"] == "" || p["scope_type"] == "" {
			t.Fatalf("catalog policy lacks fields: %v", p)
		}
	}
	var viewer map[string]any
	for _, r := range roles {
		if r["id"] == "cld::role::folder::viewer" {
			viewer = r
		}
	}
	if viewer == nil || viewer["permission_type"] != "content" || len(viewer["system_policy_ids"].([]any)) != 2 ||
		fmt.Sprint(viewer["policy_parameters"]) != "[folder_id]" {
		t.Fatalf("folder viewer: %v", viewer)
	}
}

// TestPermCedarSchemaEndpoint: getCedarSchema answers {"schema": {...}}
// without auth, with the Cloudinary namespace's entity types and actions.
func TestPermCedarSchemaEndpoint(t *testing.T) {
	h := newPM(t)
	s := h.send("GET", pmPub+"/schema", nil, false).want(t, 200).obj(t)["schema"].(map[string]any)
	ns := s["Cloudinary"].(map[string]any)
	ents := ns["entityTypes"].(map[string]any)
	for _, e := range []string{"User", "Group", "APIKey", "Folder", "Collection", "Asset"} {
		if _, ok := ents[e]; !ok {
			t.Errorf("no entity type %s", e)
		}
	}
	if _, ok := ns["actions"].(map[string]any)["read"]; !ok {
		t.Error("no read action")
	}
}

// TestPermValidateCedarPolicy: valid and invalid statements answer 200 with
// valid and CedarError objects (syntax errors with line:column, schema
// errors like the document's invalid_principal); a bad body answers 400.
func TestPermValidateCedarPolicy(t *testing.T) {
	h := newPM(t)
	v := h.send("POST", pmPub+"/validate", map[string]any{"policy": `permit(principal == Cloudinary::APIKey::"1234", action == Cloudinary::Action::"read", resource is Cloudinary::Folder) when {resource.ancestor_ids.contains("x")};`}, false).want(t, 200).obj(t)
	if v["valid"] != true || len(v["errors"].([]any)) != 0 {
		t.Fatalf("valid policy: %v", v)
	}
	v = h.send("POST", pmPub+"/validate", map[string]any{"policy": "permit(principal, action, resource)\nwhen { true }\nunless"}, false).want(t, 200).obj(t)
	errs := pmList(t, v["errors"])
	if v["valid"] != false || len(errs) != 1 || errs[0]["cedar_code"] != cedarErrorCode ||
		!strings.Contains(errs[0]["cedar_message"].(string), ":3:") {
		t.Fatalf("syntax error: %v", v)
	}
	v = h.send("POST", pmPub+"/validate", map[string]any{"policy": `permit(principal == Cloudinary::APIKy::"1234", action, resource);`}, false).want(t, 200).obj(t)
	errs = pmList(t, v["errors"])
	if v["valid"] != false || !strings.HasPrefix(errs[0]["cedar_message"].(string), "invalid_principal") {
		t.Fatalf("invalid principal: %v", v)
	}
	e := h.send("POST", pmPub+"/validate", map[string]any{"statement": "x"}, false).wantErr(t, 400)
	if !strings.Contains(errFields(t, e), "policy") {
		t.Fatalf("missing policy: %v", e)
	}
	h.send("POST", pmPub+"/validate", "{not json", false).wantErr(t, 400)
	h.send("POST", pmPub+"/validate", `{"policy": 5}`, false).wantErr(t, 400)
}

// TestPermGetSystemPolicies: scope_type defaults to account; prodenv and
// permission_type filter; a bad enum is 400.
func TestPermGetSystemPolicies(t *testing.T) {
	h := newPM(t)
	def := h.perm("GET", "/policies/system", nil).want(t, 200).dataList(t)
	if len(def) == 0 {
		t.Fatal("no account policies")
	}
	for _, p := range def {
		if p["scope_type"] != "account" || p["policy_statement"] == "" || p["created_at"] == nil {
			t.Fatalf("default list: %v", p)
		}
	}
	env := h.perm("GET", "/policies/system?scope_type=prodenv", nil).want(t, 200).dataList(t)
	content := h.perm("GET", "/policies/system?scope_type=prodenv&permission_type=content", nil).want(t, 200).dataList(t)
	if len(content) == 0 || len(content) >= len(env) {
		t.Fatalf("content %d of prodenv %d", len(content), len(env))
	}
	for _, p := range content {
		if p["permission_type"] != "content" || p["policy_parameters"] == nil {
			t.Fatalf("content policy: %v", p)
		}
	}
	if got := h.perm("GET", "/policies/system?permission_type=content", nil).want(t, 200).dataList(t); len(got) != 0 {
		t.Fatalf("account content policies: %v", ids(got))
	}
	if len(def)+len(env) != len(systemPolicies) {
		t.Fatalf("account %d + prodenv %d != %d", len(def), len(env), len(systemPolicies))
	}
	h.perm("GET", "/policies/system?scope_type=global", nil).wantErr(t, 400)
	h.perm("GET", "/policies/system?permission_type=everything", nil).wantErr(t, 400)
}

func pmPolicy(name, scopeType, scopeID, stmt string) map[string]any {
	m := map[string]any{"name": name, "scope_type": scopeType, "policy_statement": stmt}
	if scopeID != "" {
		m["scope_id"] = scopeID
	}
	return m
}

// TestPermCustomPolicyCRUD: create 201 (enabled defaults to true, epoch
// timestamps, scope_id only for prodenv), get, update 200 (omitted enabled
// means true, omitted description is cleared, identical statement is 409),
// delete 204 with no body, and 404 on every verb for an unknown id.
func TestPermCustomPolicyCRUD(t *testing.T) {
	h := newPM(t)
	env := h.newEnv()
	stmt := `permit(principal == Cloudinary::APIKey::"1234", action == Cloudinary::Action::"read", resource is Cloudinary::Folder) when { resource.ancestor_ids.contains("f1") };`
	body := pmPolicy("Read clothing", "prodenv", env, stmt)
	body["description"] = "read"
	c := h.perm("POST", "/policies/custom", body).want(t, 201).dataObj(t)
	id := c["id"].(string)
	if c["enabled"] != true || c["scope_id"] != env || c["policy_statement"] != stmt || c["description"] != "read" ||
		c["created_at"].(float64) != 1750000000 || c["updated_at"].(float64) != 1750000000 {
		t.Fatalf("created: %v", c)
	}
	g := h.perm("GET", "/policies/custom/"+id, nil).want(t, 200).dataObj(t)
	if g["id"] != id || g["name"] != "Read clothing" {
		t.Fatalf("get: %v", g)
	}
	acct := h.perm("POST", "/policies/custom", map[string]any{"name": "acct", "scope_type": "account",
		"policy_statement": "permit(principal, action, resource);", "enabled": false}).want(t, 201).dataObj(t)
	if _, has := acct["scope_id"]; has || acct["enabled"] != false {
		t.Fatalf("account policy: %v", acct)
	}

	// Names are stored as sent; a blank one is missing.
	sp := h.perm("POST", "/policies/custom", pmPolicy(" spaced ", "account", "", "forbid(principal, action, resource);")).want(t, 201).dataObj(t)
	if sp["name"] != " spaced " {
		t.Fatalf("name normalised: %q", sp["name"])
	}
	h.perm("POST", "/policies/custom", pmPolicy("   ", "account", "", `forbid(principal, action == Cloudinary::Action::"read", resource);`)).wantErr(t, 400)

	// Same statement on update: the document's 409.
	h.perm("PUT", "/policies/custom/"+id, pmPolicy("Renamed", "prodenv", env, stmt)).wantErr(t, 409)

	stmt2 := strings.Replace(stmt, `"read"`, `"update"`, 1)
	up := pmPolicy("Renamed", "prodenv", env, stmt2) // enabled and description omitted
	u := h.perm("PUT", "/policies/custom/"+id, up).want(t, 200).dataObj(t)
	if u["name"] != "Renamed" || u["policy_statement"] != stmt2 || u["enabled"] != true || u["description"] != nil {
		t.Fatalf("updated: %v", u)
	}
	up["policy_statement"] = stmt
	up["enabled"] = false
	if u := h.perm("PUT", "/policies/custom/"+id, up).want(t, 200).dataObj(t); u["enabled"] != false {
		t.Fatalf("disable: %v", u)
	}
	up["policy_statement"] = stmt2
	up["enabled"] = nil // null is "omitted": true
	if u := h.perm("PUT", "/policies/custom/"+id, up).want(t, 200).dataObj(t); u["enabled"] != true {
		t.Fatalf("enabled null: %v", u)
	}

	d := h.perm("DELETE", "/policies/custom/"+id, nil).want(t, 204)
	if len(d.body) != 0 {
		t.Fatalf("204 with body %q", d.body)
	}
	h.perm("GET", "/policies/custom/"+id, nil).wantErr(t, 404)
	e := h.perm("DELETE", "/policies/custom/"+id, nil).wantErr(t, 404)
	if !strings.Contains(errFields(t, e), id) {
		t.Fatalf("404 details: %v", e)
	}
	h.perm("PUT", "/policies/custom/"+id, up).wantErr(t, 404)
}

// TestPermCustomPolicyValidation: 400 for a bad body, missing fields (listed
// in details), bad scope_type, prodenv without scope_id, account with one,
// and invalid Cedar (message with cedar-go's position); 404 for an unknown
// environment.
func TestPermCustomPolicyValidation(t *testing.T) {
	h := newPM(t)
	env := h.newEnv()
	good := "permit(principal, action, resource);"
	h.perm("POST", "/policies/custom", "nope").wantErr(t, 400)
	h.perm("POST", "/policies/custom", `{"name": 1}`).wantErr(t, 400)
	e := h.perm("POST", "/policies/custom", map[string]any{"scope_type": "account"}).wantErr(t, 400)
	if f := errFields(t, e); !strings.Contains(f, "name") || !strings.Contains(f, "policy_statement") {
		t.Fatalf("missing fields: %v", e)
	}
	h.perm("POST", "/policies/custom", pmPolicy("n", "global", "", good)).wantErr(t, 400)
	e = h.perm("POST", "/policies/custom", pmPolicy("n", "prodenv", "", good)).wantErr(t, 400)
	if !strings.Contains(errFields(t, e), "scope_id") {
		t.Fatalf("prodenv without scope_id: %v", e)
	}
	h.perm("POST", "/policies/custom", pmPolicy("n", "account", env, good)).wantErr(t, 400)
	h.perm("POST", "/policies/custom", pmPolicy("n", "prodenv", "no-such-env", good)).wantErr(t, 404)

	e = h.perm("POST", "/policies/custom", pmPolicy("n", "account", "", "permit(principal, action, resource);\npermit(principal,, action, resource);")).wantErr(t, 400)
	if msg := e["message"].(string); !strings.Contains(msg, ":2:") || e["code"] != cedarErrorCode {
		t.Fatalf("Cedar error: %v", e)
	}
	if f := errFields(t, e); !strings.Contains(f, "cedar_errors") || !strings.Contains(f, "policy_statement") {
		t.Fatalf("Cedar error details: %v", e)
	}
	e = h.perm("POST", "/policies/custom", pmPolicy("n", "account", "", `permit(principal == Cloudinary::APIKy::"1", action, resource);`)).wantErr(t, 400)
	if !strings.Contains(e["message"].(string), "invalid_principal") {
		t.Fatalf("schema error: %v", e)
	}
	// Update validates the same way.
	id := h.perm("POST", "/policies/custom", pmPolicy("ok", "account", "", good)).want(t, 201).dataObj(t)["id"].(string)
	h.perm("PUT", "/policies/custom/"+id, pmPolicy("ok", "account", "", "permit(")).wantErr(t, 400)
	h.perm("PUT", "/policies/custom/"+id, map[string]any{"name": "ok"}).wantErr(t, 400)
	if got := h.perm("GET", "/policies/custom", nil).want(t, 200).dataList(t); len(got) != 1 {
		t.Fatalf("failed creates stored something: %v", got)
	}
}

// TestPermCustomPolicyConflicts: 409 for the same name or the same statement
// in the same scope, on create and update; other scopes are independent.
func TestPermCustomPolicyConflicts(t *testing.T) {
	h := newPM(t)
	env, env2 := h.newEnv(), h.newEnv()
	s1, s2, s3 := "permit(principal, action, resource);", "forbid(principal, action, resource);",
		`permit(principal, action == Cloudinary::Action::"read", resource);`
	id := h.perm("POST", "/policies/custom", pmPolicy("one", "prodenv", env, s1)).want(t, 201).dataObj(t)["id"].(string)
	e := h.perm("POST", "/policies/custom", pmPolicy("one", "prodenv", env, s2)).wantErr(t, 409)
	if !strings.Contains(errFields(t, e), "one") {
		t.Fatalf("name conflict details: %v", e)
	}
	e = h.perm("POST", "/policies/custom", pmPolicy("two", "prodenv", env, s1)).wantErr(t, 409)
	if !strings.Contains(errFields(t, e), "policy_statement") {
		t.Fatalf("statement conflict details: %v", e)
	}
	h.perm("POST", "/policies/custom", pmPolicy("one", "prodenv", env2, s1)).want(t, 201)
	h.perm("POST", "/policies/custom", pmPolicy("one", "prodenv", "all", s1)).want(t, 201)
	h.perm("POST", "/policies/custom", pmPolicy("one", "account", "", s1)).want(t, 201)
	id2 := h.perm("POST", "/policies/custom", pmPolicy("two", "prodenv", env, s2)).want(t, 201).dataObj(t)["id"].(string)
	h.perm("PUT", "/policies/custom/"+id2, pmPolicy("one", "prodenv", env, s3)).wantErr(t, 409)
	h.perm("PUT", "/policies/custom/"+id2, pmPolicy("two", "prodenv", env, s1)).wantErr(t, 409)
	// Moving to another scope checks that scope.
	h.perm("PUT", "/policies/custom/"+id, pmPolicy("one", "prodenv", env2, s3)).wantErr(t, 409)
	u := h.perm("PUT", "/policies/custom/"+id, pmPolicy("three", "account", "", s3)).want(t, 200).dataObj(t)
	if u["scope_type"] != "account" {
		t.Fatalf("scope change: %v", u)
	}
}

// TestPermCustomPolicyListPaging: the list follows next_cursor to the end,
// each policy exactly once in creation order; filters by scope (with
// "all"-scoped policies under every environment) and enabled; a delete
// between pages skips nothing; bad cursor, enum and boolean are 400.
func TestPermCustomPolicyListPaging(t *testing.T) {
	h := newPM(t)
	env, env2 := h.newEnv(), h.newEnv()
	const n = 2*customPolicyPageSize + 5
	var want []string
	for i := 0; i < n; i++ {
		b := pmPolicy(fmt.Sprintf("p%02d", i), "account", "",
			fmt.Sprintf(`permit(principal == Cloudinary::User::"u%d", action, resource);`, i))
		b["enabled"] = i%3 != 0
		want = append(want, h.perm("POST", "/policies/custom", b).want(t, 201).dataObj(t)["id"].(string))
	}
	envPol := h.perm("POST", "/policies/custom", pmPolicy("e", "prodenv", env, "permit(principal, action, resource);")).want(t, 201).dataObj(t)["id"].(string)
	allPol := h.perm("POST", "/policies/custom", pmPolicy("a", "prodenv", "all", "permit(principal, action, resource);")).want(t, 201).dataObj(t)["id"].(string)

	var got []string
	cursor, pages := "", 0
	for {
		q := ""
		if cursor != "" {
			q = "?cursor=" + url.QueryEscape(cursor)
		}
		m := h.perm("GET", "/policies/custom"+q, nil).want(t, 200).obj(t)
		page := pmList(t, m["data"])
		if len(page) > customPolicyPageSize {
			t.Fatalf("page of %d", len(page))
		}
		got = append(got, ids(page)...)
		pages++
		if pages == 1 {
			// A delete between pages must not shift the next page.
			h.perm("DELETE", "/policies/custom/"+want[0], nil).want(t, 204)
		}
		c, ok := m["next_cursor"].(string)
		if !ok {
			break
		}
		cursor = c
	}
	if pages != 3 || strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("paged %d pages, got %d ids, want %d in order", pages, len(got), len(want))
	}

	enabled := 0
	for _, q := range []string{"?enabled=true", "?enabled=false"} {
		cursor := ""
		for {
			m := h.perm("GET", "/policies/custom"+q+"&cursor="+url.QueryEscape(cursor), nil).want(t, 200).obj(t)
			for _, p := range pmList(t, m["data"]) {
				if (q == "?enabled=true") != (p["enabled"] == true) {
					t.Fatalf("%s returned %v", q, p)
				}
				if q == "?enabled=true" {
					enabled++
				}
			}
			c, ok := m["next_cursor"].(string)
			if !ok {
				break
			}
			cursor = c
		}
	}
	if enabled != 30 {
		t.Fatalf("enabled count %d", enabled)
	}

	l := h.perm("GET", "/policies/custom?scope_type=prodenv&scope_id="+env, nil).want(t, 200).dataList(t)
	if strings.Join(ids(l), ",") != envPol+","+allPol {
		t.Fatalf("env list: %v", ids(l))
	}
	if l := h.perm("GET", "/policies/custom?scope_type=prodenv&scope_id="+env2, nil).want(t, 200).dataList(t); len(l) != 1 || l[0]["id"] != allPol {
		t.Fatalf("env2 list: %v", ids(l))
	}
	if l := h.perm("GET", "/policies/custom?scope_type=prodenv&scope_id=all", nil).want(t, 200).dataList(t); len(l) != 1 {
		t.Fatalf("all list: %v", ids(l))
	}
	if l := h.perm("GET", "/policies/custom?scope_type=prodenv&scope_id=unknown-env", nil).want(t, 200).dataList(t); len(l) != 1 {
		t.Fatalf("unknown env lists only all-scoped: %v", ids(l))
	}
	h.perm("GET", "/policies/custom?scope_type=prodenv", nil).wantErr(t, 400)
	h.perm("GET", "/policies/custom?scope_type=account&scope_id="+env, nil).wantErr(t, 400)
	h.perm("GET", "/policies/custom?scope_type=galaxy", nil).wantErr(t, 400)
	h.perm("GET", "/policies/custom?enabled=maybe", nil).wantErr(t, 400)
	h.perm("GET", "/policies/custom?cursor=!!!", nil).wantErr(t, 400)
	h.perm("GET", "/policies/custom?cursor="+encodeCursor("abc"), nil).wantErr(t, 400)
}

// TestPermEffectivePolicies: a principal's roles come with their system
// policies rendered for it (principal bound, placeholders filled); custom
// policies are the enabled ones of the scope whose Cedar principal can match;
// without a principal every holder is listed; errors: 400 enum / half a
// principal / scope_id on account, 404 unknown principal or environment.
func TestPermEffectivePolicies(t *testing.T) {
	h := newPM(t)
	env := h.newEnv()
	user, other := h.newUser(), h.newUser()
	h.assign("user", user,
		roleRef("cld::role::prodenv::reports", env, nil),
		roleRef("cld::role::folder::viewer", env, map[string]any{"folder_id": "fold1"}),
		roleRef("cld::role::account::billing", "", nil))
	h.assign("user", other, roleRef("cld::role::prodenv::ml_user", "all", nil))
	mine := h.perm("POST", "/policies/custom", pmPolicy("mine", "prodenv", env,
		fmt.Sprintf(`permit(principal == Cloudinary::User::%q, action, resource);`, user))).want(t, 201).dataObj(t)["id"].(string)
	everyone := h.perm("POST", "/policies/custom", pmPolicy("everyone", "prodenv", "all",
		`permit(principal, action == Cloudinary::Action::"read", resource);`)).want(t, 201).dataObj(t)["id"].(string)
	h.perm("POST", "/policies/custom", pmPolicy("theirs", "prodenv", env,
		fmt.Sprintf(`permit(principal == Cloudinary::User::%q, action, resource);`, other))).want(t, 201)
	disabled := pmPolicy("disabled", "prodenv", env, `forbid(principal, action, resource);`)
	disabled["enabled"] = false
	h.perm("POST", "/policies/custom", disabled).want(t, 201)

	d := h.perm("GET", "/policies/effective?scope_type=prodenv&scope_id="+env+"&principal_type=user&principal_id="+user, nil).want(t, 200).dataObj(t)
	ps := pmList(t, d["principals"])
	if len(ps) != 1 || ps[0]["principal_id"] != user || ps[0]["principal_type"] != "user" {
		t.Fatalf("principals: %v", ps)
	}
	roles := pmList(t, ps[0]["roles"])
	if strings.Join(ids(roles), ",") != "cld::role::prodenv::reports,cld::role::folder::viewer" {
		t.Fatalf("roles: %v", ids(roles))
	}
	for _, sp := range pmList(t, roles[1]["system_policies"]) {
		s := sp["policy_statement"].(string)
		if !strings.Contains(s, `principal == Cloudinary::User::"`+user+`"`) || !strings.Contains(s, `"fold1"`) || strings.Contains(s, "<folder_id>") {
			t.Fatalf("rendered statement: %s", s)
		}
		if _, errs := parseCedar(s); errs != nil {
			t.Fatalf("rendered statement invalid: %v", errs)
		}
	}
	if got := ids(pmList(t, d["custom_policies"])); strings.Join(got, ",") != mine+","+everyone {
		t.Fatalf("custom policies: %v", got)
	}

	// Account scope is the default.
	d = h.perm("GET", "/policies/effective?principal_type=user&principal_id="+user, nil).want(t, 200).dataObj(t)
	if r := pmList(t, pmList(t, d["principals"])[0]["roles"]); len(r) != 1 || r[0]["id"] != "cld::role::account::billing" {
		t.Fatalf("account scope: %v", r)
	}
	// Without a principal: every holder in the scope, and every enabled policy.
	d = h.perm("GET", "/policies/effective?scope_type=prodenv&scope_id="+env, nil).want(t, 200).dataObj(t)
	if ps := pmList(t, d["principals"]); len(ps) != 2 {
		t.Fatalf("all principals: %v", ps)
	}
	if cp := pmList(t, d["custom_policies"]); len(cp) != 3 {
		t.Fatalf("all custom policies: %v", ids(cp))
	}
	// A principal with nothing is still named.
	g := h.newGroup()
	d = h.perm("GET", "/policies/effective?scope_type=prodenv&scope_id="+env+"&principal_type=group&principal_id="+g, nil).want(t, 200).dataObj(t)
	if ps := pmList(t, d["principals"]); len(ps) != 1 || len(pmList(t, ps[0]["roles"])) != 0 {
		t.Fatalf("empty principal: %v", ps)
	}

	h.perm("GET", "/policies/effective?scope_type=nope", nil).wantErr(t, 400)
	h.perm("GET", "/policies/effective?principal_type=robot&principal_id=x", nil).wantErr(t, 400)
	h.perm("GET", "/policies/effective?principal_type=user", nil).wantErr(t, 400)
	h.perm("GET", "/policies/effective?principal_id="+user, nil).wantErr(t, 400)
	h.perm("GET", "/policies/effective?scope_type=account&scope_id="+env, nil).wantErr(t, 400)
	h.perm("GET", "/policies/effective?principal_type=user&principal_id=ghost", nil).wantErr(t, http.StatusNotFound)
	h.perm("GET", "/policies/effective?scope_type=prodenv&scope_id=ghost-env", nil).wantErr(t, http.StatusNotFound)
}
