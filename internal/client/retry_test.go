package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

func TestRetriesEachRetryableStatus(t *testing.T) {
	for _, code := range []int{420, 429, 500, 502, 503, 504} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			s := newCoreServer(t,
				coreReply{status: code, body: `{"error":{"message":"busy"}}`},
				coreReply{status: code, body: `{"error":{"message":"busy"}}`},
				coreReply{body: `{"id":"u1","email":"a@b.c"}`})
			c := coreClient(t, s.URL)
			u, err := c.GetUser(t.Context(), "u1")
			if err != nil {
				t.Fatalf("GetUser: %v", err)
			}
			if u.ID != "u1" {
				t.Errorf("user = %+v", u)
			}
			if s.count() != 3 || c.RequestCounts()["getUser"] != 3 || c.Retries() != 2 {
				t.Errorf("server saw %d, counts %v, retries %d; want 3 attempts, 2 retries", s.count(), c.RequestCounts(), c.Retries())
			}
		})
	}
}

func TestRetriesIdempotentWritesOnServerErrorsAndDrops(t *testing.T) {
	ctx := t.Context()
	t.Run("PUT 502 then 200", func(t *testing.T) {
		s := newCoreServer(t, coreReply{status: 502}, coreReply{body: `{"id":"g","name":"n"}`})
		if _, err := coreClient(t, s.URL).UpdateUserGroup(ctx, "g", UserGroupRequest{Name: "n"}); err != nil || s.count() != 2 {
			t.Fatalf("err=%v attempts=%d", err, s.count())
		}
	})
	t.Run("DELETE dropped then 200", func(t *testing.T) {
		s := newCoreServer(t, coreReply{drop: true}, coreReply{body: `{"message":"ok"}`})
		if err := coreClient(t, s.URL).DeleteUser(ctx, "u"); err != nil || s.count() != 2 {
			t.Fatalf("err=%v attempts=%d", err, s.count())
		}
	})
	t.Run("idempotent POST addUserToUserGroup 504 then 200", func(t *testing.T) {
		s := newCoreServer(t, coreReply{status: 504}, coreReply{body: `{"id":"u"}`})
		if _, err := coreClient(t, s.URL).AddUserToUserGroup(ctx, "g", "u"); err != nil || s.count() != 2 {
			t.Fatalf("err=%v attempts=%d", err, s.count())
		}
	})
}

func TestRetriesTransportErrors(t *testing.T) {
	s := newCoreServer(t, coreReply{drop: true}, coreReply{drop: true}, coreReply{body: `{"users":[]}`})
	c := coreClient(t, s.URL)
	if _, err := c.GetUsers(t.Context(), nil); err != nil {
		t.Fatalf("GetUsers: %v", err)
	}
	if s.count() != 3 || c.Retries() != 2 {
		t.Errorf("attempts=%d retries=%d, want 3 and 2", s.count(), c.Retries())
	}
}

func TestStopsAtMaxRetries(t *testing.T) {
	t.Run("status", func(t *testing.T) {
		s := newCoreServer(t, coreReply{status: 503, body: `{"error":{"message":"down for maintenance"}}`})
		c := coreClient(t, s.URL, func(cfg *Config) { cfg.MaxRetries = 2 })
		_, err := c.GetUsers(t.Context(), nil)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || apiErr.Message != "down for maintenance" {
			t.Fatalf("err = %v, want the last 503 as *APIError", err)
		}
		if s.count() != 3 || c.Retries() != 2 {
			t.Errorf("attempts=%d retries=%d, want 3 and 2", s.count(), c.Retries())
		}
	})
	t.Run("transport", func(t *testing.T) {
		s := newCoreServer(t, coreReply{drop: true})
		c := coreClient(t, s.URL, func(cfg *Config) { cfg.MaxRetries = 2 })
		_, err := c.GetUsers(t.Context(), nil)
		if err == nil || !strings.Contains(err.Error(), "failed after 3 attempt(s)") {
			t.Fatalf("err = %v", err)
		}
		if s.count() != 3 {
			t.Errorf("attempts = %d, want 3", s.count())
		}
	})
	t.Run("zero means no retries", func(t *testing.T) {
		s := newCoreServer(t, coreReply{status: 500})
		c := coreClient(t, s.URL, func(cfg *Config) { cfg.MaxRetries = 0 })
		if _, err := c.GetUsers(t.Context(), nil); err == nil || s.count() != 1 {
			t.Fatalf("err=%v attempts=%d", err, s.count())
		}
	})
}

func TestNoRetryOnClientErrors(t *testing.T) {
	for _, code := range []int{400, 401, 403, 404, 409, 501} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			s := newCoreServer(t, coreReply{status: code, body: `{"error":{"message":"nope"}}`})
			c := coreClient(t, s.URL)
			_, err := c.UpdateUser(t.Context(), "u", UserUpdateRequest{Name: Ptr("x")})
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != code {
				t.Fatalf("err = %v", err)
			}
			if s.count() != 1 || c.Retries() != 0 {
				t.Errorf("attempts=%d retries=%d, want exactly one attempt", s.count(), c.Retries())
			}
		})
	}
}

func TestRetryAfterSecondsIsHonoured(t *testing.T) {
	s := newCoreServer(t,
		coreReply{status: 429, headers: map[string]string{"Retry-After": "1"}},
		coreReply{body: `{"users":[]}`})
	c := coreClient(t, s.URL)
	start := time.Now()
	if _, err := c.GetUsers(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 950*time.Millisecond {
		t.Errorf("waited %s, want about the 1s Retry-After (backoff alone is ≤5ms)", d)
	}
}

func TestRetryAfterHTTPDateIsHonoured(t *testing.T) {
	// An HTTP date has one-second resolution: 2s ahead waits 1-2s from
	// start, taken before the date so that setup time cannot shorten it.
	start := time.Now()
	at := start.Add(2 * time.Second).UTC().Format(http.TimeFormat)
	s := newCoreServer(t,
		coreReply{status: 420, headers: map[string]string{"Retry-After": at}},
		coreReply{body: `{"users":[]}`})
	if _, err := coreClient(t, s.URL).GetUsers(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("waited %s, want until the Retry-After date", d)
	}
}

func TestFeatureRateLimitResetNearWaits(t *testing.T) {
	// start is taken before the reset is computed, as in the date test.
	start := time.Now()
	reset := strconv.FormatInt(start.Add(1500*time.Millisecond).Unix(), 10) // epoch seconds
	s := newCoreServer(t,
		coreReply{status: 429, headers: map[string]string{"X-FeatureRateLimit-Reset": reset, "X-FeatureRateLimit-Limit": "2000"}},
		coreReply{body: `{"users":[]}`})
	c := coreClient(t, s.URL)
	if _, err := c.GetUsers(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 400*time.Millisecond {
		t.Errorf("waited %s, want until the reset", d)
	}
	if s.count() != 2 {
		t.Errorf("attempts = %d", s.count())
	}
}

func TestFeatureRateLimitResetFarFailsAtOnce(t *testing.T) {
	resetAt := time.Now().Add(42 * time.Minute).UTC().Truncate(time.Second)
	for name, header := range map[string]string{
		"http date":     resetAt.Format(http.TimeFormat),
		"epoch seconds": strconv.FormatInt(resetAt.Unix(), 10),
	} {
		t.Run(name, func(t *testing.T) {
			s := newCoreServer(t, coreReply{status: 420,
				body: `{"error":{"message":"Rate Limit Exceeded"}}`,
				headers: map[string]string{
					"X-FeatureRateLimit-Reset":     header,
					"X-FeatureRateLimit-Limit":     "2000",
					"X-FeatureRateLimit-Remaining": "0",
				}})
			c := coreClient(t, s.URL)
			start := time.Now()
			_, err := c.GetUsers(t.Context(), nil)
			// The reset is 42 minutes away; the bound only has to tell
			// "at once" from "waited", with room for a loaded CI machine.
			if d := time.Since(start); d > 30*time.Second {
				t.Errorf("took %s; a far reset must fail at once", d)
			}
			var rle *RateLimitError
			if !errors.As(err, &rle) {
				t.Fatalf("err = %T %v, want *RateLimitError", err, err)
			}
			if s.count() != 1 {
				t.Errorf("attempts = %d, want 1", s.count())
			}
			if !rle.Reset.Equal(resetAt) || rle.Limit != "2000" || rle.StatusCode != 420 {
				t.Errorf("RateLimitError = %+v", rle)
			}
			msg := err.Error()
			for _, w := range []string{resetAt.Format(time.RFC3339), "2000", "max_rate_limit_wait", "Retry after", "getUsers", "Rate Limit Exceeded"} {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			if !IsRateLimited(err) || !errors.Is(err, ErrRateLimited) || IsNotFound(err) {
				t.Error("a RateLimitError must satisfy IsRateLimited")
			}
		})
	}
}

func TestRetryAfterBeyondMaxRateLimitWaitFailsAtOnce(t *testing.T) {
	s := newCoreServer(t, coreReply{status: 429, headers: map[string]string{"Retry-After": "3600"}})
	c := coreClient(t, s.URL, func(cfg *Config) { cfg.MaxRateLimitWait = time.Minute })
	_, err := c.GetUsers(t.Context(), nil)
	var rle *RateLimitError
	if !errors.As(err, &rle) || rle.Wait != time.Hour || rle.MaxWait != time.Minute || s.count() != 1 {
		t.Fatalf("err=%v attempts=%d", err, s.count())
	}
}

func TestRateLimitWithoutHeadersBacksOffAndGivesUp(t *testing.T) {
	s := newCoreServer(t, coreReply{status: 429, body: `{"error":{"message":"Too many requests"}}`})
	c := coreClient(t, s.URL, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := c.GetUsers(t.Context(), nil)
	if !IsRateLimited(err) || s.count() != 3 {
		t.Fatalf("err=%v attempts=%d", err, s.count())
	}
	if !strings.Contains(err.Error(), "max_rate_limit_wait") {
		t.Errorf("message %q should say what to do", err)
	}
}

func TestContextCancelDuringWaitReturnsPromptly(t *testing.T) {
	s := newCoreServer(t, coreReply{status: 429, headers: map[string]string{"Retry-After": "120"}})
	c := coreClient(t, s.URL, func(cfg *Config) { cfg.MaxRateLimitWait = 5 * time.Minute })
	ctx, cancel := context.WithCancel(t.Context())
	// Cancel once the server has the request, so the cancel meets the
	// client waiting out the 429 (a fixed timer could fire first on a
	// loaded machine; the assertions below hold either way).
	go func() {
		for s.count() == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	start := time.Now()
	_, err := c.GetUsers(ctx, nil)
	if d := time.Since(start); d > 30*time.Second { // the wait is 2 minutes
		t.Errorf("took %s after cancel", d)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if s.count() != 1 {
		t.Errorf("attempts = %d", s.count())
	}
}

func TestContextDeadlineDuringBackoff(t *testing.T) {
	s := newCoreServer(t, coreReply{status: 503})
	c := coreClient(t, s.URL, func(cfg *Config) {
		cfg.RetryWaitMin, cfg.RetryWaitMax = 2*time.Minute, 2*time.Minute
	})
	ctx, cancel := context.WithTimeout(t.Context(), 150*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.GetUsers(ctx, nil)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 30*time.Second { // the backoff is 2 minutes
		t.Fatalf("err=%v after %s", err, time.Since(start))
	}
}

// --- create POSTs ---------------------------------------------------------

func TestCreateRetriedOnRateLimit(t *testing.T) {
	for _, code := range []int{420, 429} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			s := newCoreServer(t, coreReply{status: code}, coreReply{body: `{"id":"u1","email":"e@x"}`})
			c := coreClient(t, s.URL)
			u, err := c.CreateUser(t.Context(), UserCreateRequest{Name: "n", Email: "e@x"})
			if err != nil || u.ID != "u1" {
				t.Fatalf("u=%v err=%v", u, err)
			}
			if s.count() != 2 {
				t.Errorf("attempts = %d, want 2", s.count())
			}
		})
	}
}

// refuseOnce fails the first attempt the way a dial to a closed port does.
type refuseOnce struct {
	next  http.RoundTripper
	calls atomic.Int32
}

func (r *refuseOnce) RoundTrip(req *http.Request) (*http.Response, error) {
	if r.calls.Add(1) == 1 {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	}
	return r.next.RoundTrip(req)
}

func TestCreateRetriedOnConnectionRefused(t *testing.T) {
	s := newCoreServer(t, coreReply{body: `{"id":"g1","name":"Designers"}`})
	rt := &refuseOnce{next: http.DefaultTransport}
	c := coreClient(t, s.URL, func(cfg *Config) { cfg.Transport = rt })
	g, err := c.CreateUserGroup(t.Context(), UserGroupRequest{Name: "Designers"})
	if err != nil || g.ID != "g1" {
		t.Fatalf("g=%v err=%v", g, err)
	}
	if rt.calls.Load() != 2 || s.count() != 1 || c.RequestCounts()["createUserGroup"] != 2 {
		t.Errorf("transport calls=%d server=%d counts=%v", rt.calls.Load(), s.count(), c.RequestCounts())
	}
}

func TestCreateAgainstClosedPortIsDefiniteFailure(t *testing.T) {
	var lc net.ListenConfig
	ln, err := lc.Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := coreClient(t, "http://"+addr, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err = c.CreateUser(t.Context(), UserCreateRequest{Name: "n", Email: "e@x"})
	if err == nil || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v: a refused connection never sent the request, so it is not an unknown outcome", err)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("err = %v, want ECONNREFUSED in the chain", err)
	}
	if n := c.RequestCounts()["createUser"]; n != 3 {
		t.Errorf("attempts = %d, want 3 (retried while refused)", n)
	}
}

func TestCreateFailureAfterSendingIsOutcomeUnknown(t *testing.T) {
	cases := map[string]coreReply{
		"500":  {status: 500, body: `{"error":{"message":"boom"}}`},
		"502":  {status: 502},
		"503":  {status: 503},
		"504":  {status: 504, body: `<html>gateway timeout</html>`, headers: map[string]string{"Content-Type": "text/html"}},
		"drop": {drop: true},
	}
	for name, rep := range cases {
		t.Run(name, func(t *testing.T) {
			s := newCoreServer(t, rep, coreReply{body: `{"id":"should-not-be-reached"}`})
			c := coreClient(t, s.URL)
			_, err := c.CreateProductEnvironment(t.Context(), ProductEnvironmentCreateRequest{Name: "x"})
			var oue *OutcomeUnknownError
			if !errors.As(err, &oue) || !errors.Is(err, ErrOutcomeUnknown) {
				t.Fatalf("err = %T %v, want *OutcomeUnknownError", err, err)
			}
			if s.count() != 1 || c.Retries() != 0 {
				t.Errorf("attempts = %d, want exactly 1: a create is never blindly retried", s.count())
			}
			if oue.Operation != "createProductEnvironment" || oue.Method != "POST" ||
				oue.Path != "/v1_1/provisioning/accounts/acc-1234/sub_accounts" || oue.Err == nil {
				t.Errorf("OutcomeUnknownError = %+v", oue)
			}
			if name != "drop" {
				var apiErr *APIError
				if !errors.As(err, &apiErr) || strconv.Itoa(apiErr.StatusCode) != name {
					t.Errorf("the 5xx should be wrapped: %v", err)
				}
			}
			if !strings.Contains(err.Error(), "outcome unknown") {
				t.Errorf("message %q", err)
			}
		})
	}
}

func TestCreateTimeoutIsOutcomeUnknown(t *testing.T) {
	s := newCoreServer(t, coreReply{delay: time.Minute, body: `{"id":"late"}`})
	c := coreClient(t, s.URL, func(cfg *Config) { cfg.HTTPTimeout = time.Second })
	_, err := c.CreateUserGroup(t.Context(), UserGroupRequest{Name: "g"})
	if !errors.Is(err, ErrOutcomeUnknown) || s.count() != 1 {
		t.Fatalf("err=%v attempts=%d", err, s.count())
	}
}

func TestCreateDefiniteErrorsAreNotUnknown(t *testing.T) {
	for _, code := range []int{400, 401, 403, 409} {
		s := newCoreServer(t, coreReply{status: code, body: `{"error":{"message":"no"}}`})
		_, err := coreClient(t, s.URL).CreateUser(t.Context(), UserCreateRequest{Name: "n", Email: "e@x"})
		var apiErr *APIError
		if errors.Is(err, ErrOutcomeUnknown) || !errors.As(err, &apiErr) || apiErr.StatusCode != code || s.count() != 1 {
			t.Errorf("%d: err=%v attempts=%d", code, err, s.count())
		}
	}
}

func TestCreateFarRateLimitIsRateLimitError(t *testing.T) {
	s := newCoreServer(t, coreReply{status: 429, headers: map[string]string{"Retry-After": "7200"}})
	_, err := coreClient(t, s.URL).CreateUserGroup(t.Context(), UserGroupRequest{Name: "g"})
	var rle *RateLimitError
	if !errors.As(err, &rle) || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v", err)
	}
}

func TestCreateCancelledMidFlightIsOutcomeUnknown(t *testing.T) {
	s := newCoreServer(t, coreReply{delay: time.Minute, body: `{"id":"g"}`})
	c := coreClient(t, s.URL)
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	_, err := c.CreateUserGroup(ctx, UserGroupRequest{Name: "g"})
	if !errors.Is(err, ErrOutcomeUnknown) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want an unknown outcome wrapping the deadline", err)
	}
}

// --- pure functions ---------------------------------------------------------

func TestRateLimitWaitParsing(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	cases := []struct {
		name      string
		headers   map[string]string
		wait      time.Duration
		announced bool
	}{
		{"retry-after seconds", map[string]string{"Retry-After": "120"}, 2 * time.Minute, true},
		{"retry-after date", map[string]string{"Retry-After": now.Add(90 * time.Second).Format(http.TimeFormat)}, 90 * time.Second, true},
		{"retry-after wins", map[string]string{"Retry-After": "5", "X-FeatureRateLimit-Reset": now.Add(time.Hour).Format(http.TimeFormat)}, 5 * time.Second, true},
		{"reset http date", map[string]string{"X-FeatureRateLimit-Reset": now.Add(10 * time.Minute).Format(http.TimeFormat)}, 10 * time.Minute, true},
		{"reset epoch", map[string]string{"X-FeatureRateLimit-Reset": strconv.FormatInt(now.Add(3*time.Minute).Unix(), 10)}, 3 * time.Minute, true},
		{"reset rfc3339", map[string]string{"X-FeatureRateLimit-Reset": now.Add(time.Minute).Format(time.RFC3339)}, time.Minute, true},
		{"reset small number is a delay", map[string]string{"X-FeatureRateLimit-Reset": "30"}, 30 * time.Second, true},
		{"reset in the past", map[string]string{"X-FeatureRateLimit-Reset": now.Add(-time.Minute).Format(http.TimeFormat)}, 0, true},
		{"garbage", map[string]string{"Retry-After": "soon", "X-FeatureRateLimit-Reset": "later"}, 0, false},
		{"none", nil, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tc.headers {
				h.Set(k, v)
			}
			wait, reset, announced := rateLimitWait(h, now)
			if wait != tc.wait || announced != tc.announced {
				t.Errorf("wait=%s announced=%v, want %s %v", wait, announced, tc.wait, tc.announced)
			}
			if announced && !reset.Equal(now.Add(wait)) {
				t.Errorf("reset=%s", reset)
			}
		})
	}
}

func TestJitterBackoffBounds(t *testing.T) {
	minW, maxW := 100*time.Millisecond, time.Second
	for attempt := 0; attempt < 12; attempt++ {
		ceiling := min(maxW, minW*time.Duration(1<<attempt))
		for i := 0; i < 200; i++ {
			d := jitterBackoff(minW, maxW, attempt)
			if d < minW || d > ceiling {
				t.Fatalf("attempt %d: %s outside [%s, %s]", attempt, d, minW, ceiling)
			}
		}
	}
	if d := jitterBackoff(time.Second, time.Second, 1000); d != time.Second {
		t.Errorf("huge attempt: %s", d)
	}
}

func TestDialErrorClassification(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	if !isDialError(fmt.Errorf("wrapped: %w", refused)) {
		t.Error("refused dial not recognised")
	}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
	if isDialError(reset) {
		t.Error("a reset after sending is not a dial error")
	}
}
