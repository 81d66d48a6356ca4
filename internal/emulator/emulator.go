// Package emulator is a stateful, in-memory emulator of Cloudinary's Account
// Provisioning API (/v1_1/provisioning/...) and Permissions API (/v2/...).
//
// It exists so the provider's acceptance tests, and anyone trying the provider,
// can run against something that behaves like the real service — including its
// error shapes, status codes, rate limits and flaky network — without an
// Enterprise account and without touching real product environments (deleting
// one deletes its media). The OpenAPI document shared with the project is the
// contract; where it is silent the choice made is written next to the code.
package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"net/http"
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
	return nil
}

// Stats counts API requests. Admin endpoints are never counted.
type Stats struct {
	Total       int            `json:"total"`
	ByOperation map[string]int `json:"by_operation"`
	Faults      map[string]int `json:"faults"`
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

	ctl         sync.Mutex // guards stats, the fault source and the budget window
	stats       Stats
	faultRNG    *rand.Rand
	windowStart time.Time
	windowUsed  int

	cascadeLog func(string) // test hook, see cascadePrincipal
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
	}
	e.windowStart = e.now()
	e.resetStatsLocked()
	if opts.StatePath != "" {
		if err := e.load(); err != nil {
			return nil, err
		}
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
	e.admin.HandleFunc("/_emulator/", func(w http.ResponseWriter, r *http.Request) { provError(w, http.StatusNotFound, "not found") })
	return e, nil
}

// Options returns the effective options, defaults filled in.
func (e *Emulator) Options() Options { return e.opts }

// ServeHTTP routes admin endpoints (never faulted, counted or authenticated)
// and API endpoints (see route for the pipeline an API request goes through).
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/_emulator" || strings.HasPrefix(r.URL.Path, "/_emulator/") {
		e.admin.ServeHTTP(w, r)
		return
	}
	e.api.ServeHTTP(w, r)
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

// saveLocked writes the state atomically (temp file + rename) so a crash or a
// concurrent reader never sees a half-written file.
func (e *Emulator) saveLocked() error {
	data, err := e.stateJSONLocked()
	if err != nil {
		return err
	}
	dir := filepath.Dir(e.opts.StatePath)
	f, err := os.CreateTemp(dir, filepath.Base(e.opts.StatePath)+".tmp-*")
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
