package emulator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSeedOptionValidated(t *testing.T) {
	for _, s := range []string{"", "empty", "realistic"} {
		if _, err := New(Options{Seed: s}); err != nil {
			t.Errorf("Seed %q: %v", s, err)
		}
	}
	if _, err := New(Options{Seed: "Realistic"}); err == nil || !strings.Contains(err.Error(), `"Realistic"`) ||
		!strings.Contains(err.Error(), "empty, realistic") {
		t.Errorf("Seed Realistic: err %v, want one naming the value and the choices", err)
	}
}

func TestSeedEmptyByDefault(t *testing.T) {
	for _, s := range []string{"", SeedEmpty} {
		h := newPV(t, Options{Seed: s})
		if envs := h.prov("GET", "/sub_accounts", nil).want(t, 200).obj(t)["sub_accounts"].([]any); len(envs) != 0 {
			t.Errorf("Seed %q: environments %v, want none", s, envs)
		}
		if users := h.prov("GET", "/users", nil).want(t, 200).obj(t)["users"].([]any); len(users) != 0 {
			t.Errorf("Seed %q: users %v, want none", s, users)
		}
		if _, ok := h.emu.Seeded(); ok {
			t.Errorf("Seed %q: Seeded() reports a seed", s)
		}
		// Without an owner there is no last master admin to protect.
		u := h.prov("POST", "/users", map[string]any{"name": "A", "email": "a@example.com", "role": "master_admin"}).want(t, 200).obj(t)
		h.prov("PUT", "/users/"+u["id"].(string), map[string]any{"role": "admin"}).want(t, 200)
		h.prov("PUT", "/users/"+u["id"].(string), map[string]any{"role": "master_admin"}).want(t, 200)
		h.prov("DELETE", "/users/"+u["id"].(string), nil).want(t, 200)
	}
}

func TestSeedRealisticObjects(t *testing.T) {
	start := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	h := newPV(t, Options{Seed: SeedRealistic, AccountID: "Acme Corp", Now: func() time.Time { return start }})
	marks, ok := h.emu.Seeded()
	if !ok || marks != (SeedMarks{Seed: "realistic", PrimaryProductEnvironmentID: SeedPrimaryEnvironmentID,
		OwnerUserID: SeedOwnerUserID, RootAPIKey: SeedRootAPIKey}) {
		t.Fatalf("Seeded() = %+v, %v", marks, ok)
	}
	created := start.Add(-seedAge).Format(time.RFC3339)

	// The primary environment: listed, readable by id, with its root key.
	envs := h.prov("GET", "/sub_accounts", nil).want(t, 200).obj(t)["sub_accounts"].([]any)
	if len(envs) != 1 {
		t.Fatalf("environments %v, want the primary one", envs)
	}
	env := h.prov("GET", "/sub_accounts/"+SeedPrimaryEnvironmentID, nil).want(t, 200).obj(t)
	if env["cloud_name"] != "acme-corp" || env["name"] != SeedPrimaryEnvironmentName || env["enabled"] != true || env["created_at"] != created {
		t.Errorf("primary environment %v", env)
	}
	if ks := env["api_access_keys"].([]any); len(ks) != 1 || ks[0].(map[string]any)["key"] != SeedRootAPIKey {
		t.Errorf("primary environment keys %v, want the root key", ks)
	}
	keys := h.prov("GET", "/sub_accounts/"+SeedPrimaryEnvironmentID+"/access_keys", nil).want(t, 200).obj(t)["access_keys"].([]any)
	if len(keys) != 1 {
		t.Fatalf("keys %v", keys)
	}
	if k := keys[0].(map[string]any); k["api_key"] != SeedRootAPIKey || k["root"] != true || k["enabled"] != true || k["api_secret"] == "" {
		t.Errorf("root key %v", k)
	}

	// The owner: a master admin who reaches everything, not pending, the
	// document's root user; other users are not root.
	users := h.prov("GET", "/users", nil).want(t, 200).obj(t)["users"].([]any)
	if len(users) != 1 {
		t.Fatalf("users %v, want the owner", users)
	}
	owner := h.prov("GET", "/users/"+SeedOwnerUserID, nil).want(t, 200).obj(t)
	for k, want := range map[string]any{
		"email": SeedOwnerEmail, "name": SeedOwnerName, "role": "master_admin", "root": true, "pending": false,
		"enabled": true, "all_sub_accounts": true, "status": "active", "created_at": created, "last_login": created,
	} {
		if owner[k] != want {
			t.Errorf("owner %s = %#v, want %#v", k, owner[k], want)
		}
	}
	other := h.prov("POST", "/users", map[string]any{"name": "B", "email": "b@example.com", "role": "admin"}).want(t, 200).obj(t)
	if other["root"] != false {
		t.Errorf("created user root = %#v, want false", other["root"])
	}
	// The owner reaches environments created later.
	h.prov("POST", "/sub_accounts", map[string]any{"name": "Later", "cloud_name": "later"}).want(t, 200)
	if n := h.prov("GET", "/users/"+SeedOwnerUserID+"/sub_accounts", nil).want(t, 200).obj(t)["sub_accounts"].([]any); len(n) != 2 {
		t.Errorf("owner reaches %v, want both environments", n)
	}
	// Seeding makes no API request.
	if st := h.emu.Stats(); st.ByOperation["createProductEnvironment"] != 1 || st.ByOperation["createUser"] != 1 {
		t.Errorf("stats %+v", st.ByOperation)
	}
	// The state document marks them.
	var st struct {
		Provisioning struct {
			Seed *SeedMarks `json:"seed"`
		} `json:"provisioning"`
	}
	r := h.do("GET", "/_emulator/state", nil).want(t, 200)
	r.decode(t, &st)
	if st.Provisioning.Seed == nil || *st.Provisioning.Seed != marks {
		t.Errorf("state seed %+v, want %+v", st.Provisioning.Seed, marks)
	}
}

func TestSeedRefusals(t *testing.T) {
	h := newPV(t, Options{Seed: SeedRealistic})
	primary := "/sub_accounts/" + SeedPrimaryEnvironmentID

	// The primary environment cannot be deleted; it can be changed.
	msg := h.prov("DELETE", primary, nil).wantProvError(t, 403)
	if msg != "Product environment "+SeedPrimaryEnvironmentID+" (cloud_name emu-account) is the account's primary product environment and cannot be deleted" {
		t.Errorf("primary delete: %q", msg)
	}
	h.prov("PUT", primary, map[string]any{"name": "Main", "enabled": false}).want(t, 200)
	h.prov("PUT", primary, map[string]any{"enabled": true}).want(t, 200)

	// Its root key cannot be deleted, by key or by name; other keys can.
	if msg := h.prov("DELETE", primary+"/access_keys/"+SeedRootAPIKey, nil).wantProvError(t, 403); !strings.Contains(msg, "root access key") {
		t.Errorf("root key delete: %q", msg)
	}
	h.prov("PUT", primary+"/access_keys/"+SeedRootAPIKey, map[string]any{"name": "root"}).want(t, 200)
	h.prov("DELETE", primary+"/access_keys?name=root", nil).wantProvError(t, 403)
	k := h.prov("POST", primary+"/access_keys", map[string]any{"name": "ci"}).want(t, 200).obj(t)
	h.prov("DELETE", primary+"/access_keys/"+k["api_key"].(string), nil).want(t, 200)

	// The last master admin can be neither deleted nor demoted...
	owner := "/users/" + SeedOwnerUserID
	wantLast := func(msg, what string) {
		t.Helper()
		want := "User " + SeedOwnerUserID + " (owner@example.com) is the account's last master admin and " + what +
			": an account needs at least one master admin; make another user a master admin first"
		if msg != want {
			t.Errorf("got  %q\nwant %q", msg, want)
		}
	}
	wantLast(h.prov("DELETE", owner, nil).wantProvError(t, 403), "cannot be deleted")
	wantLast(h.prov("PUT", owner, map[string]any{"role": "admin", "name": "Renamed"}).wantProvError(t, 403), "cannot be given the role admin")
	if u := h.prov("GET", owner, nil).want(t, 200).obj(t); u["role"] != "master_admin" || u["name"] != SeedOwnerName {
		t.Errorf("a refused update changed the owner: %v", u)
	}
	// ...but keeping the role, or changing anything else, is fine.
	h.prov("PUT", owner, map[string]any{"role": "master_admin", "name": "Owner"}).want(t, 200)

	// With a second master admin, either one may go or be demoted, but
	// never both.
	second := h.prov("POST", "/users", map[string]any{"name": "Second", "email": "second@example.com", "role": "master_admin"}).want(t, 200).obj(t)
	sid := "/users/" + second["id"].(string)
	h.prov("PUT", owner, map[string]any{"role": "admin"}).want(t, 200)
	msg = h.prov("DELETE", sid, nil).wantProvError(t, 403)
	if !strings.Contains(msg, "second@example.com") || !strings.Contains(msg, "last master admin") {
		t.Errorf("second admin delete: %q", msg)
	}
	h.prov("PUT", owner, map[string]any{"role": "master_admin"}).want(t, 200)
	h.prov("DELETE", owner, nil).want(t, 200)
	wantSecond := h.prov("PUT", sid, map[string]any{"role": "billing"}).wantProvError(t, 403)
	if !strings.Contains(wantSecond, "cannot be given the role billing") {
		t.Errorf("second admin demote: %q", wantSecond)
	}
	// A user who is not a master admin is unaffected.
	b := h.prov("POST", "/users", map[string]any{"name": "B", "email": "b@example.com", "role": "billing"}).want(t, 200).obj(t)
	h.prov("DELETE", "/users/"+b["id"].(string), nil).want(t, 200)
}

func TestSeedPersisted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	h := newPV(t, Options{Seed: SeedRealistic, StatePath: path})
	// Seeding writes the state file at once.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"primary_product_environment_id": "`+SeedPrimaryEnvironmentID+`"`) {
		t.Errorf("state file lacks the seed marks:\n%s", raw)
	}
	h.prov("PUT", "/users/"+SeedOwnerUserID, map[string]any{"name": "Renamed Owner"}).want(t, 200)

	// Reloaded, with or without the flag: the same objects, not seeded
	// again, and the rules still hold.
	for _, seed := range []string{SeedRealistic, ""} {
		h2 := newPV(t, Options{Seed: seed, StatePath: path})
		users := h2.prov("GET", "/users", nil).want(t, 200).obj(t)["users"].([]any)
		if len(users) != 1 || users[0].(map[string]any)["name"] != "Renamed Owner" {
			t.Errorf("seed %q: users %v", seed, users)
		}
		h2.prov("DELETE", "/sub_accounts/"+SeedPrimaryEnvironmentID, nil).wantProvError(t, 403)
		h2.prov("DELETE", "/users/"+SeedOwnerUserID, nil).wantProvError(t, 403)
	}

	// An unseeded state that holds objects is not seeded behind its back.
	other := filepath.Join(t.TempDir(), "other.json")
	h3 := newPV(t, Options{StatePath: other})
	h3.prov("POST", "/user_groups", map[string]any{"name": "g"}).want(t, 200)
	_, err = New(Options{Seed: SeedRealistic, StatePath: other})
	if err == nil || !strings.Contains(err.Error(), "already holds objects") {
		t.Errorf("seeding a used state: err %v", err)
	}
	// An empty state file is seeded.
	empty := filepath.Join(t.TempDir(), "empty.json")
	data, _ := json.Marshal(map[string]any{"provisioning": map[string]any{}, "permissions": map[string]any{}})
	if err := os.WriteFile(empty, data, 0o600); err != nil {
		t.Fatal(err)
	}
	h4 := newPV(t, Options{Seed: SeedRealistic, StatePath: empty})
	h4.prov("GET", "/users/"+SeedOwnerUserID, nil).want(t, 200)
}

func TestSeedCloudName(t *testing.T) {
	for in, want := range map[string]string{
		"emu-account": "emu-account", "Acme Corp": "acme-corp", "a_b": "a_b", "--x--": "x",
		"": "primary", "!!!": "primary", "7f3a9c0e": "7f3a9c0e", strings.Repeat("a", 80): strings.Repeat("a", 64),
	} {
		if got := SeedCloudName(in); got != want {
			t.Errorf("SeedCloudName(%q) = %q, want %q", in, got, want)
		}
	}
}
