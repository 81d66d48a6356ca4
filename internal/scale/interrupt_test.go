package scale

import (
	"bytes"
	"testing"
	"time"
)

// TestInterrupt_small is the interruption sweep at a small size, so that
// `make test` runs it: an apply whose write answers come late gets SIGINT
// at two cut points (counted from its first write); every object the emulator holds must be in state, and
// the next apply must converge without "already exists". `make chaos` runs
// more seeds and cuts, bigger.
func TestInterrupt_small(t *testing.T) {
	ctx, tools := acceptanceTools(t, "a real Terraform binary against a built provider and emulator", 15*time.Minute)

	cfg := DefaultInterrupt()
	cfg.N, cfg.Seeds, cfg.Cuts = 40, []int64{1}, []time.Duration{200 * time.Millisecond, 2 * time.Second}
	cfg.Log = testLog{t}
	runs, err := RunInterrupt(ctx, tools, cfg)
	var report bytes.Buffer
	WriteInterruptReport(&report, cfg, runs)
	t.Log(report.String())
	if err != nil {
		t.Fatalf("harness: %v", err)
	}
	for _, r := range runs {
		if !r.Passed() {
			t.Errorf("seed %d, cut %v failed", r.Seed, r.Cut)
		}
		if r.Held == 0 {
			t.Errorf("seed %d, cut %v: no write answer was held; the sweep tested nothing", r.Seed, r.Cut)
		}
	}
}
