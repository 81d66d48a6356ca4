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

func TestAccRolePrincipalsDataSource_basic(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	g1, g2 := raGroup(t, env), raGroup(t, env)
	user := raUser(t, env)
	envID := raEnvironment(t, env)
	envRole := raSystemRole(t, env, client.ScopeTypeProdenv, client.PermissionTypeGlobal)
	folderRole := raSystemRole(t, env, client.ScopeTypeProdenv, client.PermissionTypeContent)
	// A custom role held by nobody: the list is empty, not an error.
	unheld := raCustomRoles(t, env, 1)[0]
	raAdd(t, env, "group", g1, client.RoleToManage{ID: envRole.ID, ScopeID: client.Ptr("all")},
		client.RoleToManage{ID: folderRole.ID, ScopeID: &envID, PolicyParameters: client.PolicyParameters{"folder_id": "f1"}})
	raAdd(t, env, "group", g2, client.RoleToManage{ID: envRole.ID, ScopeID: &envID},
		client.RoleToManage{ID: folderRole.ID, ScopeID: &envID, PolicyParameters: client.PolicyParameters{"folder_id": "f2"}})
	raAdd(t, env, "user", user, client.RoleToManage{ID: envRole.ID, ScopeID: &envID})

	cfg := env.Config(fmt.Sprintf(`
data "cloudinary_role_principals" "all" {
  role_id = %[1]q
}

data "cloudinary_role_principals" "users" {
  role_id        = %[1]q
  principal_type = "user"
}

data "cloudinary_role_principals" "in_env" {
  role_id  = %[1]q
  scope_id = %[2]q
}

data "cloudinary_role_principals" "all_envs" {
  role_id  = %[1]q
  scope_id = "all"
}

data "cloudinary_role_principals" "folder" {
  role_id           = %[3]q
  policy_parameters = { folder_id = "f1" }
}

data "cloudinary_role_principals" "unheld" {
  role_id = %[4]q
}
`, envRole.ID, envID, folderRole.ID, unheld))
	principal := func(pt, id string, more map[string]knownvalue.Check) knownvalue.Check {
		m := map[string]knownvalue.Check{"principal_type": knownvalue.StringExact(pt), "principal_id": knownvalue.StringExact(id)}
		for k, v := range more {
			m[k] = v
		}
		return knownvalue.ObjectPartial(m)
	}
	list := func(addr string, checks ...knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New("principals"), knownvalue.SetExact(checks))
	}
	scoped := func(s string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"scope_type": knownvalue.StringExact("prodenv"), "scope_id": knownvalue.StringExact(s),
			"policy_parameters": knownvalue.Null()}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(`
data "cloudinary_role_principals" "missing" {
  role_id = "no_such_role"
}
`),
				ExpectError: acctest.ErrorText(`Role not found`),
			},
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.cloudinary_role_principals.all", tfjsonpath.New("id"), knownvalue.StringExact(envRole.ID)),
					list("data.cloudinary_role_principals.all",
						principal("group", g1, scoped("all")), principal("group", g2, scoped(envID)), principal("user", user, scoped(envID))),
					list("data.cloudinary_role_principals.users", principal("user", user, nil)),
					// In one environment: those scoped to it and to all.
					list("data.cloudinary_role_principals.in_env",
						principal("group", g1, nil), principal("group", g2, nil), principal("user", user, nil)),
					list("data.cloudinary_role_principals.all_envs", principal("group", g1, nil)),
					list("data.cloudinary_role_principals.folder", principal("group", g1, map[string]knownvalue.Check{
						"policy_parameters": knownvalue.MapExact(map[string]knownvalue.Check{"folder_id": knownvalue.StringExact("f1")}),
					})),
					statecheck.ExpectKnownValue("data.cloudinary_role_principals.unheld", tfjsonpath.New("principals"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}
