package provider_test

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// prEntry is one element of roles in a test configuration.
type prEntry struct {
	role, scope, folder string
}

func (e prEntry) hcl() string {
	s := fmt.Sprintf("    {\n      role_id = %q\n", e.role)
	if e.scope != "" {
		s += fmt.Sprintf("      scope_id = %q\n", e.scope)
	}
	if e.folder != "" {
		s += fmt.Sprintf("      policy_parameters = { folder_id = %q }\n", e.folder)
	}
	return s + "    },\n"
}

func (e prEntry) check() knownvalue.Check {
	var scope, params knownvalue.Check = knownvalue.Null(), knownvalue.Null()
	if e.scope != "" {
		scope = knownvalue.StringExact(e.scope)
	}
	if e.folder != "" {
		params = knownvalue.MapExact(map[string]knownvalue.Check{"folder_id": knownvalue.StringExact(e.folder)})
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"role_id": knownvalue.StringExact(e.role), "scope_id": scope, "policy_parameters": params,
	})
}

func testAccPrincipalRolesConfig(env *acctest.Env, pt, pid string, entries ...prEntry) string {
	var b strings.Builder
	for _, e := range entries {
		b.WriteString(e.hcl())
	}
	return env.Config(fmt.Sprintf(`
resource "cloudinary_principal_roles" "test" {
  principal_type = %q
  principal_id   = %q
  roles = [
%s  ]
}
`, pt, pid, b.String()))
}

// prState checks the roles set in state.
func prState(entries ...prEntry) statecheck.StateCheck {
	checks := make([]knownvalue.Check, 0, len(entries))
	for _, e := range entries {
		checks = append(checks, e.check())
	}
	return statecheck.ExpectKnownValue("cloudinary_principal_roles.test", tfjsonpath.New("roles"), knownvalue.SetExact(checks))
}

// prHoldsExactly checks through the API that the principal holds exactly
// these roles.
func prHoldsExactly(env *acctest.Env, pt client.PrincipalType, pid string, entries ...prEntry) statecheck.StateCheck {
	ids := make([]string, 0, len(entries))
	for _, e := range entries {
		var params []string
		if e.folder != "" {
			params = []string{"folder_id=" + e.folder}
		}
		ids = append(ids, raID(string(pt), pid, e.role, e.scope, params...))
	}
	return raHolds{env: env, pt: pt, pid: pid, present: ids, exact: true}
}

// prNothingHeld is the CheckDestroy: the principals managed in the test hold
// no role any more.
func prNothingHeld(env *acctest.Env) resource.TestCheckFunc {
	return rolesReleased(env, "cloudinary_principal_roles", func(id string, held map[string]bool) error {
		if len(held) > 0 {
			return fmt.Errorf("%s still holds %v", id, held)
		}
		return nil
	})
}

func TestAccPrincipalRoles_basic(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	group := raGroup(t, env)
	envID := raEnvironment(t, env)
	accts := raSystemRoles(t, env, client.ScopeTypeAccount, client.PermissionTypeGlobal)
	if len(accts) < 2 {
		t.Fatalf("need two account roles, found %d", len(accts))
	}
	envRole := raSystemRole(t, env, client.ScopeTypeProdenv, client.PermissionTypeGlobal)
	folderRole := raSystemRole(t, env, client.ScopeTypeProdenv, client.PermissionTypeContent)
	a := prEntry{role: accts[0].ID}
	unlisted := prEntry{role: accts[1].ID}
	allEnvs := prEntry{role: envRole.ID, scope: "all"}
	oneEnv := prEntry{role: envRole.ID, scope: envID}
	folder := prEntry{role: folderRole.ID, scope: envID, folder: "f1"}
	const addr = "cloudinary_principal_roles.test"
	update := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}}
	cfg := func(es ...prEntry) string { return testAccPrincipalRolesConfig(env, "group", group, es...) }

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             prNothingHeld(env),
		Steps: []resource.TestStep{
			{
				// A role granted before Terraform takes over is removed on create.
				PreConfig: func() { raAdd(t, env, "group", group, client.RoleToManage{ID: unlisted.role}) },
				Config:    cfg(a),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("group/"+group)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("group/"+group)),
					prState(a),
					prHoldsExactly(env, "group", group, a),
				},
			},
			{
				// Add: the same role in two scopes, and a content role.
				Config:            cfg(a, allEnvs, oneEnv, folder),
				ConfigPlanChecks:  update,
				ConfigStateChecks: []statecheck.StateCheck{prState(a, allEnvs, oneEnv, folder), prHoldsExactly(env, "group", group, a, allEnvs, oneEnv, folder)},
			},
			{
				// Remove one scope of a role and move the folder: the rest stays.
				Config:           cfg(a, oneEnv, prEntry{role: folderRole.ID, scope: envID, folder: "f2"}),
				ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{
					prHoldsExactly(env, "group", group, a, oneEnv, prEntry{role: folderRole.ID, scope: envID, folder: "f2"}),
				},
			},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true},
			{
				// Drift: a role added outside Terraform shows in the plan and goes.
				PreConfig: func() { raAdd(t, env, "group", group, client.RoleToManage{ID: unlisted.role}) },
				Config:    cfg(a, oneEnv, prEntry{role: folderRole.ID, scope: envID, folder: "f2"}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("roles"), knownvalue.SetSizeExact(3)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					prHoldsExactly(env, "group", group, a, oneEnv, prEntry{role: folderRole.ID, scope: envID, folder: "f2"}),
				},
			},
			{
				// Drift: every role removed outside Terraform comes back.
				PreConfig: func() {
					raRemove(t, env, "group", group, client.RoleToManage{ID: a.role}, client.RoleToManage{ID: envRole.ID},
						client.RoleToManage{ID: folderRole.ID})
				},
				Config:           cfg(a, oneEnv, prEntry{role: folderRole.ID, scope: envID, folder: "f2"}),
				ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{
					prHoldsExactly(env, "group", group, a, oneEnv, prEntry{role: folderRole.ID, scope: envID, folder: "f2"}),
				},
			},
			{
				Config:            cfg(),
				ConfigPlanChecks:  update,
				ConfigStateChecks: []statecheck.StateCheck{prState(), prHoldsExactly(env, "group", group)},
			},
			{
				Config:            cfg(allEnvs),
				ConfigPlanChecks:  update,
				ConfigStateChecks: []statecheck.StateCheck{prState(allEnvs), prHoldsExactly(env, "group", group, allEnvs)},
			},
		},
	})
}

// TestAccPrincipalRoles_validation checks the plan-time rules on roles
// entries, and that no write was sent.
func TestAccPrincipalRoles_validation(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	acct := raSystemRole(t, env, client.ScopeTypeAccount, client.PermissionTypeGlobal)
	prodenv := raSystemRole(t, env, client.ScopeTypeProdenv, client.PermissionTypeGlobal)
	content := raSystemRole(t, env, client.ScopeTypeProdenv, client.PermissionTypeContent)
	step := func(pt string, want string, es ...prEntry) resource.TestStep {
		return resource.TestStep{
			Config:      testAccPrincipalRolesConfig(env, pt, "g-not-sent", es...),
			PlanOnly:    true,
			ExpectError: acctest.ErrorText(want),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			step("group", `roles entry { role_id = "`+content.ID+`", scope_id = "env-1" }: policy_parameters is required`,
				prEntry{role: acct.ID}, prEntry{role: content.ID, scope: "env-1"}),
			step("group", `roles entry { role_id = "`+acct.ID+`", scope_id = "all" }: scope_id is not allowed`,
				prEntry{role: acct.ID, scope: "all"}),
			step("group", `scope_id is required: role "`+prodenv.ID+`"`, prEntry{role: prodenv.ID}),
			step("group", `policy_parameters is not allowed: role "`+acct.ID+`"`, prEntry{role: acct.ID, folder: "f"}),
			step("team", `Attribute principal_type value must be one of`, prEntry{role: acct.ID}),
		},
	})
	raNoWrites(t, env)
}

func TestAccPrincipalRoles_importMalformed(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	group := raGroup(t, env)
	acct := raSystemRole(t, env, client.ScopeTypeAccount, client.PermissionTypeGlobal)
	cfg := testAccPrincipalRolesConfig(env, "group", group, prEntry{role: acct.ID})
	step := func(id, want string) resource.TestStep {
		return resource.TestStep{Config: cfg, ResourceName: "cloudinary_principal_roles.test", ImportState: true,
			ImportStateId: id, ExpectError: acctest.ErrorText(want)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			step("group", `import id must look like <principal_type>/<principal_id>, got "group"`),
			step("group/"+group+"/extra", `import id must look like <principal_type>/<principal_id>`),
			step("team/"+group, `principal_type in import id "team/`+group+`" must be one of user, group, apiKey, provisioningKey`),
			step("group/", `import id must look like <principal_type>/<principal_id>`),
			// Well formed, but no such group.
			step("group/no-such-group", "Cannot import non-existent remote object"),
		},
	})
	raNoWrites(t, env)
}

// prRemovedOnCreate checks removed_on_create in a plan: exactly these roles,
// in order (an empty list when none).
func prRemovedOnCreate(addr string, entries ...prEntry) plancheck.PlanCheck {
	checks := make([]knownvalue.Check, 0, len(entries))
	for _, e := range entries {
		checks = append(checks, e.check())
	}
	return plancheck.ExpectKnownValue(addr, tfjsonpath.New("removed_on_create"), knownvalue.ListExact(checks))
}

// prRemovedOnCreateState checks removed_on_create in state.
func prRemovedOnCreateState(addr string, entries ...prEntry) statecheck.StateCheck {
	checks := make([]knownvalue.Check, 0, len(entries))
	for _, e := range entries {
		checks = append(checks, e.check())
	}
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New("removed_on_create"), knownvalue.ListExact(checks))
}

// prFolderEditor is cld::role::folder::editor when the account has it,
// otherwise another folder role.
func prFolderEditor(t *testing.T, env *acctest.Env) string {
	t.Helper()
	roles := raSystemRoles(t, env, client.ScopeTypeProdenv, client.PermissionTypeContent)
	for _, r := range roles {
		if r.ID == "cld::role::folder::editor" {
			return r.ID
		}
	}
	return roles[0].ID
}

// prPlanSideEffect is a plan check that does something between the plan and
// the apply instead of checking.
type prPlanSideEffect func()

func (f prPlanSideEffect) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	f()
}

// TestAccPrincipalRoles_removedOnCreate: creating the resource for a group
// that already holds a role the configuration does not list plans that
// removal as a known removed_on_create (the plan's warning is checked in
// TestPrincipalRolesModifyPlan_removedOnCreate), and the apply removes
// exactly it. Later plans plan removed_on_create empty.
func TestAccPrincipalRoles_removedOnCreate(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	group := raGroup(t, env)
	envID := raEnvironment(t, env)
	accts := raSystemRoles(t, env, client.ScopeTypeAccount, client.PermissionTypeGlobal)
	if len(accts) < 2 {
		t.Fatalf("need two account roles, found %d", len(accts))
	}
	editor := prEntry{role: prFolderEditor(t, env), scope: envID, folder: "f1"}
	kept, other := prEntry{role: accts[0].ID}, prEntry{role: accts[1].ID}
	const addr = "cloudinary_principal_roles.test"
	cfg := func(es ...prEntry) string { return testAccPrincipalRolesConfig(env, "group", group, es...) }

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             prNothingHeld(env),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					raAdd(t, env, "group", group, client.RoleToManage{ID: editor.role, ScopeID: client.Ptr(envID),
						PolicyParameters: client.PolicyParameters{"folder_id": "f1"}})
				},
				Config: cfg(kept),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					prRemovedOnCreate(addr, editor),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					prRemovedOnCreateState(addr, editor),
					prState(kept),
					prHoldsExactly(env, "group", group, kept),
				},
			},
			{
				// An update removes nothing "on create".
				Config: cfg(kept, other),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					prRemovedOnCreate(addr),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					prRemovedOnCreateState(addr),
					prHoldsExactly(env, "group", group, kept, other),
				},
			},
		},
	})
}

// TestAccPrincipalRoles_changedBetweenPlanAndApply: a role granted after
// the plan is not removed by that plan's apply: Terraform plans the create
// again at apply time, sees removed_on_create differ from the plan, and
// stops before anything is changed. The next plan lists both roles.
func TestAccPrincipalRoles_changedBetweenPlanAndApply(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	group := raGroup(t, env)
	accts := raSystemRoles(t, env, client.ScopeTypeAccount, client.PermissionTypeGlobal)
	if len(accts) < 3 {
		t.Fatalf("need three account roles, found %d", len(accts))
	}
	kept, before, after := prEntry{role: accts[0].ID}, prEntry{role: accts[1].ID}, prEntry{role: accts[2].ID}
	const addr = "cloudinary_principal_roles.test"
	cfg := testAccPrincipalRolesConfig(env, "group", group, kept)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             prNothingHeld(env),
		Steps: []resource.TestStep{
			{
				PreConfig: func() { raAdd(t, env, "group", group, client.RoleToManage{ID: before.role}) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					prRemovedOnCreate(addr, before),
					prPlanSideEffect(func() { raAdd(t, env, "group", group, client.RoleToManage{ID: after.role}) }),
				}},
				ExpectError: regexp.MustCompile(`Provider produced inconsistent final plan[\s\S]*removed_on_create`),
			},
			{
				PreConfig: func() {
					held, err := raHeld(t.Context(), env, "group", group)
					if err != nil {
						t.Fatal(err)
					}
					want := map[string]bool{raID("group", group, before.role, ""): true, raID("group", group, after.role, ""): true}
					if !maps.Equal(held, want) {
						t.Errorf("after the stopped apply the group holds %v, want %v (nothing changed)", held, want)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					prRemovedOnCreate(addr, sortedPrEntries(before, after)...),
				}},
				ConfigStateChecks: []statecheck.StateCheck{prHoldsExactly(env, "group", group, kept)},
			},
		},
	})
}

// sortedPrEntries orders unscoped entries as removed_on_create lists them.
func sortedPrEntries(es ...prEntry) []prEntry {
	out := slices.Clone(es)
	slices.SortFunc(out, func(a, b prEntry) int { return strings.Compare(a.role, b.role) })
	return out
}

// TestAccPrincipalRoles_createRemovesNothing: a create for a principal that
// holds no role plans removed_on_create as an empty list, as does one for a
// group created in the same apply (its id unknown at plan time); for a user
// created in the same apply it is unknown in the plan.
func TestAccPrincipalRoles_createRemovesNothing(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	group := raGroup(t, env)
	acct := raSystemRole(t, env, client.ScopeTypeAccount, client.PermissionTypeGlobal)
	name := acctest.RandomName("tf-acc-pr")
	cfg := env.Config(fmt.Sprintf(`
resource "cloudinary_user_group" "new" {
  name = %[1]q
}

resource "cloudinary_user" "new" {
  name  = %[1]q
  email = "%[1]s@example.com"
  role  = "media_library_user"
}

resource "cloudinary_principal_roles" "empty" {
  principal_type = "group"
  principal_id   = %[2]q
  roles          = [{ role_id = %[3]q }]
}

resource "cloudinary_principal_roles" "new_group" {
  principal_type = "group"
  principal_id   = cloudinary_user_group.new.id
  roles          = [{ role_id = %[3]q }]
}

resource "cloudinary_principal_roles" "new_user" {
  principal_type = "user"
  principal_id   = cloudinary_user.new.id
  roles          = [{ role_id = %[3]q }]
}
`, name, group, acct.ID))
	const empty, newGroup, newUser = "cloudinary_principal_roles.empty", "cloudinary_principal_roles.new_group",
		"cloudinary_principal_roles.new_user"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             resource.ComposeTestCheckFunc(prNothingHeld(env), env.CheckDestroyed()),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					prRemovedOnCreate(empty),
					prRemovedOnCreate(newGroup),
					plancheck.ExpectUnknownValue(newUser, tfjsonpath.New("removed_on_create")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					prRemovedOnCreateState(empty),
					prRemovedOnCreateState(newGroup),
					prRemovedOnCreateState(newUser),
					prHoldsExactly(env, "group", group, prEntry{role: acct.ID}),
				},
			},
		},
	})
}
