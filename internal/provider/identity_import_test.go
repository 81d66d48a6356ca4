package provider_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

// identityImportCase is one resource type: a configuration that creates
// one object of it (and what it needs), and the identity attributes the
// state must carry.
type identityImportCase struct {
	address string
	config  func(name string) string
	// identity lists the identity's attributes; those in nullable may be
	// null (an account-wide assignment has no scope).
	identity []string
	nullable []string
	// importConfig, when set, is the configuration of the import step:
	// an imported environment is protected from deletion until the
	// configuration says otherwise.
	importConfig func(name string) string
}

func identityImportCases() map[string]identityImportCase {
	envProtected := func(protected bool) func(name string) string {
		return func(name string) string {
			return fmt.Sprintf(`
resource "cloudinary_product_environment" "env" {
  name                = %q
  deletion_protection = %t
}
`, name, protected)
		}
	}
	env := envProtected(false)
	user := func(name string) string {
		return fmt.Sprintf(`
resource "cloudinary_user" "user" {
  name  = %[1]q
  email = "%[1]s@example.com"
  role  = "admin"
}
`, name)
	}
	group := func(name string) string {
		return fmt.Sprintf(`
resource "cloudinary_user_group" "group" {
  name = %q
}
`, name)
	}
	return map[string]identityImportCase{
		"product_environment": {"cloudinary_product_environment.env", env, []string{"id"}, nil, envProtected(true)},
		"access_key": {"cloudinary_access_key.key", func(name string) string {
			return env(name) + fmt.Sprintf(`
resource "cloudinary_access_key" "key" {
  product_environment_id = cloudinary_product_environment.env.id
  name                   = %q
}
`, name)
		}, []string{"product_environment_id", "api_key"}, nil, nil},
		"user":       {"cloudinary_user.user", user, []string{"id"}, nil, nil},
		"user_group": {"cloudinary_user_group.group", group, []string{"id"}, nil, nil},
		"user_group_membership": {"cloudinary_user_group_membership.member", func(name string) string {
			return user(name) + group(name) + `
resource "cloudinary_user_group_membership" "member" {
  group_id = cloudinary_user_group.group.id
  user_id  = cloudinary_user.user.id
}
`
		}, []string{"group_id", "user_id"}, nil, nil},
		"user_group_members": {"cloudinary_user_group_members.members", func(name string) string {
			return user(name) + group(name) + `
resource "cloudinary_user_group_members" "members" {
  group_id = cloudinary_user_group.group.id
  user_ids = [cloudinary_user.user.id]
}
`
		}, []string{"group_id"}, nil, nil},
		"role": {"cloudinary_role.role", func(name string) string {
			return fmt.Sprintf(`
resource "cloudinary_role" "role" {
  name              = %q
  permission_type   = "global"
  scope_type        = "account"
  system_policy_ids = [%q]
}
`, name, testAccPolicyViewUsers)
		}, []string{"role_id"}, nil, nil},
		"custom_policy": {"cloudinary_custom_policy.policy", func(name string) string {
			return fmt.Sprintf(`
resource "cloudinary_custom_policy" "policy" {
  name             = %q
  scope_type       = "account"
  policy_statement = %q
}
`, name, testAccCustomPolicyStatement(name))
		}, []string{"id"}, nil, nil},
		"role_assignment": {"cloudinary_role_assignment.reports", func(name string) string {
			return user(name) + `
resource "cloudinary_role_assignment" "reports" {
  principal_type = "user"
  principal_id   = cloudinary_user.user.id
  role_id        = "cld::role::account::reports"
}
`
		}, []string{"principal_type", "principal_id", "role_id", "scope_id", "policy_parameters"}, []string{"scope_id", "policy_parameters"}, nil},
		"principal_roles": {"cloudinary_principal_roles.group", func(name string) string {
			return group(name) + `
resource "cloudinary_principal_roles" "group" {
  principal_type = "group"
  principal_id   = cloudinary_user_group.group.id
  roles = [
    { role_id = "cld::role::account::reports" },
  ]
}
`
		}, []string{"principal_type", "principal_id"}, nil, nil},
	}
}

// TestAccIdentity_importBlock imports every resource type the way users
// of Terraform 1.12 and later do: an import block with an identity
// (terraform-plugin-testing's ImportBlockWithResourceIdentity), whose plan
// must import the object with no change. Each type first creates its
// object, and the state must carry every identity attribute. make test
// runs this with Terraform 1.15.9.
func TestAccIdentity_importBlock(t *testing.T) {
	cases := identityImportCases()
	for _, typ := range providerResourceTypes(t) {
		if _, ok := cases[typ[len("cloudinary_"):]]; !ok {
			t.Errorf("resource type %s has no identity import case", typ)
		}
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			env := acctest.New(t)
			name := acctest.RandomName("tf-acc-identity")
			config := env.Config(tc.config(name))
			importConfig := config
			if tc.importConfig != nil {
				importConfig = env.Config(tc.importConfig(name))
			}
			checks := make([]statecheck.StateCheck, 0, len(tc.identity))
			for _, attr := range tc.identity {
				checks = append(checks, statecheck.ExpectIdentityValueMatchesState(tc.address, tfjsonpath.New(attr)))
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.Factories(),
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
				Steps: []resource.TestStep{
					{Config: config, ConfigStateChecks: append(checks,
						statecheck.ExpectIdentity(tc.address, identityChecks(tc.identity, tc.nullable)))},
					{
						Config:          importConfig,
						ResourceName:    tc.address,
						ImportState:     true,
						ImportStateKind: resource.ImportBlockWithResourceIdentity,
					},
				},
			})
		})
	}
}

// identityChecks expects every identity attribute to be set, but those
// that may be null; the values are compared with the state by
// ExpectIdentityValueMatchesState.
func identityChecks(attrs, nullable []string) map[string]knownvalue.Check {
	out := make(map[string]knownvalue.Check, len(attrs))
	for _, a := range attrs {
		out[a] = knownvalue.NotNull()
		if slices.Contains(nullable, a) {
			out[a] = knownvalue.Null()
		}
	}
	return out
}
