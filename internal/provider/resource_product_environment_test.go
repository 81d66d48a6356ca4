package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

const testAccProductEnvironmentAddr = "cloudinary_product_environment.test"

// testAccProductEnvironmentConfig is one unprotected environment; extra is
// more HCL inside the resource block.
func testAccProductEnvironmentConfig(name, cloudName, extra string) string {
	return fmt.Sprintf(`
resource "cloudinary_product_environment" "test" {
  name                = %[1]q
  cloud_name          = %[2]q
  deletion_protection = false
%[3]s
}
`, name, cloudName, extra)
}

// testAccProductEnvironmentByCloudName finds an environment out of band, for
// drift steps.
func testAccProductEnvironmentByCloudName(t *testing.T, env *acctest.Env, cloudName string) client.ProductEnvironment {
	t.Helper()
	envs, err := env.Client.GetProductEnvironments(t.Context(), &client.ProductEnvironmentListOptions{CloudNames: []string{cloudName}})
	if err != nil {
		t.Fatalf("listing product environments: %v", err)
	}
	for _, e := range envs {
		if e.CloudName == cloudName {
			return e
		}
	}
	t.Fatalf("no product environment with cloud_name %q", cloudName)
	return client.ProductEnvironment{}
}

func TestAccProductEnvironment_basic(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-pe")
	cloudName := acctest.RandomName("tfacc")
	cloudName2 := acctest.RandomName("tfacc")
	attrs := `  custom_attributes = jsonencode({ team = "web", tier = 2 })`

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(testAccProductEnvironmentConfig(name, cloudName, attrs)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccProductEnvironmentAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("cloud_name"), knownvalue.StringExact(cloudName)),
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("deletion_protection"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("custom_attributes"), knownvalue.StringExact(`{"team":"web","tier":2}`)),
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("base_product_environment_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("updated_at"), knownvalue.NotNull()),
				},
			},
			// Import by id. custom_attributes and base_product_environment_id
			// are never returned; deletion_protection is Terraform's own and
			// an import sets it to true.
			{
				ResourceName:            testAccProductEnvironmentAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"custom_attributes", "base_product_environment_id", "deletion_protection"},
			},
			// Import by cloud_name.
			{
				ResourceName:            testAccProductEnvironmentAddr,
				ImportState:             true,
				ImportStateId:           cloudName,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"custom_attributes", "base_product_environment_id", "deletion_protection"},
			},
			// The same object written by hand, with other spacing and key
			// order: no change.
			{
				Config: env.Config(testAccProductEnvironmentConfig(name, cloudName, `  custom_attributes = "{ \"tier\": 2,  \"team\": \"web\" }"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("custom_attributes"), knownvalue.StringExact(`{"team":"web","tier":2}`)),
				},
			},
			// Each updatable attribute changes in place.
			{
				Config: env.Config(testAccProductEnvironmentConfig(name+"-renamed", cloudName, attrs)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccProductEnvironmentAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("name"), knownvalue.StringExact(name+"-renamed")),
				},
			},
			{
				Config: env.Config(testAccProductEnvironmentConfig(name+"-renamed", cloudName2, attrs)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccProductEnvironmentAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("cloud_name"), knownvalue.StringExact(cloudName2)),
				},
			},
			{
				Config: env.Config(testAccProductEnvironmentConfig(name+"-renamed", cloudName2, attrs+"\n  enabled = false")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccProductEnvironmentAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("enabled"), knownvalue.Bool(false)),
				},
			},
			{
				Config: env.Config(testAccProductEnvironmentConfig(name+"-renamed", cloudName2,
					`  custom_attributes = jsonencode({ team = "media", nested = { on = true } })`+"\n  enabled = false")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccProductEnvironmentAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("custom_attributes"), knownvalue.StringExact(`{"nested":{"on":true},"team":"media"}`)),
				},
			},
			// Removing custom_attributes clears them.
			{
				Config: env.Config(testAccProductEnvironmentConfig(name+"-renamed", cloudName2, "  enabled = false")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccProductEnvironmentAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("custom_attributes"), knownvalue.Null()),
				},
			},
		},
	})
}

// TestAccProductEnvironment_generatedCloudName creates a disabled
// environment without a cloud_name: the API generates one, and the create is
// followed by an update (the create request has no "enabled").
func TestAccProductEnvironment_generatedCloudName(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-pe")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(fmt.Sprintf(`
resource "cloudinary_product_environment" "test" {
  name                = %[1]q
  enabled             = false
  deletion_protection = false
}
`, name)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("cloud_name"), knownvalue.StringRegexp(regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`))),
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("enabled"), knownvalue.Bool(false)),
				},
			},
			{
				ResourceName:            testAccProductEnvironmentAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"deletion_protection"},
			},
		},
	})
}

func TestAccProductEnvironment_drift(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-pe")
	cloudName := acctest.RandomName("tfacc")
	config := env.Config(testAccProductEnvironmentConfig(name, cloudName, ""))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{Config: config},
			// Changed out of band: the plan changes it back in place.
			{
				PreConfig: func() {
					pe := testAccProductEnvironmentByCloudName(t, env, cloudName)
					if _, err := env.Client.UpdateProductEnvironment(t.Context(), pe.ID, client.ProductEnvironmentUpdateRequest{
						Name: client.Ptr(name + "-drifted"), Enabled: client.Ptr(false),
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccProductEnvironmentAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
				},
			},
			// Deleted out of band: the plan creates it again.
			{
				PreConfig: func() {
					pe := testAccProductEnvironmentByCloudName(t, env, cloudName)
					if err := env.Client.DeleteProductEnvironment(t.Context(), pe.ID); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccProductEnvironmentAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("cloud_name"), knownvalue.StringExact(cloudName)),
				},
			},
		},
	})
}

// TestAccProductEnvironment_deletionProtection: protection is on by default;
// a destroy and a replacement are refused with an explanation; turning it off
// is an in-place update, after which both work.
func TestAccProductEnvironment_deletionProtection(t *testing.T) {
	env := acctest.New(t)
	prefix := acctest.RandomName("tf-acc-pe")
	config := func(base, protection string) string {
		return env.Config(fmt.Sprintf(`
resource "cloudinary_product_environment" "base1" {
  name                = "%[1]s-base1"
  deletion_protection = false
}

resource "cloudinary_product_environment" "base2" {
  name                = "%[1]s-base2"
  deletion_protection = false
}

resource "cloudinary_product_environment" "test" {
  name = "%[1]s-protected"
  %[2]s
  %[3]s
}
`, prefix, base, protection))
	}
	protectedErr := regexp.MustCompile(`(?s)protected from deletion.*deletes all of its media.*deletion_protection = false`)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: config("", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("deletion_protection"), knownvalue.Bool(true)),
				},
			},
			// Adding a base to an existing environment only records it.
			{
				Config: config("base_product_environment_id = cloudinary_product_environment.base1.id", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccProductEnvironmentAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs(testAccProductEnvironmentAddr, tfjsonpath.New("base_product_environment_id"),
						"cloudinary_product_environment.base1", tfjsonpath.New("id"), compare.ValuesSame()),
				},
			},
			// Changing it means a replacement: refused.
			{
				Config:      config("base_product_environment_id = cloudinary_product_environment.base2.id", ""),
				PlanOnly:    true,
				ExpectError: protectedErr,
			},
			// Destroying: refused.
			{
				Config:      config("base_product_environment_id = cloudinary_product_environment.base1.id", ""),
				Destroy:     true,
				ExpectError: protectedErr,
			},
			// Turning the protection off is an in-place update...
			{
				Config: config("base_product_environment_id = cloudinary_product_environment.base1.id", "deletion_protection = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccProductEnvironmentAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccProductEnvironmentAddr, tfjsonpath.New("deletion_protection"), knownvalue.Bool(false)),
				},
			},
			// ...after which the replacement goes ahead (and the final
			// destroy too).
			{
				Config: config("base_product_environment_id = cloudinary_product_environment.base2.id", "deletion_protection = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccProductEnvironmentAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs(testAccProductEnvironmentAddr, tfjsonpath.New("base_product_environment_id"),
						"cloudinary_product_environment.base2", tfjsonpath.New("id"), compare.ValuesSame()),
				},
			},
		},
	})
}

// TestAccProductEnvironment_conflict: a cloud_name that is taken names the
// environment that has it and how to import it.
func TestAccProductEnvironment_conflict(t *testing.T) {
	env := acctest.New(t)
	cloudName := acctest.RandomName("tfacc")
	existing, err := env.Client.CreateProductEnvironment(t.Context(), client.ProductEnvironmentCreateRequest{
		Name: acctest.RandomName("tf-acc-pe-existing"), CloudName: client.Ptr(cloudName),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteProductEnvironment(context.WithoutCancel(t.Context()), existing.ID) })

	name := acctest.RandomName("tf-acc-pe")
	conflict := acctest.ErrorText(fmt.Sprintf(`cloud_name %q already exists (id %s`, cloudName, existing.ID),
		"terraform import cloudinary_product_environment.<name> "+existing.ID)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			// On create...
			{
				Config:      env.Config(testAccProductEnvironmentConfig(name, cloudName, "")),
				ExpectError: conflict,
			},
			// ...and on update.
			{
				Config: env.Config(testAccProductEnvironmentConfig(name, acctest.RandomName("tfacc"), "")),
			},
			{
				Config:      env.Config(testAccProductEnvironmentConfig(name, cloudName, "")),
				ExpectError: conflict,
			},
		},
	})
}

func TestAccProductEnvironment_validation(t *testing.T) {
	env := acctest.New(t)
	cfg := func(body string) string {
		return env.Config(`
resource "cloudinary_product_environment" "test" {
` + body + `
}
`)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config:      cfg(`  name = "  "`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)name.*must not be empty or only spaces`),
			},
			{
				Config:      cfg(`  name = "x"` + "\n" + `  cloud_name = "Has Upper"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)cloud_name.*lowercase letters, digits, '-' and '_'`),
			},
			{
				Config:      cfg(`  name = "x"` + "\n" + `  cloud_name = "-leading"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)cloud_name.*starting with a letter or digit`),
			},
			{
				Config:      cfg(`  name = "x"` + "\n" + `  custom_attributes = "[1, 2]"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)custom_attributes.*must be a JSON object.*got an array`),
			},
			{
				Config:      cfg(`  name = "x"` + "\n" + `  custom_attributes = "{not json"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)custom_attributes.*not valid JSON`),
			},
			{
				Config:      cfg(`  name = "x"` + "\n" + `  base_product_environment_id = ""`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)base_product_environment_id.*at least 1`),
			},
			{
				Config:        cfg(`  name = "x"`),
				ResourceName:  testAccProductEnvironmentAddr,
				ImportState:   true,
				ImportStateId: "no-such-environment",
				ExpectError:   regexp.MustCompile(`No product environment has the id or the cloud_name "no-such-environment"`),
			},
		},
	})
}
