package export

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/readcache"
)

// ReadOptions configures Read.
type ReadOptions struct {
	// Kinds to read; nil means all.
	Kinds []Kind
	// Progress, when set, receives one-line progress messages.
	Progress func(format string, args ...any)
}

// Read collects what the kinds need, with list calls, through the
// provider's own read cache (internal/readcache: the same loaders, the same
// fan-out, the same handling of an environment deleted during the read):
//
//   - product environments: one getProductEnvironments;
//   - access keys: one key list per environment;
//   - users: the user list (pages of 100), then, when some users reach only
//     some environments, one user list per environment
//     (GET /users?sub_account_id=X);
//   - user groups and memberships: one getUserGroups with extended_details;
//   - roles: one custom role list per permission type, plus getRole for a
//     role whose policies the list left out;
//   - custom policies: the account list plus one prodenv list per
//     environment;
//   - role assignments: one inspect per scope type (account, prodenv), or
//     one per environment should the service refuse a prodenv inspect
//     without a scope.
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
	reads := readcache.New(c)

	if want(KindProductEnvironments, KindAccessKeys, KindUsers, KindCustomPolicies, KindRoleAssignments) {
		progress("reading product environments")
		envs, err := reads.ProductEnvironments(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing product environments: %w", err)
		}
		a.ProductEnvironments = sortedValues(envs)
		progress("product environments: %d", len(a.ProductEnvironments))
	}
	if want(KindAccessKeys) {
		if err := readAccessKeys(ctx, reads, a, progress); err != nil {
			return nil, err
		}
	}
	if want(KindUsers, KindRoleAssignments) {
		// Role assignments only need the users' emails, for names.
		if err := readUsers(ctx, c, reads, a, want(KindUsers), progress); err != nil {
			return nil, err
		}
	}
	if want(KindUserGroups, KindMemberships, KindRoleAssignments) {
		progress("reading user groups")
		groups, err := reads.UserGroups(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing user groups: %w", err)
		}
		a.UserGroups = sortedValues(groups)
		members := 0
		for _, g := range a.UserGroups {
			members += len(g.Users)
		}
		progress("user groups: %d (%d memberships)", len(a.UserGroups), members)
	}
	if want(KindRoles) {
		if err := readRoles(ctx, c, reads, a, progress); err != nil {
			return nil, err
		}
	}
	if want(KindCustomPolicies) {
		if err := readCustomPolicies(ctx, reads, a, progress); err != nil {
			return nil, err
		}
	}
	if want(KindRoleAssignments) {
		if err := readRoleAssignments(ctx, reads, a, progress); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// sortedValues returns the map's values in the order of their keys (ids),
// so that the output does not depend on the order the API answered in.
func sortedValues[T any](byID map[string]T) []T {
	out := make([]T, 0, len(byID))
	for _, id := range slices.Sorted(maps.Keys(byID)) {
		out = append(out, byID[id])
	}
	return out
}

func readAccessKeys(ctx context.Context, reads *readcache.Reader, a *Account, progress func(string, ...any)) error {
	progress("reading access keys of %d environments", len(a.ProductEnvironments))
	lists, err := readcache.FetchAll(ctx, len(a.ProductEnvironments), func(ctx context.Context, i int) (map[string]client.AccessKey, error) {
		e := a.ProductEnvironments[i]
		keys, err := reads.AccessKeys(ctx, e.ID)
		if err != nil {
			return nil, fmt.Errorf("listing the access keys of product environment %s (%s): %w", e.ID, e.CloudName, err)
		}
		return keys, nil
	})
	if err != nil {
		return err
	}
	// Environments are sorted by id, and each one's keys by api_key.
	for i, keys := range lists {
		for _, k := range sortedValues(keys) {
			if k.APIKey != "" {
				a.AccessKeys = append(a.AccessKeys, AccessKey{ProductEnvironmentID: a.ProductEnvironments[i].ID, AccessKey: k})
			}
		}
	}
	progress("access keys: %d", len(a.AccessKeys))
	return nil
}

// readUsers lists the users and, with environments, which environments the
// restricted ones reach (the cache's user × environment matrix).
func readUsers(ctx context.Context, c *client.Client, reads *readcache.Reader, a *Account, environments bool, progress func(string, ...any)) error {
	progress("reading users")
	list, err := c.ListAllUsers(ctx, nil)
	if err != nil {
		return fmt.Errorf("listing users: %w", err)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	a.Users = make([]User, len(list))
	restricted := 0
	for i, u := range list {
		// all_sub_accounts absent counts as all: that is what an import of
		// the user records too.
		all := u.Role == client.UserRoleMasterAdmin || u.AllSubAccounts == nil || *u.AllSubAccounts
		a.Users[i] = User{User: u, AllEnvironments: all}
		if !all {
			restricted++
			a.Users[i].EnvironmentIDs = []string{}
		}
	}
	if !environments || restricted == 0 {
		progress("users: %d", len(a.Users))
		return nil
	}
	progress("reading which users reach each of %d environments", len(a.ProductEnvironments))
	matrix, _, err := reads.UserEnvironments(ctx)
	if err != nil {
		return fmt.Errorf("listing the users of each product environment: %w", err)
	}
	for i := range a.Users {
		// A restricted user in no environment's list reaches none.
		if u := &a.Users[i]; !u.AllEnvironments && len(matrix.Envs[u.ID]) > 0 {
			u.EnvironmentIDs = matrix.Envs[u.ID]
		}
	}
	progress("users: %d (%d with access to some environments only)", len(a.Users), restricted)
	return nil
}

// readRoles lists the custom roles. A role the list returned without its
// policies is read on its own (getRoles does not document them).
func readRoles(ctx context.Context, c *client.Client, reads *readcache.Reader, a *Account, progress func(string, ...any)) error {
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
	_, err := readcache.FetchAll(ctx, len(a.Roles), func(ctx context.Context, i int) (struct{}, error) {
		if a.Roles[i].SystemPolicyIDs() != nil {
			return struct{}{}, nil
		}
		r, err := reads.Role(ctx, a.Roles[i].ID)
		if err != nil {
			return struct{}{}, fmt.Errorf("reading custom role %s: %w", a.Roles[i].ID, err)
		}
		a.Roles[i] = *r
		return struct{}{}, nil
	})
	if err != nil {
		return err
	}
	progress("custom roles: %d", len(a.Roles))
	return nil
}

// readCustomPolicies lists the account's policies and each environment's
// (those scoped to "all" show in every environment's list; kept once).
func readCustomPolicies(ctx context.Context, reads *readcache.Reader, a *Account, progress func(string, ...any)) error {
	progress("reading custom policies")
	policies, err := reads.CustomPolicies(ctx)
	if err != nil {
		return fmt.Errorf("listing custom policies: %w", err)
	}
	a.CustomPolicies = sortedValues(policies)
	progress("custom policies: %d", len(a.CustomPolicies))
	return nil
}

// readRoleAssignments collects every principal holding a role.
func readRoleAssignments(ctx context.Context, reads *readcache.Reader, a *Account, progress func(string, ...any)) error {
	progress("reading role assignments")
	all, err := reads.AllPrincipalRoles(ctx)
	if err != nil {
		return fmt.Errorf("inspecting role assignments: %w", err)
	}
	byID := map[string]RoleAssignment{}
	for p, roles := range all {
		for _, r := range roles {
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
	a.RoleAssignments = sortedValues(byID)
	progress("role assignments: %d", len(a.RoleAssignments))
	return nil
}
