package client

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// sinkServer stands for wherever a redirect points: it records every request.
type sinkServer struct {
	*httptest.Server
	mu   sync.Mutex
	seen []http.Header
}

func newSinkServer(t *testing.T) *sinkServer {
	t.Helper()
	s := &sinkServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen = append(s.seen, r.Header.Clone())
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"g1","name":"Designers","users":[]}`))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *sinkServer) requests() (n, withAuth int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, h := range s.seen {
		if h.Get("Authorization") != "" {
			withAuth++
		}
	}
	return len(s.seen), withAuth
}

func TestRedirectsAreRefused(t *testing.T) {
	cases := []struct {
		name   string
		tls    bool // the API answers over https, the redirect points to http
		status int
		create bool
		// location builds the Location header from the sink's URL.
		location func(sink *url.URL) string
		// shown must be in the error (the Location), hidden must not.
		shown, hidden []string
		// unknown: a create whose outcome is unknown (303 See Other).
		unknown bool
	}{
		{name: "https to http on the same host name", tls: true, status: http.StatusTemporaryRedirect,
			location: func(u *url.URL) string { return "http://" + u.Host + "/v1_1/x" }},
		{name: "another port", status: http.StatusFound,
			location: func(u *url.URL) string { return "http://127.0.0.1:" + u.Port() + "/v1_1/x" }},
		{name: "another host", status: http.StatusMovedPermanently,
			location: func(u *url.URL) string { return "http://localhost:" + u.Port() + "/v1_1/x" }},
		{name: "permanent redirect of a create", status: http.StatusPermanentRedirect, create: true,
			location: func(u *url.URL) string { return u.String() + "/v1_1/x" }},
		{name: "see other after a create", status: http.StatusSeeOther, create: true, unknown: true,
			location: func(u *url.URL) string { return u.String() + "/v1_1/x" }},
		{name: "credentials and secrets in the Location", status: http.StatusTemporaryRedirect,
			location: func(u *url.URL) string {
				return "http://" + coreKey + ":" + coreSecret + "@" + u.Host + "/v1_1/x?api_secret=" + coreSecret + "&page=2"
			},
			shown:  []string{"api_secret=" + redacted, "page=2"},
			hidden: []string{coreSecret, coreKey + ":"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sink := newSinkServer(t)
			sinkURL, _ := url.Parse(sink.URL)
			loc, err := url.Parse(tc.location(sinkURL))
			if err != nil {
				t.Fatal(err)
			}
			var redirects int
			var mu sync.Mutex
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				redirects++
				mu.Unlock()
				w.Header().Set("Location", loc.String())
				w.WriteHeader(tc.status)
			})
			var api *httptest.Server
			if tc.tls {
				api = httptest.NewTLSServer(h)
			} else {
				api = httptest.NewServer(h)
			}
			t.Cleanup(api.Close)
			if tc.tls && !strings.HasPrefix(api.URL, "https://"+sinkURL.Hostname()+":") {
				t.Fatalf("the TLS server %s and the sink %s should share the host name", api.URL, sink.URL)
			}

			var logs bytes.Buffer
			ctx := tflogtest.RootLogger(t.Context(), &logs)
			c := coreClient(t, api.URL, func(cfg *Config) { cfg.Transport = api.Client().Transport })
			if tc.create {
				_, err = c.CreateUserGroup(ctx, UserGroupRequest{Name: "Designers"})
			} else {
				_, err = c.GetUsers(ctx, nil)
			}

			if n, withAuth := sink.requests(); n != 0 || withAuth != 0 {
				t.Errorf("the redirect target received %d request(s), %d with credentials", n, withAuth)
			}
			mu.Lock()
			if redirects != 1 {
				t.Errorf("the redirecting server was asked %d times; a refused redirect is final", redirects)
			}
			mu.Unlock()
			if err == nil {
				t.Fatal("a redirect was followed")
			}
			var re *RedirectError
			if !errors.As(err, &re) || re.StatusCode != tc.status {
				t.Errorf("err = %T %v, want a *RedirectError with status %d", err, err, tc.status)
			}
			if got := errors.Is(err, ErrOutcomeUnknown); got != tc.unknown {
				t.Errorf("outcome unknown = %v, want %v: %v", got, tc.unknown, err)
			}
			msg := err.Error()
			for _, w := range append([]string{loc.Scheme + "://" + loc.Host + "/v1_1/x", "redirect"}, tc.shown...) {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q should name the Location (%q)", msg, w)
				}
			}
			for _, secret := range append([]string{coreSecret}, tc.hidden...) {
				if strings.Contains(msg, secret) || strings.Contains(logs.String(), secret) {
					t.Errorf("the error or the logs show %q:\n%s\n%s", secret, msg, logs.String())
				}
			}
		})
	}
}

func TestCheckEndpoint(t *testing.T) {
	const secret = "EndpointSecret-12345"
	ok := []string{"https://api.cloudinary.com", "http://127.0.0.1:8787", "http://localhost:1", "http://[::1]:80", "https://proxy.example.com/base"}
	for _, u := range ok {
		if err := CheckEndpoint(u); err != nil {
			t.Errorf("%s: unexpected error %v", u, err)
		}
	}
	bad := []struct{ raw, want string }{
		{"http://api.cloudinary.com", "https://"},
		{"http://10.0.0.1:8787", "not loopback"},
		{"ftp://x", "absolute URL"},
		{"/relative", "absolute URL"},
		{"http://key:" + secret + "@example.com", "must not contain credentials"},
		{"https://key:" + secret + "@api.cloudinary.com", "must not contain credentials"},
		{"http://key:" + secret + "@127.0.0.1:8787", "must not contain credentials"},
		{"https://key@api.cloudinary.com", "must not contain credentials"},
		{"key:" + secret + "@example.com", "must not contain credentials"},
		{"//key:" + secret + "@example.com", "must not contain credentials"},
		{"http://key:" + secret + "/with-a-slash@example.com", "must not contain credentials"},
		{"key:" + secret, "absolute URL"},
		{"https://api.cloudinary.com/?api_secret=" + secret, "query"},
		{"http://example.com/#" + secret, "query or fragment"},
	}
	for _, tc := range bad {
		err := CheckEndpoint(tc.raw)
		if err == nil {
			t.Errorf("%s: expected an error", tc.raw)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q should mention %q", tc.raw, err, tc.want)
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("%s: error echoes the secret: %q", tc.raw, err)
		}
	}
}
