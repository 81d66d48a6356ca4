package provider_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

// TestAccPrefetch_refresh: a refresh through Terraform starts, at its first
// read, the loads of every kind the provider reads in lists, so the reads
// that follow wait for one round of them (readcache.Prefetch). With
// `prefetch = false` each kind loads at its own first read and the kinds the
// workspace does not manage cost nothing. Either way no object is read on
// its own: every read is answered from a load.
func TestAccPrefetch_refresh(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	if env.Live {
		t.Skip("counts requests on the emulator")
	}
	name := acctest.RandomName("tf-acc-prefetch")
	hcl := fmt.Sprintf(`
resource "cloudinary_product_environment" "e" {
  name                = %[1]q
  deletion_protection = false
}

resource "cloudinary_user" "u" {
  name                    = %[1]q
  email                   = "%[1]s@example.com"
  role                    = "billing"
  product_environment_ids = [cloudinary_product_environment.e.id]
}

resource "cloudinary_user_group" "g" {
  name = %[1]q
}
`, name)
	everyKind := []string{"getAccessKeys", "getCustomPolicies", "getProductEnvironments", "getUserGroups", "getUsers", "inspect"}
	managedKinds := []string{"getProductEnvironments", "getUserGroups", "getUsers"}
	refreshStep := func(settings string, want []string) resource.TestStep {
		cfg := env.ConfigWithProviderSettings(settings, hcl)
		return resource.TestStep{
			PreConfig: func() { env.Emulator.Emulator.ResetStats() },
			Config:    cfg,
			PlanOnly:  true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				refreshRequests{env: env, want: want},
			}},
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{Config: env.Config(hcl)},
			refreshStep("", everyKind),
			refreshStep("  prefetch = false", managedKinds),
			refreshStep("  prefetch = true\n  rate_limit_reserve = 0\n  max_parallel_requests = 1", everyKind),
		},
	})
}

// refreshRequests checks which operations a plan-only step sent since the
// emulator's counters were reset: its plan without refresh, then its plan
// with one. Each runs in its own provider process, whose Configure lists the
// product environments once (the credential check, kept for the reads).
type refreshRequests struct {
	env  *acctest.Env
	want []string
}

func (c refreshRequests) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	st := c.env.Emulator.Stats()
	got := slices.Sorted(maps.Keys(st.ByOperation))
	if !slices.Equal(got, c.want) {
		resp.Error = fmt.Errorf("the refresh sent %v, want exactly the operations %v", st.ByOperation, c.want)
		return
	}
	if n := st.ByOperation["getProductEnvironments"]; n != 2 {
		resp.Error = fmt.Errorf("getProductEnvironments sent %d times, want 2 (one Configure per plan; the refresh reuses its list): %v", n, st.ByOperation)
	}
}

// TestAccPrefetch_settingsValidated: the flow settings fail the plan, before
// any request, with the attribute and what it allows.
func TestAccPrefetch_settingsValidated(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := acctest.New(t)
	hcl := `resource "cloudinary_user_group" "g" {
  name = "tf-acc-prefetch-never-created"
}
`
	step := func(settings, want string) resource.TestStep {
		return resource.TestStep{
			Config:      env.ConfigWithProviderSettings(settings, hcl),
			PlanOnly:    true,
			ExpectError: acctest.ErrorText(want),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			step("  max_parallel_requests = 0", "Attribute max_parallel_requests value must be between 1 and 64, got: 0"),
			step("  max_parallel_requests = 65", "Attribute max_parallel_requests value must be between 1 and 64, got: 65"),
			step("  rate_limit_reserve = -1", "Attribute rate_limit_reserve value must be at least 0, got: -1"),
		},
	})
	if n := env.Requests().Total; n != 0 {
		t.Errorf("invalid settings sent %d API requests, want none", n)
	}
}
