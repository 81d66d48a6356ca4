package scale

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"time"
)

// The interruption sweep: an apply is cut short while creates are in
// flight, and nothing may be left that Terraform does not track.
//
// A proxy in front of the emulator holds the answer to every write for a
// while after the emulator has carried it out (the write is committed, its
// answer is late: the window in which a cancelled create used to leave an
// object nobody tracked). Terraform gets SIGINT at a cut point, counted from
// the first write the emulator carried out (so that a machine slow to start
// Terraform and the provider cuts at the same point of the work); it stops the
// provider, which cancels the creates in flight, and waits for them. Then:
//
//   - every object in the emulator is in Terraform's state (no orphan, no
//     duplicate) and every object in state exists (nothing missing);
//   - an apply straight after converges: exit 0, and no "already exists"
//     error (what an object created but never saved would cause);
//   - the state then matches the configuration exactly.
//
// Each seed jitters how long each answer is held (between half and one and a
// half times Hold), so different creates are in flight at a cut.

// InterruptConfig configures the sweep.
type InterruptConfig struct {
	N     int
	Seeds []int64
	// Cuts are the times after the apply's first write was carried out at
	// which Terraform gets its SIGINT; each seed runs each cut.
	Cuts []time.Duration
	// Hold is the mean time the proxy holds each write's answer.
	Hold    time.Duration
	Timeout time.Duration
	Log     io.Writer
}

// DefaultInterrupt is the sweep `make chaos` runs.
func DefaultInterrupt() InterruptConfig {
	return InterruptConfig{N: 60, Seeds: []int64{1, 2, 3}, Cuts: []time.Duration{200 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second},
		Hold: 1500 * time.Millisecond, Timeout: 10 * time.Minute}
}

// InterruptRun is the outcome of one (seed, cut).
type InterruptRun struct {
	Seed int64
	Cut  time.Duration
	// Interrupted is false when the apply finished before the cut (the run
	// then tested nothing, and says so).
	Interrupted bool
	// InState is how many managed objects the interrupted apply saved.
	InState int
	// Held is how many write answers the proxy held during the interrupted apply.
	Held int
	// AfterInterrupt compares state and emulator right after the interrupt;
	// AfterConverge after the apply that follows it.
	AfterInterrupt, AfterConverge *Comparison
	Failures                      []string
	Elapsed                       time.Duration
}

// Passed reports whether every check held.
func (r *InterruptRun) Passed() bool { return len(r.Failures) == 0 }

// Untracked is what the emulator holds and no state knows, right after the
// interrupt.
func (r *InterruptRun) Untracked() int {
	if r.AfterInterrupt == nil {
		return -1
	}
	return len(r.AfterInterrupt.Orphans) + len(r.AfterInterrupt.Duplicates)
}

// RunInterrupt runs the sweep, a fresh emulator for each (seed, cut).
func RunInterrupt(ctx context.Context, tools *Tools, cfg InterruptConfig) ([]*InterruptRun, error) {
	sc, err := Generate(Options{N: cfg.N})
	if err != nil {
		return nil, err
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Minute
	}
	var runs []*InterruptRun
	for _, seed := range cfg.Seeds {
		for _, cut := range cfg.Cuts {
			r, err := interruptRun(ctx, tools, cfg, sc, seed, cut)
			if err != nil {
				return runs, err
			}
			runs = append(runs, r)
		}
	}
	return runs, nil
}

func interruptRun(ctx context.Context, tools *Tools, cfg InterruptConfig, sc *Scenario, seed int64, cut time.Duration) (*InterruptRun, error) {
	start := time.Now()
	r := &InterruptRun{Seed: seed, Cut: cut}
	what := fmt.Sprintf("seed %d, cut %v", seed, cut)
	fail := func(format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		r.Failures = append(r.Failures, msg)
		cfg.logf("  %s: FAIL %s", what, msg)
	}
	emu, err := tools.StartEmulator(ctx, EmulatorOptions{})
	if err != nil {
		return nil, err
	}
	defer emu.Stop()
	proxy, err := startHoldingProxy(emu.URL, cfg.Hold, seed)
	if err != nil {
		return nil, err
	}
	defer proxy.Close()
	ws, err := tools.NewWorkspace(emu, sc.HCL)
	if err != nil {
		return nil, err
	}
	ws.SetEndpoint(proxy.URL)

	apply, err := ws.RunInterrupted(ctx, "apply", cfg.Timeout, proxy.firstWrite, cut, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=10")
	if err != nil {
		return nil, err
	}
	r.Interrupted, r.Held = apply.Interrupted, proxy.held()
	cfg.logf("%s: apply exit %d in %v, interrupted=%v, %d answers held", what, apply.ExitCode, apply.Wall.Round(time.Millisecond), r.Interrupted, r.Held)
	if !r.Interrupted {
		fail("the apply finished in %v, before the cut: nothing was interrupted (lower the cut or raise N)", apply.Wall.Round(time.Millisecond))
	}
	if r.AfterInterrupt, err = compareNow(ctx, ws, emu, sc.Counts); err != nil {
		return nil, err
	}
	for _, k := range r.AfterInterrupt.Kinds {
		r.InState += k.InState
	}
	for _, o := range append(append([]Object{}, r.AfterInterrupt.Orphans...), r.AfterInterrupt.Duplicates...) {
		fail("after the interrupt, untracked: %s", o)
	}
	for _, o := range r.AfterInterrupt.Missing {
		fail("after the interrupt, in state but not in the emulator: %s", o)
	}

	// The next apply, as a user would run it: straight to the API.
	ws.SetEndpoint(emu.URL)
	again, err := ws.Run(ctx, "apply again", cfg.Timeout, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=10")
	if err != nil {
		return nil, err
	}
	cfg.logf("  apply again: exit %d in %v, %d requests", again.ExitCode, again.Wall.Round(time.Millisecond), again.Stats.Total)
	if again.ExitCode != 0 {
		fail("the apply after the interrupt failed: %v", again.Err())
	}
	if strings.Contains(again.Output, "already exists") {
		fail("the apply after the interrupt met an object that already exists:\n%s", tail(again.Output, 20))
	}
	if r.AfterConverge, err = compareNow(ctx, ws, emu, sc.Counts); err != nil {
		return nil, err
	}
	for _, p := range r.AfterConverge.Problems() {
		fail("after converging: %s", p)
	}
	r.Elapsed = time.Since(start)
	return r, nil
}

// compareNow compares the workspace's state with the emulator.
func compareNow(ctx context.Context, ws *Workspace, emu *Emulator, declared Counts) (*Comparison, error) {
	out, err := ws.Exec(ctx, 5*time.Minute, "show", "-json", "-no-color")
	if err != nil {
		return nil, err
	}
	tf, err := ParseTerraformState(out)
	if err != nil {
		return nil, err
	}
	raw, err := emu.State(ctx)
	if err != nil {
		return nil, err
	}
	es, err := ParseEmulatorState(raw)
	if err != nil {
		return nil, err
	}
	c := Compare(declared, tf, es)
	return &c, nil
}

func (cfg InterruptConfig) logf(format string, args ...any) {
	if cfg.Log != nil {
		fmt.Fprintf(cfg.Log, format+"\n", args...)
	}
}

// WriteInterruptReport prints one line per run and what failed.
func WriteInterruptReport(w io.Writer, cfg InterruptConfig, runs []*InterruptRun) {
	fmt.Fprintf(w, "\nInterruption sweep: N=%d, write answers held ~%v after the emulator carried them out, SIGINT at %v after the first write\n",
		cfg.N, cfg.Hold, cfg.Cuts)
	for _, r := range runs {
		verdict := "PASS"
		if !r.Passed() {
			verdict = "FAIL"
		}
		fmt.Fprintf(w, "seed %d cut %-6v %s  interrupted=%v held=%d saved-before-stop=%d untracked=%d elapsed=%v\n",
			r.Seed, r.Cut, verdict, r.Interrupted, r.Held, r.InState, r.Untracked(), r.Elapsed.Round(time.Second))
		for _, f := range r.Failures {
			fmt.Fprintf(w, "         FAILURE: %s\n", f)
		}
	}
}

// holdingProxy forwards to the emulator and holds the answer to every write
// (any method but GET) for a jittered time after the emulator answered.
type holdingProxy struct {
	URL string
	srv *http.Server

	// firstWrite is closed when the first write has been carried out.
	firstWrite chan struct{}

	mu    sync.Mutex
	rng   *rand.Rand
	hold  time.Duration
	count int
}

func startHoldingProxy(target string, hold time.Duration, seed int64) (*holdingProxy, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, err
	}
	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &holdingProxy{URL: "http://" + ln.Addr().String(), firstWrite: make(chan struct{}), hold: hold, rng: rand.New(rand.NewPCG(uint64(seed), 0))} //nolint:gosec // jitter, not security
	rp := &httputil.ReverseProxy{
		Rewrite:        func(pr *httputil.ProxyRequest) { pr.SetURL(u) },
		ModifyResponse: p.holdWrite,
		// A client that hung up mid-hold is the point of the exercise, not
		// something to log.
		ErrorLog:     nil,
		ErrorHandler: func(w http.ResponseWriter, _ *http.Request, _ error) { w.WriteHeader(http.StatusBadGateway) },
	}
	p.srv = &http.Server{Handler: rp, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = p.srv.Serve(ln) }() // ends with Close
	return p, nil
}

func (p *holdingProxy) holdWrite(resp *http.Response) error {
	if resp.Request.Method == http.MethodGet {
		return nil
	}
	p.mu.Lock()
	if p.count == 0 {
		close(p.firstWrite)
	}
	p.count++
	d := p.hold/2 + time.Duration(p.rng.Int64N(int64(p.hold)+1))
	p.mu.Unlock()
	select {
	case <-time.After(d):
	case <-resp.Request.Context().Done():
	}
	return nil
}

func (p *holdingProxy) held() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.count
}

// Close stops the proxy and whatever it still holds.
func (p *holdingProxy) Close() { _ = p.srv.Close() }
