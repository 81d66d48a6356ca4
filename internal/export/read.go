package export

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// readWorkers bounds the per-environment list calls in flight. The hourly
// request budget, not latency, is what matters, so a few are enough.
const readWorkers = 4

// ReadOptions configures Read.
type ReadOptions struct {
	// Kinds to read; nil means all.
	Kinds []Kind
	// Progress, when set, receives one-line progress messages.
	Progress func(format string, args ...any)
}

// Read collects what the kinds need, with list calls:
//
//   - product environments: one getProductEnvironments;
//   - access keys: one key list per environment;
//   - users: the user list (pages of 100), then the environments of the
//     users restricted to some of them: one user list per environment
//     (GET /users?sub_account_id=X), or one getSubAccountsForUser per
//     restricted user when there are fewer of those than environments;
//   - user groups and memberships: one getUserGroups with extended_details;
//   - roles: one custom role list per permission type, plus getRole for a
//     role whose policies the list left out;
//   - custom policies: the account list plus one prodenv list per
//     environment;
//   - role assignments: one inspect per scope type (account, prodenv).
func Read(ctx context.Context, c *client.Client, opts ReadOptions) (*Account, error) {
	kinds := opts.Kinds
	if kinds == nil {
		kinds = AllKinds
	}
	want := func(ks ...Kind) bool {
		return slices.ContainsFunc(ks, func(k Kind) bool { return slices.Contains(kinds, k) })
	}
	progress := opts.Progress
	if progress == nil {
		progress = func(string, ...any) {}
	}
	a := &Account{AccountID: c.AccountID()}
	var err error

	if want(KindProductEnvironments, KindAccessKeys, KindUsers, KindCustomPolicies, KindRoleAssignments) {
		progress("reading product environments")
		if a.ProductEnvironments, err = c.GetProductEnvironments(ctx, nil); err != nil {
			return nil, fmt.Errorf("listing product environments: %w", err)
		}
		sort.Slice(a.ProductEnvironments, func(i, j int) bool { return a.ProductEnvironments[i].ID < a.ProductEnvironments[j].ID })
		progress("product environments: %d", len(a.ProductEnvironments))
	}
	if want(KindAccessKeys) {
		if err := readAccessKeys(ctx, c, a, progress); err != nil {
			return nil, err
		}
	}
	if want(KindUsers, KindRoleAssignments) {
		// Role assignments only need the users' emails, for names.
		if err := readUsers(ctx, c, a, want(KindUsers), progress); err != nil {
			return nil, err
		}
	}
	if want(KindUserGroups, KindMemberships, KindRoleAssignments) {
		progress("reading user groups")
		if a.UserGroups, err = c.GetUserGroups(ctx, &client.UserGroupOptions{ExtendedDetails: client.Ptr(true)}); err != nil {
			return nil, fmt.Errorf("listing user groups: %w", err)
		}
		sort.Slice(a.UserGroups, func(i, j int) bool { return a.UserGroups[i].ID < a.UserGroups[j].ID })
		members := 0
		for _, g := range a.UserGroups {
			members += len(g.Users)
		}
		progress("user groups: %d (%d memberships)", len(a.UserGroups), members)
	}
	if want(KindRoles) {
		if err := readRoles(ctx, c, a, progress); err != nil {
			return nil, err
		}
	}
	if want(KindCustomPolicies) {
		if err := readCustomPolicies(ctx, c, a, progress); err != nil {
			return nil, err
		}
	}
	if want(KindRoleAssignments) {
		if err := readRoleAssignments(ctx, c, a, progress); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// forEachEnv runs fn for every environment with a few workers, reporting
// progress on long runs.
func forEachEnv(ctx context.Context, envs []client.ProductEnvironment, what string,
	progress func(string, ...any), fn func(ctx context.Context, e client.ProductEnvironment) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(readWorkers)
	var mu sync.Mutex
	done := 0
	step := max(10, len(envs)/10)
	for _, e := range envs {
		g.Go(func() error {
			if err := fn(gctx, e); err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			done++
			if done%step == 0 && done < len(envs) {
				progress("%s: %d/%d environments", what, done, len(envs))
			}
			return nil
		})
	}
	return g.Wait()
}

func readAccessKeys(ctx context.Context, c *client.Client, a *Account, progress func(string, ...any)) error {
	progress("reading access keys of %d environments", len(a.ProductEnvironments))
	var mu sync.Mutex
	err := forEachEnv(ctx, a.ProductEnvironments, "access keys", progress, func(ctx context.Context, e client.ProductEnvironment) error {
		keys, err := c.ListAllAccessKeys(ctx, e.ID, nil)
		if err != nil {
			return fmt.Errorf("listing the access keys of product environment %s (%s): %w", e.ID, e.CloudName, err)
		}
		mu.Lock()
		defer mu.Unlock()
		for _, k := range keys {
			if k.APIKey != "" {
				a.AccessKeys = append(a.AccessKeys, AccessKey{ProductEnvironmentID: e.ID, AccessKey: k})
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Slice(a.AccessKeys, func(i, j int) bool {
		x, y := a.AccessKeys[i], a.AccessKeys[j]
		if x.ProductEnvironmentID != y.ProductEnvironmentID {
			return x.ProductEnvironmentID < y.ProductEnvironmentID
		}
		return x.APIKey < y.APIKey
	})
	progress("access keys: %d", len(a.AccessKeys))
	return nil
}

// readUsers lists the users and, with environments, which environments the
// restricted ones reach.
func readUsers(ctx context.Context, c *client.Client, a *Account, environments bool, progress func(string, ...any)) error {
	progress("reading users")
	list, err := c.ListAllUsers(ctx, nil)
	if err != nil {
		return fmt.Errorf("listing users: %w", err)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	a.Users = make([]User, len(list))
	var restricted []int
	for i, u := range list {
		// all_sub_accounts absent counts as all: that is what an import of
		// the user records too.
		all := u.Role == client.UserRoleMasterAdmin || u.AllSubAccounts == nil || *u.AllSubAccounts
		a.Users[i] = User{User: u, AllEnvironments: all}
		if !all {
			restricted = append(restricted, i)
			a.Users[i].EnvironmentIDs = []string{}
		}
	}
	if !environments || len(restricted) == 0 {
		progress("users: %d", len(a.Users))
		return nil
	}
	var mu sync.Mutex
	if len(restricted) < len(a.ProductEnvironments) {
		// Fewer restricted users than environments: ask per user.
		progress("reading the environments of %d users with restricted access", len(restricted))
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(readWorkers)
		for _, i := range restricted {
			g.Go(func() error {
				envs, err := c.GetSubAccountsForUser(gctx, a.Users[i].ID)
				if err != nil {
					return fmt.Errorf("listing the product environments of user %s (%s): %w", a.Users[i].ID, a.Users[i].Email, err)
				}
				ids := make([]string, 0, len(envs))
				for _, e := range envs {
					ids = append(ids, e.ID)
				}
				mu.Lock()
				a.Users[i].EnvironmentIDs = ids
				mu.Unlock()
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			return err
		}
	} else {
		progress("reading which users reach each of %d environments", len(a.ProductEnvironments))
		byID := map[string]int{}
		for _, i := range restricted {
			byID[a.Users[i].ID] = i
		}
		err := forEachEnv(ctx, a.ProductEnvironments, "user access", progress, func(ctx context.Context, e client.ProductEnvironment) error {
			users, err := c.ListAllUsers(ctx, &client.UserListOptions{SubAccountID: client.Ptr(e.ID)})
			if err != nil {
				return fmt.Errorf("listing the users of product environment %s (%s): %w", e.ID, e.CloudName, err)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, u := range users {
				if i, ok := byID[u.ID]; ok {
					a.Users[i].EnvironmentIDs = append(a.Users[i].EnvironmentIDs, e.ID)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, i := range restricted {
		ids := a.Users[i].EnvironmentIDs
		slices.Sort(ids)
		a.Users[i].EnvironmentIDs = slices.Compact(ids)
	}
	progress("users: %d (%d with access to some environments only)", len(a.Users), len(restricted))
	return nil
}

// readRoles lists the custom roles. A role the list returned without its
// policies is read on its own (getRoles does not document them).
func readRoles(ctx context.Context, c *client.Client, a *Account, progress func(string, ...any)) error {
	progress("reading custom roles")
	custom := client.ManagementTypeCustom
	seen := map[string]bool{}
	for _, pt := range []client.PermissionType{client.PermissionTypeGlobal, client.PermissionTypeContent} {
		roles, err := c.GetRoles(ctx, client.GetRolesOptions{PermissionType: pt, ManagementType: &custom})
		if err != nil {
			return fmt.Errorf("listing %s custom roles: %w", pt, err)
		}
		for _, r := range roles {
			// The filter is the server's; keep only what it promised.
			if r.ManagementType == client.ManagementTypeCustom && !seen[r.ID] {
				seen[r.ID] = true
				a.Roles = append(a.Roles, r)
			}
		}
	}
	sort.Slice(a.Roles, func(i, j int) bool { return a.Roles[i].ID < a.Roles[j].ID })
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(readWorkers)
	for i := range a.Roles {
		if a.Roles[i].SystemPolicyIDs() != nil {
			continue
		}
		g.Go(func() error {
			r, err := c.GetRole(gctx, a.Roles[i].ID, nil)
			if err != nil {
				return fmt.Errorf("reading custom role %s: %w", a.Roles[i].ID, err)
			}
			a.Roles[i] = *r
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	progress("custom roles: %d", len(a.Roles))
	return nil
}

// readCustomPolicies lists the account's policies and each environment's
// (those scoped to "all" show in every environment's list; kept once).
func readCustomPolicies(ctx context.Context, c *client.Client, a *Account, progress func(string, ...any)) error {
	progress("reading custom policies")
	account, prodenv := client.ScopeTypeAccount, client.ScopeTypeProdenv
	byID := map[string]client.CustomPolicy{}
	var mu sync.Mutex
	add := func(ps []client.CustomPolicy) {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range ps {
			byID[p.ID] = p
		}
	}
	ps, err := c.ListAllCustomPolicies(ctx, &client.GetCustomPoliciesOptions{ScopeType: &account})
	if err != nil {
		return fmt.Errorf("listing account custom policies: %w", err)
	}
	add(ps)
	err = forEachEnv(ctx, a.ProductEnvironments, "custom policies", progress, func(ctx context.Context, e client.ProductEnvironment) error {
		ps, err := c.ListAllCustomPolicies(ctx, &client.GetCustomPoliciesOptions{ScopeType: &prodenv, ScopeID: client.Ptr(e.ID)})
		if err != nil {
			return fmt.Errorf("listing the custom policies of product environment %s (%s): %w", e.ID, e.CloudName, err)
		}
		add(ps)
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range byID {
		a.CustomPolicies = append(a.CustomPolicies, p)
	}
	sort.Slice(a.CustomPolicies, func(i, j int) bool { return a.CustomPolicies[i].ID < a.CustomPolicies[j].ID })
	progress("custom policies: %d", len(a.CustomPolicies))
	return nil
}

// readRoleAssignments inspects every principal holding a role, once per
// scope type. Should the service refuse a prodenv inspect without scope_id,
// it inspects each environment instead.
func readRoleAssignments(ctx context.Context, c *client.Client, a *Account, progress func(string, ...any)) error {
	progress("reading role assignments")
	byID := map[string]RoleAssignment{}
	var mu sync.Mutex
	add := func(ps []client.InspectedPrincipal) {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range ps {
			for _, r := range p.Roles {
				ra := RoleAssignment{
					PrincipalType: p.Type, PrincipalID: p.ID, RoleID: r.ID, RoleName: r.Name,
					Custom: r.ManagementType == client.ManagementTypeCustom,
				}
				if r.ScopeID != nil {
					ra.ScopeID = *r.ScopeID
				}
				if len(r.PolicyParameters) > 0 {
					ra.PolicyParameters = map[string]string(r.PolicyParameters)
				}
				if ra.PrincipalID != "" && ra.RoleID != "" {
					byID[ra.ImportID()] = ra
				}
			}
		}
	}
	for _, st := range []client.ScopeType{client.ScopeTypeAccount, client.ScopeTypeProdenv} {
		ps, err := c.InspectAll(ctx, client.InspectOptions{ScopeType: st})
		var apiErr *client.APIError
		if st == client.ScopeTypeProdenv && errors.As(err, &apiErr) && apiErr.StatusCode == 400 {
			err = forEachEnv(ctx, a.ProductEnvironments, "role assignments", progress, func(ctx context.Context, e client.ProductEnvironment) error {
				ps, err := c.InspectAll(ctx, client.InspectOptions{ScopeType: st, ScopeID: client.Ptr(e.ID)})
				if err != nil {
					return fmt.Errorf("inspecting the role assignments of product environment %s (%s): %w", e.ID, e.CloudName, err)
				}
				add(ps)
				return nil
			})
			if err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("inspecting %s role assignments: %w", st, err)
		}
		add(ps)
	}
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		a.RoleAssignments = append(a.RoleAssignments, byID[id])
	}
	progress("role assignments: %d", len(a.RoleAssignments))
	return nil
}
