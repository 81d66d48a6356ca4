package readcache

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// Loaders: one function per collection, each built from list calls, the
// independent ones side by side (FetchAll).

// indexBy maps a list answer by each object's id.
func indexBy[T any](list []T, err error, id func(T) string) (map[string]T, error) {
	if err != nil {
		return nil, err
	}
	out := make(map[string]T, len(list))
	for _, v := range list {
		out[id(v)] = v
	}
	return out, nil
}

func loadProductEnvironments(c *client.Client) func(context.Context) (map[string]client.ProductEnvironment, error) {
	return func(ctx context.Context) (map[string]client.ProductEnvironment, error) {
		envs, err := c.GetProductEnvironments(ctx, nil)
		return indexBy(envs, err, func(e client.ProductEnvironment) string { return e.ID })
	}
}

func loadAccessKeys(c *client.Client, envID string) func(context.Context) (map[string]client.AccessKey, error) {
	return func(ctx context.Context) (map[string]client.AccessKey, error) {
		keys, err := c.ListAllAccessKeys(ctx, envID, nil)
		return indexBy(keys, err, func(k client.AccessKey) string { return k.APIKey })
	}
}

// UserEnvironments is the user × environment matrix: the users found in the
// environments' user lists and, for each, the sorted ids of the
// environments it reaches. A user who reaches none is not in it.
type UserEnvironments struct {
	Users map[string]client.User
	Envs  map[string][]string
}

// loadUserEnvironments reads the matrix with one user list per environment:
// E environments cost E lists instead of one GET /users/{id}/sub_accounts
// per user. Those lists carry the whole user object, so they serve every
// user who reaches an environment without a list of all users; a user who
// reaches none (rare: an empty sub_account_ids means every environment) is
// read directly, like any user the cache does not hold.
func loadUserEnvironments(c *client.Client, envs func(context.Context) (map[string]client.ProductEnvironment, error)) func(context.Context) (UserEnvironments, error) {
	return func(ctx context.Context) (UserEnvironments, error) {
		envMap, err := envs(ctx)
		if err != nil {
			return UserEnvironments{}, err
		}
		envIDs := slices.Sorted(maps.Keys(envMap))
		lists, err := FetchAll(ctx, len(envIDs), func(ctx context.Context, i int) ([]client.User, error) {
			return emptyIfEnvironmentGone(c.ListAllUsers(ctx, &client.UserListOptions{SubAccountID: client.Ptr(envIDs[i])}))
		})
		if err != nil {
			return UserEnvironments{}, err
		}
		m := UserEnvironments{Users: map[string]client.User{}, Envs: map[string][]string{}}
		// envIDs is sorted, so each user's environments come out sorted.
		for i, envID := range envIDs {
			for _, u := range lists[i] {
				m.Users[u.ID] = u
				m.Envs[u.ID] = append(m.Envs[u.ID], envID)
			}
		}
		return m, nil
	}
}

func loadUserGroups(c *client.Client) func(context.Context) (map[string]client.UserGroup, error) {
	return func(ctx context.Context) (map[string]client.UserGroup, error) {
		groups, err := c.GetUserGroups(ctx, &client.UserGroupOptions{ExtendedDetails: client.Ptr(true)})
		return indexBy(groups, err, func(g client.UserGroup) string { return g.ID })
	}
}

// loadCustomPolicies reads the account-scope policies and those of each
// environment (the list endpoint takes one scope at a time; a policy scoped
// to every environment shows in each list and is kept once).
func loadCustomPolicies(c *client.Client, envs func(context.Context) (map[string]client.ProductEnvironment, error)) func(context.Context) (map[string]client.CustomPolicy, error) {
	return func(ctx context.Context) (map[string]client.CustomPolicy, error) {
		envMap, err := envs(ctx)
		if err != nil {
			return nil, err
		}
		envIDs := slices.Sorted(maps.Keys(envMap))
		// Part 0 is the account scope; part i > 0 environment envIDs[i-1].
		lists, err := FetchAll(ctx, 1+len(envIDs), func(ctx context.Context, i int) ([]client.CustomPolicy, error) {
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

// Principal identifies a principal: its type and id.
type Principal struct {
	Type client.PrincipalType
	ID   string
}

// loadPrincipalRoles reads every assignment with inspect, which lists only
// principals that hold roles, 20 a page, once per scope type (the two walks
// side by side). Should the service refuse a prodenv inspect without a
// scope_id (400), it inspects each environment instead.
func loadPrincipalRoles(c *client.Client, envs func(context.Context) (map[string]client.ProductEnvironment, error)) func(context.Context) (map[Principal][]client.AssignedRole, error) {
	return func(ctx context.Context) (map[Principal][]client.AssignedRole, error) {
		scopes := []client.ScopeType{client.ScopeTypeAccount, client.ScopeTypeProdenv}
		lists, err := FetchAll(ctx, len(scopes), func(ctx context.Context, i int) ([]client.InspectedPrincipal, error) {
			principals, err := c.InspectAll(ctx, client.InspectOptions{ScopeType: scopes[i]})
			var apiErr *client.APIError
			if scopes[i] == client.ScopeTypeProdenv && errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusBadRequest {
				return inspectEachEnvironment(ctx, c, envs)
			}
			return principals, err
		})
		if err != nil {
			return nil, err
		}
		out := map[Principal][]client.AssignedRole{}
		for _, principals := range lists {
			for _, p := range principals {
				k := Principal{p.Type, p.ID}
				out[k] = append(out[k], p.Roles...)
			}
		}
		return out, nil
	}
}

func inspectEachEnvironment(ctx context.Context, c *client.Client, envs func(context.Context) (map[string]client.ProductEnvironment, error)) ([]client.InspectedPrincipal, error) {
	envMap, err := envs(ctx)
	if err != nil {
		return nil, err
	}
	envIDs := slices.Sorted(maps.Keys(envMap))
	lists, err := FetchAll(ctx, len(envIDs), func(ctx context.Context, i int) ([]client.InspectedPrincipal, error) {
		return emptyIfEnvironmentGone(c.InspectAll(ctx, client.InspectOptions{ScopeType: client.ScopeTypeProdenv, ScopeID: client.Ptr(envIDs[i])}))
	})
	if err != nil {
		return nil, err
	}
	return slices.Concat(lists...), nil
}
