// Package emulatortest starts a fresh Cloudinary API emulator per test, so
// client and provider tests get an isolated, realistic server in one line.
package emulatortest

import (
	"fmt"
	"net/http/httptest"
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

// Start serves a new emulator until the test ends. Each opt may tweak the
// emulator options (faults, latency, budget, clock...).
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

// ProviderConfig is an HCL provider block pointing at this emulator.
func (s *Server) ProviderConfig() string {
	return fmt.Sprintf(`provider "cloudinary" {
  endpoint   = %q
  account_id = %q
  api_key    = %q
  api_secret = %q
}
`, s.URL, s.AccountID, s.APIKey, s.APISecret)
}

// Stats returns the emulator's request counters (how many requests each
// operation cost, which faults fired).
func (s *Server) Stats() emulator.Stats { return s.Emulator.Stats() }
