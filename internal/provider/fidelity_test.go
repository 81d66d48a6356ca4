package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// Acceptance tests of what users meet from the behaviours of
// internal/emulator/FIDELITY.md (the real service departing from the
// OpenAPI document).

// Row 4: Cloudinary returns custom_attributes, so a change made outside
// Terraform is drift, with or without custom_attributes in the
// configuration, and an import reads them.
func TestAccProductEnvironment_customAttributesDrift(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-pe")
	cloudName := acctest.RandomName("tfacc")
	withAttrs := env.Config(testAccProductEnvironmentConfig(name, cloudName, `  custom_attributes = jsonencode({ team = "web" })`))
	without := env.Config(testAccProductEnvironmentConfig(name, cloudName, ""))
	var id string
	outOfBand := func(attrs map[string]any) func() {
		return func() {
			if _, err := env.Client.UpdateProductEnvironment(t.Context(), id, client.ProductEnvironmentUpdateRequest{CustomAttributes: attrs}); err != nil {
				t.Fatalf("out-of-band update: %v", err)
			}
		}
	}
	attrsAre := func(want string) []statecheck.StateCheck {
		return []statecheck.StateCheck{statecheck.ExpectKnownValue(testAccProductEnvironmentAddr,
			tfjsonpath.New("custom_attributes"), knownvalue.StringExact(want))}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: withAttrs,
				ConfigStateChecks: append(attrsAre(`{"team":"web"}`),
					acctest.Capture(testAccProductEnvironmentAddr, "id", &id)),
			},
			{
				// Changed outside Terraform: the plan puts them back.
				PreConfig: outOfBand(map[string]any{"team": "ops"}),
				Config:    withAttrs,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccProductEnvironmentAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("custom_attributes"), knownvalue.StringExact(`{"team":"web"}`)),
				}},
				ConfigStateChecks: attrsAre(`{"team":"web"}`),
			},
			{
				// An import reads them (they used to be left null).
				ResourceName:            testAccProductEnvironmentAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"base_product_environment_id", "deletion_protection"},
			},
			{
				// Removed from the configuration: cleared, and an empty
				// object then counts as none.
				Config: without,
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(testAccProductEnvironmentAddr,
					tfjsonpath.New("custom_attributes"), knownvalue.Null())},
			},
			{
				Config:   without,
				PlanOnly: true,
			},
			{
				// Set outside Terraform while the configuration has none:
				// drift too, and the apply clears them.
				PreConfig: outOfBand(map[string]any{"added": 1}),
				Config:    without,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccProductEnvironmentAddr, plancheck.ResourceActionUpdate),
				}},
			},
		},
	})
}

// Row 5: the access keys data source says which key is the root key, and
// destroying a cloudinary_access_key that is the root key fails with an
// error that says why and what to do.
func TestAccAccessKeys_rootKey(t *testing.T) {
	env := acctest.New(t)
	cloudName := acctest.RandomName("tfacc")
	base := fmt.Sprintf(`
resource "cloudinary_product_environment" "env" {
  name                = %[1]q
  cloud_name          = %[1]q
  deletion_protection = false
}

resource "cloudinary_access_key" "ci" {
  product_environment_id = cloudinary_product_environment.env.id
  name                   = "ci"
}

data "cloudinary_access_keys" "test" {
  product_environment_id = cloudinary_product_environment.env.id
  depends_on             = [cloudinary_access_key.ci]
}
`, cloudName)
	withRoot := base + `
resource "cloudinary_access_key" "root" {
  product_environment_id = cloudinary_product_environment.env.id
}
`
	var envID, rootKey string
	findRoot := func(s *terraform.State) error {
		ds := s.RootModule().Resources["data.cloudinary_access_keys.test"]
		if ds == nil {
			return fmt.Errorf("no data source in state")
		}
		for i := 0; ; i++ {
			key, ok := ds.Primary.Attributes[fmt.Sprintf("access_keys.%d.api_key", i)]
			if !ok {
				break
			}
			if ds.Primary.Attributes[fmt.Sprintf("access_keys.%d.root", i)] == "true" {
				rootKey = key
			}
		}
		if rootKey == "" {
			return fmt.Errorf("no key has root = true: %v", ds.Primary.Attributes)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(base),
				Check:  findRoot,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Capture("cloudinary_product_environment.env", "id", &envID),
					statecheck.ExpectKnownValue("data.cloudinary_access_keys.test", tfjsonpath.New("access_keys"), knownvalue.SetPartial([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("ci"), "root": knownvalue.Bool(false)}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"root": knownvalue.Bool(true)}),
					})),
				},
			},
			{
				// Adopt the root key.
				Config:             env.Config(withRoot),
				ResourceName:       "cloudinary_access_key.root",
				ImportState:        true,
				ImportStatePersist: true,
				ImportStateIdFunc:  func(*terraform.State) (string, error) { return envID + "/" + rootKey, nil },
			},
			{
				// Dropping it from the configuration would delete it.
				Config:      env.Config(base),
				ExpectError: regexp.MustCompile(`(?s)Cannot delete the root access key.*root access key of product\s+environment.*terraform state rm`),
			},
			{
				// Clean up: delete the environment (and so its keys) out of
				// band; the refresh finds everything gone.
				PreConfig: func() {
					if err := env.Client.DeleteProductEnvironment(t.Context(), envID); err != nil {
						t.Fatalf("deleting the environment: %v", err)
					}
				},
				Config: env.Config(""),
			},
		},
	})
}

// Row 7: a cloud name held by another Cloudinary account, and the limit of
// 1,000 assets on renames and deletes, each give an error that names the
// cloud name, says why and what to do. The emulator holds "demo" for
// another account and lets the test set an environment's asset count.
func TestAccProductEnvironment_cloudNameRules(t *testing.T) {
	env := acctest.New(t)
	if env.Live {
		t.Skip("needs the emulator: it sets the asset count, which the API cannot")
	}
	env.AllowName("demo") // held by another account: the create is refused
	name := acctest.RandomName("tf-acc-pe")
	cloudName := acctest.RandomName("tfacc")
	renamed := acctest.RandomName("tfacc")
	var id string
	setAssets := func(n int) func() {
		return func() {
			if !env.Emulator.Emulator.SetAssets(id, n) {
				t.Fatalf("no environment %s", id)
			}
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config:      env.Config(testAccProductEnvironmentConfig(name, "demo", "")),
				ExpectError: regexp.MustCompile(`(?s)cloud_name "demo" is already taken by another Cloudinary\s+account.*unique\s+across\s+all\s+of\s+Cloudinary.*Choose\s+another\s+cloud_name`),
			},
			{
				Config:            env.Config(testAccProductEnvironmentConfig(name, cloudName, "")),
				ConfigStateChecks: []statecheck.StateCheck{acctest.Capture(testAccProductEnvironmentAddr, "id", &id)},
			},
			{
				PreConfig:   setAssets(1000),
				Config:      env.Config(testAccProductEnvironmentConfig(name, renamed, "")),
				ExpectError: regexp.MustCompile(`(?s)refused to change the cloud_name.*from\s+"` + cloudName + `"\s+to\s+"` + renamed + `".*fewer\s+than\s+1,000\s+assets.*Set\s+cloud_name\s+back`),
			},
			{
				// Other changes still apply.
				Config: env.Config(testAccProductEnvironmentConfig(name+"-2", cloudName, "")),
			},
			{
				Config:      env.Config(""),
				ExpectError: regexp.MustCompile(`(?s)refused to delete product environment.*cloud_name\s+"` + cloudName + `".*fewer\s+than\s+1,000\s+assets.*delete\s+assets.*terraform\s+state\s+rm`),
			},
			{
				PreConfig: setAssets(999),
				Config:    env.Config(testAccProductEnvironmentConfig(name+"-2", renamed, "")),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(testAccProductEnvironmentAddr,
					tfjsonpath.New("cloud_name"), knownvalue.StringExact(renamed))},
			},
		},
	})
}
