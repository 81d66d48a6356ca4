package emulator

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// One test per row of FIDELITY.md: the behaviours where the emulator follows
// Cloudinary's SDK integration tests rather than the OpenAPI document.

// Row 1: adding a user to a group answers the group's members.
func TestFidelityRow1_AddUserToGroupAnswersMembers(t *testing.T) {
	h := newPV(t, Options{})
	g := h.pvGroup("Editors")["id"].(string)
	ann := h.pvUser(map[string]any{"name": "Ann", "email": "ann@x.io"})["id"].(string)
	bob := h.pvUser(map[string]any{"name": "Bob", "email": "bob@x.io"})["id"].(string)
	first := h.prov("POST", "/user_groups/"+g+"/users/"+ann, nil).want(t, 200).obj(t)
	second := h.prov("POST", "/user_groups/"+g+"/users/"+bob, nil).want(t, 200).obj(t)
	if len(first) != 1 || len(first["users"].([]any)) != 1 {
		t.Errorf("first add answered %v, want {users: [ann]}", first)
	}
	members := second["users"].([]any)
	if len(members) != 2 {
		t.Fatalf("second add answered %v, want both members", second)
	}
	for i, want := range []string{ann, bob} {
		m := members[i].(map[string]any)
		if m["id"] != want || m["name"] == "" || m["email"] == "" || len(m) != 3 {
			t.Errorf("member %d = %v, want {id, name, email} of %s", i, m, want)
		}
	}
}

// Row 2: deleting a user group answers {"ok": true}; the other provisioning
// deletes keep {"message": "ok"}.
func TestFidelityRow2_DeleteUserGroupAnswersOK(t *testing.T) {
	h := newPV(t, Options{})
	g := h.pvGroup("Editors")["id"].(string)
	if got := string(h.prov("DELETE", "/user_groups/"+g, nil).want(t, 200).body); got != `{"ok":true}` {
		t.Errorf("delete user group answered %s, want {\"ok\":true}", got)
	}
	u := h.pvUser(map[string]any{"name": "Ann", "email": "ann@x.io"})["id"].(string)
	if got := h.prov("DELETE", "/users/"+u, nil).want(t, 200).obj(t); got["message"] != "ok" {
		t.Errorf("delete user answered %v, want {message: ok}", got)
	}
}

// Row 3: getUser, createUser and updateUser carry groups as [{id, name}]
// and, for a user restricted to some environments, sub_account_ids as one
// comma-joined string; the list does not.
func TestFidelityRow3_UserCarriesGroupsAndSubAccountIDs(t *testing.T) {
	h := newPV(t, Options{})
	e1 := h.pvEnv(map[string]any{"name": "one"})["id"].(string)
	e2 := h.pvEnv(map[string]any{"name": "two"})["id"].(string)
	created := h.pvUser(map[string]any{"name": "Ann", "email": "ann@x.io", "role": "admin", "sub_account_ids": []string{e2, e1}})
	want := strings.Join(sortedPair(e1, e2), ",")
	if created["sub_account_ids"] != want {
		t.Errorf("create: sub_account_ids = %#v, want the string %q", created["sub_account_ids"], want)
	}
	if gs, ok := created["groups"].([]any); !ok || len(gs) != 0 {
		t.Errorf("create: groups = %#v, want []", created["groups"])
	}
	id := created["id"].(string)
	g := h.pvGroup("Editors")
	h.prov("POST", "/user_groups/"+g["id"].(string)+"/users/"+id, nil).want(t, 200)

	got := h.prov("GET", "/users/"+id, nil).want(t, 200).obj(t)
	gs, _ := got["groups"].([]any)
	if len(gs) != 1 || gs[0].(map[string]any)["id"] != g["id"] || gs[0].(map[string]any)["name"] != "Editors" {
		t.Errorf("get: groups = %#v, want [{id, name}] of Editors", got["groups"])
	}
	if got["sub_account_ids"] != want {
		t.Errorf("get: sub_account_ids = %#v, want %q", got["sub_account_ids"], want)
	}

	upd := h.prov("PUT", "/users/"+id, map[string]any{"sub_account_ids": []string{e1}}).want(t, 200).obj(t)
	if upd["sub_account_ids"] != e1 {
		t.Errorf("update: sub_account_ids = %#v, want %q", upd["sub_account_ids"], e1)
	}
	// A user with every environment has no list.
	all := h.prov("PUT", "/users/"+id, map[string]any{"sub_account_ids": []string{}}).want(t, 200).obj(t)
	if _, ok := all["sub_account_ids"]; ok || all["all_sub_accounts"] != true {
		t.Errorf("all environments: %v", all)
	}
	for _, u := range h.pvList("/users", "users") {
		if _, ok := u["groups"]; ok {
			t.Errorf("the list carries groups: %v", u)
		}
	}
}

func sortedPair(a, b string) []string {
	if b < a {
		return []string{b, a}
	}
	return []string{a, b}
}

// Row 4: custom_attributes come back on create, get, list and update, and
// an update replaces the whole map.
func TestFidelityRow4_CustomAttributesReturnedAndReplaced(t *testing.T) {
	h := newPV(t, Options{})
	env := h.pvEnv(map[string]any{"name": "E", "custom_attributes": map[string]any{"a": "1", "b": "2"}})
	id := env["id"].(string)
	if ca := env["custom_attributes"].(map[string]any); len(ca) != 2 {
		t.Errorf("create: %v", ca)
	}
	upd := h.prov("PUT", "/sub_accounts/"+id, map[string]any{"custom_attributes": map[string]any{"c": "3"}}).want(t, 200).obj(t)
	if ca := upd["custom_attributes"].(map[string]any); len(ca) != 1 || ca["c"] != "3" {
		t.Errorf("update does not replace the map: %v", ca)
	}
	if ca := h.prov("GET", "/sub_accounts/"+id, nil).want(t, 200).obj(t)["custom_attributes"].(map[string]any); ca["c"] != "3" {
		t.Errorf("get: %v", ca)
	}
	if ca := h.pvList("/sub_accounts", "sub_accounts")[0]["custom_attributes"].(map[string]any); ca["c"] != "3" {
		t.Errorf("list: %v", ca)
	}
	// Never set: null, and the key is there.
	plain := h.pvEnv(map[string]any{"name": "plain"})
	if v, ok := plain["custom_attributes"]; !ok || v != nil {
		t.Errorf("without custom attributes: %v (present %v), want null", v, ok)
	}
}

// Row 5: every key has root (true only for the key the environment was
// created with), dedicated_for is an array once set, and the root key
// cannot be deleted.
func TestFidelityRow5_AccessKeysRootAndDedicatedFor(t *testing.T) {
	h := newPV(t, Options{})
	env := h.pvEnv(map[string]any{"name": "E"})
	base := "/sub_accounts/" + env["id"].(string) + "/access_keys"
	gen := h.prov("POST", base, map[string]any{"name": "ci"}).want(t, 200).obj(t)
	if gen["root"] != false {
		t.Errorf("generated key root = %#v, want false", gen["root"])
	}
	if _, ok := gen["dedicated_for"]; ok {
		t.Errorf("dedicated_for before any dedication: %v", gen)
	}
	var root map[string]any
	for _, k := range h.pvList(base, "access_keys") {
		if _, ok := k["root"].(bool); !ok {
			t.Errorf("key without root: %v", k)
		}
		if k["root"] == true {
			root = k
		}
	}
	if root == nil || root["api_key"] != env["api_access_keys"].([]any)[0].(map[string]any)["key"] {
		t.Fatalf("the environment's first key is not the root key: %v", root)
	}
	upd := h.prov("PUT", base+"/"+gen["api_key"].(string), map[string]any{"dedicated_for": "webhooks"}).want(t, 200).obj(t)
	if df, _ := upd["dedicated_for"].([]any); len(df) != 1 || df[0] != "webhooks" {
		t.Errorf("dedicated_for = %#v, want [\"webhooks\"]", upd["dedicated_for"])
	}
	msg := h.prov("DELETE", base+"/"+root["api_key"].(string), nil).wantProvError(t, 403)
	if !strings.Contains(msg, "root access key") {
		t.Errorf("root key refusal says %q", msg)
	}
	h.prov("PUT", base+"/"+root["api_key"].(string), map[string]any{"name": "root"}).want(t, 200)
	h.prov("DELETE", base+"?name=root", nil).wantProvError(t, 403)
	h.prov("DELETE", base+"/"+gen["api_key"].(string), nil).want(t, 200)
}

// Row 6: an omitted cloud_name is derived from the name.
func TestFidelityRow6_CloudNameDerivedFromName(t *testing.T) {
	h := newPV(t, Options{TakenCloudNames: []string{"taken-name"}})
	cases := []struct{ name, want string }{
		{"provisioning_sub_account_name_create_2_abc", "provisioning-sub-account-name-create-2-abc"}, // PHP's test
		{"justname01-02-2024", "justname01-02-2024"},
		{"Contract Production!", "contract-production"},
	}
	for _, c := range cases {
		if got := h.pvEnv(map[string]any{"name": c.name})["cloud_name"]; got != c.want {
			t.Errorf("name %q: cloud_name %v, want %q", c.name, got, c.want)
		}
	}
	// Held names, here or elsewhere, get a suffix rather than a failure.
	re := regexp.MustCompile(`^(justname01-02-2024|taken-name|c)-[0-9a-f]{6}$`)
	for _, name := range []string{"justname01-02-2024", "taken_name", "!!!"} {
		if got := h.pvEnv(map[string]any{"name": name})["cloud_name"].(string); !re.MatchString(got) {
			t.Errorf("name %q: cloud_name %q, want a suffixed derivation", name, got)
		}
	}
	// The create-retry lookup by name finds the environment whatever its
	// cloud name became.
	names := pvField(h.pvList("/sub_accounts?prefix=Contract", "sub_accounts"), "name")
	if len(names) != 1 || names[0] != "Contract Production!" {
		t.Errorf("prefix lookup = %v", names)
	}
}

// Row 7: cloud names held by other accounts are refused (the defaults and
// the option), and renames and deletes are refused from 1,000 assets on.
func TestFidelityRow7_TakenNamesAndAssetLimit(t *testing.T) {
	h := newPV(t, Options{})
	msg := h.prov("POST", "/sub_accounts", map[string]any{"name": "d", "cloud_name": "demo"}).wantProvError(t, 409)
	if !strings.Contains(msg, "demo") || !strings.Contains(msg, "another Cloudinary account") {
		t.Errorf("taken name refusal says %q", msg)
	}
	own := newPV(t, Options{TakenCloudNames: []string{"acme"}})
	own.prov("POST", "/sub_accounts", map[string]any{"name": "d", "cloud_name": "demo"}).want(t, 200)
	own.prov("POST", "/sub_accounts", map[string]any{"name": "a", "cloud_name": "acme"}).wantProvError(t, 409)
	none := newPV(t, Options{TakenCloudNames: []string{}})
	none.prov("POST", "/sub_accounts", map[string]any{"name": "d", "cloud_name": "demo"}).want(t, 200)

	env := h.pvEnv(map[string]any{"name": "E", "cloud_name": "big-env"})
	id := env["id"].(string)
	h.prov("PUT", "/sub_accounts/"+id, map[string]any{"cloud_name": "cloudinary"}).wantProvError(t, 409)

	set := func(body any, status int) map[string]any {
		t.Helper()
		return h.do("PUT", "/_emulator/sub_accounts/"+id+"/assets", body).want(t, status).obj(t)
	}
	if got := set(map[string]any{"count": 1000}, 200); got["assets"] != float64(1000) || got["cloud_name"] != "big-env" {
		t.Errorf("admin answered %v", got)
	}
	set(map[string]any{"count": -1}, 400)
	set(map[string]any{}, 400)
	h.do("PUT", "/_emulator/sub_accounts/nope/assets", map[string]any{"count": 1}).want(t, 404)

	msg = h.prov("PUT", "/sub_accounts/"+id, map[string]any{"cloud_name": "big-env-2"}).wantProvError(t, 403)
	if !strings.Contains(msg, "1000") || !strings.Contains(msg, "big-env") {
		t.Errorf("rename refusal says %q", msg)
	}
	// Everything but the cloud name can still change, and so can the same
	// cloud name be sent again.
	h.prov("PUT", "/sub_accounts/"+id, map[string]any{"name": "Renamed", "cloud_name": "big-env"}).want(t, 200)
	h.prov("DELETE", "/sub_accounts/"+id, nil).wantProvError(t, 403)
	set(map[string]any{"count": 999}, 200)
	h.prov("PUT", "/sub_accounts/"+id, map[string]any{"cloud_name": "big-env-2"}).want(t, 200)
	h.prov("DELETE", "/sub_accounts/"+id, nil).want(t, 200)
	if h.emu.SetAssets(id, 1) {
		t.Error("SetAssets on a deleted environment reported true")
	}
}

// Row 7: the asset count persists with the state.
func TestFidelityRow7_AssetsPersist(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	h := newPV(t, Options{StatePath: state})
	id := h.pvEnv(map[string]any{"name": "E"})["id"].(string)
	h.do("PUT", "/_emulator/sub_accounts/"+id+"/assets", map[string]any{"count": 5000}).want(t, 200)
	again := newPV(t, Options{StatePath: state})
	again.prov("DELETE", "/sub_accounts/"+id, nil).wantProvError(t, 403)
	if data, err := os.ReadFile(state); err != nil || !strings.Contains(string(data), `"assets": 5000`) {
		t.Errorf("state file lacks the asset count (%v)", err)
	}
}

// Row 8: array filters accept repeated keys, brackets and one comma-joined
// value, on both list operations.
func TestFidelityRow8_ArrayQueryForms(t *testing.T) {
	h := newPV(t, Options{})
	a := h.pvEnv(map[string]any{"name": "a", "cloud_name": "env-a"})["id"].(string)
	b := h.pvEnv(map[string]any{"name": "b", "cloud_name": "env-b"})["id"].(string)
	h.pvEnv(map[string]any{"name": "c", "cloud_name": "env-c"})
	u1 := h.pvUser(map[string]any{"name": "u1", "email": "u1@x.io"})["id"].(string)
	u2 := h.pvUser(map[string]any{"name": "u2", "email": "u2@x.io"})["id"].(string)
	h.pvUser(map[string]any{"name": "u3", "email": "u3@x.io"})
	for _, form := range []struct{ name, q string }{
		{"repeated", "ids=" + a + "&ids=" + b},
		{"brackets", "ids[]=" + a + "&ids[]=" + b},
		{"comma", "ids=" + url.QueryEscape(a+","+b)},
		{"cloud_names comma", "cloud_names=" + url.QueryEscape("env-a,env-b")},
		{"cloud_names brackets", "cloud_names[]=env-a&cloud_names[]=env-b"},
	} {
		pvWantList(t, "environments "+form.name, pvField(h.pvList("/sub_accounts?"+form.q, "sub_accounts"), "name"), pvStrs("a", "b"))
	}
	for _, form := range []struct{ name, q string }{
		{"repeated", "ids=" + u1 + "&ids=" + u2},
		{"brackets", "ids[]=" + u1 + "&ids[]=" + u2},
		{"comma", "ids=" + url.QueryEscape(u1+","+u2)},
		{"emails comma", "emails=" + url.QueryEscape("u1@x.io,U2@x.io")},
		{"emails brackets", "emails[]=u1@x.io&emails[]=u2@x.io"},
	} {
		pvWantList(t, "users "+form.name, slices.Sorted(slices.Values(pvField(h.pvList("/users?"+form.q, "users"), "name"))), pvStrs("u1", "u2"))
	}
	many := strings.Repeat("x,", 100) + "x"
	h.prov("GET", "/users?ids="+url.QueryEscape(many), nil).wantProvError(t, 400)
}

// Row 9: pending filters with ids too, and pending=false means users who
// are not pending.
func TestFidelityRow9_PendingFilter(t *testing.T) {
	h := newPV(t, Options{})
	pend := h.pvUser(map[string]any{"name": "p", "email": "p@x.io"})["id"].(string)
	act := h.pvUser(map[string]any{"name": "a", "email": "a@x.io"})["id"].(string)
	h.store(func(s *provStore) { s.Users[act].Pending = false })
	ids := "ids=" + pend + "&ids=" + act
	pvWantList(t, "ids, pending unset", slices.Sorted(slices.Values(pvField(h.pvList("/users?"+ids, "users"), "name"))), pvStrs("a", "p"))
	pvWantList(t, "ids, pending=true", pvField(h.pvList("/users?pending=true&"+ids, "users"), "name"), pvStrs("p"))
	pvWantList(t, "ids, pending=false", pvField(h.pvList("/users?pending=false&"+ids, "users"), "name"), pvStrs("a"))
	pvWantList(t, "emails, pending=false", pvField(h.pvList("/users?pending=false&emails=p@x.io", "users"), "name"), nil)
	pvWantList(t, "pending=false", pvField(h.pvList("/users?pending=false", "users"), "name"), pvStrs("a"))
	// The login-date range applies with ids as well (pycloudinary).
	pvWantList(t, "ids, last_login=true", pvField(h.pvList("/users?last_login=true&"+ids, "users"), "name"), nil)
}

// Row 10: a custom role's name and description can be updated without
// system_policy_ids, which then stay as they are.
func TestFidelityRow10_UpdateRoleWithoutPolicies(t *testing.T) {
	h := newPM(t)
	h.perm("POST", "/roles", pmRole("r1", "Role one", "global", "account", polUsers)).want(t, 201)
	got := h.perm("PUT", "/roles/r1", map[string]any{"name": "Role 1", "description": "renamed"}).want(t, 200).obj(t)
	data := got["data"].(map[string]any)
	pols, _ := data["policies"].([]any)
	if data["name"] != "Role 1" || data["description"] != "renamed" || len(pols) != 1 ||
		pols[0].(map[string]any)["id"] != polUsers {
		t.Errorf("update without system_policy_ids answered %v", data)
	}
	h.perm("PUT", "/roles/r1", map[string]any{"name": "Role 1", "system_policy_ids": []string{}}).want(t, 400)
}

// FIDELITY.md has a row, with sources, for each of the behaviours above.
func TestFidelityDocumentListsEveryRow(t *testing.T) {
	data, err := os.ReadFile("FIDELITY.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for row := 1; row <= 10; row++ {
		if !regexp.MustCompile(`(?m)^\| ` + strconv.Itoa(row) + ` \|`).MatchString(doc) {
			t.Errorf("FIDELITY.md has no row %d", row)
		}
	}
	for _, repo := range []string{"cloudinary_npm", "pycloudinary", "cloudinary_php", "cloudinary_java", "CloudinaryDotNet", "cloudinary_gem", "account-provisioning-js"} {
		if !strings.Contains(doc, repo) {
			t.Errorf("FIDELITY.md cites nothing from %s", repo)
		}
	}
}
