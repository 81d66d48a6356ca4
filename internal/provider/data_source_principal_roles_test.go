package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

func TestAccPrincipalRolesDataSource_basic(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	group := raGroup(t, env)
	envID := raEnvironment(t, env)
	acct := raSystemRole(t, env, client.ScopeTypeAccount, client.PermissionTypeGlobal)
	envRole := raSystemRole(t, env, client.ScopeTypeProdenv, client.PermissionTypeGlobal)
	folderRole := raSystemRole(t, env, client.ScopeTypeProdenv, client.PermissionTypeContent)
	raAdd(t, env, "group", group,
		client.RoleToManage{ID: acct.ID},
		client.RoleToManage{ID: envRole.ID, ScopeID: client.Ptr("all")},
		client.RoleToManage{ID: folderRole.ID, ScopeID: &envID, PolicyParameters: client.PolicyParameters{"folder_id": "f1"}},
	)
	other := raEnvironment(t, env)
	raAdd(t, env, "group", group, client.RoleToManage{ID: envRole.ID, ScopeID: &other})

	cfg := env.Config(fmt.Sprintf(`
data "cloudinary_principal_roles" "all" {
  principal_type = "group"
  principal_id   = %[1]q
}

data "cloudinary_principal_roles" "content" {
  principal_type  = "group"
  principal_id    = %[1]q
  permission_type = "content"
}

data "cloudinary_principal_roles" "in_env" {
  principal_type = "group"
  principal_id   = %[1]q
  scope_id       = %[2]q
}

data "cloudinary_principal_roles" "all_envs" {
  principal_type = "group"
  principal_id   = %[1]q
  scope_id       = "all"
}
`, group, envID))
	roleIDs := func(addr string, ids ...string) statecheck.StateCheck {
		checks := make([]knownvalue.Check, 0, len(ids))
		for _, id := range ids {
			checks = append(checks, knownvalue.ObjectPartial(map[string]knownvalue.Check{"role_id": knownvalue.StringExact(id)}))
		}
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New("roles"), knownvalue.SetExact(checks))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(`
data "cloudinary_principal_roles" "missing" {
  principal_type = "group"
  principal_id   = "no-such-group"
}
`),
				ExpectError: acctest.ErrorText(`Principal not found`),
			},
			{
				Config: env.Config(`
data "cloudinary_principal_roles" "bad" {
  principal_type  = "team"
  principal_id    = "x"
  permission_type = "local"
}
`),
				ExpectError: acctest.ErrorText(`Attribute principal_type value must be one of`),
			},
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.cloudinary_principal_roles.all", tfjsonpath.New("id"), knownvalue.StringExact("group/"+group)),
					roleIDs("data.cloudinary_principal_roles.all", acct.ID, envRole.ID, envRole.ID, folderRole.ID),
					statecheck.ExpectKnownValue("data.cloudinary_principal_roles.content", tfjsonpath.New("roles"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
							"role_id":           knownvalue.StringExact(folderRole.ID),
							"name":              knownvalue.StringExact(folderRole.Name),
							"description":       knownvalue.NotNull(),
							"management_type":   knownvalue.StringExact("system"),
							"permission_type":   knownvalue.StringExact("content"),
							"scope_type":        knownvalue.StringExact("prodenv"),
							"scope_id":          knownvalue.StringExact(envID),
							"policy_parameters": knownvalue.MapExact(map[string]knownvalue.Check{"folder_id": knownvalue.StringExact("f1")}),
						})})),
					// In one environment: what is scoped to it and to all, not to the other one.
					roleIDs("data.cloudinary_principal_roles.in_env", envRole.ID, folderRole.ID),
					statecheck.ExpectKnownValue("data.cloudinary_principal_roles.all_envs", tfjsonpath.New("roles"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"role_id":  knownvalue.StringExact(envRole.ID),
							"scope_id": knownvalue.StringExact("all"),
						})})),
				},
			},
		},
	})
}
