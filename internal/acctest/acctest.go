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

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/contract"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/provider"
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
	// ShortcutPlans counts the plans of this test that the provider's
	// unchanged-plan shortcut answered (each also checked against the
	// framework; see provider.NewVerifyingServer).
	ShortcutPlans atomic.Int64

	validator *contract.Validator
}

var (
	specOnce sync.Once
	spec     *contract.Validator
	specErr  error
)

// New prepares a backend for t. With CLOUDINARY_OPENAPI_SPEC set, every
// request the provider or Env.Client sends and every response they get is
// validated against the OpenAPI document, and any violation fails t.
func New(t *testing.T) *Env {
	t.Helper()
	specOnce.Do(func() { spec, specErr = contract.FromEnv() })
	if specErr != nil {
		t.Fatalf("contract: %v", specErr)
	}
	env := &Env{}
	if spec != nil {
		env.validator = spec.Fork()
		t.Cleanup(func() {
			for _, v := range env.validator.Violations() {
				t.Errorf("OpenAPI contract violation: %s", v)
			}
		})
	}

	cfg := client.Config{MaxRetries: -1, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 200 * time.Millisecond}
	if os.Getenv("CLOUDINARY_ACCOUNT_URL") != "" {
		env.Live = true
		u, err := provider.ParseAccountURL(os.Getenv("CLOUDINARY_ACCOUNT_URL"))
		if err != nil {
			t.Fatal(err)
		}
		cfg.AccountID, cfg.APIKey, cfg.APISecret = u.AccountID, u.APIKey, u.APISecret
		cfg.BaseURL = os.Getenv("CLOUDINARY_ENDPOINT")
	} else {
		env.Emulator = emulatortest.Start(t)
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

func (e *Env) transport() http.RoundTripper {
	if e.validator == nil {
		return nil
	}
	return e.validator.Transport(nil)
}

// ProviderConfig is the provider block for test configurations. Live runs
// take credentials from the environment, as users' pipelines do.
func (e *Env) ProviderConfig() string {
	if e.Live {
		return "provider \"cloudinary\" {}\n"
	}
	return e.Emulator.ProviderConfig()
}

// Config prefixes the provider block to a test configuration.
func (e *Env) Config(hcl string) string { return e.ProviderConfig() + "\n" + hcl }

// Factories serves the provider in-process for terraform-plugin-testing.
func (e *Env) Factories() map[string]func() (tfprotov6.ProviderServer, error) {
	var opts []provider.Option
	if rt := e.transport(); rt != nil {
		opts = append(opts, provider.WithTransport(rt))
	}
	return map[string]func() (tfprotov6.ProviderServer, error){
		"cloudinary": provider.NewVerifyingServer(provider.New("test", opts...)(), &e.ShortcutPlans),
	}
}

// RandomName returns prefix plus a random suffix, so that live runs never
// collide with objects that already exist in the account.
func RandomName(prefix string) string {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789"
	var b strings.Builder
	for range 8 {
		b.WriteByte(letters[rand.IntN(len(letters))])
	}
	return fmt.Sprintf("%s-%s", prefix, b.String())
}
