package scale

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestChaos_small is the fault suite at a small size (40 objects, one seed)
// so that `make test` runs it: apply under injected 5xx, 429, connection
// resets and dropped responses must succeed, the plan after it must be
// empty, the emulator must hold exactly the declared objects, and a destroy
// under the same faults must leave nothing. `make chaos` runs it bigger.
//
// The provider is configured with max_retries = 10 (its maximum is 20): at
// these fault rates a request fails about one time in six, so the default 5
// retries leave a ~3e-5 chance per request of a legitimate give-up, which
// over a few hundred requests would make the test flaky for reasons that are
// not bugs. The same bound covers creates, which createOnce (not the client)
// retries after an unknown outcome.
func TestChaos_small(t *testing.T) {
	ctx, tools := acceptanceTools(t, "a real Terraform binary against a built provider and emulator", 20*time.Minute)

	cfg := DefaultChaos()
	cfg.N, cfg.Seeds, cfg.Baseline = 40, []int64{1}, false
	cfg.Timeout = 10 * time.Minute
	cfg.Log = testLog{t}
	baseline, runs, err := RunChaos(ctx, tools, cfg)
	var report bytes.Buffer
	WriteChaosReport(&report, cfg, baseline, runs)
	t.Log(report.String())
	if err != nil {
		t.Fatalf("harness: %v", err)
	}
	for _, r := range runs {
		if !r.Passed() {
			t.Errorf("seed %d failed:\n  %s", r.Seed, strings.Join(r.Failures, "\n  "))
		}
		if r.Faulted() == 0 {
			t.Errorf("seed %d: no fault was injected; the suite tested nothing", r.Seed)
		}
	}
}

// testLog adapts t.Log to an io.Writer for progress lines.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
