package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// testAccFormattingCase is one resource type written two ways that mean the
// same to Cloudinary: applying a and then planning b must plan nothing.
// Both are fmt.Sprintf formats, with %[1]s a unique tf-acc- name.
type testAccFormattingCase struct {
	name, a, b string
}

// testAccFormattingCases covers every resource type of the provider
// (TestAccPlan_formattingEquivalent checks that no type is missing). Where a
// type has no attribute with two spellings of one value, b differs from a in
// the layout of the block, the order of its attributes, and defaults spelled
// out.
//
// Differences that are NOT equivalent, and so rightly plan a change, are
// left out: the letter case of a user group name, of a role or policy name
// and of a user's display name (Cloudinary stores them as given); spaces
// around any name or description (stored as given); an empty
// custom_attributes object against none (the update sends an empty object:
// harmless, but a request); letter case or spaces in cloud_name, role ids,
// scope ids and policy parameter values (refused, or stored as given).
var testAccFormattingCases = []testAccFormattingCase{
	{
		// custom_attributes: JSON key order and spacing.
		name: "product_environment",
		a: `
resource "cloudinary_product_environment" "test" {
  name                = "%[1]s"
  deletion_protection = false
  custom_attributes   = jsonencode({ team = "web", limits = { max = 3, on = true } })
}
`,
		b: `
resource "cloudinary_product_environment" "test" {
  deletion_protection = false
  name    = "%[1]s"
  enabled = true
  custom_attributes = <<-EOT
    {"limits": { "on" : true, "max": 3 },
     "team": "web"}
  EOT
}
`,
	},
	{
		// email: letter case; product_environment_ids: order.
		name: "user",
		a: `
resource "cloudinary_product_environment" "a" {
  name                = "%[1]s-a"
  deletion_protection = false
}
resource "cloudinary_product_environment" "b" {
  name                = "%[1]s-b"
  deletion_protection = false
}
resource "cloudinary_user" "test" {
  name                    = "%[1]s"
  email                   = "%[1]s-Olivia@Example.com"
  role                    = "admin"
  product_environment_ids = [cloudinary_product_environment.a.id, cloudinary_product_environment.b.id]
}
`,
		b: `
resource "cloudinary_product_environment" "a" {
  name                = "%[1]s-a"
  deletion_protection = false
}
resource "cloudinary_product_environment" "b" {
  name                = "%[1]s-b"
  deletion_protection = false
}
resource "cloudinary_user" "test" {
  name                    = "%[1]s"
  email                   = "%[1]s-olivia@EXAMPLE.com"
  role                    = "admin"
  product_environment_ids = [cloudinary_product_environment.b.id, cloudinary_product_environment.a.id]
  enabled                 = true
}
`,
	},
	{
		// Only the layout (the name's letter case is not equivalent).
		name: "user_group",
		a: `
resource "cloudinary_user_group" "test" {
  name = "%[1]s"
}
`,
		b: `
resource "cloudinary_user_group" "test" { name = "%[1]s" } # same group
`,
	},
	{
		// Only the layout and the order of the attributes.
		name: "user_group_membership",
		a: `
resource "cloudinary_user_group" "g" {
  name = "%[1]s"
}
resource "cloudinary_user" "u" {
  name  = "%[1]s"
  email = "%[1]s@example.com"
  role  = "media_library_user"
}
resource "cloudinary_user_group_membership" "test" {
  group_id = cloudinary_user_group.g.id
  user_id  = cloudinary_user.u.id
}
`,
		b: `
resource "cloudinary_user_group" "g" {
  name = "%[1]s"
}
resource "cloudinary_user" "u" {
  name  = "%[1]s"
  email = "%[1]s@example.com"
  role  = "media_library_user"
}
resource "cloudinary_user_group_membership" "test" {
  user_id = cloudinary_user.u.id

  group_id = cloudinary_user_group.g.id
}
`,
	},
	{
		// user_ids: order.
		name: "user_group_members",
		a: `
resource "cloudinary_user_group" "g" {
  name = "%[1]s"
}
resource "cloudinary_user" "u" {
  count = 2
  name  = "%[1]s-${count.index}"
  email = "%[1]s-${count.index}@example.com"
  role  = "media_library_user"
}
resource "cloudinary_user_group_members" "test" {
  group_id = cloudinary_user_group.g.id
  user_ids = [cloudinary_user.u[0].id, cloudinary_user.u[1].id]
}
`,
		b: `
resource "cloudinary_user_group" "g" {
  name = "%[1]s"
}
resource "cloudinary_user" "u" {
  count = 2
  name  = "%[1]s-${count.index}"
  email = "%[1]s-${count.index}@example.com"
  role  = "media_library_user"
}
resource "cloudinary_user_group_members" "test" {
  group_id = cloudinary_user_group.g.id
  user_ids = reverse([cloudinary_user.u[0].id, cloudinary_user.u[1].id])
}
`,
	},
	{
		// system_policy_ids: order; a default spelled out.
		name: "role",
		a: `
resource "cloudinary_role" "test" {
  name              = "%[1]s"
  permission_type   = "global"
  scope_type        = "account"
  system_policy_ids = ["` + testAccPolicyViewUsers + `", "` + testAccPolicyViewBilling + `"]
}
resource "cloudinary_role" "content" {
  name              = "%[1]s-content"
  permission_type   = "content"
  scope_type        = "prodenv"
  system_policy_ids = ["` + testAccPolicyFolderView + `", "cld::policy::content::collection::view"]
}
`,
		b: `
resource "cloudinary_role" "test" {
  name              = "%[1]s"
  permission_type   = "global"
  scope_type        = "account"
  system_policy_ids = ["` + testAccPolicyViewBilling + `", "` + testAccPolicyViewUsers + `"]
  force_delete      = false
}
resource "cloudinary_role" "content" {
  system_policy_ids = ["cld::policy::content::collection::view", "` + testAccPolicyFolderView + `"]
  scope_type        = "prodenv"
  permission_type   = "content"
  name              = "%[1]s-content"
}
`,
	},
	{
		// Only the layout and the order of the attributes.
		name: "role_assignment",
		a: `
resource "cloudinary_product_environment" "e" {
  name                = "%[1]s"
  deletion_protection = false
}
resource "cloudinary_user_group" "g" {
  name = "%[1]s"
}
resource "cloudinary_role_assignment" "test" {
  principal_type    = "group"
  principal_id      = cloudinary_user_group.g.id
  role_id           = "cld::role::folder::editor"
  scope_id          = cloudinary_product_environment.e.id
  policy_parameters = { folder_id = "f1" }
}
`,
		b: `
resource "cloudinary_product_environment" "e" {
  name                = "%[1]s"
  deletion_protection = false
}
resource "cloudinary_user_group" "g" {
  name = "%[1]s"
}
resource "cloudinary_role_assignment" "test" {
  policy_parameters = {
    "folder_id" = "f1"
  }
  scope_id       = cloudinary_product_environment.e.id
  role_id        = "cld::role::folder::editor"
  principal_id   = cloudinary_user_group.g.id
  principal_type = "group"
}
`,
	},
	{
		// roles: order of the elements and of their attributes.
		name: "principal_roles",
		a: `
resource "cloudinary_product_environment" "e" {
  name                = "%[1]s"
  deletion_protection = false
}
resource "cloudinary_user_group" "g" {
  name = "%[1]s"
}
resource "cloudinary_principal_roles" "test" {
  principal_type = "group"
  principal_id   = cloudinary_user_group.g.id
  roles = [
    { role_id = "cld::role::account::billing" },
    { role_id = "cld::role::folder::editor", scope_id = cloudinary_product_environment.e.id, policy_parameters = { folder_id = "f1" } },
  ]
}
`,
		b: `
resource "cloudinary_product_environment" "e" {
  name                = "%[1]s"
  deletion_protection = false
}
resource "cloudinary_user_group" "g" {
  name = "%[1]s"
}
resource "cloudinary_principal_roles" "test" {
  principal_id   = cloudinary_user_group.g.id
  principal_type = "group"
  roles = [
    {
      policy_parameters = { "folder_id" = "f1" }
      scope_id          = cloudinary_product_environment.e.id
      role_id           = "cld::role::folder::editor"
    },
    { role_id = "cld::role::account::billing" },
  ]
}
`,
	},
	{
		// policy_statement: whitespace (one line against a heredoc with
		// line breaks, indentation and a trailing newline); a default
		// spelled out.
		name: "custom_policy",
		a: `
resource "cloudinary_custom_policy" "test" {
  name             = "%[1]s"
  scope_type       = "account"
  policy_statement = ` + fmt.Sprintf("%q", testAccCustomPolicyStatement("fmt")) + `
}
`,
		b: `
resource "cloudinary_custom_policy" "test" {
  name       = "%[1]s"
  scope_type = "account"
  enabled    = true
  policy_statement = <<-EOT
` + testAccCustomPolicyStatementReformatted("fmt") + `EOT
}
`,
	},
	{
		// Only the layout; a default spelled out.
		name: "access_key",
		a: `
resource "cloudinary_product_environment" "e" {
  name                = "%[1]s"
  deletion_protection = false
}
resource "cloudinary_access_key" "test" {
  product_environment_id = cloudinary_product_environment.e.id
  name                   = "%[1]s"
}
`,
		b: `
resource "cloudinary_product_environment" "e" {
  name                = "%[1]s"
  deletion_protection = false
}
resource "cloudinary_access_key" "test" {
  enabled = true
  name    = "%[1]s"

  product_environment_id = cloudinary_product_environment.e.id
}
`,
	},
}

// TestAccPlan_formattingEquivalent: for every resource type, a configuration
// that differs from the applied one only in formatting (letter case of
// emails, whitespace in Cedar, JSON key order and spacing, order of set
// elements, attribute order, defaults spelled out) plans nothing.
func TestAccPlan_formattingEquivalent(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range testAccFormattingCases {
		covered["cloudinary_"+c.name] = true
	}
	for typ := range testAccResourceSchemaAttrs(t) {
		if !covered[typ] {
			t.Errorf("%s has no case in testAccFormattingCases", typ)
		}
	}
	for _, c := range testAccFormattingCases {
		t.Run(c.name, func(t *testing.T) {
			env := acctest.New(t)
			name := acctest.RandomName("tf-acc-fmt")
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.Factories(),
				Steps: []resource.TestStep{
					{Config: env.Config(fmt.Sprintf(c.a, name))},
					{
						Config:           env.Config(fmt.Sprintf(c.b, name)),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
				},
			})
		})
	}
}

// TestAccUser_importOtherLetterCase: a user Cloudinary knows as
// ...Olivia@Example.com, imported with a configuration that spells the
// address in lower case, plans only the import: no email change, and
// pending is known (it stays as Cloudinary has it).
func TestAccUser_importOtherLetterCase(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-user")
	email := name + "-Olivia@Example.com"
	u, err := env.Client.CreateUser(t.Context(), client.UserCreateRequest{Name: name, Email: email, Role: client.Ptr("admin")})
	if err != nil {
		t.Fatal(err)
	}
	lower := strings.ToLower(email)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{{
			Config: env.Config(fmt.Sprintf(`
import {
  to = cloudinary_user.test
  id = %[1]q
}
`, lower) + testAccUserConfig(name, lower, "admin", "")),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
				plancheck.ExpectKnownValue(testAccUserAddr, tfjsonpath.New("email"), knownvalue.StringExact(email)),
				plancheck.ExpectKnownValue(testAccUserAddr, tfjsonpath.New("pending"), knownvalue.Bool(true)),
				plancheck.ExpectKnownValue(testAccUserAddr, tfjsonpath.New("id"), knownvalue.StringExact(u.ID)),
			}},
		}},
	})
}
