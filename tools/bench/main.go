// Command bench measures the provider at account scale (issue "Request
// economy at scale"): for each N it applies a generated N-object
// configuration to a fresh emulator, plans (which must be empty) and
// destroys, measuring wall time, API requests, request rounds and the
// provider's peak memory, at each emulator latency asked for. It compares
// the plan's wall time with three floors, each planning N resources:
//   - terraform_data (the floor: Terraform alone), a reference;
//   - a provider that does nothing, one attribute per resource
//     (tools/bench/noopprovider, the plugin floor): the least any plugin
//     provider can cost, and the base of the plan time target;
//   - the scenario's own configuration and state with a build that serves
//     this provider's schemas and echoes every RPC (tools/bench/schemafloorprovider,
//     the schema floor): the least any provider with these schemas can cost,
//     since Terraform's per-resource work grows with the schema. Plan /
//     schema floor is what the provider's reads, requests and CPU add.
//
// It exits non-zero when a target is missed.
//
//	go run ./tools/bench -n 100,1000 -latency 150ms,20ms [-terraform PATH] [-write BENCHMARKS.md]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
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
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("n", "100,1000", "comma-separated numbers of managed objects")
	latencyList := fs.String("latency", "150ms,20ms", "comma-separated latencies the emulator adds to every API request; each size is measured at each")
	terraform := fs.String("terraform", "", "Terraform binary (default $TERRAFORM, then terraform on PATH)")
	write := fs.String("write", "", "also write the figures, dated, with the machine, to this Markdown file (e.g. BENCHMARKS.md)")
	note := fs.String("note", "", "a note to put at the top of the -write file")
	timeout := fs.Duration("timeout", 30*time.Minute, "bound of each terraform command")
	planRuns := fs.Int("plan-runs", 3, "how many times each plan (scenario and floors) runs; wall time is the median")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	ns, err := parseSizes(*sizes)
	if err != nil {
		fmt.Fprintln(stderr, "bench: -n:", err)
		return 2
	}
	latencies, err := parseLatencies(*latencyList)
	if err != nil {
		fmt.Fprintln(stderr, "bench: -latency:", err)
		return 2
	}
	tf, err := scale.ResolveTerraform(*terraform)
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 2
	}

	machine := scale.DescribeMachine()
	fmt.Fprintf(stdout, "Building the provider, the noop provider and the emulator (terraform: %s)\n", tf)
	tools, err := scale.Build(ctx, tf)
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	defer tools.Close()
	fmt.Fprintf(stdout, "%s\n", tools.TerraformVersion)

	cfg := scale.BenchConfig{Sizes: ns, Latencies: latencies, Timeout: *timeout, PlanRuns: *planRuns, Log: stdout}
	results, err := scale.RunBench(ctx, tools, cfg)
	scale.WriteBenchReport(stdout, results)
	if err != nil {
		fmt.Fprintln(stderr, "\nbench: FAILED:", err)
		return 1
	}
	if *write != "" {
		// The command that reproduces the figures: the flags given, -note aside.
		cmdline := "go run ./tools/bench"
		fs.Visit(func(f *flag.Flag) {
			if f.Name != "note" {
				cmdline += " -" + f.Name + " " + shellQuote(f.Value.String())
			}
		})
		md := scale.BenchMarkdown(time.Now(), machine, scale.DescribeMachine(), tools.TerraformVersion, runtime.Version(),
			strings.TrimSpace(cmdline), *note, results)
		if err := os.WriteFile(*write, []byte(md), 0o644); err != nil {
			fmt.Fprintln(stderr, "bench:", err)
			return 1
		}
		fmt.Fprintf(stdout, "\nwrote %s\n", *write)
	}
	missed := 0
	for _, r := range results {
		for _, c := range r.Failed() {
			line := fmt.Sprintf("TARGET MISSED: N=%d at %v: %s: %s, measured %s", r.N, r.Latency, c.Name, c.Target, c.Actual)
			if c.OutOfReach != "" {
				line += "; out of reach: " + c.OutOfReach
			}
			fmt.Fprintln(stdout, line)
			missed++
		}
	}
	if missed > 0 {
		return 1
	}
	fmt.Fprintln(stdout, "all targets met")
	return 0
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,/:=") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, err
		}
		if n < scale.MinObjects {
			return nil, fmt.Errorf("%d is below the minimum of %d objects", n, scale.MinObjects)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, errors.New("no size given")
	}
	return out, nil
}

// parseLatencies reads a comma-separated list of durations, each >= 0.
func parseLatencies(s string) ([]time.Duration, error) {
	var out []time.Duration
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		d, err := time.ParseDuration(f)
		if err != nil || d < 0 {
			return nil, fmt.Errorf("%q is not a duration >= 0 such as 150ms", f)
		}
		out = append(out, d)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no latency in %q", s)
	}
	return out, nil
}
