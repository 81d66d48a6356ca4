package sweep

import (
	"context"
	"errors"
	"fmt"
	"log"
	"slices"
	"sort"
	"strings"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// Sweeper names, as terraform-plugin-testing knows them (-sweep-run takes
// any part of them, e.g. -sweep-run=user_group). Each is named after the
// resource type whose objects it deletes.
const (
	AccessKeys          = "cloudinary_access_key"
	CustomPolicies      = "cloudinary_custom_policy"
	Users               = "cloudinary_user"
	UserGroups          = "cloudinary_user_group"
	Roles               = "cloudinary_role"
	ProductEnvironments = "cloudinary_product_environment"
)

// Target is one object a sweeper deletes (or, in a dry run, would delete).
type Target struct {
	// Kind is the sweeper's name, e.g. "cloudinary_user".
	Kind string
	// ID is what the delete call takes (for access keys: the api_key).
	ID string
	// Label says what the object is: its name or email (and cloud_name), and for
	// access keys the environment.
	Label string

	del func(ctx context.Context, c *client.Client) error
}

func (t Target) String() string { return fmt.Sprintf("%s %s (%s)", t.Kind, t.ID, t.Label) }

// Sweeper runs the kinds of sweep against one client.
type Sweeper struct {
	Client *client.Client
	// DryRun lists the targets and deletes nothing.
	DryRun bool
	// Logf prints one line per target; nil means log.Printf, which is where
	// terraform-plugin-testing's sweeper runner writes too.
	Logf func(format string, args ...any)
}

func (s *Sweeper) logf(format string, args ...any) {
	if s.Logf != nil {
		s.Logf(format, args...)
		return
	}
	log.Printf(format, args...)
}

// Kind is one sweeper: what it deletes, and which sweepers must run first.
type Kind struct {
	Name string
	// Dependencies run before this sweeper (terraform-plugin-testing runs a
	// sweeper's dependencies first): objects that live in, refer to or are
	// assigned this kind's objects, so they go first.
	Dependencies []string
	// Find lists this kind's test objects (Select* on the API's lists).
	Find func(ctx context.Context, c *client.Client) ([]Target, error)
}

// Kinds are the sweepers, in an order that satisfies their dependencies.
// Role assignments and group memberships are not swept on their own: they
// disappear with their principals (users, groups, access keys) and roles.
var Kinds = []Kind{
	{Name: AccessKeys, Find: findAccessKeys},
	{Name: CustomPolicies, Find: findCustomPolicies},
	{Name: Users, Find: findUsers},
	// Members go with the users; a group is deleted whether or not it has
	// members, so this dependency only saves the API from doing it twice.
	{Name: UserGroups, Dependencies: []string{Users}, Find: findUserGroups},
	// Principals first, so that their role assignments go with them; roles
	// are deleted with force=true for any assignment left.
	{Name: Roles, Dependencies: []string{AccessKeys, Users, UserGroups}, Find: findRoles},
	// Last: access keys, prodenv-scoped policies and assignments, and users'
	// environment lists refer to environments.
	{Name: ProductEnvironments, Dependencies: []string{AccessKeys, CustomPolicies, Users, UserGroups, Roles}, Find: findProductEnvironments},
}

// Run finds kind's targets and deletes them (lists them when DryRun). A
// target already gone counts as deleted. It deletes every target it can and
// returns the targets with the errors of those it could not.
func (s *Sweeper) Run(ctx context.Context, kind Kind) ([]Target, error) {
	targets, err := kind.Find(ctx, s.Client)
	if err != nil {
		return nil, fmt.Errorf("%s: listing: %w", kind.Name, err)
	}
	if len(targets) == 0 {
		s.logf("[INFO] sweeper %s: no %s object to delete", kind.Name, Prefix)
		return nil, nil
	}
	var errs []error
	for _, t := range targets {
		if s.DryRun {
			s.logf("[INFO] sweeper %s: dry run: would delete %s", kind.Name, t)
			continue
		}
		if err := t.del(ctx, s.Client); err != nil && !client.IsNotFound(err) {
			s.logf("[ERROR] sweeper %s: deleting %s: %v", kind.Name, t, err)
			errs = append(errs, fmt.Errorf("deleting %s: %w", t, err))
			continue
		}
		s.logf("[INFO] sweeper %s: deleted %s", kind.Name, t)
	}
	verb := "deleted"
	if s.DryRun {
		verb = "would delete"
	}
	s.logf("[INFO] sweeper %s: %s %d of %d objects", kind.Name, verb, len(targets)-len(errs), len(targets))
	return targets, errors.Join(errs...)
}

// RunAll runs every kind in dependency order, going on after a failure, and
// returns every target and every error.
func (s *Sweeper) RunAll(ctx context.Context) ([]Target, error) {
	var all []Target
	var errs []error
	for _, k := range Kinds {
		t, err := s.Run(ctx, k)
		all = append(all, t...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	return all, errors.Join(errs...)
}

// ---------------------------------------------------------------------------
// Selection: pure functions over what the API lists, unit-tested against
// look-alikes.

// SelectProductEnvironments keeps the environments whose name is a test
// name. The cloud_name does not count: Cloudinary derives it from the name
// when none is given, '_' turned into '-' (FIDELITY.md row 6), so a
// person's "tf_acc_prod" gets the cloud_name "tf-acc-prod", and must not be
// swept. Tests give their
// environments a tf-acc- name always, and a tf-acc- cloud_name when they
// choose one.
func SelectProductEnvironments(envs []client.ProductEnvironment) []client.ProductEnvironment {
	var out []client.ProductEnvironment
	for _, e := range envs {
		if isTestEnvironment(e) {
			out = append(out, e)
		}
	}
	return out
}

func isTestEnvironment(e client.ProductEnvironment) bool {
	return IsTestName(e.Name)
}

// SelectUsers keeps the users whose email is a test email (IsTestEmail):
// the email is a user's identity and a reserved domain guarantees it is not
// a person's; the display name alone never selects a user.
func SelectUsers(users []client.User) []client.User {
	var out []client.User
	for _, u := range users {
		if IsTestEmail(u.Email) && (u.Root == nil || !*u.Root) {
			out = append(out, u)
		}
	}
	return out
}

// SelectUserGroups keeps the groups whose name is a test name.
func SelectUserGroups(groups []client.UserGroup) []client.UserGroup {
	var out []client.UserGroup
	for _, g := range groups {
		if IsTestName(g.Name) {
			out = append(out, g)
		}
	}
	return out
}

// SelectRoles keeps the custom roles whose name is a test name. System
// roles are never selected, whatever their name.
func SelectRoles(roles []client.Role) []client.Role {
	var out []client.Role
	for _, r := range roles {
		if r.ManagementType == client.ManagementTypeCustom && IsTestName(r.Name) && !strings.HasPrefix(r.ID, "cld::") {
			out = append(out, r)
		}
	}
	return out
}

// SelectCustomPolicies keeps the policies whose name is a test name.
func SelectCustomPolicies(policies []client.CustomPolicy) []client.CustomPolicy {
	var out []client.CustomPolicy
	for _, p := range policies {
		if IsTestName(p.Name) {
			out = append(out, p)
		}
	}
	return out
}

// SelectAccessKeys keeps, of env's keys, every key when env is a test
// environment and the keys with a test name otherwise. Root keys are never
// selected: the API refuses to delete them, they go with their environment.
func SelectAccessKeys(env client.ProductEnvironment, keys []client.AccessKey) []client.AccessKey {
	all := isTestEnvironment(env)
	var out []client.AccessKey
	for _, k := range keys {
		if !k.IsRoot() && (all || IsTestName(k.Name)) {
			out = append(out, k)
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// Finders: list, select, describe the delete.

func findProductEnvironments(ctx context.Context, c *client.Client) ([]Target, error) {
	envs, err := c.GetProductEnvironments(ctx, nil)
	if err != nil {
		return nil, err
	}
	var out []Target
	for _, e := range SelectProductEnvironments(envs) {
		id := e.ID
		out = append(out, Target{Kind: ProductEnvironments, ID: id,
			Label: fmt.Sprintf("name %q, cloud_name %q, with its access keys", e.Name, e.CloudName),
			del:   func(ctx context.Context, c *client.Client) error { return c.DeleteProductEnvironment(ctx, id) }})
	}
	return out, nil
}

func findAccessKeys(ctx context.Context, c *client.Client) ([]Target, error) {
	envs, err := c.GetProductEnvironments(ctx, nil)
	if err != nil {
		return nil, err
	}
	sort.Slice(envs, func(i, j int) bool { return envs[i].ID < envs[j].ID })
	var out []Target
	for _, e := range envs {
		keys, err := c.ListAllAccessKeys(ctx, e.ID, nil)
		if err != nil {
			if client.IsNotFound(err) { // deleted meanwhile
				continue
			}
			return nil, fmt.Errorf("access keys of environment %s: %w", e.ID, err)
		}
		for _, k := range SelectAccessKeys(e, keys) {
			envID, apiKey := e.ID, k.APIKey
			out = append(out, Target{Kind: AccessKeys, ID: apiKey,
				Label: fmt.Sprintf("name %q, in environment %s (%q)", k.Name, envID, e.Name),
				del:   func(ctx context.Context, c *client.Client) error { return c.DeleteAccessKey(ctx, envID, apiKey) }})
		}
	}
	return out, nil
}

func findUsers(ctx context.Context, c *client.Client) ([]Target, error) {
	// No server-side filter: the prefix filter is on the display name and
	// case-insensitive; the selection is on the email, here.
	users, err := c.ListAllUsers(ctx, nil)
	if err != nil {
		return nil, err
	}
	var out []Target
	for _, u := range SelectUsers(users) {
		id := u.ID
		out = append(out, Target{Kind: Users, ID: id, Label: fmt.Sprintf("email %q, name %q", u.Email, u.Name),
			del: func(ctx context.Context, c *client.Client) error { return c.DeleteUser(ctx, id) }})
	}
	return out, nil
}

func findUserGroups(ctx context.Context, c *client.Client) ([]Target, error) {
	groups, err := c.GetUserGroups(ctx, nil)
	if err != nil {
		return nil, err
	}
	var out []Target
	for _, g := range SelectUserGroups(groups) {
		id := g.ID
		out = append(out, Target{Kind: UserGroups, ID: id, Label: fmt.Sprintf("name %q", g.Name),
			del: func(ctx context.Context, c *client.Client) error { return c.DeleteUserGroup(ctx, id) }})
	}
	return out, nil
}

func findRoles(ctx context.Context, c *client.Client) ([]Target, error) {
	var roles []client.Role
	for _, pt := range []client.PermissionType{client.PermissionTypeGlobal, client.PermissionTypeContent} {
		rs, err := c.GetRoles(ctx, client.GetRolesOptions{PermissionType: pt, ManagementType: client.Ptr(client.ManagementTypeCustom)})
		if err != nil {
			return nil, err
		}
		roles = append(roles, rs...)
	}
	var out []Target
	seen := map[string]bool{}
	for _, r := range SelectRoles(roles) {
		if seen[r.ID] {
			continue
		}
		seen[r.ID] = true
		id := r.ID
		out = append(out, Target{Kind: Roles, ID: id, Label: fmt.Sprintf("name %q, %s %s role", r.Name, r.PermissionType, r.ScopeType),
			del: func(ctx context.Context, c *client.Client) error {
				return c.DeleteRole(ctx, id, &client.DeleteRoleOptions{Force: client.Ptr(true)})
			}})
	}
	return out, nil
}

func findCustomPolicies(ctx context.Context, c *client.Client) ([]Target, error) {
	// Account policies; then prodenv ones: those of every environment
	// ("all"-scoped ones are listed under scope_id=all and under each
	// environment).
	scopes := []*client.GetCustomPoliciesOptions{{ScopeType: client.Ptr(client.ScopeTypeAccount)},
		{ScopeType: client.Ptr(client.ScopeTypeProdenv), ScopeID: client.Ptr("all")}}
	envs, err := c.GetProductEnvironments(ctx, nil)
	if err != nil {
		return nil, err
	}
	sort.Slice(envs, func(i, j int) bool { return envs[i].ID < envs[j].ID })
	for _, e := range envs {
		scopes = append(scopes, &client.GetCustomPoliciesOptions{ScopeType: client.Ptr(client.ScopeTypeProdenv), ScopeID: client.Ptr(e.ID)})
	}
	var out []Target
	seen := map[string]bool{}
	for _, o := range scopes {
		ps, err := c.ListAllCustomPolicies(ctx, o)
		if err != nil {
			if o.ScopeID != nil && *o.ScopeID != "all" && client.IsNotFound(err) { // deleted meanwhile
				continue
			}
			return nil, err
		}
		for _, p := range SelectCustomPolicies(ps) {
			if seen[p.ID] {
				continue
			}
			seen[p.ID] = true
			id, scope := p.ID, string(p.ScopeType)
			if p.ScopeID != nil {
				scope += " " + *p.ScopeID
			}
			out = append(out, Target{Kind: CustomPolicies, ID: id, Label: fmt.Sprintf("name %q, scope %s", p.Name, scope),
				del: func(ctx context.Context, c *client.Client) error { return c.DeleteCustomPolicy(ctx, id) }})
		}
	}
	return out, nil
}

// Order returns the sweeper names in the order terraform-plugin-testing
// runs them when each sweeper first runs its dependencies (depth first, in
// the order they are declared), starting from the sweepers in names.
func Order(names []string) ([]string, error) {
	byName := map[string]Kind{}
	for _, k := range Kinds {
		byName[k.Name] = k
	}
	var out []string
	state := map[string]int{} // 1: running, 2: done
	var visit func(string) error
	visit = func(n string) error {
		k, ok := byName[n]
		if !ok {
			return fmt.Errorf("unknown sweeper %q", n)
		}
		switch state[n] {
		case 1:
			return fmt.Errorf("dependency cycle through %q", n)
		case 2:
			return nil
		}
		state[n] = 1
		for _, d := range k.Dependencies {
			if err := visit(d); err != nil {
				return err
			}
		}
		state[n] = 2
		out = append(out, n)
		return nil
	}
	for _, n := range names {
		if err := visit(n); err != nil {
			return nil, err
		}
	}
	return slices.Clip(out), nil
}
