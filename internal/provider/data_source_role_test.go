package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// testAccRoleDataSourceSystemRoles finds, through the API, a system role and
// a name that two system roles share (system roles of different scopes do:
// "Admin"), so the test holds for any catalog.
func testAccRoleDataSourceSystemRoles(t *testing.T, env *acctest.Env) (one client.Role, shared []client.Role) {
	t.Helper()
	system := client.ManagementTypeSystem
	roles, err := env.Client.GetRoles(t.Context(), client.GetRolesOptions{PermissionType: client.PermissionTypeGlobal, ManagementType: &system})
	if err != nil || len(roles) == 0 {
		t.Fatalf("listing system roles: %v %v", roles, err)
	}
	byName := map[string][]client.Role{}
	for _, r := range roles {
		byName[r.Name] = append(byName[r.Name], r)
	}
	for _, r := range roles {
		if len(byName[r.Name]) > 1 {
			return roles[0], byName[r.Name]
		}
	}
	return roles[0], nil
}

// testAccRoleDataSourceMatchesAPI compares a cloudinary_role data source
// with the API's role.
func testAccRoleDataSourceMatchesAPI(env *acctest.Env, addr string) statecheck.StateCheck {
	return acctest.StateCheck(func(ctx context.Context, s *tfjson.State) error {
		id, err := acctest.StateString(s, addr, "id")
		if err != nil {
			return err
		}
		role, err := env.Client.GetRole(ctx, id, nil)
		if err != nil {
			return err
		}
		ids, err := acctest.StateStrings(s, addr, "system_policy_ids")
		if err != nil {
			return err
		}
		want := role.SystemPolicyIDs()
		slices.Sort(want)
		v, _ := acctest.StateValues(s, addr)
		if !slices.Equal(ids, want) || len(ids) == 0 || v["name"] != role.Name || v["management_type"] != string(role.ManagementType) ||
			v["scope_type"] != string(role.ScopeType) || v["permission_type"] != string(role.PermissionType) {
			return fmt.Errorf("%s = %v, API role %+v with policies %v", addr, v, role, want)
		}
		return nil
	})
}

func TestAccRoleDataSource_lookups(t *testing.T) {
	env := acctest.New(t)
	one, shared := testAccRoleDataSourceSystemRoles(t, env)
	name := acctest.RandomName("tf-acc-role")
	var steps []resource.TestStep
	plan := func(hcl, want string) resource.TestStep {
		return resource.TestStep{Config: env.Config(hcl), PlanOnly: true, ExpectError: acctest.ErrorPattern(want)}
	}
	steps = append(steps,
		plan(`data "cloudinary_role" "test" {}`, `Exactly one of these attributes must be configured: \[id,name\]`),
		plan(fmt.Sprintf(`data "cloudinary_role" "test" {
  id   = %q
  name = %q
}`, one.ID, one.Name), `Invalid Attribute Combination[\s\S]*Exactly one of these attributes must be configured: \[id,name\]`),
		plan(`data "cloudinary_role" "test" { name = "`+name+`" }`, `No role is named "`+regexp.QuoteMeta(name)+`"\. Names are exact`),
		plan(`data "cloudinary_role" "test" { id = "`+name+`" }`, `No role has the id "`+regexp.QuoteMeta(name)+`"`),
		plan(fmt.Sprintf(`data "cloudinary_role" "test" {
  id              = %q
  management_type = "custom"
}`, one.ID), `Role "`+regexp.QuoteMeta(one.ID)+`" has management_type "system", but the configuration asks for "custom"`),
		plan(`data "cloudinary_role" "test" { scope_type = "galaxy" }`, `scope_type value must be one of`),
	)
	if len(shared) > 1 {
		steps = append(steps, plan(fmt.Sprintf(`data "cloudinary_role" "test" { name = %q }`, shared[0].Name),
			fmt.Sprintf(`%d roles are named "%s": [\s\S]*Set id instead, or narrow the lookup`, len(shared), regexp.QuoteMeta(shared[0].Name))))
	} else {
		t.Log("no two system roles share a name: the ambiguous-name step is skipped")
	}

	byName := ""
	var byNameChecks []statecheck.StateCheck
	if len(shared) > 1 {
		byName = fmt.Sprintf(`
data "cloudinary_role" "system_by_name" {
  name       = %q
  scope_type = %q
}
`, shared[1].Name, shared[1].ScopeType)
		byNameChecks = []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.cloudinary_role.system_by_name", tfjsonpath.New("id"), knownvalue.StringExact(shared[1].ID)),
			testAccRoleDataSourceMatchesAPI(env, "data.cloudinary_role.system_by_name"),
		}
	}
	steps = append(steps, resource.TestStep{
		Config: env.Config(fmt.Sprintf(`
data "cloudinary_role" "system" {
  id = %[1]q
}
%[2]s
resource "cloudinary_role" "test" {
  name              = %[3]q
  description       = "looked up"
  permission_type   = "global"
  scope_type        = "account"
  system_policy_ids = [%[4]q, %[5]q]
}

data "cloudinary_role" "custom_by_id" {
  id = cloudinary_role.test.id
}

data "cloudinary_role" "custom_by_name" {
  name            = cloudinary_role.test.name
  management_type = "custom"
  depends_on      = [cloudinary_role.test]
}
`, one.ID, byName, name, testAccPolicyViewUsers, testAccPolicyViewBilling)),
		ConfigStateChecks: append(byNameChecks,
			statecheck.ExpectKnownValue("data.cloudinary_role.system", tfjsonpath.New("management_type"), knownvalue.StringExact("system")),
			testAccRoleDataSourceMatchesAPI(env, "data.cloudinary_role.system"),
			testAccRoleDataSourceMatchesAPI(env, "data.cloudinary_role.custom_by_id"),
			testAccRoleDataSourceMatchesAPI(env, "data.cloudinary_role.custom_by_name"),
			statecheck.ExpectKnownValue("data.cloudinary_role.custom_by_id", tfjsonpath.New("system_policy_ids"),
				knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(testAccPolicyViewBilling), knownvalue.StringExact(testAccPolicyViewUsers)})),
			statecheck.ExpectKnownValue("data.cloudinary_role.custom_by_id", tfjsonpath.New("description"), knownvalue.StringExact("looked up")),
			statecheck.ExpectKnownValue("data.cloudinary_role.custom_by_id", tfjsonpath.New("policy_parameters"), knownvalue.ListSizeExact(0)),
			statecheck.CompareValuePairs("data.cloudinary_role.custom_by_name", tfjsonpath.New("id"), testAccRoleAddr, tfjsonpath.New("id"), compare.ValuesSame()),
		),
	})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps:                    steps,
	})
}
