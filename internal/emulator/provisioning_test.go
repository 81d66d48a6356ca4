package emulator

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	pvRFC3339   = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
	pvCloudName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
)

// pvEnv creates a product environment and returns its JSON object.
func (h *pvHarness) pvEnv(body map[string]any) map[string]any {
	h.t.Helper()
	return h.prov("POST", "/sub_accounts", body).want(h.t, 200).obj(h.t)
}

func (h *pvHarness) pvUser(body map[string]any) map[string]any {
	h.t.Helper()
	return h.prov("POST", "/users", body).want(h.t, 200).obj(h.t)
}

func (h *pvHarness) pvGroup(name string) map[string]any {
	h.t.Helper()
	return h.prov("POST", "/user_groups", map[string]any{"name": name}).want(h.t, 200).obj(h.t)
}

// pvList GETs a list and returns the array under key.
func (h *pvHarness) pvList(path, key string) []map[string]any {
	h.t.Helper()
	r := h.prov("GET", path, nil).want(h.t, 200)
	var raw map[string]json.RawMessage
	r.decode(h.t, &raw)
	if _, ok := raw[key]; !ok {
		h.t.Fatalf("GET %s: no %q in %s", path, key, r.body)
	}
	var out []map[string]any
	if err := json.Unmarshal(raw[key], &out); err != nil || out == nil {
		h.t.Fatalf("GET %s: %q is not an array: %s", path, key, raw[key])
	}
	return out
}

// pvField extracts one field of each object.
func pvField(objs []map[string]any, field string) []string {
	out := make([]string, len(objs))
	for i, o := range objs {
		out[i] = fmt.Sprint(o[field])
	}
	return out
}

func pvStrs(v ...string) []string { return v }

func pvWantList(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// pvFixedClock starts at a known instant and ticks one second per call, so
// creation times differ and sorting by created_at is observable.
type pvTicking struct {
	mu sync.Mutex
	t  time.Time
}

func (c *pvTicking) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func newTickingPV(t *testing.T) *pvHarness {
	return newPV(t, Options{Now: (&pvTicking{t: time.Date(2025, 3, 15, 12, 0, 0, 0, time.UTC)}).Now})
}

func TestProvProductEnvironmentCRUD(t *testing.T) {
	h := newPV(t, Options{})
	env := h.pvEnv(map[string]any{"name": "Product1", "cloud_name": "product1", "custom_attributes": map[string]any{"team": "a"}})
	if env["name"] != "Product1" || env["cloud_name"] != "product1" || env["enabled"] != true || env["id"] == "" {
		t.Fatalf("created %v", env)
	}
	for _, f := range []string{"created_at", "updated_at"} {
		if !pvRFC3339.MatchString(fmt.Sprint(env[f])) {
			t.Errorf("%s = %v, want RFC 3339", f, env[f])
		}
	}
	if ca, _ := env["custom_attributes"].(map[string]any); ca["team"] != "a" {
		t.Errorf("custom_attributes not returned on create: %v", env["custom_attributes"])
	}
	keys := env["api_access_keys"].([]any)
	if len(keys) != 1 {
		t.Fatalf("api_access_keys %v", keys)
	}
	k := keys[0].(map[string]any)
	if k["key"] == "" || k["secret"] == "" || k["enabled"] != true || k["api_key"] != nil {
		t.Errorf("api_access_keys entry %v uses key/secret", k)
	}
	id := env["id"].(string)

	// Derived cloud names are lowercase and unique; base_sub_account_id is
	// accepted and never returned.
	gen1 := h.pvEnv(map[string]any{"name": "Gen", "base_sub_account_id": id})
	gen2 := h.pvEnv(map[string]any{"name": "Gen", "cloud_name": ""})
	for _, g := range []map[string]any{gen1, gen2} {
		if !pvCloudName.MatchString(g["cloud_name"].(string)) {
			t.Errorf("generated cloud_name %v", g["cloud_name"])
		}
		if _, ok := g["base_sub_account_id"]; ok {
			t.Error("base_sub_account_id returned")
		}
	}
	if gen1["cloud_name"] == gen2["cloud_name"] {
		t.Error("generated cloud names clash")
	}

	got := h.prov("GET", "/sub_accounts/"+id, nil).want(t, 200).obj(t)
	if got["cloud_name"] != "product1" || got["id"] != id {
		t.Errorf("get %v", got)
	}
	upd := h.prov("PUT", "/sub_accounts/"+id, map[string]any{"name": "Renamed", "cloud_name": "product1b", "enabled": false, "custom_attributes": map[string]any{"x": 1}}).want(t, 200).obj(t)
	if upd["name"] != "Renamed" || upd["cloud_name"] != "product1b" || upd["enabled"] != false {
		t.Errorf("update %v", upd)
	}
	if ca, _ := upd["custom_attributes"].(map[string]any); len(ca) != 1 || ca["x"] != float64(1) {
		t.Errorf("update does not replace custom_attributes: %v", upd["custom_attributes"])
	}
	// Same cloud name again and an empty update are fine.
	h.prov("PUT", "/sub_accounts/"+id, map[string]any{"cloud_name": "product1b"}).want(t, 200)
	if h.prov("PUT", "/sub_accounts/"+id, map[string]any{}).want(t, 200).obj(t)["name"] != "Renamed" {
		t.Error("empty update changed the name")
	}
	del := h.prov("DELETE", "/sub_accounts/"+id, nil).want(t, 200).obj(t)
	if del["message"] != "ok" {
		t.Errorf("delete answered %v", del)
	}
	h.prov("GET", "/sub_accounts/"+id, nil).wantProvError(t, 404)
}

func TestProvProductEnvironmentErrors(t *testing.T) {
	h := newPV(t, Options{})
	h.pvEnv(map[string]any{"name": "A", "cloud_name": "taken"})
	other := h.pvEnv(map[string]any{"name": "B", "cloud_name": "other"})
	for name, body := range map[string]any{
		"empty body":       "",
		"malformed":        "{",
		"not an object":    "[]",
		"trailing data":    `{"name":"x"} {}`,
		"missing name":     map[string]any{"cloud_name": "x1"},
		"blank name":       map[string]any{"name": "  "},
		"bad cloud name":   map[string]any{"name": "x", "cloud_name": "Upper Case"},
		"unknown base":     map[string]any{"name": "x", "base_sub_account_id": "nope"},
		"attributes type":  map[string]any{"name": "x", "custom_attributes": "str"},
		"name wrong type":  map[string]any{"name": 5},
		"cloud name wrong": map[string]any{"name": "x", "cloud_name": true},
	} {
		t.Run(name, func(t *testing.T) {
			h.prov("POST", "/sub_accounts", body).wantProvError(t, 400)
		})
	}
	h.prov("POST", "/sub_accounts", map[string]any{"name": "dup", "cloud_name": "taken"}).wantProvError(t, 409)
	h.prov("PUT", "/sub_accounts/"+other["id"].(string), map[string]any{"cloud_name": "taken"}).wantProvError(t, 409)
	h.prov("PUT", "/sub_accounts/"+other["id"].(string), map[string]any{"name": ""}).wantProvError(t, 400)
	h.prov("PUT", "/sub_accounts/"+other["id"].(string), map[string]any{"enabled": "yes"}).wantProvError(t, 400)
	h.prov("PUT", "/sub_accounts/"+other["id"].(string), map[string]any{"cloud_name": "BAD!"}).wantProvError(t, 400)
	h.prov("PUT", "/sub_accounts/"+other["id"].(string), "{").wantProvError(t, 400)
	for _, m := range []string{"GET", "PUT", "DELETE"} {
		h.prov(m, "/sub_accounts/nope", map[string]any{"name": "x"}).wantProvError(t, 404)
	}
}

func TestProvProductEnvironmentFilters(t *testing.T) {
	h := newPV(t, Options{})
	a := h.pvEnv(map[string]any{"name": "Product Alpha", "cloud_name": "alpha"})
	b := h.pvEnv(map[string]any{"name": "product beta", "cloud_name": "beta"})
	c := h.pvEnv(map[string]any{"name": "Gamma", "cloud_name": "gamma"})
	h.prov("PUT", "/sub_accounts/"+b["id"].(string), map[string]any{"enabled": false}).want(t, 200)
	names := func(q string) []string { return pvField(h.pvList("/sub_accounts"+q, "sub_accounts"), "cloud_name") }

	pvWantList(t, "all", names(""), pvStrs("alpha", "beta", "gamma"))
	pvWantList(t, "enabled=true", names("?enabled=true"), pvStrs("alpha", "gamma"))
	pvWantList(t, "enabled=false", names("?enabled=false"), pvStrs("beta"))
	pvWantList(t, "prefix", names("?prefix=PRODUCT"), pvStrs("alpha", "beta"))
	pvWantList(t, "prefix+enabled", names("?prefix=product&enabled=true"), pvStrs("alpha"))
	pvWantList(t, "cloud_names", names("?cloud_names=gamma&cloud_names=alpha"), pvStrs("alpha", "gamma"))
	pvWantList(t, "cloud_names[]", names("?cloud_names[]=beta"), pvStrs("beta"))
	pvWantList(t, "cloud_names+enabled", names("?cloud_names=beta&cloud_names=gamma&enabled=true"), pvStrs("gamma"))
	// ids: other parameters are ignored.
	pvWantList(t, "ids", names("?ids="+a["id"].(string)+"&ids="+c["id"].(string)+"&enabled=false&prefix=zzz"), pvStrs("alpha", "gamma"))
	// One comma-joined value works too (FIDELITY.md row 8).
	pvWantList(t, "comma", names("?ids="+url.QueryEscape(a["id"].(string)+","+c["id"].(string))), pvStrs("alpha", "gamma"))

	h.prov("GET", "/sub_accounts?enabled=maybe", nil).wantProvError(t, 400)
	many := url.Values{}
	for i := 0; i < 101; i++ {
		many.Add("ids", strconv.Itoa(i))
	}
	h.prov("GET", "/sub_accounts?"+many.Encode(), nil).wantProvError(t, 400)
	many = url.Values{}
	for i := 0; i < 101; i++ {
		many.Add("cloud_names", strconv.Itoa(i))
	}
	h.prov("GET", "/sub_accounts?"+many.Encode(), nil).wantProvError(t, 400)
	many.Del("cloud_names")
	for i := 0; i < 100; i++ {
		many.Add("ids", strconv.Itoa(i))
	}
	h.prov("GET", "/sub_accounts?"+many.Encode(), nil).want(t, 200)
}

func TestProvAccessKeys(t *testing.T) {
	h := newPV(t, Options{})
	env := h.pvEnv(map[string]any{"name": "E", "cloud_name": "e1"})
	other := h.pvEnv(map[string]any{"name": "O", "cloud_name": "o1"})
	base := "/sub_accounts/" + env["id"].(string) + "/access_keys"

	k := h.prov("POST", base, map[string]any{"name": "main_key", "enabled": false}).want(t, 200).obj(t)
	if k["name"] != "main_key" || k["enabled"] != false || len(k["api_key"].(string)) != 15 || k["api_secret"] == "" {
		t.Fatalf("generated %v", k)
	}
	if !pvRFC3339.MatchString(fmt.Sprint(k["created_at"])) || !pvRFC3339.MatchString(fmt.Sprint(k["updated_at"])) {
		t.Errorf("timestamps %v", k)
	}
	apiKey := k["api_key"].(string)
	unnamed := h.prov("POST", base, map[string]any{}).want(t, 200).obj(t)
	if unnamed["enabled"] != true || unnamed["name"] != "" {
		t.Errorf("defaults %v", unnamed)
	}

	var list struct {
		AccessKeys []map[string]any `json:"access_keys"`
		Total      int              `json:"total"`
	}
	h.prov("GET", base, nil).want(t, 200).decode(t, &list)
	if list.Total != 3 || len(list.AccessKeys) != 3 {
		t.Fatalf("list %+v", list)
	}
	for _, ak := range list.AccessKeys {
		if ak["api_secret"] == "" || ak["api_key"] == "" {
			t.Errorf("list entry without secret %v", ak)
		}
	}
	// The product environment object lists the same keys as key/secret.
	envKeys := h.prov("GET", "/sub_accounts/"+env["id"].(string), nil).want(t, 200).obj(t)["api_access_keys"].([]any)
	if len(envKeys) != 3 || envKeys[1].(map[string]any)["key"] != apiKey || envKeys[1].(map[string]any)["secret"] != k["api_secret"] {
		t.Errorf("env api_access_keys %v", envKeys)
	}

	// Duplicate names within an environment conflict; across environments not.
	h.prov("POST", base, map[string]any{"name": "main_key"}).wantProvError(t, 409)
	h.prov("POST", "/sub_accounts/"+other["id"].(string)+"/access_keys", map[string]any{"name": "main_key"}).want(t, 200)
	h.prov("POST", base, "{").wantProvError(t, 400)
	h.prov("POST", base, "").wantProvError(t, 400)
	h.prov("POST", base, map[string]any{"enabled": "no"}).wantProvError(t, 400)
	h.prov("POST", "/sub_accounts/nope/access_keys", map[string]any{"name": "x"}).wantProvError(t, 404)
	h.prov("GET", "/sub_accounts/nope/access_keys", nil).wantProvError(t, 404)

	// Update: name, enabled, dedicated_for (returned as an array).
	upd := h.prov("PUT", base+"/"+apiKey, map[string]any{"name": "renamed", "enabled": true, "dedicated_for": "webhooks"}).want(t, 200).obj(t)
	if upd["name"] != "renamed" || upd["enabled"] != true || upd["api_key"] != apiKey || upd["api_secret"] != k["api_secret"] {
		t.Errorf("update %v", upd)
	}
	if df, _ := upd["dedicated_for"].([]any); len(df) != 1 || df[0] != "webhooks" {
		t.Errorf("dedicated_for = %v, want [webhooks]", upd["dedicated_for"])
	}
	// dedicated_for moves: the previous holder loses it.
	h.prov("PUT", base+"/"+unnamed["api_key"].(string), map[string]any{"dedicated_for": "webhooks"}).want(t, 200)
	h.store(func(s *provStore) {
		a := s.findKey(apiKey)
		b := s.findKey(unnamed["api_key"].(string))
		if a.DedicatedFor != "" || b.DedicatedFor != "webhooks" {
			t.Errorf("dedicated_for not replaced: %q %q", a.DedicatedFor, b.DedicatedFor)
		}
	})
	h.prov("PUT", base+"/"+apiKey, map[string]any{"dedicated_for": "email"}).wantProvError(t, 400)
	h.prov("PUT", base+"/"+unnamed["api_key"].(string), map[string]any{"name": "renamed"}).wantProvError(t, 409)
	h.prov("PUT", base+"/"+apiKey, map[string]any{"name": "renamed"}).want(t, 200) // own name is fine
	h.prov("PUT", base+"/"+apiKey, "nope").wantProvError(t, 400)
	h.prov("PUT", base+"/000", map[string]any{"name": "x"}).wantProvError(t, 404)
	// A key of another environment is not found here.
	otherKey := h.prov("GET", "/sub_accounts/"+other["id"].(string), nil).obj(t)["api_access_keys"].([]any)[0].(map[string]any)["key"].(string)
	h.prov("PUT", base+"/"+otherKey, map[string]any{"name": "x"}).wantProvError(t, 404)
	h.prov("DELETE", base+"/"+otherKey, nil).wantProvError(t, 404)

	// Delete by name and by key.
	h.prov("DELETE", base+"?name=", nil).wantProvError(t, 400)
	h.prov("DELETE", base, nil).wantProvError(t, 400)
	h.prov("DELETE", base+"?name=ghost", nil).wantProvError(t, 404)
	if h.prov("DELETE", base+"?name=renamed", nil).want(t, 200).obj(t)["message"] != "ok" {
		t.Error("delete by name not ok")
	}
	h.prov("DELETE", base+"/"+apiKey, nil).wantProvError(t, 404)
	if h.prov("DELETE", base+"/"+unnamed["api_key"].(string), nil).want(t, 200).obj(t)["message"] != "ok" {
		t.Error("delete by key not ok")
	}
	h.prov("GET", base, nil).want(t, 200).decode(t, &list)
	if list.Total != 1 {
		t.Errorf("after deletes %+v", list)
	}
	h.store(func(s *provStore) {
		if s.accessKeyExists(apiKey) || !s.accessKeyExists(otherKey) {
			t.Error("accessKeyExists wrong")
		}
	})
}

func TestProvAccessKeysPagingAndSorting(t *testing.T) {
	h := newTickingPV(t)
	env := h.pvEnv(map[string]any{"name": "E"})
	base := "/sub_accounts/" + env["id"].(string) + "/access_keys"
	// Take the root key out of the list so the list is only ours (it
	// cannot be deleted: FIDELITY.md row 5).
	def := env["api_access_keys"].([]any)[0].(map[string]any)["key"].(string)
	h.prov("DELETE", base+"/"+def, nil).wantProvError(t, 403)
	h.store(func(s *provStore) { s.Envs[env["id"].(string)].Keys = nil })
	for i, n := range []string{"c", "a", "e", "b", "d"} {
		h.prov("POST", base, map[string]any{"name": n, "enabled": i%2 == 0}).want(t, 200)
	}
	names := func(q string) []string { return pvField(h.pvList(base+q, "access_keys"), "name") }
	pvWantList(t, "default (created_at desc)", names(""), pvStrs("d", "b", "e", "a", "c"))
	pvWantList(t, "created_at asc", names("?sort_by=created_at&sort_order=asc"), pvStrs("c", "a", "e", "b", "d"))
	pvWantList(t, "name asc", names("?sort_by=name&sort_order=asc"), pvStrs("a", "b", "c", "d", "e"))
	pvWantList(t, "name desc", names("?sort_by=name"), pvStrs("e", "d", "c", "b", "a"))
	pvWantList(t, "enabled asc", names("?sort_by=enabled&sort_order=asc"), pvStrs("a", "b", "c", "e", "d"))
	keys := pvField(h.pvList(base+"?sort_by=api_key&sort_order=asc", "access_keys"), "api_key")
	if !slices.IsSorted(keys) {
		t.Errorf("api_key asc not sorted: %v", keys)
	}
	pvWantList(t, "page 1", names("?sort_by=name&sort_order=asc&page=1&page_size=2"), pvStrs("a", "b"))
	pvWantList(t, "page 3", names("?sort_by=name&sort_order=asc&page=3&page_size=2"), pvStrs("e"))
	pvWantList(t, "past the end", names("?page=4&page_size=2"), pvStrs())
	pvWantList(t, "page_size alone returns all pages", names("?sort_by=name&sort_order=asc&page_size=2"), pvStrs("a", "b", "c", "d", "e"))
	pvWantList(t, "page alone uses default size", names("?sort_by=name&sort_order=asc&page=1"), pvStrs("a", "b", "c", "d", "e"))
	var list struct {
		Total int `json:"total"`
	}
	h.prov("GET", base+"?page=2&page_size=2", nil).want(t, 200).decode(t, &list)
	if list.Total != 5 {
		t.Errorf("total on a page = %d, want all 5", list.Total)
	}
	for _, q := range []string{"?page=0", "?page=101", "?page=x", "?page=1&page_size=0", "?page_size=-1", "?sort_by=secret", "?sort_order=up"} {
		h.prov("GET", base+q, nil).wantProvError(t, 400)
	}
	h.prov("GET", base+"?page=100&page_size=1", nil).want(t, 200)
}

func TestProvUsersCRUD(t *testing.T) {
	h := newPV(t, Options{AccountID: "acct-9"})
	u := h.pvUser(map[string]any{"name": "John", "email": "john@example.com", "role": "technical_admin"})
	if u["name"] != "John" || u["email"] != "john@example.com" || u["role"] != "technical_admin" ||
		u["pending"] != true || u["enabled"] != true || u["all_sub_accounts"] != true || u["account_id"] != "acct-9" {
		t.Fatalf("created %v", u)
	}
	if _, ok := u["sub_account_ids"]; ok {
		t.Error("sub_account_ids in the user object")
	}
	if _, ok := u["last_login"]; ok {
		t.Error("new user has last_login")
	}
	for _, f := range []string{"created_at", "updated_at"} {
		if !pvRFC3339.MatchString(fmt.Sprint(u[f])) {
			t.Errorf("%s = %v", f, u[f])
		}
	}
	id := u["id"].(string)
	if len(id) != 30 {
		t.Errorf("id %q is not 30 hex characters", id)
	}
	// role is optional on create.
	if r := h.pvUser(map[string]any{"name": "NoRole", "email": "norole@example.com", "enabled": false}); r["role"] != "media_library_user" || r["enabled"] != false {
		t.Errorf("defaults %v", r)
	}
	if got := h.prov("GET", "/users/"+id, nil).want(t, 200).obj(t); got["email"] != "john@example.com" {
		t.Errorf("get %v", got)
	}
	upd := h.prov("PUT", "/users/"+id, map[string]any{"name": "Johnny", "email": "johnny@example.com", "role": "admin", "enabled": false}).want(t, 200).obj(t)
	if upd["name"] != "Johnny" || upd["email"] != "johnny@example.com" || upd["role"] != "admin" || upd["enabled"] != false {
		t.Errorf("update %v", upd)
	}
	if h.prov("PUT", "/users/"+id, map[string]any{}).want(t, 200).obj(t)["name"] != "Johnny" {
		t.Error("empty update changed fields")
	}
	if h.prov("DELETE", "/users/"+id, nil).want(t, 200).obj(t)["message"] != "ok" {
		t.Error("delete not ok")
	}
	h.prov("GET", "/users/"+id, nil).wantProvError(t, 404)
	h.store(func(s *provStore) {
		if s.userExists(id) {
			t.Error("userExists after delete")
		}
	})
}

func TestProvUserErrors(t *testing.T) {
	h := newPV(t, Options{})
	u := h.pvUser(map[string]any{"name": "A", "email": "a@example.com"})
	h.pvUser(map[string]any{"name": "B", "email": "b@example.com"})
	for name, body := range map[string]any{
		"empty":         "",
		"malformed":     "{",
		"missing name":  map[string]any{"email": "x@example.com"},
		"missing email": map[string]any{"name": "x"},
		"bad email":     map[string]any{"name": "x", "email": "not-an-email"},
		"bad role":      map[string]any{"name": "x", "email": "x@example.com", "role": "owner"},
		"ids type":      map[string]any{"name": "x", "email": "x@example.com", "sub_account_ids": "abc"},
	} {
		t.Run(name, func(t *testing.T) { h.prov("POST", "/users", body).wantProvError(t, 400) })
	}
	for _, role := range userRoles {
		h.pvUser(map[string]any{"name": role, "email": role + "@example.com", "role": role})
	}
	h.prov("POST", "/users", map[string]any{"name": "x", "email": "A@Example.com"}).wantProvError(t, 409)
	h.prov("POST", "/users", map[string]any{"name": "x", "email": "x@example.com", "sub_account_ids": []string{"nope"}}).wantProvError(t, 404)
	id := u["id"].(string)
	h.prov("PUT", "/users/"+id, map[string]any{"email": "b@example.com"}).wantProvError(t, 409)
	h.prov("PUT", "/users/"+id, map[string]any{"email": "A@example.com"}).want(t, 200) // own email, other case
	h.prov("PUT", "/users/"+id, map[string]any{"role": "root"}).wantProvError(t, 400)
	h.prov("PUT", "/users/"+id, map[string]any{"name": ""}).wantProvError(t, 400)
	h.prov("PUT", "/users/"+id, map[string]any{"sub_account_ids": []string{"nope"}}).wantProvError(t, 404)
	h.prov("PUT", "/users/"+id, "[").wantProvError(t, 400)
	for _, p := range []string{"/users/nope", "/users/nope/groups", "/users/nope/sub_accounts"} {
		h.prov("GET", p, nil).wantProvError(t, 404)
	}
	h.prov("PUT", "/users/nope", map[string]any{"name": "x"}).wantProvError(t, 404)
	h.prov("DELETE", "/users/nope", nil).wantProvError(t, 404)
}

func TestProvUserSubAccounts(t *testing.T) {
	h := newPV(t, Options{})
	e1 := h.pvEnv(map[string]any{"name": "E1", "cloud_name": "e1"})["id"].(string)
	e2 := h.pvEnv(map[string]any{"name": "E2", "cloud_name": "e2"})["id"].(string)
	limited := h.pvUser(map[string]any{"name": "L", "email": "l@x.io", "role": "admin", "sub_account_ids": []string{e1}})
	all := h.pvUser(map[string]any{"name": "All", "email": "all@x.io", "sub_account_ids": []string{}})
	master := h.pvUser(map[string]any{"name": "M", "email": "m@x.io", "role": "master_admin", "sub_account_ids": []string{e1}})
	if limited["all_sub_accounts"] != false || all["all_sub_accounts"] != true || master["all_sub_accounts"] != true {
		t.Fatalf("all_sub_accounts: %v %v %v", limited["all_sub_accounts"], all["all_sub_accounts"], master["all_sub_accounts"])
	}
	envsOf := func(u map[string]any) []string {
		return pvField(h.pvList("/users/"+u["id"].(string)+"/sub_accounts", "sub_accounts"), "id")
	}
	pvWantList(t, "limited", envsOf(limited), pvStrs(e1))
	pvWantList(t, "all", envsOf(all), pvStrs(e1, e2))
	pvWantList(t, "master", envsOf(master), pvStrs(e1, e2))
	sa := h.pvList("/users/"+limited["id"].(string)+"/sub_accounts", "sub_accounts")[0]
	if sa["name"] != "E1" || sa["cloud_name"] != "e1" || sa["enabled"] != true {
		t.Errorf("summary %v", sa)
	}
	usersOf := func(env string) []string {
		return pvField(h.pvList("/users?sort_order=asc&sub_account_id="+env, "users"), "name")
	}
	pvWantList(t, "users of e1", usersOf(e1), pvStrs("L", "All", "M"))
	pvWantList(t, "users of e2", usersOf(e2), pvStrs("All", "M"))
	h.prov("GET", "/users?sub_account_id=nope", nil).wantProvError(t, 404)

	// A new environment is reachable by users with all of them only.
	e3 := h.pvEnv(map[string]any{"name": "E3"})["id"].(string)
	pvWantList(t, "users of e3", usersOf(e3), pvStrs("All", "M"))

	// Update: a list restricts, an empty list gives all, omitted keeps.
	lid := limited["id"].(string)
	if u := h.prov("PUT", "/users/"+lid, map[string]any{"sub_account_ids": []string{e2, e3, e2}}).want(t, 200).obj(t); u["all_sub_accounts"] != false || u["sub_account_count"] != float64(2) {
		t.Errorf("restricted %v", u)
	}
	pvWantList(t, "limited after update", envsOf(limited), pvStrs(e2, e3))
	h.prov("PUT", "/users/"+lid, map[string]any{"name": "L2"}).want(t, 200)
	pvWantList(t, "omitted keeps", envsOf(limited), pvStrs(e2, e3))
	if u := h.prov("PUT", "/users/"+lid, map[string]any{"sub_account_ids": []string{}}).want(t, 200).obj(t); u["all_sub_accounts"] != true {
		t.Errorf("empty list %v", u)
	}
	// Promotion to master_admin gives all, whatever the list says.
	aid := all["id"].(string)
	h.prov("PUT", "/users/"+aid, map[string]any{"sub_account_ids": []string{e1}}).want(t, 200)
	if u := h.prov("PUT", "/users/"+aid, map[string]any{"role": "master_admin"}).want(t, 200).obj(t); u["all_sub_accounts"] != true {
		t.Errorf("promoted %v", u)
	}
	pvWantList(t, "promoted", envsOf(all), pvStrs(e1, e2, e3))
}

func TestProvUsersFilters(t *testing.T) {
	h := newTickingPV(t)
	mk := func(name, role string) string {
		return h.pvUser(map[string]any{"name": name, "email": strings.ToLower(name) + "@x.io", "role": role})["id"].(string)
	}
	anna := mk("Anna", "admin")
	bob := mk("bob", "billing")
	carl := mk("Carl", "reports")
	andy := mk("andy", "media_library_user")
	h.prov("PUT", "/users/"+carl, map[string]any{"enabled": false}).want(t, 200)
	day := func(s string) *time.Time {
		v, _ := time.Parse(time.DateOnly, s)
		v = v.Add(10 * time.Hour)
		return &v
	}
	// Logins cannot happen through the API; set them as the service would.
	h.store(func(s *provStore) {
		s.Users[anna].LastLogin, s.Users[anna].Pending = day("2024-01-10"), false
		s.Users[bob].LastLogin, s.Users[bob].Pending = day("2024-06-30"), false
		s.Users[carl].LastLogin = day("2023-05-01")
	})
	names := func(q string) []string { return pvField(h.pvList("/users"+q, "users"), "name") }

	pvWantList(t, "default created_at desc", names(""), pvStrs("andy", "Carl", "bob", "Anna"))
	pvWantList(t, "asc", names("?sort_order=asc"), pvStrs("Anna", "bob", "Carl", "andy"))
	pvWantList(t, "ids ignore others", names("?ids="+bob+"&ids="+andy+"&prefix=zz"), pvStrs("andy", "bob"))
	pvWantList(t, "ids with pending", names("?ids="+bob+"&ids="+andy+"&pending=true"), pvStrs("andy"))
	pvWantList(t, "emails", names("?emails=ANNA@x.io&emails=carl@x.io&sort_order=asc"), pvStrs("Carl", "Anna"))
	pvWantList(t, "ids win over emails", names("?ids="+bob+"&emails=anna@x.io"), pvStrs("bob"))
	pvWantList(t, "ids ignore an unknown sub_account_id", names("?ids="+bob+"&sub_account_id=nope"), pvStrs("bob"))
	pvWantList(t, "prefix", names("?prefix=AN&sort_order=asc"), pvStrs("Anna", "andy"))
	pvWantList(t, "pending", names("?pending=true&sort_order=asc"), pvStrs("Carl", "andy"))
	pvWantList(t, "pending=false is not pending", names("?pending=false&sort_order=asc"), pvStrs("Anna", "bob"))
	pvWantList(t, "login in range", names("?last_login=true&from=2024-01-01&to=2024-06-30&sort_order=asc"), pvStrs("Anna", "bob"))
	pvWantList(t, "login in range include", names("?last_login=true&from=2024-01-11&union_type=include"), pvStrs("bob"))
	pvWantList(t, "login range exclude", names("?last_login=true&from=2024-01-01&to=2024-06-29&union_type=exclude&sort_order=asc"), pvStrs("bob", "Carl", "andy"))
	pvWantList(t, "ever logged in", names("?last_login=true&sort_order=asc"), pvStrs("Anna", "bob", "Carl"))
	pvWantList(t, "range ignored without last_login", names("?from=2030-01-01&sort_order=asc"), pvStrs("Anna", "bob", "Carl", "andy"))
	pvWantList(t, "sort name asc", names("?sort_by=name&sort_order=asc"), pvStrs("andy", "Anna", "bob", "Carl"))
	pvWantList(t, "sort name desc", names("?sort_by=name"), pvStrs("Carl", "bob", "Anna", "andy"))
	pvWantList(t, "sort role asc", names("?sort_by=role&sort_order=asc"), pvStrs("Anna", "bob", "andy", "Carl"))
	pvWantList(t, "sort status asc", names("?sort_by=status&sort_order=asc"), pvStrs("Anna", "bob", "Carl", "andy"))
	pvWantList(t, "sort activity desc", names("?sort_by=activity"), pvStrs("bob", "Anna", "Carl", "andy"))
	pvWantList(t, "sort created_at asc", names("?sort_by=created_at&sort_order=asc"), pvStrs("Anna", "bob", "Carl", "andy"))
	pvWantList(t, "page 1", names("?sort_order=asc&page=1&page_size=3"), pvStrs("Anna", "bob", "Carl"))
	pvWantList(t, "page 2", names("?sort_order=asc&page=2&page_size=3"), pvStrs("andy"))
	pvWantList(t, "page 3", names("?page=3&page_size=3"), pvStrs())
	pvWantList(t, "filter then page", names("?prefix=a&sort_order=asc&page=2&page_size=1"), pvStrs("andy"))

	u := h.pvList("/users?ids="+anna, "users")[0]
	if u["last_login"] != "2024-01-10T10:00:00Z" || u["status"] != "active" || u["pending"] != false {
		t.Errorf("logged-in user %v", u)
	}
	for _, q := range []string{"?pending=x", "?last_login=x", "?from=2024-13-01", "?to=yesterday", "?union_type=both",
		"?sort_by=email", "?sort_order=up", "?page=0", "?page_size=0", "?page=a"} {
		h.prov("GET", "/users"+q, nil).wantProvError(t, 400)
	}
	many := url.Values{}
	for i := 0; i < 101; i++ {
		many.Add("emails", fmt.Sprintf("u%d@x.io", i))
	}
	h.prov("GET", "/users?"+many.Encode(), nil).wantProvError(t, 400)
	many = url.Values{}
	for i := 0; i < 101; i++ {
		many.Add("ids", strconv.Itoa(i))
	}
	h.prov("GET", "/users?"+many.Encode(), nil).wantProvError(t, 400)
}

func TestProvUserGroups(t *testing.T) {
	h := newPV(t, Options{})
	g := h.pvGroup("Designers")
	if len(g) != 2 || g["name"] != "Designers" || g["id"] == "" {
		t.Fatalf("basic group %v", g)
	}
	gid := g["id"].(string)
	ext := h.prov("POST", "/user_groups", map[string]any{"name": "Ext", "extended_details": true}).want(t, 200).obj(t)
	if users, ok := ext["users"].([]any); !ok || len(users) != 0 || !pvRFC3339.MatchString(fmt.Sprint(ext["created_at"])) {
		t.Errorf("extended create %v", ext)
	}
	h.prov("POST", "/user_groups", map[string]any{"name": "designers"}).wantProvError(t, 409)
	for _, body := range []any{"", "{", map[string]any{}, map[string]any{"name": " "}, map[string]any{"name": 1}} {
		h.prov("POST", "/user_groups", body).wantProvError(t, 400)
	}

	john := h.pvUser(map[string]any{"name": "John", "email": "john@x.io"})
	mary := h.pvUser(map[string]any{"name": "Mary", "email": "mary@x.io"})
	added := h.prov("POST", "/user_groups/"+gid+"/users/"+john["id"].(string), nil).want(t, 200).obj(t)
	if m, _ := added["users"].([]any); len(m) != 1 || m[0].(map[string]any)["id"] != john["id"] ||
		m[0].(map[string]any)["email"] != "john@x.io" || len(added) != 1 {
		t.Errorf("added %v, want {users: [john]}", added)
	}
	h.prov("POST", "/user_groups/"+gid+"/users/"+mary["id"].(string), nil).want(t, 200)
	h.prov("POST", "/user_groups/"+gid+"/users/"+john["id"].(string), nil).wantProvError(t, 409)
	h.prov("POST", "/user_groups/"+gid+"/users/nope", nil).wantProvError(t, 404)
	h.prov("POST", "/user_groups/nope/users/"+john["id"].(string), nil).wantProvError(t, 404)

	pvWantList(t, "members", pvField(h.pvList("/user_groups/"+gid+"/users", "users"), "email"), pvStrs("john@x.io", "mary@x.io"))
	pvWantList(t, "groups of john", pvField(h.pvList("/users/"+john["id"].(string)+"/groups", "groups"), "name"), pvStrs("Designers"))
	if u := h.prov("GET", "/users/"+john["id"].(string), nil).obj(t); u["group_count"] != float64(1) {
		t.Errorf("group_count %v", u["group_count"])
	}

	basic := h.pvList("/user_groups", "user_groups")
	if len(basic) != 2 || basic[0]["users"] != nil || basic[0]["created_at"] != nil {
		t.Errorf("basic list %v", basic)
	}
	extList := h.pvList("/user_groups?extended_details=true", "user_groups")
	if len(extList[0]["users"].([]any)) != 2 || extList[0]["updated_at"] == nil || len(extList[1]["users"].([]any)) != 0 {
		t.Errorf("extended list %v", extList)
	}
	one := h.prov("GET", "/user_groups/"+gid+"?extended_details=true", nil).want(t, 200).obj(t)
	if len(one["users"].([]any)) != 2 {
		t.Errorf("extended get %v", one)
	}
	if one := h.prov("GET", "/user_groups/"+gid, nil).want(t, 200).obj(t); len(one) != 2 {
		t.Errorf("basic get %v", one)
	}
	h.prov("GET", "/user_groups?extended_details=maybe", nil).wantProvError(t, 400)
	h.prov("GET", "/user_groups/"+gid+"?extended_details=maybe", nil).wantProvError(t, 400)

	upd := h.prov("PUT", "/user_groups/"+gid, map[string]any{"name": "Designers and Creatives"}).want(t, 200).obj(t)
	if upd["name"] != "Designers and Creatives" || len(upd) != 2 {
		t.Errorf("update %v", upd)
	}
	if upd := h.prov("PUT", "/user_groups/"+gid+"?extended_details=true", map[string]any{"name": "D"}).want(t, 200).obj(t); upd["users"] == nil {
		t.Errorf("extended update %v", upd)
	}
	h.prov("PUT", "/user_groups/"+gid, map[string]any{"name": "EXT"}).wantProvError(t, 409)
	h.prov("PUT", "/user_groups/"+gid, map[string]any{"name": "d"}).want(t, 200) // own name, other case
	h.prov("PUT", "/user_groups/"+gid, map[string]any{}).wantProvError(t, 400)
	h.prov("PUT", "/user_groups/"+gid, "{").wantProvError(t, 400)

	rem := h.prov("DELETE", "/user_groups/"+gid+"/users/"+john["id"].(string), nil).want(t, 200)
	var left struct {
		Users []map[string]any `json:"users"`
	}
	rem.decode(t, &left)
	pvWantList(t, "after remove", pvField(left.Users, "name"), pvStrs("Mary"))
	h.prov("DELETE", "/user_groups/"+gid+"/users/"+john["id"].(string), nil).wantProvError(t, 404)
	h.prov("DELETE", "/user_groups/"+gid+"/users/nope", nil).wantProvError(t, 404)
	h.prov("DELETE", "/user_groups/nope/users/"+john["id"].(string), nil).wantProvError(t, 404)
	if len(h.pvList("/users/"+john["id"].(string)+"/groups", "groups")) != 0 {
		t.Error("john still in a group")
	}
	// Removing the last member leaves an empty array, not null.
	rem = h.prov("DELETE", "/user_groups/"+gid+"/users/"+mary["id"].(string), nil).want(t, 200)
	if !strings.Contains(string(rem.body), `"users":[]`) {
		t.Errorf("empty remove answer %s", rem.body)
	}

	for _, m := range []string{"GET", "DELETE"} {
		h.prov(m, "/user_groups/nope", nil).wantProvError(t, 404)
	}
	h.prov("PUT", "/user_groups/nope", map[string]any{"name": "x"}).wantProvError(t, 404)
	h.prov("GET", "/user_groups/nope/users", nil).wantProvError(t, 404)
	if del := h.prov("DELETE", "/user_groups/"+gid, nil).want(t, 200).obj(t); del["ok"] != true || len(del) != 1 {
		t.Errorf("delete answered %v, want {ok: true}", del)
	}
	h.prov("GET", "/user_groups/"+gid, nil).wantProvError(t, 404)
	h.store(func(s *provStore) {
		if s.groupExists(gid) || !s.groupExists(ext["id"].(string)) {
			t.Error("groupExists wrong")
		}
	})
}

func TestProvCascades(t *testing.T) {
	h := newPV(t, Options{})
	var mu sync.Mutex
	var log []string
	h.emu.cascadeLog = func(s string) { mu.Lock(); log = append(log, s); mu.Unlock() }
	taken := func() []string { mu.Lock(); defer mu.Unlock(); out := log; log = nil; return out }

	env := h.pvEnv(map[string]any{"name": "E"})
	envID := env["id"].(string)
	def := env["api_access_keys"].([]any)[0].(map[string]any)["key"].(string)
	k2 := h.prov("POST", "/sub_accounts/"+envID+"/access_keys", map[string]any{"name": "k2"}).want(t, 200).obj(t)["api_key"].(string)
	k3 := h.prov("POST", "/sub_accounts/"+envID+"/access_keys", map[string]any{"name": "k3"}).want(t, 200).obj(t)["api_key"].(string)
	keep := h.pvEnv(map[string]any{"name": "Keep"})["id"].(string)
	u := h.pvUser(map[string]any{"name": "U", "email": "u@x.io", "sub_account_ids": []string{envID}})["id"].(string)
	u2 := h.pvUser(map[string]any{"name": "U2", "email": "u2@x.io", "sub_account_ids": []string{envID, keep}})["id"].(string)
	g := h.pvGroup("G")["id"].(string)
	h.prov("POST", "/user_groups/"+g+"/users/"+u, nil).want(t, 200)
	h.prov("POST", "/user_groups/"+g+"/users/"+u2, nil).want(t, 200)

	h.prov("DELETE", "/sub_accounts/"+envID+"/access_keys/"+k2, nil).want(t, 200)
	pvWantList(t, "delete key", taken(), pvStrs("principal apiKey "+k2))
	h.prov("DELETE", "/sub_accounts/"+envID+"/access_keys?name=k3", nil).want(t, 200)
	pvWantList(t, "delete key by name", taken(), pvStrs("principal apiKey "+k3))

	h.prov("DELETE", "/users/"+u, nil).want(t, 200)
	pvWantList(t, "delete user", taken(), pvStrs("principal user "+u))
	pvWantList(t, "members after user delete", pvField(h.pvList("/user_groups/"+g+"/users", "users"), "id"), pvStrs(u2))

	h.prov("DELETE", "/sub_accounts/"+envID, nil).want(t, 200)
	pvWantList(t, "delete env", taken(), pvStrs("principal apiKey "+def, "scope "+envID))
	h.store(func(s *provStore) {
		if s.accessKeyExists(def) || s.envExists(envID) {
			t.Error("env or its key survived")
		}
	})
	// The user restricted to two environments keeps the other one only.
	pvWantList(t, "u2 envs", pvField(h.pvList("/users/"+u2+"/sub_accounts", "sub_accounts"), "id"), pvStrs(keep))

	h.prov("DELETE", "/user_groups/"+g, nil).want(t, 200)
	pvWantList(t, "delete group", taken(), pvStrs("principal group "+g))
	// Failed deletes cascade nothing.
	h.prov("DELETE", "/users/nope", nil).wantProvError(t, 404)
	pvWantList(t, "failed delete", taken(), nil)
}

func TestProvBillingUsage(t *testing.T) {
	clk := &pvClock{t: time.Date(2025, 3, 15, 9, 0, 0, 0, time.UTC)}
	h := newPV(t, Options{Now: clk.Now})
	h.pvEnv(map[string]any{"name": "One", "cloud_name": "one"})
	h.pvEnv(map[string]any{"name": "Two", "cloud_name": "two"})

	type cycle struct {
		FromDay   string             `json:"from_day"`
		ToDay     string             `json:"to_day"`
		Usage     float64            `json:"usage"`
		Breakdown map[string]float64 `json:"breakdown"`
		PerEnv    []map[string]any   `json:"product_environment_breakdown"`
	}
	type plan struct {
		PlanName    string `json:"plan_name"`
		MetricUsage []struct {
			Metric string  `json:"metric"`
			Limit  float64 `json:"limit"`
			Cycles []cycle `json:"cycles"`
		} `json:"metric_usage"`
	}
	get := func(q string) ([]plan, pvResp) {
		r := h.prov("GET", "/billing_usage"+q, nil).want(t, 200)
		var out []plan
		r.decode(t, &out)
		if len(out) != 1 || len(out[0].MetricUsage) != 1 || out[0].PlanName == "" || out[0].MetricUsage[0].Metric != "credit" {
			t.Fatalf("shape %s", r.body)
		}
		return out, r
	}
	cur, r := get("")
	cycles := cur[0].MetricUsage[0].Cycles
	if len(cycles) != 3 || cycles[0].FromDay != "2025-01-01" || cycles[1].ToDay != "2025-02-28" || cycles[2].FromDay != "2025-03-01" {
		t.Fatalf("current-year cycles %+v", cycles)
	}
	if strings.Contains(string(r.body), "product_environment_breakdown") {
		t.Error("breakdown without include_prodenv_breakdown")
	}
	explicit, _ := get("?year=2025")
	if fmt.Sprint(explicit) != fmt.Sprint(cur) {
		t.Error("year=current differs from no year")
	}
	prev, _ := get("?year=2024&include_prodenv_breakdown=true")
	pc := prev[0].MetricUsage[0].Cycles
	if len(pc) != 12 || pc[11].ToDay != "2024-12-31" || pc[1].ToDay != "2024-02-29" {
		t.Fatalf("previous-year cycles %+v", pc)
	}
	for _, c := range pc {
		if len(c.PerEnv) != 2 || c.PerEnv[0]["cloud_name"] != "one" || c.PerEnv[1]["cloud_name"] != "two" {
			t.Fatalf("per-env breakdown %v", c.PerEnv)
		}
		sum := 0.0
		for metric, v := range c.Breakdown {
			envSum := c.PerEnv[0][metric].(float64) + c.PerEnv[1][metric].(float64)
			if d := envSum - v; d > 0.011 || d < -0.011 {
				t.Errorf("%s %s: envs sum %v, cycle %v", c.FromDay, metric, envSum, v)
			}
			sum += v
		}
		if d := sum - c.Usage; d > 0.011 || d < -0.011 || c.Usage <= 0 {
			t.Errorf("%s usage %v, breakdown sum %v", c.FromDay, c.Usage, sum)
		}
	}
	again, _ := get("?year=2024&include_prodenv_breakdown=true")
	if fmt.Sprint(again) != fmt.Sprint(prev) {
		t.Error("usage is not deterministic")
	}
	h.prov("GET", "/billing_usage?year=2023", nil).wantProvError(t, 404)
	h.prov("GET", "/billing_usage?year=2026", nil).wantProvError(t, 400)
	h.prov("GET", "/billing_usage?year=last", nil).wantProvError(t, 400)
	h.prov("GET", "/billing_usage?include_prodenv_breakdown=perhaps", nil).wantProvError(t, 400)
	// The current year follows the clock.
	clk.Advance(365 * 24 * time.Hour)
	if next, _ := get(""); next[0].MetricUsage[0].Cycles[0].FromDay != "2026-01-01" {
		t.Errorf("year did not follow the clock")
	}
	get("?year=2025")
	h.prov("GET", "/billing_usage?year=2024", nil).wantProvError(t, 404)

	// No environments: an empty breakdown array, zero usage.
	h2 := newPV(t, Options{Now: clk.Now})
	r = h2.prov("GET", "/billing_usage?include_prodenv_breakdown=true", nil).want(t, 200)
	if !strings.Contains(string(r.body), `"product_environment_breakdown":[]`) {
		t.Errorf("empty account %s", r.body)
	}
}

// TestProvAllOperationsRouted calls every provisioning operation once, at the
// document's method and path, and checks each is counted under its
// operationId: a routing typo fails here.
func TestProvAllOperationsRouted(t *testing.T) {
	h := newPV(t, Options{})
	env := h.pvEnv(map[string]any{"name": "E"})["id"].(string)
	key := h.prov("POST", "/sub_accounts/"+env+"/access_keys", map[string]any{"name": "k"}).want(t, 200).obj(t)["api_key"].(string)
	h.prov("POST", "/sub_accounts/"+env+"/access_keys", map[string]any{"name": "byname"}).want(t, 200)
	user := h.pvUser(map[string]any{"name": "U", "email": "u@x.io"})["id"].(string)
	group := h.pvGroup("G")["id"].(string)
	calls := []struct{ method, path string }{
		{"GET", "/sub_accounts"}, {"GET", "/sub_accounts/" + env}, {"PUT", "/sub_accounts/" + env},
		{"GET", "/sub_accounts/" + env + "/access_keys"}, {"PUT", "/sub_accounts/" + env + "/access_keys/" + key},
		{"DELETE", "/sub_accounts/" + env + "/access_keys?name=byname"}, {"DELETE", "/sub_accounts/" + env + "/access_keys/" + key},
		{"GET", "/users"}, {"GET", "/users/" + user}, {"PUT", "/users/" + user},
		{"GET", "/users/" + user + "/groups"}, {"GET", "/users/" + user + "/sub_accounts"},
		{"GET", "/user_groups"}, {"GET", "/user_groups/" + group}, {"PUT", "/user_groups/" + group},
		{"POST", "/user_groups/" + group + "/users/" + user}, {"GET", "/user_groups/" + group + "/users"},
		{"DELETE", "/user_groups/" + group + "/users/" + user}, {"DELETE", "/user_groups/" + group},
		{"DELETE", "/users/" + user}, {"GET", "/billing_usage"}, {"DELETE", "/sub_accounts/" + env},
	}
	for _, c := range calls {
		var body any
		if c.method == "PUT" {
			body = map[string]any{"name": "n"}
		}
		h.prov(c.method, c.path, body).want(t, 200)
	}
	ops := []string{
		"getProductEnvironments", "createProductEnvironment", "getProductEnvironment", "updateProductEnvironment", "deleteProductEnvironment",
		"getAccessKeys", "generateAccessKey", "deleteAccessKeyByName", "updateAccessKey", "deleteAccessKey",
		"getUsers", "createUser", "getUser", "updateUser", "deleteUser", "getGroupsForUser", "getSubAccountsForUser",
		"getUserGroups", "createUserGroup", "getUserGroup", "updateUserGroup", "deleteUserGroup",
		"getUsersInUserGroup", "addUserToUserGroup", "removeUserFromUserGroup", "getBillingUsage",
	}
	if len(ops) != 26 {
		t.Fatalf("%d operations listed", len(ops))
	}
	st := h.emu.Stats()
	for _, op := range ops {
		if st.ByOperation[op] == 0 {
			t.Errorf("operation %s never counted", op)
		}
	}
	if st.ByOperation["unknown"] != 0 {
		t.Errorf("unknown routes hit: %+v", st)
	}
}
