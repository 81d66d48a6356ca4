package emulatortest

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
)

func TestStart(t *testing.T) {
	s := Start(t)
	if s.AccountID != "emu-account" || s.APIKey != "emu-key" || s.APISecret != "emu-secret" || !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
		t.Fatalf("server %+v", s)
	}
	req, _ := http.NewRequestWithContext(t.Context(), "GET", s.URL+"/v1_1/provisioning/accounts/"+s.AccountID+"/users", nil)
	req.SetBasicAuth(s.APIKey, s.APISecret)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	if st := s.Stats(); st.Total != 1 || st.ByOperation["getUsers"] != 1 {
		t.Errorf("stats %+v", st)
	}
	cfg := s.ProviderConfig()
	for _, want := range []string{`provider "cloudinary" {`, `endpoint   = "` + s.URL + `"`, `account_id = "emu-account"`, `api_key    = "emu-key"`, `api_secret = "emu-secret"`} {
		if !strings.Contains(cfg, want) {
			t.Errorf("config lacks %q:\n%s", want, cfg)
		}
	}
}

func TestStartOptionsAndIsolation(t *testing.T) {
	a := Start(t, func(o *emulator.Options) { o.AccountID = "acc-a"; o.Latency = 20 * time.Millisecond },
		func(o *emulator.Options) { o.APIKey = "k" })
	b := Start(t)
	if a.AccountID != "acc-a" || a.APIKey != "k" || a.Emulator.Options().Latency != 20*time.Millisecond {
		t.Fatalf("options not applied: %+v", a)
	}
	if a.URL == b.URL || a.Emulator == b.Emulator {
		t.Fatal("servers shared")
	}
}
