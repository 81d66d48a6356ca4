package readcache

import (
	"context"
	"sync"

	"golang.org/x/sync/singleflight"
)

// Kind names one collection of the read layer.
type Kind int

const (
	ProductEnvironments Kind = iota
	AccessKeys
	Users
	UserGroups
	Roles
	CustomPolicies
	PrincipalRoles
	// Catalog is the public permissions catalog (see Constant).
	Catalog
)

// allKinds is what an operation missing from writeInvalidates drops.
var allKinds = []Kind{ProductEnvironments, AccessKeys, Users, UserGroups, Roles, CustomPolicies, PrincipalRoles, Catalog}

// perObjectKinds are cached one object per key (roles: the list has no
// policies, so each is read on its own). Dropping their entries is enough
// after a write: the next read fetches that one object again, which is what
// a direct read would cost, and later reads reuse it.
var perObjectKinds = map[Kind]bool{Roles: true}

// key names one stored collection: its kind and, for kinds stored in parts
// (the keys of one environment, one role), which part.
type key struct {
	kind Kind
	part string
}

// cache holds the collections loaded in this process.
type cache struct {
	flight singleflight.Group

	mu       sync.Mutex
	loaded   map[key]any
	bypassed map[Kind]bool
	// generation grows on every invalidation, so that a load that started
	// before a write cannot store its (now stale) result after it.
	generation map[Kind]int
}

func newCache() *cache {
	return &cache{loaded: map[key]any{}, bypassed: map[Kind]bool{}, generation: map[Kind]int{}}
}

// load returns the collection stored under k, loading it with fetch on
// first use. ok is false when the kind is bypassed (written in this process,
// or a Direct context): the caller must then read the object directly.
func load[T any](ctx context.Context, c *cache, k key, fetch func(context.Context) (T, error)) (value T, ok bool, err error) {
	if IsDirect(ctx) {
		return value, false, nil
	}
	c.mu.Lock()
	if c.bypassed[k.kind] {
		c.mu.Unlock()
		return value, false, nil
	}
	if v, found := c.loaded[k]; found {
		c.mu.Unlock()
		return v.(T), true, nil //nolint:forcetypeassert // k always holds a T
	}
	gen := c.generation[k.kind]
	c.mu.Unlock()

	v, err := c.loadShared(ctx, k, gen, func(ctx context.Context) (any, error) { return fetch(ctx) })
	if err != nil {
		return value, false, err
	}
	return v.(T), true, nil //nolint:forcetypeassert // fetch returns a T
}

// loadShared runs fetch for k once for all callers in flight together, and
// stores the result unless the kind was invalidated since generation gen.
func (c *cache) loadShared(ctx context.Context, k key, gen int, fetch func(context.Context) (any, error)) (any, error) {
	v, err, _ := c.flight.Do(k.flightKey(), func() (any, error) {
		// A load that ended after the caller found nothing stored, and
		// before this call, has stored its result (singleflight only joins
		// calls still in flight): use it rather than list the whole
		// collection again.
		c.mu.Lock()
		stored, found := c.loaded[k]
		c.mu.Unlock()
		if found {
			return stored, nil
		}
		loaded, err := fetch(ctx)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		if c.generation[k.kind] == gen {
			c.loaded[k] = loaded
		}
		c.mu.Unlock()
		return loaded, nil
	})
	return v, err
}

// flightKey is k as singleflight's string key; the kind's number comes
// first, so parts of different kinds never collide.
func (k key) flightKey() string { return string(rune('A'+k.kind)) + "/" + k.part }

// peek returns what the cache holds under k, without loading it.
func peek[T any](c *cache, k key) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, found := c.loaded[k]
	if !found {
		var zero T
		return zero, false
	}
	t, ok := v.(T)
	return t, ok
}

// invalidate drops every collection of the given kinds and makes later reads
// of them direct.
func (c *cache) invalidate(kinds ...Kind) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, kind := range kinds {
		if !perObjectKinds[kind] {
			c.bypassed[kind] = true
		}
		c.generation[kind]++
		for k := range c.loaded {
			if k.kind == kind {
				delete(c.loaded, k)
			}
		}
	}
}

// isBypassed reports whether kind was written in this process.
func (c *cache) isBypassed(kind Kind) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bypassed[kind]
}

type directKey struct{}

// Direct returns a context whose reads bypass every collection: for the
// Read after an import (one object a person just named; loading whole
// collections for it would waste the hourly budget) and the lookup after a
// create whose outcome is unknown.
func Direct(ctx context.Context) context.Context { return context.WithValue(ctx, directKey{}, true) }

// IsDirect reports whether ctx came from Direct.
func IsDirect(ctx context.Context) bool { return ctx.Value(directKey{}) != nil }
