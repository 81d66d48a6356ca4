package provider_test

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/planshortcut"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/provider"
)

// Every resource type of the provider is answered by the shortcut, each
// with its bool defaults: a type that gains a default the shortcut cannot
// check, or a ModifyPlan that does not declare it leaves unchanged plans
// alone, drops out and fails this test (its plans would cost the framework's
// walk again, silently).
func TestShortcutTypes(t *testing.T) {
	got := planshortcut.AnsweredTypes(t.Context(), provider.New("test")())
	want := map[string]map[string]bool{
		"cloudinary_access_key":            {"enabled": true},
		"cloudinary_custom_policy":         {"enabled": true},
		"cloudinary_role":                  {"force_delete": false},
		"cloudinary_user":                  {"enabled": true},
		"cloudinary_user_group":            {},
		"cloudinary_user_group_members":    {},
		"cloudinary_user_group_membership": {},
		"cloudinary_role_assignment":       {},
		"cloudinary_principal_roles":       {},
		"cloudinary_product_environment":   {"enabled": true, "deletion_protection": true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("types answered by the shortcut, with their bool defaults:\n got %v\nwant %v (types %v)", got, want, slices.Sorted(maps.Keys(got)))
	}
}

// Every resource type's current-version states are answered by the upgrade
// shortcut (internal/planshortcut/upgrade.go), at the version pinned here: a
// type that drops out, or bumps its version, fails this test.
func TestUpgradedTypes(t *testing.T) {
	got := planshortcut.UpgradedTypes(t.Context(), provider.New("test")())
	want := map[string]int64{}
	for name := range planshortcut.AnsweredTypes(t.Context(), provider.New("test")()) {
		want[name] = 0
	}
	if len(want) != 10 || !reflect.DeepEqual(got, want) {
		t.Errorf("types whose states the upgrade shortcut answers, with their versions:\n got %v\nwant %v", got, want)
	}
}

// TestAccUnchangedPlanShortcut_answersRefreshPlans: Terraform's own refresh
// plans reach the unchanged-plan shortcut (internal/planshortcut). Every
// acceptance test checks each shortcut answer against the framework's, but
// those checks would all pass, and the benchmark's gain vanish, if
// Terraform's prior and proposed states never matched byte for byte; this
// test fails then.
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
	var before, upgradesBefore, readsBefore int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					before, upgradesBefore, readsBefore = env.Shortcut.Plans.Load(), env.Shortcut.Upgrades.Load(), env.Shortcut.Reads.Load()
				},
				Config:   cfg,
				PlanOnly: true,
			},
		},
	})
	if answered := env.Shortcut.Plans.Load() - before; answered < 2 {
		t.Errorf("the shortcut answered %d plan(s) of an unchanged two-resource configuration, want at least 2", answered)
	}
	// And the upgrade shortcut answered their stored states, which
	// Terraform then decoded from the JSON (the verifying server answers the
	// shortcut's JSON when the framework agrees).
	if upgraded := env.Shortcut.Upgrades.Load() - upgradesBefore; upgraded < 2 {
		t.Errorf("the upgrade shortcut answered %d state(s) of an unchanged two-resource configuration, want at least 2", upgraded)
	}
	// And the read shortcut answered their refreshes, which the verifying
	// server checked against the framework's reads.
	if reads := env.Shortcut.Reads.Load() - readsBefore; reads < 2 {
		t.Errorf("the read shortcut answered %d read(s) of an unchanged two-resource configuration, want at least 2", reads)
	}
}

// The read shortcut answers the refresh of every resource type: a plan of
// an unchanged account with one object of each is answered, type by type,
// without the framework's Read, and the verifying server checks each answer
// against the Read it skips. A type added to the provider without a
// readsUnchanged (read_unchanged.go), or whose answer stops holding (say a
// toState that no longer keeps the prior state as it is), fails here: its
// refreshes would cost the framework's read path again, silently.
func TestAccReadShortcut_answersEveryResourceType(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-reads")
	cfg := env.Config(fmt.Sprintf(`
resource "cloudinary_product_environment" "env" {
  name                = %[1]q
  deletion_protection = false
}

resource "cloudinary_access_key" "key" {
  product_environment_id = cloudinary_product_environment.env.id
  name                   = %[1]q
}

resource "cloudinary_user" "user" {
  name  = %[1]q
  email = "%[1]s@example.com"
  role  = "billing"
}

resource "cloudinary_user_group" "one" {
  name = "%[1]s-one"
}

resource "cloudinary_user_group" "two" {
  name = "%[1]s-two"
}

resource "cloudinary_user_group_membership" "member" {
  group_id = cloudinary_user_group.one.id
  user_id  = cloudinary_user.user.id
}

resource "cloudinary_user_group_members" "members" {
  group_id = cloudinary_user_group.two.id
  user_ids = [cloudinary_user.user.id]
}

data "cloudinary_system_policies" "account" {
  permission_type = "global"
  scope_type      = "account"
}

resource "cloudinary_role" "role" {
  name              = %[1]q
  permission_type   = "global"
  scope_type        = "account"
  system_policy_ids = [data.cloudinary_system_policies.account.policies[0].id]
}

resource "cloudinary_role_assignment" "assignment" {
  principal_type = "user"
  principal_id   = cloudinary_user.user.id
  role_id        = cloudinary_role.role.id
}

resource "cloudinary_principal_roles" "roles" {
  principal_type = "group"
  principal_id   = cloudinary_user_group.two.id
  roles          = [{ role_id = cloudinary_role.role.id }]
}

resource "cloudinary_custom_policy" "policy" {
  name       = %[1]q
  scope_type = "account"

  policy_statement = <<-EOT
    permit (
      principal in Cloudinary::Group::"${cloudinary_user_group.one.id}",
      action == Cloudinary::Action::"read",
      resource is Cloudinary::Group
    );
  EOT
}
`, name))
	types := slices.Sorted(maps.Keys(planshortcut.UpgradedTypes(t.Context(), provider.New("test")())))
	before := map[string]int64{}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					for _, typ := range types {
						before[typ] = env.Shortcut.ReadsOf(typ)
					}
				},
				Config:   cfg,
				PlanOnly: true,
			},
		},
	})
	for _, typ := range types {
		if n := env.Shortcut.ReadsOf(typ) - before[typ]; n < 1 {
			t.Errorf("the read shortcut answered %d refresh(es) of %s in an unchanged plan, want at least 1", n, typ)
		}
	}
}
