package provider_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/contract"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/planshortcut"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/provider"
)

// ---------------------------------------------------------------------------
// Helpers shared by the reliability tests (ratelimit, drift, secrets,
// validation matrix, auth), named by what they do; the checks every test
// shares (error texts, CheckDestroyed, state reads) are in internal/acctest.

// controlledEnv is an acctest.Env-like backend whose emulator takes options
// (rate limit budget, clock): acctest.New starts a default emulator. Traffic is
// validated against the OpenAPI document like acctest's when
// CLOUDINARY_OPENAPI_SPEC is set.
type controlledEnv struct {
	Emulator *emulatortest.Server
	Client   *client.Client

	validator *contract.Validator
}

var contractSpec struct {
	once sync.Once
	v    *contract.Validator
	err  error
}

// newControlledEnv starts an emulator with opts. These tests control the emulator
// (its hourly budget, its clock, its credentials), which the real API cannot
// offer, so they skip when CLOUDINARY_ACCOUNT_URL selects the real API.
func newControlledEnv(t *testing.T, opts ...func(*emulator.Options)) *controlledEnv {
	t.Helper()
	return newControlledEnvWith(t, nil, opts...)
}

// newControlledEnvWith is newControlledEnv with the emulator's handler wrapped by wrap
// (nil: unwrapped), e.g. to record what it answers.
func newControlledEnvWith(t *testing.T, wrap func(http.Handler) http.Handler, opts ...func(*emulator.Options)) *controlledEnv {
	t.Helper()
	if os.Getenv("CLOUDINARY_ACCOUNT_URL") != "" {
		t.Skip("this test controls the emulator (rate limit budget, clock, credentials); it cannot run against the real API")
	}
	contractSpec.once.Do(func() { contractSpec.v, contractSpec.err = contract.FromEnv() })
	if contractSpec.err != nil {
		t.Fatalf("contract: %v", contractSpec.err)
	}
	var o emulator.Options
	emulatortest.SeedFromEnv(&o)
	for _, f := range opts {
		f(&o)
	}
	emu, err := emulator.New(o)
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = emu
	if wrap != nil {
		h = wrap(h)
	}
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	eff := emu.Options()
	e := &controlledEnv{Emulator: &emulatortest.Server{
		URL: hs.URL, AccountID: eff.AccountID, APIKey: eff.APIKey, APISecret: eff.APISecret, Emulator: emu, HTTP: hs,
	}}
	if contractSpec.v != nil {
		e.validator = contractSpec.v.Fork()
		t.Cleanup(func() {
			for _, v := range e.validator.Violations() {
				t.Errorf("OpenAPI contract violation: %s", v)
			}
		})
	}
	c, err := client.New(client.Config{
		AccountID: e.Emulator.AccountID, APIKey: e.Emulator.APIKey, APISecret: e.Emulator.APISecret,
		BaseURL: e.Emulator.URL, MaxRetries: -1, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 200 * time.Millisecond,
		Transport: e.transport(),
	})
	if err != nil {
		t.Fatal(err)
	}
	e.Client = c
	return e
}

func (e *controlledEnv) transport() http.RoundTripper {
	if e.validator == nil {
		return nil
	}
	return e.validator.Transport(nil)
}

// Factories serves the provider in-process, its traffic validated.
func (e *controlledEnv) Factories() map[string]func() (tfprotov6.ProviderServer, error) {
	var opts []provider.Option
	if rt := e.transport(); rt != nil {
		opts = append(opts, provider.WithTransport(rt))
	}
	return map[string]func() (tfprotov6.ProviderServer, error){
		"cloudinary": planshortcut.NewVerifyingServer(provider.New("test", opts...)(), nil),
	}
}

// Config prefixes hcl with a provider block for the emulator plus extra
// provider attributes.
func (e *controlledEnv) Config(providerExtra, hcl string) string {
	return e.Emulator.ProviderConfig(providerExtra) + "\n" + hcl
}

// fakeClock is a controllable clock for the emulator: frozen until Advance.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock(start time.Time) *fakeClock { return &fakeClock{now: start} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// groupsConfig declares one cloudinary_user_group per name.
func groupsConfig(names []string) string {
	var b strings.Builder
	for i, n := range names {
		fmt.Fprintf(&b, "resource \"cloudinary_user_group\" \"g%d\" {\n  name = %q\n}\n\n", i, n)
	}
	return b.String()
}

// groupNames returns n random group names.
func groupNames(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = acctest.RandomName(prefix)
	}
	return out
}

// groupsExactlyOnce checks through the API that every name is the name
// of exactly one group (no duplicate was created by a retry) and that the
// state holds the ids the API has.
func groupsExactlyOnce(c *client.Client, names []string) acctest.StateCheck {
	return func(ctx context.Context, state *tfjson.State) error {
		groups, err := c.GetUserGroups(ctx, nil)
		if err != nil {
			return err
		}
		byName := map[string][]string{}
		for _, g := range groups {
			byName[g.Name] = append(byName[g.Name], g.ID)
		}
		inState := map[string]string{}
		if state != nil && state.Values != nil && state.Values.RootModule != nil {
			for _, r := range state.Values.RootModule.Resources {
				if r.Type == "cloudinary_user_group" {
					inState[fmt.Sprint(r.AttributeValues["name"])] = fmt.Sprint(r.AttributeValues["id"])
				}
			}
		}
		var problems []string
		for _, n := range names {
			ids := byName[n]
			switch {
			case len(ids) != 1:
				problems = append(problems, fmt.Sprintf("%d groups named %q (%v), want exactly 1", len(ids), n, ids))
			case inState[n] != ids[0]:
				problems = append(problems, fmt.Sprintf("group %q is %s in the API but %q in state", n, ids[0], inState[n]))
			}
		}
		if len(problems) > 0 {
			sort.Strings(problems)
			return fmt.Errorf("%s", strings.Join(problems, "; "))
		}
		return nil
	}
}

// groupsGone is a CheckDestroy: none of the names is left.
func groupsGone(c *client.Client, names []string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		groups, err := c.GetUserGroups(context.Background(), nil)
		if err != nil {
			return err
		}
		want := map[string]bool{}
		for _, n := range names {
			want[n] = true
		}
		for _, g := range groups {
			if want[g.Name] {
				return fmt.Errorf("user group %q (%s) still exists", g.Name, g.ID)
			}
		}
		return nil
	}
}

// dynamicValue builds a value of the schema's type: the given attributes,
// every other one null.
func dynamicValue(t *testing.T, s *tfprotov6.Schema, set map[string]tftypes.Value) tfprotov6.DynamicValue {
	t.Helper()
	typ, ok := s.ValueType().(tftypes.Object)
	if !ok {
		t.Fatalf("schema type is %T", s.ValueType())
	}
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		if v, ok := set[name]; ok {
			vals[name] = v
			continue
		}
		vals[name] = tftypes.NewValue(at, nil)
	}
	for name := range set {
		if _, ok := typ.AttributeTypes[name]; !ok {
			t.Fatalf("schema has no attribute %q", name)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		t.Fatal(err)
	}
	return dv
}

// diagErrors renders the error diagnostics, or "" when there is none.
func diagErrors(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			fmt.Fprintf(&b, "%s: %s\n", d.Summary, d.Detail)
		}
	}
	return b.String()
}

// providerSchemas returns the provider's schemas as Terraform sees them, through
// the protocol.
func providerSchemas(t *testing.T) *tfprotov6.GetProviderSchemaResponse {
	t.Helper()
	server, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if errs := diagErrors(resp.Diagnostics); errs != "" {
		t.Fatalf("GetProviderSchema: %s", errs)
	}
	return resp
}

// providerResourceTypes lists the provider's resource types, sorted.
func providerResourceTypes(t *testing.T) []string {
	t.Helper()
	var out []string
	for name := range providerSchemas(t).ResourceSchemas {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// ---------------------------------------------------------------------------
// Running the real terraform binary against a build of the provider (as
// scripts/demo.sh does), for what the in-process test harness cannot show:
// the complete output of a command, TF_LOG=trace logs of Terraform and of
// the provider process, terraform show.

// terraformBinary finds terraform like terraform-plugin-testing does, or
// skips.
func terraformBinary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform is not on PATH")
	}
	return p
}

// buildProvider builds the provider binary into a directory of its own
// and returns the directory (for dev_overrides).
func buildProvider(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found at %s: %v", root, err)
	}
	dir := t.TempDir()
	cmd := exec.CommandContext(t.Context(), "go", "build", "-o", filepath.Join(dir, "terraform-provider-cloudinary"), ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	return dir
}

// cliWorkspace runs terraform in a working directory of its own, with a CLI
// configuration whose dev_overrides point at providerDir, and every command
// logging at TRACE to one file.
type cliWorkspace struct {
	t       *testing.T
	bin     string
	dir     string
	LogPath string
	env     []string
}

func newCLIWorkspace(t *testing.T, bin, providerDir string) *cliWorkspace {
	t.Helper()
	home := t.TempDir()
	rc := filepath.Join(home, "terraformrc")
	if err := os.WriteFile(rc, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    "cloudinary-terraform/cloudinary" = %q
  }
  direct {}
}
`, providerDir)), 0o600); err != nil {
		t.Fatal(err)
	}
	r := &cliWorkspace{t: t, bin: bin, dir: t.TempDir(), LogPath: filepath.Join(home, "terraform.log")}
	// A clean environment: nothing from the caller's Terraform or
	// Cloudinary settings leaks into the run.
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "TF_") || strings.HasPrefix(k, "CLOUDINARY_") || k == "CHECKPOINT_DISABLE" {
			continue
		}
		r.env = append(r.env, kv)
	}
	r.env = append(r.env, "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"TF_LOG=trace", "TF_LOG_PATH="+r.LogPath)
	return r
}

// Write writes a file into the working directory.
func (r *cliWorkspace) Write(name, content string) {
	r.t.Helper()
	if err := os.WriteFile(filepath.Join(r.dir, name), []byte(content), 0o600); err != nil {
		r.t.Fatal(err)
	}
}

// Run runs terraform with args and returns its combined output and exit
// code; a command that cannot start fails the test.
func (r *cliWorkspace) Run(args ...string) (string, int) {
	r.t.Helper()
	cmd := exec.CommandContext(r.t.Context(), r.bin, args...)
	cmd.Dir = r.dir
	cmd.Env = r.env
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	}
	r.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	return "", -1
}

// MustRun is Run that fails the test unless the exit code is want.
func (r *cliWorkspace) MustRun(want int, args ...string) string {
	r.t.Helper()
	out, code := r.Run(args...)
	if code != want {
		r.t.Fatalf("terraform %s exited %d, want %d:\n%s", strings.Join(args, " "), code, want, out)
	}
	return out
}

// Log returns everything logged so far.
func (r *cliWorkspace) Log() string {
	r.t.Helper()
	b, err := os.ReadFile(r.LogPath)
	if err != nil {
		r.t.Fatal(err)
	}
	return string(b)
}

// randomSuffix returns n random lowercase letters and digits.
func randomSuffix(n int) string {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = letters[rand.IntN(len(letters))]
	}
	return string(b)
}
