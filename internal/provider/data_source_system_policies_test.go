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

// testAccSystemPoliciesMatch checks that a cloudinary_system_policies data
// source lists exactly what the API lists for opts, and that every entry has
// the filtered types.
func testAccSystemPoliciesMatch(env *acctest.Env, addr string, opts client.GetSystemPoliciesOptions, perm, scope string) statecheck.StateCheck {
	return acctest.StateCheck(func(ctx context.Context, s *tfjson.State) error {
		want, err := env.Client.ListAllSystemPolicies(ctx, &opts)
		if err != nil {
			return err
		}
		ids, err := acctest.StateStrings(s, addr, "ids")
		if err != nil {
			return err
		}
		var wantIDs []string
		for _, p := range want {
			wantIDs = append(wantIDs, p.ID)
		}
		if len(ids) == 0 || !slices.Equal(ids, wantIDs) {
			return fmt.Errorf("%s ids = %v, want %v", addr, ids, wantIDs)
		}
		v, _ := acctest.StateValues(s, addr)
		pols, _ := v["policies"].([]any)
		for _, p := range pols {
			m, _ := p.(map[string]any)
			if (perm != "" && m["permission_type"] != perm) || m["scope_type"] != scope {
				return fmt.Errorf("%s: policy %v does not match permission_type %q scope_type %q", addr, m["id"], perm, scope)
			}
		}
		return nil
	})
}

func TestAccSystemPoliciesDataSource_filters(t *testing.T) {
	env := acctest.New(t)
	content, global := client.PermissionTypeContent, client.PermissionTypeGlobal
	prodenv := client.ScopeTypeProdenv

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config:      env.Config(`data "cloudinary_system_policies" "bad" { permission_type = "partial" }`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorPattern(`permission_type value must be one of: \["global" "content"\]`),
			},
			{
				Config: env.Config(`
data "cloudinary_system_policies" "default" {}

data "cloudinary_system_policies" "content" {
  permission_type = "content"
  scope_type      = "prodenv"
}

data "cloudinary_system_policies" "prodenv_global" {
  permission_type = "global"
  scope_type      = "prodenv"
}

data "cloudinary_system_policies" "prodenv" {
  scope_type = "prodenv"
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccSystemPoliciesMatch(env, "data.cloudinary_system_policies.default", client.GetSystemPoliciesOptions{}, "", "account"),
					testAccSystemPoliciesMatch(env, "data.cloudinary_system_policies.content",
						client.GetSystemPoliciesOptions{PermissionType: &content, ScopeType: &prodenv}, "content", "prodenv"),
					testAccSystemPoliciesMatch(env, "data.cloudinary_system_policies.prodenv_global",
						client.GetSystemPoliciesOptions{PermissionType: &global, ScopeType: &prodenv}, "global", "prodenv"),
					testAccSystemPoliciesMatch(env, "data.cloudinary_system_policies.prodenv",
						client.GetSystemPoliciesOptions{ScopeType: &prodenv}, "", "prodenv"),
				},
			},
		},
	})
}
