// Package emulatortest starts a fresh Cloudinary API emulator per test, so
// client and provider tests get an isolated, realistic server in one line.
package emulatortest

import (
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
)

// Server is a running emulator behind an httptest server (HTTP/1.1, so the
// connection-level faults work).
type Server struct {
	// URL is the endpoint, e.g. http://127.0.0.1:41234 (no trailing slash).
	URL       string
	AccountID string
	APIKey    string
	APISecret string
	Emulator  *emulator.Emulator
	HTTP      *httptest.Server
}

// SeedEnv names the environment variable that picks the seed of the
// acceptance tests' emulators: "realistic" starts every account with its
// primary product environment, its owner and the root access key, as a
// real account does (`make test` runs the provider's acceptance tests once
// without it and once with it); unset or "empty" starts them empty.
const SeedEnv = "CLOUDINARY_EMULATOR_SEED"

// SeedFromEnv is an option that sets the seed from $CLOUDINARY_EMULATOR_SEED
// unless an earlier option set one. The acceptance harnesses (acctest.New,
// and tests that start their own emulator for an acceptance test) pass it
// first; tests of the provider's internals, written for an empty account,
// do not.
func SeedFromEnv(o *emulator.Options) {
	if o.Seed == "" {
		o.Seed = os.Getenv(SeedEnv)
	}
}

// Seed is an option that pins the seed: for tests written for one kind of
// account (pass it after SeedFromEnv).
func Seed(seed string) func(*emulator.Options) {
	return func(o *emulator.Options) { o.Seed = seed }
}

// Start serves a new emulator until the test ends. Each opt may tweak the
// emulator options (faults, latency, budget, clock, seed...).
func Start(t testing.TB, opts ...func(*emulator.Options)) *Server {
	t.Helper()
	var o emulator.Options
	for _, f := range opts {
		f(&o)
	}
	emu, err := emulator.New(o)
	if err != nil {
		t.Fatalf("emulatortest: %v", err)
	}
	hs := httptest.NewServer(emu)
	t.Cleanup(hs.Close)
	eff := emu.Options()
	return &Server{
		URL:       hs.URL,
		AccountID: eff.AccountID,
		APIKey:    eff.APIKey,
		APISecret: eff.APISecret,
		Emulator:  emu,
		HTTP:      hs,
	}
}

// ProviderConfig is an HCL provider block pointing at this emulator, with
// settings (lines such as `  max_retries = 10`) added inside it.
func (s *Server) ProviderConfig(settings ...string) string {
	return fmt.Sprintf(`provider "cloudinary" {
  endpoint   = %q
  account_id = %q
  api_key    = %q
  api_secret = %q
%s}
`, s.URL, s.AccountID, s.APIKey, s.APISecret, SettingLines(settings))
}

// SettingLines renders provider block settings, one or more lines each, as
// the lines of a block body: "" for none.
func SettingLines(settings []string) string {
	var b strings.Builder
	for _, s := range settings {
		if s != "" {
			b.WriteString(s + "\n")
		}
	}
	return b.String()
}

// Stats returns the emulator's request counters (how many requests each
// operation cost, which faults fired).
func (s *Server) Stats() emulator.Stats { return s.Emulator.Stats() }
