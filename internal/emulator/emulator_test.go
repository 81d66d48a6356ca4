package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// pvHarness is an emulator behind a real HTTP server plus a client that
// speaks to it; helper names carry a pv prefix so they cannot clash with the
// permissions half's test helpers.
type pvHarness struct {
	t      *testing.T
	emu    *Emulator
	srv    *httptest.Server
	client *http.Client
}

func newPV(t *testing.T, opts Options) *pvHarness {
	t.Helper()
	emu, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	// No keep-alives: each request gets its own connection, so a fault that
	// kills one connection never makes the transport retry on another.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	return &pvHarness{t: t, emu: emu, srv: srv, client: client}
}

// pvResp is a received response.
type pvResp struct {
	status int
	header http.Header
	body   []byte
}

func (r pvResp) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %q: %v", r.body, err)
	}
}

func (r pvResp) obj(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	r.decode(t, &m)
	return m
}

// send does a request; body is JSON-encoded unless it is a string (sent raw)
// or nil. auth picks the credentials: "" = the right ones, "none", or
// "user:pass".
func (h *pvHarness) send(method, path string, body any, auth string) (pvResp, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(h.t.Context(), method, h.srv.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	o := h.emu.Options()
	switch auth {
	case "":
		req.SetBasicAuth(o.APIKey, o.APISecret)
	case "none":
	default:
		u, p, _ := strings.Cut(auth, ":")
		req.SetBasicAuth(u, p)
	}
	res, err := h.client.Do(req)
	if err != nil {
		return pvResp{}, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return pvResp{}, err
	}
	return pvResp{status: res.StatusCode, header: res.Header, body: data}, nil
}

// do is send that must get an answer.
func (h *pvHarness) do(method, path string, body any) pvResp {
	h.t.Helper()
	r, err := h.send(method, path, body, "")
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

// prov does a request under /v1_1/provisioning/accounts/{account}.
func (h *pvHarness) prov(method, path string, body any) pvResp {
	h.t.Helper()
	return h.do(method, "/v1_1/provisioning/accounts/"+h.emu.Options().AccountID+path, body)
}

// want checks a status and returns the response for chaining.
func (r pvResp) want(t *testing.T, status int) pvResp {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, want application/json", ct)
	}
	return r
}

// wantProvError checks the provisioning error shape {"error":{"message"}}.
func (r pvResp) wantProvError(t *testing.T, status int) string {
	t.Helper()
	r.want(t, status)
	var body struct {
		Error *struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	r.decode(t, &body)
	if body.Error == nil || body.Error.Message == "" {
		t.Fatalf("not a provisioning error: %s", r.body)
	}
	return body.Error.Message
}

// wantPermError checks the permissions error shape.
func (r pvResp) wantPermError(t *testing.T, status int, category string) {
	t.Helper()
	r.want(t, status)
	var body struct {
		Error *struct {
			Category string `json:"category"`
			Code     string `json:"code"`
			Message  string `json:"message"`
		} `json:"error"`
	}
	r.decode(t, &body)
	if body.Error == nil || body.Error.Code == "" || body.Error.Message == "" || body.Error.Category != category {
		t.Fatalf("not a permissions error of category %s: %s", category, r.body)
	}
}

// store runs f on the provisioning store under the emulator's lock (the
// race detector does not see the ordering a network round trip gives).
func (h *pvHarness) store(f func(s *provStore)) {
	h.emu.mu.Lock()
	defer h.emu.mu.Unlock()
	f(h.emu.prov)
}

func (h *pvHarness) groupCount() (n int) {
	h.store(func(s *provStore) { n = len(s.Groups) })
	return n
}

// pvClock is a settable clock for Options.Now.
type pvClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *pvClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *pvClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// pvTestRoutes adds a protected and a public route under /v2/ (a prefix the
// permissions half never uses) to exercise the permissions error shape
// without depending on that half.
func (h *pvHarness) pvTestRoutes() {
	ok := func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"ok": "yes"})
	}
	h.emu.route(h.emu.api, "GET /v2/zz-core-test/{account_id}", "zzCoreTest", ok)
	h.emu.route(h.emu.api, "GET /v2/zz-core-public", "zzCorePublic", ok, publicRoute())
}

func TestCoreOptionsDefaultsAndValidation(t *testing.T) {
	emu, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	o := emu.Options()
	if o.AccountID != "emu-account" || o.APIKey != "emu-key" || o.APISecret != "emu-secret" || o.BudgetWindow != time.Hour || o.Now == nil {
		t.Fatalf("defaults not applied: %+v", o)
	}
	for name, bad := range map[string]Options{
		"5xx>1":      {Fault5xx: 1.5},
		"429<0":      {Fault429: -0.1},
		"420 NaN":    {Fault420: math.NaN()},
		"reset>1":    {FaultReset: 2},
		"drop<0":     {FaultDrop: -1},
		"latency<0":  {Latency: -time.Second},
		"budget<0":   {HourlyBudget: -1},
		"bad state":  {StatePath: writeTemp(t, "{not json")},
		"unreadable": {StatePath: t.TempDir()}, // a directory
	} {
		if _, err := New(bad); err == nil {
			t.Errorf("%s: New accepted invalid options", name)
		}
	}
}

func writeTemp(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCoreAuth(t *testing.T) {
	h := newPV(t, Options{AccountID: "acc1", APIKey: "k1", APISecret: "s1"})
	h.pvTestRoutes()
	base := "/v1_1/provisioning/accounts/acc1/sub_accounts"
	for name, auth := range map[string]string{"none": "none", "wrong secret": "k1:nope", "wrong key": "k2:s1"} {
		r, err := h.send("GET", base, nil, auth)
		if err != nil {
			t.Fatal(err)
		}
		if msg := r.wantProvError(t, 401); msg == "" {
			t.Errorf("%s: empty message", name)
		}
	}
	// Another account's path with valid credentials is refused too.
	h.do("GET", "/v1_1/provisioning/accounts/other/sub_accounts", nil).wantProvError(t, 401)
	h.do("GET", base, nil).want(t, 200)

	// /v2 paths answer the permissions shape.
	r, _ := h.send("GET", "/v2/zz-core-test/acc1", nil, "none")
	r.wantPermError(t, 401, "user_error")
	h.do("GET", "/v2/zz-core-test/other", nil).wantPermError(t, 401, "user_error")
	h.do("GET", "/v2/zz-core-test/acc1", nil).want(t, 200)
	// Public routes accept no, right and wrong credentials.
	for _, auth := range []string{"none", "", "x:y"} {
		r, err := h.send("GET", "/v2/zz-core-public", nil, auth)
		if err != nil {
			t.Fatal(err)
		}
		r.want(t, 200)
	}
}

func TestCoreUnknownPathsAndMethods(t *testing.T) {
	h := newPV(t, Options{})
	h.pvTestRoutes()
	h.prov("GET", "/nope", nil).wantProvError(t, 404)
	h.do("GET", "/v2/accounts/x/nope/nope/nope", nil).wantPermError(t, 404, "user_error")
	r := h.prov("PATCH", "/users", nil)
	r.wantProvError(t, 405)
	if allow := r.header.Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") {
		t.Errorf("Allow = %q", allow)
	}
	if n := h.emu.Stats().ByOperation["unknown"]; n != 3 {
		t.Errorf("unknown count %d, want 3", n)
	}
}

func TestCoreAdminEndpoints(t *testing.T) {
	// Every fault at full strength and a budget of one: admin endpoints must
	// still never be faulted, authenticated or counted.
	h := newPV(t, Options{Fault5xx: 1, HourlyBudget: 1})
	r := h.prov("GET", "/users", nil)
	if r.status < 500 {
		t.Fatalf("API request not faulted: %d", r.status)
	}
	for i := 0; i < 3; i++ {
		r, err := h.send("GET", "/_emulator/stats", nil, "none")
		if err != nil {
			t.Fatal(err)
		}
		var st Stats
		r.want(t, 200).decode(t, &st)
		if st.Total != 1 || st.ByOperation["getUsers"] != 1 || st.Faults["5xx"] != 1 {
			t.Fatalf("stats %+v", st)
		}
	}
	r, _ = h.send("GET", "/_emulator/state", nil, "none")
	state := r.want(t, 200).obj(t)
	if _, ok := state["provisioning"]; !ok {
		t.Errorf("state has no provisioning: %s", r.body)
	}
	if _, ok := state["permissions"]; !ok {
		t.Errorf("state has no permissions: %s", r.body)
	}
	direct, err := h.emu.StateJSON()
	if err != nil || !bytes.Equal(direct, r.body) {
		t.Errorf("StateJSON differs from GET /_emulator/state (%v)", err)
	}
	r, _ = h.send("POST", "/_emulator/stats/reset", nil, "none")
	r.want(t, 200)
	if st := h.emu.Stats(); st.Total != 0 || len(st.ByOperation) != 0 || len(st.Faults) != 0 {
		t.Errorf("stats not reset: %+v", st)
	}
	r, _ = h.send("GET", "/_emulator/nope", nil, "none")
	r.wantProvError(t, 404)
	r, _ = h.send("GET", "/_emulator/stats/reset", nil, "none")
	if r.status != 404 && r.status != 405 {
		t.Errorf("GET stats/reset: %d, want 404 or 405", r.status)
	}
	if st := h.emu.Stats(); st.Total != 0 {
		t.Errorf("admin requests counted: %+v", st)
	}
	h.emu.ResetStats()
}

func TestCoreStatsCountEveryRequest(t *testing.T) {
	h := newPV(t, Options{})
	h.prov("GET", "/users", nil).want(t, 200)
	h.prov("GET", "/users", nil).want(t, 200)
	r, _ := h.send("GET", "/v1_1/provisioning/accounts/emu-account/users", nil, "none")
	r.wantProvError(t, 401) // refused requests still count
	h.prov("POST", "/user_groups", map[string]any{"name": "g"}).want(t, 200)
	st := h.emu.Stats()
	if st.Total != 4 || st.ByOperation["getUsers"] != 3 || st.ByOperation["createUserGroup"] != 1 {
		t.Fatalf("stats %+v", st)
	}
	// Stats returns a copy.
	st.ByOperation["getUsers"] = 99
	if h.emu.Stats().ByOperation["getUsers"] != 3 {
		t.Error("Stats leaked its map")
	}
}

func TestCoreFaultReset(t *testing.T) {
	h := newPV(t, Options{FaultReset: 1})
	_, err := h.send("POST", "/v1_1/provisioning/accounts/emu-account/user_groups", map[string]any{"name": "g"}, "")
	if err == nil {
		t.Fatal("request succeeded despite fault-reset")
	}
	if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, syscall.EPIPE) {
		t.Errorf("error %v, want a connection reset", err)
	}
	if n := h.groupCount(); n != 0 {
		t.Errorf("reset request did work: %d groups", n)
	}
	if st := h.emu.Stats(); st.Faults["reset"] != 1 || st.ByOperation["createUserGroup"] != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestCoreFaultDrop(t *testing.T) {
	h := newPV(t, Options{FaultDrop: 1})
	_, err := h.send("POST", "/v1_1/provisioning/accounts/emu-account/user_groups", map[string]any{"name": "dropped"}, "")
	if err == nil {
		t.Fatal("write answered despite fault-drop")
	}
	// The write was committed even though no response came back.
	if h.groupCount() != 1 {
		t.Fatal("dropped write was not committed")
	}
	// Reads are never dropped.
	var list struct {
		UserGroups []map[string]any `json:"user_groups"`
	}
	h.prov("GET", "/user_groups", nil).want(t, 200).decode(t, &list)
	if len(list.UserGroups) != 1 {
		t.Errorf("groups %v", list.UserGroups)
	}
	if st := h.emu.Stats(); st.Faults["drop"] != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestCoreFault5xx(t *testing.T) {
	h := newPV(t, Options{Fault5xx: 1, FaultSeed: 7})
	h.pvTestRoutes()
	seen := map[int]bool{}
	for i := 0; i < 40; i++ {
		r := h.prov("POST", "/user_groups", map[string]any{"name": "g" + strconv.Itoa(i)})
		switch r.status {
		case 500, 502, 503, 504:
			seen[r.status] = true
		default:
			t.Fatalf("status %d", r.status)
		}
		r.wantProvError(t, r.status)
	}
	if len(seen) < 3 {
		t.Errorf("statuses not varied: %v", seen)
	}
	if n := h.groupCount(); n != 0 {
		t.Errorf("5xx did work: %d groups", n)
	}
	r := h.do("GET", "/v2/zz-core-test/emu-account", nil)
	r.wantPermError(t, r.status, "server_error")
	if st := h.emu.Stats(); st.Faults["5xx"] != 41 {
		t.Errorf("stats %+v", st)
	}
}

func TestCoreFaultsDeterministicBySeed(t *testing.T) {
	run := func(seed int64) []int {
		h := newPV(t, Options{Fault5xx: 0.3, Fault429: 0.2, FaultSeed: seed})
		var out []int
		for i := 0; i < 30; i++ {
			out = append(out, h.prov("GET", "/users", nil).status)
		}
		return out
	}
	a, b, c := run(42), run(42), run(43)
	if !equalInts(a, b) {
		t.Errorf("same seed, different faults:\n%v\n%v", a, b)
	}
	if equalInts(a, c) {
		t.Errorf("different seeds, same faults: %v", a)
	}
	ok := 0
	for _, s := range a {
		if s == 200 {
			ok++
		}
	}
	if ok == 0 || ok == len(a) {
		t.Errorf("probabilities not applied: %v", a)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCoreFault429(t *testing.T) {
	h := newPV(t, Options{Fault429: 1})
	r := h.prov("POST", "/user_groups", map[string]any{"name": "g"})
	r.wantProvError(t, 429)
	if r.header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	if h.groupCount() != 0 {
		t.Error("429 did work")
	}
	if st := h.emu.Stats(); st.Faults["429"] != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestCoreFault420(t *testing.T) {
	h := newPV(t, Options{Fault420: 1})
	r := h.prov("GET", "/users", nil)
	r.wantProvError(t, 420)
	if r.header.Get("X-FeatureRateLimit-Limit") != "2000" || r.header.Get("X-FeatureRateLimit-Remaining") != "0" {
		t.Errorf("headers %v", r.header)
	}
	if _, err := http.ParseTime(r.header.Get("X-FeatureRateLimit-Reset")); err != nil {
		t.Errorf("reset header: %v", err)
	}
	if ra, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || ra < 1 {
		t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
	}
	if st := h.emu.Stats(); st.Faults["420"] != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestCoreHourlyBudget(t *testing.T) {
	start := time.Date(2025, 5, 1, 10, 0, 0, 0, time.UTC)
	clk := &pvClock{t: start}
	h := newPV(t, Options{HourlyBudget: 3, BudgetWindow: time.Hour, Now: clk.Now})
	reset := start.Add(time.Hour).Format(http.TimeFormat)
	for i := 0; i < 3; i++ {
		r := h.prov("GET", "/users", nil).want(t, 200)
		if got := r.header.Get("X-FeatureRateLimit-Remaining"); got != strconv.Itoa(2-i) {
			t.Errorf("request %d remaining %q", i, got)
		}
		if r.header.Get("X-FeatureRateLimit-Limit") != "3" || r.header.Get("X-FeatureRateLimit-Reset") != reset {
			t.Errorf("headers %v", r.header)
		}
	}
	clk.Advance(20 * time.Minute)
	r := h.prov("GET", "/users", nil)
	r.wantProvError(t, 420)
	if r.header.Get("X-FeatureRateLimit-Remaining") != "0" || r.header.Get("X-FeatureRateLimit-Limit") != "3" ||
		r.header.Get("X-FeatureRateLimit-Reset") != reset || r.header.Get("Retry-After") != "2400" {
		t.Errorf("420 headers %v", r.header)
	}
	// Window over: the budget is back.
	clk.Advance(40 * time.Minute)
	r = h.prov("GET", "/users", nil).want(t, 200)
	if r.header.Get("X-FeatureRateLimit-Remaining") != "2" ||
		r.header.Get("X-FeatureRateLimit-Reset") != start.Add(2*time.Hour).Format(http.TimeFormat) {
		t.Errorf("new window headers %v", r.header)
	}
	// Several windows later the window is re-aligned, not stacked.
	clk.Advance(5*time.Hour + 30*time.Minute)
	r = h.prov("GET", "/users", nil).want(t, 200)
	if r.header.Get("X-FeatureRateLimit-Reset") != start.Add(7*time.Hour).Format(http.TimeFormat) {
		t.Errorf("realigned reset %v", r.header.Get("X-FeatureRateLimit-Reset"))
	}
	if st := h.emu.Stats(); st.Faults["budget"] != 1 || st.Total != 6 {
		t.Errorf("stats %+v", st)
	}
	// Without a budget, no rate-limit headers on normal answers.
	h2 := newPV(t, Options{})
	if v := h2.prov("GET", "/users", nil).header.Get("X-FeatureRateLimit-Limit"); v != "" {
		t.Errorf("limit header without budget: %q", v)
	}
}

func TestCoreLatencyOutsideLock(t *testing.T) {
	// Long enough that a loaded CI machine's scheduling delays stay far
	// below the 3×lat that separates overlapping from serialised.
	const lat = 300 * time.Millisecond
	h := newPV(t, Options{Latency: lat})
	t0 := time.Now()
	h.prov("GET", "/users", nil).want(t, 200)
	if d := time.Since(t0); d < lat {
		t.Fatalf("request took %v, want >= %v", d, lat)
	}
	// Four parallel requests overlap their latency.
	t0 = time.Now()
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.prov("GET", "/users", nil)
		}()
	}
	wg.Wait()
	if d := time.Since(t0); d >= 4*lat {
		t.Errorf("4 parallel requests took %v: latency is serialised", d)
	}
}

func TestCoreConcurrentWrites(t *testing.T) {
	h := newPV(t, Options{})
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.prov("POST", "/users", map[string]any{"name": "u", "email": "u" + strconv.Itoa(i) + "@x.io"}).want(t, 200)
		}()
	}
	wg.Wait()
	var list struct {
		Users []map[string]any `json:"users"`
	}
	h.prov("GET", "/users", nil).want(t, 200).decode(t, &list)
	ids := map[any]bool{}
	for _, u := range list.Users {
		ids[u["id"]] = true
	}
	if len(ids) != 20 {
		t.Errorf("%d distinct users, want 20", len(ids))
	}
}

func TestCorePersistence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	h := newPV(t, Options{StatePath: path})
	env := h.prov("POST", "/sub_accounts", map[string]any{"name": "Prod", "cloud_name": "prod1"}).want(t, 200).obj(t)
	user := h.prov("POST", "/users", map[string]any{"name": "Ann", "email": "ann@x.io", "sub_account_ids": []string{env["id"].(string)}}).want(t, 200).obj(t)
	group := h.prov("POST", "/user_groups", map[string]any{"name": "G"}).want(t, 200).obj(t)
	h.prov("POST", "/user_groups/"+group["id"].(string)+"/users/"+user["id"].(string), nil).want(t, 200)
	h.prov("POST", "/users", map[string]any{"name": "bad"}).wantProvError(t, 400) // failed writes change nothing

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var onDisk map[string]json.RawMessage
	if err := json.Unmarshal(data, &onDisk); err != nil || onDisk["provisioning"] == nil || onDisk["permissions"] == nil {
		t.Fatalf("state file %s (%v)", data, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temp files left behind: %v", entries)
	}

	// A new emulator over the same file sees everything.
	h2 := newPV(t, Options{StatePath: path})
	got := h2.prov("GET", "/sub_accounts/"+env["id"].(string), nil).want(t, 200).obj(t)
	if got["cloud_name"] != "prod1" || got["created_at"] != env["created_at"] {
		t.Errorf("env after reload %v", got)
	}
	var subs struct {
		SubAccounts []map[string]any `json:"sub_accounts"`
	}
	h2.prov("GET", "/users/"+user["id"].(string)+"/sub_accounts", nil).want(t, 200).decode(t, &subs)
	if len(subs.SubAccounts) != 1 || subs.SubAccounts[0]["id"] != env["id"] {
		t.Errorf("user sub accounts after reload %v", subs)
	}
	var gu struct {
		Users []map[string]any `json:"users"`
	}
	h2.prov("GET", "/user_groups/"+group["id"].(string)+"/users", nil).want(t, 200).decode(t, &gu)
	if len(gu.Users) != 1 || gu.Users[0]["email"] != "ann@x.io" {
		t.Errorf("group users after reload %v", gu)
	}
	s1, _ := h.emu.StateJSON()
	s2, _ := h2.emu.StateJSON()
	if !bytes.Equal(s1, s2) {
		t.Errorf("state differs after reload:\n%s\n%s", s1, s2)
	}
	// New objects after reload keep creation order after the old ones.
	h2.prov("POST", "/sub_accounts", map[string]any{"name": "Second"}).want(t, 200)
	var ids []string
	h2.store(func(s *provStore) { ids = s.envIDs() })
	if len(ids) != 2 || ids[0] != env["id"] {
		t.Errorf("order after reload %v", ids)
	}

	// A missing file is an empty state.
	h3 := newPV(t, Options{StatePath: filepath.Join(t.TempDir(), "none.json")})
	var envs struct {
		SubAccounts []any `json:"sub_accounts"`
	}
	h3.prov("GET", "/sub_accounts", nil).want(t, 200).decode(t, &envs)
	if len(envs.SubAccounts) != 0 {
		t.Errorf("fresh state not empty: %v", envs)
	}
	// A state file with null sections loads as empty.
	h4 := newPV(t, Options{StatePath: writeTemp(t, `{"provisioning":null,"permissions":null}`)})
	h4.prov("POST", "/user_groups", map[string]any{"name": "x"}).want(t, 200)
}
