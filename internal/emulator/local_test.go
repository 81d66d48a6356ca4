package emulator

// Tests for running the emulator as a local tool: the Host check against DNS
// rebinding, stale temporary state files, and the budget that only
// authenticated requests spend.

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sendHost is send with the Host header replaced.
func (h *pvHarness) sendHost(host, method, path, auth string) pvResp {
	h.t.Helper()
	req, err := http.NewRequestWithContext(h.t.Context(), method, h.srv.URL+path, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	req.Host = host
	if auth == "" {
		o := h.emu.Options()
		req.SetBasicAuth(o.APIKey, o.APISecret)
	}
	res, err := h.client.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s (Host %s): %v", method, path, host, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return pvResp{status: res.StatusCode, header: res.Header, body: body}
}

func TestHostCheckRefusesForeignHosts(t *testing.T) {
	h := newPV(t, Options{APISecret: "top-secret"})
	h.prov("POST", "/user_groups", map[string]any{"name": "g"}).want(t, 200)
	h.emu.ResetStats()
	port := mustPort(t, h.srv.URL)

	paths := []struct {
		method, path string
		perm         bool // permissions error shape
	}{
		{"GET", "/_emulator/state", false},
		{"GET", "/_emulator/stats", false},
		{"POST", "/_emulator/stats/reset", false},
		{"GET", "/v1_1/provisioning/accounts/emu-account/users", false},
		{"GET", "/v2/accounts/emu-account/permissions/roles?permission_type=global", true},
		{"GET", "/v2/accounts/permissions/public/catalog", true},
		{"GET", "/nope", false},
	}
	refused := []string{
		"evil.example.com", "evil.example.com:" + port, "localhost.evil.example.com:" + port,
		"127.0.0.1.nip.io:" + port, "foo.localhost:" + port, "localhost.:" + port,
		"192.168.1.10:" + port, "0.0.0.0:" + port, "[2001:db8::1]:" + port, "[::1:" + port,
	}
	for _, host := range refused {
		for _, p := range paths {
			r := h.sendHost(host, p.method, p.path, "")
			var msg string
			if p.perm {
				r.wantPermError(t, http.StatusMisdirectedRequest, "user_error")
				var body struct {
					Error struct{ Message string } `json:"error"`
				}
				r.decode(t, &body)
				msg = body.Error.Message
			} else {
				msg = r.wantProvError(t, http.StatusMisdirectedRequest)
			}
			if !strings.Contains(msg, "DNS rebinding") || !strings.Contains(msg, host) || !strings.Contains(msg, "-allow-host") {
				t.Errorf("Host %s %s: message %q does not say why", host, p.path, msg)
			}
			if strings.Contains(string(r.body), "top-secret") || strings.Contains(string(r.body), `"g"`) {
				t.Fatalf("Host %s %s leaked state: %s", host, p.path, r.body)
			}
		}
	}
	if st := h.emu.Stats(); st.Total != 0 {
		t.Errorf("refused requests were counted: %+v", st)
	}

	served := []string{
		"localhost", "localhost:" + port, "LocalHost:" + port, "127.0.0.1", "127.0.0.1:" + port,
		"127.8.9.10:" + port, "[::1]", "[::1]:" + port, "[::ffff:127.0.0.1]:" + port,
	}
	for _, host := range served {
		for _, p := range paths {
			r := h.sendHost(host, p.method, p.path, "")
			want := 200
			if p.path == "/nope" {
				want = 404
			}
			if r.status != want {
				t.Errorf("Host %s %s %s: status %d, want %d: %s", host, p.method, p.path, r.status, want, r.body)
			}
		}
	}
	if r := h.sendHost("localhost:"+port, "GET", "/_emulator/state", ""); !strings.Contains(string(r.body), `"g"`) {
		t.Errorf("state not served to localhost: %s", r.body)
	}

	// In-process calls never crossed a socket, so no browser can make them:
	// httptest.NewRequest's Host example.com is served.
	req := httptest.NewRequestWithContext(t.Context(), "GET", "/_emulator/stats", nil)
	rec := httptest.NewRecorder()
	h.emu.ServeHTTP(rec, req)
	if rec.Code != 200 || req.Host != "example.com" {
		t.Errorf("in-process request with Host %s: %d", req.Host, rec.Code)
	}
}

func TestHostCheckOptions(t *testing.T) {
	h := newPV(t, Options{AllowedHosts: []string{"Emu.Test", "[2001:db8::7]"}})
	for host, want := range map[string]int{
		"emu.test": 200, "EMU.TEST:80": 200, "[2001:db8::7]:1": 200, "localhost": 200,
		"other.test": 421, "192.0.2.7": 421, "sub.emu.test": 421,
	} {
		if r := h.sendHost(host, "GET", "/_emulator/stats", "none"); r.status != want {
			t.Errorf("AllowedHosts, Host %s: %d, want %d", host, r.status, want)
		}
	}
	remote := newPV(t, Options{AllowIPHosts: true})
	for host, want := range map[string]int{
		"192.0.2.7": 200, "192.0.2.7:8787": 200, "[2001:db8::1]:8787": 200, "127.0.0.1": 200, "localhost": 200,
		"evil.example.com": 421, "192.0.2.7.nip.io": 421,
	} {
		if r := remote.sendHost(host, "GET", "/_emulator/stats", "none"); r.status != want {
			t.Errorf("AllowIPHosts, Host %s: %d, want %d", host, r.status, want)
		}
	}
	for _, bad := range [][]string{{""}, {"emu.test:8787"}, {"[::1]:1"}} {
		if _, err := New(Options{AllowedHosts: bad}); err == nil || !strings.Contains(err.Error(), "AllowedHosts") {
			t.Errorf("AllowedHosts %q: err %v", bad, err)
		}
	}
}

func mustPort(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil || u.Port() == "" {
		t.Fatalf("no port in %q: %v", raw, err)
	}
	return u.Port()
}

func TestStaleTempStateFilesRemovedAtStart(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("state.json", `{"provisioning":{"user_groups":{"g1":{"id":"g1","name":"kept","user_ids":[]}}}}`)
	stale := []string{"state.json.tmp-1", "state.json.tmp-2846123517", "state.json.tmp-0042"}
	for _, n := range stale {
		write(n, `{"half":`)
	}
	kept := []string{
		"state.json.tmp-", "state.json.tmp-12a", "state.json.tmp-12.bak", "state.json.tmp-*",
		"other.json.tmp-123", "state.json.bak", "xstate.json.tmp-123", "state.json.TMP-123", "notes.txt",
	}
	for _, n := range kept {
		write(n, "keep me")
	}
	if err := os.Mkdir(filepath.Join(dir, "state.json.tmp-77"), 0o700); err != nil { // not a regular file
		t.Fatal(err)
	}
	kept = append(kept, "state.json.tmp-77")

	emu, err := New(Options{StatePath: state})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range stale {
		if _, err := os.Lstat(filepath.Join(dir, n)); !os.IsNotExist(err) {
			t.Errorf("stale %s still there (%v)", n, err)
		}
	}
	for _, n := range kept {
		if _, err := os.Lstat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s removed: %v", n, err)
		}
	}
	if data, err := emu.StateJSON(); err != nil || !strings.Contains(string(data), `"kept"`) {
		t.Errorf("state not loaded: %s %v", data, err)
	}

	// A state file in a directory that does not exist yet is still fine.
	if _, err := New(Options{StatePath: filepath.Join(dir, "missing", "state.json")}); err != nil {
		t.Errorf("missing directory: %v", err)
	}
}

func TestBudgetNotSpentByUnauthenticatedRequests(t *testing.T) {
	h := newPV(t, Options{HourlyBudget: 1})
	base := "/v1_1/provisioning/accounts/emu-account/users"
	for i, auth := range []string{"none", "emu-key:nope", "nope:emu-secret", "none", "x:y"} {
		r, err := h.send("GET", base, nil, auth)
		if err != nil {
			t.Fatal(err)
		}
		r.wantProvError(t, 401)
		if v := r.header.Get("X-FeatureRateLimit-Limit") + r.header.Get("X-FeatureRateLimit-Remaining") + r.header.Get("Retry-After"); v != "" {
			t.Errorf("unauthenticated request %d learned about the budget: %v", i, r.header)
		}
	}
	// Another account's path with valid credentials is refused before the budget too.
	h.do("GET", "/v1_1/provisioning/accounts/other/users", nil).wantProvError(t, 401)
	r := h.do("GET", base, nil).want(t, 200)
	if r.header.Get("X-FeatureRateLimit-Remaining") != "0" || r.header.Get("X-FeatureRateLimit-Limit") != "1" {
		t.Errorf("authenticated request headers %v", r.header)
	}
	h.do("GET", base, nil).wantProvError(t, 420)
	// Unauthenticated requests once the budget is gone are told 401, not 420.
	r, _ = h.send("GET", base, nil, "none")
	r.wantProvError(t, 401)
	if st := h.emu.Stats(); st.Faults["budget"] != 1 || st.Total != 9 {
		t.Errorf("stats %+v", st)
	}

	// Injected 420s carry the budget in their headers: unauthenticated
	// requests do not get them either.
	f := newPV(t, Options{HourlyBudget: 7, Fault420: 1})
	r, _ = f.send("GET", base, nil, "none")
	r.wantProvError(t, 401)
	if v := r.header.Get("X-FeatureRateLimit-Limit"); v != "" {
		t.Errorf("401 carries limit %q", v)
	}

	// Public routes need no auth and keep spending the budget.
	p := newPV(t, Options{HourlyBudget: 1})
	pr, _ := p.send("GET", "/v2/accounts/permissions/public/catalog", nil, "none")
	pr.want(t, 200)
	if pr.header.Get("X-FeatureRateLimit-Remaining") != "0" {
		t.Errorf("public route headers %v", pr.header)
	}
	p.do("GET", base, nil).wantProvError(t, 420)
}
