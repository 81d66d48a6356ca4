package provider_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// Plan-time checks of references (references.go): a value known at plan
// time that is not the id of an existing object of the right kind fails the
// plan, saying what the value is and which id it should have been.

// refObjects are existing objects whose ids, names and keys the tests write
// in the wrong places. They are made through env.Client, before the request
// counters are reset.
type refObjects struct {
	envID, envName, cloudName string
	groupID, groupName        string
	userID, userName, email   string
	roleID, roleName          string
}

func refSetup(t *testing.T, env *acctest.Env) refObjects {
	t.Helper()
	ctx := t.Context()
	cleanup := context.WithoutCancel(ctx)
	var o refObjects

	// A name unlike the cloud_name, so that each can be told apart.
	pe, err := env.Client.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{
		Name: acctest.RandomName("tf-acc-ref") + " Team", CloudName: client.Ptr(acctest.RandomName("tf-acc-ref"))})
	if err != nil {
		t.Fatalf("creating a product environment: %v", err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteProductEnvironment(cleanup, pe.ID) })
	o.envID, o.envName, o.cloudName = pe.ID, pe.Name, pe.CloudName

	g, err := env.Client.CreateUserGroup(ctx, client.UserGroupRequest{Name: acctest.RandomName("tf-acc-ref")})
	if err != nil {
		t.Fatalf("creating a user group: %v", err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteUserGroup(cleanup, g.ID) })
	o.groupID, o.groupName = g.ID, g.Name

	o.userName = acctest.RandomName("tf-acc-ref")
	o.email = o.userName + "@" + acctest.EmailDomain
	u, err := env.Client.CreateUser(ctx, client.UserCreateRequest{Name: o.userName, Email: o.email})
	if err != nil {
		t.Fatalf("creating a user: %v", err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteUser(cleanup, u.ID) })
	o.userID = u.ID

	scope, perm := client.ScopeTypeAccount, client.PermissionTypeGlobal
	pols, err := env.Client.ListAllSystemPolicies(ctx, &client.GetSystemPoliciesOptions{ScopeType: &scope, PermissionType: &perm})
	if err != nil || len(pols) == 0 {
		t.Fatalf("listing account system policies: %v (%d found)", err, len(pols))
	}
	o.roleName = acctest.RandomName("tf-acc-ref") + " Release engineer"
	r, err := env.Client.CreateRole(ctx, client.CreateRoleRequest{PermissionType: perm, ScopeType: scope,
		Name: o.roleName, SystemPolicyIDs: []string{pols[0].ID}})
	if err != nil {
		t.Fatalf("creating a custom role: %v", err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteRole(cleanup, r.ID, &client.DeleteRoleOptions{Force: client.Ptr(true)}) })
	o.roleID = r.ID
	return o
}

// refNoWrites fails the test if any request that changes something reached
// the emulator since its counters were last reset.
func refNoWrites(t *testing.T, env *acctest.Env) {
	t.Helper()
	if env.Emulator == nil {
		return
	}
	var writes []string
	for op, n := range env.Emulator.Stats().ByOperation {
		if n > 0 && vmWriteOperation.MatchString(op) {
			writes = append(writes, fmt.Sprintf("%s x%d", op, n))
		}
	}
	sort.Strings(writes)
	if len(writes) > 0 {
		t.Errorf("a configuration with a wrong reference reached write operations: %s", strings.Join(writes, ", "))
	}
}

const refUseEnvironment = "use `cloudinary_product_environment.<x>.id` or the `cloudinary_product_environment` data source"

// TestAccReferences_roleAssignment: each wrong reference of a role
// assignment fails the plan, saying what the value is.
func TestAccReferences_roleAssignment(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	o := refSetup(t, env)
	if env.Emulator != nil {
		env.Emulator.Emulator.ResetStats() // the setup's creates are not the configuration's
	}
	const billing, mlUser = "cld::role::account::billing", "cld::role::prodenv::ml_user"
	step := func(pt, pid, role, extra string, want ...string) resource.TestStep {
		return resource.TestStep{
			Config:      testAccRoleAssignmentConfig(env, pt, pid, role, extra),
			PlanOnly:    true,
			ExpectError: acctest.ErrorText(want...),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			step("group", o.groupID, "cld::role::prodenv::ml_usr", `scope_id = "all"`,
				"Unknown system role",
				`role_id: "cld::role::prodenv::ml_usr" is not a system role. Role ids that start with "cld::" are `+
					`Cloudinary's system roles, which every account has and which cannot be created in this or any apply.`,
				`Did you mean "cld::role::prodenv::ml_user"?`),
			step("group", o.groupID, o.roleName, "",
				"Role named instead of its id",
				fmt.Sprintf(`role_id: %q is not a role id: it is the name of the role with id %q`, o.roleName, o.roleID),
				fmt.Sprintf("or the `cloudinary_role` data source (name = %q)", o.roleName)),
			step("user", o.groupID, billing, "",
				"Unknown user",
				fmt.Sprintf(`principal_id: %q is not the id of any user. It is the id of user group %q, not of a user.`, o.groupID, o.groupName),
				`If that object is the principal meant, set principal_type = "group".`),
			step("user", o.email, billing, "",
				"Unknown user",
				fmt.Sprintf(`principal_id: %q is not the id of any user. It is an email: user %q has email %q and id %q.`,
					o.email, o.userName, o.email, o.userID),
				fmt.Sprintf("use `cloudinary_user.<x>.id` or the `cloudinary_user` data source (email = %q), or the id %q itself.",
					o.email, o.userID)),
			step("group", o.groupName, billing, "",
				"Unknown user group",
				fmt.Sprintf(`principal_id: %q is not the id of any user group. It is a name: user group %q has id %q.`,
					o.groupName, o.groupName, o.groupID)),
			step("group", o.groupID, mlUser, `scope_id = "no-such-env"`,
				"Unknown product environment",
				`scope_id: "no-such-env" is not the id of any product environment. It looks like a cloud_name, but no `+
					`product environment has it as cloud_name or name either.`,
				refUseEnvironment),
			step("group", o.groupID, mlUser, fmt.Sprintf("scope_id = %q", o.cloudName),
				"Unknown product environment",
				fmt.Sprintf(`scope_id: %q is not the id of any product environment. It is a cloud_name: product `+
					`environment %q has cloud_name %q and id %q.`, o.cloudName, o.envName, o.cloudName, o.envID),
				fmt.Sprintf("%s (cloud_name = %q), or the id %q itself.", refUseEnvironment, o.cloudName, o.envID)),
		},
	})
	refNoWrites(t, env)
}

// TestAccReferences_planFailsBeforeAnyWrite: a wrong reference in a
// configuration that also declares valid resources fails the plan, so
// nothing of the configuration is created. (Before the checks, each of
// these planned cleanly; the apply created the valid resources, then failed
// with a 404.) The steps apply, so that they would create something if the
// plan let them.
func TestAccReferences_planFailsBeforeAnyWrite(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	o := refSetup(t, env)
	if env.Emulator != nil {
		env.Emulator.Emulator.ResetStats() // the setup's creates are not the configuration's
	}
	name := acctest.RandomName("tf-acc-ref-valid")
	valid := fmt.Sprintf(`
resource "cloudinary_user_group" "valid" {
  name = %[1]q
}

resource "cloudinary_user" "valid" {
  name                    = %[1]q
  email                   = "%[1]s@example.com"
  role                    = "billing"
  product_environment_ids = [%[2]q]
}
`, name, o.envID)
	step := func(wrong string, want ...string) resource.TestStep {
		return resource.TestStep{Config: env.Config(valid + wrong), ExpectError: acctest.ErrorText(want...)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			step(fmt.Sprintf(`
resource "cloudinary_user" "wrong" {
  name                    = "%[1]s-2"
  email                   = "%[1]s-2@example.com"
  role                    = "billing"
  product_environment_ids = [%[2]q]
}`, name, o.cloudName),
				"Unknown product environment",
				fmt.Sprintf(`product_environment_ids: %q is not the id of any product environment. It is a cloud_name: `+
					`product environment %q has cloud_name %q and id %q.`, o.cloudName, o.envName, o.cloudName, o.envID),
				refUseEnvironment),
			// group_id is unknown at plan time (the group is created in the
			// same apply) and left alone; the email is not.
			step(fmt.Sprintf(`
resource "cloudinary_user_group_members" "wrong" {
  group_id = cloudinary_user_group.valid.id
  user_ids = [%q]
}`, o.email),
				"Unknown user",
				fmt.Sprintf(`user_ids: %q is not the id of any user. It is an email: user %q has email %q and id %q.`,
					o.email, o.userName, o.email, o.userID)),
			step(fmt.Sprintf(`
resource "cloudinary_user_group_membership" "wrong" {
  group_id = %q
  user_id  = %q
}`, o.groupName, o.userID),
				"Unknown user group",
				fmt.Sprintf(`group_id: %q is not the id of any user group. It is a name: user group %q has id %q.`,
					o.groupName, o.groupName, o.groupID),
				fmt.Sprintf("use `cloudinary_user_group.<x>.id` or the `cloudinary_user_group` data source (name = %q)", o.groupName)),
			step(fmt.Sprintf(`
resource "cloudinary_user_group_membership" "wrong" {
  group_id = %q
  user_id  = %q
}`, o.groupID, o.groupID),
				"Unknown user",
				fmt.Sprintf(`user_id: %q is not the id of any user. It is the id of user group %q, not of a user.`, o.groupID, o.groupName)),
			step(fmt.Sprintf(`
resource "cloudinary_access_key" "wrong" {
  product_environment_id = %q
}`, o.cloudName),
				"Unknown product environment",
				fmt.Sprintf(`product_environment_id: %q is not the id of any product environment. It is a cloud_name`, o.cloudName)),
			step(fmt.Sprintf(`
resource "cloudinary_custom_policy" "wrong" {
  name             = %q
  scope_type       = "prodenv"
  scope_id         = "no-such-env"
  policy_statement = %q
}`, name, testAccCustomPolicyStatement(name)),
				"Unknown product environment",
				`scope_id: "no-such-env" is not the id of any product environment.`),
			step(fmt.Sprintf(`
resource "cloudinary_principal_roles" "wrong" {
  principal_type = "user"
  principal_id   = cloudinary_user.valid.id
  roles = [
    { role_id = "cld::role::prodenv::ml_user", scope_id = %q },
  ]
}`, o.envName),
				"Unknown product environment",
				fmt.Sprintf(`roles entry { role_id = "cld::role::prodenv::ml_user", scope_id = %q }: scope_id: %q is not `+
					`the id of any product environment. It is a name: product environment %q has cloud_name %q and id %q.`,
					o.envName, o.envName, o.envName, o.cloudName, o.envID)),
			step(`
resource "cloudinary_role_assignment" "wrong" {
  principal_type = "group"
  principal_id   = cloudinary_user_group.valid.id
  role_id        = "cld::role::prodenv::ml_usr"
  scope_id       = "all"
}`,
				"Unknown system role", `Did you mean "cld::role::prodenv::ml_user"?`),
			step(fmt.Sprintf(`
resource "cloudinary_principal_roles" "wrong" {
  principal_type = "group"
  principal_id   = cloudinary_user_group.valid.id
  roles          = [{ role_id = %q }]
}`, o.roleName),
				"Role named instead of its id", fmt.Sprintf(`it is the name of the role with id %q`, o.roleID)),
		},
	})
	refNoWrites(t, env)
}

// TestAccReferences_unchangedPlanCostsNothing: once applied, a plan of a
// configuration full of references (all known, all checked when they were
// new) sends no request of its own: the checks run only for new or changed
// values. (The provider's Configure sends one, the credential check, in
// every Terraform command; it is the only request allowed.)
func TestAccReferences_unchangedPlanCostsNothing(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	if env.Live {
		t.Skip("counts requests on the emulator")
	}
	name := acctest.RandomName("tf-acc-ref-noop")
	cfg := env.Config(fmt.Sprintf(`
resource "cloudinary_product_environment" "e" {
  name                = %[1]q
  deletion_protection = false
}

resource "cloudinary_user_group" "g" {
  name = %[1]q
}

resource "cloudinary_user_group" "g2" {
  name = "%[1]s-2"
}

resource "cloudinary_user" "u" {
  name                    = %[1]q
  email                   = "%[1]s@example.com"
  role                    = "billing"
  product_environment_ids = [cloudinary_product_environment.e.id]
}

resource "cloudinary_user_group_membership" "m" {
  group_id = cloudinary_user_group.g.id
  user_id  = cloudinary_user.u.id
}

resource "cloudinary_user_group_members" "all" {
  group_id = cloudinary_user_group.g2.id
  user_ids = [cloudinary_user.u.id]
}

resource "cloudinary_access_key" "k" {
  product_environment_id = cloudinary_product_environment.e.id
  name                   = %[1]q
}

resource "cloudinary_custom_policy" "p" {
  name             = %[1]q
  scope_type       = "prodenv"
  scope_id         = cloudinary_product_environment.e.id
  policy_statement = %[2]q
}

resource "cloudinary_role_assignment" "ra" {
  principal_type = "group"
  principal_id   = cloudinary_user_group.g.id
  role_id        = "cld::role::prodenv::ml_user"
  scope_id       = cloudinary_product_environment.e.id
}

resource "cloudinary_principal_roles" "pr" {
  principal_type = "user"
  principal_id   = cloudinary_user.u.id
  roles = [
    { role_id = "cld::role::prodenv::admin", scope_id = cloudinary_product_environment.e.id },
  ]
}
`, name, testAccCustomPolicyStatement(name)))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				// A plan-only step first plans without refreshing: that plan
				// is the one counted.
				PreConfig: func() { env.Emulator.Emulator.ResetStats() },
				Config:    cfg,
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPreRefresh: []plancheck.PlanCheck{
					refRequestsSinceReset{env: env},
				}},
			},
		},
	})
}

// refRequestsSinceReset is a plan check that no API request was sent since
// the emulator's counters were reset, but Configure's credential check (one
// list of the product environments).
type refRequestsSinceReset struct{ env *acctest.Env }

func (c refRequestsSinceReset) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	st := c.env.Emulator.Stats()
	if configure := min(st.ByOperation["getProductEnvironments"], 1); st.Total-configure != 0 {
		resp.Error = fmt.Errorf("an unchanged plan sent %d API request(s) besides the credential check, want none: %v",
			st.Total-configure, st.ByOperation)
	}
}

// TestAccReferences_importMissingAssignment: importing an assignment the
// principal does not hold lists the ones it does hold, with their import
// ids, instead of Terraform's "Cannot import non-existent remote object".
func TestAccReferences_importMissingAssignment(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	group := raGroup(t, env)
	const billing, reports = "cld::role::account::billing", "cld::role::account::reports"
	raAdd(t, env, "group", group, client.RoleToManage{ID: reports})
	if env.Emulator != nil {
		env.Emulator.Emulator.ResetStats() // the setup's writes are not the imports'
	}
	cfg := testAccRoleAssignmentConfig(env, "group", group, billing, "")
	const addr = "cloudinary_role_assignment.test"
	step := func(id string, want ...string) resource.TestStep {
		return resource.TestStep{Config: cfg, ResourceName: addr, ImportState: true, ImportStateId: id, ExpectError: acctest.ErrorText(want...)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			step(raID("group", group, billing, ""),
				"Cannot import role assignment",
				fmt.Sprintf(`group %q does not hold role %s. It holds 1 role assignment(s), each imported by the id shown:`, group, billing),
				fmt.Sprintf(`- %s: import id %q`, reports, raID("group", group, reports, ""))),
			step(raID("group", "no-such-group", billing, ""),
				"Cannot import role assignment",
				`there is no group "no-such-group", so it holds no role.`),
		},
	})
	raNoWrites(t, env)
}

// TestAccReferences_importMembership: a membership imports by group name
// and email too, and importing one that does not exist lists the group's
// members with their import ids.
func TestAccReferences_importMembership(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	o := refSetup(t, env)
	if _, err := env.Client.AddUserToUserGroup(t.Context(), o.groupID, o.userID); err != nil {
		t.Fatalf("adding the user to the group: %v", err)
	}
	cfg := env.Config(fmt.Sprintf(`
resource "cloudinary_user_group_membership" "test" {
  group_id = %q
  user_id  = %q
}
`, o.groupID, o.userID))
	const addr = "cloudinary_user_group_membership.test"
	missing := func(id string, want ...string) resource.TestStep {
		return resource.TestStep{Config: cfg, ResourceName: addr, ImportState: true, ImportStateId: id, ExpectError: acctest.ErrorText(want...)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: o.groupName + "/" + strings.ToUpper(o.email)},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: o.groupID + "/" + o.email},
			missing(o.groupID+"/nobody@example.com",
				"Cannot import user group membership",
				fmt.Sprintf(`user group %q (id %q) has no member with the id or the email "nobody@example.com". Its 1 member(s), `+
					`each imported by the id shown:`, o.groupName, o.groupID),
				fmt.Sprintf(`- %s: import id %q`, o.email, o.groupID+"/"+o.userID)),
			missing("no-such-group/"+o.userID,
				"Cannot import user group membership", `no user group has the id or the name "no-such-group"`),
		},
	})
}

// refPlaceholders replaces {{env}}, {{group}} and {{user}} in hcl with the
// ids of a product environment, a user group and a user that it makes
// through env.Client (each only when hcl asks for it), for tests about other
// things than references that need ids the plan accepts.
func refPlaceholders(t *testing.T, env *acctest.Env, hcl string) string {
	t.Helper()
	ctx, cleanup := t.Context(), context.WithoutCancel(t.Context())
	if strings.Contains(hcl, "{{env}}") {
		pe, err := env.Client.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: acctest.RandomName("tf-acc-ref")})
		if err != nil {
			t.Fatalf("creating a product environment: %v", err)
		}
		t.Cleanup(func() { _ = env.Client.DeleteProductEnvironment(cleanup, pe.ID) })
		hcl = strings.ReplaceAll(hcl, "{{env}}", pe.ID)
	}
	if strings.Contains(hcl, "{{group}}") {
		hcl = strings.ReplaceAll(hcl, "{{group}}", raGroup(t, env))
	}
	if strings.Contains(hcl, "{{user}}") {
		hcl = strings.ReplaceAll(hcl, "{{user}}", raUser(t, env))
	}
	return hcl
}
