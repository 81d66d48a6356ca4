package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

const testAccAccessKeyAddr = "cloudinary_access_key.test"

// testAccAccessKeyConfig is an unprotected environment with one key; body
// is the key's block content after product_environment_id.
func testAccAccessKeyConfig(env *acctest.Env, cloudName, body string) string {
	return env.Config(fmt.Sprintf(`
resource "cloudinary_product_environment" "env" {
  name                = %[1]q
  cloud_name          = %[1]q
  deletion_protection = false
}

resource "cloudinary_access_key" "test" {
  product_environment_id = cloudinary_product_environment.env.id
%[2]s
}
`, cloudName, body))
}

// testAccAccessKeyFind finds a key by name out of band, for drift steps.
func testAccAccessKeyFind(t *testing.T, env *acctest.Env, cloudName, name string) (string, client.AccessKey) {
	t.Helper()
	pe := testAccProductEnvironmentByCloudName(t, env, cloudName)
	keys, err := env.Client.ListAllAccessKeys(t.Context(), pe.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if k.Name == name {
			return pe.ID, k
		}
	}
	t.Fatalf("no access key named %q in %s", name, pe.ID)
	return "", client.AccessKey{}
}

func TestAccAccessKey_basic(t *testing.T) {
	env := acctest.New(t)
	cloudName := acctest.RandomName("tfacc")
	name := acctest.RandomName("key")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: testAccAccessKeyConfig(env, cloudName, fmt.Sprintf("  name = %q", name)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccAccessKeyAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccAccessKeyAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[^/]+/[^/]+$`))),
					statecheck.ExpectKnownValue(testAccAccessKeyAddr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(testAccAccessKeyAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(testAccAccessKeyAddr, tfjsonpath.New("api_key"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(testAccAccessKeyAddr, tfjsonpath.New("api_secret"), knownvalue.NotNull()),
					statecheck.ExpectSensitiveValue(testAccAccessKeyAddr, tfjsonpath.New("api_secret")),
					statecheck.ExpectKnownValue(testAccAccessKeyAddr, tfjsonpath.New("dedicated_for"), knownvalue.Null()),
					statecheck.ExpectKnownValue(testAccAccessKeyAddr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
					statecheck.CompareValuePairs(testAccAccessKeyAddr, tfjsonpath.New("product_environment_id"),
						"cloudinary_product_environment.env", tfjsonpath.New("id"), compare.ValuesSame()),
				},
			},
			// Import as <product_environment_id>/<api_key>; the secret is
			// verified too (read from the key list).
			{
				ResourceName:      testAccAccessKeyAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				Config: testAccAccessKeyConfig(env, cloudName, fmt.Sprintf("  name = %q", name+"-renamed")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccAccessKeyAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccAccessKeyAddr, tfjsonpath.New("name"), knownvalue.StringExact(name+"-renamed")),
				},
			},
			{
				Config: testAccAccessKeyConfig(env, cloudName, fmt.Sprintf("  name = %q\n  enabled = false", name+"-renamed")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccAccessKeyAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccAccessKeyAddr, tfjsonpath.New("enabled"), knownvalue.Bool(false)),
				},
			},
		},
	})
}

func TestAccAccessKey_drift(t *testing.T) {
	env := acctest.New(t)
	cloudName := acctest.RandomName("tfacc")
	name := acctest.RandomName("key")
	config := testAccAccessKeyConfig(env, cloudName, fmt.Sprintf("  name = %q", name))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{Config: config},
			// Disabled out of band: enabled again in place.
			{
				PreConfig: func() {
					envID, k := testAccAccessKeyFind(t, env, cloudName, name)
					if _, err := env.Client.UpdateAccessKey(t.Context(), envID, k.APIKey,
						client.AccessKeyUpdateRequest{Enabled: client.Ptr(false)}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccAccessKeyAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccAccessKeyAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
				},
			},
			// Deleted out of band: generated again.
			{
				PreConfig: func() {
					envID, k := testAccAccessKeyFind(t, env, cloudName, name)
					if err := env.Client.DeleteAccessKey(t.Context(), envID, k.APIKey); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccAccessKeyAddr, plancheck.ResourceActionCreate),
				}},
			},
			// Its environment deleted out of band: both come back.
			{
				PreConfig: func() {
					pe := testAccProductEnvironmentByCloudName(t, env, cloudName)
					if err := env.Client.DeleteProductEnvironment(t.Context(), pe.ID); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("cloudinary_product_environment.env", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(testAccAccessKeyAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// TestAccAccessKey_dedicatedFor: set with an update right after generating;
// never returned, so kept as configured; removing it changes only state.
func TestAccAccessKey_dedicatedFor(t *testing.T) {
	env := acctest.New(t)
	cloudName := acctest.RandomName("tfacc")
	var updatesBefore int

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: testAccAccessKeyConfig(env, cloudName, `  dedicated_for = "webhooks"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccAccessKeyAddr, tfjsonpath.New("dedicated_for"), knownvalue.StringExact("webhooks")),
					statecheck.ExpectKnownValue(testAccAccessKeyAddr, tfjsonpath.New("name"), knownvalue.Null()),
					statecheck.ExpectKnownValue(testAccAccessKeyAddr, tfjsonpath.New("api_secret"), knownvalue.NotNull()),
				},
			},
			{
				ResourceName:            testAccAccessKeyAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"dedicated_for"},
			},
			{
				PreConfig: func() {
					if env.Emulator != nil {
						updatesBefore = env.Emulator.Stats().ByOperation["updateAccessKey"]
					}
				},
				Config: testAccAccessKeyConfig(env, cloudName, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccAccessKeyAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccAccessKeyAddr, tfjsonpath.New("dedicated_for"), knownvalue.Null()),
					testAccAccessKeyNoUpdateSince(env, &updatesBefore),
				},
			},
			{
				Config: testAccAccessKeyConfig(env, cloudName, `  dedicated_for = "webhooks"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccAccessKeyAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccAccessKeyAddr, tfjsonpath.New("dedicated_for"), knownvalue.StringExact("webhooks")),
				},
			},
		},
	})
}

// testAccAccessKeyNoUpdateSince asserts (on the emulator) that no
// updateAccessKey call was made since *before was recorded.
func testAccAccessKeyNoUpdateSince(env *acctest.Env, before *int) statecheck.StateCheck {
	return acctest.StateCheck(func(context.Context, *tfjson.State) error {
		if env.Emulator == nil {
			return nil
		}
		if got := env.Emulator.Stats().ByOperation["updateAccessKey"]; got != *before {
			return fmt.Errorf("expected no updateAccessKey call, got %d", got-*before)
		}
		return nil
	})
}

// TestAccAccessKey_conflict: a name that is taken in the environment names
// the key that has it and how to import it.
func TestAccAccessKey_conflict(t *testing.T) {
	env := acctest.New(t)
	cloudName := acctest.RandomName("tfacc")
	name := acctest.RandomName("key")
	pe, err := env.Client.CreateProductEnvironment(t.Context(), client.ProductEnvironmentCreateRequest{
		Name: cloudName, CloudName: client.Ptr(cloudName),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteProductEnvironment(context.WithoutCancel(t.Context()), pe.ID) })
	existing, err := env.Client.GenerateAccessKey(t.Context(), pe.ID, client.AccessKeyCreateRequest{Name: client.Ptr(name)})
	if err != nil {
		t.Fatal(err)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(fmt.Sprintf(`
resource "cloudinary_access_key" "test" {
  product_environment_id = %[1]q
  name                   = %[2]q
}
`, pe.ID, name)),
				ExpectError: acctest.ErrorText(
					fmt.Sprintf("An access key named %q already exists in product environment %s (api_key %s)", name, pe.ID, existing.APIKey),
					fmt.Sprintf("terraform import cloudinary_access_key.<name> %s/%s", pe.ID, existing.APIKey)),
			},
		},
	})
}

func TestAccAccessKey_validation(t *testing.T) {
	env := acctest.New(t)
	cfg := func(body string) string {
		return env.Config(`
resource "cloudinary_access_key" "test" {
  product_environment_id = "0123"
` + body + `
}
`)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config:      cfg(`  dedicated_for = "email"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)dedicated_for.*value must be one of: \["webhooks"\]`),
			},
			{
				Config:      cfg(`  name = ""`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)name.*at least 1`),
			},
			{
				Config:      env.Config(`resource "cloudinary_access_key" "test" { product_environment_id = "" }`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)product_environment_id.*at least 1`),
			},
			{
				Config:        cfg(""),
				ResourceName:  testAccAccessKeyAddr,
				ImportState:   true,
				ImportStateId: "only-one-part",
				ExpectError:   acctest.ErrorText(`import id must look like <product_environment_id>/<api_key>, got "only-one-part"`),
			},
			{
				Config:        cfg(""),
				ResourceName:  testAccAccessKeyAddr,
				ImportState:   true,
				ImportStateId: "env/",
				ExpectError:   acctest.ErrorText(`import id must look like <product_environment_id>/<api_key>`),
			},
		},
	})
}
