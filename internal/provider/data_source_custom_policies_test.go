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

// testAccCustomPoliciesMatch checks that a cloudinary_custom_policies data
// source lists exactly what the API lists for opts (every page), and that it
// includes every id of with and none of without.
func testAccCustomPoliciesMatch(env *acctest.Env, addr string, opts client.GetCustomPoliciesOptions, with, without []string) statecheck.StateCheck {
	return acctest.StateCheck(func(ctx context.Context, s *tfjson.State) error {
		all, err := env.Client.ListAllCustomPolicies(ctx, &opts)
		if err != nil {
			return err
		}
		ids, err := acctest.StateStrings(s, addr, "ids")
		if err != nil {
			return err
		}
		var want []string
		for _, p := range all {
			want = append(want, p.ID)
		}
		if !slices.Equal(ids, want) {
			return fmt.Errorf("%s ids = %v, the API lists %v", addr, ids, want)
		}
		for _, id := range with {
			if !slices.Contains(ids, id) {
				return fmt.Errorf("%s lacks %s", addr, id)
			}
		}
		for _, id := range without {
			if slices.Contains(ids, id) {
				return fmt.Errorf("%s lists %s", addr, id)
			}
		}
		v, _ := acctest.StateValues(s, addr)
		pols, _ := v["policies"].([]any)
		if len(pols) != len(all) {
			return fmt.Errorf("%s has %d policies, the API lists %d", addr, len(pols), len(all))
		}
		for i, x := range pols {
			m, _ := x.(map[string]any)
			if m["id"] != all[i].ID || m["name"] != all[i].Name || m["policy_statement"] != all[i].PolicyStatement ||
				m["enabled"] != all[i].Enabled || m["scope_type"] != string(all[i].ScopeType) {
				return fmt.Errorf("%s policy %d = %v, API %+v", addr, i, m, all[i])
			}
		}
		return nil
	})
}

// TestAccCustomPoliciesDataSource_filters lists more policies than one page
// holds, filters by enabled, and lists one product environment's policies
// (its own and those scoped to "all").
func TestAccCustomPoliciesDataSource_filters(t *testing.T) {
	env := acctest.New(t)
	ctx := t.Context()
	pe, err := env.Client.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: acctest.RandomName("tf-acc-policies")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteProductEnvironment(context.WithoutCancel(t.Context()), pe.ID) })
	create := func(scope client.ScopeType, scopeID *string, enabled bool) string {
		p, err := env.Client.CreateCustomPolicy(ctx, client.CreateCustomPolicyRequest{
			Name: acctest.RandomName("tf-acc-policy"), PolicyStatement: testAccCustomPolicyStatement(acctest.RandomName("user")),
			ScopeType: scope, ScopeID: scopeID, Enabled: client.Ptr(enabled),
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = env.Client.DeleteCustomPolicy(context.WithoutCancel(t.Context()), p.ID) })
		return p.ID
	}
	var enabled []string
	for range 21 { // more than one page (the emulator pages by 20)
		enabled = append(enabled, create(client.ScopeTypeAccount, nil, true))
	}
	disabled := create(client.ScopeTypeAccount, nil, false)
	inEnv := create(client.ScopeTypeProdenv, client.Ptr(pe.ID), true)
	inAll := create(client.ScopeTypeProdenv, client.Ptr(client.ScopeIDAll), true)
	account, prodenv := client.ScopeTypeAccount, client.ScopeTypeProdenv

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config:      env.Config(`data "cloudinary_custom_policies" "test" { scope_type = "prodenv" }`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorPattern(`scope_id is required when scope_type is "prodenv"`),
			},
			{
				Config:      env.Config(`data "cloudinary_custom_policies" "test" { scope_id = "` + pe.ID + `" }`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorPattern(`scope_id must not be set when scope_type is "account"`),
			},
			{
				Config: env.Config(fmt.Sprintf(`
data "cloudinary_custom_policies" "account" {}

data "cloudinary_custom_policies" "enabled" {
  scope_type = "account"
  enabled    = true
}

data "cloudinary_custom_policies" "disabled" {
  enabled = false
}

data "cloudinary_custom_policies" "env" {
  scope_type = "prodenv"
  scope_id   = %q
}
`, pe.ID)),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccCustomPoliciesMatch(env, "data.cloudinary_custom_policies.account", client.GetCustomPoliciesOptions{},
						append([]string{disabled}, enabled...), []string{inEnv, inAll}),
					testAccCustomPoliciesMatch(env, "data.cloudinary_custom_policies.enabled",
						client.GetCustomPoliciesOptions{ScopeType: &account, Enabled: client.Ptr(true)}, enabled, []string{disabled}),
					testAccCustomPoliciesMatch(env, "data.cloudinary_custom_policies.disabled",
						client.GetCustomPoliciesOptions{Enabled: client.Ptr(false)}, []string{disabled}, enabled),
					testAccCustomPoliciesMatch(env, "data.cloudinary_custom_policies.env",
						client.GetCustomPoliciesOptions{ScopeType: &prodenv, ScopeID: &pe.ID}, []string{inEnv, inAll}, []string{disabled}),
				},
			},
		},
	})
}
