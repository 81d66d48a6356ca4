package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

func TestAccAccessKeysDataSource_basic(t *testing.T) {
	env := acctest.New(t)
	cloudName := acctest.RandomName("tfacc")
	resources := fmt.Sprintf(`
resource "cloudinary_product_environment" "env" {
  name                = %[1]q
  cloud_name          = %[1]q
  deletion_protection = false
}

resource "cloudinary_access_key" "k1" {
  product_environment_id = cloudinary_product_environment.env.id
  name                   = "k1"
}

resource "cloudinary_access_key" "k2" {
  product_environment_id = cloudinary_product_environment.env.id
  name                   = "k2"
  enabled                = false
}
`, cloudName)
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.cloudinary_access_keys.test", tfjsonpath.New("access_keys"), knownvalue.SetPartial([]knownvalue.Check{
			knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"name": knownvalue.StringExact("k1"), "enabled": knownvalue.Bool(true),
				"api_key": knownvalue.NotNull(), "api_secret": knownvalue.NotNull(),
				"created_at": knownvalue.NotNull(), "updated_at": knownvalue.NotNull(),
			}),
			knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("k2"), "enabled": knownvalue.Bool(false)}),
		})),
		statecheck.ExpectSensitiveValue("data.cloudinary_access_keys.test", tfjsonpath.New("access_keys").AtSliceIndex(0).AtMapKey("api_secret")),
	}
	if !env.Live {
		// The emulator, like the document's example, gives a new environment
		// one unnamed key; the real service may differ.
		checks = append(checks, statecheck.ExpectKnownValue("data.cloudinary_access_keys.test", tfjsonpath.New("access_keys"), knownvalue.ListSizeExact(3)))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(resources + `
data "cloudinary_access_keys" "test" {
  product_environment_id = cloudinary_product_environment.env.id
  depends_on             = [cloudinary_access_key.k1, cloudinary_access_key.k2]
}
`),
				ConfigStateChecks: checks,
			},
			{
				Config: env.Config(resources + `
data "cloudinary_access_keys" "test" {
  product_environment_id = "no-such-environment"
}
`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorText("Product environment not found", "No product environment has the id no-such-environment"),
			},
		},
	})
}
