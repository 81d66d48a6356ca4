package client

import (
	"errors"
	"testing"
)

// wrappedErr is what a Config.WrapError hook might return.
type wrappedErr struct{ err error }

func (w *wrappedErr) Error() string { return w.err.Error() }
func (w *wrappedErr) Unwrap() error { return w.err }

// TestWrapErrorSeesEveryFailedCall: Config.WrapError gets the error of a
// failed call, what it returns is what the caller gets, and the predicates
// still see the API error through it. Successful calls never reach it.
func TestWrapErrorSeesEveryFailedCall(t *testing.T) {
	s := newCoreServer(t, coreReply{status: 403, body: `{"error":{"message":"no"}}`})
	var seen []error
	c := coreClient(t, s.URL, func(cfg *Config) {
		cfg.MaxRetries = 0
		cfg.WrapError = func(err error) error {
			seen = append(seen, err)
			return &wrappedErr{err}
		}
	})
	_, err := c.GetUser(t.Context(), "u1")
	var w *wrappedErr
	if !errors.As(err, &w) {
		t.Fatalf("err = %T %v, want the hook's wrapper", err, err)
	}
	if !IsForbidden(err) {
		t.Errorf("IsForbidden(%v) = false through the wrapper", err)
	}
	if len(seen) != 1 {
		t.Fatalf("hook called %d times, want 1", len(seen))
	}
	var apiErr *APIError
	if !errors.As(seen[0], &apiErr) || apiErr.Operation != "getUser" {
		t.Errorf("hook got %T %v, want the getUser APIError", seen[0], seen[0])
	}

	ok := newCoreServer(t, coreReply{status: 200, body: `{"id":"u1"}`})
	calls := 0
	c2 := coreClient(t, ok.URL, func(cfg *Config) {
		cfg.WrapError = func(err error) error { calls++; return err }
	})
	if _, err := c2.GetUser(t.Context(), "u1"); err != nil {
		t.Fatal(err)
	}
	if calls != 0 {
		t.Errorf("hook called %d times for a successful call", calls)
	}
}
