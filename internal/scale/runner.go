package scale

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// ProviderBinary is the file name of the provider build; Terraform's
// dev_overrides look for exactly this name.
const ProviderBinary = "terraform-provider-cloudinary"

// ProviderSource is the provider's source address in configurations.
const ProviderSource = "cloudinary-terraform/cloudinary"

// NoopProviderBinary is the file name of the build of tools/bench/noopprovider,
// the provider that does nothing (the bench's plugin floor), beside the
// provider build.
const NoopProviderBinary = "terraform-provider-noop"

// NoopProviderSource is the noop provider's source address in configurations.
const NoopProviderSource = "cloudinary-terraform/noop"

// schemaFloorDir is the directory, beside the provider's, of the build of
// tools/bench/schemafloorprovider: it serves the provider's own address
// under the provider's file name, so a workspace that plans with it maps
// the provider there (NewSchemaFloorWorkspace).
const schemaFloorDir = "schemafloor"

// Tools is one build of the provider, the noop and schema floor providers
// and the emulator in a private temporary directory, and the Terraform
// binary to drive. Close removes everything and ends any process still
// running from it.
type Tools struct {
	Dir      string // temporary root: bin/, work-*/, logs
	Provider string // absolute path of the provider build
	// NoopProvider is the absolute path of the noop provider build, in the
	// same directory as Provider.
	NoopProvider string
	// SchemaFloorProvider is the absolute path of the schema floor build
	// (tools/bench/schemafloorprovider), named like the provider build in a
	// directory of its own.
	SchemaFloorProvider string
	Emulator            string // absolute path of the emulator build
	Terraform           string // Terraform binary
	// TerraformVersion is the first line of `terraform version`.
	TerraformVersion string

	mu        sync.Mutex
	emulators []*Emulator
	nextWork  int
}

// ResolveTerraform picks the Terraform binary: flag, then $TERRAFORM, then
// $TF_ACC_TERRAFORM_PATH, then terraform on PATH.
func ResolveTerraform(flagValue string) (string, error) {
	for _, c := range []string{flagValue, os.Getenv("TERRAFORM"), os.Getenv("TF_ACC_TERRAFORM_PATH")} {
		if c != "" {
			p, err := exec.LookPath(c)
			if err != nil {
				return "", fmt.Errorf("terraform binary %q: %w", c, err)
			}
			return filepath.Abs(p)
		}
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		return "", errors.New("no terraform binary: pass -terraform PATH, set TERRAFORM, or put terraform on PATH")
	}
	return filepath.Abs(p)
}

// ModuleRoot finds the provider module's root directory (where go.mod is)
// from the current directory, so tools and tests can build from anywhere
// inside the repository.
func ModuleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside a Go module: run from the repository")
	}
	return filepath.Dir(mod), nil
}

// Build compiles the provider, the noop and schema floor providers and the
// emulator once into a new temporary directory. terraform is the binary later phases run (see ResolveTerraform).
func Build(ctx context.Context, terraform string) (*Tools, error) {
	root, err := ModuleRoot(ctx)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "cloudinary-scale-")
	if err != nil {
		return nil, err
	}
	t := &Tools{
		Dir:                 dir,
		Provider:            filepath.Join(dir, "bin", ProviderBinary),
		NoopProvider:        filepath.Join(dir, "bin", NoopProviderBinary),
		SchemaFloorProvider: filepath.Join(dir, schemaFloorDir, ProviderBinary),
		Emulator:            filepath.Join(dir, "bin", "cloudinary-emulator"),
		Terraform:           terraform,
	}
	fail := func(err error) (*Tools, error) {
		t.Close()
		return nil, err
	}
	for _, b := range []struct{ out, pkg string }{
		{t.Provider, "."}, {t.NoopProvider, "./tools/bench/noopprovider"},
		{t.SchemaFloorProvider, "./tools/bench/schemafloorprovider"}, {t.Emulator, "./cmd/cloudinary-emulator"},
	} {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", b.out, b.pkg)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return fail(fmt.Errorf("go build %s: %w\n%s", b.pkg, err, out))
		}
	}
	vctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(vctx, terraform, "version")
	cmd.Env = cleanEnv(nil)
	out, err := cmd.Output()
	if err != nil {
		return fail(fmt.Errorf("%s version: %w", terraform, err))
	}
	t.TerraformVersion, _, _ = strings.Cut(strings.TrimSpace(string(out)), "\n")
	return t, nil
}

// Close stops every emulator started from t, ends any provider process still
// running from t's builds (Terraform normally stops them), and removes the
// temporary directory.
func (t *Tools) Close() {
	t.mu.Lock()
	emus := t.emulators
	t.emulators = nil
	t.mu.Unlock()
	for _, e := range emus {
		e.Stop()
	}
	for _, pid := range processesOf(t.providers()...) {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	if t.Dir != "" {
		os.RemoveAll(t.Dir)
	}
}

// providers are the provider builds of t: the processes a phase measures as
// "provider" (see newRSSPoller).
func (t *Tools) providers() []string {
	var out []string
	for _, p := range []string{t.Provider, t.NoopProvider, t.SchemaFloorProvider} {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// EmulatorOptions are the emulator's command-line settings.
type EmulatorOptions struct {
	Latency    time.Duration
	Fault5xx   float64
	Fault429   float64
	FaultReset float64
	FaultDrop  float64
	FaultSeed  int64
	// Seed is the emulator's -seed: "" (empty account) or "realistic"
	// (the account starts with its primary product environment, owner and
	// root key, which the comparison leaves out).
	Seed string
}

// Args renders the options as emulator flags.
func (o EmulatorOptions) Args() []string {
	args := []string{"-addr", "127.0.0.1:0"}
	if o.Latency > 0 {
		args = append(args, "-latency", o.Latency.String())
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"-fault-5xx", o.Fault5xx}, {"-fault-429", o.Fault429}, {"-fault-reset", o.FaultReset}, {"-fault-drop", o.FaultDrop}} {
		if f.v > 0 {
			args = append(args, f.name, fmt.Sprint(f.v))
		}
	}
	if o.FaultSeed != 0 {
		args = append(args, "-fault-seed", fmt.Sprint(o.FaultSeed))
	}
	if o.Seed != "" {
		args = append(args, "-seed", o.Seed)
	}
	return args
}

// Emulator is a running emulator process.
type Emulator struct {
	URL                          string
	AccountID, APIKey, APISecret string

	cmd    *exec.Cmd
	done   chan struct{} // closed when the process has exited
	log    *lockedBuffer
	client *http.Client
	once   sync.Once
}

// StartEmulator starts the emulator on a free loopback port and waits until
// it prints its settings (at most 30 seconds).
func (t *Tools) StartEmulator(ctx context.Context, opts EmulatorOptions) (*Emulator, error) {
	// Cancelling ctx stops the emulator too (Stop is the usual way).
	cmd := exec.CommandContext(ctx, t.Emulator, opts.Args()...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 5 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	e := &Emulator{cmd: cmd, done: make(chan struct{}), log: &lockedBuffer{}, client: &http.Client{Timeout: 30 * time.Second}}
	cmd.Stderr = e.log
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the emulator: %w", err)
	}
	t.mu.Lock()
	t.emulators = append(t.emulators, e)
	t.mu.Unlock()

	settings := make(chan map[string]string, 1)
	go func() {
		vals := map[string]string{}
		sent := false
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			_, _ = e.log.Write([]byte(line + "\n"))
			if k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "="); ok && strings.HasPrefix(line, "export ") {
				vals[k] = v
			}
			if !sent && vals["CLOUDINARY_ACCOUNT_URL"] != "" { // the last line printed
				settings <- vals
				sent = true
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		_ = cmd.Wait()
		close(e.done)
	}()
	timer := time.NewTimer(30 * time.Second)
	defer timer.Stop()
	select {
	case vals := <-settings:
		e.URL = vals["CLOUDINARY_ENDPOINT"]
		e.AccountID = vals["CLOUDINARY_ACCOUNT_ID"]
		e.APIKey = vals["CLOUDINARY_PROVISIONING_API_KEY"]
		e.APISecret = vals["CLOUDINARY_PROVISIONING_API_SECRET"]
		return e, nil
	case <-e.done:
		return nil, fmt.Errorf("the emulator exited at start:\n%s", e.log.String())
	case <-timer.C:
		e.Stop()
		return nil, fmt.Errorf("the emulator did not start within 30s:\n%s", e.log.String())
	case <-ctx.Done():
		e.Stop()
		return nil, ctx.Err()
	}
}

// Stop ends the emulator: SIGTERM, then SIGKILL after 5 seconds. Safe to
// call more than once and from any path.
func (e *Emulator) Stop() {
	e.once.Do(func() {
		if e.cmd.Process == nil {
			return
		}
		_ = e.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-e.done:
		case <-time.After(5 * time.Second):
			_ = e.cmd.Process.Kill()
			<-e.done
		}
	})
}

// Env is the environment that points the provider at this emulator.
func (e *Emulator) Env() []string {
	return []string{
		"CLOUDINARY_ENDPOINT=" + e.URL,
		"CLOUDINARY_ACCOUNT_ID=" + e.AccountID,
		"CLOUDINARY_PROVISIONING_API_KEY=" + e.APIKey,
		"CLOUDINARY_PROVISIONING_API_SECRET=" + e.APISecret,
	}
}

// Stats is the emulator's request counters (GET /_emulator/stats).
type Stats struct {
	Total       int            `json:"total"`
	ByOperation map[string]int `json:"by_operation"`
	Faults      map[string]int `json:"faults"`
	// Rounds is the longest chain of requests each sent after the one
	// before was answered (emulator.Stats.Rounds).
	Rounds int `json:"rounds"`
}

// Faulted is the number of requests that got an injected fault instead of
// their answer (connection reset, 5xx, 429, 420, dropped response): each one
// has to be retried, or resolved with a lookup, by the client.
func (s Stats) Faulted() int {
	n := 0
	for _, v := range s.Faults {
		n += v
	}
	return n
}

// TopOperations returns the n most frequent operations, most frequent first
// (ties by name).
func (s Stats) TopOperations(n int) []OpCount {
	out := make([]OpCount, 0, len(s.ByOperation))
	for k, v := range s.ByOperation {
		out = append(out, OpCount{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Op < out[j].Op
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// OpCount is one operation's request count.
type OpCount struct {
	Op    string
	Count int
}

func (e *Emulator) admin(ctx context.Context, method, path string, into any) error {
	req, err := http.NewRequestWithContext(ctx, method, e.URL+path, nil)
	if err != nil {
		return err
	}
	resp, err := e.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, body)
	}
	if into == nil {
		return nil
	}
	if b, ok := into.(*[]byte); ok {
		*b = body
		return nil
	}
	return json.Unmarshal(body, into)
}

// Stats reads the request counters.
func (e *Emulator) Stats(ctx context.Context) (Stats, error) {
	var s Stats
	err := e.admin(ctx, http.MethodGet, "/_emulator/stats", &s)
	return s, err
}

// ResetStats zeroes the request counters.
func (e *Emulator) ResetStats(ctx context.Context) error {
	return e.admin(ctx, http.MethodPost, "/_emulator/stats/reset", nil)
}

// State returns the emulator's whole state document (GET /_emulator/state).
func (e *Emulator) State(ctx context.Context) ([]byte, error) {
	var b []byte
	err := e.admin(ctx, http.MethodGet, "/_emulator/state", &b)
	return b, err
}

// Workspace is a Terraform working directory with its own CLI configuration
// (dev_overrides to the local provider builds), whatever TF_CLI_CONFIG_FILE
// the caller's environment has.
type Workspace struct {
	Dir   string
	tools *Tools
	emu   *Emulator
	env   []string
}

// NewWorkspace creates a working directory holding config as main.tf. emu may
// be nil for configurations that need no API (the floors). Its dev_overrides
// map both the provider and the noop provider to the build directory.
func (t *Tools) NewWorkspace(emu *Emulator, config string) (*Workspace, error) {
	return t.newWorkspace(emu, config, filepath.Dir(t.Provider))
}

// NewSchemaFloorWorkspace is NewWorkspace with the provider's address mapped
// to the schema floor build instead, holding state as its terraform.tfstate:
// the same configuration and state, planned by a provider that only echoes.
// emu, when not nil, gives it the scenario's environment, so that the
// configuration is read the same and the phases can show that no request
// was made.
func (t *Tools) NewSchemaFloorWorkspace(emu *Emulator, config string, state []byte) (*Workspace, error) {
	ws, err := t.newWorkspace(emu, config, filepath.Dir(t.SchemaFloorProvider))
	if err != nil {
		return nil, err
	}
	return ws, os.WriteFile(filepath.Join(ws.Dir, "terraform.tfstate"), state, 0o600)
}

// newWorkspace is NewWorkspace with the provider's address mapped to
// providerDir.
func (t *Tools) newWorkspace(emu *Emulator, config, providerDir string) (*Workspace, error) {
	t.mu.Lock()
	t.nextWork++
	dir := filepath.Join(t.Dir, fmt.Sprintf("work-%d", t.nextWork))
	t.mu.Unlock()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	rc := filepath.Join(dir, "terraformrc")
	rcText := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n    %q = %q\n  }\n  direct {}\n}\n",
		ProviderSource, providerDir, NoopProviderSource, filepath.Dir(t.NoopProvider))
	if err := os.WriteFile(rc, []byte(rcText), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644); err != nil {
		return nil, err
	}
	extra := []string{"TF_CLI_CONFIG_FILE=" + rc, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1"}
	if emu != nil {
		extra = append(extra, emu.Env()...)
	}
	return &Workspace{Dir: dir, tools: t, emu: emu, env: cleanEnv(extra)}, nil
}

// cleanEnv is the process environment without anything that would change
// how Terraform or the provider behave (TF_*, CLOUDINARY_*), plus extra.
func cleanEnv(extra []string) []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "TF_") || strings.HasPrefix(k, "CLOUDINARY_") || k == "CHECKPOINT_DISABLE" {
			continue
		}
		out = append(out, kv)
	}
	return append(out, extra...)
}

// Phase is the measurement of one Terraform command.
type Phase struct {
	Name     string
	Args     []string
	Wall     time.Duration
	ExitCode int // -1 when the command did not run to completion (timeout, signal)
	// Stats counts the API requests made during the phase (the counters are
	// reset just before it); zero without an emulator.
	Stats Stats
	// PeakRSS is the largest resident set (VmHWM) of any provider process
	// seen during the phase, in bytes; -1 when /proc is not available, 0 when
	// no provider process ran. "Provider" is any build of Tools: the
	// Cloudinary provider in the scenario, the noop provider in the plugin
	// floor (a configuration starts only the providers it uses).
	PeakRSS int64
	// ProviderProcesses is how many provider processes were seen.
	ProviderProcesses int
	// ProviderCPU is the CPU time (user+system) of the provider processes;
	// TotalCPU that of Terraform and the provider processes it waited for.
	ProviderCPU, TotalCPU time.Duration
	// Output is Terraform's combined stdout and stderr.
	Output string
	// TimedOut is true when the phase was stopped by its timeout.
	TimedOut bool
	// Interrupted is true when RunInterrupted sent Terraform its SIGINT
	// before it exited.
	Interrupted bool
}

// Err summarises a failed phase: the command, exit code and Terraform's
// error diagnostics.
func (p Phase) Err() error {
	if p.TimedOut {
		return fmt.Errorf("terraform %s timed out after %v", strings.Join(p.Args, " "), p.Wall.Round(time.Second))
	}
	diags := ErrorDiagnostics(p.Output)
	if len(diags) == 0 {
		return fmt.Errorf("terraform %s exited %d:\n%s", strings.Join(p.Args, " "), p.ExitCode, tail(p.Output, 40))
	}
	return fmt.Errorf("terraform %s exited %d with %d error(s):\n  %s", strings.Join(p.Args, " "), p.ExitCode, len(diags), strings.Join(diags, "\n  "))
}

// Run runs one terraform command in the workspace as a measured phase. A
// non-zero exit is not an error here (plan -detailed-exitcode exits 2 on
// changes); err is for a command that could not be run or measured. The
// command is bounded by timeout and ctx: on either, Terraform and its
// provider processes are killed.
func (w *Workspace) Run(ctx context.Context, name string, timeout time.Duration, args ...string) (Phase, error) {
	return w.run(ctx, name, timeout, nil, 0, args)
}

// RunInterrupted is Run, with a SIGINT sent to Terraform (not to its
// providers: the way Ctrl-C reaches Terraform in a pipeline) the given time
// after from is closed (after the start when from is nil), should Terraform
// still be running. Terraform then stops its providers and waits for the
// operations in flight. Counting from an event of the run (the first write,
// say) rather than from the start keeps the cut at the same point of the
// work on a machine that starts Terraform slowly.
func (w *Workspace) RunInterrupted(ctx context.Context, name string, timeout time.Duration, from <-chan struct{}, after time.Duration, args ...string) (Phase, error) {
	if from == nil {
		started := make(chan struct{})
		close(started)
		from = started
	}
	return w.run(ctx, name, timeout, from, after, args)
}

// SetEndpoint points the provider at url instead of the emulator (a proxy in
// front of it).
func (w *Workspace) SetEndpoint(url string) {
	for i, kv := range w.env {
		if strings.HasPrefix(kv, "CLOUDINARY_ENDPOINT=") {
			w.env[i] = "CLOUDINARY_ENDPOINT=" + url
		}
	}
}

func (w *Workspace) run(ctx context.Context, name string, timeout time.Duration, interruptFrom <-chan struct{}, interruptAfter time.Duration, args []string) (Phase, error) {
	p := Phase{Name: name, Args: args, ExitCode: -1}
	if w.emu != nil {
		if err := w.emu.ResetStats(ctx); err != nil {
			return p, fmt.Errorf("%s: resetting emulator stats: %w", name, err)
		}
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(rctx, w.tools.Terraform, args...)
	cmd.Dir = w.Dir
	cmd.Env = w.env
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// Terraform and the provider processes it starts share a process group,
	// which is killed whole on timeout or cancel.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second

	poll := newRSSPoller(w.tools.providers()...)
	start := time.Now()
	err := cmd.Start()
	if err != nil {
		poll.stop()
		return p, fmt.Errorf("%s: starting terraform: %w", name, err)
	}
	var interrupted atomic.Bool
	exited, interrupter := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(interrupter)
		if interruptFrom == nil {
			return
		}
		select {
		case <-interruptFrom:
		case <-exited:
			return
		}
		select {
		case <-time.After(interruptAfter):
			interrupted.Store(cmd.Process.Signal(os.Interrupt) == nil)
		case <-exited:
		}
	}()
	err = cmd.Wait()
	close(exited)
	<-interrupter // so Interrupted is final
	p.Interrupted = interrupted.Load()
	p.Wall = time.Since(start)
	p.PeakRSS, p.ProviderProcesses, p.ProviderCPU = poll.stop()
	if ps := cmd.ProcessState; ps != nil {
		p.TotalCPU = ps.UserTime() + ps.SystemTime()
	}
	// Anything of the group left behind (a provider that outlived Terraform)
	// is ended now.
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	p.Output = out.String()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		p.ExitCode = 0
	case rctx.Err() != nil:
		p.TimedOut = ctx.Err() == nil
		if ctx.Err() != nil {
			return p, ctx.Err()
		}
	case errors.As(err, &exitErr):
		p.ExitCode = exitErr.ExitCode()
	default:
		return p, fmt.Errorf("%s: terraform: %w", name, err)
	}
	if w.emu != nil {
		s, err := w.emu.Stats(ctx)
		if err != nil {
			return p, fmt.Errorf("%s: reading emulator stats: %w", name, err)
		}
		p.Stats = s
	}
	return p, nil
}

// Exec runs an unmeasured terraform command (show, state list...) and returns
// its stdout; stderr goes into the error when it fails.
func (w *Workspace) Exec(ctx context.Context, timeout time.Duration, args ...string) ([]byte, error) {
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(rctx, w.tools.Terraform, args...)
	cmd.Dir = w.Dir
	cmd.Env = w.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, tail(stderr.String(), 20))
	}
	return out, nil
}

// PlannedChanges lists the resource changes of a saved plan file that are
// not no-ops, as "address: actions" (at most max of them, then a count).
func (w *Workspace) PlannedChanges(ctx context.Context, planFile string, limit int) ([]string, error) {
	out, err := w.Exec(ctx, 5*time.Minute, "show", "-json", "-no-color", planFile)
	if err != nil {
		return nil, err
	}
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions []string `json:"actions"`
				Before  map[string]any
				After   map[string]any
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal(out, &plan); err != nil {
		return nil, fmt.Errorf("decoding the plan: %w", err)
	}
	var changes []string
	for _, rc := range plan.ResourceChanges {
		a := strings.Join(rc.Change.Actions, ",")
		if a == "no-op" || a == "read" {
			continue
		}
		line := rc.Address + ": " + a
		if a == "update" {
			line += " (" + strings.Join(changedKeys(rc.Change.Before, rc.Change.After), ", ") + ")"
		}
		changes = append(changes, line)
	}
	if len(changes) > limit {
		changes = append(changes[:limit], fmt.Sprintf("... and %d more", len(changes)-limit))
	}
	return changes, nil
}

func changedKeys(before, after map[string]any) []string {
	var keys []string
	for k, v := range after {
		bv, _ := json.Marshal(before[k])
		av, _ := json.Marshal(v)
		if !bytes.Equal(bv, av) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// ErrorDiagnostics extracts Terraform's error diagnostics from -no-color
// output, one line each: the summary, the resource ("with ...") and the first
// detail line.
func ErrorDiagnostics(output string) []string {
	var out []string
	lines := strings.Split(output, "\n")
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(strings.TrimLeft(lines[i], "│ "))
		if !strings.HasPrefix(l, "Error: ") {
			continue
		}
		d := l
		var with, detail string
		for j := i + 1; j < len(lines); j++ {
			raw := lines[j]
			if strings.HasPrefix(raw, "╵") || strings.HasPrefix(strings.TrimSpace(raw), "Error: ") {
				break
			}
			t := strings.TrimSpace(strings.TrimPrefix(raw, "│"))
			switch {
			case t == "":
			case strings.HasPrefix(t, "with ") && with == "":
				with = strings.TrimSuffix(t, ",")
			case strings.HasPrefix(t, "on ") && strings.Contains(t, " line "), sourceLine.MatchString(t),
				strings.HasPrefix(t, "├"), strings.HasPrefix(t, "│"):
				// source excerpt and value pointers
			case detail == "":
				detail = t
			}
		}
		if with != "" {
			d += " [" + with + "]"
		}
		if detail != "" {
			d += ": " + detail
		}
		out = append(out, d)
	}
	return out
}

// sourceLine matches the configuration excerpt of a diagnostic ("42: resource ...").
var sourceLine = regexp.MustCompile(`^\d+: `)

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// lockedBuffer is a bytes.Buffer safe for concurrent writers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
