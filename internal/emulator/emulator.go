// Package emulator is a stateful, in-memory emulator of Cloudinary's Account
// Provisioning API (/v1_1/provisioning/...) and Permissions API (/v2/...).
//
// It exists so the provider's acceptance tests, and anyone trying the provider,
// can run against something that behaves like the real service — including its
// error shapes, status codes, rate limits and flaky network — without an
// Enterprise account and without touching real product environments (deleting
// one deletes its media). The OpenAPI document shared with the project is the
// contract; where it is silent the choice made is written next to the code.
// Where Cloudinary's SDK integration tests show the real service departing
// from the document, the emulator follows the tests: FIDELITY.md lists those
// behaviours with their sources.
package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Options configures an Emulator. Zero values get sensible defaults (see New).
type Options struct {
	// AccountID, APIKey and APISecret are the only credentials the emulator
	// accepts (HTTP Basic) and the only account_id it serves.
	AccountID string
	APIKey    string
	APISecret string

	// Latency is added to every API request, outside the state lock, so that
	// parallel clients see realistic overlap.
	Latency time.Duration

	// Fault probabilities, each in [0, 1], drawn independently per API request
	// in the order reset, 5xx, 429, 420, drop from a source seeded by FaultSeed,
	// so a given seed and request sequence always fails the same way.
	Fault5xx   float64
	Fault429   float64
	Fault420   float64
	FaultReset float64
	FaultDrop  float64
	FaultSeed  int64

	// HourlyBudget, when > 0, answers 420 once that many API requests have been
	// made in the current BudgetWindow (default 1h), like Cloudinary's hourly
	// rate limit.
	HourlyBudget int
	BudgetWindow time.Duration

	// StatePath, when set, persists state to this JSON file after every
	// successful write and loads it in New (a missing file means empty state).
	StatePath string

	// Now is the clock (default time.Now); tests replace it to move time.
	Now func() time.Time

	// AllowedHosts lists host names or addresses, without port, that the
	// Host header may name besides the loopback ones (localhost, 127.0.0.0/8,
	// ::1), which are always served. Matching ignores case and the port.
	AllowedHosts []string

	// AllowIPHosts serves a Host header that is any IP address literal, for
	// an emulator reachable from other machines (cloudinary-emulator
	// -allow-remote). An address literal cannot be the fruit of DNS
	// rebinding: a browser sends the host name of the page's own URL, so a
	// page served from an attacker's name always sends that name.
	AllowIPHosts bool

	// TakenCloudNames are cloud names held by other Cloudinary accounts:
	// creating or renaming an environment to one answers 409. nil means
	// DefaultTakenCloudNames; an empty slice means none.
	TakenCloudNames []string

	// Seed is what the account holds when the emulator starts with an
	// empty state: "" or "empty" nothing, "realistic" what a real account
	// always holds (its primary product environment, its owner, a master
	// admin, and the root access key), with the rules that protect them
	// (seed.go).
	Seed string

	// PermissionsDisabled makes the account one not migrated to Roles and
	// Permissions: every /v2/accounts/{account_id}/permissions/... operation
	// answers 403; the public routes keep working (gating.go).
	PermissionsDisabled bool

	// MaxUsers, when > 0, is the account's user seat limit: creating a user
	// while the account has that many (pending and disabled ones included)
	// answers 403 (gating.go).
	MaxUsers int

	// NewEnvKeysNeedAdmin: environments created through the API while it is
	// set answer 403 to their access-key operations until the Account API
	// key holds an admin role on them (gating.go).
	NewEnvKeysNeedAdmin bool
}

func (o Options) withDefaults() Options {
	if o.AccountID == "" {
		o.AccountID = "emu-account"
	}
	if o.APIKey == "" {
		o.APIKey = "emu-key"
	}
	if o.APISecret == "" {
		o.APISecret = "emu-secret"
	}
	if o.BudgetWindow <= 0 {
		o.BudgetWindow = time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

func (o Options) validate() error {
	probs := []struct {
		name string
		v    float64
	}{
		{"Fault5xx", o.Fault5xx}, {"Fault429", o.Fault429}, {"Fault420", o.Fault420},
		{"FaultReset", o.FaultReset}, {"FaultDrop", o.FaultDrop},
	}
	for _, p := range probs {
		if !(p.v >= 0 && p.v <= 1) { // also rejects NaN
			return fmt.Errorf("emulator: %s must be between 0 and 1, got %v", p.name, p.v)
		}
	}
	if o.Latency < 0 {
		return fmt.Errorf("emulator: Latency must not be negative, got %v", o.Latency)
	}
	if o.HourlyBudget < 0 {
		return fmt.Errorf("emulator: HourlyBudget must not be negative, got %d", o.HourlyBudget)
	}
	if !validSeed(o.Seed) {
		return fmt.Errorf("emulator: Seed must be one of %s, got %q", strings.Join(Seeds, ", "), o.Seed)
	}
	for _, h := range o.AllowedHosts {
		if h == "" {
			return errors.New("emulator: AllowedHosts must not contain an empty name")
		}
		if _, _, err := net.SplitHostPort(h); err == nil {
			return fmt.Errorf("emulator: AllowedHosts entry %q must be a host name or address without a port", h)
		}
	}
	return nil
}

// Stats counts API requests. Admin endpoints are never counted.
type Stats struct {
	Total       int            `json:"total"`
	ByOperation map[string]int `json:"by_operation"`
	Faults      map[string]int `json:"faults"`
	// Rounds is the length of the longest chain of API requests in which
	// each started only after the one before it had been answered: how
	// many round trips of latency a client spent one after another,
	// whatever it sent side by side (rounds.go).
	Rounds int `json:"rounds"`
}

// Emulator is the http.Handler. All API handlers run under mu, one at a time,
// so handlers never lock and the cascades between the two API halves are
// atomic.
type Emulator struct {
	opts Options

	mu   sync.Mutex // guards prov and perm; held while an API handler runs
	prov *provStore
	perm *permStore

	api   *http.ServeMux
	admin *http.ServeMux

	allowedHosts map[string]bool // Options.AllowedHosts, normalised by hostOnly

	ctl         sync.Mutex // guards stats, the fault source and the budget window
	stats       Stats
	spans       []span // when each API request since the last reset was served
	faultRNG    *rand.Rand
	windowStart time.Time
	windowUsed  int

	cascadeLog func(string) // test hook, see cascadePrincipal

	gating gatingState // guarded by mu
}

// New builds an Emulator, loading persisted state when opts.StatePath names an
// existing file.
func New(opts Options) (*Emulator, error) {
	opts = opts.withDefaults()
	if err := opts.validate(); err != nil {
		return nil, err
	}
	e := &Emulator{
		opts:     opts,
		prov:     newProvStore(),
		perm:     newPermStore(),
		api:      http.NewServeMux(),
		admin:    http.NewServeMux(),
		faultRNG: rand.New(rand.NewSource(opts.FaultSeed)),

		allowedHosts: map[string]bool{},
	}
	for _, h := range opts.AllowedHosts {
		e.allowedHosts[hostOnly(h)] = true
	}
	e.windowStart = e.now()
	e.resetStatsLocked()
	if opts.StatePath != "" {
		if err := removeStaleTemps(opts.StatePath); err != nil {
			return nil, err
		}
		if err := e.load(); err != nil {
			return nil, err
		}
	}
	if err := e.applySeed(); err != nil {
		return nil, err
	}
	e.registerProvisioning(e.api)
	e.registerPermissions(e.api)
	// Catch-alls so unknown API paths still answer JSON in the right shape
	// (Go's mux would answer text/plain).
	e.route(e.api, "/v1_1/", "unknown", e.notFound, publicRoute())
	e.route(e.api, "/v2/", "unknown", e.notFound, publicRoute())
	e.api.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { provError(w, http.StatusNotFound, "not found") })

	e.admin.HandleFunc("GET /_emulator/state", e.adminState)
	e.admin.HandleFunc("GET /_emulator/stats", e.adminStats)
	e.admin.HandleFunc("POST /_emulator/stats/reset", e.adminStatsReset)
	e.admin.HandleFunc("PUT /_emulator/sub_accounts/{sub_account_id}/assets", e.adminSetAssets)
	e.admin.HandleFunc("/_emulator/", func(w http.ResponseWriter, r *http.Request) { provError(w, http.StatusNotFound, "not found") })
	return e, nil
}

// Options returns the effective options, defaults filled in.
func (e *Emulator) Options() Options { return e.opts }

// ServeHTTP routes admin endpoints (never faulted, counted or authenticated)
// and API endpoints (see route for the pipeline an API request goes through).
// A request whose Host is not served (see hostAllowed) is refused first, on
// every path, with 421 Misdirected Request, uncounted and unfaulted.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !e.hostAllowed(r) {
		msg := fmt.Sprintf("emulator: Host %q is not served: only localhost and loopback addresses (127.0.0.0/8, [::1]) are, "+
			"so that a web page cannot reach the emulator through DNS rebinding; "+
			"start cloudinary-emulator with -allow-host NAME (or -allow-remote) to serve another name", r.Host)
		if isAdminPath(r.URL.Path) {
			provError(w, http.StatusMisdirectedRequest, msg)
		} else {
			apiError(w, r, http.StatusMisdirectedRequest, "user_error", "ACCOUNTS_00006", msg)
		}
		return
	}
	if isAdminPath(r.URL.Path) {
		e.admin.ServeHTTP(w, r)
		return
	}
	e.api.ServeHTTP(w, r)
}

func isAdminPath(p string) bool { return p == "/_emulator" || strings.HasPrefix(p, "/_emulator/") }

// hostAllowed is the guard against DNS rebinding: a page on an attacker's
// name that re-resolves to 127.0.0.1 could otherwise read every secret from
// GET /_emulator/state, or drive the API with the credentials the emulator
// prints. Browsers always send the page's own host name, so the emulator
// answers only Host values that no attacker can own: localhost, loopback
// addresses (127.0.0.0/8, ::1, with or without port), Options.AllowedHosts,
// and with Options.AllowIPHosts any address literal.
//
// Names under .localhost are refused even though RFC 6761 reserves them for
// loopback: that they never reach DNS depends on the browser and the system
// resolver (glibc without nss-myhostname sends them to DNS), and nothing
// needs them; AllowedHosts can add one.
//
// Requests handed to ServeHTTP in-process, which never crossed a socket and
// so cannot come from a browser, are not checked; net/http's server marks
// every request it reads with http.LocalAddrContextKey. This keeps tests that
// call ServeHTTP with httptest.NewRequest (Host example.com) working.
func (e *Emulator) hostAllowed(r *http.Request) bool {
	if r.Context().Value(http.LocalAddrContextKey) == nil {
		return true
	}
	h := hostOnly(r.Host)
	if h == "localhost" || e.allowedHosts[h] {
		return true
	}
	addr, err := netip.ParseAddr(h)
	if err != nil {
		return false
	}
	return addr.Unmap().IsLoopback() || e.opts.AllowIPHosts
}

// hostOnly returns the host of a Host header value ("name", "name:port",
// "[v6]:port" or "[v6]"), lower-cased, without port or brackets.
func hostOnly(v string) string {
	if h, _, err := net.SplitHostPort(v); err == nil {
		return strings.ToLower(h)
	}
	if len(v) > 1 && v[0] == '[' && v[len(v)-1] == ']' {
		v = v[1 : len(v)-1]
	}
	return strings.ToLower(v)
}

// Stats returns a copy of the request counters.
func (e *Emulator) Stats() Stats {
	e.ctl.Lock()
	defer e.ctl.Unlock()
	s := Stats{Total: e.stats.Total, ByOperation: map[string]int{}, Faults: map[string]int{}}
	for k, v := range e.stats.ByOperation {
		s.ByOperation[k] = v
	}
	for k, v := range e.stats.Faults {
		s.Faults[k] = v
	}
	s.Rounds = longestChain(e.spans)
	return s
}

// ResetStats zeroes the request counters (not the budget window).
func (e *Emulator) ResetStats() {
	e.ctl.Lock()
	defer e.ctl.Unlock()
	e.resetStatsLocked()
}

func (e *Emulator) resetStatsLocked() {
	e.stats = Stats{ByOperation: map[string]int{}, Faults: map[string]int{}}
	e.spans = nil
}

// StateJSON dumps the whole state, the same document GET /_emulator/state
// answers and StatePath holds.
func (e *Emulator) StateJSON() ([]byte, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.stateJSONLocked()
}

// persisted is the on-disk and /_emulator/state layout.
type persisted struct {
	Provisioning *provStore `json:"provisioning"`
	Permissions  *permStore `json:"permissions"`
}

func (e *Emulator) stateJSONLocked() ([]byte, error) {
	return json.MarshalIndent(persisted{Provisioning: e.prov, Permissions: e.perm}, "", "  ")
}

func (e *Emulator) load() error {
	data, err := os.ReadFile(e.opts.StatePath)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("emulator: reading state: %w", err)
	}
	st := persisted{Provisioning: e.prov, Permissions: e.perm}
	if err := json.Unmarshal(data, &st); err != nil {
		return fmt.Errorf("emulator: decoding state %s: %w", e.opts.StatePath, err)
	}
	if st.Provisioning == nil {
		st.Provisioning = newProvStore()
	}
	if st.Permissions == nil {
		st.Permissions = newPermStore()
	}
	st.Provisioning.normalize()
	e.prov, e.perm = st.Provisioning, st.Permissions
	return nil
}

// tempSuffix is what saveLocked's temporary files add to the state file's
// name, followed by the digits os.CreateTemp puts in place of its "*".
const tempSuffix = ".tmp-"

// removeStaleTemps deletes the temporary files that a save interrupted by a
// crash or kill -9 left beside the state file. Only regular files named
// exactly <state file name>.tmp-<digits> are removed. Two emulators sharing a
// state file are not supported, so no other process can own one.
func removeStaleTemps(statePath string) error {
	dir, prefix := filepath.Dir(statePath), filepath.Base(statePath)+tempSuffix
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("emulator: looking for stale temporary state files: %w", err)
	}
	for _, d := range entries {
		rest, ok := strings.CutPrefix(d.Name(), prefix)
		if !ok || rest == "" || strings.Trim(rest, "0123456789") != "" || !d.Type().IsRegular() {
			continue
		}
		if err := os.Remove(filepath.Join(dir, d.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("emulator: removing stale temporary state file: %w", err)
		}
	}
	return nil
}

// saveLocked writes the state atomically (temp file + rename) so a crash or a
// concurrent reader never sees a half-written file.
func (e *Emulator) saveLocked() error {
	data, err := e.stateJSONLocked()
	if err != nil {
		return err
	}
	dir := filepath.Dir(e.opts.StatePath)
	f, err := os.CreateTemp(dir, filepath.Base(e.opts.StatePath)+tempSuffix+"*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, e.opts.StatePath); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

func (e *Emulator) adminState(w http.ResponseWriter, r *http.Request) {
	data, err := e.StateJSON()
	if err != nil {
		provError(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data) // a client that went away needs no answer
}

func (e *Emulator) adminStats(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, e.Stats())
}

func (e *Emulator) adminStatsReset(w http.ResponseWriter, r *http.Request) {
	e.ResetStats()
	writeJSON(w, http.StatusOK, e.Stats())
}

// notFound answers unknown API paths in the path's error shape, or 405 when
// the path exists under another method.
func (e *Emulator) notFound(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		r2 := r.Clone(r.Context())
		r2.Method = m
		if _, pat := e.api.Handler(r2); pat != "/v1_1/" && pat != "/v2/" && pat != "/" && pat != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		apiError(w, r, http.StatusMethodNotAllowed, "user_error", "ACCOUNTS_00005", "method not allowed")
		return
	}
	if isPermPath(r.URL.Path) {
		permError(w, http.StatusNotFound, "user_error", "ACCOUNTS_00003", "not found", nil)
		return
	}
	provError(w, http.StatusNotFound, "not found")
}

// now is the emulator's clock, truncated to seconds because the API's
// timestamps (RFC 3339 strings and epoch seconds) carry no fractions.
func (e *Emulator) now() time.Time { return e.opts.Now().UTC().Truncate(time.Second) }
