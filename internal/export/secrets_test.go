package export_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/export"
)

const (
	leakKey    = "614614614614614"
	leakSecret = "Exp0rtSecret+Value/with=odd&chars"
)

// leaks are the texts no exporter output may contain: the secret, its
// escaped forms, the Basic header value, and the first 8 characters of each.
func leaks() map[string]string {
	basic := base64.StdEncoding.EncodeToString([]byte(leakKey + ":" + leakSecret))
	forms := map[string]string{
		"secret":               leakSecret,
		"query-escaped secret": url.QueryEscape(leakSecret),
		"Basic header value":   basic,
	}
	all := map[string]string{}
	for name, f := range forms {
		all[name] = f
		all["8-character start of the "+name] = f[:8]
	}
	return all
}

// echoingAPI answers every request with an error that echoes the request's
// credentials: in every JSON error field, or in a long text/plain body with
// the secret across the 200th byte.
func echoingAPI(t *testing.T, text bool) *httptest.Server {
	t.Helper()
	basic := base64.StdEncoding.EncodeToString([]byte(leakKey + ":" + leakSecret))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if text {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, strings.Repeat("x", 195)+leakSecret+" "+strings.Repeat("y", 200)+basic)
			return
		}
		echo := "you sent " + r.Header.Get("Authorization") + " = " + basic + " for " + leakKey + ":" + leakSecret + " " + url.QueryEscape(leakSecret)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
			"message": echo, "code": echo, "category": echo, "details": map[string]any{"echo": echo, echo: []string{echo}},
		}})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func exportAgainst(t *testing.T, endpoint string) (errText, progress, logs string) {
	t.Helper()
	cfg, err := export.ClientConfig(export.Overrides{Endpoint: endpoint}, func(k string) string {
		return map[string]string{export.EnvAccountID: "acct", export.EnvAPIKey: leakKey, export.EnvAPISecret: leakSecret}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var logBuf, progBuf bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &logBuf)
	_, err = export.Export(ctx, c, export.Options{
		Dir:      filepath.Join(t.TempDir(), "out"),
		Progress: func(format string, a ...any) { fmt.Fprintf(&progBuf, format+"\n", a...) },
	})
	if err == nil {
		t.Fatal("the export should fail")
	}
	return err.Error(), progBuf.String(), logBuf.String()
}

func TestExportNeverShowsEchoedSecrets(t *testing.T) {
	for _, text := range []bool{false, true} {
		t.Run(fmt.Sprintf("text=%v", text), func(t *testing.T) {
			srv := echoingAPI(t, text)
			errText, progress, logs := exportAgainst(t, srv.URL)
			if !strings.Contains(errText, "HTTP 400") {
				t.Errorf("error: %s", errText)
			}
			if !strings.Contains(logs, "Cloudinary API response body") {
				t.Errorf("the response body was not logged at trace level:\n%s", logs)
			}
			for name, leak := range leaks() {
				for where, out := range map[string]string{"error": errText, "progress": progress, "logs": logs} {
					if strings.Contains(out, leak) {
						t.Errorf("the %s leaks through the %s:\n%s", name, where, out)
					}
				}
			}
		})
	}
}

func TestExportRefusesRedirects(t *testing.T) {
	var sinkHits atomic.Int32
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		sinkHits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`[]`))
	}))
	t.Cleanup(sink.Close)
	sinkURL, _ := url.Parse(sink.URL)
	// Same host name, another port: net/http would resend the credentials.
	location := "http://127.0.0.1:" + sinkURL.Port() + "/elsewhere"
	api := httptest.NewServer(http.RedirectHandler(location, http.StatusTemporaryRedirect))
	t.Cleanup(api.Close)

	errText, _, logs := exportAgainst(t, api.URL)
	if n := sinkHits.Load(); n != 0 {
		t.Errorf("the redirect target received %d request(s)", n)
	}
	if !strings.Contains(errText, location) || !strings.Contains(errText, "redirect") {
		t.Errorf("the error should name the Location %s: %s", location, errText)
	}
	for name, leak := range leaks() {
		if strings.Contains(errText, leak) || strings.Contains(logs, leak) {
			t.Errorf("the error or the logs show the %s", name)
		}
	}
}
