package provider_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// The drift matrix: for every resource type, what happens when the object
// is changed outside Terraform (through env.Client, as a colleague in the
// Console would).
//
//	type                              (a) deleted outside Terraform         (b) attribute changed outside Terraform     extra member/role added
//	cloudinary_user_group             group deleted        -> create        renamed                -> update back       -
//	cloudinary_user                   user deleted         -> create        name and role changed  -> update back       -
//	cloudinary_product_environment    environment deleted  -> create        renamed, disabled      -> update back       -
//	cloudinary_access_key             key deleted          -> create        renamed, disabled      -> update back       -
//	cloudinary_role                   role deleted         -> create        name, description,     -> update back       -
//	                                                                        policies changed
//	cloudinary_custom_policy          policy deleted       -> create        statement and          -> update back       -
//	                                                                        description changed,
//	                                                                        disabled
//	cloudinary_user_group_membership  user taken out       -> create        n/a: group_id and user_id force a new membership
//	cloudinary_user_group_members     group deleted        -> create        a member removed       -> update back       member added -> update removes it
//	cloudinary_role_assignment        role unassigned      -> create        n/a: every attribute forces a new assignment
//	cloudinary_principal_roles        principal deleted    -> create        a role removed         -> update back       role added -> update removes it
//
// Per-resource tests cover the same cases in more depth (TestAccUserGroup_*,
// TestAccUser_*, TestAccProductEnvironment_*, TestAccAccessKey_*,
// TestAccRole_basic, TestAccCustomPolicy_*, TestAccUserGroupMembership_*,
// TestAccUserGroupMembers_*, TestAccRoleAssignment_*,
// TestAccPrincipalRoles_basic); this test is the one place that shows every
// type side by side, so a new resource without drift handling stands out.

// stateValues holds, per resource address, the attribute values of the last
// state (for out-of-band changes that need ids).
type stateValues map[string]map[string]any

func (s stateValues) str(addr, attr string) string {
	if v, ok := s[addr][attr].(string); ok {
		return v
	}
	return ""
}

// captureState stores the state's root-module resources into *dst.
func captureState(dst *stateValues) acctest.StateCheck {
	return func(_ context.Context, state *tfjson.State) error {
		out := stateValues{}
		if state != nil && state.Values != nil && state.Values.RootModule != nil {
			for _, r := range state.Values.RootModule.Resources {
				out[r.Address] = r.AttributeValues
			}
		}
		*dst = out
		return nil
	}
}

// driftFixture is what a row's functions work with: names unique to the
// run, three account-scoped system roles, and the last state.
type driftFixture struct {
	name  string
	roles []string
	st    stateValues
}

func (f *driftFixture) email(suffix string) string { return f.name + suffix + "@example.com" }

// driftRow is one line of the matrix. A nil change or extra means the case
// does not apply; the *Case strings say what is done, or why not.
type driftRow struct {
	typ    string
	addr   string
	config func(f *driftFixture) string
	// check asserts, through the API, that the object is as configured.
	check func(ctx context.Context, c *client.Client, f *driftFixture) error

	deleteCase string
	delete     func(ctx context.Context, c *client.Client, f *driftFixture) error
	// recreated lists the addresses the plan after (a) must create.
	recreated []string

	changeCase string
	change     func(ctx context.Context, c *client.Client, f *driftFixture) error

	extraCase string
	extra     func(ctx context.Context, c *client.Client, f *driftFixture) error
}

func driftMatrix() []driftRow {
	return []driftRow{
		{
			typ:  "cloudinary_user_group",
			addr: "cloudinary_user_group.test",
			config: func(f *driftFixture) string {
				return fmt.Sprintf("resource \"cloudinary_user_group\" \"test\" {\n  name = %q\n}\n", f.name)
			},
			check: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				g, err := c.GetUserGroup(ctx, f.st.str("cloudinary_user_group.test", "id"), nil)
				if err != nil {
					return err
				}
				return fieldMismatch("name", g.Name, f.name)
			},
			deleteCase: "group deleted",
			delete: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				return c.DeleteUserGroup(ctx, f.st.str("cloudinary_user_group.test", "id"))
			},
			recreated:  []string{"cloudinary_user_group.test"},
			changeCase: "renamed",
			change: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				_, err := c.UpdateUserGroup(ctx, f.st.str("cloudinary_user_group.test", "id"), client.UserGroupRequest{Name: f.name + "-oob"})
				return err
			},
		},
		{
			typ:  "cloudinary_user",
			addr: "cloudinary_user.test",
			config: func(f *driftFixture) string {
				return fmt.Sprintf("resource \"cloudinary_user\" \"test\" {\n  name  = %q\n  email = %q\n  role  = \"media_library_user\"\n}\n",
					f.name, f.email(""))
			},
			check: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				u, err := c.GetUser(ctx, f.st.str("cloudinary_user.test", "id"))
				if err != nil {
					return err
				}
				return errors.Join(fieldMismatch("name", u.Name, f.name), fieldMismatch("role", u.Role, "media_library_user"))
			},
			deleteCase: "user deleted",
			delete: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				return c.DeleteUser(ctx, f.st.str("cloudinary_user.test", "id"))
			},
			recreated:  []string{"cloudinary_user.test"},
			changeCase: "name and role changed",
			change: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				_, err := c.UpdateUser(ctx, f.st.str("cloudinary_user.test", "id"),
					client.UserUpdateRequest{Name: client.Ptr(f.name + "-oob"), Role: client.Ptr("reports")})
				return err
			},
		},
		{
			typ:  "cloudinary_product_environment",
			addr: "cloudinary_product_environment.test",
			config: func(f *driftFixture) string {
				return fmt.Sprintf("resource \"cloudinary_product_environment\" \"test\" {\n  name                = %q\n  cloud_name          = %q\n  deletion_protection = false\n}\n",
					f.name, f.name)
			},
			check: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				pe, err := c.GetProductEnvironment(ctx, f.st.str("cloudinary_product_environment.test", "id"))
				if err != nil {
					return err
				}
				return errors.Join(fieldMismatch("name", pe.Name, f.name), fieldMismatch("cloud_name", pe.CloudName, f.name),
					fieldMismatch("enabled", fmt.Sprint(pe.Enabled != nil && *pe.Enabled), "true"))
			},
			deleteCase: "environment deleted",
			delete: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				return c.DeleteProductEnvironment(ctx, f.st.str("cloudinary_product_environment.test", "id"))
			},
			recreated:  []string{"cloudinary_product_environment.test"},
			changeCase: "renamed and disabled",
			change: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				_, err := c.UpdateProductEnvironment(ctx, f.st.str("cloudinary_product_environment.test", "id"),
					client.ProductEnvironmentUpdateRequest{Name: client.Ptr(f.name + "-oob"), Enabled: client.Ptr(false)})
				return err
			},
		},
		{
			typ:  "cloudinary_access_key",
			addr: "cloudinary_access_key.test",
			config: func(f *driftFixture) string {
				return fmt.Sprintf(`resource "cloudinary_product_environment" "test" {
  name                = %[1]q
  cloud_name          = %[1]q
  deletion_protection = false
}

resource "cloudinary_access_key" "test" {
  product_environment_id = cloudinary_product_environment.test.id
  name                   = %[1]q
}
`, f.name)
			},
			check: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				k, err := stateAccessKey(ctx, c, f)
				if err != nil {
					return err
				}
				return errors.Join(fieldMismatch("name", k.Name, f.name), fieldMismatch("enabled", fmt.Sprint(k.Enabled != nil && *k.Enabled), "true"))
			},
			deleteCase: "key deleted",
			delete: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				return c.DeleteAccessKey(ctx, f.st.str("cloudinary_access_key.test", "product_environment_id"),
					f.st.str("cloudinary_access_key.test", "api_key"))
			},
			recreated:  []string{"cloudinary_access_key.test"},
			changeCase: "renamed and disabled",
			change: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				_, err := c.UpdateAccessKey(ctx, f.st.str("cloudinary_access_key.test", "product_environment_id"),
					f.st.str("cloudinary_access_key.test", "api_key"),
					client.AccessKeyUpdateRequest{Name: client.Ptr(f.name + "-oob"), Enabled: client.Ptr(false)})
				return err
			},
		},
		{
			typ:  "cloudinary_role",
			addr: "cloudinary_role.test",
			config: func(f *driftFixture) string {
				return fmt.Sprintf(`resource "cloudinary_role" "test" {
  name              = %q
  description       = "as configured"
  permission_type   = "global"
  scope_type        = "account"
  system_policy_ids = [%q]
}
`, f.name, testAccPolicyViewUsers)
			},
			check: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				r, err := c.GetRole(ctx, f.st.str("cloudinary_role.test", "id"), nil)
				if err != nil {
					return err
				}
				desc := ""
				if r.Description != nil {
					desc = *r.Description
				}
				return errors.Join(fieldMismatch("name", r.Name, f.name), fieldMismatch("description", desc, "as configured"),
					fieldMismatch("system_policy_ids", strings.Join(r.SystemPolicyIDs(), ","), testAccPolicyViewUsers))
			},
			deleteCase: "role deleted",
			delete: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				return c.DeleteRole(ctx, f.st.str("cloudinary_role.test", "id"), nil)
			},
			recreated:  []string{"cloudinary_role.test"},
			changeCase: "name, description and policies changed",
			change: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				_, err := c.UpdateRole(ctx, f.st.str("cloudinary_role.test", "id"), client.UpdateRoleRequest{
					Name: f.name + "-oob", Description: client.Ptr("changed"),
					SystemPolicyIDs: []string{"cld::policy::global::billing::view"},
				})
				return err
			},
		},
		{
			typ:  "cloudinary_custom_policy",
			addr: "cloudinary_custom_policy.test",
			config: func(f *driftFixture) string {
				return fmt.Sprintf(`resource "cloudinary_custom_policy" "test" {
  name             = %q
  description      = "as configured"
  scope_type       = "account"
  policy_statement = %q
}
`, f.name, cedarStatementFor(f.name))
			},
			check: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				p, err := c.GetCustomPolicy(ctx, f.st.str("cloudinary_custom_policy.test", "id"))
				if err != nil {
					return err
				}
				desc := ""
				if p.Description != nil {
					desc = *p.Description
				}
				return errors.Join(fieldMismatch("description", desc, "as configured"), fieldMismatch("enabled", fmt.Sprint(p.Enabled), "true"),
					fieldMismatch("policy_statement", p.PolicyStatement, cedarStatementFor(f.name)))
			},
			deleteCase: "policy deleted",
			delete: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				return c.DeleteCustomPolicy(ctx, f.st.str("cloudinary_custom_policy.test", "id"))
			},
			recreated:  []string{"cloudinary_custom_policy.test"},
			changeCase: "statement and description changed, disabled",
			change: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				// (The API refuses an update that repeats the statement.)
				_, err := c.UpdateCustomPolicy(ctx, f.st.str("cloudinary_custom_policy.test", "id"), client.UpdateCustomPolicyRequest{
					PolicyStatement: cedarStatementFor(f.name + "-oob"), Description: client.Ptr("changed"),
					ScopeType: client.ScopeTypeAccount, Name: f.name, Enabled: false,
				})
				return err
			},
		},
		{
			typ:  "cloudinary_user_group_membership",
			addr: "cloudinary_user_group_membership.test",
			config: func(f *driftFixture) string {
				return groupAndUsersConfig(f, 1) + `
resource "cloudinary_user_group_membership" "test" {
  group_id = cloudinary_user_group.test.id
  user_id  = cloudinary_user.u0.id
}
`
			},
			check: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				return groupMembersExactly(ctx, c, f, "cloudinary_user.u0")
			},
			deleteCase: "user taken out of the group",
			delete: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				_, err := c.RemoveUserFromUserGroup(ctx, f.st.str("cloudinary_user_group.test", "id"), f.st.str("cloudinary_user.u0", "id"))
				return err
			},
			recreated:  []string{"cloudinary_user_group_membership.test"},
			changeCase: "n/a: group_id and user_id force a new membership; nothing can drift in place",
		},
		{
			typ:  "cloudinary_user_group_members",
			addr: "cloudinary_user_group_members.test",
			config: func(f *driftFixture) string {
				// u2 exists but is not a member: the extra member added
				// outside Terraform.
				return groupAndUsersConfig(f, 3) + `
resource "cloudinary_user_group_members" "test" {
  group_id = cloudinary_user_group.test.id
  user_ids = [cloudinary_user.u0.id, cloudinary_user.u1.id]
}
`
			},
			check: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				return groupMembersExactly(ctx, c, f, "cloudinary_user.u0", "cloudinary_user.u1")
			},
			deleteCase: "group deleted",
			delete: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				return c.DeleteUserGroup(ctx, f.st.str("cloudinary_user_group.test", "id"))
			},
			recreated:  []string{"cloudinary_user_group.test", "cloudinary_user_group_members.test"},
			changeCase: "a member removed",
			change: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				_, err := c.RemoveUserFromUserGroup(ctx, f.st.str("cloudinary_user_group.test", "id"), f.st.str("cloudinary_user.u1", "id"))
				return err
			},
			extraCase: "a member added",
			extra: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				_, err := c.AddUserToUserGroup(ctx, f.st.str("cloudinary_user_group.test", "id"), f.st.str("cloudinary_user.u2", "id"))
				return err
			},
		},
		{
			typ:  "cloudinary_role_assignment",
			addr: "cloudinary_role_assignment.test",
			config: func(f *driftFixture) string {
				return fmt.Sprintf(`resource "cloudinary_user_group" "test" {
  name = %q
}

resource "cloudinary_role_assignment" "test" {
  principal_type = "group"
  principal_id   = cloudinary_user_group.test.id
  role_id        = %q
}
`, f.name, f.roles[0])
			},
			check: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				return groupRolesExactly(ctx, c, f, f.roles[0])
			},
			deleteCase: "role unassigned",
			delete: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				return unassignRole(ctx, c, f, f.roles[0])
			},
			recreated:  []string{"cloudinary_role_assignment.test"},
			changeCase: "n/a: every attribute forces a new assignment; nothing can drift in place",
		},
		{
			typ:  "cloudinary_principal_roles",
			addr: "cloudinary_principal_roles.test",
			config: func(f *driftFixture) string {
				return fmt.Sprintf(`resource "cloudinary_user_group" "test" {
  name = %q
}

resource "cloudinary_principal_roles" "test" {
  principal_type = "group"
  principal_id   = cloudinary_user_group.test.id
  roles = [
    { role_id = %q },
    { role_id = %q },
  ]
}
`, f.name, f.roles[0], f.roles[1])
			},
			check: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				return groupRolesExactly(ctx, c, f, f.roles[0], f.roles[1])
			},
			deleteCase: "principal (group) deleted",
			delete: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				return c.DeleteUserGroup(ctx, f.st.str("cloudinary_user_group.test", "id"))
			},
			recreated:  []string{"cloudinary_user_group.test", "cloudinary_principal_roles.test"},
			changeCase: "a role removed",
			change: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				return unassignRole(ctx, c, f, f.roles[1])
			},
			extraCase: "a role added",
			extra: func(ctx context.Context, c *client.Client, f *driftFixture) error {
				return c.UpdatePrincipalRoles(ctx, client.UpdatePrincipalRolesRequest{
					Operation: client.OperationAdd,
					Principal: client.Principal{Type: client.PrincipalTypeGroup, ID: f.st.str("cloudinary_user_group.test", "id")},
					Roles:     []client.RoleToManage{{ID: f.roles[2]}},
				})
			},
		},
	}
}

// TestAccDrift_matrix runs the matrix above, one parallel subtest per type.
func TestAccDrift_matrix(t *testing.T) {
	rows := driftMatrix()
	// Every resource type of the provider has a row.
	covered := map[string]bool{}
	for _, r := range rows {
		covered[r.typ] = true
	}
	for _, typ := range providerResourceTypes(t) {
		if !covered[typ] {
			t.Errorf("%s has no row in the drift matrix", typ)
		}
	}
	for _, row := range rows {
		t.Run(row.typ, func(t *testing.T) {
			acctest.SkipUnlessAcc(t)
			env := acctest.New(t)
			f := &driftFixture{name: acctest.RandomName("tf-acc-drift")}
			f.roles = accountSystemRoles(t, env, 3)
			cfg := env.Config(row.config(f))
			apiCheck := acctest.StateCheck(func(ctx context.Context, _ *tfjson.State) error {
				if err := row.check(ctx, env.Client, f); err != nil {
					return fmt.Errorf("%s in the API: %w", row.typ, err)
				}
				return nil
			})
			outOfBand := func(what string, fn func(context.Context, *client.Client, *driftFixture) error) func() {
				return func() {
					if err := fn(t.Context(), env.Client, f); err != nil {
						t.Fatalf("%s outside Terraform: %v", what, err)
					}
				}
			}
			update := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(row.addr, plancheck.ResourceActionUpdate),
			}}
			checks := []statecheck.StateCheck{captureState(&f.st), apiCheck}

			steps := []resource.TestStep{{Config: cfg, ConfigStateChecks: checks}}
			if row.change != nil {
				// (b) changed outside Terraform: the plan changes it back
				// in place.
				steps = append(steps, resource.TestStep{
					PreConfig: outOfBand(row.changeCase, row.change), Config: cfg,
					ConfigPlanChecks: update, ConfigStateChecks: checks,
				})
			} else {
				t.Logf("(b) %s", row.changeCase)
			}
			if row.extra != nil {
				// An extra member or role is shown and removed.
				steps = append(steps, resource.TestStep{
					PreConfig: outOfBand(row.extraCase, row.extra), Config: cfg,
					ConfigPlanChecks: update, ConfigStateChecks: checks,
				})
			}
			// (a) deleted outside Terraform: the plan creates it again.
			var recreate []plancheck.PlanCheck
			for _, addr := range row.recreated {
				recreate = append(recreate, plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate))
			}
			steps = append(steps, resource.TestStep{
				PreConfig: outOfBand(row.deleteCase, row.delete), Config: cfg,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: recreate},
				ConfigStateChecks: checks,
			})

			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.Factories(),
				CheckDestroy:             env.CheckDestroyed(),
				Steps:                    steps,
			})
		})
	}
}

// fieldMismatch compares one field.
func fieldMismatch(field, got, want string) error {
	if got != want {
		return fmt.Errorf("%s is %q, want %q", field, got, want)
	}
	return nil
}

// cedarStatementFor is a valid Cedar statement unique to key.
func cedarStatementFor(key string) string {
	return fmt.Sprintf(`permit(principal == Cloudinary::User::%q, action == Cloudinary::Action::"read", resource is Cloudinary::Folder) when { resource.ancestor_ids.contains("abc") };`, key)
}

// groupAndUsersConfig declares cloudinary_user_group.test and n users u0..u{n-1}.
func groupAndUsersConfig(f *driftFixture, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"cloudinary_user_group\" \"test\" {\n  name = %q\n}\n", f.name)
	for i := range n {
		fmt.Fprintf(&b, "\nresource \"cloudinary_user\" \"u%d\" {\n  name  = \"%s-%d\"\n  email = %q\n  role  = \"media_library_user\"\n}\n",
			i, f.name, i, f.email(fmt.Sprintf("-%d", i)))
	}
	return b.String()
}

// groupMembersExactly checks that the group's members are exactly the users
// at these addresses.
func groupMembersExactly(ctx context.Context, c *client.Client, f *driftFixture, userAddrs ...string) error {
	users, err := c.GetUsersInUserGroup(ctx, f.st.str("cloudinary_user_group.test", "id"))
	if err != nil {
		return err
	}
	var got, want []string
	for _, u := range users {
		got = append(got, u.ID)
	}
	for _, a := range userAddrs {
		want = append(want, f.st.str(a, "id"))
	}
	sort.Strings(got)
	sort.Strings(want)
	return fieldMismatch("members", strings.Join(got, ","), strings.Join(want, ","))
}

// groupRolesExactly checks that the group holds exactly these roles.
func groupRolesExactly(ctx context.Context, c *client.Client, f *driftFixture, roles ...string) error {
	held, err := c.GetPrincipalRoles(ctx, client.GetPrincipalRolesOptions{
		PrincipalType: client.PrincipalTypeGroup, PrincipalID: f.st.str("cloudinary_user_group.test", "id"),
		PermissionType: client.PermissionTypeGlobal,
	})
	if err != nil {
		return err
	}
	var got []string
	for _, r := range held {
		got = append(got, r.ID)
	}
	want := slices.Clone(roles)
	sort.Strings(got)
	sort.Strings(want)
	return fieldMismatch("roles", strings.Join(got, ","), strings.Join(want, ","))
}

func unassignRole(ctx context.Context, c *client.Client, f *driftFixture, role string) error {
	return c.UpdatePrincipalRoles(ctx, client.UpdatePrincipalRolesRequest{
		Operation: client.OperationRemove,
		Principal: client.Principal{Type: client.PrincipalTypeGroup, ID: f.st.str("cloudinary_user_group.test", "id")},
		Roles:     []client.RoleToManage{{ID: role}},
	})
}

// stateAccessKey finds the key of cloudinary_access_key.test in its
// environment's list (there is no endpoint for one key).
func stateAccessKey(ctx context.Context, c *client.Client, f *driftFixture) (*client.AccessKey, error) {
	envID, apiKey := f.st.str("cloudinary_access_key.test", "product_environment_id"), f.st.str("cloudinary_access_key.test", "api_key")
	keys, err := c.ListAllAccessKeys(ctx, envID, nil)
	if err != nil {
		return nil, err
	}
	for i := range keys {
		if keys[i].APIKey == apiKey {
			return &keys[i], nil
		}
	}
	return nil, fmt.Errorf("no access key %s in environment %s", apiKey, envID)
}

// accountSystemRoles returns n account-scoped global system roles.
func accountSystemRoles(t *testing.T, env *acctest.Env, n int) []string {
	t.Helper()
	roles, err := env.Client.GetRoles(t.Context(), client.GetRolesOptions{
		PermissionType: client.PermissionTypeGlobal,
		ScopeType:      client.Ptr(client.ScopeTypeAccount),
		ManagementType: client.Ptr(client.ManagementTypeSystem),
	})
	if err != nil {
		t.Fatalf("listing system roles: %v", err)
	}
	var ids []string
	for _, r := range roles {
		ids = append(ids, r.ID)
	}
	sort.Strings(ids)
	if len(ids) < n {
		t.Fatalf("need %d account-scoped system roles, found %v", n, ids)
	}
	return ids[:n]
}
