package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

// testAccProductEnvironmentsNames checks the names of a
// cloudinary_product_environments result, in order.
func testAccProductEnvironmentsNames(name string, want ...string) statecheck.StateCheck {
	elems := make([]knownvalue.Check, 0, len(want))
	for _, w := range want {
		elems = append(elems, knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(w)}))
	}
	return statecheck.ExpectKnownValue("data.cloudinary_product_environments."+name, tfjsonpath.New("product_environments"), knownvalue.ListExact(elems))
}

func TestAccProductEnvironmentsDataSource_filters(t *testing.T) {
	env := acctest.New(t)
	prefix := acctest.RandomName("tf-acc-pe")
	other := acctest.RandomName("tf-acc-other")
	cloudName := acctest.RandomName("tfacc")
	resources := fmt.Sprintf(`
resource "cloudinary_product_environment" "a" {
  name                = "%[1]s-a"
  cloud_name          = "%[3]s-a"
  deletion_protection = false
}

resource "cloudinary_product_environment" "b" {
  name                = "%[1]s-b"
  cloud_name          = "%[3]s-b"
  enabled             = false
  deletion_protection = false
}

resource "cloudinary_product_environment" "c" {
  name                = "%[2]s-c"
  cloud_name          = "%[3]s-c"
  deletion_protection = false
}

locals {
  all = [cloudinary_product_environment.a, cloudinary_product_environment.b, cloudinary_product_environment.c]
}
`, prefix, other, cloudName)
	a, b, c := prefix+"-a", prefix+"-b", other+"-c"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config:      env.Config(`data "cloudinary_product_environments" "test" { ids = [] }`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)ids.*set must contain at least 1 elements`),
			},
			{
				Config:      env.Config(`data "cloudinary_product_environments" "test" { prefix = "" }`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)prefix.*at least 1`),
			},
			{
				Config: env.Config(resources + fmt.Sprintf(`
data "cloudinary_product_environments" "prefix" {
  prefix     = %[1]q
  depends_on = [local.all]
}

data "cloudinary_product_environments" "disabled" {
  prefix     = upper(%[1]q)
  enabled    = false
  depends_on = [local.all]
}

data "cloudinary_product_environments" "ids" {
  ids = [cloudinary_product_environment.c.id, cloudinary_product_environment.a.id]
}

data "cloudinary_product_environments" "ids_enabled" {
  ids     = [cloudinary_product_environment.a.id, cloudinary_product_environment.b.id]
  enabled = true
}

data "cloudinary_product_environments" "cloud_names" {
  cloud_names = [cloudinary_product_environment.c.cloud_name, cloudinary_product_environment.b.cloud_name]
}

data "cloudinary_product_environments" "none" {
  prefix     = "%[1]s-nothing"
  depends_on = [local.all]
}
`, prefix)),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccProductEnvironmentsNames("prefix", a, b),
					testAccProductEnvironmentsNames("disabled", b),
					testAccProductEnvironmentsNames("ids", a, c),
					testAccProductEnvironmentsNames("ids_enabled", a),
					testAccProductEnvironmentsNames("cloud_names", b, c),
					testAccProductEnvironmentsNames("none"),
					statecheck.ExpectKnownValue("data.cloudinary_product_environments.disabled", tfjsonpath.New("product_environments").AtSliceIndex(0),
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id":         knownvalue.NotNull(),
							"name":       knownvalue.StringExact(b),
							"cloud_name": knownvalue.StringExact(cloudName + "-b"),
							"enabled":    knownvalue.Bool(false),
							"created_at": knownvalue.NotNull(),
							"updated_at": knownvalue.NotNull(),
						})),
				},
			},
		},
	})
}
