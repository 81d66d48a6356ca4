package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

// TestAccProductEnvironment_removedBlockHint: taking the block of a
// protected environment out of the configuration is refused at plan time,
// and the error offers the removed block that keeps the environment.
func TestAccProductEnvironment_removedBlockHint(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-env")
	protected := func(on bool) string {
		return env.Config(fmt.Sprintf(`
resource "cloudinary_product_environment" "test" {
  name                = %q
  deletion_protection = %t
}
`, name, on))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{Config: protected(true)},
			{
				Config: env.Config(""),
				ExpectError: acctest.ErrorText("Product environment is protected from deletion",
					"set `deletion_protection = false`",
					"If the resource block was taken out of the configuration to stop managing the environment",
					"removed {", "from = cloudinary_product_environment.<name>", "lifecycle {", "destroy = false",
					"or run terraform state rm cloudinary_product_environment.<name>"),
			},
			{Config: protected(false)},
		},
	})
}

// TestAccCustomPolicy_replacementOrder: a change that replaces a custom
// policy plans delete-then-create (the plan warns about the gap, see
// TestCustomPolicyModifyPlan_replacementWarning); with create_before_destroy
// the create is refused on the policy being replaced, and the error says so
// and what to do instead, rather than to import it.
func TestAccCustomPolicy_replacementOrder(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-policy")
	statement := testAccCustomPolicyStatement("replace")
	cfg := func(description, extra string) string {
		return env.Config(testAccCustomPolicyConfig(name, statement,
			fmt.Sprintf("  scope_type  = \"account\"\n  description = %q\n%s", description, extra)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{Config: cfg("first", "")},
			{
				Config: cfg("second", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccCustomPolicyAddr, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectKnownValue(testAccCustomPolicyAddr, tfjsonpath.New("description"), knownvalue.StringExact("second")),
					plancheck.ExpectUnknownValue(testAccCustomPolicyAddr, tfjsonpath.New("id")),
				}},
			},
			{
				Config: cfg("third", "  lifecycle {\n    create_before_destroy = true\n  }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccCustomPolicyAddr, plancheck.ResourceActionCreateBeforeDestroy),
				}},
				ExpectError: acctest.ErrorText("Unable to create custom policy",
					fmt.Sprintf("The custom policy %q", name), "already has this policy_statement",
					"If this create replaces that very policy with lifecycle { create_before_destroy = true }",
					"do not import it: it is the policy being replaced",
					"either remove create_before_destroy", "or change policy_statement in the same apply"),
			},
			{Config: cfg("third", "")},
		},
	})
}
