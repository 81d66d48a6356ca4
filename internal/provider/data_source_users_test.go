package provider_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

// testAccUsersEmails expects an output listing exactly these emails, in order.
func testAccUsersEmails(output string, emails ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, 0, len(emails))
	for _, e := range emails {
		checks = append(checks, knownvalue.StringExact(e))
	}
	return statecheck.ExpectKnownOutputValue(output, knownvalue.ListExact(checks))
}

func TestAccUsersDataSource_filters(t *testing.T) {
	env := acctest.New(t)
	envA, envB := testAccTempProductEnvironment(t, env), testAccTempProductEnvironment(t, env)
	prefix := acctest.RandomName("tf-acc-dsusers")
	mail := func(i int) string { return fmt.Sprintf("%s-%d@example.com", prefix, i) }
	// u0 reaches envA only, u1 envB only, u2 every environment.
	resources := fmt.Sprintf(`
locals {
  envs = [[%[2]q], [%[3]q], null]
}

resource "cloudinary_user" "u" {
  count                   = 3
  name                    = "%[1]s-${count.index}"
  email                   = "%[1]s-${count.index}@example.com"
  role                    = "reports"
  product_environment_ids = local.envs[count.index]
}
`, prefix, envA, envB)
	emails := func(name string) string {
		return fmt.Sprintf(`
output %[1]q {
  value = [for u in data.cloudinary_users.%[1]s.users : u.email]
}
`, name)
	}
	filters := resources + fmt.Sprintf(`
data "cloudinary_users" "by_prefix" {
  prefix     = upper(%[1]q)
  depends_on = [cloudinary_user.u]
}

data "cloudinary_users" "by_ids" {
  ids = [cloudinary_user.u[2].id, cloudinary_user.u[0].id]
}

data "cloudinary_users" "by_emails" {
  emails     = [upper(%[2]q)]
  depends_on = [cloudinary_user.u]
}

data "cloudinary_users" "in_env" {
  prefix                 = %[1]q
  product_environment_id = %[3]q
  depends_on             = [cloudinary_user.u]
}

data "cloudinary_users" "ids_in_env" {
  ids                    = cloudinary_user.u[*].id
  product_environment_id = %[4]q
}

data "cloudinary_users" "ids_and_prefix" {
  ids    = cloudinary_user.u[*].id
  prefix = "no-such-prefix"
}

data "cloudinary_users" "pending" {
  prefix     = %[1]q
  pending    = true
  depends_on = [cloudinary_user.u]
}

data "cloudinary_users" "accepted" {
  prefix     = %[1]q
  pending    = false
  depends_on = [cloudinary_user.u]
}
`, prefix, mail(1), envA, envB) +
		emails("by_prefix") + emails("by_ids") + emails("by_emails") + emails("in_env") +
		emails("ids_in_env") + emails("ids_and_prefix") + emails("pending") + emails("accepted")
	var u2 string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config:            env.Config(resources),
				ConfigStateChecks: []statecheck.StateCheck{acctest.Capture("cloudinary_user.u[2]", "id", &u2)},
			},
			{
				Config: env.Config(filters),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccUsersEmails("by_prefix", mail(0), mail(1), mail(2)),
					testAccUsersEmails("by_ids", mail(0), mail(2)),
					testAccUsersEmails("by_emails", mail(1)),
					testAccUsersEmails("in_env", mail(0), mail(2)),
					testAccUsersEmails("ids_in_env", mail(1), mail(2)),
					testAccUsersEmails("ids_and_prefix"),
					testAccUsersEmails("pending", mail(0), mail(1), mail(2)),
					testAccUsersEmails("accepted"),
					statecheck.ExpectKnownValue("data.cloudinary_users.by_ids", tfjsonpath.New("users").AtSliceIndex(0),
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id":                       knownvalue.NotNull(),
							"name":                     knownvalue.StringExact(prefix + "-0"),
							"email":                    knownvalue.StringExact(mail(0)),
							"role":                     knownvalue.StringExact("reports"),
							"enabled":                  knownvalue.Bool(true),
							"pending":                  knownvalue.Bool(true),
							"last_login":               knownvalue.Null(),
							"created_at":               knownvalue.NotNull(),
							"all_product_environments": knownvalue.Bool(false),
						})),
					statecheck.ExpectKnownValue("data.cloudinary_users.by_ids", tfjsonpath.New("users").AtSliceIndex(1).AtMapKey("all_product_environments"),
						knownvalue.Bool(true)),
				},
			},
			{
				SkipFunc: func() (bool, error) { return env.Live, nil },
				PreConfig: func() {
					if err := env.Emulator.Emulator.SimulateLogin(u2, time.Now()); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.Config(filters),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccUsersEmails("pending", mail(0), mail(1)),
					testAccUsersEmails("accepted", mail(2)),
				},
			},
		},
	})
}

func TestAccUsersDataSource_errors(t *testing.T) {
	env := acctest.New(t)
	step := func(cfg string, want ...string) resource.TestStep {
		return resource.TestStep{Config: env.Config(cfg), ExpectError: acctest.ErrorText(want...)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			step(`
data "cloudinary_users" "x" {
  product_environment_id = "no-such-environment"
}`, `Unable to list users`, `no-such-environment`),
			step(`
data "cloudinary_users" "x" {
  emails = ["not-an-email"]
}`, `emails`, `must be an email address`),
			step(`
data "cloudinary_users" "x" {
  ids = []
}`, `Attribute ids set must contain at least 1 elements`),
			step(`
data "cloudinary_users" "x" {
  prefix = ""
}`, `Attribute prefix must not be empty`),
		},
	})
}
