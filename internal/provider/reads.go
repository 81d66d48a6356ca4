package provider

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// The read layer. Every resource's Read goes through these methods rather
// than calling the client directly, so that how objects are fetched (one
// request each, or a per-process snapshot loaded with list calls) is decided
// in one place. Each returns an error matching client.IsNotFound when the
// object does not exist.

func notFound(what, id string) error {
	return &client.APIError{StatusCode: http.StatusNotFound, Message: fmt.Sprintf("%s %q not found", what, id)}
}

// The core reads below answer from the per-process snapshot (snapshot.go)
// when it can. An object the snapshot does not hold is read directly before
// the caller is told it is gone: the snapshot may predate the object, and a
// false "gone" would make Terraform plan to create a duplicate.

// envMap returns every product environment by id: from the snapshot, or
// straight from the API once environments have been written in this process.
func (d *providerData) envMap(ctx context.Context) (map[string]client.ProductEnvironment, error) {
	envs, ok, err := snapshotLoad(ctx, d.snap, kindProductEnvironments, "envs", loadProductEnvironments(d.client))
	if err != nil || ok {
		return envs, err
	}
	return loadProductEnvironments(d.client)(ctx)
}

func (d *providerData) readProductEnvironment(ctx context.Context, id string) (*client.ProductEnvironment, error) {
	envs, ok, err := snapshotLoad(ctx, d.snap, kindProductEnvironments, "envs", loadProductEnvironments(d.client))
	if err != nil {
		return nil, err
	}
	if e, found := envs[id]; ok && found {
		return &e, nil
	}
	return d.client.GetProductEnvironment(ctx, id)
}

// readAccessKey finds one key in its environment's key list: the API has no
// endpoint that reads a single key, so one list serves every key of an
// environment.
func (d *providerData) readAccessKey(ctx context.Context, envID, apiKey string) (*client.AccessKey, error) {
	keys, ok, err := snapshotLoad(ctx, d.snap, kindAccessKeys, "keys/"+envID, loadAccessKeys(d.client, envID))
	if err != nil {
		return nil, err
	}
	if k, found := keys[apiKey]; ok && found {
		return &k, nil
	}
	fresh, err := loadAccessKeys(d.client, envID)(ctx)
	if err != nil {
		return nil, err
	}
	if k, found := fresh[apiKey]; found {
		return &k, nil
	}
	return nil, notFound("access key", apiKey)
}

// readUser returns the user and the ids of the environments it can reach
// (the user object itself does not carry them).
func (d *providerData) readUser(ctx context.Context, id string) (*client.User, []string, error) {
	byEnv, ok, err := snapshotLoad(ctx, d.snap, kindUsers, "users", loadUsersByEnvironment(d.client, d.envMap))
	if err != nil {
		return nil, nil, err
	}
	if u, found := byEnv.users[id]; ok && found {
		return &u, byEnv.envs[id], nil
	}
	// In no environment's list: a user who reaches none, one created since
	// the lists were read, or one who is gone.
	return d.readUserDirect(ctx, id)
}

// readUserDirect reads one user: one request when the answer lists the
// environments of a restricted user (the real service does, FIDELITY.md row
// 3), two otherwise.
func (d *providerData) readUserDirect(ctx context.Context, id string) (*client.User, []string, error) {
	u, err := d.client.GetUser(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	ids, err := d.userEnvironmentIDs(ctx, u)
	if err != nil {
		return nil, nil, err
	}
	return u, ids, nil
}

// userEnvironmentIDs returns the sorted ids of the environments the user
// can reach: from the user object when it says (a restricted user's
// sub_account_ids, string or array), else with GET users/{id}/sub_accounts.
func (d *providerData) userEnvironmentIDs(ctx context.Context, u *client.User) ([]string, error) {
	ids, ok := u.RestrictedSubAccountIDs()
	if !ok {
		envs, err := d.client.GetSubAccountsForUser(ctx, u.ID)
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

// readUserGroup returns the group with its members; one extended list call
// serves every group.
func (d *providerData) readUserGroup(ctx context.Context, id string) (*client.UserGroup, error) {
	groups, ok, err := snapshotLoad(ctx, d.snap, kindUserGroups, "groups", loadUserGroups(d.client))
	if err != nil {
		return nil, err
	}
	if g, found := groups[id]; ok && found {
		return &g, nil
	}
	return d.client.GetUserGroup(ctx, id, &client.UserGroupOptions{ExtendedDetails: client.Ptr(true)})
}

// readRole reads one role with its policies (the role list carries none,
// so it cannot serve this), once per process: many assignments check the
// same role at plan time. Errors, such as a role that does not exist yet,
// are not kept.
func (d *providerData) readRole(ctx context.Context, id string) (*client.Role, error) {
	role, ok, err := snapshotLoad(ctx, d.snap, kindRoles, "roles/"+id, func(ctx context.Context) (*client.Role, error) {
		return d.client.GetRole(ctx, id, nil)
	})
	if err != nil || ok {
		return role, err
	}
	return d.client.GetRole(ctx, id, nil)
}

func (d *providerData) readCustomPolicy(ctx context.Context, id string) (*client.CustomPolicy, error) {
	policies, ok, err := snapshotLoad(ctx, d.snap, kindCustomPolicies, "policies", loadCustomPolicies(d.client, d.envMap))
	if err != nil {
		return nil, err
	}
	if p, found := policies[id]; ok && found {
		return &p, nil
	}
	return d.client.GetCustomPolicy(ctx, id)
}

// readPrincipalRoles returns every role a principal holds, from one inspect
// walk per scope type for the whole account.
func (d *providerData) readPrincipalRoles(ctx context.Context, principalType client.PrincipalType, principalID string) ([]client.AssignedRole, error) {
	all, ok, err := snapshotLoad(ctx, d.snap, kindPrincipalRoles, "principal_roles", loadPrincipalRoles(d.client))
	if err != nil {
		return nil, err
	}
	if roles, found := all[principalKey{string(principalType), principalID}]; ok && found {
		return roles, nil
	}
	return d.readPrincipalRolesDirect(ctx, principalType, principalID)
}

// readPrincipalRolesDirect asks the API about one principal. The API
// requires permission_type, so this takes one call per type.
func (d *providerData) readPrincipalRolesDirect(ctx context.Context, principalType client.PrincipalType, principalID string) ([]client.AssignedRole, error) {
	var all []client.AssignedRole
	for _, pt := range []client.PermissionType{client.PermissionTypeGlobal, client.PermissionTypeContent} {
		roles, err := d.client.GetPrincipalRoles(ctx, client.GetPrincipalRolesOptions{
			PrincipalType: principalType, PrincipalID: principalID, PermissionType: pt,
		})
		if err != nil {
			return nil, err
		}
		all = append(all, roles...)
	}
	return all, nil
}

// invalidate drops kinds from the snapshot: later reads of them in this
// process go to the API. Writes do it through the client's hook
// (snapshot_writes.go); nothing else needs to.
func (d *providerData) invalidate(kinds ...readKind) { d.snap.invalidate(kinds...) }

// readKind names one collection of the read layer.
type readKind int

const (
	kindProductEnvironments readKind = iota
	kindAccessKeys
	kindUsers
	kindUserGroups
	kindRoles
	kindCustomPolicies
	kindPrincipalRoles
	kindCatalog
)

// readUserByEmail finds a user by email (case-insensitively, as the API
// treats emails) and returns it with the ids of the environments it can
// reach, like readUser. It backs import by email and the create-once lookup.
func (d *providerData) readUserByEmail(ctx context.Context, email string) (*client.User, []string, error) {
	users, err := d.client.GetUsers(ctx, &client.UserListOptions{Emails: []string{email}})
	if err != nil {
		return nil, nil, err
	}
	for i := range users {
		if strings.EqualFold(users[i].Email, email) {
			ids, err := d.userEnvironmentIDs(ctx, &users[i])
			if err != nil {
				return nil, nil, err
			}
			return &users[i], ids, nil
		}
	}
	return nil, nil, notFound("user with email", email)
}

// readUsers lists the users matching opts, every page.
func (d *providerData) readUsers(ctx context.Context, opts client.UserListOptions) ([]client.User, error) {
	return d.client.ListAllUsers(ctx, &opts)
}

// readGroupsForUser lists the groups a user belongs to.
func (d *providerData) readGroupsForUser(ctx context.Context, userID string) ([]client.UserGroupSummary, error) {
	return d.client.GetGroupsForUser(ctx, userID)
}

// readUserGroups lists every user group with its members (one call).
func (d *providerData) readUserGroups(ctx context.Context) ([]client.UserGroup, error) {
	return d.client.GetUserGroups(ctx, &client.UserGroupOptions{ExtendedDetails: client.Ptr(true)})
}

// --- Permissions: catalog, lists and public reads (cloudinary_role,
// cloudinary_custom_policy and the permissions data sources). ---

// readPermissionsCatalog returns the public system roles and policies
// catalog. It is the same for every account and changes only with
// Cloudinary releases, so the snapshot keeps it for the whole process and no
// write ever invalidates it; a failed fetch is not kept.
func (d *providerData) readPermissionsCatalog(ctx context.Context) (*permissionsCatalog, error) {
	cat, _, err := snapshotLoad(ctx, d.snap, kindCatalog, "catalog", func(ctx context.Context) (*permissionsCatalog, error) {
		raw, err := d.client.GetSystemRolesAndPoliciesCatalog(ctx)
		if err != nil {
			return nil, err
		}
		return catalogFromAPI(raw)
	})
	return cat, err
}

// readRoleList lists system and custom roles of one permission type (the
// list carries no policies; readRole does).
func (d *providerData) readRoleList(ctx context.Context, opts client.GetRolesOptions) ([]client.Role, error) {
	return d.client.GetRoles(ctx, opts)
}

// readCustomPolicyList lists the custom policies of one scope, every page.
func (d *providerData) readCustomPolicyList(ctx context.Context, opts client.GetCustomPoliciesOptions) ([]client.CustomPolicy, error) {
	return d.client.ListAllCustomPolicies(ctx, &opts)
}

// readSystemPolicyList lists system policies, every page.
func (d *providerData) readSystemPolicyList(ctx context.Context, opts client.GetSystemPoliciesOptions) ([]client.SystemPolicy, error) {
	return d.client.ListAllSystemPolicies(ctx, &opts)
}

// readCedarSchema returns the public Cedar schema.
func (d *providerData) readCedarSchema(ctx context.Context) (*client.CedarSchema, error) {
	return d.client.GetCedarSchema(ctx)
}

// readBillingUsage returns billing usage by plan.
func (d *providerData) readBillingUsage(ctx context.Context, opts client.BillingUsageOptions) ([]client.BillingUsage, error) {
	return d.client.GetBillingUsage(ctx, &opts)
}

// readProductEnvironments lists the product environments matching opts (the
// API answers them all at once; with IDs it ignores the other filters). It
// backs the product environment data sources, import by cloud_name and the
// create-once lookup.
func (d *providerData) readProductEnvironments(ctx context.Context, opts client.ProductEnvironmentListOptions) ([]client.ProductEnvironment, error) {
	return d.client.GetProductEnvironments(ctx, &opts)
}

// readAccessKeys lists every access key of a product environment (the same
// call readAccessKey makes). It backs the cloudinary_access_keys data source
// and the access key create-once lookup by name.
func (d *providerData) readAccessKeys(ctx context.Context, envID string) ([]client.AccessKey, error) {
	return d.client.ListAllAccessKeys(ctx, envID, nil)
}

// --- Permissions: role assignments (cloudinary_role_assignment,
// cloudinary_principal_roles and the assignment data sources). ---

// readRolePrincipals returns every assignment of a role (verbose, so each
// comes with its scope and policy parameters); callers filter locally.
func (d *providerData) readRolePrincipals(ctx context.Context, roleID string) ([]client.RolePrincipal, error) {
	return d.client.GetRolePrincipals(ctx, roleID, &client.GetRolePrincipalsOptions{Verbose: client.Ptr(true)})
}

// readEffectivePolicies returns what one principal may do in one scope: its
// roles with their system policies, and the custom policies that apply.
func (d *providerData) readEffectivePolicies(ctx context.Context, opts client.GetEffectivePoliciesOptions) (*client.EffectivePolicies, error) {
	return d.client.GetEffectivePolicies(ctx, &opts)
}

// readProductEnvironmentByCloudName returns the environment with this cloud
// name (unique), or nil when there is none. It backs import by cloud_name,
// the create-once lookup, 409 explanations and the data source.
func (d *providerData) readProductEnvironmentByCloudName(ctx context.Context, cloudName string) (*client.ProductEnvironment, error) {
	envs, err := d.readProductEnvironments(ctx, client.ProductEnvironmentListOptions{CloudNames: []string{cloudName}})
	if err != nil {
		return nil, err
	}
	for i := range envs {
		if envs[i].CloudName == cloudName {
			return &envs[i], nil
		}
	}
	return nil, nil
}

// readProductEnvironmentsNamed returns the environments named exactly name
// (names are not unique; the API only filters by case-insensitive prefix).
func (d *providerData) readProductEnvironmentsNamed(ctx context.Context, name string) ([]client.ProductEnvironment, error) {
	envs, err := d.readProductEnvironments(ctx, client.ProductEnvironmentListOptions{Prefix: client.Ptr(name)})
	if err != nil {
		return nil, err
	}
	var named []client.ProductEnvironment
	for _, e := range envs {
		if e.Name == name {
			named = append(named, e)
		}
	}
	return named, nil
}
