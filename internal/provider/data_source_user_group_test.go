package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

// testAccUserGroupsResources: groups g[0] (users 0 and 1) and g[1] (user 2).
func testAccUserGroupsResources(prefix string) string {
	return fmt.Sprintf(`
resource "cloudinary_user" "u" {
  count = 3
  name  = "%[1]s-${count.index}"
  email = "%[1]s-${count.index}@example.com"
  role  = "media_library_user"
}

resource "cloudinary_user_group" "g" {
  count = 2
  name  = "%[1]s-group-${count.index}"
}

resource "cloudinary_user_group_members" "m0" {
  group_id = cloudinary_user_group.g[0].id
  user_ids = [cloudinary_user.u[1].id, cloudinary_user.u[0].id]
}

resource "cloudinary_user_group_members" "m1" {
  group_id = cloudinary_user_group.g[1].id
  user_ids = [cloudinary_user.u[2].id]
}
`, prefix)
}

func TestAccUserGroupDataSource_lookups(t *testing.T) {
	env := acctest.New(t)
	prefix := acctest.RandomName("tf-acc-dsgroup")
	mail := func(i int) string { return fmt.Sprintf("%s-%d@example.com", prefix, i) }

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{Config: env.Config(testAccUserGroupsResources(prefix))},
			{
				Config: env.Config(testAccUserGroupsResources(prefix) + `
data "cloudinary_user_group" "by_id" {
  id         = cloudinary_user_group.g[0].id
  depends_on = [cloudinary_user_group_members.m0]
}

data "cloudinary_user_group" "by_name" {
  name       = cloudinary_user_group.g[1].name
  depends_on = [cloudinary_user_group_members.m1]
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.cloudinary_user_group.by_id", tfjsonpath.New("name"), knownvalue.StringExact(prefix+"-group-0")),
					statecheck.ExpectKnownValue("data.cloudinary_user_group.by_id", tfjsonpath.New("users"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.NotNull(), "name": knownvalue.StringExact(prefix + "-0"), "email": knownvalue.StringExact(mail(0)),
						}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.NotNull(), "name": knownvalue.StringExact(prefix + "-1"), "email": knownvalue.StringExact(mail(1)),
						}),
					})),
					statecheck.CompareValuePairs("data.cloudinary_user_group.by_id", tfjsonpath.New("user_ids"),
						"cloudinary_user_group_members.m0", tfjsonpath.New("user_ids"), compare.ValuesSame()),
					statecheck.CompareValuePairs("data.cloudinary_user_group.by_name", tfjsonpath.New("id"),
						"cloudinary_user_group.g[1]", tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.CompareValuePairs("data.cloudinary_user_group.by_name", tfjsonpath.New("user_ids"),
						"cloudinary_user_group_members.m1", tfjsonpath.New("user_ids"), compare.ValuesSame()),
					statecheck.ExpectKnownValue("data.cloudinary_user_group.by_name", tfjsonpath.New("users"), knownvalue.ListSizeExact(1)),
				},
			},
		},
	})
}

func TestAccUserGroupDataSource_errors(t *testing.T) {
	env := acctest.New(t)
	missing := acctest.RandomName("tf-acc-nogroup")
	step := func(cfg string, want ...string) resource.TestStep {
		return resource.TestStep{Config: env.Config(cfg), ExpectError: acctest.ErrorText(want...)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			step(`
data "cloudinary_user_group" "x" {
  id = "no-such-group-id"
}`, `User group not found`, `No user group with id "no-such-group-id" exists`),
			step(fmt.Sprintf(`
data "cloudinary_user_group" "x" {
  name = %q
}`, missing), `User group not found`, fmt.Sprintf(`No user group named %q exists`, missing)),
			step(`
data "cloudinary_user_group" "x" {
  id   = "a"
  name = "b"
}`, `Invalid Attribute Combination`, `Exactly one of these attributes must be configured: [id,name]`),
			step(`
data "cloudinary_user_group" "x" {
}`, `Missing Attribute Configuration`, `Exactly one of these attributes must be configured: [id,name]`),
			step(`
data "cloudinary_user_group" "x" {
  name = ""
}`, `Attribute name must not be empty`),
		},
	})
}
