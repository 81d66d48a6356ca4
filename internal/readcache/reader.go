package readcache

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// Reader answers reads from the collections of one process (see the
// package doc for its rules). Writes go to the client itself; the Reader
// hears of them through the client's OnWrite hook.
type Reader struct {
	c     *client.Client
	cache *cache

	prefetchOpts PrefetchOptions
	prefetchOnce sync.Once
	prefetchDone chan struct{} // closed when the prefetch has ended
}

// New returns a Reader over c and binds c's writes to it: from now on every
// write through c invalidates what it makes stale (writes.go). It replaces
// any OnWrite hook c had.
func New(c *client.Client) *Reader {
	r := &Reader{c: c, cache: newCache()}
	c.OnWrite(r.cache.invalidateAfterWrite)
	return r
}

// WrittenHere reports whether this process has written objects of the kind:
// reads of it now go to the API.
func (r *Reader) WrittenHere(kind Kind) bool { return r.cache.isBypassed(kind) }

// Constant returns the value stored under name, fetching it on first use:
// for what no write of the account changes (the public permissions
// catalog). A failed fetch is not kept.
func Constant[T any](ctx context.Context, r *Reader, name string, fetch func(context.Context) (T, error)) (T, error) {
	return collection(ctx, r.cache, key{Catalog, name}, fetch)
}

// collection returns what k holds, loading it on first use; when the kind
// is bypassed, fetch answers this caller alone.
func collection[T any](ctx context.Context, c *cache, k key, fetch func(context.Context) (T, error)) (T, error) {
	v, ok, err := load(ctx, c, k, fetch)
	if err != nil || ok {
		return v, err
	}
	return fetch(ctx)
}

// member returns the object with this id from the collection under k, or
// reads it directly when the collection does not hold it (rule 5) or the
// kind is bypassed.
func member[T any](ctx context.Context, c *cache, k key, fetch func(context.Context) (map[string]T, error),
	id string, direct func(context.Context, string) (*T, error)) (*T, error) {
	all, ok, err := load(ctx, c, k, fetch)
	if err != nil {
		return nil, err
	}
	if v, found := all[id]; ok && found {
		return &v, nil
	}
	return direct(ctx, id)
}

func notFound(what, id string) error {
	return &client.APIError{StatusCode: http.StatusNotFound, Message: fmt.Sprintf("%s %q not found", what, id)}
}

// ProductEnvironments returns every product environment by id.
func (r *Reader) ProductEnvironments(ctx context.Context) (map[string]client.ProductEnvironment, error) {
	return collection(ctx, r.cache, key{kind: ProductEnvironments}, loadProductEnvironments(r.c))
}

// ProductEnvironment reads one product environment.
func (r *Reader) ProductEnvironment(ctx context.Context, id string) (*client.ProductEnvironment, error) {
	return member(ctx, r.cache, key{kind: ProductEnvironments}, loadProductEnvironments(r.c), id, r.c.GetProductEnvironment)
}

// AccessKeys returns the access keys of one environment by api_key.
func (r *Reader) AccessKeys(ctx context.Context, envID string) (map[string]client.AccessKey, error) {
	return collection(ctx, r.cache, key{AccessKeys, envID}, loadAccessKeys(r.c, envID))
}

// AccessKey finds one key in its environment's key list: the API has no
// endpoint that reads a single key, so one list serves every key of an
// environment.
func (r *Reader) AccessKey(ctx context.Context, envID, apiKey string) (*client.AccessKey, error) {
	return member(ctx, r.cache, key{AccessKeys, envID}, loadAccessKeys(r.c, envID), apiKey,
		func(ctx context.Context, apiKey string) (*client.AccessKey, error) {
			fresh, err := loadAccessKeys(r.c, envID)(ctx)
			if err != nil {
				return nil, err
			}
			if k, found := fresh[apiKey]; found {
				return &k, nil
			}
			return nil, notFound("access key", apiKey)
		})
}

// AccessKeyEnvironment returns the id of the environment that has an access
// key with this api_key, or "": one key list per environment, side by side,
// shared with AccessKey.
func (r *Reader) AccessKeyEnvironment(ctx context.Context, apiKey string) (string, error) {
	envs, err := r.ProductEnvironments(ctx)
	if err != nil {
		return "", err
	}
	envIDs := slices.Sorted(maps.Keys(envs))
	lists, err := FetchAll(ctx, len(envIDs), func(ctx context.Context, i int) (map[string]client.AccessKey, error) {
		keys, err := r.AccessKeys(ctx, envIDs[i])
		if client.IsNotFound(err) {
			return nil, nil // the environment is gone, and its keys with it
		}
		return keys, err
	})
	if err != nil {
		return "", err
	}
	for i, keys := range lists {
		if _, found := keys[apiKey]; found {
			return envIDs[i], nil
		}
	}
	return "", nil
}

// UserEnvironments returns the user × environment matrix, or ok false when
// users were written in this process (or ctx is Direct).
func (r *Reader) UserEnvironments(ctx context.Context) (m UserEnvironments, ok bool, err error) {
	return load(ctx, r.cache, key{kind: Users}, loadUserEnvironments(r.c, r.ProductEnvironments))
}

// User returns the user and the sorted ids of the environments it can reach
// (the user object itself does not always carry them).
func (r *Reader) User(ctx context.Context, id string) (*client.User, []string, error) {
	m, ok, err := r.UserEnvironments(ctx)
	if err != nil {
		return nil, nil, err
	}
	if u, found := m.Users[id]; ok && found {
		return &u, m.Envs[id], nil
	}
	// In no environment's list: a user who reaches none, one created since
	// the lists were read, or one who is gone.
	return r.UserDirect(ctx, id)
}

// UserDirect reads one user from the API: one request when the answer lists
// the environments of a restricted user (the real service does), two
// otherwise.
func (r *Reader) UserDirect(ctx context.Context, id string) (*client.User, []string, error) {
	u, err := r.c.GetUser(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	ids, err := r.UserEnvironmentIDs(ctx, u)
	if err != nil {
		return nil, nil, err
	}
	return u, ids, nil
}

// UserEnvironmentIDs returns the sorted ids of the environments the user
// can reach: from the user object when it says (a restricted user's
// sub_account_ids, string or array), else with GET users/{id}/sub_accounts.
func (r *Reader) UserEnvironmentIDs(ctx context.Context, u *client.User) ([]string, error) {
	ids, ok := u.RestrictedSubAccountIDs()
	if !ok {
		envs, err := r.c.GetSubAccountsForUser(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		ids = make([]string, 0, len(envs))
		for _, e := range envs {
			ids = append(ids, e.ID)
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// UserWithoutEnvironments reads a user without the environments it
// reaches: from the matrix, else directly with one request.
func (r *Reader) UserWithoutEnvironments(ctx context.Context, id string) (*client.User, error) {
	m, ok, err := r.UserEnvironments(ctx)
	if err != nil {
		return nil, err
	}
	if u, found := m.Users[id]; ok && found {
		return &u, nil
	}
	return r.c.GetUser(ctx, id)
}

// UserByEmail finds a user by email (case-insensitively, as the API treats
// emails) and returns it with the ids of the environments it can reach,
// like User. It backs import by email and the create-once lookup.
func (r *Reader) UserByEmail(ctx context.Context, email string) (*client.User, []string, error) {
	u, err := r.lookUpEmail(ctx, email)
	if err != nil {
		return nil, nil, err
	}
	if u == nil {
		return nil, nil, notFound("user with email", email)
	}
	ids, err := r.UserEnvironmentIDs(ctx, u)
	if err != nil {
		return nil, nil, err
	}
	return u, ids, nil
}

// UserWithEmail finds the user with this email (ignoring letter case), or
// nil: in the matrix when it is loaded already, else with one request.
func (r *Reader) UserWithEmail(ctx context.Context, email string) (*client.User, error) {
	if m, ok := peek[UserEnvironments](r.cache, key{kind: Users}); ok && !IsDirect(ctx) {
		for _, id := range slices.Sorted(maps.Keys(m.Users)) {
			if u := m.Users[id]; strings.EqualFold(u.Email, email) {
				return &u, nil
			}
		}
	}
	return r.lookUpEmail(ctx, email)
}

// lookUpEmail asks the API for the user with this email, or nil.
func (r *Reader) lookUpEmail(ctx context.Context, email string) (*client.User, error) {
	users, err := r.c.GetUsers(ctx, &client.UserListOptions{Emails: []string{email}})
	if err != nil {
		return nil, err
	}
	for i := range users {
		if strings.EqualFold(users[i].Email, email) {
			return &users[i], nil
		}
	}
	return nil, nil
}

// UserGroups returns every user group by id, with its members (one list
// call).
func (r *Reader) UserGroups(ctx context.Context) (map[string]client.UserGroup, error) {
	return collection(ctx, r.cache, key{kind: UserGroups}, loadUserGroups(r.c))
}

// UserGroup returns the group with its members.
func (r *Reader) UserGroup(ctx context.Context, id string) (*client.UserGroup, error) {
	return member(ctx, r.cache, key{kind: UserGroups}, loadUserGroups(r.c), id,
		func(ctx context.Context, id string) (*client.UserGroup, error) {
			return r.c.GetUserGroup(ctx, id, &client.UserGroupOptions{ExtendedDetails: client.Ptr(true)})
		})
}

// Role reads one role with its policies (the role list carries none, so it
// cannot serve this), once per process: many assignments check the same
// role at plan time. Errors, such as a role that does not exist yet, are
// not kept.
func (r *Reader) Role(ctx context.Context, id string) (*client.Role, error) {
	return collection(ctx, r.cache, key{Roles, id}, func(ctx context.Context) (*client.Role, error) { return r.c.GetRole(ctx, id, nil) })
}

// CustomPolicies returns every custom policy of the account by id.
func (r *Reader) CustomPolicies(ctx context.Context) (map[string]client.CustomPolicy, error) {
	return collection(ctx, r.cache, key{kind: CustomPolicies}, loadCustomPolicies(r.c, r.ProductEnvironments))
}

// CustomPolicy reads one custom policy.
func (r *Reader) CustomPolicy(ctx context.Context, id string) (*client.CustomPolicy, error) {
	return member(ctx, r.cache, key{kind: CustomPolicies}, loadCustomPolicies(r.c, r.ProductEnvironments), id, r.c.GetCustomPolicy)
}

// AllPrincipalRoles returns every role assignment of the account, by
// principal.
func (r *Reader) AllPrincipalRoles(ctx context.Context) (map[Principal][]client.AssignedRole, error) {
	return collection(ctx, r.cache, key{kind: PrincipalRoles}, loadPrincipalRoles(r.c, r.ProductEnvironments))
}

// PrincipalRoles returns every role a principal holds, from one inspect
// walk per scope type for the whole account.
func (r *Reader) PrincipalRoles(ctx context.Context, principalType client.PrincipalType, principalID string) ([]client.AssignedRole, error) {
	all, ok, err := load(ctx, r.cache, key{kind: PrincipalRoles}, loadPrincipalRoles(r.c, r.ProductEnvironments))
	if err != nil {
		return nil, err
	}
	if roles, found := all[Principal{principalType, principalID}]; ok && found {
		return roles, nil
	}
	return r.PrincipalRolesDirect(ctx, principalType, principalID)
}

// PrincipalRolesDirect asks the API about one principal. The API requires
// permission_type, so this takes one call per type.
func (r *Reader) PrincipalRolesDirect(ctx context.Context, principalType client.PrincipalType, principalID string) ([]client.AssignedRole, error) {
	var all []client.AssignedRole
	for _, pt := range []client.PermissionType{client.PermissionTypeGlobal, client.PermissionTypeContent} {
		roles, err := r.c.GetPrincipalRoles(ctx, client.GetPrincipalRolesOptions{
			PrincipalType: principalType, PrincipalID: principalID, PermissionType: pt,
		})
		if err != nil {
			return nil, err
		}
		all = append(all, roles...)
	}
	return all, nil
}
