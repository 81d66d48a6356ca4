package client

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// heldServer answers every request only when released, and records how many
// it held at once.
type heldServer struct {
	*httptest.Server
	release chan struct{}

	mu            sync.Mutex
	inFlight, top int
	budget        string
}

func newHeldServer(t *testing.T, budgetRemaining string) *heldServer {
	t.Helper()
	s := &heldServer{release: make(chan struct{}), budget: budgetRemaining}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.inFlight++
		s.top = max(s.top, s.inFlight)
		s.mu.Unlock()
		<-s.release
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if s.budget != "" {
			w.Header().Set("X-FeatureRateLimit-Remaining", s.budget)
		}
		_, _ = w.Write([]byte(`{"user_groups":[]}`))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *heldServer) held() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inFlight
}

func flowClient(t *testing.T, url string, maxParallel int) *Client {
	t.Helper()
	c, err := New(Config{AccountID: "acc", APIKey: "key", APISecret: "secret-value", BaseURL: url, MaxParallelRequests: maxParallel})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestMaxParallelRequests_bound(t *testing.T) {
	s := newHeldServer(t, "")
	c := flowClient(t, s.URL, 3)
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if _, err := c.GetUserGroups(t.Context(), nil); err != nil {
				t.Error(err)
			}
		})
	}
	// Wait until the bound is reached, then a little longer: a fourth call
	// would arrive now if nothing held it back.
	deadline := time.Now().Add(5 * time.Second)
	for s.held() < 3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	close(s.release)
	wg.Wait()
	if s.top != 3 {
		t.Errorf("at most %d requests in flight, want exactly MaxParallelRequests (3)", s.top)
	}
}

// A call that waits for a slot and whose context ends is not sent: it fails
// without reaching the server, so a create waiting there is a definite
// failure, not an unknown outcome.
func TestMaxParallelRequests_cancelledWhileWaitingIsNotSent(t *testing.T) {
	s := newHeldServer(t, "")
	defer close(s.release)
	c := flowClient(t, s.URL, 1)
	go func() { _, _ = c.GetUserGroups(t.Context(), nil) }()
	deadline := time.Now().Add(5 * time.Second)
	for s.held() < 1 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err := c.CreateUserGroup(ctx, UserGroupRequest{Name: "g"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the context's error", err)
	}
	var unknown *OutcomeUnknownError
	if errors.As(err, &unknown) {
		t.Errorf("a create that was never sent is reported as an unknown outcome: %v", err)
	}
	if n := c.RequestCounts()["createUserGroup"]; n != 0 {
		t.Errorf("the create was sent %d times", n)
	}
}

func TestRateLimitRemaining(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   int64
		known  bool
	}{
		{"", 0, false},
		{"4321", 4321, true},
		{" 17 ", 17, true},
		{"many", 0, false},
		{"-1", 0, false},
	} {
		s := newHeldServer(t, tc.header)
		close(s.release)
		c := flowClient(t, s.URL, 0)
		if _, ok := c.RateLimitRemaining(); ok {
			t.Fatal("RateLimitRemaining known before any answer")
		}
		if _, err := c.GetUserGroups(t.Context(), nil); err != nil {
			t.Fatal(err)
		}
		got, ok := c.RateLimitRemaining()
		if got != tc.want || ok != tc.known {
			t.Errorf("X-FeatureRateLimit-Remaining %q: got %d, %v; want %d, %v", tc.header, got, ok, tc.want, tc.known)
		}
	}
}
