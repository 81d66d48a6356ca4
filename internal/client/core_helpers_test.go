package client

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"
	"time"
)

// Test credentials. coreSecret is long and distinctive so a leak is easy to find.
const (
	coreAccount = "acc-1234"
	coreKey     = "813813813813813"
	coreSecret  = "S3cr3tAccountApiSecret-do-not-log"
)

// coreClient builds a Client on baseURL with millisecond backoff.
func coreClient(t *testing.T, baseURL string, mods ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		AccountID:    coreAccount,
		APIKey:       coreKey,
		APISecret:    coreSecret,
		BaseURL:      baseURL,
		MaxRetries:   3,
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 5 * time.Millisecond,
	}
	for _, m := range mods {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// coreReply is one scripted answer of coreServer.
type coreReply struct {
	status  int
	body    string
	headers map[string]string
	drop    bool // hijack and close the connection without answering
	delay   time.Duration
}

// coreSeen is what coreServer recorded about one request.
type coreSeen struct {
	method, path, rawQuery string
	query                  map[string][]string
	header                 http.Header
	body                   []byte
}

// coreServer answers with the scripted replies in order (the last one
// repeats) and records every request.
type coreServer struct {
	*httptest.Server
	mu      sync.Mutex
	replies []coreReply
	seen    []coreSeen
}

func newCoreServer(t *testing.T, replies ...coreReply) *coreServer {
	t.Helper()
	s := &coreServer{replies: replies}
	s.Server = httptest.NewServer(http.HandlerFunc(s.handle))
	t.Cleanup(s.Close)
	return s
}

func (s *coreServer) handle(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.seen = append(s.seen, coreSeen{
		method: r.Method, path: r.URL.EscapedPath(), rawQuery: r.URL.RawQuery,
		query: r.URL.Query(), header: r.Header.Clone(), body: body,
	})
	n := len(s.seen)
	var rep coreReply
	if len(s.replies) > 0 {
		rep = s.replies[min(n, len(s.replies))-1]
	} else {
		rep = coreReply{status: 200, body: `{}`}
	}
	s.mu.Unlock()

	if rep.delay > 0 {
		// A client that gives up ends the wait, so that long delays (far
		// beyond the client's timeouts, whatever the machine's load) cost
		// the test nothing.
		select {
		case <-time.After(rep.delay):
		case <-r.Context().Done():
			return
		}
	}
	if rep.drop {
		hj, ok := w.(http.Hijacker)
		if !ok {
			panic("no hijacker")
		}
		conn, _, err := hj.Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	if rep.status == 0 {
		rep.status = 200
	}
	if _, ok := rep.headers["Content-Type"]; !ok && rep.body != "" {
		w.Header().Set("Content-Type", "application/json")
	}
	for k, v := range rep.headers {
		w.Header().Set(k, v)
	}
	w.WriteHeader(rep.status)
	_, _ = io.WriteString(w, rep.body)
}

func (s *coreServer) requests() []coreSeen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]coreSeen(nil), s.seen...)
}

func (s *coreServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.seen)
}

// jsonEqual compares two JSON texts structurally.
func jsonEqual(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("request body %q is not JSON: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expected JSON %q: %v", want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("request body = %s, want %s", got, want)
	}
}
