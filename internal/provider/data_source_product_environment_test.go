package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

func TestAccProductEnvironmentDataSource_lookups(t *testing.T) {
	env := acctest.New(t)
	prefix := acctest.RandomName("tf-acc-pe")
	cloudName := acctest.RandomName("tfacc")
	resources := fmt.Sprintf(`
resource "cloudinary_product_environment" "a" {
  name                = "%[1]s-a"
  cloud_name          = "%[2]s-a"
  deletion_protection = false
}

resource "cloudinary_product_environment" "b" {
  name                = "%[1]s-b"
  cloud_name          = "%[2]s-b"
  enabled             = false
  deletion_protection = false
}

resource "cloudinary_product_environment" "twin1" {
  name                = "%[1]s-twin"
  deletion_protection = false
}

resource "cloudinary_product_environment" "twin2" {
  name                = "%[1]s-twin"
  deletion_protection = false
}
`, prefix, cloudName)
	lookup := func(body string) string {
		return env.Config(resources + "\ndata \"cloudinary_product_environment\" \"test\" {\n" + body + "\n}\n")
	}

	valid := env.Config(resources + `
data "cloudinary_product_environment" "by_id" {
  id = cloudinary_product_environment.a.id
}

data "cloudinary_product_environment" "by_cloud_name" {
  cloud_name = cloudinary_product_environment.b.cloud_name
}

data "cloudinary_product_environment" "by_name" {
  name = cloudinary_product_environment.a.name
}
`)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: valid,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.cloudinary_product_environment.by_id", tfjsonpath.New("name"), knownvalue.StringExact(prefix+"-a")),
					statecheck.ExpectKnownValue("data.cloudinary_product_environment.by_id", tfjsonpath.New("cloud_name"), knownvalue.StringExact(cloudName+"-a")),
					statecheck.ExpectKnownValue("data.cloudinary_product_environment.by_id", tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.cloudinary_product_environment.by_id", tfjsonpath.New("created_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("data.cloudinary_product_environment.by_id", tfjsonpath.New("updated_at"), knownvalue.NotNull()),
					statecheck.CompareValuePairs("data.cloudinary_product_environment.by_cloud_name", tfjsonpath.New("id"),
						"cloudinary_product_environment.b", tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue("data.cloudinary_product_environment.by_cloud_name", tfjsonpath.New("enabled"), knownvalue.Bool(false)),
					statecheck.CompareValuePairs("data.cloudinary_product_environment.by_name", tfjsonpath.New("id"),
						"cloudinary_product_environment.a", tfjsonpath.New("id"), compare.ValuesSame()),
				},
			},
			{
				Config:      lookup(`  name = cloudinary_product_environment.twin1.name`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorText("More than one product environment matches", fmt.Sprintf("2 product environments have the name %q", prefix+"-twin")),
			},
			{
				Config:      lookup(`  id = "no-such-id"`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorText(`No product environment has the id "no-such-id"`),
			},
			{
				Config:      lookup(`  cloud_name = "no-such-cloud-name"`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorText(`No product environment has the cloud_name "no-such-cloud-name"`),
			},
			{
				Config:      lookup(fmt.Sprintf(`  name = "%s-none"`, prefix)),
				PlanOnly:    true,
				ExpectError: acctest.ErrorText(fmt.Sprintf(`No product environment has the name "%s-none"`, prefix)),
			},
			{
				Config:      lookup(`  id = "x"` + "\n" + `  name = "y"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Exactly one of these attributes must be configured`),
			},
			{
				Config:      lookup(""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Exactly one of these attributes must be configured`),
			},
			// A valid configuration last, for the final destroy.
			{Config: valid},
		},
	})
}
