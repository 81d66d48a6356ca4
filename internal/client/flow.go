package client

import (
	"context"
	"net/http"
	"strconv"
	"strings"
)

// Flow control: how many calls a client has in flight, and what the API
// last said is left of its hourly budget.

// DefaultMaxParallelRequests bounds the calls one client has in flight when
// Config.MaxParallelRequests is zero. Terraform's own workers bring at most
// 10 (its -parallelism); a refresh's list loads add their pages on top: at
// 16 the first wave of a 1,000-object refresh's prefetch queued, at 32 it
// goes out at once (BENCHMARKS.md). The API meters requests per hour, not
// connections; the bound is for the servers and proxies in between.
const DefaultMaxParallelRequests = 32

// slots is a counting semaphore; nil means no bound.
type slots chan struct{}

func newSlots(n int) slots {
	if n <= 0 {
		return nil
	}
	return make(slots, n)
}

// acquire waits for a free slot, or for ctx to end (then nothing was sent).
func (s slots) acquire(ctx context.Context) error {
	if s == nil {
		return nil
	}
	select {
	case s <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s slots) release() {
	if s != nil {
		<-s
	}
}

// recordRemaining keeps the X-FeatureRateLimit-Remaining of an answer, when
// it is a number.
func (c *Client) recordRemaining(resp *http.Response) {
	if resp == nil {
		return
	}
	if n, err := strconv.ParseInt(strings.TrimSpace(resp.Header.Get("X-FeatureRateLimit-Remaining")), 10, 64); err == nil && n >= 0 {
		c.remaining.Store(n)
	}
}

// RateLimitRemaining returns the X-FeatureRateLimit-Remaining of the last
// answer that carried one: how many requests the account's hourly budget
// had left then. ok is false until an answer has said.
func (c *Client) RateLimitRemaining() (remaining int64, ok bool) {
	if n := c.remaining.Load(); n >= 0 {
		return n, true
	}
	return 0, false
}
