// Command cloudinary-emulator serves the in-memory Cloudinary Account API
// emulator (provisioning and permissions) so the provider can be tried and
// tested without an Enterprise account or any risk to real environments.
//
//	cloudinary-emulator -addr 127.0.0.1:0 -fault-5xx 0.05 -state emu.json
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// config is the parsed command line.
type config struct {
	addr string
	opts emulator.Options
}

// parseFlags parses and validates the command line; errors name the flag.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("cloudinary-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8787", "listen address (port 0 picks a free port)")
	fs.StringVar(&c.opts.AccountID, "account-id", "emu-account", "account id the emulator serves")
	fs.StringVar(&c.opts.APIKey, "api-key", "emu-key", "Account API key accepted (HTTP Basic user)")
	fs.StringVar(&c.opts.APISecret, "api-secret", "emu-secret", "Account API secret accepted (HTTP Basic password)")
	fs.DurationVar(&c.opts.Latency, "latency", 0, "latency added to every API request, e.g. 50ms")
	fs.Float64Var(&c.opts.Fault5xx, "fault-5xx", 0, "probability (0..1) of answering 500/502/503/504 without doing the work")
	fs.Float64Var(&c.opts.Fault429, "fault-429", 0, "probability (0..1) of answering 429 Too Many Requests")
	fs.Float64Var(&c.opts.Fault420, "fault-420", 0, "probability (0..1) of answering 420 with rate-limit headers")
	fs.Float64Var(&c.opts.FaultReset, "fault-reset", 0, "probability (0..1) of resetting the connection before any work")
	fs.Float64Var(&c.opts.FaultDrop, "fault-drop", 0, "probability (0..1) that a write is done but its response is dropped")
	fs.Int64Var(&c.opts.FaultSeed, "fault-seed", 0, "seed of the fault dice (same seed, same faults)")
	fs.IntVar(&c.opts.HourlyBudget, "hourly-budget", 0, "answer 420 after this many API requests per budget window (0 = unlimited)")
	fs.DurationVar(&c.opts.BudgetWindow, "budget-window", time.Hour, "length of the request budget window")
	fs.StringVar(&c.opts.StatePath, "state", "", "JSON file to load state from and save it to after every write (empty = memory only)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if c.addr == "" {
		return c, errors.New("-addr must not be empty")
	}
	for _, p := range []struct {
		name string
		v    float64
	}{
		{"-fault-5xx", c.opts.Fault5xx}, {"-fault-429", c.opts.Fault429}, {"-fault-420", c.opts.Fault420},
		{"-fault-reset", c.opts.FaultReset}, {"-fault-drop", c.opts.FaultDrop},
	} {
		if !(p.v >= 0 && p.v <= 1) {
			return c, fmt.Errorf("%s must be a probability between 0 and 1, got %v", p.name, p.v)
		}
	}
	if c.opts.Latency < 0 {
		return c, fmt.Errorf("-latency must not be negative, got %v", c.opts.Latency)
	}
	if c.opts.HourlyBudget < 0 {
		return c, fmt.Errorf("-hourly-budget must not be negative, got %d", c.opts.HourlyBudget)
	}
	if c.opts.BudgetWindow <= 0 {
		return c, fmt.Errorf("-budget-window must be positive, got %v", c.opts.BudgetWindow)
	}
	for name, v := range map[string]string{"-account-id": c.opts.AccountID, "-api-key": c.opts.APIKey, "-api-secret": c.opts.APISecret} {
		if v == "" {
			return c, fmt.Errorf("%s must not be empty", name)
		}
	}
	return c, nil
}

// run serves until ctx is done and returns the process exit code: 0 on a
// clean shutdown, 2 for bad flags, 1 for other failures.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "cloudinary-emulator:", err)
		return 2
	}
	emu, err := emulator.New(c.opts)
	if err != nil {
		fmt.Fprintln(stderr, "cloudinary-emulator:", err)
		return 1
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", c.addr)
	if err != nil {
		fmt.Fprintln(stderr, "cloudinary-emulator:", err)
		return 1
	}
	endpoint := "http://" + ln.Addr().String()
	printSettings(stdout, endpoint, emu.Options())

	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintln(stderr, "cloudinary-emulator:", err)
		return 1
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		fmt.Fprintln(stderr, "cloudinary-emulator: shutdown:", err)
		return 1
	}
	fmt.Fprintln(stdout, "cloudinary-emulator: stopped")
	return 0
}

// printSettings tells the user how to point the provider at this emulator,
// both as provider arguments and as the environment variables it reads.
// It writes them in one piece, so that a script reading the output never
// sees the endpoint without the credentials.
func printSettings(w io.Writer, endpoint string, o emulator.Options) {
	var b strings.Builder
	fmt.Fprintf(&b, "cloudinary-emulator listening on %s\n\n", endpoint)
	fmt.Fprintf(&b, "provider \"cloudinary\" {\n  endpoint   = %q\n  account_id = %q\n  api_key    = %q\n  api_secret = %q\n}\n\n",
		endpoint, o.AccountID, o.APIKey, o.APISecret)
	fmt.Fprintf(&b, "export CLOUDINARY_ENDPOINT=%s\n", endpoint)
	fmt.Fprintf(&b, "export CLOUDINARY_ACCOUNT_ID=%s\n", o.AccountID)
	fmt.Fprintf(&b, "export CLOUDINARY_PROVISIONING_API_KEY=%s\n", o.APIKey)
	fmt.Fprintf(&b, "export CLOUDINARY_PROVISIONING_API_SECRET=%s\n", o.APISecret)
	fmt.Fprintf(&b, "export CLOUDINARY_ACCOUNT_URL=account://%s:%s@%s\n", o.APIKey, o.APISecret, o.AccountID)
	_, _ = io.WriteString(w, b.String())
}
