package readcache

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// LoadConcurrency bounds the parts of one FetchAll running at once: a bound
// on goroutines, not on requests. Requests in flight are bounded by the
// client (max_parallel_requests, client.DefaultMaxParallelRequests), across
// every load and read of the process. Every read of a kind waits for its
// load, so a load's independent lists go out side by side as far as the
// client lets them (at 1,000 objects a refresh's loads are about 70 lists,
// which the prefetch starts together).
const LoadConcurrency = 64

// FetchAll calls fetch for parts 0..n-1, at most LoadConcurrency at a time,
// and returns the results in part order, so a load's result does not depend
// on which call answered first. The first error cancels the other calls.
func FetchAll[T any](ctx context.Context, n int, fetch func(ctx context.Context, part int) (T, error)) ([]T, error) {
	out := make([]T, n)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(LoadConcurrency)
	for i := range n {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err // an earlier part failed: do not start this one
			}
			v, err := fetch(gctx, i)
			out[i] = v
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}
