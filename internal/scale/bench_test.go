package scale

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// planResult is a BenchResult of n objects (the mix) with the given
// median plan wall times, every other figure within its target, evaluated
// at latency.
func planResult(n int, plan, floor, pluginFloor time.Duration, latency time.Duration) *BenchResult {
	counts, err := CountsFor(n)
	if err != nil {
		panic(err)
	}
	r := &BenchResult{
		N:                    n,
		Counts:               counts,
		Apply:                Phase{Name: "apply", Stats: Stats{Total: n}},
		Plan:                 Phase{Name: "plan", Wall: plan, Stats: Stats{Total: 71, Rounds: 5}},
		Destroy:              Phase{Name: "destroy", Stats: Stats{Total: n}},
		FloorApply:           Phase{Name: "floor apply"},
		FloorPlan:            Phase{Name: "floor plan", Wall: floor},
		PluginFloorPlan:      Phase{Name: "plugin floor plan", Wall: pluginFloor},
		PluginFloorApply:     Phase{Name: "plugin floor apply"},
		PlanWalls:            []time.Duration{plan},
		FloorPlanWalls:       []time.Duration{floor},
		PluginFloorPlanWalls: []time.Duration{pluginFloor},
		Latency:              latency,
	}
	r.Checks = evaluate(r)
	return r
}

func TestBenchResult_pluginFloorRatios(t *testing.T) {
	r := planResult(100, 3*time.Second, time.Second, 2*time.Second, 20*time.Millisecond)
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"PlanOverFloor", r.PlanOverFloor(), 3},
		{"PlanOverPluginFloor", r.PlanOverPluginFloor(), 1.5},
		{"PluginFloorOverFloor", r.PluginFloorOverFloor(), 2},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	r.SchemaFloorPlan.Wall = 2500 * time.Millisecond
	if got := r.PlanOverSchemaFloor(); got != 1.2 {
		t.Errorf("PlanOverSchemaFloor = %v, want 1.2", got)
	}
	if got := r.SchemaFloorOverPluginFloor(); got != 1.25 {
		t.Errorf("SchemaFloorOverPluginFloor = %v, want 1.25", got)
	}
	// A floor that was not measured gives 0, not a division by zero.
	if got := planResult(100, 3*time.Second, time.Second, 2*time.Second, 0).PlanOverSchemaFloor(); got != 0 {
		t.Errorf("PlanOverSchemaFloor with no schema floor = %v, want 0", got)
	}
	if got := planResult(100, 3*time.Second, 0, 2*time.Second, 0).PluginFloorOverFloor(); got != 0 {
		t.Errorf("PluginFloorOverFloor with no floor = %v, want 0", got)
	}
	if got := planResult(100, 3*time.Second, time.Second, 0, 0).PlanOverPluginFloor(); got != 0 {
		t.Errorf("PlanOverPluginFloor with no plugin floor = %v, want 0", got)
	}
	// The terraform_data floor is a reference, not a target.
	for _, c := range r.Checks {
		if c.Name != checkPlanOverPluginFloor && strings.Contains(c.Name, "floor") {
			t.Errorf("the terraform_data floor is a target: %+v", c)
		}
	}
}

// TestBench_targets: the plan time target is against the plugin floor, 1.5
// at 150 ms for every N and 1.3 at 20 ms for the 1,000-object account, and
// not evaluated at other latencies; request rounds count at 1,000 objects;
// destroy is per object at 1,000 objects and "objects + kinds + 3" below.
func TestBench_targets(t *testing.T) {
	missed := func(r *BenchResult) []string {
		var names []string
		for _, c := range r.Failed() {
			names = append(names, c.Name)
		}
		return names
	}
	applies := func(r *BenchResult, name string) bool {
		for _, c := range r.Checks {
			if c.Name == name {
				return c.Applies
			}
		}
		t.Fatalf("no check %q in %+v", name, r.Checks)
		return false
	}
	const ms = time.Millisecond
	for _, tc := range []struct {
		name                    string
		n                       int
		plan, pluginFloor       time.Duration
		latency                 time.Duration
		rounds, destroyRequests int
		wantMissed              []string
	}{
		{name: "150ms, N=1000, within 1.5", n: 1000, plan: 2900 * ms, pluginFloor: 2000 * ms, latency: 150 * ms},
		{name: "150ms, N=1000, over 1.5", n: 1000, plan: 3100 * ms, pluginFloor: 2000 * ms, latency: 150 * ms,
			wantMissed: []string{checkPlanOverPluginFloor}},
		{name: "150ms, N=100 counts too", n: 100, plan: 1000 * ms, pluginFloor: 600 * ms, latency: 150 * ms,
			wantMissed: []string{checkPlanOverPluginFloor}},
		{name: "20ms, N=1000, over 1.3", n: 1000, plan: 2700 * ms, pluginFloor: 2000 * ms, latency: 20 * ms,
			wantMissed: []string{checkPlanOverPluginFloor}},
		{name: "20ms, N=1000, within 1.3", n: 1000, plan: 2500 * ms, pluginFloor: 2000 * ms, latency: 20 * ms},
		{name: "20ms, N=100 is reported only", n: 100, plan: 1000 * ms, pluginFloor: 600 * ms, latency: 20 * ms},
		{name: "other latency: not evaluated", n: 1000, plan: 9000 * ms, pluginFloor: 2000 * ms, latency: 50 * ms},
		{name: "rounds over 6 at N=1000", n: 1000, plan: 2000 * ms, pluginFloor: 2000 * ms, latency: 150 * ms, rounds: 7,
			wantMissed: []string{"plan request rounds"}},
		{name: "rounds are not a target at N=100", n: 100, plan: 600 * ms, pluginFloor: 600 * ms, latency: 150 * ms, rounds: 9},
		{name: "destroy at N=100: objects + kinds + 3", n: 100, plan: 600 * ms, pluginFloor: 600 * ms, latency: 150 * ms,
			destroyRequests: 100 + 8 + 3},
		{name: "destroy at N=100: one more", n: 100, plan: 600 * ms, pluginFloor: 600 * ms, latency: 150 * ms,
			destroyRequests: 100 + 8 + 4, wantMissed: []string{"destroy requests"}},
		{name: "destroy at N=1000: 1.1 per object", n: 1000, plan: 2000 * ms, pluginFloor: 2000 * ms, latency: 150 * ms,
			destroyRequests: 1101, wantMissed: []string{"destroy requests/object"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := planResult(tc.n, tc.plan, time.Second, tc.pluginFloor, tc.latency)
			if tc.rounds > 0 {
				r.Plan.Stats.Rounds = tc.rounds
			}
			if tc.destroyRequests > 0 {
				r.Destroy.Stats.Total = tc.destroyRequests
			}
			r.Checks = evaluate(r)
			if got := missed(r); strings.Join(got, ",") != strings.Join(tc.wantMissed, ",") {
				t.Errorf("missed %v, want %v", got, tc.wantMissed)
			}
			if tc.name == "other latency: not evaluated" && applies(r, checkPlanOverPluginFloor) {
				t.Error("the plan time target is evaluated at 50ms")
			}
		})
	}
}

// TestBenchReport_pluginFloor checks that both reports show both floors and
// the ratios, and the plan time target against the plugin floor.
func TestBenchReport_pluginFloor(t *testing.T) {
	r := planResult(1000, 3300*time.Millisecond, 1600*time.Millisecond, 2200*time.Millisecond, 150*time.Millisecond)
	var text bytes.Buffer
	WriteBenchReport(&text, []*BenchResult{r})
	md := BenchMarkdown(time.Unix(0, 0), Machine{}, Machine{}, "Terraform vX", "goX", "go run ./tools/bench", "", []*BenchResult{r})
	for _, f := range []struct {
		name, out, overPlugin, pluginOverFloor, verdict string
	}{
		{"text report", text.String(), "plan / plugin floor plan wall time: 1.50", "plugin floor plan / floor plan wall time: 1.38",
			"ok   plan time / plugin floor plan time   <= 1.3 at 20ms at N=1000; <= 1.5 at 150ms actual 1.50 (at 150ms)"},
		{"markdown", md, "Plan wall time / plugin floor plan wall time: **1.50**", "Plugin floor plan wall time / floor plan wall time: **1.38**",
			"| plan time / plugin floor plan time | <= 1.3 at 20ms at N=1000; <= 1.5 at 150ms | 1.50 (at 150ms) | met |"},
	} {
		words := strings.Join(strings.Fields(f.out), " ") // column widths aside
		for _, want := range []string{"plugin floor apply", "plugin floor plan", "noop plugin provider, no API", f.overPlugin, f.pluginOverFloor, f.verdict} {
			if !strings.Contains(words, strings.Join(strings.Fields(want), " ")) {
				t.Errorf("%s: no %q in:\n%s", f.name, want, f.out)
			}
		}
	}
	if !strings.Contains(md, "the plan time target's base") {
		t.Error("markdown: the introduction does not say the plugin floor is the target's base")
	}
}

// TestBenchReport_schemaFloor checks that both reports show the schema floor
// plan, with its requests, and both of its ratios, and that no target is
// evaluated against it.
func TestBenchReport_schemaFloor(t *testing.T) {
	r := planResult(1000, 3300*time.Millisecond, 1600*time.Millisecond, 2000*time.Millisecond, 150*time.Millisecond)
	r.SchemaFloorPlan = Phase{Name: "schema floor plan", Wall: 2750 * time.Millisecond}
	r.SchemaFloorPlanWalls = []time.Duration{2750 * time.Millisecond}
	r.Checks = evaluate(r)
	var text bytes.Buffer
	WriteBenchReport(&text, []*BenchResult{r})
	md := BenchMarkdown(time.Unix(0, 0), Machine{}, Machine{}, "Terraform vX", "goX", "go run ./tools/bench", "", []*BenchResult{r})
	for _, f := range []struct{ name, out, row, overSchema, schemaOverPlugin string }{
		{"text report", text.String(), "schema floor plan 2.75s 0 - - - 0.0s / 0.0s (this provider's schemas, every RPC echoed, no API)",
			"plan / schema floor plan wall time: 1.20 (medians of [3.3s] and [2.75s])",
			"schema floor plan / plugin floor plan wall time: 1.38 (medians of [2.75s] and [2s])"},
		{"markdown", md, "| schema floor plan | 2.75s | 0 | - | - | - | 0.0s / 0.0s | this provider's schemas, every RPC echoed, no API |",
			"Plan wall time / schema floor plan wall time: **1.20** (medians of [3.3s] and [2.75s])",
			"Schema floor plan wall time / plugin floor plan wall time: **1.38** (medians of [2.75s] and [2s])"},
	} {
		words := strings.Join(strings.Fields(f.out), " ") // column widths aside
		for _, want := range []string{f.row, f.overSchema, f.schemaOverPlugin} {
			if !strings.Contains(words, want) {
				t.Errorf("%s: no %q in:\n%s", f.name, want, f.out)
			}
		}
	}
	for _, c := range r.Checks {
		if strings.Contains(c.Name, "schema") {
			t.Errorf("the schema floor is a target: %+v", c)
		}
	}
}

// TestSchemaFloor_plansWithoutTheAPI applies a small scenario with the
// provider, keeps its state, destroys every object, then plans the kept
// state with the schema floor build: the plan is empty and makes no request
// although none of its objects exists any more, so the floor reads nothing
// and its figures are Terraform's alone; and the phases count the schema
// floor build as their provider process.
func TestSchemaFloor_plansWithoutTheAPI(t *testing.T) {
	ctx, tools := acceptanceTools(t, "a real Terraform binary against the built provider, schema floor and emulator", 5*time.Minute)
	sc, err := Generate(Options{N: 20})
	if err != nil {
		t.Fatal(err)
	}
	emu, err := tools.StartEmulator(ctx, EmulatorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Stop()
	ws, err := tools.NewWorkspace(emu, sc.HCL)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := ws.Run(ctx, "apply", 2*time.Minute, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil || p.ExitCode != 0 {
		t.Fatalf("apply: %v %v", err, p.Err())
	}
	state, err := os.ReadFile(filepath.Join(ws.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	if p, err := ws.Run(ctx, "destroy", 2*time.Minute, "destroy", "-auto-approve", "-input=false", "-no-color"); err != nil || p.ExitCode != 0 {
		t.Fatalf("destroy: %v %v", err, p.Err())
	}

	cfg := BenchConfig{PlanRuns: 2, Timeout: 2 * time.Minute}
	plan, walls, err := measureSchemaFloor(ctx, tools, cfg, emu, sc.HCL, state,
		[]string{"plan", "-detailed-exitcode", "-input=false", "-no-color", "-out=tfplan"})
	if err != nil {
		t.Fatalf("schema floor plan of the destroyed objects' state: %v", err)
	}
	if plan.ExitCode != 0 || plan.Stats.Total != 0 || len(walls) != 2 {
		t.Errorf("schema floor plan: exit %d, %d requests, %d runs; want exit 0, no request, 2 runs", plan.ExitCode, plan.Stats.Total, len(walls))
	}
	if plan.ProviderProcesses == 0 {
		t.Errorf("the schema floor plan saw no process of %s: its provider figures would be empty", tools.SchemaFloorProvider)
	}
}

// TestPluginFloor_emptyPlan applies PluginFloor(5) with the noop provider
// build, then checks that a plan exits 0 (no change): the noop provider is a
// faithful no-change provider, so the plugin floor measures a refresh plan
// like the scenario's. It also checks that the phases count the noop
// provider as their provider process, and that a destroy empties the state.
func TestPluginFloor_emptyPlan(t *testing.T) {
	ctx, tools := acceptanceTools(t, "a real Terraform binary against the built noop provider", 5*time.Minute)

	ws, err := tools.NewWorkspace(nil, PluginFloor(5))
	if err != nil {
		t.Fatal(err)
	}
	run := func(name string, args ...string) Phase {
		t.Helper()
		p, err := ws.Run(ctx, name, time.Minute, args...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return p
	}
	apply := run("apply", "apply", "-auto-approve", "-input=false", "-no-color")
	if apply.ExitCode != 0 {
		t.Fatalf("apply: %v", apply.Err())
	}
	state, err := ws.Exec(ctx, time.Minute, "state", "list")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Fields(string(state)), []string{"noop_thing.d_1", "noop_thing.d_2", "noop_thing.d_3", "noop_thing.d_4", "noop_thing.d_5"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("state after apply: %v, want %v", got, want)
	}

	plan := run("plan", "plan", "-detailed-exitcode", "-input=false", "-no-color", "-out=tfplan")
	switch plan.ExitCode {
	case 0:
	case 2:
		changes, err := ws.PlannedChanges(ctx, "tfplan", 10)
		t.Fatalf("the plan after apply is not empty (%v): %v", err, changes)
	default:
		t.Fatalf("plan: %v", plan.Err())
	}

	destroy := run("destroy", "destroy", "-auto-approve", "-input=false", "-no-color")
	if destroy.ExitCode != 0 {
		t.Fatalf("destroy: %v", destroy.Err())
	}
	// The poller samples every 50 ms and a 5-resource phase's provider may
	// live about that long, so one phase alone could miss it by chance; if
	// none of the three saw it, the build is not what the phases measure.
	if apply.ProviderProcesses+plan.ProviderProcesses+destroy.ProviderProcesses == 0 {
		t.Errorf("no phase saw a provider process of %s: the plugin floor's provider figures would be empty", tools.NoopProvider)
	}
	if state, err := ws.Exec(ctx, time.Minute, "state", "list"); err != nil || strings.TrimSpace(string(state)) != "" {
		t.Errorf("state after destroy: %q (%v), want empty", state, err)
	}
}

// acceptanceTools skips t unless TF_ACC is set (it drives `what`), builds
// the provider, noop provider and emulator, and returns a context that ends
// after limit, or 30 s before the test binary's deadline if that is sooner.
func acceptanceTools(t *testing.T, what string, limit time.Duration) (context.Context, *Tools) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skipf("%s drives %s; set TF_ACC=1 to run it (make test does)", t.Name(), what)
	}
	tf, err := ResolveTerraform("")
	if err != nil {
		t.Fatalf("TF_ACC is set but %v", err)
	}
	if dl, ok := t.Deadline(); ok {
		limit = min(limit, time.Until(dl)-30*time.Second)
	}
	ctx, cancel := context.WithTimeout(t.Context(), limit)
	t.Cleanup(cancel)
	tools, err := Build(ctx, tf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tools.Close)
	return ctx, tools
}

// Both reports show each phase's request rounds, the figure that tells a
// plan bound by the order of its requests from one bound by their number.
func TestBenchReport_showsRequestRounds(t *testing.T) {
	r := planResult(100, 3*time.Second, time.Second, 2*time.Second, 20*time.Millisecond)
	r.Plan.Stats.Rounds = 17
	var text bytes.Buffer
	WriteBenchReport(&text, []*BenchResult{r})
	md := BenchMarkdown(time.Unix(0, 0), Machine{}, Machine{}, "Terraform vX", "goX", "go run ./tools/bench", "", []*BenchResult{r})
	planLine := regexp.MustCompile(`(?m)^plan +\S+ +\d+ +17 `)
	if !planLine.MatchString(text.String()) || !strings.Contains(text.String(), " rounds ") {
		t.Errorf("text report has no rounds column with 17 for the plan:\n%s", text.String())
	}
	if !regexp.MustCompile(`(?m)^\| plan \| [^|]+ \| \d+ \| 17 \|`).MatchString(md) || !strings.Contains(md, "| Request rounds |") {
		t.Errorf("markdown has no request rounds column with 17 for the plan:\n%s", md)
	}
}

// TestBench_planTimeReach: the plan time target is out of reach when the
// time it allows leaves less than one round trip over the schema floor (or
// none at all); it still counts as missed, and both reports say why beside
// the verdict. With room for a round trip, or a floor unmeasured, nothing
// is said to be out of reach.
func TestBench_planTimeReach(t *testing.T) {
	const ms = time.Millisecond
	for _, tc := range []struct {
		name                              string
		latency, pluginFloor, schemaFloor time.Duration
		wantRoom                          time.Duration
		roomKnown                         bool
		wantOutOfReach                    string // "" when in reach
	}{
		{name: "schema floor over the target", latency: 20 * ms, pluginFloor: 2000 * ms, schemaFloor: 2700 * ms,
			wantRoom: -100 * ms, roomKnown: true, wantOutOfReach: "the schema floor alone, with no request and no provider work, is 1.35 times the plugin floor"},
		{name: "less room than a round trip", latency: 150 * ms, pluginFloor: 2000 * ms, schemaFloor: 2950 * ms,
			wantRoom: 50 * ms, roomKnown: true, wantOutOfReach: "the target leaves 50ms over the schema floor, less than the one round trip (150ms) a refresh waits for before its first read"},
		{name: "room for a round trip", latency: 150 * ms, pluginFloor: 2000 * ms, schemaFloor: 2800 * ms, wantRoom: 200 * ms, roomKnown: true},
		{name: "schema floor not measured", latency: 150 * ms, pluginFloor: 2000 * ms},
		{name: "latency with no target", latency: 50 * ms, pluginFloor: 2000 * ms, schemaFloor: 2950 * ms},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// A plan well over any target, so the check is missed whatever its reach.
			r := planResult(1000, 9*time.Second, time.Second, tc.pluginFloor, tc.latency)
			r.SchemaFloorPlan = Phase{Name: "schema floor plan", Wall: tc.schemaFloor}
			r.SchemaFloorPlanWalls = []time.Duration{tc.schemaFloor}
			r.Checks = evaluate(r)
			room, ok := r.PlanTimeRoom()
			if ok != tc.roomKnown || room != tc.wantRoom {
				t.Errorf("PlanTimeRoom = %v, %v; want %v, %v", room, ok, tc.wantRoom, tc.roomKnown)
			}
			var check *Check
			for i := range r.Checks {
				if r.Checks[i].Name == checkPlanOverPluginFloor {
					check = &r.Checks[i]
				}
			}
			if check == nil || check.OutOfReach != tc.wantOutOfReach {
				t.Fatalf("plan time check %+v, want OutOfReach %q", check, tc.wantOutOfReach)
			}
			if check.Applies && check.Met {
				t.Error("a plan of 9 s meets the plan time target")
			}
			var text bytes.Buffer
			WriteBenchReport(&text, []*BenchResult{r})
			md := BenchMarkdown(time.Unix(0, 0), Machine{}, Machine{}, "Terraform vX", "goX", "go run ./tools/bench", "", []*BenchResult{r})
			for name, out := range map[string]string{"text report": text.String(), "markdown": md} {
				if got := strings.Contains(out, "out of reach of any provider with these schemas on this machine: "+tc.wantOutOfReach); got != (tc.wantOutOfReach != "") {
					t.Errorf("%s: says out of reach: %v, want %v:\n%s", name, got, tc.wantOutOfReach != "", out)
				}
				if got := strings.Contains(out, "of room for the refresh's requests"); got != ok {
					t.Errorf("%s: shows the room: %v, want %v:\n%s", name, got, ok, out)
				}
			}
			if got := strings.Contains(md, "| **missed**: out of reach (below) |"); got != (tc.wantOutOfReach != "") {
				t.Errorf("markdown verdict says out of reach: %v, want %v:\n%s", got, tc.wantOutOfReach != "", md)
			}
		})
	}
}
