package acctest

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
)

// RequestLogEnv names the environment variable that, when set to a file
// path, makes every test append one JSON line (a RequestLogLine) to that
// file when it ends. `go run ./internal/acctest/requestsum FILE` adds them
// up: how many API requests a run spends against the hourly budget and how
// many objects it creates, per kind.
const RequestLogEnv = "TF_ACC_REQUEST_LOG"

// RequestLogLine is one test's line in the RequestLogEnv file.
type RequestLogLine struct {
	Test    string `json:"test"`
	Live    bool   `json:"live"`
	Failed  bool   `json:"failed,omitempty"`
	Skipped bool   `json:"skipped,omitempty"`
	Requests
	// EmulatorRequests is what the test's emulator served, when there is
	// one: more than Total when a test also drives the terraform CLI, whose
	// provider process talks to the emulator directly; less when the test
	// reset the emulator's counters.
	EmulatorRequests int `json:"emulator_requests,omitempty"`
}

// Requests returns what the test has sent so far: API requests (those the
// guard refused are not sent and not counted), per route, and the objects
// created, per kind. Retries count: each attempt is a request the API
// charges to the hourly budget.
func (e *Env) Requests() Requests { return e.guard.snapshot() }

// AllowName lets the guard send these exact values as a name or cloud_name
// although they lack the tf-acc- prefix, on the emulator only: for a test
// of how the API refuses a name (a cloud name the emulator holds for another
// account). Against the real account it does nothing, so such a test must
// skip there, or fail rather than create an object no sweeper finds.
func (e *Env) AllowName(names ...string) {
	if e.Live {
		return
	}
	e.guard.mu.Lock()
	defer e.guard.mu.Unlock()
	for _, n := range names {
		e.guard.allowed[n] = true
	}
}

var requestLogMu sync.Mutex

func (e *Env) logRequests(t *testing.T) {
	r := e.Requests()
	t.Logf("acctest: %d API requests; created %s", r.Total, FormatCounts(r.Created))
	path := os.Getenv(RequestLogEnv)
	if path == "" {
		return
	}
	line := RequestLogLine{Test: t.Name(), Live: e.Live, Failed: t.Failed(), Skipped: t.Skipped(), Requests: r}
	if e.Emulator != nil {
		line.EmulatorRequests = e.Emulator.Stats().Total
	}
	b, err := json.Marshal(line)
	if err != nil {
		t.Errorf("acctest: %s: %v", RequestLogEnv, err)
		return
	}
	requestLogMu.Lock()
	defer requestLogMu.Unlock()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Errorf("acctest: %s: %v", RequestLogEnv, err)
		return
	}
	defer func() { _ = f.Close() }()
	if _, err := f.Write(append(b, '\n')); err != nil {
		t.Errorf("acctest: %s: %v", RequestLogEnv, err)
	}
}

// FormatCounts prints counts as "a 1, b 2" in key order, or "nothing".
func FormatCounts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k, v := range m {
		if v != 0 {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return "nothing"
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
