package scale

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// ChaosConfig configures the fault suite (issue "Reliability", point 1).
type ChaosConfig struct {
	N     int
	Seeds []int64
	// Fault probabilities given to the emulator (see cmd/cloudinary-emulator).
	Fault5xx, Fault429, FaultReset, FaultDrop float64
	// MaxRetries is written into the provider block (0: provider default).
	MaxRetries int
	// Baseline runs the scenario once without faults first, to tell the
	// requests the faults cost.
	Baseline bool
	// Timeout bounds each Terraform command.
	Timeout time.Duration
	// Log receives progress lines (nil: none).
	Log io.Writer
}

// DefaultChaos is the fault mix.
func DefaultChaos() ChaosConfig {
	return ChaosConfig{N: 200, Seeds: []int64{1, 2, 3}, Fault5xx: 0.10, Fault429: 0.05, FaultReset: 0.02, FaultDrop: 0.02,
		MaxRetries: 10, Baseline: true, Timeout: 20 * time.Minute}
}

// ChaosRun is the outcome of one run of the scenario (one seed, or the
// fault-free baseline).
type ChaosRun struct {
	Seed     int64 // 0 for the baseline
	Baseline bool
	Objects  int
	Apply    Phase
	Plan     Phase
	Destroy  Phase
	// Compare is the state comparison after apply; Leftovers what the
	// emulator still holds after destroy.
	Compare   *Comparison
	Leftovers []Object
	// PlanChanges lists what a non-empty plan would change.
	PlanChanges []string
	Elapsed     time.Duration
	// Failures lists every failed check, one line each; empty means pass.
	Failures []string
}

// Passed reports whether every check held.
func (r *ChaosRun) Passed() bool { return len(r.Failures) == 0 }

// Requests is the API requests of the three phases together.
func (r *ChaosRun) Requests() int {
	return r.Apply.Stats.Total + r.Plan.Stats.Total + r.Destroy.Stats.Total
}

// Faults is the injected faults of the three phases, by kind.
func (r *ChaosRun) Faults() map[string]int {
	out := map[string]int{}
	for _, p := range []Phase{r.Apply, r.Plan, r.Destroy} {
		for k, v := range p.Stats.Faults {
			out[k] += v
		}
	}
	return out
}

// Faulted is the number of requests that were answered with an injected
// fault (see Stats.Faulted): each had to be retried by the client or
// resolved with a lookup.
func (r *ChaosRun) Faulted() int {
	n := 0
	for _, v := range r.Faults() {
		n += v
	}
	return n
}

// RunChaos runs the fault suite: for each seed, apply the N-object scenario
// under faults (no Terraform error allowed), plan (must be empty), compare
// Terraform state with the emulator (no duplicate, no orphan, nothing
// missing), destroy under the same faults (no error) and check the emulator
// holds no managed object any more. A fresh emulator serves each seed,
// started like a real account (-seed realistic): its primary environment,
// owner and root key are there before the apply and must still be there,
// untouched, after the destroy.
func RunChaos(ctx context.Context, tools *Tools, cfg ChaosConfig) (baseline *ChaosRun, runs []*ChaosRun, err error) {
	sc, err := Generate(Options{N: cfg.N, MaxRetries: cfg.MaxRetries})
	if err != nil {
		return nil, nil, err
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 20 * time.Minute
	}
	if cfg.Baseline {
		baseline, err = chaosRun(ctx, tools, cfg, sc, EmulatorOptions{Seed: chaosAccountSeed}, 0, true)
		if err != nil {
			return nil, nil, err
		}
	}
	for _, seed := range cfg.Seeds {
		opts := EmulatorOptions{Fault5xx: cfg.Fault5xx, Fault429: cfg.Fault429, FaultReset: cfg.FaultReset,
			FaultDrop: cfg.FaultDrop, FaultSeed: seed, Seed: chaosAccountSeed}
		r, err := chaosRun(ctx, tools, cfg, sc, opts, seed, false)
		if err != nil {
			return baseline, runs, err
		}
		runs = append(runs, r)
	}
	return baseline, runs, nil
}

// chaosAccountSeed is the emulator's -seed for chaos runs: a realistic
// account, so the runs prove that faults never make the provider touch the
// objects every real account holds. (The bench stays on an empty account,
// so its figures keep their meaning.)
const chaosAccountSeed = "realistic"

func (cfg ChaosConfig) logf(format string, args ...any) {
	if cfg.Log != nil {
		fmt.Fprintf(cfg.Log, format+"\n", args...)
	}
}

// chaosRun runs one seed. err is for the harness failing (cannot start the
// emulator, cannot read state); a provider failure is a Failures line.
func chaosRun(ctx context.Context, tools *Tools, cfg ChaosConfig, sc *Scenario, opts EmulatorOptions, seed int64, baseline bool) (*ChaosRun, error) {
	what := fmt.Sprintf("seed %d", seed)
	if baseline {
		what = "baseline (no faults)"
	}
	start := time.Now()
	r := &ChaosRun{Seed: seed, Baseline: baseline, Objects: sc.Counts.Total()}
	fail := func(format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		r.Failures = append(r.Failures, msg)
		cfg.logf("  %s: FAIL %s", what, msg)
	}
	emu, err := tools.StartEmulator(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer emu.Stop()
	ws, err := tools.NewWorkspace(emu, sc.HCL)
	if err != nil {
		return nil, err
	}
	cfg.logf("%s: N=%d, emulator %s %s", what, r.Objects, emu.URL, strings.Join(opts.Args()[2:], " "))

	r.Apply, err = ws.Run(ctx, "apply", cfg.Timeout, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=10")
	if err != nil {
		return nil, err
	}
	cfg.logf("  apply: exit %d in %v, %d requests, faults %v", r.Apply.ExitCode, r.Apply.Wall.Round(time.Millisecond), r.Apply.Stats.Total, r.Apply.Stats.Faults)
	if r.Apply.ExitCode != 0 {
		fail("apply: %v", r.Apply.Err())
	}

	r.Plan, err = ws.Run(ctx, "plan", cfg.Timeout, "plan", "-detailed-exitcode", "-input=false", "-no-color", "-parallelism=10", "-out=tfplan")
	if err != nil {
		return nil, err
	}
	cfg.logf("  plan: exit %d in %v, %d requests, faults %v", r.Plan.ExitCode, r.Plan.Wall.Round(time.Millisecond), r.Plan.Stats.Total, r.Plan.Stats.Faults)
	switch r.Plan.ExitCode {
	case 0:
	case 2:
		r.PlanChanges, err = ws.PlannedChanges(ctx, "tfplan", 20)
		if err != nil {
			return nil, err
		}
		fail("plan after apply is not empty:\n    %s", strings.Join(r.PlanChanges, "\n    "))
	default:
		fail("plan: %v", r.Plan.Err())
	}

	if err := r.compare(ctx, ws, emu, sc.Counts); err != nil {
		return nil, err
	}
	if !r.Compare.OK() {
		for _, p := range r.Compare.Problems() {
			fail("state vs emulator: %s", p)
		}
	}

	r.Destroy, err = ws.Run(ctx, "destroy", cfg.Timeout, "destroy", "-auto-approve", "-input=false", "-no-color", "-parallelism=10")
	if err != nil {
		return nil, err
	}
	cfg.logf("  destroy: exit %d in %v, %d requests, faults %v", r.Destroy.ExitCode, r.Destroy.Wall.Round(time.Millisecond), r.Destroy.Stats.Total, r.Destroy.Stats.Faults)
	if r.Destroy.ExitCode != 0 {
		fail("destroy: %v", r.Destroy.Err())
	}
	raw, err := emu.State(ctx)
	if err != nil {
		return nil, err
	}
	es, err := ParseEmulatorState(raw)
	if err != nil {
		return nil, err
	}
	r.Leftovers = Leftovers(es)
	for _, o := range r.Leftovers {
		fail("left in the emulator after destroy: %s", o)
	}
	for _, m := range es.SeededMissing() {
		fail("seeded object gone after destroy: %s", m)
	}
	r.Elapsed = time.Since(start)
	return r, nil
}

func (r *ChaosRun) compare(ctx context.Context, ws *Workspace, emu *Emulator, declared Counts) error {
	out, err := ws.Exec(ctx, 5*time.Minute, "show", "-json", "-no-color")
	if err != nil {
		return err
	}
	tf, err := ParseTerraformState(out)
	if err != nil {
		return err
	}
	raw, err := emu.State(ctx)
	if err != nil {
		return err
	}
	es, err := ParseEmulatorState(raw)
	if err != nil {
		return err
	}
	c := Compare(declared, tf, es)
	r.Compare = &c
	return nil
}

// WriteChaosReport prints one block per run and a summary line.
func WriteChaosReport(w io.Writer, cfg ChaosConfig, baseline *ChaosRun, runs []*ChaosRun) {
	fmt.Fprintf(w, "\nFault suite: N=%d, faults 5xx=%v 429=%v reset=%v drop=%v, provider max_retries=%s\n",
		cfg.N, cfg.Fault5xx, cfg.Fault429, cfg.FaultReset, cfg.FaultDrop, retriesLabel(cfg.MaxRetries))
	fmt.Fprintln(w, "  requests: API requests the emulator received (apply + plan + destroy)")
	fmt.Fprintln(w, "  faulted:  requests answered with an injected fault instead of their answer; each one forces")
	fmt.Fprintln(w, "            a retry by the client (or, for a create, a lookup before trying again)")
	fmt.Fprintln(w, "  overhead: requests minus the fault-free baseline's: the retries and lookups the faults cost")
	all := runs
	if baseline != nil {
		all = append([]*ChaosRun{baseline}, runs...)
	}
	for _, r := range all {
		name := fmt.Sprintf("seed %d", r.Seed)
		if r.Baseline {
			name = "baseline"
		}
		verdict := "PASS"
		if !r.Passed() {
			verdict = "FAIL"
		}
		dups, orphans, missing := -1, -1, -1
		if r.Compare != nil {
			dups, orphans, missing = len(r.Compare.Duplicates), len(r.Compare.Orphans), len(r.Compare.Missing)
		}
		overhead := "n/a"
		if baseline != nil && !r.Baseline {
			overhead = fmt.Sprintf("%+d", r.Requests()-baseline.Requests())
		}
		fmt.Fprintf(w, "\n%-8s %s  objects=%d requests=%d (apply %d, plan %d, destroy %d) faulted=%d overhead=%s\n",
			name, verdict, r.Objects, r.Requests(), r.Apply.Stats.Total, r.Plan.Stats.Total, r.Destroy.Stats.Total, r.Faulted(), overhead)
		fmt.Fprintf(w, "         faults by kind: %s\n", formatCounts(r.Faults()))
		fmt.Fprintf(w, "         duplicates=%d orphans=%d missing=%d leftovers-after-destroy=%d elapsed=%v (apply %v, plan %v, destroy %v)\n",
			dups, orphans, missing, len(r.Leftovers), r.Elapsed.Round(time.Second),
			r.Apply.Wall.Round(time.Second), r.Plan.Wall.Round(time.Second), r.Destroy.Wall.Round(time.Second))
		if r.Compare != nil {
			var parts []string
			for _, k := range r.Compare.Kinds {
				parts = append(parts, fmt.Sprintf("%s %d/%d/%d", k.Kind, k.Declared, k.InState, k.InEmulator))
			}
			seeded := ""
			if r.Compare.SeededSkip > 0 {
				seeded = fmt.Sprintf(" (and %d seeded objects of the account, not counted)", r.Compare.SeededSkip)
			}
			fmt.Fprintf(w, "         declared/state/emulator: %s%s\n", strings.Join(parts, ", "), seeded)
		}
		for _, f := range r.Failures {
			fmt.Fprintf(w, "         FAILURE: %s\n", f)
		}
	}
}

func retriesLabel(n int) string {
	if n <= 0 {
		return "default"
	}
	return fmt.Sprint(n)
}

func formatCounts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, m[k])
	}
	return strings.Join(parts, " ")
}
