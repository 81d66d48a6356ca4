// Command chaos is the fault suite (issue "Reliability", point 1): for each
// seed it starts the emulator with injected faults (5xx, 429, connection
// resets, dropped responses), applies a generated N-object configuration,
// checks the plan is empty and that the emulator holds exactly the declared
// objects (no duplicate, no orphan), destroys under the same faults and
// checks nothing is left. Then the interruption sweep: for each seed and cut
// point, an apply whose write answers come late gets SIGINT, and every object
// the emulator holds must be in state, and the next apply must converge. It
// exits non-zero on any failure.
//
//	go run ./tools/chaos -n 200 -seeds 1,2,3 [-terraform PATH]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/scale"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg := scale.DefaultChaos()
	fs := flag.NewFlagSet("chaos", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&cfg.N, "n", cfg.N, "number of managed objects")
	seeds := fs.String("seeds", "1,2,3", "comma-separated fault seeds, one run each")
	fs.Float64Var(&cfg.Fault5xx, "fault-5xx", cfg.Fault5xx, "probability of a 5xx answer")
	fs.Float64Var(&cfg.Fault429, "fault-429", cfg.Fault429, "probability of a 429 answer")
	fs.Float64Var(&cfg.FaultReset, "fault-reset", cfg.FaultReset, "probability of a connection reset before any work")
	fs.Float64Var(&cfg.FaultDrop, "fault-drop", cfg.FaultDrop, "probability that a write is done but its answer dropped")
	fs.IntVar(&cfg.MaxRetries, "max-retries", cfg.MaxRetries, "provider max_retries written into the configuration (0: provider default)")
	fs.BoolVar(&cfg.Baseline, "baseline", cfg.Baseline, "run the scenario once without faults first (for the overhead figure)")
	fs.DurationVar(&cfg.Timeout, "timeout", cfg.Timeout, "bound of each terraform command")
	terraform := fs.String("terraform", "", "Terraform binary (default $TERRAFORM, then terraform on PATH)")
	icfg := scale.DefaultInterrupt()
	fs.IntVar(&icfg.N, "interrupt-n", icfg.N, "number of managed objects of the interruption sweep (0: skip the sweep)")
	cuts := fs.String("interrupt-cuts", "200ms,1.5s,3s", "comma-separated times after the apply's first write at which Terraform gets SIGINT")
	fs.DurationVar(&icfg.Hold, "interrupt-hold", icfg.Hold, "mean time the sweep's proxy holds each write's answer")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	cfg.Seeds = nil
	for _, f := range strings.Split(*seeds, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		s, err := strconv.ParseInt(f, 10, 64)
		if err != nil || s == 0 {
			fmt.Fprintf(stderr, "chaos: -seeds: %q is not a non-zero integer\n", f)
			return 2
		}
		cfg.Seeds = append(cfg.Seeds, s)
	}
	if len(cfg.Seeds) == 0 {
		fmt.Fprintln(stderr, "chaos: -seeds: no seed given")
		return 2
	}
	icfg.Seeds, icfg.Cuts = cfg.Seeds, nil
	for _, f := range strings.Split(*cuts, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		d, err := time.ParseDuration(f)
		if err != nil || d <= 0 {
			fmt.Fprintf(stderr, "chaos: -interrupt-cuts: %q is not a positive duration\n", f)
			return 2
		}
		icfg.Cuts = append(icfg.Cuts, d)
	}
	if icfg.N != 0 && icfg.N < scale.MinObjects {
		fmt.Fprintf(stderr, "chaos: -interrupt-n must be 0 or at least %d\n", scale.MinObjects)
		return 2
	}
	if cfg.N < scale.MinObjects {
		fmt.Fprintf(stderr, "chaos: -n must be at least %d\n", scale.MinObjects)
		return 2
	}
	tf, err := scale.ResolveTerraform(*terraform)
	if err != nil {
		fmt.Fprintln(stderr, "chaos:", err)
		return 2
	}
	cfg.Log = stdout

	fmt.Fprintf(stdout, "Building the provider and the emulator (terraform: %s)\n", tf)
	tools, err := scale.Build(ctx, tf)
	if err != nil {
		fmt.Fprintln(stderr, "chaos:", err)
		return 1
	}
	defer tools.Close()
	fmt.Fprintf(stdout, "%s\n", tools.TerraformVersion)

	baseline, runs, err := scale.RunChaos(ctx, tools, cfg)
	scale.WriteChaosReport(stdout, cfg, baseline, runs)
	if err != nil {
		fmt.Fprintln(stderr, "\nchaos: harness error:", err)
		return 1
	}
	total, failed := len(runs)+btoi(baseline != nil), 0
	if baseline != nil && !baseline.Passed() {
		failed++
	}
	for _, r := range runs {
		if !r.Passed() {
			failed++
		}
	}
	if icfg.N > 0 && len(icfg.Cuts) > 0 {
		icfg.Log = stdout
		iruns, err := scale.RunInterrupt(ctx, tools, icfg)
		scale.WriteInterruptReport(stdout, icfg, iruns)
		if err != nil {
			fmt.Fprintln(stderr, "\nchaos: harness error:", err)
			return 1
		}
		total += len(iruns)
		for _, r := range iruns {
			if !r.Passed() {
				failed++
			}
		}
	}
	if failed > 0 {
		fmt.Fprintf(stdout, "\nFAILED: %d of %d runs\n", failed, total)
		return 1
	}
	fmt.Fprintf(stdout, "\nPASSED: %d runs\n", total)
	return 0
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
