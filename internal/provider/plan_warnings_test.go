package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

// TestAccPlan_costWarningsInTheCLI: the warnings that say what a change
// costs reach the user the way a pipeline shows them, in the output of
// `terraform plan` with the real binary and a build of the provider: a
// cloud_name change (every delivery URL changes) and a change that
// replaces a custom policy (deleted before it is created again). A plan
// without such a change shows neither.
func TestAccPlan_costWarningsInTheCLI(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	tfBin := terraformBinary(t)
	env := newControlledEnv(t)
	t.Parallel()
	providerDir := buildProvider(t)
	name := "tfcost-" + randomSuffix(8)
	config := func(cloudName, description string) string {
		return fmt.Sprintf(`terraform {
  required_providers {
    cloudinary = {
      source = "cloudinary-terraform/cloudinary"
    }
  }
}

%s
resource "cloudinary_product_environment" "env" {
  name                = %q
  cloud_name          = %q
  deletion_protection = false
}

resource "cloudinary_custom_policy" "policy" {
  name             = "%[2]s-policy"
  scope_type       = "account"
  description      = %[4]q
  policy_statement = %[5]q
}
`, env.Emulator.ProviderConfig(), name, cloudName, description, testAccCustomPolicyStatement("cost"))
	}
	const (
		cloudNameWarning = "Warning: Changing cloud_name changes every delivery URL of the environment"
		policyWarning    = "Warning: Replacing custom policy"
	)

	tf := newCLIWorkspace(t, tfBin, providerDir)
	tf.Write("main.tf", config(name, "first"))
	tf.MustRun(0, "apply", "-auto-approve", "-no-color", "-input=false")
	unchanged := tf.MustRun(0, "plan", "-detailed-exitcode", "-no-color", "-input=false")
	if strings.Contains(unchanged, cloudNameWarning) || strings.Contains(unchanged, policyWarning) {
		t.Errorf("a plan with no change warns of a cost:\n%s", unchanged)
	}

	tf.Write("main.tf", config(name+"-new", "second"))
	plan := tf.MustRun(2, "plan", "-detailed-exitcode", "-no-color", "-input=false") // 2: changes
	for _, want := range []string{
		cloudNameWarning, fmt.Sprintf("from %q to %q", name, name+"-new"),
		policyWarning + fmt.Sprintf(" %q deletes it before creating it again", name+"-policy"),
		"1 to add, 1 to change, 1 to destroy",
	} {
		if !strings.Contains(strings.Join(strings.Fields(plan), " "), want) {
			t.Errorf("the plan output has no %q:\n%s", want, plan)
		}
	}
}
