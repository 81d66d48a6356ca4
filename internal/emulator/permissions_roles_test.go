package emulator

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func pmRole(id, name, perm, scope string, policies ...string) map[string]any {
	m := map[string]any{"name": name, "permission_type": perm, "scope_type": scope, "system_policy_ids": policies}
	if id != "" {
		m["id"] = id
	}
	return m
}

const (
	polUpload  = "cld::policy::global::upload_presets::manage"
	polCreate  = "cld::policy::global::folder_and_asset_management::create_asset"
	polView    = "cld::policy::content::folder::view_download"
	polAdd     = "cld::policy::content::folder::add_assets"
	polCollect = "cld::policy::content::collection::view"
	polUsers   = "cld::policy::global::users_and_groups::manage"
)

// TestPermGetRoles: permission_type is required (400 without, 400 on a bad
// value); scope_type, management_type and the JSON-encoded policy_parameters
// filter; system roles come first, custom ones after in creation order.
func TestPermGetRoles(t *testing.T) {
	h := newPM(t)
	h.perm("POST", "/roles", pmRole("my_content", "Mine", "content", "prodenv", polView, polCollect)).want(t, 201)
	h.perm("POST", "/roles", pmRole("my_global", "Global", "global", "prodenv", polUpload)).want(t, 201)

	e := h.perm("GET", "/roles", nil).wantErr(t, 400)
	if !strings.Contains(errFields(t, e), "permission_type") {
		t.Fatalf("missing permission_type: %v", e)
	}
	h.perm("GET", "/roles?permission_type=all", nil).wantErr(t, 400)
	h.perm("GET", "/roles?permission_type=global&scope_type=x", nil).wantErr(t, 400)
	h.perm("GET", "/roles?permission_type=global&management_type=x", nil).wantErr(t, 400)
	h.perm("GET", "/roles?permission_type=content&policy_parameters="+url.QueryEscape("[folder"), nil).wantErr(t, 400)

	global := h.perm("GET", "/roles?permission_type=global", nil).want(t, 200).dataList(t)
	gids := ids(global)
	if gids[0] != "cld::role::account::master_admin" || gids[len(gids)-1] != "my_global" {
		t.Fatalf("global order: %v", gids)
	}
	for _, r := range global {
		if r["permission_type"] != "global" || r["management_type"] == nil || r["created_at"] == nil {
			t.Fatalf("global role: %v", r)
		}
		if _, has := r["policies"]; has {
			t.Fatalf("list items carry no policies: %v", r)
		}
	}
	acct := ids(h.perm("GET", "/roles?permission_type=global&scope_type=account", nil).want(t, 200).dataList(t))
	if len(acct) != 4 || contains(acct, "my_global") {
		t.Fatalf("account roles: %v", acct)
	}
	custom := ids(h.perm("GET", "/roles?permission_type=global&management_type=custom", nil).want(t, 200).dataList(t))
	if strings.Join(custom, ",") != "my_global" {
		t.Fatalf("custom roles: %v", custom)
	}
	folder := ids(h.perm("GET", "/roles?permission_type=content&policy_parameters="+url.QueryEscape(`["folder_id"]`), nil).want(t, 200).dataList(t))
	if !contains(folder, "cld::role::folder::viewer") || contains(folder, "cld::role::collection::viewer") || !contains(folder, "my_content") {
		t.Fatalf("folder roles: %v", folder)
	}
	both := ids(h.perm("GET", "/roles?permission_type=content&policy_parameters=folder_id&policy_parameters=collection_id", nil).want(t, 200).dataList(t))
	if strings.Join(both, ",") != "my_content" {
		t.Fatalf("folder+collection roles: %v", both)
	}
	system := h.perm("GET", "/roles?permission_type=content&management_type=system", nil).want(t, 200).dataList(t)
	for _, r := range system {
		if r["policy_parameters"] == nil || r["management_type"] != "system" {
			t.Fatalf("system content role: %v", r)
		}
	}
}

// TestPermRoleCRUD: create with and without a caller id (201, policies as
// objects, derived policy_parameters), get (system and custom; folder_id
// fills placeholders), update (200, description cleared when omitted,
// immutable types accepted unchanged) and delete (204, then 404).
func TestPermRoleCRUD(t *testing.T) {
	h := newPM(t)
	body := pmRole("upload_manager_1", "Upload manager", "global", "prodenv", polUpload, polCreate, polUpload)
	body["description"] = "uploads"
	c := h.perm("POST", "/roles", body).want(t, 201).dataObj(t)
	if c["id"] != "upload_manager_1" || c["management_type"] != "custom" || c["description"] != "uploads" ||
		c["created_at"].(float64) != 1750000000 {
		t.Fatalf("created: %v", c)
	}
	if got := ids(pmList(t, c["policies"])); strings.Join(got, ",") != polUpload+","+polCreate {
		t.Fatalf("policies (deduplicated, in order): %v", got)
	}
	if _, has := c["policy_parameters"]; has {
		t.Fatalf("global role with policy_parameters: %v", c)
	}

	gen := h.perm("POST", "/roles", pmRole("", "Marketing content contributor!", "content", "prodenv", polView, polAdd)).want(t, 201).dataObj(t)
	genID := gen["id"].(string)
	if !strings.HasPrefix(genID, "marketing_content_contributor_") || len(genID) <= len("marketing_content_contributor_") {
		t.Fatalf("generated id %q", genID)
	}
	if fmt.Sprint(gen["policy_parameters"]) != "[folder_id]" {
		t.Fatalf("derived policy_parameters: %v", gen["policy_parameters"])
	}

	g := h.perm("GET", "/roles/"+genID, nil).want(t, 200).dataObj(t)
	if pols := pmList(t, g["policies"]); len(pols) != 2 || !strings.Contains(pols[0]["policy_statement"].(string), "<folder_id>") {
		t.Fatalf("get: %v", g)
	}
	g = h.perm("GET", "/roles/"+genID+"?folder_id=abc123", nil).want(t, 200).dataObj(t)
	if s := pmList(t, g["policies"])[0]["policy_statement"].(string); !strings.Contains(s, `"abc123"`) || strings.Contains(s, "<folder_id>") {
		t.Fatalf("folder_id not filled: %s", s)
	}
	g = h.perm("GET", "/roles/cld::role::collection::viewer?param_key=collection_id&param_value=col9", nil).want(t, 200).dataObj(t)
	if s := pmList(t, g["policies"])[0]["policy_statement"].(string); !strings.Contains(s, `"col9"`) || g["management_type"] != "system" {
		t.Fatalf("param_key/value not filled: %v", g)
	}
	h.perm("GET", "/roles/"+genID+"?param_key=folder_id", nil).wantErr(t, 400)
	h.perm("GET", "/roles/nope", nil).wantErr(t, 404)

	up := map[string]any{"name": "Upload boss", "system_policy_ids": []string{polCreate},
		"permission_type": "global", "scope_type": "prodenv", "id": "upload_manager_1"}
	u := h.perm("PUT", "/roles/upload_manager_1", up).want(t, 200).dataObj(t)
	if u["name"] != "Upload boss" || u["description"] != nil || len(pmList(t, u["policies"])) != 1 {
		t.Fatalf("updated: %v", u)
	}

	d := h.perm("DELETE", "/roles/upload_manager_1", nil).want(t, 204)
	if len(d.body) != 0 {
		t.Fatalf("204 with body %q", d.body)
	}
	h.perm("GET", "/roles/upload_manager_1", nil).wantErr(t, 404)
	h.perm("DELETE", "/roles/upload_manager_1", nil).wantErr(t, 404)
	h.perm("PUT", "/roles/upload_manager_1", up).wantErr(t, 404)
}

// TestPermRoleValidation: 400 for bad bodies, missing fields, bad enums,
// unknown or mismatched system policies, content roles on account, bad or
// reserved ids, and type changes on update; 409 for a taken id (custom or
// system) or name; 403 for updating a system role.
func TestPermRoleValidation(t *testing.T) {
	h := newPM(t)
	h.perm("POST", "/roles", "[]").wantErr(t, 400)
	e := h.perm("POST", "/roles", map[string]any{"description": "x"}).wantErr(t, 400)
	f := errFields(t, e)
	for _, k := range []string{"name", "permission_type", "scope_type", "system_policy_ids"} {
		if !strings.Contains(f, k) {
			t.Fatalf("missing %s not reported: %v", k, e)
		}
	}
	h.perm("POST", "/roles", pmRole("", "r", "partial", "prodenv", polUpload)).wantErr(t, 400)
	h.perm("POST", "/roles", pmRole("", "r", "global", "planet", polUpload)).wantErr(t, 400)
	e = h.perm("POST", "/roles", pmRole("", "r", "global", "prodenv", "cld::global::upload_presets::sample")).wantErr(t, 400)
	if !strings.Contains(errFields(t, e), "cld::global::upload_presets::sample") {
		t.Fatalf("unknown policy details: %v", e)
	}
	h.perm("POST", "/roles", pmRole("", "r", "global", "account", polUpload)).wantErr(t, 400) // prodenv policy
	h.perm("POST", "/roles", pmRole("", "r", "global", "prodenv", polView)).wantErr(t, 400)   // content policy
	h.perm("POST", "/roles", pmRole("", "r", "content", "account", polView)).wantErr(t, 400)
	h.perm("POST", "/roles", pmRole("bad id/with slash", "r", "global", "prodenv", polUpload)).wantErr(t, 400)
	h.perm("POST", "/roles", pmRole("cld::role::mine", "r", "global", "prodenv", polUpload)).wantErr(t, 400)

	h.perm("POST", "/roles", pmRole("r1", "Role one", "global", "account", polUsers)).want(t, 201)
	e = h.perm("POST", "/roles", pmRole("r1", "Other", "global", "account", polUsers)).wantErr(t, 409)
	if !strings.Contains(errFields(t, e), "r1") {
		t.Fatalf("id conflict details: %v", e)
	}
	h.perm("POST", "/roles", pmRole("cld::role::account::admin", "Other", "global", "account", polUsers)).wantErr(t, 409)
	e = h.perm("POST", "/roles", pmRole("", "Role one", "global", "account", polUsers)).wantErr(t, 409)
	if !strings.Contains(errFields(t, e), "Role one") {
		t.Fatalf("name conflict details: %v", e)
	}
	// A custom role may share a system role's name (the document's example does).
	h.perm("POST", "/roles", pmRole("", "Admin", "global", "account", polUsers)).want(t, 201)

	h.perm("POST", "/roles", pmRole("r2", "Role two", "global", "account", polUsers)).want(t, 201)
	upd := func(extra map[string]any) map[string]any {
		m := map[string]any{"name": "Role two", "system_policy_ids": []string{polUsers}}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	h.perm("PUT", "/roles/r2", upd(map[string]any{"permission_type": "content"})).wantErr(t, 400)
	h.perm("PUT", "/roles/r2", upd(map[string]any{"scope_type": "prodenv"})).wantErr(t, 400)
	h.perm("PUT", "/roles/r2", upd(map[string]any{"id": "r3"})).wantErr(t, 400)
	h.perm("PUT", "/roles/r2", upd(map[string]any{"name": "Role one"})).wantErr(t, 409)
	h.perm("PUT", "/roles/r2", map[string]any{"name": "Role two", "system_policy_ids": []string{}}).wantErr(t, 400)
	h.perm("PUT", "/roles/r2", upd(map[string]any{"system_policy_ids": []string{polUpload}})).wantErr(t, 400)
	h.perm("PUT", "/roles/r2", "nope").wantErr(t, 400)
	h.perm("PUT", "/roles/r2", upd(nil)).want(t, 200) // same name as itself is fine
	h.perm("PUT", "/roles/cld::role::account::admin", upd(nil)).wantErr(t, 403)
}

// TestPermDeleteRole: system roles are 403; a held role is refused with 403
// (deleteRole documents no 409) listing the holders unless force=true, which
// also drops the assignments; force must be a boolean.
func TestPermDeleteRole(t *testing.T) {
	h := newPM(t)
	env := h.newEnv()
	u, g := h.newUser(), h.newGroup()
	h.perm("POST", "/roles", pmRole("held", "Held", "content", "prodenv", polView)).want(t, 201)
	h.assign("user", u, roleRef("held", env, map[string]any{"folder_id": "f1"}))
	h.assign("group", g, roleRef("held", env, map[string]any{"folder_id": "f2"}))

	h.perm("DELETE", "/roles/cld::role::prodenv::admin", nil).wantErr(t, 403)
	h.perm("DELETE", "/roles/held?force=sure", nil).wantErr(t, 400)
	e := h.perm("DELETE", "/roles/held", nil).wantErr(t, 403)
	holders := pmList(t, e["details"].(map[string]any)["principals"])
	if len(holders) != 2 || holders[0]["id"] != u || holders[1]["id"] != g || holders[1]["type"] != "group" {
		t.Fatalf("holders: %v", holders)
	}
	if e["category"] != "user_error" || e["code"] != "ACCOUNTS_00006" || !strings.Contains(e["message"].(string), "force=true") {
		t.Fatalf("held role refusal: %v", e)
	}
	h.perm("DELETE", "/roles/held?force=false", nil).wantErr(t, 403)
	h.perm("GET", "/roles/held", nil).want(t, 200)

	// Role edits that would strand assignments' parameters are refused.
	h.perm("PUT", "/roles/held", map[string]any{"name": "Held", "system_policy_ids": []string{polCollect}}).wantErr(t, 400)
	h.perm("PUT", "/roles/held", map[string]any{"name": "Held", "system_policy_ids": []string{polView, polAdd}}).want(t, 200)

	h.perm("DELETE", "/roles/held?force=true", nil).want(t, 204)
	h.perm("GET", "/roles/held", nil).wantErr(t, 404)
	if got := h.perm("GET", "/principal_roles?principal_type=user&principal_id="+u, nil).want(t, 200).dataList(t); len(got) != 0 {
		t.Fatalf("assignments survived force delete: %v", got)
	}
	// Unheld roles delete without force.
	h.perm("POST", "/roles", pmRole("free", "Free", "global", "account", polUsers)).want(t, 201)
	h.perm("DELETE", "/roles/free", nil).want(t, 204)
}

// TestPermRolePrincipals: updateRolePrincipals adds and removes many
// principals (200, JSON body), with the same validation as principal_roles;
// getRolePrincipals lists them (verbose or id/type only, deduplicated) with
// scope and content filters; 404 for an unknown role.
func TestPermRolePrincipals(t *testing.T) {
	h := newPM(t)
	env, env2 := h.newEnv(), h.newEnv()
	u1, u2, key := h.newUser(), h.newUser(), h.newKey(env)
	role := "cld::role::folder::editor"
	add := func(op string, principals ...map[string]any) pmResp {
		return h.perm("PUT", "/roles/"+role+"/principals", map[string]any{"operation": op, "principals": principals})
	}
	p := func(typ, id, scope, folder string) map[string]any {
		m := map[string]any{"principal_type": typ, "principal_id": id, "scope_id": scope}
		if folder != "" {
			m["policy_parameters"] = map[string]any{"folder_id": folder}
		}
		return m
	}
	out := add("add", p("user", u1, env, "f1"), p("user", u1, env2, "f9"), p("user", u2, env, "f2"), p("apiKey", key, env, "f1")).want(t, 200).dataList(t)
	if len(out) != 4 || out[0]["role_id"] != role || out[0]["scope_type"] != "prodenv" {
		t.Fatalf("update answer: %v", out)
	}
	add("add", p("user", u1, env, "f1")).want(t, 200) // idempotent

	all := h.perm("GET", "/roles/"+role+"/principals?verbose=true", nil).want(t, 200).dataList(t)
	if len(all) != 4 || all[0]["id"] != u1 || all[0]["scope_id"] != env || all[0]["created_at"] == nil {
		t.Fatalf("verbose: %v", all)
	}
	brief := h.perm("GET", "/roles/"+role+"/principals", nil).want(t, 200).dataList(t)
	if len(brief) != 3 {
		t.Fatalf("non-verbose entries are per principal: %v", brief)
	}
	for _, b := range brief {
		if len(b) != 2 || b["id"] == nil || b["type"] == nil {
			t.Fatalf("non-verbose entry: %v", b)
		}
	}
	if got := h.perm("GET", "/roles/"+role+"/principals?verbose=true&folder_id=f1", nil).want(t, 200).dataList(t); len(got) != 2 {
		t.Fatalf("folder filter: %v", got)
	}
	if got := h.perm("GET", "/roles/"+role+"/principals?verbose=true&param_key=folder_id&param_value=f2", nil).want(t, 200).dataList(t); len(got) != 1 || got[0]["id"] != u2 {
		t.Fatalf("param filter: %v", got)
	}
	if got := h.perm("GET", "/roles/"+role+"/principals?verbose=true&scope_type=prodenv&scope_id="+env2, nil).want(t, 200).dataList(t); len(got) != 1 || got[0]["policy_parameters"].(map[string]any)["folder_id"] != "f9" {
		t.Fatalf("scope filter: %v", got)
	}
	if got := h.perm("GET", "/roles/"+role+"/principals?scope_type=account", nil).want(t, 200).dataList(t); len(got) != 0 {
		t.Fatalf("account filter: %v", got)
	}

	out = add("remove", map[string]any{"principal_type": "user", "principal_id": u1}).want(t, 200).dataList(t)
	if len(out) != 2 {
		t.Fatalf("remove without scope removes every assignment of the principal: %v", out)
	}
	add("remove", p("apiKey", key, env, "other-folder")).want(t, 200) // no match: no-op
	if got := h.perm("GET", "/roles/"+role+"/principals", nil).want(t, 200).dataList(t); len(got) != 2 {
		t.Fatalf("after no-op remove: %v", got)
	}
	add("remove", p("apiKey", key, env, "f1")).want(t, 200)
	if got := h.perm("GET", "/roles/"+role+"/principals", nil).want(t, 200).dataList(t); len(got) != 1 {
		t.Fatalf("after exact remove: %v", got)
	}

	e := h.perm("PUT", "/roles/"+role+"/principals", map[string]any{"principals": []any{map[string]any{}}}).wantErr(t, 400)
	for _, k := range []string{"operation", "principal_type", "principal_id"} {
		if !strings.Contains(errFields(t, e), k) {
			t.Fatalf("missing %s: %v", k, e)
		}
	}
	add("subtract", p("user", u2, env, "f1")).wantErr(t, 400)
	add("add", p("robot", u2, env, "f1")).wantErr(t, 400)
	add("add", p("user", u2, env, "")).wantErr(t, 400)
	add("add", p("user", "ghost", env, "f1")).wantErr(t, 404)
	h.perm("PUT", "/roles/nope/principals", map[string]any{"operation": "add", "principals": []any{p("user", u2, env, "f1")}}).wantErr(t, 404)
	h.perm("GET", "/roles/nope/principals", nil).wantErr(t, 404)
	h.perm("GET", "/roles/"+role+"/principals?verbose=loud", nil).wantErr(t, 400)
	h.perm("GET", "/roles/"+role+"/principals?scope_type=x", nil).wantErr(t, 400)
}
