package provider

import (
	"context"
	"maps"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/singleflight"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// snapshot answers the read layer from whole collections loaded with list
// calls, so that refreshing N objects costs about as many requests as there
// are list pages, not N (the API is metered per hour; see docs/index.md).
//
// Rules, in order of importance:
//   - It lives only inside one provider process: nothing is ever persisted.
//   - The first read of a kind loads the whole collection, once, however many
//     reads ask at the same time (singleflight).
//   - After any write of a kind, that kind bypasses the snapshot for the rest
//     of the process: reads after a write go to the API, one object at a
//     time. (Reloading the whole collection after each write would cost far
//     more during an apply.) Which kinds a write touches is said once, in
//     snapshot_writes.go; the client reports every write, so no resource
//     invalidates by hand.
//   - An object missing from a snapshot is confirmed with a direct read before
//     the caller is told it is gone (see reads.go).
type snapshot struct {
	flight singleflight.Group

	mu       sync.Mutex
	loaded   map[string]any
	bypassed map[readKind]bool
	// generation grows on every invalidation, so that a load that started
	// before a write cannot store its (now stale) result after it.
	generation map[readKind]int
}

func newSnapshot() *snapshot {
	return &snapshot{loaded: map[string]any{}, bypassed: map[readKind]bool{}, generation: map[readKind]int{}}
}

// load returns the collection stored under key, loading it with fetch on
// first use. ok is false when the kind is bypassed: the caller must then read
// the object directly.
func snapshotLoad[T any](ctx context.Context, s *snapshot, kind readKind, key string, fetch func(context.Context) (T, error)) (value T, ok bool, err error) {
	if directReadsOnly(ctx) {
		return value, false, nil
	}
	s.mu.Lock()
	if s.bypassed[kind] {
		s.mu.Unlock()
		return value, false, nil
	}
	if v, found := s.loaded[key]; found {
		s.mu.Unlock()
		return v.(T), true, nil //nolint:forcetypeassert // key always holds a T
	}
	gen := s.generation[kind]
	s.mu.Unlock()

	v, err := s.loadShared(ctx, kind, key, gen, func(ctx context.Context) (any, error) { return fetch(ctx) })
	if err != nil {
		return value, false, err
	}
	return v.(T), true, nil //nolint:forcetypeassert // fetch returns a T
}

// loadShared runs fetch for key once for all callers in flight together, and
// stores the result unless the kind was invalidated since generation gen.
func (s *snapshot) loadShared(ctx context.Context, kind readKind, key string, gen int, fetch func(context.Context) (any, error)) (any, error) {
	v, err, _ := s.flight.Do(key, func() (any, error) {
		// A load that ended after the caller found nothing stored, and
		// before this call, has stored its result (singleflight only joins
		// calls still in flight): use it rather than list the whole
		// collection again.
		s.mu.Lock()
		stored, found := s.loaded[key]
		s.mu.Unlock()
		if found {
			return stored, nil
		}
		loaded, err := fetch(ctx)
		if err != nil {
			return nil, err
		}
		s.mu.Lock()
		if s.generation[kind] == gen {
			s.loaded[key] = loaded
		}
		s.mu.Unlock()
		return loaded, nil
	})
	return v, err
}

// invalidate drops every collection of the given kinds and makes later reads
// of them direct.
func (s *snapshot) invalidate(kinds ...readKind) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range kinds {
		if !perObjectKinds[k] {
			s.bypassed[k] = true
		}
		s.generation[k]++
		prefix := kindKeyPrefix[k]
		for key := range s.loaded {
			if len(key) >= len(prefix) && key[:len(prefix)] == prefix {
				delete(s.loaded, key)
			}
		}
	}
}

// perObjectKinds are cached one object per key (roles: the list has no
// policies, so each is read on its own). Dropping their entries is enough
// after a write: the next read fetches that one object again, which is what
// a direct read would cost, and later reads reuse it.
var perObjectKinds = map[readKind]bool{kindRoles: true}

// kindKeyPrefix maps a kind to the prefix of its snapshot keys.
var kindKeyPrefix = map[readKind]string{
	kindProductEnvironments: "envs",
	kindAccessKeys:          "keys/",
	kindUsers:               "users",
	kindUserGroups:          "groups",
	kindRoles:               "roles/",
	kindCustomPolicies:      "policies",
	kindPrincipalRoles:      "principal_roles",
	kindCatalog:             "catalog",
}

// --- Loaders: one function per collection, each built from list calls. ---

func loadProductEnvironments(c *client.Client) func(context.Context) (map[string]client.ProductEnvironment, error) {
	return func(ctx context.Context) (map[string]client.ProductEnvironment, error) {
		envs, err := c.GetProductEnvironments(ctx, nil)
		if err != nil {
			return nil, err
		}
		out := make(map[string]client.ProductEnvironment, len(envs))
		for _, e := range envs {
			out[e.ID] = e
		}
		return out, nil
	}
}

func loadAccessKeys(c *client.Client, envID string) func(context.Context) (map[string]client.AccessKey, error) {
	return func(ctx context.Context) (map[string]client.AccessKey, error) {
		keys, err := c.ListAllAccessKeys(ctx, envID, nil)
		if err != nil {
			return nil, err
		}
		out := make(map[string]client.AccessKey, len(keys))
		for _, k := range keys {
			out[k.APIKey] = k
		}
		return out, nil
	}
}

// usersSnapshot holds the users found in the environments' user lists and,
// for each, the environments it reaches.
type usersSnapshot struct {
	users map[string]client.User
	envs  map[string][]string
}

// loadUsersByEnvironment reads the user × environment matrix with one user
// list per environment: E environments cost E lists instead of one GET
// /users/{id}/sub_accounts per user. Those lists carry the whole user
// object, so they serve every user who reaches an environment without a list
// of all users; a user who reaches none (rare: an empty sub_account_ids
// means every environment) is read directly, like any user the snapshot
// does not hold. The lists are independent, so they run side by side
// (fetchAll).
func loadUsersByEnvironment(c *client.Client, envs func(context.Context) (map[string]client.ProductEnvironment, error)) func(context.Context) (usersSnapshot, error) {
	return func(ctx context.Context) (usersSnapshot, error) {
		envMap, err := envs(ctx)
		if err != nil {
			return usersSnapshot{}, err
		}
		envIDs := slices.Sorted(maps.Keys(envMap))
		lists, err := fetchAll(ctx, len(envIDs), func(ctx context.Context, i int) ([]client.User, error) {
			return emptyIfEnvironmentGone(c.ListAllUsers(ctx, &client.UserListOptions{SubAccountID: client.Ptr(envIDs[i])}))
		})
		if err != nil {
			return usersSnapshot{}, err
		}
		snap := usersSnapshot{users: map[string]client.User{}, envs: map[string][]string{}}
		// envIDs is sorted, so each user's environments come out sorted.
		for i, envID := range envIDs {
			for _, u := range lists[i] {
				snap.users[u.ID] = u
				snap.envs[u.ID] = append(snap.envs[u.ID], envID)
			}
		}
		return snap, nil
	}
}

func loadUserGroups(c *client.Client) func(context.Context) (map[string]client.UserGroup, error) {
	return func(ctx context.Context) (map[string]client.UserGroup, error) {
		groups, err := c.GetUserGroups(ctx, &client.UserGroupOptions{ExtendedDetails: client.Ptr(true)})
		if err != nil {
			return nil, err
		}
		out := make(map[string]client.UserGroup, len(groups))
		for _, g := range groups {
			out[g.ID] = g
		}
		return out, nil
	}
}

// loadCustomPolicies reads the account-scope policies and those of each
// environment (the list endpoint takes one scope at a time), side by side.
func loadCustomPolicies(c *client.Client, envs func(context.Context) (map[string]client.ProductEnvironment, error)) func(context.Context) (map[string]client.CustomPolicy, error) {
	return func(ctx context.Context) (map[string]client.CustomPolicy, error) {
		envMap, err := envs(ctx)
		if err != nil {
			return nil, err
		}
		envIDs := slices.Sorted(maps.Keys(envMap))
		// Part 0 is the account scope; part i > 0 environment envIDs[i-1].
		lists, err := fetchAll(ctx, 1+len(envIDs), func(ctx context.Context, i int) ([]client.CustomPolicy, error) {
			if i == 0 {
				return c.ListAllCustomPolicies(ctx, &client.GetCustomPoliciesOptions{ScopeType: client.Ptr(client.ScopeTypeAccount)})
			}
			return emptyIfEnvironmentGone(c.ListAllCustomPolicies(ctx,
				&client.GetCustomPoliciesOptions{ScopeType: client.Ptr(client.ScopeTypeProdenv), ScopeID: client.Ptr(envIDs[i-1])}))
		})
		if err != nil {
			return nil, err
		}
		out := map[string]client.CustomPolicy{}
		for _, list := range lists {
			for _, p := range list {
				out[p.ID] = p
			}
		}
		return out, nil
	}
}

// emptyIfEnvironmentGone reads a 404 from one environment's list as an
// empty list. The environment was deleted after the environment list was
// read, so it holds nothing now, and an object the load then lacks is read
// directly. Passed on, the 404 would tell every reader sharing the load that
// its own object is gone, and Terraform would drop existing objects from
// state.
func emptyIfEnvironmentGone[T any](list []T, err error) ([]T, error) {
	if client.IsNotFound(err) {
		return nil, nil
	}
	return list, err
}

// principalKey identifies a principal in the principal-roles snapshot.
type principalKey struct{ typ, id string }

// loadPrincipalRoles reads every assignment with inspect, which lists only
// principals that hold roles, 20 a page, once per scope type (the two walks
// side by side).
func loadPrincipalRoles(c *client.Client) func(context.Context) (map[principalKey][]client.AssignedRole, error) {
	return func(ctx context.Context) (map[principalKey][]client.AssignedRole, error) {
		scopes := []client.ScopeType{client.ScopeTypeAccount, client.ScopeTypeProdenv}
		lists, err := fetchAll(ctx, len(scopes), func(ctx context.Context, i int) ([]client.InspectedPrincipal, error) {
			return c.InspectAll(ctx, client.InspectOptions{ScopeType: scopes[i]})
		})
		if err != nil {
			return nil, err
		}
		out := map[principalKey][]client.AssignedRole{}
		for _, principals := range lists {
			for _, p := range principals {
				k := principalKey{string(p.Type), p.ID}
				out[k] = append(out[k], p.Roles...)
			}
		}
		return out, nil
	}
}

// loadConcurrency bounds the list calls one snapshot load has in flight.
// Every read of a kind waits for its load, and with Terraform's 10 workers
// all waiting, a load of 25 sequential lists (users at 1,000 objects, when
// they were read with a list of every user first) held the whole refresh for
// 25 round trips; 4 at a time cut that to about 7,
// and stays polite to an API metered per hour, not per connection.
const loadConcurrency = 4

// fetchAll calls fetch for parts 0..n-1, at most loadConcurrency at a time,
// and returns the results in part order, so a load's result does not depend
// on which call answered first. The first error cancels the other calls.
func fetchAll[T any](ctx context.Context, n int, fetch func(ctx context.Context, part int) (T, error)) ([]T, error) {
	out := make([]T, n)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(loadConcurrency)
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

// Imports read fresh: the Read that follows an ImportState is one object
// that a person just named, so it goes straight to the API instead of
// loading whole collections into a snapshot for it. ImportState leaves a
// mark in the resource's private state; the Read after it sees the mark,
// removes it, and reads directly.

const privateImportedKey = "imported"

type directReadsKey struct{}

func directReadsOnly(ctx context.Context) bool { return ctx.Value(directReadsKey{}) != nil }

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// markImported is called first thing in every ImportState.
func markImported(ctx context.Context, private privateSetter, diags *diag.Diagnostics) {
	diags.Append(private.SetKey(ctx, privateImportedKey, []byte("true"))...)
}

// readFreshAfterImport is called first thing in every Read: after an import
// it returns a context whose reads bypass the snapshot, and clears the mark.
func readFreshAfterImport(ctx context.Context, in privateGetter, out privateSetter, diags *diag.Diagnostics) context.Context {
	mark, d := in.GetKey(ctx, privateImportedKey)
	diags.Append(d...)
	if len(mark) == 0 {
		return ctx
	}
	diags.Append(out.SetKey(ctx, privateImportedKey, nil)...)
	return context.WithValue(ctx, directReadsKey{}, true)
}
