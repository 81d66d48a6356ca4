package provider_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

func TestAccEffectivePoliciesDataSource_basic(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	group, other := raGroup(t, env), raGroup(t, env)
	envID := raEnvironment(t, env)
	acct := raSystemRole(t, env, client.ScopeTypeAccount, client.PermissionTypeGlobal)
	envRole := raSystemRole(t, env, client.ScopeTypeProdenv, client.PermissionTypeGlobal)
	raAdd(t, env, "group", group, client.RoleToManage{ID: acct.ID}, client.RoleToManage{ID: envRole.ID, ScopeID: client.Ptr("all")})
	raAdd(t, env, "group", other, client.RoleToManage{ID: acct.ID})
	full, err := env.Client.GetRole(t.Context(), acct.ID, nil)
	if err != nil {
		t.Fatal(err)
	}

	// A custom policy for this group only, and one for the other group.
	policy := func(g string) string {
		p, err := env.Client.CreateCustomPolicy(t.Context(), client.CreateCustomPolicyRequest{
			Name: acctest.RandomName("tf-acc-ra"), ScopeType: client.ScopeTypeAccount,
			PolicyStatement: fmt.Sprintf(`permit(principal == Cloudinary::Group::%q, action == Cloudinary::Action::"read", resource is Cloudinary::User);`, g),
		})
		if err != nil {
			t.Fatalf("creating a custom policy: %v", err)
		}
		t.Cleanup(func() { _ = env.Client.DeleteCustomPolicy(context.WithoutCancel(t.Context()), p.ID) })
		return p.ID
	}
	mine := policy(group)
	policy(other)

	cfg := env.Config(fmt.Sprintf(`
data "cloudinary_effective_policies" "account" {
  principal_type = "group"
  principal_id   = %[1]q
}

data "cloudinary_effective_policies" "prodenv" {
  principal_type = "group"
  principal_id   = %[1]q
  scope_type     = "prodenv"
}

data "cloudinary_effective_policies" "one_env" {
  principal_type = "group"
  principal_id   = %[1]q
  scope_type     = "prodenv"
  scope_id       = %[2]q
}
`, group, envID))
	role := func(id string) knownvalue.Check {
		return knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"role_id":         knownvalue.StringExact(id),
			"system_policies": knownvalue.NotNull(),
		})})
	}
	const acctAddr = "data.cloudinary_effective_policies.account"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(`
data "cloudinary_effective_policies" "bad" {
  principal_type = "group"
  principal_id   = "x"
  scope_id       = "all"
}
`),
				ExpectError: acctest.ErrorText(`scope_id is only allowed with scope_type = "prodenv"`),
			},
			{
				Config: env.Config(`
data "cloudinary_effective_policies" "missing" {
  principal_type = "user"
  principal_id   = "no-such-user"
}
`),
				ExpectError: acctest.ErrorText(`Principal or scope not found`),
			},
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctAddr, tfjsonpath.New("id"), knownvalue.StringExact("group/"+group+"/account")),
					statecheck.ExpectKnownValue(acctAddr, tfjsonpath.New("scope_type"), knownvalue.StringExact("account")),
					statecheck.ExpectKnownValue(acctAddr, tfjsonpath.New("roles"), role(acct.ID)),
					statecheck.ExpectKnownValue(acctAddr, tfjsonpath.New("roles").AtSliceIndex(0).AtMapKey("system_policies"),
						knownvalue.ListSizeExact(len(full.Policies))),
					statecheck.ExpectKnownValue(acctAddr, tfjsonpath.New("custom_policies"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id":               knownvalue.StringExact(mine),
							"policy_statement": knownvalue.StringRegexp(acctest.ErrorText(`Cloudinary::Group::"` + group + `"`)),
						})})),
					statecheck.ExpectKnownValue("data.cloudinary_effective_policies.prodenv", tfjsonpath.New("roles"), role(envRole.ID)),
					statecheck.ExpectKnownValue("data.cloudinary_effective_policies.prodenv", tfjsonpath.New("custom_policies"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue("data.cloudinary_effective_policies.one_env", tfjsonpath.New("id"),
						knownvalue.StringExact("group/"+group+"/prodenv/"+envID)),
					statecheck.ExpectKnownValue("data.cloudinary_effective_policies.one_env", tfjsonpath.New("roles"), role(envRole.ID)),
				},
			},
		},
	})
}
