package scale

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// BenchConfig configures the benchmark (issue "Request economy at scale").
type BenchConfig struct {
	Sizes []int
	// Latencies are the emulator latencies each size is measured at, side
	// by side in one run (the floors, which make no request, once per size).
	Latencies []time.Duration
	Timeout   time.Duration // per Terraform command
	// PlanRuns is how many times the scenario plan and the two floor plans
	// are run; their wall time is the median (default 3). Requests, memory and
	// the exit code are those of the first run.
	PlanRuns int
	Log      io.Writer
}

// Targets of the issue. The plan time targets compare with the plugin floor
// (a provider that does nothing): the terraform_data floor is below what any
// plugin provider costs, so it stays in the report as a reference only.
const (
	TargetPlanRequests     = 100 // refresh plan of the 1,000-object account, requests in total
	TargetPlanRequestsAtN  = 1000
	TargetApplyPerObject   = 1.2
	TargetDestroyPerObject = 1.1
	// TargetPlanRounds bounds the plan's longest chain of requests each
	// sent after the one before was answered, at TargetPlanRequestsAtN.
	TargetPlanRounds   = 6
	TargetPeakRSSBytes = 150 << 20 // the "150 MB", read as MiB
)

// planOverPluginFloorTargets is the plan time / plugin floor plan time
// target at each latency it is evaluated at, and whether it applies to
// every N or only to TargetPlanRequestsAtN.
var planOverPluginFloorTargets = map[time.Duration]struct {
	ratio float64
	allN  bool
}{
	150 * time.Millisecond: {1.5, true},
	20 * time.Millisecond:  {1.3, false},
}

// BenchResult is the measurement of one N.
type BenchResult struct {
	N                     int
	Latency               time.Duration // the emulator's, per request
	Counts                Counts
	Apply, Plan, Destroy  Phase
	FloorApply, FloorPlan Phase
	// PluginFloorApply and PluginFloorPlan are the plugin floor: Floor's N
	// resources of the noop provider (PluginFloor), which costs what
	// Terraform core spends on any plugin provider. Information, not a
	// target.
	PluginFloorApply, PluginFloorPlan Phase
	// SchemaFloorPlan is the scenario's plan, its configuration and state
	// as they are, made with the schema floor build (this provider's
	// schemas, every RPC echoed, no API): what Terraform core alone spends on
	// these resources. Information, not a target.
	SchemaFloorPlan Phase
	PlanChanges     []string
	Checks          []Check
	// PlanWalls, FloorPlanWalls, PluginFloorPlanWalls and
	// SchemaFloorPlanWalls are the wall times of every plan run; the Wall of
	// each plan phase is their median.
	PlanWalls, FloorPlanWalls, PluginFloorPlanWalls, SchemaFloorPlanWalls []time.Duration
}

// Check is one target, met or not.
type Check struct {
	Name    string
	Target  string
	Actual  string
	Met     bool
	Applies bool // false: not evaluated for this N or latency (shown as n/a)
	// OutOfReach, when set, says why no implementation could meet the
	// target on the machine that measured it (PlanTimeRoom). The target
	// still counts as missed: the bench reports, it does not excuse.
	OutOfReach string
}

// PerObject is requests per managed object of a phase.
func (r *BenchResult) PerObject(p Phase) float64 { return float64(p.Stats.Total) / float64(r.N) }

// PlanOverFloor is plan wall time over the floor's plan wall time.
func (r *BenchResult) PlanOverFloor() float64 { return wallRatio(r.Plan, r.FloorPlan) }

// PlanOverPluginFloor is plan wall time over the plugin floor's plan wall
// time: how much of the plan time is this provider's own, beyond what any
// plugin provider costs.
func (r *BenchResult) PlanOverPluginFloor() float64 { return wallRatio(r.Plan, r.PluginFloorPlan) }

// PlanOverSchemaFloor is plan wall time over the schema floor's: what the
// provider's reads, requests and CPU add to what Terraform spends on its
// resources.
func (r *BenchResult) PlanOverSchemaFloor() float64 { return wallRatio(r.Plan, r.SchemaFloorPlan) }

// SchemaFloorOverPluginFloor is the schema floor's plan wall time over the
// plugin floor's: what Terraform spends on this provider's schemas beyond a
// one-attribute resource, with nothing behind them.
func (r *BenchResult) SchemaFloorOverPluginFloor() float64 {
	return wallRatio(r.SchemaFloorPlan, r.PluginFloorPlan)
}

// Reach of the plan time target. The schema floor is the least a provider
// with these schemas can cost on this scenario: it answers every RPC at
// once, with no API behind it. A provider that refreshes cannot do better
// than the schema floor plus one round trip: no read can answer before the
// first request has come back, and until then Terraform's plan walk, whose
// every node starts with a read, has nothing else to do. So a target whose
// allowed plan time leaves less than one round trip over the schema floor
// is out of reach of any implementation of these schemas on the machine
// that measured it; the report says so beside the verdict
// (TestBench_planTimeReach).

// PlanTimeAllowed is the plan wall time the plan time target allows: its
// ratio at r's latency times the plugin floor's plan. ok is false when the
// target is not evaluated at that latency or the plugin floor was not
// measured.
func (r *BenchResult) PlanTimeAllowed() (allowed time.Duration, ok bool) {
	target, evaluated := planOverPluginFloorTargets[r.Latency]
	if !evaluated || r.PluginFloorPlan.Wall <= 0 {
		return 0, false
	}
	return time.Duration(target.ratio * float64(r.PluginFloorPlan.Wall)), true
}

// PlanTimeRoom is what the plan time target leaves a provider with these
// schemas for its requests and CPU: the allowed plan time less the schema
// floor's plan. Negative when the schema floor alone is over the target; ok
// is false when either is unknown.
func (r *BenchResult) PlanTimeRoom() (room time.Duration, ok bool) {
	allowed, ok := r.PlanTimeAllowed()
	if !ok || r.SchemaFloorPlan.Wall <= 0 {
		return 0, false
	}
	return allowed - r.SchemaFloorPlan.Wall, true
}

// planTimeOutOfReach says why no provider with these schemas could meet the
// plan time target on this machine, or "" when one could or a floor is
// unknown.
func (r *BenchResult) planTimeOutOfReach() string {
	room, ok := r.PlanTimeRoom()
	switch {
	case !ok:
		return ""
	case room < 0:
		return fmt.Sprintf("the schema floor alone, with no request and no provider work, is %.2f times the plugin floor",
			r.SchemaFloorOverPluginFloor())
	case room < r.Latency:
		return fmt.Sprintf("the target leaves %v over the schema floor, less than the one round trip (%v) a refresh waits for before its first read",
			room.Round(time.Millisecond), r.Latency)
	}
	return ""
}

// planTimeRoomLabel is the line the reports print under the targets: the
// plan time target's room over the schema floor, and whether it is in reach.
func (r *BenchResult) planTimeRoomLabel() string {
	room, ok := r.PlanTimeRoom()
	if !ok {
		return ""
	}
	allowed, _ := r.PlanTimeAllowed()
	label := fmt.Sprintf("the plan time target allows %v, the schema floor plan takes %v: %v of room for the refresh's requests (%v each) and the provider's CPU",
		allowed.Round(time.Millisecond), r.SchemaFloorPlan.Wall.Round(time.Millisecond), room.Round(time.Millisecond), r.Latency)
	if why := r.planTimeOutOfReach(); why != "" {
		label += "; out of reach of any provider with these schemas on this machine: " + why
	}
	return label
}

// wallRatio is a's wall time over b's, 0 when b was not measured.
func wallRatio(a, b Phase) float64 {
	if b.Wall <= 0 {
		return 0
	}
	return float64(a.Wall) / float64(b.Wall)
}

// PluginFloorOverFloor is the plugin floor's plan wall time over the floor's:
// what a provider that does nothing measures on the plan time / floor target.
func (r *BenchResult) PluginFloorOverFloor() float64 {
	return wallRatio(r.PluginFloorPlan, r.FloorPlan)
}

// PeakRSS is the largest provider RSS over the three scenario phases.
func (r *BenchResult) PeakRSS() int64 {
	return max(r.Apply.PeakRSS, r.Plan.PeakRSS, r.Destroy.PeakRSS)
}

// Failed lists the targets missed.
func (r *BenchResult) Failed() []Check {
	var out []Check
	for _, c := range r.Checks {
		if c.Applies && !c.Met {
			out = append(out, c)
		}
	}
	return out
}

// RunBench measures each size in turn, each against a fresh emulator: the
// floor (N terraform_data: apply, then a timed plan), the plugin floor (the
// same N resources of the noop provider: apply, then a timed plan), then the
// scenario: apply from empty, plan (must be empty), destroy.
func RunBench(ctx context.Context, tools *Tools, cfg BenchConfig) ([]*BenchResult, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Minute
	}
	var out []*BenchResult
	for _, n := range cfg.Sizes {
		rs, err := benchOne(ctx, tools, cfg, n)
		out = append(out, rs...)
		if err != nil {
			return out, fmt.Errorf("scenario of %d objects: %w", n, err)
		}
	}
	return out, nil
}

func (cfg BenchConfig) logf(format string, args ...any) {
	if cfg.Log != nil {
		fmt.Fprintf(cfg.Log, format+"\n", args...)
	}
}

// benchOne measures n objects: the floors once, then the scenario at each
// latency.
func benchOne(ctx context.Context, tools *Tools, cfg BenchConfig, n int) ([]*BenchResult, error) {
	sc, err := Generate(Options{N: n})
	if err != nil {
		return nil, err
	}
	floors := &BenchResult{N: n, Counts: sc.Counts}
	cfg.logf("N=%d: %s", n, sc.Counts)

	planArgs := []string{"plan", "-detailed-exitcode", "-input=false", "-no-color", "-parallelism=10", "-out=tfplan"}
	if floors.FloorApply, floors.FloorPlan, floors.FloorPlanWalls, err = measureFloor(ctx, tools, cfg, "floor", Floor(n), planArgs); err != nil {
		return nil, err
	}
	// The plugin floor: the same resources of a provider that does nothing,
	// so that the report can tell Terraform core's per-RPC cost from ours.
	if floors.PluginFloorApply, floors.PluginFloorPlan, floors.PluginFloorPlanWalls, err = measureFloor(ctx, tools, cfg, "plugin floor", PluginFloor(n), planArgs); err != nil {
		return nil, err
	}

	var out []*BenchResult
	for _, latency := range cfg.Latencies {
		r := *floors
		r.Latency = latency
		cfg.logf("N=%d at %v latency", n, latency)
		if err := benchScenario(ctx, tools, cfg, sc, &r, planArgs); err != nil {
			return out, err
		}
		out = append(out, &r)
	}
	return out, nil
}

// benchScenario applies, plans and destroys the scenario against a fresh
// emulator at r.Latency, into r.
func benchScenario(ctx context.Context, tools *Tools, cfg BenchConfig, sc *Scenario, r *BenchResult, planArgs []string) error {
	emu, err := tools.StartEmulator(ctx, EmulatorOptions{Latency: r.Latency})
	if err != nil {
		return err
	}
	defer emu.Stop()
	ws, err := tools.NewWorkspace(emu, sc.HCL)
	if err != nil {
		return err
	}
	r.Apply, err = ws.Run(ctx, "apply", cfg.Timeout, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=10")
	if err != nil {
		return err
	}
	cfg.logf("  %-18s exit %d in %v, %d requests", "apply", r.Apply.ExitCode, r.Apply.Wall.Round(time.Millisecond), r.Apply.Stats.Total)
	if r.Apply.ExitCode != 0 {
		// Nothing after a failed apply would measure what it claims to.
		return fmt.Errorf("apply: %w", r.Apply.Err())
	}
	r.Plan, r.PlanWalls, err = repeatPlan(ctx, ws, cfg, "plan", planArgs)
	if err != nil {
		return err
	}
	switch r.Plan.ExitCode {
	case 0:
	case 2:
		if r.PlanChanges, err = ws.PlannedChanges(ctx, "tfplan", 20); err != nil {
			return err
		}
	default:
		return fmt.Errorf("plan: %w", r.Plan.Err())
	}
	state, err := os.ReadFile(filepath.Join(ws.Dir, "terraform.tfstate"))
	if err != nil {
		return err
	}
	if r.SchemaFloorPlan, r.SchemaFloorPlanWalls, err = measureSchemaFloor(ctx, tools, cfg, emu, sc.HCL, state, planArgs); err != nil {
		return err
	}
	r.Destroy, err = ws.Run(ctx, "destroy", cfg.Timeout, "destroy", "-auto-approve", "-input=false", "-no-color", "-parallelism=10")
	if err != nil {
		return err
	}
	cfg.logf("  %-18s exit %d in %v, %d requests", "destroy", r.Destroy.ExitCode, r.Destroy.Wall.Round(time.Millisecond), r.Destroy.Stats.Total)
	if r.Destroy.ExitCode != 0 {
		return fmt.Errorf("destroy: %w", r.Destroy.Err())
	}
	r.Checks = evaluate(r)
	return nil
}

// repeatPlan runs a plan cfg.PlanRuns times and returns the first run with
// the median wall time, and every wall time. It stops at the first run that
// is not an empty plan (exit code other than 0) and returns that run.
// measureFloor applies config (which needs no API) in a fresh workspace, then
// plans it with repeatPlan; the plan must be empty. name labels the phases.
func measureFloor(ctx context.Context, tools *Tools, cfg BenchConfig, name, config string, planArgs []string) (apply, plan Phase, planWalls []time.Duration, err error) {
	ws, err := tools.NewWorkspace(nil, config)
	if err != nil {
		return apply, plan, nil, err
	}
	apply, err = ws.Run(ctx, name+" apply", cfg.Timeout, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=10")
	if err != nil {
		return apply, plan, nil, err
	}
	cfg.logf("  %-18s exit %d in %v", name+" apply", apply.ExitCode, apply.Wall.Round(time.Millisecond))
	if apply.ExitCode != 0 {
		return apply, plan, nil, fmt.Errorf("%s apply: %w", name, apply.Err())
	}
	plan, planWalls, err = repeatPlan(ctx, ws, cfg, name+" plan", planArgs)
	if err != nil {
		return apply, plan, nil, err
	}
	if plan.ExitCode != 0 {
		return apply, plan, nil, fmt.Errorf("%s plan: %w", name, plan.Err())
	}
	return apply, plan, planWalls, nil
}

// measureSchemaFloor plans the scenario's configuration and state with the
// schema floor build (repeatPlan). The plan must be empty and make no
// request: anything else would not be the floor it claims to be.
func measureSchemaFloor(ctx context.Context, tools *Tools, cfg BenchConfig, emu *Emulator, config string, state []byte, planArgs []string) (Phase, []time.Duration, error) {
	floor, err := tools.NewSchemaFloorWorkspace(emu, config, state)
	if err != nil {
		return Phase{}, nil, err
	}
	plan, walls, err := repeatPlan(ctx, floor, cfg, "schema floor plan", planArgs)
	switch {
	case err != nil:
		return plan, walls, err
	case plan.ExitCode != 0:
		return plan, walls, fmt.Errorf("schema floor plan: %w", plan.Err())
	case plan.Stats.Total != 0:
		return plan, walls, fmt.Errorf("schema floor plan: %d API requests, where it must make none", plan.Stats.Total)
	}
	return plan, walls, nil
}

func repeatPlan(ctx context.Context, ws *Workspace, cfg BenchConfig, name string, args []string) (Phase, []time.Duration, error) {
	runs := max(cfg.PlanRuns, 1)
	var first Phase
	var walls []time.Duration
	for i := 0; i < runs; i++ {
		p, err := ws.Run(ctx, name, cfg.Timeout, args...)
		if err != nil {
			return p, walls, err
		}
		cfg.logf("  %-18s exit %d in %v, %d requests", name, p.ExitCode, p.Wall.Round(time.Millisecond), p.Stats.Total)
		walls = append(walls, p.Wall)
		if i == 0 {
			first = p
		}
		if p.ExitCode != 0 {
			if i > 0 {
				first = p
			}
			break
		}
	}
	sorted := append([]time.Duration(nil), walls...)
	slices.Sort(sorted)
	first.Wall = sorted[len(sorted)/2]
	return first, walls, nil
}

// PlanRequestBudget is the request target of a refresh plan of n objects:
// 100 for the 1,000-object account of the issue, the same for smaller
// accounts (fewer objects never need more list pages), linear above.
func PlanRequestBudget(n int) int {
	if n <= TargetPlanRequestsAtN {
		return TargetPlanRequests
	}
	return TargetPlanRequests * n / TargetPlanRequestsAtN
}

// checkPlanOverPluginFloor is the name of the plan time target's Check.
const checkPlanOverPluginFloor = "plan time / plugin floor plan time"

// kindsIn is how many kinds of object the scenario holds.
func (r *BenchResult) kindsIn() int {
	n := 0
	for _, v := range r.Counts {
		if v > 0 {
			n++
		}
	}
	return n
}

func evaluate(r *BenchResult) []Check {
	latency := r.Latency
	mb := func(b int64) string {
		if b < 0 {
			return "n/a"
		}
		return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
	}
	budget := PlanRequestBudget(r.N)
	atScale := r.N == TargetPlanRequestsAtN
	checks := []Check{
		{Name: "plan is empty", Target: "exit 0 of plan -detailed-exitcode", Actual: fmt.Sprintf("exit %d", r.Plan.ExitCode),
			Met: r.Plan.ExitCode == 0, Applies: true},
		{Name: "plan requests", Target: fmt.Sprintf("<= %d", budget), Actual: fmt.Sprint(r.Plan.Stats.Total),
			Met: r.Plan.Stats.Total <= budget, Applies: true},
		{Name: "plan request rounds", Target: fmt.Sprintf("<= %d (at N=%d)", TargetPlanRounds, TargetPlanRequestsAtN), Actual: fmt.Sprint(r.Plan.Stats.Rounds),
			Met: r.Plan.Stats.Rounds <= TargetPlanRounds, Applies: atScale},
		{Name: "apply requests/object", Target: fmt.Sprintf("<= %.1f", TargetApplyPerObject), Actual: fmt.Sprintf("%.2f", r.PerObject(r.Apply)),
			Met: r.PerObject(r.Apply) <= TargetApplyPerObject, Applies: true},
	}
	if atScale {
		checks = append(checks, Check{Name: "destroy requests/object", Target: fmt.Sprintf("<= %.1f", TargetDestroyPerObject),
			Actual: fmt.Sprintf("%.2f", r.PerObject(r.Destroy)), Met: r.PerObject(r.Destroy) <= TargetDestroyPerObject, Applies: true})
	} else {
		// At small N the few requests that do not depend on N (a list per
		// kind to confirm what is gone, Configure's check) weigh more than
		// a tenth of a request per object.
		most := r.N + r.kindsIn() + 3
		checks = append(checks, Check{Name: "destroy requests", Target: fmt.Sprintf("<= objects + kinds + 3 (%d)", most),
			Actual: fmt.Sprint(r.Destroy.Stats.Total), Met: r.Destroy.Stats.Total <= most, Applies: true})
	}
	target, evaluated := planOverPluginFloorTargets[latency]
	checks = append(checks,
		Check{Name: checkPlanOverPluginFloor, Target: planTimeTarget(), Actual: fmt.Sprintf("%.2f (at %v)", r.PlanOverPluginFloor(), latency),
			Met: r.PlanOverPluginFloor() <= target.ratio, Applies: evaluated && (target.allN || atScale), OutOfReach: r.planTimeOutOfReach()},
		Check{Name: "provider peak RSS", Target: "<= " + mb(TargetPeakRSSBytes), Actual: mb(r.PeakRSS()),
			Met: r.PeakRSS() >= 0 && r.PeakRSS() <= TargetPeakRSSBytes, Applies: r.PeakRSS() >= 0},
	)
	return checks
}

// planTimeTarget describes planOverPluginFloorTargets, lowest latency first.
func planTimeTarget() string {
	lats := slices.Sorted(maps.Keys(planOverPluginFloorTargets))
	parts := make([]string, 0, len(lats))
	for _, l := range lats {
		t := planOverPluginFloorTargets[l]
		scope := fmt.Sprintf(" at N=%d", TargetPlanRequestsAtN)
		if t.allN {
			scope = ""
		}
		parts = append(parts, fmt.Sprintf("<= %.1f at %v%s", t.ratio, l, scope))
	}
	return strings.Join(parts, "; ")
}

// WriteBenchReport prints the figures of every N.
func WriteBenchReport(w io.Writer, results []*BenchResult) {
	for _, r := range results {
		fmt.Fprintf(w, "\n== N=%d managed objects, emulator latency %v ==\n", r.N, r.Latency)
		fmt.Fprintf(w, "   %s\n", r.Counts)
		fmt.Fprintf(w, "%-18s %10s %9s %7s %8s %10s %15s  %s\n", "phase", "wall", "requests", "rounds", "req/obj", "peak RSS", "CPU all/prov", "top 5 operations")
		for _, p := range []Phase{r.Apply, r.Plan, r.Destroy} {
			fmt.Fprintf(w, "%-18s %10s %9d %7d %8.2f %10s %15s  %s\n", p.Name, p.Wall.Round(time.Millisecond), p.Stats.Total,
				p.Stats.Rounds, r.PerObject(p), rssLabel(p.PeakRSS), cpuLabel(p), topLabel(p.Stats))
		}
		for _, p := range []Phase{r.FloorApply, r.FloorPlan} {
			fmt.Fprintf(w, "%-18s %10s %9s %7s %8s %10s %15s  %s\n", p.Name, p.Wall.Round(time.Millisecond), "-", "-", "-", "-", cpuLabel(p), "(terraform_data, no provider)")
		}
		for _, p := range []Phase{r.PluginFloorApply, r.PluginFloorPlan} {
			fmt.Fprintf(w, "%-18s %10s %9s %7s %8s %10s %15s  %s\n", p.Name, p.Wall.Round(time.Millisecond), "-", "-", "-", rssLabel(p.PeakRSS), cpuLabel(p), "(noop plugin provider, no API)")
		}
		p := r.SchemaFloorPlan
		fmt.Fprintf(w, "%-18s %10s %9d %7s %8s %10s %15s  %s\n", p.Name, p.Wall.Round(time.Millisecond), p.Stats.Total, "-", "-", rssLabel(p.PeakRSS), cpuLabel(p), "(this provider's schemas, every RPC echoed, no API)")
		fmt.Fprintf(w, "plan / floor plan wall time: %.2f (medians of %s and %s)\n", r.PlanOverFloor(), walls(r.PlanWalls), walls(r.FloorPlanWalls))
		fmt.Fprintf(w, "plan / plugin floor plan wall time: %.2f (medians of %s and %s)\n", r.PlanOverPluginFloor(), walls(r.PlanWalls), walls(r.PluginFloorPlanWalls))
		fmt.Fprintf(w, "plugin floor plan / floor plan wall time: %.2f (medians of %s and %s)\n", r.PluginFloorOverFloor(), walls(r.PluginFloorPlanWalls), walls(r.FloorPlanWalls))
		fmt.Fprintf(w, "plan / schema floor plan wall time: %.2f (medians of %s and %s)\n", r.PlanOverSchemaFloor(), walls(r.PlanWalls), walls(r.SchemaFloorPlanWalls))
		fmt.Fprintf(w, "schema floor plan / plugin floor plan wall time: %.2f (medians of %s and %s)\n", r.SchemaFloorOverPluginFloor(), walls(r.SchemaFloorPlanWalls), walls(r.PluginFloorPlanWalls))
		for _, c := range r.PlanChanges {
			fmt.Fprintf(w, "plan change: %s\n", c)
		}
		fmt.Fprintln(w, "targets:")
		for _, c := range r.Checks {
			v := "ok  "
			switch {
			case !c.Applies:
				v = "n/a "
			case !c.Met:
				v = "MISS"
			}
			fmt.Fprintf(w, "  %s %-34s %-44s actual %s\n", v, c.Name, c.Target, c.Actual)
		}
		if l := r.planTimeRoomLabel(); l != "" {
			fmt.Fprintf(w, "room: %s\n", l)
		}
	}
}

// cpuLabel is "all / provider" CPU seconds of a phase.
func cpuLabel(p Phase) string {
	return fmt.Sprintf("%.1fs / %.1fs", p.TotalCPU.Seconds(), p.ProviderCPU.Seconds())
}

func walls(ds []time.Duration) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.Round(time.Millisecond).String()
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func rssLabel(b int64) string {
	switch {
	case b < 0:
		return "n/a"
	case b == 0:
		return "-"
	}
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}

func topLabel(s Stats) string {
	var parts []string
	for _, oc := range s.TopOperations(5) {
		parts = append(parts, fmt.Sprintf("%s %d", oc.Op, oc.Count))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}

// Machine describes the computer a benchmark ran on.
type Machine struct {
	CPUs     int
	CPUModel string
	MemTotal string
	OS       string
	// LoadAvg is /proc/loadavg's 1, 5 and 15 minute load when described:
	// timings on a busy machine are slower than on an idle one.
	LoadAvg string
}

// DescribeMachine reads nproc (the CPUs this process may use), the CPU model
// from /proc/cpuinfo and the memory from /proc/meminfo.
func DescribeMachine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), CPUModel: "unknown", MemTotal: "unknown", OS: runtime.GOOS + "/" + runtime.GOARCH, LoadAvg: "unknown"}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			m.LoadAvg = strings.Join(f[:3], " ")
		}
	}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	if f, err := os.Open("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && k == "MemTotal" {
				var kb int64
				if _, err := fmt.Sscanf(strings.TrimSpace(v), "%d", &kb); err == nil {
					m.MemTotal = fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
				}
				break
			}
		}
		f.Close()
	}
	return m
}

// latencyList is the latencies of results, in the order measured.
func latencyList(results []*BenchResult) string {
	var seen []time.Duration
	for _, r := range results {
		if !slices.Contains(seen, r.Latency) {
			seen = append(seen, r.Latency)
		}
	}
	parts := make([]string, len(seen))
	for i, l := range seen {
		parts[i] = l.String()
	}
	return strings.Join(parts, ", ")
}

// BenchMarkdown renders BENCHMARKS.md.
func BenchMarkdown(when time.Time, start, m Machine, terraformVersion, goVersion, command, note string, results []*BenchResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Benchmarks\n\n")
	fmt.Fprintf(&b, "Generated by `%s` on %s. Re-run `make bench` (or the command above) to refresh; the figures are\n", command, when.UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "those of one run on one machine, so compare runs made on the same machine.\n\n")
	if note != "" {
		fmt.Fprintf(&b, "> %s\n\n", strings.ReplaceAll(strings.TrimSpace(note), "\n", "\n> "))
	}
	fmt.Fprintf(&b, "## Setup\n\n")
	fmt.Fprintf(&b, "| | |\n|---|---|\n")
	fmt.Fprintf(&b, "| Date | %s |\n", when.UTC().Format("2006-01-02"))
	fmt.Fprintf(&b, "| CPUs (`nproc`) | %d |\n", m.CPUs)
	fmt.Fprintf(&b, "| CPU model | %s |\n", m.CPUModel)
	fmt.Fprintf(&b, "| Memory | %s |\n", m.MemTotal)
	fmt.Fprintf(&b, "| OS | %s |\n", m.OS)
	fmt.Fprintf(&b, "| Load average (1, 5, 15 min) | %s at the start, %s at the end |\n", start.LoadAvg, m.LoadAvg)
	fmt.Fprintf(&b, "| Terraform | %s |\n", terraformVersion)
	fmt.Fprintf(&b, "| Go | %s |\n", goVersion)
	fmt.Fprintf(&b, "| Emulator latency | %s per request |\n", latencyList(results))
	fmt.Fprintf(&b, "| Parallelism | `-parallelism=10` |\n\n")
	fmt.Fprintf(&b, "Each N is a generated configuration (`internal/scale`) with the mix of the issue per 1,000 objects: 10 product\n")
	fmt.Fprintf(&b, "environments, 40 access keys, 400 users, 40 groups, 300 group memberships, 20 custom roles, 40 custom\n")
	fmt.Fprintf(&b, "policies, 150 role assignments. Phases: apply from an empty account, a refresh `plan -detailed-exitcode`, destroy.\n")
	fmt.Fprintf(&b, "Requests are counted by the emulator (reset before each phase). Request rounds is the longest chain of requests\n")
	fmt.Fprintf(&b, "in which each was sent only after the one before was answered: the round trips of latency spent one after\n")
	fmt.Fprintf(&b, "another, whatever ran side by side. Peak RSS is the largest VmHWM of any provider\n")
	fmt.Fprintf(&b, "process during the phase. The floor is the same N as `terraform_data` resources: what Terraform alone costs\n")
	fmt.Fprintf(&b, "(a reference, not a target). The plugin floor is the same N resources of a provider that does nothing\n")
	fmt.Fprintf(&b, "(`tools/bench/noopprovider`): the least any plugin provider can cost, and the plan time target's base.\n")
	fmt.Fprintf(&b, "Plan / plugin floor is how much more this provider's plan costs than that; part of\n")
	fmt.Fprintf(&b, "the difference is still Terraform's, whose per-resource work grows with the schema (the noop resource has one\n")
	fmt.Fprintf(&b, "attribute and no identity). The schema floor measures that part: the scenario's own configuration and state,\n")
	fmt.Fprintf(&b, "planned by a build that serves this provider's schemas and echoes every RPC, with no API behind it\n")
	fmt.Fprintf(&b, "(`tools/bench/schemafloorprovider`): the least any provider with these schemas can cost. Plan / schema floor\n")
	fmt.Fprintf(&b, "is what this provider's reads, requests and CPU add to it; schema floor / plugin floor is Terraform's own\n")
	fmt.Fprintf(&b, "cost of these schemas. Both are information, not targets. Room is what the plan time target leaves over the\n")
	fmt.Fprintf(&b, "schema floor; a provider that refreshes needs at least one round trip of it (no read answers before the\n")
	fmt.Fprintf(&b, "first request comes back), so with less the target is out of reach of any provider with these schemas on\n")
	fmt.Fprintf(&b, "the machine that measured it. It is still reported as missed.\n")
	fmt.Fprintf(&b, "Plan wall times (scenario and floors) are the median of several runs; their requests and memory are\n")
	fmt.Fprintf(&b, "the first run's.\n")
	fmt.Fprintf(&b, "CPU is user+system time: \"all\" is Terraform with the provider processes it waited for, \"provider\" the provider\n")
	fmt.Fprintf(&b, "processes alone (from /proc, sampled every 50 ms).\n")
	for _, r := range results {
		fmt.Fprintf(&b, "\n## N = %d, %v latency\n\n", r.N, r.Latency)
		fmt.Fprintf(&b, "`%s`\n\n", r.Counts)
		fmt.Fprintf(&b, "| Phase | Wall time | Requests | Request rounds | Requests/object | Provider peak RSS | CPU all / provider | Top 5 operations |\n")
		fmt.Fprintf(&b, "|---|---:|---:|---:|---:|---:|---:|---|\n")
		for _, p := range []Phase{r.Apply, r.Plan, r.Destroy} {
			fmt.Fprintf(&b, "| %s | %s | %d | %d | %.2f | %s | %s | %s |\n", p.Name, p.Wall.Round(time.Millisecond), p.Stats.Total,
				p.Stats.Rounds, r.PerObject(p), rssLabel(p.PeakRSS), cpuLabel(p), topLabel(p.Stats))
		}
		for _, p := range []Phase{r.FloorApply, r.FloorPlan} {
			fmt.Fprintf(&b, "| %s | %s | - | - | - | - | %s | terraform_data |\n", p.Name, p.Wall.Round(time.Millisecond), cpuLabel(p))
		}
		for _, p := range []Phase{r.PluginFloorApply, r.PluginFloorPlan} {
			fmt.Fprintf(&b, "| %s | %s | - | - | - | %s | %s | noop plugin provider, no API |\n", p.Name, p.Wall.Round(time.Millisecond), rssLabel(p.PeakRSS), cpuLabel(p))
		}
		p := r.SchemaFloorPlan
		fmt.Fprintf(&b, "| %s | %s | %d | - | - | %s | %s | this provider's schemas, every RPC echoed, no API |\n", p.Name, p.Wall.Round(time.Millisecond), p.Stats.Total, rssLabel(p.PeakRSS), cpuLabel(p))
		fmt.Fprintf(&b, "\nPlan wall time / floor plan wall time: **%.2f** (medians of %s and %s).\n", r.PlanOverFloor(), walls(r.PlanWalls), walls(r.FloorPlanWalls))
		fmt.Fprintf(&b, "Plan wall time / plugin floor plan wall time: **%.2f** (medians of %s and %s).\n", r.PlanOverPluginFloor(), walls(r.PlanWalls), walls(r.PluginFloorPlanWalls))
		fmt.Fprintf(&b, "Plugin floor plan wall time / floor plan wall time: **%.2f** (medians of %s and %s).\n", r.PluginFloorOverFloor(), walls(r.PluginFloorPlanWalls), walls(r.FloorPlanWalls))
		fmt.Fprintf(&b, "Plan wall time / schema floor plan wall time: **%.2f** (medians of %s and %s).\n", r.PlanOverSchemaFloor(), walls(r.PlanWalls), walls(r.SchemaFloorPlanWalls))
		fmt.Fprintf(&b, "Schema floor plan wall time / plugin floor plan wall time: **%.2f** (medians of %s and %s).\n", r.SchemaFloorOverPluginFloor(), walls(r.SchemaFloorPlanWalls), walls(r.PluginFloorPlanWalls))
		if len(r.PlanChanges) > 0 {
			fmt.Fprintf(&b, "\nThe plan after apply was not empty:\n\n")
			for _, c := range r.PlanChanges {
				fmt.Fprintf(&b, "- `%s`\n", c)
			}
		}
		fmt.Fprintf(&b, "\n| Target | Goal | Measured | Verdict |\n|---|---|---|---|\n")
		for _, c := range r.Checks {
			v := "met"
			switch {
			case !c.Applies:
				v = "n/a"
			case !c.Met && c.OutOfReach != "":
				v = "**missed**: out of reach (below)"
			case !c.Met:
				v = "**missed**"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", c.Name, c.Target, c.Actual, v)
		}
		if l := r.planTimeRoomLabel(); l != "" {
			fmt.Fprintf(&b, "\nRoom: %s.\n", l)
		}
	}
	return b.String()
}
