package provider_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// testAccRolesMatch checks that a cloudinary_roles data source lists what
// the API lists for opts, that every role has the filtered values, and that
// it includes (or not) the role named mustHave.
func testAccRolesMatch(env *acctest.Env, addr string, opts client.GetRolesOptions, mustHave string, want bool) statecheck.StateCheck {
	return acctest.StateCheck(func(ctx context.Context, s *tfjson.State) error {
		roles, err := env.Client.GetRoles(ctx, opts)
		if err != nil {
			return err
		}
		ids, err := acctest.StateStrings(s, addr, "ids")
		if err != nil {
			return err
		}
		var wantIDs []string
		for _, r := range roles {
			wantIDs = append(wantIDs, r.ID)
		}
		if !slices.Equal(ids, wantIDs) {
			return fmt.Errorf("%s ids = %v, the API lists %v", addr, ids, wantIDs)
		}
		v, _ := acctest.StateValues(s, addr)
		found := false
		listed, _ := v["roles"].([]any)
		for _, x := range listed {
			m, _ := x.(map[string]any)
			if m["permission_type"] != string(opts.PermissionType) ||
				(opts.ScopeType != nil && m["scope_type"] != string(*opts.ScopeType)) ||
				(opts.ManagementType != nil && m["management_type"] != string(*opts.ManagementType)) {
				return fmt.Errorf("%s: role %v does not match the filters", addr, m)
			}
			for _, p := range opts.PolicyParameters {
				params, _ := m["policy_parameters"].([]any)
				if !slices.Contains(params, any(p)) {
					return fmt.Errorf("%s: role %v lacks policy parameter %s", addr, m["id"], p)
				}
			}
			found = found || m["name"] == mustHave
		}
		if found != want {
			return fmt.Errorf("%s: role %q listed = %v, want %v", addr, mustHave, found, want)
		}
		return nil
	})
}

func TestAccRolesDataSource_filters(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-role")
	custom, system := client.ManagementTypeCustom, client.ManagementTypeSystem
	account, prodenv := client.ScopeTypeAccount, client.ScopeTypeProdenv

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config:      env.Config(`data "cloudinary_roles" "test" {}`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorPattern(`The argument "permission_type" is required`),
			},
			{
				Config: env.Config(`data "cloudinary_roles" "test" {
  permission_type = "global"
  management_type = "mine"
}`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorPattern(`management_type value must be one of: \["system" "custom"\]`),
			},
			{
				Config: env.Config(fmt.Sprintf(`
resource "cloudinary_role" "test" {
  name              = %[1]q
  permission_type   = "global"
  scope_type        = "account"
  system_policy_ids = [%[2]q]
}

data "cloudinary_roles" "global" {
  permission_type = "global"
  depends_on      = [cloudinary_role.test]
}

data "cloudinary_roles" "custom_account" {
  permission_type = "global"
  scope_type      = "account"
  management_type = "custom"
  depends_on      = [cloudinary_role.test]
}

data "cloudinary_roles" "system_prodenv" {
  permission_type = "global"
  scope_type      = "prodenv"
  management_type = "system"
  depends_on      = [cloudinary_role.test]
}

data "cloudinary_roles" "folder" {
  permission_type   = "content"
  policy_parameters = ["folder_id"]
}
`, name, testAccPolicyViewUsers)),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccRolesMatch(env, "data.cloudinary_roles.global", client.GetRolesOptions{PermissionType: client.PermissionTypeGlobal}, name, true),
					testAccRolesMatch(env, "data.cloudinary_roles.custom_account",
						client.GetRolesOptions{PermissionType: client.PermissionTypeGlobal, ScopeType: &account, ManagementType: &custom}, name, true),
					testAccRolesMatch(env, "data.cloudinary_roles.system_prodenv",
						client.GetRolesOptions{PermissionType: client.PermissionTypeGlobal, ScopeType: &prodenv, ManagementType: &system}, name, false),
					testAccRolesMatch(env, "data.cloudinary_roles.folder",
						client.GetRolesOptions{PermissionType: client.PermissionTypeContent, PolicyParameters: []string{"folder_id"}}, name, false),
				},
			},
		},
	})
}
