// Command cloudinary-emulator serves the in-memory Cloudinary Account API
// emulator (provisioning and permissions) so the provider can be tried and
// tested without an Enterprise account or any risk to real environments.
//
//	cloudinary-emulator -addr 127.0.0.1:0 -fault-5xx 0.05 -state emu.json
//
// It listens on loopback only unless -allow-remote is given, and answers only
// requests addressed to localhost or a loopback address (see emulator.Options
// AllowedHosts). The credentials may come from the environment
// (CLOUDINARY_EMULATOR_ACCOUNT_ID, CLOUDINARY_EMULATOR_API_KEY,
// CLOUDINARY_EMULATOR_API_SECRET) so the secret stays out of ps.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
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
	addr        string
	allowRemote bool
	opts        emulator.Options
}

// credentialEnv names the environment variables that supply a credential
// whose flag is not on the command line (flags win).
var credentialEnv = []struct{ flag, env string }{
	{"account-id", "CLOUDINARY_EMULATOR_ACCOUNT_ID"},
	{"api-key", "CLOUDINARY_EMULATOR_API_KEY"},
	{"api-secret", "CLOUDINARY_EMULATOR_API_SECRET"},
}

// parseFlags parses and validates the command line, reading the credentials
// the command line leaves out from the environment; errors name the flag.
// It warns on stderr when -allow-remote exposes the emulator.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("cloudinary-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8787", "listen address (port 0 picks a free port); must be loopback unless -allow-remote is given")
	fs.BoolVar(&c.allowRemote, "allow-remote", false,
		"allow a non-loopback -addr (such as :8787 or 0.0.0.0:8787) and serve requests whose Host is any IP address or the -addr host name; "+
			"anyone who can reach the emulator can read every secret from GET /_emulator/state")
	fs.Func("allow-host", "also serve requests whose Host header names this host (comma-separated, repeatable; loopback hosts are always served)", func(v string) error {
		for _, h := range strings.Split(v, ",") {
			h = strings.TrimSpace(h)
			if h == "" {
				return errors.New("empty host name")
			}
			if _, _, err := net.SplitHostPort(h); err == nil {
				return fmt.Errorf("%q: give the host without a port", h)
			}
			c.opts.AllowedHosts = append(c.opts.AllowedHosts, h)
		}
		return nil
	})
	fs.StringVar(&c.opts.AccountID, "account-id", "emu-account", "account id the emulator serves (else $CLOUDINARY_EMULATOR_ACCOUNT_ID)")
	fs.StringVar(&c.opts.APIKey, "api-key", "emu-key", "Account API key accepted, the HTTP Basic user (else $CLOUDINARY_EMULATOR_API_KEY)")
	fs.StringVar(&c.opts.APISecret, "api-secret", "emu-secret",
		"Account API secret accepted, the HTTP Basic password (else $CLOUDINARY_EMULATOR_API_SECRET; prefer the variable, a command line shows in ps)")
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
	fs.StringVar(&c.opts.Seed, "seed", emulator.SeedEmpty, "what the account holds at start: empty, or realistic (like a real account: "+
		"its primary product environment, its owner, a master admin, and the root access key, which cannot be deleted; "+
		"applies to an empty state only)")
	fs.Func("taken-cloud-names", "comma-separated cloud names held by other Cloudinary accounts, refused with 409 "+
		"(default "+strings.Join(emulator.DefaultTakenCloudNames, ",")+"; an empty value means none)", func(v string) error {
		c.opts.TakenCloudNames = []string{}
		for _, n := range strings.Split(v, ",") {
			if n = strings.TrimSpace(n); n != "" {
				c.opts.TakenCloudNames = append(c.opts.TakenCloudNames, n)
			}
		}
		return nil
	})
	registerGatingFlags(fs, &c.opts)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if c.addr == "" {
		return c, errors.New("-addr must not be empty")
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for _, ce := range credentialEnv {
		if v := os.Getenv(ce.env); v != "" && !set[ce.flag] {
			if err := fs.Set(ce.flag, v); err != nil {
				return c, fmt.Errorf("$%s: %w", ce.env, err)
			}
		}
	}
	host, _, err := net.SplitHostPort(c.addr)
	if err != nil {
		return c, fmt.Errorf("-addr %q: %w", c.addr, err)
	}
	if !isLoopbackHost(host) {
		if !c.allowRemote {
			return c, fmt.Errorf("-addr %q listens beyond this machine (only localhost, 127.0.0.0/8 and [::1] stay local): "+
				"anyone who can reach it could read every secret the emulator holds; "+
				"use e.g. -addr 127.0.0.1:8787, or add -allow-remote to expose it on purpose", c.addr)
		}
		what := "all interfaces"
		if host != "" {
			what = host
		}
		fmt.Fprintf(stderr, "cloudinary-emulator: WARNING: -allow-remote: listening on %s (%s); anyone who can reach it "+
			"can use the emulator's credentials and read every secret from GET /_emulator/state, which needs none\n", c.addr, what)
	}
	if c.allowRemote {
		c.opts.AllowIPHosts = true
		if _, err := netip.ParseAddr(host); err != nil && host != "" {
			c.opts.AllowedHosts = append(c.opts.AllowedHosts, host)
		}
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
	if c.opts.Seed != emulator.SeedEmpty && c.opts.Seed != emulator.SeedRealistic {
		return c, fmt.Errorf("-seed must be %s or %s, got %q", emulator.SeedEmpty, emulator.SeedRealistic, c.opts.Seed)
	}
	if c.opts.BudgetWindow <= 0 {
		return c, fmt.Errorf("-budget-window must be positive, got %v", c.opts.BudgetWindow)
	}
	if err := checkGatingFlags(c.opts); err != nil {
		return c, err
	}
	for name, v := range map[string]string{"-account-id": c.opts.AccountID, "-api-key": c.opts.APIKey, "-api-secret": c.opts.APISecret} {
		if v == "" {
			return c, fmt.Errorf("%s must not be empty", name)
		}
	}
	return c, nil
}

// isLoopbackHost reports whether a listen address's host keeps the emulator on
// this machine: localhost or a loopback IP. An empty host (":8787") means
// every interface. Other names are not resolved: they are not loopback.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
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
	printSeed(stdout, emu)

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

// printSeed says which objects a seeded account holds (-seed realistic), so
// that whoever reads the output knows what Terraform did not create.
func printSeed(w io.Writer, emu *emulator.Emulator) {
	m, ok := emu.Seeded()
	if !ok {
		return
	}
	fmt.Fprintf(w, "\nseeded account (%s): primary product environment %s, owner user %s (a master admin), "+
		"root access key %s; none of them can be deleted\n", m.Seed, m.PrimaryProductEnvironmentID, m.OwnerUserID, m.RootAPIKey)
}
