package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/cedarlimit"
)

// Statements that overflow cedar-go's recursive parser (a Go stack overflow
// is fatal: the plugin would crash) are refused by the size and nesting
// bounds of cedarlimit before any parse, with a message naming the bound.

// testAccCedarLimitPolicy wraps a condition in a policy that parses.
func testAccCedarLimitPolicy(cond string) string {
	return "permit(principal, action, resource) when { " + cond + " };"
}

// testAccCedarOneMiB is 1 MiB of nested parentheses in a policy, and
// testAccCedarBangs 990,000 `!` in one: both overflow cedar-go's stack.
var (
	testAccCedarOneMiB = testAccCedarLimitPolicy(strings.Repeat("(", 1<<19) + "true" + strings.Repeat(")", 1<<19))
	testAccCedarBangs  = testAccCedarLimitPolicy(strings.Repeat("!", 990000) + "true")
	// testAccCedarTooDeep is within the size bound, one level too deep.
	testAccCedarTooDeep = testAccCedarLimitPolicy(strings.Repeat("(", cedarlimit.MaxDepth) + "true" + strings.Repeat(")", cedarlimit.MaxDepth))
	// testAccCedarAtDepth is as deep as the bound allows.
	testAccCedarAtDepth = testAccCedarLimitPolicy(strings.Repeat("(", cedarlimit.MaxDepth-1) + "true" + strings.Repeat(")", cedarlimit.MaxDepth-1))
)

func testAccCedarSizeError(name string, size int) string {
	return fmt.Sprintf(`%s is %d bytes; Cedar statements are limited to %d bytes`, name, size, cedarlimit.MaxBytes)
}

// TestAccCustomPolicy_cedarLimits: validate/plan of a custom policy whose
// statement exceeds a bound fails with the bound (and the attribute) instead
// of crashing the provider, without any request to the API.
func TestAccCustomPolicy_cedarLimits(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-policy")
	step := func(statement, want string) resource.TestStep {
		return resource.TestStep{
			Config:      env.Config(testAccCustomPolicyConfig(name, statement, `  scope_type = "account"`)),
			PlanOnly:    true,
			ExpectError: acctest.ErrorPattern(want),
		}
	}
	// The heredoc of testAccCustomPolicyConfig ends the statement with a
	// newline.
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			step(testAccCedarOneMiB, `Cedar policy statement too large[\s\S]*`+
				testAccCedarSizeError("policy_statement", len(testAccCedarOneMiB)+1)+`\.`),
			step(testAccCedarBangs, testAccCedarSizeError("policy_statement", len(testAccCedarBangs)+1)),
			step(testAccCedarTooDeep, `Cedar policy statement nested too deeply[\s\S]*policy_statement: nesting depth 65 `+
				`exceeds the limit of 64 \(brackets, parentheses, braces and unary ! or - operators nested in one `+
				`another\), first exceeded at line 1, column `+fmt.Sprint(len("permit(principal, action, resource) when { ")+cedarlimit.MaxDepth)+`\.`),
			// A statement at the bound goes on to the parser, which
			// accepts it; the plan then fails on something else.
			step(testAccCedarAtDepth+"\npermit(", `policy_statement is not valid Cedar: line 2`),
		},
	})
	expectNoPermissionsWrites(t, env)
	if env.Emulator != nil {
		if n := env.Emulator.Stats().Total; n != 0 {
			t.Errorf("validation sent %d requests; the bounds are checked locally: %v", n, env.Emulator.Stats().ByOperation)
		}
	}
}

// TestAccValidateCedarFunction_limits: provider::cloudinary::validate_cedar
// fails with the bound on the same statements, and accepts a statement at
// the bounds.
func TestAccValidateCedarFunction_limits(t *testing.T) {
	env := acctest.New(t)
	step := func(statement, want string) resource.TestStep {
		return resource.TestStep{
			Config:      env.Config(testAccValidateCedarConfig(statement)),
			ExpectError: acctest.ErrorPattern(want),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			step(testAccCedarOneMiB, `Invalid value for "statement" parameter: `+testAccCedarSizeError("statement", len(testAccCedarOneMiB))),
			step(testAccCedarBangs, testAccCedarSizeError("statement", len(testAccCedarBangs))),
			step(strings.Repeat("!", 990000), testAccCedarSizeError("statement", 990000)),
			step(testAccCedarTooDeep, `Invalid value for "statement" parameter: statement: nesting depth 65 exceeds the limit of 64`),
			{
				Config:            env.Config(testAccValidateCedarConfig(testAccCedarAtDepth)),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("valid", knownvalue.Bool(true))},
			},
		},
	})
}
