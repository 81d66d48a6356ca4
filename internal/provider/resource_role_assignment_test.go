package provider_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// ---------------------------------------------------------------------------
// Helpers shared by the role assignment tests (resource_role_assignment,
// resource_principal_roles and the assignment data sources). Principals,
// environments and custom roles are made through env.Client so that these
// tests do not depend on the resources that manage them; everything made
// here is deleted when the test ends (which also drops its assignments).

// raGroup creates a user group.
func raGroup(t *testing.T, env *acctest.Env) string {
	t.Helper()
	g, err := env.Client.CreateUserGroup(t.Context(), client.UserGroupRequest{Name: acctest.RandomName("tf-acc-ra")})
	if err != nil {
		t.Fatalf("creating a user group: %v", err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteUserGroup(context.WithoutCancel(t.Context()), g.ID) })
	return g.ID
}

// raUser creates a user.
func raUser(t *testing.T, env *acctest.Env) string {
	t.Helper()
	name := acctest.RandomName("tf-acc-ra")
	u, err := env.Client.CreateUser(t.Context(), client.UserCreateRequest{Name: name, Email: name + "@example.com"})
	if err != nil {
		t.Fatalf("creating a user: %v", err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteUser(context.WithoutCancel(t.Context()), u.ID) })
	return u.ID
}

// raEnvironment creates a product environment (content roles need one).
func raEnvironment(t *testing.T, env *acctest.Env) string {
	t.Helper()
	pe, err := env.Client.CreateProductEnvironment(t.Context(),
		client.ProductEnvironmentCreateRequest{Name: acctest.RandomName("tf-acc-ra")})
	if err != nil {
		t.Fatalf("creating a product environment: %v", err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteProductEnvironment(context.WithoutCancel(t.Context()), pe.ID) })
	return pe.ID
}

// raSystemRole picks a system role of the given types from the API (so that
// live runs use the account's real catalog); content roles are picked among
// those that take only folder_id.
func raSystemRole(t *testing.T, env *acctest.Env, scope client.ScopeType, perm client.PermissionType) client.Role {
	t.Helper()
	roles := raSystemRoles(t, env, scope, perm)
	return roles[0]
}

// raSystemRoles lists the system roles of the given types, sorted by id.
func raSystemRoles(t *testing.T, env *acctest.Env, scope client.ScopeType, perm client.PermissionType) []client.Role {
	t.Helper()
	sys := client.ManagementTypeSystem
	roles, err := env.Client.GetRoles(t.Context(), client.GetRolesOptions{
		PermissionType: perm, ScopeType: &scope, ManagementType: &sys})
	if err != nil {
		t.Fatalf("listing system roles: %v", err)
	}
	roles = slices.DeleteFunc(roles, func(r client.Role) bool {
		return r.ScopeType != scope || r.PermissionType != perm ||
			(perm == client.PermissionTypeContent && !slices.Equal(r.PolicyParameters, []string{"folder_id"}))
	})
	if len(roles) == 0 {
		t.Fatalf("no system role with scope_type %s and permission_type %s", scope, perm)
	}
	sort.Slice(roles, func(i, j int) bool { return roles[i].ID < roles[j].ID })
	return roles
}

// raCustomRoles creates n custom account roles (global), each granting one
// account-level system policy.
func raCustomRoles(t *testing.T, env *acctest.Env, n int) []string {
	t.Helper()
	ctx := t.Context()
	scope, perm := client.ScopeTypeAccount, client.PermissionTypeGlobal
	pols, err := env.Client.ListAllSystemPolicies(ctx, &client.GetSystemPoliciesOptions{ScopeType: &scope, PermissionType: &perm})
	if err != nil || len(pols) == 0 {
		t.Fatalf("listing account system policies: %v (%d found)", err, len(pols))
	}
	ids := make([]string, 0, n)
	for i := range n {
		r, err := env.Client.CreateRole(ctx, client.CreateRoleRequest{
			PermissionType: perm, ScopeType: scope, Name: acctest.RandomName(fmt.Sprintf("tf-acc-ra-%02d", i)),
			SystemPolicyIDs: []string{pols[i%len(pols)].ID},
		})
		if err != nil {
			t.Fatalf("creating custom role %d: %v", i, err)
		}
		id := r.ID
		t.Cleanup(func() {
			_ = env.Client.DeleteRole(context.WithoutCancel(t.Context()), id, &client.DeleteRoleOptions{Force: client.Ptr(true)})
		})
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// raID writes an assignment id the way the provider documents it (the test
// values contain no character that needs escaping).
func raID(pt, pid, role, scope string, params ...string) string {
	parts := []string{pt, pid, role}
	if scope != "" {
		parts = append(parts, scope)
	}
	if len(params) > 0 {
		parts = append(parts, strings.Join(params, ","))
	}
	return strings.Join(parts, "/")
}

// raHeld reads a principal's assignments through env.Client, as ids.
func raHeld(ctx context.Context, env *acctest.Env, pt client.PrincipalType, pid string) (map[string]bool, error) {
	held := map[string]bool{}
	for _, perm := range []client.PermissionType{client.PermissionTypeGlobal, client.PermissionTypeContent} {
		roles, err := env.Client.GetPrincipalRoles(ctx, client.GetPrincipalRolesOptions{
			PrincipalType: pt, PrincipalID: pid, PermissionType: perm})
		if err != nil {
			return nil, err
		}
		for _, r := range roles {
			scope := ""
			if r.ScopeID != nil {
				scope = *r.ScopeID
			}
			var params []string
			for k, v := range r.PolicyParameters {
				params = append(params, k+"="+v)
			}
			sort.Strings(params)
			held[raID(string(pt), pid, r.ID, scope, params...)] = true
		}
	}
	return held, nil
}

// raHolds is a state check that asks the API (not the state) what a
// principal holds: every id in present must be held, none in absent, and,
// when exact, nothing else.
type raHolds struct {
	env     *acctest.Env
	pt      client.PrincipalType
	pid     string
	present []string
	absent  []string
	exact   bool
}

func (c raHolds) CheckState(ctx context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	held, err := raHeld(ctx, c.env, c.pt, c.pid)
	if err != nil {
		resp.Error = err
		return
	}
	var problems []string
	for _, id := range c.present {
		if !held[id] {
			problems = append(problems, "missing "+id)
		}
	}
	for _, id := range c.absent {
		if held[id] {
			problems = append(problems, "unexpected "+id)
		}
	}
	if c.exact && len(held) != len(c.present) {
		problems = append(problems, fmt.Sprintf("holds %d assignments, want exactly %d", len(held), len(c.present)))
	}
	if len(problems) > 0 {
		resp.Error = fmt.Errorf("%s %s: %s (holds %v)", c.pt, c.pid, strings.Join(problems, "; "), slices.Sorted(maps.Keys(held)))
	}
}

// rolesReleased is the CheckDestroy of the two resources that give a
// principal roles (typ): for each of them in the state, still says what its
// principal, asked through the API, holds yet of what the resource gave.
// The resources differ only there: a role assignment gives one role, a
// cloudinary_principal_roles every role of its principal.
func rolesReleased(env *acctest.Env, typ string, still func(id string, held map[string]bool) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, rs := range s.RootModule().Resources {
			if rs.Type != typ {
				continue
			}
			a := rs.Primary.Attributes
			held, err := raHeld(context.Background(), env, client.PrincipalType(a["principal_type"]), a["principal_id"])
			if client.IsNotFound(err) {
				continue
			}
			if err != nil {
				return err
			}
			if err := still(rs.Primary.ID, held); err != nil {
				return err
			}
		}
		return nil
	}
}

// raAssignmentsGone is the CheckDestroy of cloudinary_role_assignment: no
// assignment that was in state is still held.
func raAssignmentsGone(env *acctest.Env) resource.TestCheckFunc {
	return rolesReleased(env, "cloudinary_role_assignment", func(id string, held map[string]bool) error {
		if held[id] {
			return fmt.Errorf("role assignment %s still exists", id)
		}
		return nil
	})
}

// raNoWrites fails the test if any assignment write reached the emulator.
func raNoWrites(t *testing.T, env *acctest.Env) {
	t.Helper()
	if env.Emulator == nil {
		return
	}
	stats := env.Emulator.Stats()
	for _, op := range []string{"updatePrincipalRoles", "updateRolePrincipals"} {
		if n := stats.ByOperation[op]; n != 0 {
			t.Errorf("%d %s requests were sent; invalid configurations must fail before any write", n, op)
		}
	}
}

func raRemove(t *testing.T, env *acctest.Env, pt client.PrincipalType, pid string, roles ...client.RoleToManage) {
	t.Helper()
	if err := env.Client.UpdatePrincipalRoles(t.Context(), client.UpdatePrincipalRolesRequest{
		Operation: client.OperationRemove, Principal: client.Principal{Type: pt, ID: pid}, Roles: roles}); err != nil {
		t.Fatalf("removing roles out of band: %v", err)
	}
}

func raAdd(t *testing.T, env *acctest.Env, pt client.PrincipalType, pid string, roles ...client.RoleToManage) {
	t.Helper()
	if err := env.Client.UpdatePrincipalRoles(t.Context(), client.UpdatePrincipalRolesRequest{
		Operation: client.OperationAdd, Principal: client.Principal{Type: pt, ID: pid}, Roles: roles}); err != nil {
		t.Fatalf("adding roles out of band: %v", err)
	}
}

func testAccRoleAssignmentConfig(env *acctest.Env, pt, pid, role, extra string) string {
	return env.Config(fmt.Sprintf(`
resource "cloudinary_role_assignment" "test" {
  principal_type = %[1]q
  principal_id   = %[2]q
  role_id        = %[3]q
%[4]s
}
`, pt, pid, role, extra))
}

// ---------------------------------------------------------------------------

func TestAccRoleAssignment_basic(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	group := raGroup(t, env)
	role := raSystemRole(t, env, client.ScopeTypeAccount, client.PermissionTypeGlobal)
	cfg := testAccRoleAssignmentConfig(env, "group", group, role.ID, "")
	id := raID("group", group, role.ID, "")
	const addr = "cloudinary_role_assignment.test"
	holds := raHolds{env: env, pt: "group", pid: group, present: []string{id}, exact: true}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             raAssignmentsGone(env),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("principal_type"), knownvalue.StringExact("group")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("principal_id"), knownvalue.StringExact(group)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("role_id"), knownvalue.StringExact(role.ID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("scope_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("policy_parameters"), knownvalue.Null()),
					holds,
				},
			},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true},
			{
				// Drift: the assignment is removed outside Terraform.
				PreConfig: func() { raRemove(t, env, "group", group, client.RoleToManage{ID: role.ID}) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{holds},
			},
		},
	})
}

// TestAccRoleAssignment_scoped covers prodenv and content roles: scope_id and
// policy_parameters in state and in the import id, and that changing them
// replaces exactly this assignment.
func TestAccRoleAssignment_scoped(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	user := raUser(t, env)
	envID := raEnvironment(t, env)
	envRole := raSystemRole(t, env, client.ScopeTypeProdenv, client.PermissionTypeGlobal)
	folderRole := raSystemRole(t, env, client.ScopeTypeProdenv, client.PermissionTypeContent)
	const envAddr, folderAddr = "cloudinary_role_assignment.env", "cloudinary_role_assignment.folder"
	config := func(scope, folder string) string {
		return env.Config(fmt.Sprintf(`
resource "cloudinary_role_assignment" "env" {
  principal_type = "user"
  principal_id   = %[1]q
  role_id        = %[2]q
  scope_id       = %[3]q
}

resource "cloudinary_role_assignment" "folder" {
  principal_type    = "user"
  principal_id      = %[1]q
  role_id           = %[4]q
  scope_id          = %[5]q
  policy_parameters = { folder_id = %[6]q }
}
`, user, envRole.ID, scope, folderRole.ID, envID, folder))
	}
	allID := raID("user", user, envRole.ID, "all")
	envScopedID := raID("user", user, envRole.ID, envID)
	f1 := raID("user", user, folderRole.ID, envID, "folder_id=f1")
	f2 := raID("user", user, folderRole.ID, envID, "folder_id=f2")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             raAssignmentsGone(env),
		Steps: []resource.TestStep{
			{
				Config: config("all", "f1"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(envAddr, tfjsonpath.New("id"), knownvalue.StringExact(allID)),
					statecheck.ExpectKnownValue(envAddr, tfjsonpath.New("scope_id"), knownvalue.StringExact("all")),
					statecheck.ExpectKnownValue(folderAddr, tfjsonpath.New("id"), knownvalue.StringExact(f1)),
					statecheck.ExpectKnownValue(folderAddr, tfjsonpath.New("policy_parameters"),
						knownvalue.MapExact(map[string]knownvalue.Check{"folder_id": knownvalue.StringExact("f1")})),
					raHolds{env: env, pt: "user", pid: user, present: []string{allID, f1}, exact: true},
				},
			},
			{ResourceName: envAddr, ImportState: true, ImportStateVerify: true},
			{ResourceName: folderAddr, ImportState: true, ImportStateVerify: true},
			{
				// The id can be written by hand, with parameters in any order.
				ResourceName: folderAddr, ImportState: true, ImportStateVerify: true,
				ImportStateId: raID("user", user, folderRole.ID, envID, "folder_id=f1"),
			},
			{
				Config: config(envID, "f2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(envAddr, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction(folderAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(envAddr, tfjsonpath.New("id"), knownvalue.StringExact(envScopedID)),
					statecheck.ExpectKnownValue(folderAddr, tfjsonpath.New("id"), knownvalue.StringExact(f2)),
					raHolds{env: env, pt: "user", pid: user, present: []string{envScopedID, f2}, absent: []string{allID, f1}, exact: true},
				},
			},
			{
				// Drift: only the folder assignment is removed out of band.
				PreConfig: func() {
					raRemove(t, env, "user", user, client.RoleToManage{ID: folderRole.ID, ScopeID: &envID,
						PolicyParameters: client.PolicyParameters{"folder_id": "f2"}})
				},
				Config: config(envID, "f2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(folderAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(envAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					raHolds{env: env, pt: "user", pid: user, present: []string{envScopedID, f2}, exact: true},
				},
			},
		},
	})
}

// TestAccRoleAssignment_validation checks every plan-time rule, and that no
// write was sent for any of them.
func TestAccRoleAssignment_validation(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	acct := raSystemRole(t, env, client.ScopeTypeAccount, client.PermissionTypeGlobal)
	prodenv := raSystemRole(t, env, client.ScopeTypeProdenv, client.PermissionTypeGlobal)
	content := raSystemRole(t, env, client.ScopeTypeProdenv, client.PermissionTypeContent)
	const pid = "g-not-sent"
	step := func(pt, role, extra, want string) resource.TestStep {
		return resource.TestStep{
			Config:      testAccRoleAssignmentConfig(env, pt, pid, role, extra),
			PlanOnly:    true,
			ExpectError: acctest.ErrorText(want),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			step("group", acct.ID, `scope_id = "all"`, "scope_id is not allowed: role \""+acct.ID+"\" is an account role"),
			step("group", prodenv.ID, ``, "scope_id is required: role \""+prodenv.ID+"\" is a product environment role"),
			step("group", content.ID, `scope_id = "env-1"`, "policy_parameters is required: role \""+content.ID+"\" is a content role"),
			step("group", content.ID, "scope_id = \"all\"\npolicy_parameters = { folder_id = \"f\" }", `scope_id cannot be "all"`),
			step("group", content.ID, "scope_id = \"env-1\"\npolicy_parameters = { collection_id = \"c\" }",
				`policy_parameters key "collection_id" is not allowed for role "`+content.ID+`": allowed keys are folder_id`),
			step("group", acct.ID, `policy_parameters = { folder_id = "f" }`, "policy_parameters is not allowed: role \""+acct.ID+"\" is a global role"),
			step("team", acct.ID, ``, `Attribute principal_type value must be one of`),
			step("group", acct.ID, `scope_id = ""`, `Attribute scope_id string length must be at least 1`),
			step("group", content.ID, "scope_id = \"env-1\"\npolicy_parameters = {}", `Attribute policy_parameters map must contain at least 1 elements`),
			step("group", content.ID, "scope_id = \"env-1\"\npolicy_parameters = { folder_id = \"\" }", `string length must be at least 1`),
		},
	})
	raNoWrites(t, env)
}

func TestAccRoleAssignment_importMalformed(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	group := raGroup(t, env)
	role := raSystemRole(t, env, client.ScopeTypeAccount, client.PermissionTypeGlobal)
	cfg := testAccRoleAssignmentConfig(env, "group", group, role.ID, "")
	const addr = "cloudinary_role_assignment.test"
	step := func(id, want string) resource.TestStep {
		return resource.TestStep{Config: cfg, ResourceName: addr, ImportState: true, ImportStateId: id, ExpectError: acctest.ErrorText(want)}
	}
	shape := "import id must look like <principal_type>/<principal_id>/<role_id>[/<scope_id>][/<key>=<value>[,<key>=<value>...]]"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			step("group/"+group, shape+" (3 to 5 parts"),
			step("team/"+group+"/"+role.ID, "principal_type must be one of user, group, apiKey, provisioningKey"),
			step("group/"+group+"/"+role.ID+"/folder_id=f/env", "the scope_id part comes before the policy parameters"),
			step("group/"+group+"/"+role.ID+"/env/folder_id", `policy parameter "folder_id" is not <key>=<value>`),
			step("group//"+role.ID, "principal_id is empty"),
			// Well formed, but the group does not hold the role: the error
			// says what it holds (none here).
			step(raID("group", group, role.ID, ""), fmt.Sprintf(`group %q does not hold role %s. It holds no role at all.`, group, role.ID)),
		},
	})
	raNoWrites(t, env)
}

// TestAccRoleAssignment_parallel applies 30 assignments to one principal in
// one apply (Terraform runs them 10 at a time), then removes 10: the other
// 20 must stay, since each resource adds and removes only its own role.
func TestAccRoleAssignment_parallel(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	group := raGroup(t, env)
	roles := raCustomRoles(t, env, 30)
	config := func(ids []string) string {
		quoted := make([]string, len(ids))
		for i, id := range ids {
			quoted[i] = fmt.Sprintf("%q", id)
		}
		return env.Config(fmt.Sprintf(`
locals {
  roles = [%s]
}

resource "cloudinary_role_assignment" "many" {
  count          = length(local.roles)
  principal_type = "group"
  principal_id   = %q
  role_id        = local.roles[count.index]
}
`, strings.Join(quoted, ", "), group))
	}
	ids := func(rs []string) []string {
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = raID("group", group, r, "")
		}
		return out
	}
	kept, dropped := roles[:20], roles[20:]
	var destroyChecks []plancheck.PlanCheck
	// count, not for_each: CheckDestroy reads the legacy state, which has no
	// for_each keys. Dropping the last 10 leaves indexes 0-19 untouched.
	for i := range roles {
		action := plancheck.ResourceActionNoop
		if i >= len(kept) {
			action = plancheck.ResourceActionDestroy
		}
		destroyChecks = append(destroyChecks,
			plancheck.ExpectResourceAction(fmt.Sprintf("cloudinary_role_assignment.many[%d]", i), action))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             raAssignmentsGone(env),
		Steps: []resource.TestStep{
			{
				Config:            config(roles),
				ConfigStateChecks: []statecheck.StateCheck{raHolds{env: env, pt: "group", pid: group, present: ids(roles), exact: true}},
			},
			{
				Config:           config(kept),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: destroyChecks},
				ConfigStateChecks: []statecheck.StateCheck{
					raHolds{env: env, pt: "group", pid: group, present: ids(kept), absent: ids(dropped), exact: true},
				},
			},
		},
	})
}
