package provider_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

func TestAccUserDataSource_lookups(t *testing.T) {
	env := acctest.New(t)
	envA := testAccTempProductEnvironment(t, env)
	prefix := acctest.RandomName("tf-acc-dsuser")
	email := prefix + "@example.com"
	resources := fmt.Sprintf(`
resource "cloudinary_user" "u" {
  name                    = %[1]q
  email                   = %[2]q
  role                    = "admin"
  product_environment_ids = [%[3]q]
}

resource "cloudinary_user_group" "g" {
  name = %[1]q
}

resource "cloudinary_user_group_membership" "m" {
  group_id = cloudinary_user_group.g.id
  user_id  = cloudinary_user.u.id
}
`, prefix, email, envA)
	lookups := resources + `
data "cloudinary_user" "by_id" {
  id         = cloudinary_user.u.id
  depends_on = [cloudinary_user_group_membership.m]
}

data "cloudinary_user" "by_email" {
  email      = upper(cloudinary_user.u.email)
  depends_on = [cloudinary_user_group_membership.m]
}
`
	var uid, gid string
	expect := func(addr, attr string, v knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), v)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(resources),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Capture("cloudinary_user.u", "id", &uid),
					acctest.Capture("cloudinary_user_group.g", "id", &gid),
				},
			},
			{
				Config: env.Config(lookups),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs("data.cloudinary_user.by_id", tfjsonpath.New("email"),
						"cloudinary_user.u", tfjsonpath.New("email"), compare.ValuesSame()),
					expect("data.cloudinary_user.by_id", "name", knownvalue.StringExact(prefix)),
					expect("data.cloudinary_user.by_id", "role", knownvalue.StringExact("admin")),
					expect("data.cloudinary_user.by_id", "enabled", knownvalue.Bool(true)),
					expect("data.cloudinary_user.by_id", "pending", knownvalue.Bool(true)),
					expect("data.cloudinary_user.by_id", "last_login", knownvalue.Null()),
					expect("data.cloudinary_user.by_id", "created_at", knownvalue.NotNull()),
					expect("data.cloudinary_user.by_id", "updated_at", knownvalue.NotNull()),
					expect("data.cloudinary_user.by_id", "all_product_environments", knownvalue.Bool(false)),
					expect("data.cloudinary_user.by_id", "product_environment_ids", knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(envA)})),
					expect("data.cloudinary_user.by_id", "groups", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.NotNull(), "name": knownvalue.StringExact(prefix),
						}),
					})),
					statecheck.CompareValuePairs("data.cloudinary_user.by_email", tfjsonpath.New("id"),
						"cloudinary_user.u", tfjsonpath.New("id"), compare.ValuesSame()),
					expect("data.cloudinary_user.by_email", "email", knownvalue.StringExact(strings.ToUpper(email))),
					expect("data.cloudinary_user.by_email", "groups", knownvalue.ListSizeExact(1)),
					expect("data.cloudinary_user.by_email", "product_environment_ids", knownvalue.SetSizeExact(1)),
				},
			},
			{
				// The volatile fields the resource leaves out are here.
				SkipFunc: func() (bool, error) { return env.Live, nil },
				PreConfig: func() {
					if err := env.Emulator.Emulator.SimulateLogin(uid, time.Date(2025, 6, 7, 8, 9, 10, 0, time.UTC)); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.Config(lookups),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("data.cloudinary_user.by_id", "pending", knownvalue.Bool(false)),
					expect("data.cloudinary_user.by_id", "last_login", knownvalue.StringExact("2025-06-07T08:09:10Z")),
					expect("data.cloudinary_user.by_email", "last_login", knownvalue.StringExact("2025-06-07T08:09:10Z")),
				},
			},
		},
	})
}

func TestAccUserDataSource_errors(t *testing.T) {
	env := acctest.New(t)
	missing := acctest.RandomEmail("tf-acc-nobody")
	step := func(cfg string, want ...string) resource.TestStep {
		return resource.TestStep{Config: env.Config(cfg), ExpectError: acctest.ErrorText(want...)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			step(`
data "cloudinary_user" "x" {
  id = "no-such-user-id"
}`, `User not found`, `No user with id "no-such-user-id" exists`),
			step(fmt.Sprintf(`
data "cloudinary_user" "x" {
  email = %q
}`, missing), `User not found`, fmt.Sprintf(`No user with email %q exists`, missing)),
			step(`
data "cloudinary_user" "x" {
  id    = "a"
  email = "a@example.com"
}`, `Invalid Attribute Combination`, `Exactly one of these attributes must be configured: [id,email]`),
			step(`
data "cloudinary_user" "x" {
}`, `Missing Attribute Configuration`, `Exactly one of these attributes must be configured: [id,email]`),
			step(`
data "cloudinary_user" "x" {
  email = "not-an-email"
}`, `Attribute email must be an email address`),
		},
	})
}
