package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

func TestAccUserGroupsDataSource_all(t *testing.T) {
	env := acctest.New(t)
	prefix := acctest.RandomName("tf-acc-dsgroups")
	mail := func(i int) string { return fmt.Sprintf("%s-%d@example.com", prefix, i) }

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{Config: env.Config(testAccUserGroupsResources(prefix))},
			{
				// Live accounts have other groups: look only at this test's.
				Config: env.Config(testAccUserGroupsResources(prefix) + fmt.Sprintf(`
data "cloudinary_user_groups" "all" {
  depends_on = [cloudinary_user_group_members.m0, cloudinary_user_group_members.m1]
}

output "mine" {
  value = [for g in data.cloudinary_user_groups.all.user_groups : {
    name   = g.name
    emails = [for u in g.users : u.email]
    ids    = length(g.user_ids)
  } if startswith(g.name, %q)]
}
`, prefix)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("mine", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"name":   knownvalue.StringExact(prefix + "-group-0"),
							"emails": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(mail(0)), knownvalue.StringExact(mail(1))}),
							"ids":    knownvalue.Int64Exact(2),
						}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"name":   knownvalue.StringExact(prefix + "-group-1"),
							"emails": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(mail(2))}),
							"ids":    knownvalue.Int64Exact(1),
						}),
					})),
				},
			},
		},
	})
}
