package readcache

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// LoadConcurrency bounds the list calls one load has in flight. Every read
// of a kind waits for its load, and with Terraform's 10 workers all waiting,
// a load of 25 sequential lists (users at 1,000 objects, when they were read
// with a list of every user first) held the whole refresh for 25 round
// trips; 4 at a time cut that to about 7, and stays polite to an API metered
// per hour, not per connection.
const LoadConcurrency = 4

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
