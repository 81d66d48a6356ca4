package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

func testAccValidateCedarConfig(statement string) string {
	return fmt.Sprintf(`
output "valid" {
  value = provider::cloudinary::validate_cedar(%q)
}
`, statement)
}

func TestAccValidateCedarFunction_valid(t *testing.T) {
	env := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(testAccValidateCedarConfig(
					"permit(principal == Cloudinary::User::\"1\", action, resource is Cloudinary::Folder);\nforbid(principal, action, resource);")),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("valid", knownvalue.Bool(true))},
			},
		},
	})
	if env.Emulator != nil && env.Emulator.Stats().ByOperation["validateCedarPolicy"] != 0 {
		t.Error("validate_cedar called the API; it must parse locally")
	}
}

func TestAccValidateCedarFunction_invalid(t *testing.T) {
	env := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(testAccValidateCedarConfig("permit(principal, action, resource)")),
				ExpectError: acctest.ErrorPattern(`Invalid value for "statement" parameter: statement is not valid Cedar: line 1, column 36: ` +
					`syntax error: expected ";", found the end of the statement\.`),
			},
			{
				Config:      env.Config(testAccValidateCedarConfig("permit(principal, action,\nresource) when { 1 + };")),
				ExpectError: acctest.ErrorPattern(`statement is not valid Cedar: line 2, column 23: syntax error: invalid primary \(near ";"\)`),
			},
			{
				Config:      env.Config(testAccValidateCedarConfig("  ")),
				ExpectError: acctest.ErrorPattern(`statement is not valid Cedar: the statement holds no Cedar policy`),
			},
		},
	})
}
