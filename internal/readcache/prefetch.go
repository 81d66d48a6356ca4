package readcache

import (
	"context"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Prefetch: a refresh reads every object of the state, in the order of
// Terraform's dependency graph, so left alone the loads start one kind after
// another: environments when the first environment is read, their keys and
// users once those reads arrive, assignments last. Each waits for the one
// before, and at 150 ms a request that chain, not the number of requests,
// is what the plan waits for. Prefetch starts them all at once, at the
// first read of the process. Custom roles are not among them: each is read
// on its own (the role list carries no policies), so prefetching them costs a
// getRole per role also to workspaces that manage none, and at 1,000 objects
// and 150 ms it made the refresh no faster (their reads overlap the inspect
// walks, the longest chain).
//
// Rules (prefetch_test.go):
//
//  6. Once, at the first read that may use a collection: a Direct context
//     (an import's read, a lookup) starts nothing, and a process that never
//     reads (validate, apply) loads nothing (TestPrefetch_startsOnceAtTheFirstRead,
//     _directReadStartsNothing).
//  7. The same loads the reads would make: a prefetch only starts the
//     single-flight loads of rule 2, so a read that arrives meanwhile joins
//     the load in flight and none is made twice; a failed prefetch is not
//     kept, and the read that needs it loads again and reports the error
//     (TestPrefetch_readsJoinTheLoads, _failureIsNotKept).
//  8. Within the budget: when the API has said how many requests the hour
//     has left (X-FeatureRateLimit-Remaining), a load that would take it
//     below the reserve, counting the loads the prefetch started before it,
//     is not started, and a log line names what was skipped; those kinds
//     load when a read needs them, as without prefetch
//     (TestPrefetch_keepsTheReserve).
//  9. Writes still win: a prefetch that ends after a write of its kind does
//     not store its result: its loads are rule 2's, with rule 3's generation
//     check (TestCache_loadStartedBeforeWriteIsNotKept).

// PrefetchOptions configure Prefetch.
type PrefetchOptions struct {
	// Disabled turns Prefetch off: each kind loads at its first read.
	Disabled bool
	// Reserve is the number of requests of the hourly budget a prefetch
	// leaves untouched.
	Reserve int64
}

// SetPrefetch configures Prefetch; call it before the first read.
func (r *Reader) SetPrefetch(o PrefetchOptions) { r.prefetchOpts = o }

// prefetchLoad is one load a prefetch may start: what it is called in the
// log, what it costs at most in requests, and how to run it.
type prefetchLoad struct {
	name string
	cost int
	run  func(context.Context) error
}

// Prefetch starts, once per Reader and in the background, the loads of
// every collection a refresh reads (rules 6-9). It returns at once.
func (r *Reader) Prefetch(ctx context.Context) {
	if r.prefetchOpts.Disabled || IsDirect(ctx) {
		return
	}
	r.prefetchOnce.Do(func() {
		// The read that started it ends long before the loads do; its
		// values (the logger) are kept, its cancellation is not.
		ctx := context.WithoutCancel(ctx)
		r.prefetchDone = make(chan struct{})
		go func() {
			defer close(r.prefetchDone)
			r.prefetchAll(ctx)
		}()
	})
}

// prefetchAll runs the loads that need nothing first, then, once the
// environments are known, those made one list per environment.
func (r *Reader) prefetchAll(ctx context.Context) {
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		skipped []string
		started int // requests of the loads started so far, at most
	)
	// afford reports whether cost more requests leave the reserve
	// untouched, counting those already started against what the API said
	// last (its figure may already count some of them: the count errs on
	// the side of the reserve), and if so counts them as started.
	afford := func(cost int) bool {
		mu.Lock()
		defer mu.Unlock()
		if remaining, ok := r.c.RateLimitRemaining(); ok && remaining-int64(started+cost) < r.prefetchOpts.Reserve {
			return false
		}
		started += cost
		return true
	}
	skip := func(name string) {
		mu.Lock()
		defer mu.Unlock()
		skipped = append(skipped, name)
	}
	start := func(l prefetchLoad) {
		if !afford(l.cost) {
			skip(l.name)
			return
		}
		wg.Go(func() {
			if err := l.run(ctx); err != nil {
				// Not kept (rule 7): the read that needs it loads again and
				// reports the error where it belongs.
				tflog.Debug(ctx, "Prefetch load failed; a read that needs it loads it again", map[string]any{"load": l.name, "error": err.Error()})
			}
		})
	}
	start(prefetchLoad{"user groups", 1, func(ctx context.Context) error { _, err := r.UserGroups(ctx); return err }})
	start(prefetchLoad{"role assignments", 4, func(ctx context.Context) error { _, err := r.AllPrincipalRoles(ctx); return err }})
	if afford(1) {
		if envs, err := r.ProductEnvironments(ctx); err == nil {
			n := len(envs)
			start(prefetchLoad{"users", n, func(ctx context.Context) error { _, _, err := r.UserEnvironments(ctx); return err }})
			start(prefetchLoad{"custom policies", n + 1, func(ctx context.Context) error { _, err := r.CustomPolicies(ctx); return err }})
			for id := range envs {
				start(prefetchLoad{"access keys of " + id, 1, func(ctx context.Context) error { _, err := r.AccessKeys(ctx, id); return err }})
			}
		}
	} else {
		skip("product environments, and the users, custom policies and access keys listed per environment")
	}
	wg.Wait()
	if len(skipped) > 0 {
		remaining, _ := r.c.RateLimitRemaining()
		tflog.Info(ctx, "Prefetch skipped loads that would take the hourly request budget below the reserve; they load when a read needs them", map[string]any{
			"skipped":   strings.Join(skipped, ", "),
			"remaining": remaining,
			"reserve":   r.prefetchOpts.Reserve,
		})
	}
}

// waitPrefetch waits for the prefetch to end, when one started: for tests.
func (r *Reader) waitPrefetch() {
	if r.prefetchDone != nil {
		<-r.prefetchDone
	}
}
