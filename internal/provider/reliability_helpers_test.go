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
	"regexp"
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
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
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
// validation matrix, auth). Names start with "rel" so they cannot collide
// with the per-resource test helpers.

// relEnv is an acctest.Env-like backend whose emulator takes options (rate
// limit budget, clock): acctest.New starts a default emulator. Traffic is
// validated against the OpenAPI document like acctest's when
// CLOUDINARY_OPENAPI_SPEC is set.
type relEnv struct {
	Emulator *emulatortest.Server
	Client   *client.Client

	validator *contract.Validator
}

var relSpec struct {
	once sync.Once
	v    *contract.Validator
	err  error
}

// newRelEnv starts an emulator with opts. These tests control the emulator
// (its hourly budget, its clock, its credentials), which the real API cannot
// offer, so they skip when CLOUDINARY_ACCOUNT_URL selects the real API.
func newRelEnv(t *testing.T, opts ...func(*emulator.Options)) *relEnv {
	t.Helper()
	return newRelEnvWith(t, nil, opts...)
}

// newRelEnvWith is newRelEnv with the emulator's handler wrapped by wrap
// (nil: unwrapped), e.g. to record what it answers.
func newRelEnvWith(t *testing.T, wrap func(http.Handler) http.Handler, opts ...func(*emulator.Options)) *relEnv {
	t.Helper()
	if os.Getenv("CLOUDINARY_ACCOUNT_URL") != "" {
		t.Skip("this test controls the emulator (rate limit budget, clock, credentials); it cannot run against the real API")
	}
	relSpec.once.Do(func() { relSpec.v, relSpec.err = contract.FromEnv() })
	if relSpec.err != nil {
		t.Fatalf("contract: %v", relSpec.err)
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
	e := &relEnv{Emulator: &emulatortest.Server{
		URL: hs.URL, AccountID: eff.AccountID, APIKey: eff.APIKey, APISecret: eff.APISecret, Emulator: emu, HTTP: hs,
	}}
	if relSpec.v != nil {
		e.validator = relSpec.v.Fork()
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

func (e *relEnv) transport() http.RoundTripper {
	if e.validator == nil {
		return nil
	}
	return e.validator.Transport(nil)
}

// Factories serves the provider in-process, its traffic validated.
func (e *relEnv) Factories() map[string]func() (tfprotov6.ProviderServer, error) {
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
func (e *relEnv) Config(providerExtra, hcl string) string {
	return fmt.Sprintf(`provider "cloudinary" {
  endpoint   = %q
  account_id = %q
  api_key    = %q
  api_secret = %q
%s
}

%s`, e.Emulator.URL, e.Emulator.AccountID, e.Emulator.APIKey, e.Emulator.APISecret, providerExtra, hcl)
}

// relClock is a controllable clock for the emulator: frozen until Advance.
type relClock struct {
	mu  sync.Mutex
	now time.Time
}

func newRelClock(start time.Time) *relClock { return &relClock{now: start} }

func (c *relClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *relClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// relCheck is a state check written as a function.
type relCheck func(ctx context.Context, state *tfjson.State) error

func (f relCheck) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f(ctx, req.State)
}

// relMessage builds a regexp from fragments that must appear in order. Each
// fragment is a regexp in which every space matches any run of whitespace,
// because Terraform wraps diagnostic lines wherever it likes.
func relMessage(fragments ...string) *regexp.Regexp {
	parts := make([]string, len(fragments))
	for i, f := range fragments {
		parts[i] = strings.Join(strings.Fields(f), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`))
}

// relLiteral is relMessage for literal text.
func relLiteral(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = regexp.QuoteMeta(p)
	}
	return relMessage(quoted...)
}

// relGroupsConfig declares one cloudinary_user_group per name.
func relGroupsConfig(names []string) string {
	var b strings.Builder
	for i, n := range names {
		fmt.Fprintf(&b, "resource \"cloudinary_user_group\" \"g%d\" {\n  name = %q\n}\n\n", i, n)
	}
	return b.String()
}

// relGroupNames returns n random group names.
func relGroupNames(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = acctest.RandomName(prefix)
	}
	return out
}

// relGroupsExactlyOnce checks through the API that every name is the name
// of exactly one group (no duplicate was created by a retry) and that the
// state holds the ids the API has.
func relGroupsExactlyOnce(c *client.Client, names []string) relCheck {
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

// relGroupsGone is a CheckDestroy: none of the names is left.
func relGroupsGone(c *client.Client, names []string) resource.TestCheckFunc {
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

// relDynamicValue builds a value of the schema's type: the given attributes,
// every other one null.
func relDynamicValue(t *testing.T, s *tfprotov6.Schema, set map[string]tftypes.Value) tfprotov6.DynamicValue {
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

// relDiagErrors renders the error diagnostics, or "" when there is none.
func relDiagErrors(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			fmt.Fprintf(&b, "%s: %s\n", d.Summary, d.Detail)
		}
	}
	return b.String()
}

// relAccEnabled reports whether acceptance tests run (TF_ACC set).
func relAccEnabled() bool { return os.Getenv("TF_ACC") != "" }

// relSchemas returns the provider's schemas as Terraform sees them, through
// the protocol.
func relSchemas(t *testing.T) *tfprotov6.GetProviderSchemaResponse {
	t.Helper()
	server, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if errs := relDiagErrors(resp.Diagnostics); errs != "" {
		t.Fatalf("GetProviderSchema: %s", errs)
	}
	return resp
}

// relResourceTypes lists the provider's resource types, sorted.
func relResourceTypes(t *testing.T) []string {
	t.Helper()
	var out []string
	for name := range relSchemas(t).ResourceSchemas {
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

// relTerraformBinary finds terraform like terraform-plugin-testing does, or
// skips.
func relTerraformBinary(t *testing.T) string {
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

// relBuildProvider builds the provider binary into a directory of its own
// and returns the directory (for dev_overrides).
func relBuildProvider(t *testing.T) string {
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

// relTF runs terraform in a working directory of its own, with a CLI
// configuration whose dev_overrides point at providerDir, and every command
// logging at TRACE to one file.
type relTF struct {
	t       *testing.T
	bin     string
	dir     string
	LogPath string
	env     []string
}

func newRelTF(t *testing.T, bin, providerDir string) *relTF {
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
	r := &relTF{t: t, bin: bin, dir: t.TempDir(), LogPath: filepath.Join(home, "terraform.log")}
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
func (r *relTF) Write(name, content string) {
	r.t.Helper()
	if err := os.WriteFile(filepath.Join(r.dir, name), []byte(content), 0o600); err != nil {
		r.t.Fatal(err)
	}
}

// Run runs terraform with args and returns its combined output and exit
// code; a command that cannot start fails the test.
func (r *relTF) Run(args ...string) (string, int) {
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
func (r *relTF) MustRun(want int, args ...string) string {
	r.t.Helper()
	out, code := r.Run(args...)
	if code != want {
		r.t.Fatalf("terraform %s exited %d, want %d:\n%s", strings.Join(args, " "), code, want, out)
	}
	return out
}

// Log returns everything logged so far.
func (r *relTF) Log() string {
	r.t.Helper()
	b, err := os.ReadFile(r.LogPath)
	if err != nil {
		r.t.Fatal(err)
	}
	return string(b)
}

// relRandom returns n random lowercase letters and digits.
func relRandom(n int) string {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = letters[rand.IntN(len(letters))]
	}
	return string(b)
}
