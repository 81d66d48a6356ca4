// Package acctest is the acceptance-test harness: each test gets its own
// backend, either a fresh in-process emulator or, when CLOUDINARY_ACCOUNT_URL
// is set, the real Cloudinary account. The tests themselves are the same in
// both cases.
package acctest

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/contract"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/planshortcut"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/provider"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/sweep"
)

// Env is one test's backend.
type Env struct {
	// Live is true when the test runs against the real API.
	Live bool
	// Emulator is the in-process emulator; nil when Live.
	Emulator *emulatortest.Server
	// Client talks to the same backend as the provider under test: for
	// out-of-band changes (drift steps) and destroy checks.
	Client *client.Client
	// Shortcut counts the plans and state upgrades of this test that the
	// provider's shortcuts answered (each also checked against the
	// framework; see planshortcut.NewVerifyingServer).
	Shortcut planshortcut.Answered

	validator *contract.Validator
	guard     *guard
}

var (
	specOnce sync.Once
	spec     *contract.Validator
	specErr  error
)

// New prepares a backend for t. Every request the provider or Env.Client
// sends goes through a guard that refuses, and fails t for, any object
// created without the tf-acc- prefix and any change to an object that is
// not the test's (guard.go); it also counts the requests (Env.Requests).
// With CLOUDINARY_OPENAPI_SPEC set, every request and response is also
// validated against the OpenAPI document, and any violation fails t.
//
// The emulator starts with the seed $CLOUDINARY_EMULATOR_SEED names (empty
// by default; "realistic" gives the account its primary product
// environment, owner and root key: see emulatortest.SeedEnv); emuOpts
// tweak its options after that and are ignored against the real API.
func New(t *testing.T, emuOpts ...func(*emulator.Options)) *Env {
	t.Helper()
	specOnce.Do(func() { spec, specErr = contract.FromEnv() })
	if specErr != nil {
		t.Fatalf("contract: %v", specErr)
	}
	env := &Env{}
	// Registered first, so that it runs last: after the test's own
	// cleanups, whose requests it counts too.
	var closed atomic.Bool
	t.Cleanup(func() {
		closed.Store(true)
		env.logRequests(t)
	})
	next := http.RoundTripper(cleanhttp.DefaultPooledTransport())
	if spec != nil {
		env.validator = spec.Fork()
		next = env.validator.Transport(next)
		t.Cleanup(func() {
			for _, v := range env.validator.Violations() {
				t.Errorf("OpenAPI contract violation: %s", v)
			}
		})
	}
	env.guard = newGuard(next, func(msg string) {
		if !closed.Load() {
			t.Error(msg)
		}
	})

	cfg := client.Config{MaxRetries: -1, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 200 * time.Millisecond}
	if os.Getenv(client.EnvAccountURL) != "" {
		env.Live = true
		u, err := client.ParseAccountURL(os.Getenv(client.EnvAccountURL))
		if err != nil {
			t.Fatal(err)
		}
		cfg.AccountID, cfg.APIKey, cfg.APISecret = u.AccountID, u.APIKey, u.APISecret
		cfg.BaseURL = os.Getenv(client.EnvEndpoint)
	} else {
		env.Emulator = emulatortest.Start(t, append([]func(*emulator.Options){emulatortest.SeedFromEnv}, emuOpts...)...)
		cfg.AccountID, cfg.APIKey, cfg.APISecret = env.Emulator.AccountID, env.Emulator.APIKey, env.Emulator.APISecret
		cfg.BaseURL = env.Emulator.URL
	}
	cfg.Transport = env.transport()
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	env.Client = c
	return env
}

// transport carries every request of the test: the guard (guard.go), then
// the OpenAPI validator when there is one.
func (e *Env) transport() http.RoundTripper { return e.guard }

// ProviderConfig is the provider block for test configurations, with
// settings (lines such as `  prefetch = false`) added inside it. Live runs
// take credentials from the environment, as users' pipelines do.
func (e *Env) ProviderConfig(settings ...string) string {
	if e.Live {
		return "provider \"cloudinary\" {\n" + emulatortest.SettingLines(settings) + "}\n"
	}
	return e.Emulator.ProviderConfig(settings...)
}

// Config prefixes the provider block to a test configuration.
func (e *Env) Config(hcl string) string { return e.ProviderConfig() + "\n" + hcl }

// ConfigWithProviderSettings is Config with more arguments in the provider
// block, such as `prefetch = false`.
func (e *Env) ConfigWithProviderSettings(settings, hcl string) string {
	return e.ProviderConfig(settings) + "\n" + hcl
}

// Factories serves the provider in-process for terraform-plugin-testing.
func (e *Env) Factories() map[string]func() (tfprotov6.ProviderServer, error) {
	opts := []provider.Option{provider.WithTransport(e.transport())}
	return map[string]func() (tfprotov6.ProviderServer, error){
		"cloudinary": planshortcut.NewVerifyingServer(provider.New("test", opts...)(), &e.Shortcut),
	}
}

// RandomName returns prefix plus a random suffix, so that live runs never
// collide with objects that already exist in the account. The name always
// starts with sweep.Prefix ("tf-acc-"), which `make sweep` looks for: a
// prefix that does not start with it gets it in front ("key" gives
// "tf-acc-key-1a2b3c4d").
func RandomName(prefix string) string {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789"
	var b strings.Builder
	for range 8 {
		b.WriteByte(letters[rand.IntN(len(letters))])
	}
	if !strings.HasPrefix(prefix, sweep.Prefix) {
		prefix = sweep.Prefix + strings.TrimPrefix(prefix, strings.TrimSuffix(sweep.Prefix, "-"))
		prefix = strings.TrimSuffix(prefix, "-")
	}
	return fmt.Sprintf("%s-%s", prefix, b.String())
}

// EmailDomain is the domain of every test user's email: reserved by RFC
// 2606, with a null MX (RFC 7505), so no invitation the API sends can reach
// anyone. The guard also accepts example.net, example.org and the .invalid
// and .test top-level domains (sweep.IsTestEmail).
const EmailDomain = "example.com"

// RandomEmail returns RandomName(prefix) at EmailDomain.
func RandomEmail(prefix string) string { return RandomName(prefix) + "@" + EmailDomain }
