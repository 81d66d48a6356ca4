package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

// TestAccUnchangedPlanShortcut_answersRefreshPlans: Terraform's own refresh
// plans reach the unchanged-plan shortcut (server.go). Every acceptance test
// checks each shortcut answer against the framework's, but those checks
// would all pass, and the benchmark's gain vanish, if Terraform's prior and
// proposed states never matched byte for byte; this test fails then.
func TestAccUnchangedPlanShortcut_answersRefreshPlans(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-shortcut")
	// A type without defaults and one whose bool default holds.
	cfg := env.Config(fmt.Sprintf(`
resource "cloudinary_user_group" "test" {
  name = %[1]q
}

resource "cloudinary_user" "test" {
  name  = %[1]q
  email = "%[1]s@example.com"
  role  = "billing"
}
`, name))
	var before int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             testAccUserCheckDestroy(env),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() { before = env.ShortcutPlans.Load() },
				Config:    cfg,
				PlanOnly:  true,
			},
		},
	})
	if answered := env.ShortcutPlans.Load() - before; answered < 2 {
		t.Errorf("the shortcut answered %d plan(s) of an unchanged two-resource configuration, want at least 2", answered)
	}
}
