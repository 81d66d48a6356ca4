package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// Helpers shared by the permissions tests (roles, custom policies and the
// permissions data sources).

// expectAction expects one planned action on address.
func expectAction(address string, action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, action)}}
}

// expectNoPermissionsWrites fails t when the emulator received any write of the
// permissions API (live runs cannot count, so they skip the check).
func expectNoPermissionsWrites(t *testing.T, env *acctest.Env) {
	t.Helper()
	if env.Emulator == nil {
		return
	}
	stats := env.Emulator.Stats()
	for _, op := range []string{"createRole", "updateRole", "deleteRole", "createCustomPolicy", "updateCustomPolicy",
		"deleteCustomPolicy", "validateCedarPolicy"} {
		if n := stats.ByOperation[op]; n != 0 {
			t.Errorf("%s was called %d times; invalid configurations must not reach the API", op, n)
		}
	}
}

const (
	testAccRoleAddr = "cloudinary_role.test"

	testAccPolicyViewUsers    = "cld::policy::global::users_and_groups::view"
	testAccPolicyManageUsers  = "cld::policy::global::users_and_groups::manage"
	testAccPolicyViewBilling  = "cld::policy::global::billing::view"
	testAccPolicyMLAccess     = "cld::policy::global::ml::access"
	testAccPolicyFolderView   = "cld::policy::content::folder::view_download"
	testAccPolicyFolderAssets = "cld::policy::content::folder::add_assets"
)

// testAccRoleConfig is a global account role; extra adds attributes.
func testAccRoleConfig(name string, ids []string, extra string) string {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	return fmt.Sprintf(`
resource "cloudinary_role" "test" {
  name              = %[1]q
  permission_type   = "global"
  scope_type        = "account"
  system_policy_ids = [%[2]s]
%[3]s
}
`, name, strings.Join(quoted, ", "), extra)
}

func testAccRoleExpect(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(testAccRoleAddr, tfjsonpath.New(attr), v)
}

func testAccRoleIDs(ids ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.StringExact(id)
	}
	return knownvalue.SetExact(checks)
}

// testAccRoleInAPI checks the role as the API sees it.
func testAccRoleInAPI(env *acctest.Env, name string, policyIDs ...string) statecheck.StateCheck {
	return acctest.StateCheck(func(ctx context.Context, s *tfjson.State) error {
		id, err := acctest.StateString(s, testAccRoleAddr, "id")
		if err != nil {
			return err
		}
		role, err := env.Client.GetRole(ctx, id, nil)
		if err != nil {
			return err
		}
		got := role.SystemPolicyIDs()
		slices.Sort(got)
		want := slices.Clone(policyIDs)
		slices.Sort(want)
		if role.Name != name || !slices.Equal(got, want) {
			return fmt.Errorf("API role is %q with %v, want %q with %v", role.Name, got, name, want)
		}
		return nil
	})
}

func TestAccRole_basic(t *testing.T) {
	env := acctest.New(t)
	name, name2 := acctest.RandomName("tf-acc-role"), acctest.RandomName("tf-acc-role")
	var id string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config:           env.Config(testAccRoleConfig(name, []string{testAccPolicyViewUsers}, `  description = "first"`)),
				ConfigPlanChecks: expectAction(testAccRoleAddr, plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccRoleExpect("id", knownvalue.NotNull()),
					statecheck.CompareValuePairs(testAccRoleAddr, tfjsonpath.New("id"), testAccRoleAddr, tfjsonpath.New("role_id"), compare.ValuesSame()),
					testAccRoleExpect("name", knownvalue.StringExact(name)),
					testAccRoleExpect("description", knownvalue.StringExact("first")),
					testAccRoleExpect("permission_type", knownvalue.StringExact("global")),
					testAccRoleExpect("scope_type", knownvalue.StringExact("account")),
					testAccRoleExpect("management_type", knownvalue.StringExact("custom")),
					testAccRoleExpect("system_policy_ids", testAccRoleIDs(testAccPolicyViewUsers)),
					testAccRoleExpect("policy_parameters", knownvalue.ListSizeExact(0)),
					testAccRoleExpect("created_at", knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
					testAccRoleExpect("updated_at", knownvalue.NotNull()),
					testAccRoleExpect("force_delete", knownvalue.Bool(false)),
					testAccRoleInAPI(env, name, testAccPolicyViewUsers),
					acctest.Capture(testAccRoleAddr, "id", &id),
				},
			},
			{
				// Name and description update in place.
				Config:           env.Config(testAccRoleConfig(name2, []string{testAccPolicyViewUsers}, `  description = "second"`)),
				ConfigPlanChecks: expectAction(testAccRoleAddr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccRoleExpect("name", knownvalue.StringExact(name2)),
					testAccRoleExpect("description", knownvalue.StringExact("second")),
					testAccRoleInAPI(env, name2, testAccPolicyViewUsers),
				},
			},
			{
				// Policies update in place; the description can be removed.
				Config:           env.Config(testAccRoleConfig(name2, []string{testAccPolicyManageUsers, testAccPolicyViewBilling}, "")),
				ConfigPlanChecks: expectAction(testAccRoleAddr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccRoleExpect("system_policy_ids", testAccRoleIDs(testAccPolicyManageUsers, testAccPolicyViewBilling)),
					testAccRoleExpect("description", knownvalue.Null()),
					testAccRoleInAPI(env, name2, testAccPolicyManageUsers, testAccPolicyViewBilling),
				},
			},
			{ResourceName: testAccRoleAddr, ImportState: true, ImportStateVerify: true},
			{
				// Drift (b): changed outside Terraform, then updated back.
				PreConfig: func() {
					if _, err := env.Client.UpdateRole(t.Context(), id, client.UpdateRoleRequest{
						Name: name2 + "-oob", Description: client.Ptr("changed"), SystemPolicyIDs: []string{testAccPolicyViewUsers},
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           env.Config(testAccRoleConfig(name2, []string{testAccPolicyManageUsers, testAccPolicyViewBilling}, "")),
				ConfigPlanChecks: expectAction(testAccRoleAddr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccRoleExpect("id", knownvalue.StringFunc(func(v string) error {
						if v != id {
							return fmt.Errorf("id changed from %s to %s", id, v)
						}
						return nil
					})),
					testAccRoleInAPI(env, name2, testAccPolicyManageUsers, testAccPolicyViewBilling),
				},
			},
			{
				// Drift (a): deleted outside Terraform, then created again.
				PreConfig: func() {
					if err := env.Client.DeleteRole(t.Context(), id, nil); err != nil {
						t.Fatal(err)
					}
				},
				Config:           env.Config(testAccRoleConfig(name2, []string{testAccPolicyManageUsers, testAccPolicyViewBilling}, "")),
				ConfigPlanChecks: expectAction(testAccRoleAddr, plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccRoleInAPI(env, name2, testAccPolicyManageUsers, testAccPolicyViewBilling),
				},
			},
		},
	})
}

// TestAccRole_roleIDAndContent covers a caller-chosen role_id (changing it
// replaces the role) and a content role, whose policy_parameters come from
// its policies.
func TestAccRole_roleIDAndContent(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-role")
	roleID, roleID2 := strings.ReplaceAll(acctest.RandomName("tf_acc_role"), "-", "_"), strings.ReplaceAll(acctest.RandomName("tf_acc_role"), "-", "_")
	cfg := func(id string, ids ...string) string {
		return env.Config(fmt.Sprintf(`
resource "cloudinary_role" "test" {
  role_id           = %[1]q
  name              = %[2]q
  permission_type   = "content"
  scope_type        = "prodenv"
  system_policy_ids = [%[3]s]
}
`, id, name, `"`+strings.Join(ids, `", "`)+`"`))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: cfg(roleID, testAccPolicyFolderView),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccRoleExpect("id", knownvalue.StringExact(roleID)),
					testAccRoleExpect("role_id", knownvalue.StringExact(roleID)),
					testAccRoleExpect("permission_type", knownvalue.StringExact("content")),
					testAccRoleExpect("scope_type", knownvalue.StringExact("prodenv")),
					testAccRoleExpect("policy_parameters", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("folder_id")})),
				},
			},
			{
				Config:           cfg(roleID, testAccPolicyFolderView, testAccPolicyFolderAssets),
				ConfigPlanChecks: expectAction(testAccRoleAddr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccRoleExpect("system_policy_ids", testAccRoleIDs(testAccPolicyFolderView, testAccPolicyFolderAssets)),
					testAccRoleExpect("policy_parameters", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("folder_id")})),
				},
			},
			{ResourceName: testAccRoleAddr, ImportState: true, ImportStateVerify: true, ImportStateId: roleID},
			{
				// permission_type is immutable: a new role replaces the old.
				Config: env.Config(fmt.Sprintf(`
resource "cloudinary_role" "test" {
  role_id           = %[1]q
  name              = %[2]q
  permission_type   = "global"
  scope_type        = "prodenv"
  system_policy_ids = [%[3]q]
}
`, roleID, name, testAccPolicyMLAccess)),
				ConfigPlanChecks: expectAction(testAccRoleAddr, plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccRoleExpect("permission_type", knownvalue.StringExact("global")),
					testAccRoleExpect("policy_parameters", knownvalue.ListSizeExact(0)),
				},
			},
			{
				Config:           cfg(roleID2, testAccPolicyFolderView, testAccPolicyFolderAssets),
				ConfigPlanChecks: expectAction(testAccRoleAddr, plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccRoleExpect("id", knownvalue.StringExact(roleID2)),
					acctest.StateCheck(func(ctx context.Context, _ *tfjson.State) error {
						if _, err := env.Client.GetRole(ctx, roleID, nil); !client.IsNotFound(err) {
							return fmt.Errorf("old role %s: want 404, got %w", roleID, err)
						}
						return nil
					}),
				},
			},
		},
	})
}

// TestAccRole_validation runs every plan-time rule; none may reach the API.
func TestAccRole_validation(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-role")
	typed := func(perm, scope string, ids ...string) string {
		return env.Config(fmt.Sprintf(`
resource "cloudinary_role" "test" {
  name              = %[1]q
  permission_type   = %[2]q
  scope_type        = %[3]q
  system_policy_ids = [%[4]s]
}
`, name, perm, scope, `"`+strings.Join(ids, `", "`)+`"`))
	}
	step := func(config, want string) resource.TestStep {
		return resource.TestStep{Config: config, PlanOnly: true, ExpectError: acctest.ErrorPattern(want)}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			// A typo in a policy id: refused with the nearest valid id.
			step(env.Config(testAccRoleConfig(name, []string{"cld::policy::global::users_and_groups::veiw"}, "")),
				`"cld::policy::global::users_and_groups::veiw" is not the id of a\s+system policy\.\s+Did you mean\s+"cld::policy::global::users_and_groups::view"\?`),
			// A leftover segment is a near miss too.
			step(env.Config(testAccRoleConfig(name, []string{"cld::global::users_and_groups::manage"}, "")),
				`Did you mean\s+"cld::policy::global::users_and_groups::manage"\?`),
			// Far from every id: no suggestion, but the data source to look in.
			step(env.Config(testAccRoleConfig(name, []string{"nothing-like-a-policy"}, "")),
				`"nothing-like-a-policy" is not the id of a system policy\.\s+The\s+cloudinary_system_policies data source lists the valid ids`),
			// A prodenv policy in an account role.
			step(env.Config(testAccRoleConfig(name, []string{testAccPolicyViewUsers, testAccPolicyMLAccess}, "")),
				`"cld::policy::global::ml::access" is a global\s+policy with scope_type prodenv, but this role has permission_type "global"\s+and\s+scope_type "account"`),
			// Content roles live in product environments.
			step(typed("content", "account", testAccPolicyFolderView),
				`No system policy has permission_type "content" and scope_type\s+"account"`),
			step(typed("local", "account", testAccPolicyViewUsers), `permission_type value must be one of: \["global" "content"\]`),
			step(typed("global", "everywhere", testAccPolicyViewUsers), `scope_type value must be one of: \["account" "prodenv"\]`),
			step(env.Config(testAccRoleConfig(name, nil, "")), `system_policy_ids set must contain at least 1 elements`),
			step(env.Config(testAccRoleConfig("   ", []string{testAccPolicyViewUsers}, "")), `name must contain a non-whitespace character`),
			step(env.Config(testAccRoleConfig(name, []string{testAccPolicyViewUsers}, `  description = ""`)),
				`description is an empty string. For a role without a description, leave description out or set it to null`),
			step(env.Config(testAccRoleConfig(name, []string{testAccPolicyViewUsers}, `  role_id = "bad id/1"`)),
				`role_id: value must be 1 to 255 letters, digits, '_', '-', '.' or ':'`),
			step(env.Config(testAccRoleConfig(name, []string{testAccPolicyViewUsers}, `  role_id = "cld::mine"`)),
				`role_id: the "cld::" prefix is reserved for Cloudinary's system roles`),
		},
	})
	expectNoPermissionsWrites(t, env)
}

// TestAccRole_deleteWhileHeld: a role that a principal holds is not
// destroyed without force_delete (the error lists the holder); with it, it
// is, and the assignment goes with it.
func TestAccRole_deleteWhileHeld(t *testing.T) {
	env := acctest.New(t)
	ctx := t.Context()
	group, err := env.Client.CreateUserGroup(ctx, client.UserGroupRequest{Name: acctest.RandomName("tf-acc-role-holder")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteUserGroup(context.WithoutCancel(t.Context()), group.ID) })
	name := acctest.RandomName("tf-acc-role")
	var id string
	holder := client.Principal{Type: client.PrincipalTypeGroup, ID: group.ID}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config:            env.Config(testAccRoleConfig(name, []string{testAccPolicyViewUsers}, "")),
				ConfigStateChecks: []statecheck.StateCheck{acctest.Capture(testAccRoleAddr, "id", &id)},
			},
			{
				// Assign the role, then try to destroy it.
				PreConfig: func() {
					if err := env.Client.UpdatePrincipalRoles(ctx, client.UpdatePrincipalRolesRequest{
						Operation: client.OperationAdd, Principal: holder, Roles: []client.RoleToManage{{ID: id}},
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config:      env.Config(""),
				ExpectError: acctest.ErrorPattern(`Role is still assigned[\s\S]*held by 1 principal: group\s+"` + regexp.QuoteMeta(group.ID) + `"[\s\S]*force_delete = true`),
			},
			{
				// force_delete changes in state only.
				Config:           env.Config(testAccRoleConfig(name, []string{testAccPolicyViewUsers}, "  force_delete = true")),
				ConfigPlanChecks: expectAction(testAccRoleAddr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccRoleExpect("force_delete", knownvalue.Bool(true)),
					acctest.StateCheck(func(ctx context.Context, _ *tfjson.State) error {
						holders, err := env.Client.GetRolePrincipals(ctx, id, nil)
						if err != nil || len(holders) != 1 {
							return fmt.Errorf("role %s should still be held once: %v %w", id, holders, err)
						}
						return nil
					}),
				},
			},
			{
				Config:           env.Config(""),
				ConfigPlanChecks: expectAction(testAccRoleAddr, plancheck.ResourceActionDestroy),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateCheck(func(ctx context.Context, _ *tfjson.State) error {
						roles, err := env.Client.GetPrincipalRoles(ctx, client.GetPrincipalRolesOptions{
							PrincipalType: holder.Type, PrincipalID: holder.ID, PermissionType: client.PermissionTypeGlobal})
						if err != nil {
							return err
						}
						for _, r := range roles {
							if r.ID == id {
								return fmt.Errorf("group still holds the deleted role %s", id)
							}
						}
						return nil
					}),
				},
			},
		},
	})
}

// TestAccRole_importErrors: system roles, unknown and malformed ids.
func TestAccRole_importErrors(t *testing.T) {
	env := acctest.New(t)
	cfg := env.Config(testAccRoleConfig(acctest.RandomName("tf-acc-role"), []string{testAccPolicyViewUsers}, ""))
	imp := func(id, want string) resource.TestStep {
		return resource.TestStep{Config: cfg, ResourceName: testAccRoleAddr, ImportState: true, ImportStateId: id,
			ExpectError: acctest.ErrorPattern(want)}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			imp("cld::role::account::admin", `Cannot import a system role[\s\S]*"cld::role::account::admin" is a system role[\s\S]*data "cloudinary_role"`),
			imp(acctest.RandomName("no_such_role"), `Role not found`),
			imp("a/b", `Role not found[\s\S]*No role has the id or the custom role name "a/b"`),
		},
	})
}

// TestAccRole_conflict: creating a role whose name is taken fails with the
// existing role's id and the import command.
func TestAccRole_conflict(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-role")
	existing, err := env.Client.CreateRole(t.Context(), client.CreateRoleRequest{
		PermissionType: client.PermissionTypeGlobal, ScopeType: client.ScopeTypeAccount, Name: name,
		SystemPolicyIDs: []string{testAccPolicyViewUsers},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteRole(context.WithoutCancel(t.Context()), existing.ID, nil) })

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(testAccRoleConfig(name, []string{testAccPolicyViewUsers}, "")),
				ExpectError: acctest.ErrorPattern(`A custom role named "` + regexp.QuoteMeta(name) + `" already exists \(role\s+id\s+"` +
					regexp.QuoteMeta(existing.ID) + `"\)[\s\S]*terraform import cloudinary_role.<name> ` + regexp.QuoteMeta(existing.ID)),
			},
		},
	})
}

// permsEnumPattern matches exactly one of values.
func permsEnumPattern(values ...string) *regexp.Regexp {
	return regexp.MustCompile(`^(` + strings.Join(values, "|") + `)$`)
}

// TestAccRole_importByName: a custom role imports by its name as well as by
// its id, to the same state; a name with spaces (never a role id) works too.
func TestAccRole_importByName(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-role") + " TF acc"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{Config: env.Config(testAccRoleConfig(name, []string{testAccPolicyViewUsers}, ""))},
			{ResourceName: testAccRoleAddr, ImportState: true, ImportStateVerify: true, ImportStateId: name},
			{
				ResourceName:  testAccRoleAddr,
				ImportState:   true,
				ImportStateId: name + " (no such role)",
				ExpectError:   acctest.ErrorPattern(`Role not found[\s\S]*No role has the id or the custom role name`),
			},
		},
	})
}
