package scale

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// planResult is a BenchResult of the given median plan wall times, with its
// targets evaluated at latency.
func planResult(plan, floor, pluginFloor time.Duration, latency time.Duration) *BenchResult {
	r := &BenchResult{
		N:                    100,
		Apply:                Phase{Name: "apply"},
		Plan:                 Phase{Name: "plan", Wall: plan},
		Destroy:              Phase{Name: "destroy"},
		FloorApply:           Phase{Name: "floor apply"},
		FloorPlan:            Phase{Name: "floor plan", Wall: floor},
		PluginFloorPlan:      Phase{Name: "plugin floor plan", Wall: pluginFloor},
		PluginFloorApply:     Phase{Name: "plugin floor apply"},
		PlanWalls:            []time.Duration{plan},
		FloorPlanWalls:       []time.Duration{floor},
		PluginFloorPlanWalls: []time.Duration{pluginFloor},
	}
	r.Checks = evaluate(r, latency)
	return r
}

func TestBenchResult_pluginFloorRatios(t *testing.T) {
	r := planResult(3*time.Second, time.Second, 2*time.Second, targetLatencyForPlanTime)
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
	// A floor that was not measured gives 0, not a division by zero.
	if got := planResult(3*time.Second, 0, 2*time.Second, 0).PluginFloorOverFloor(); got != 0 {
		t.Errorf("PluginFloorOverFloor with no floor = %v, want 0", got)
	}
	if got := planResult(3*time.Second, time.Second, 0, 0).PlanOverPluginFloor(); got != 0 {
		t.Errorf("PlanOverPluginFloor with no plugin floor = %v, want 0", got)
	}
	// The plugin floor is information, not a target.
	for _, c := range r.Checks {
		if strings.Contains(c.Name, "plugin") {
			t.Errorf("the plugin floor is a target: %+v", c)
		}
	}
}

// TestBenchReport_pluginFloor checks that both reports show the plugin floor
// and its ratios, keep the plan time / floor verdict, and say that no plugin
// provider can meet the target exactly when it is missed and the noop
// provider misses it too.
func TestBenchReport_pluginFloor(t *testing.T) {
	const sentence = "A provider that does nothing measures "
	for _, tc := range []struct {
		name                     string
		plan, floor, pluginFloor time.Duration
		latency                  time.Duration
		wantVerdictMissed        bool
		wantNote                 string // "" for no sentence
		wantPlanOverPluginFloor  string
		wantPluginFloorOverFloor string
	}{
		{name: "missed, noop misses too", plan: 3300 * time.Millisecond, floor: 1600 * time.Millisecond, pluginFloor: 3200 * time.Millisecond,
			latency: targetLatencyForPlanTime, wantVerdictMissed: true, wantNote: sentence + "2.00 on the same target",
			wantPlanOverPluginFloor: "1.03", wantPluginFloorOverFloor: "2.00"},
		{name: "missed, noop meets it", plan: 3 * time.Second, floor: time.Second, pluginFloor: 1200 * time.Millisecond,
			latency: targetLatencyForPlanTime, wantVerdictMissed: true,
			wantPlanOverPluginFloor: "2.50", wantPluginFloorOverFloor: "1.20"},
		{name: "met", plan: 1400 * time.Millisecond, floor: time.Second, pluginFloor: 2 * time.Second,
			latency:                 targetLatencyForPlanTime,
			wantPlanOverPluginFloor: "0.70", wantPluginFloorOverFloor: "2.00"},
		{name: "not evaluated at this latency", plan: 3 * time.Second, floor: time.Second, pluginFloor: 2 * time.Second,
			latency:                 0,
			wantPlanOverPluginFloor: "1.50", wantPluginFloorOverFloor: "2.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := planResult(tc.plan, tc.floor, tc.pluginFloor, tc.latency)
			missed := false
			for _, c := range r.Failed() {
				missed = missed || c.Name == checkPlanOverFloor
			}
			if missed != tc.wantVerdictMissed {
				t.Errorf("plan time / floor missed = %v, want %v", missed, tc.wantVerdictMissed)
			}
			var text bytes.Buffer
			WriteBenchReport(&text, tc.latency, []*BenchResult{r})
			md := BenchMarkdown(time.Unix(0, 0), Machine{}, Machine{}, "Terraform vX", "goX", "go run ./tools/bench", "", tc.latency, []*BenchResult{r})
			for _, f := range []struct {
				name, out, overPlugin, pluginOverFloor string
			}{
				{"text report", text.String(), "plan / plugin floor plan wall time: ", "plugin floor plan / floor plan wall time: "},
				{"markdown", md, "Plan wall time / plugin floor plan wall time: **", "Plugin floor plan wall time / floor plan wall time: **"},
			} {
				name, out := f.name, f.out
				for _, want := range []string{
					"plugin floor apply", "plugin floor plan", "noop plugin provider, no API",
					f.overPlugin + tc.wantPlanOverPluginFloor, f.pluginOverFloor + tc.wantPluginFloorOverFloor,
				} {
					if !strings.Contains(out, want) {
						t.Errorf("%s: no %q in:\n%s", name, want, out)
					}
				}
				switch {
				case tc.wantNote == "" && strings.Contains(out, sentence):
					t.Errorf("%s: says no plugin provider can meet the target:\n%s", name, out)
				case tc.wantNote != "" && !strings.Contains(out, tc.wantNote+", so no plugin provider can meet it on this machine."):
					t.Errorf("%s: no %q in:\n%s", name, tc.wantNote, out)
				}
			}
			if !strings.Contains(md, "The plugin floor is the same N resources of a provider that does nothing") {
				t.Error("markdown: the introduction does not explain the plugin floor")
			}
		})
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
	r := planResult(3*time.Second, time.Second, 2*time.Second, 20*time.Millisecond)
	r.Plan.Stats.Rounds = 17
	var text bytes.Buffer
	WriteBenchReport(&text, 20*time.Millisecond, []*BenchResult{r})
	md := BenchMarkdown(time.Unix(0, 0), Machine{}, Machine{}, "Terraform vX", "goX", "go run ./tools/bench", "", 20*time.Millisecond, []*BenchResult{r})
	planLine := regexp.MustCompile(`(?m)^plan +\S+ +\d+ +17 `)
	if !planLine.MatchString(text.String()) || !strings.Contains(text.String(), " rounds ") {
		t.Errorf("text report has no rounds column with 17 for the plan:\n%s", text.String())
	}
	if !regexp.MustCompile(`(?m)^\| plan \| [^|]+ \| \d+ \| 17 \|`).MatchString(md) || !strings.Contains(md, "| Request rounds |") {
		t.Errorf("markdown has no request rounds column with 17 for the plan:\n%s", md)
	}
}
