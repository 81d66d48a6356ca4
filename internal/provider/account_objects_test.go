package provider_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
)

// The objects every real account holds (its primary product environment,
// its owner who is a master admin, the root access key), as the emulator
// seeds them with -seed realistic. These tests pin that seed: they need the
// seeded objects' ids, which a real account does not share, so they run on
// the emulator only.

const (
	testAccPrimaryEnvID     = emulator.SeedPrimaryEnvironmentID
	testAccPrimaryCloudName = "emu-account" // emulator.SeedCloudName of the default account id
	testAccOwnerID          = emulator.SeedOwnerUserID
	testAccOwnerEmail       = emulator.SeedOwnerEmail
	testAccRootAPIKey       = emulator.SeedRootAPIKey
)

// testAccSeeded is what the seeded objects look like through the API.
type testAccSeeded struct {
	Envs  []client.ProductEnvironment
	Keys  []client.AccessKey
	Users []client.User
}

func testAccReadSeeded(t *testing.T, c *client.Client) testAccSeeded {
	t.Helper()
	ctx := t.Context()
	envs, err := c.GetProductEnvironments(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := c.GetAccessKeys(ctx, testAccPrimaryEnvID, nil)
	if err != nil {
		t.Fatal(err)
	}
	users, err := c.ListAllUsers(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	return testAccSeeded{Envs: envs, Keys: keys.AccessKeys, Users: users}
}

// testAccSeededUnchanged checks that the account holds the seeded objects,
// exactly as they were (timestamps included), and nothing else.
func testAccSeededUnchanged(t *testing.T, c *client.Client, before testAccSeeded) func(*terraform.State) error {
	return func(*terraform.State) error {
		after := testAccReadSeeded(t, c)
		if !reflect.DeepEqual(before, after) {
			return fmt.Errorf("the seeded objects changed:\nbefore %+v\nafter  %+v", before, after)
		}
		if len(after.Envs) != 1 || after.Envs[0].ID != testAccPrimaryEnvID || len(after.Users) != 1 ||
			after.Users[0].ID != testAccOwnerID || len(after.Keys) != 1 || after.Keys[0].APIKey != testAccRootAPIKey {
			return fmt.Errorf("the account holds more than the seeded objects: %+v", after)
		}
		return nil
	}
}

// TestAccAccountObjects_dataSourcesList: the data sources list the seeded
// objects like any other.
func TestAccAccountObjects_dataSourcesList(t *testing.T) {
	env := acctest.New(t, emulatortest.Seed(emulator.SeedRealistic))
	if env.Live {
		t.Skip("needs the emulator's seeded objects, whose ids a real account does not share")
	}
	cfg := fmt.Sprintf(`
data "cloudinary_product_environments" "all" {}

data "cloudinary_product_environment" "primary" {
  id = %[1]q
}

data "cloudinary_access_keys" "primary" {
  product_environment_id = %[1]q
}

data "cloudinary_users" "all" {}

data "cloudinary_users" "in_primary" {
  product_environment_id = %[1]q
}

data "cloudinary_user" "owner" {
  email = %[2]q
}
`, testAccPrimaryEnvID, testAccOwnerEmail)
	primary := map[string]knownvalue.Check{
		"id": knownvalue.StringExact(testAccPrimaryEnvID), "cloud_name": knownvalue.StringExact(testAccPrimaryCloudName),
		"name": knownvalue.StringExact(emulator.SeedPrimaryEnvironmentName), "enabled": knownvalue.Bool(true),
	}
	owner := map[string]knownvalue.Check{
		"id": knownvalue.StringExact(testAccOwnerID), "email": knownvalue.StringExact(testAccOwnerEmail),
		"name": knownvalue.StringExact(emulator.SeedOwnerName), "role": knownvalue.StringExact("master_admin"),
		"enabled": knownvalue.Bool(true), "pending": knownvalue.Bool(false), "all_product_environments": knownvalue.Bool(true),
		"last_login": knownvalue.NotNull(),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{{
			Config: env.Config(cfg),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.cloudinary_product_environments.all", tfjsonpath.New("product_environments"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(primary)})),
				statecheck.ExpectKnownValue("data.cloudinary_product_environment.primary", tfjsonpath.New("cloud_name"),
					knownvalue.StringExact(testAccPrimaryCloudName)),
				statecheck.ExpectKnownValue("data.cloudinary_access_keys.primary", tfjsonpath.New("access_keys"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"api_key": knownvalue.StringExact(testAccRootAPIKey), "root": knownvalue.Bool(true), "enabled": knownvalue.Bool(true),
					})})),
				statecheck.ExpectKnownValue("data.cloudinary_users.all", tfjsonpath.New("users"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(owner)})),
				statecheck.ExpectKnownValue("data.cloudinary_users.in_primary", tfjsonpath.New("users"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(testAccOwnerID)})})),
				statecheck.ExpectKnownValue("data.cloudinary_user.owner", tfjsonpath.New("role"), knownvalue.StringExact("master_admin")),
				statecheck.ExpectKnownValue("data.cloudinary_user.owner", tfjsonpath.New("id"), knownvalue.StringExact(testAccOwnerID)),
			},
		}},
	})
}

// TestAccAccountObjects_destroyLeavesThem: a configuration that creates
// objects next to the seeded ones (another master admin, a key and users
// in a new environment, a user restricted to the primary environment, a
// group) lists them all, and its destroy removes exactly what it created:
// the seeded objects are still there, untouched (same updated_at).
func TestAccAccountObjects_destroyLeavesThem(t *testing.T) {
	env := acctest.New(t, emulatortest.Seed(emulator.SeedRealistic))
	if env.Live {
		t.Skip("needs the emulator's seeded objects, whose ids a real account does not share")
	}
	before := testAccReadSeeded(t, env.Client)
	name := acctest.RandomName("tf-acc-seeded")
	cfg := fmt.Sprintf(`
resource "cloudinary_product_environment" "env" {
  name                = %[1]q
  cloud_name          = %[1]q
  deletion_protection = false
}

resource "cloudinary_access_key" "ci" {
  product_environment_id = cloudinary_product_environment.env.id
  name                   = %[1]q
}

resource "cloudinary_user" "admin" {
  name  = "%[1]s-admin"
  email = "%[1]s-admin@example.com"
  role  = "master_admin"
}

resource "cloudinary_user" "dev" {
  name                    = "%[1]s-dev"
  email                   = "%[1]s-dev@example.com"
  role                    = "technical_admin"
  product_environment_ids = [cloudinary_product_environment.env.id, %[2]q]
}

resource "cloudinary_user_group" "team" {
  name = %[1]q
}

resource "cloudinary_user_group_members" "team" {
  group_id = cloudinary_user_group.team.id
  user_ids = [cloudinary_user.admin.id, cloudinary_user.dev.id]
}

data "cloudinary_users" "all" {
  depends_on = [cloudinary_user.admin, cloudinary_user.dev]
}

data "cloudinary_product_environments" "all" {
  depends_on = [cloudinary_product_environment.env]
}
`, name, testAccPrimaryEnvID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             testAccSeededUnchanged(t, env.Client, before),
		Steps: []resource.TestStep{{
			Config: env.Config(cfg),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.cloudinary_users.all", tfjsonpath.New("users"), knownvalue.SetPartial([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(testAccOwnerID)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"email": knownvalue.StringExact(name + "-admin@example.com")}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"email": knownvalue.StringExact(name + "-dev@example.com")}),
				})),
				statecheck.ExpectKnownValue("data.cloudinary_users.all", tfjsonpath.New("users"), knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue("data.cloudinary_product_environments.all", tfjsonpath.New("product_environments"), knownvalue.SetPartial([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(testAccPrimaryEnvID)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"cloud_name": knownvalue.StringExact(name)}),
				})),
				statecheck.ExpectKnownValue("data.cloudinary_product_environments.all", tfjsonpath.New("product_environments"), knownvalue.ListSizeExact(2)),
			},
		}},
	})
}

// TestAccAccountObjects_primaryEnvironmentRefused: the primary product
// environment can be adopted, but a plan that deletes it fails with an
// error that names it, says why and what to do; a removed block then lets
// go of it, and it is still there.
func TestAccAccountObjects_primaryEnvironmentRefused(t *testing.T) {
	env := newControlledEnv(t, emulatortest.Seed(emulator.SeedRealistic))
	managed := fmt.Sprintf(`
resource "cloudinary_product_environment" "primary" {
  name                = %q
  cloud_name          = %q
  deletion_protection = false
}
`, emulator.SeedPrimaryEnvironmentName, testAccPrimaryCloudName)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_7_0)}, // removed blocks
		CheckDestroy:             testAccPrimaryStillThere(t, env.Client),
		Steps: []resource.TestStep{
			{
				Config:             env.Config("", managed),
				ResourceName:       "cloudinary_product_environment.primary",
				ImportState:        true,
				ImportStatePersist: true,
				ImportStateId:      testAccPrimaryEnvID,
			},
			{
				// deletion_protection = false is applied (in the state only).
				Config: env.Config("", managed),
			},
			{
				Config: env.Config("", ""),
				ExpectError: acctest.ErrorText(
					"Error: Cannot delete the primary product environment",
					`Product environment "Primary environment" (cloud_name "emu-account", id 5eed0000000000000000000000000001) `+
						"is the account's primary product environment, which Cloudinary does not allow deleting: it lives "+
						"as long as the account.",
					"To stop managing it with Terraform and keep it, take its resource block out of the configuration "+
						"and put a removed block in its place (Terraform 1.7 or later):",
					"removed { from = <address> lifecycle { destroy = false } }",
					"or run terraform state rm <address>. Keep deletion_protection = true on it while it is managed, so "+
						"that no plan tries to delete it again.",
					"API error: Product environment 5eed0000000000000000000000000001 (cloud_name emu-account) is the "+
						"account's primary product environment and cannot be deleted"),
			},
			{
				Config: env.Config("", `
removed {
  from = cloudinary_product_environment.primary

  lifecycle {
    destroy = false
  }
}
`),
				Check: testAccPrimaryStillThere(t, env.Client),
			},
		},
	})
}

func testAccPrimaryStillThere(t *testing.T, c *client.Client) func(*terraform.State) error {
	return func(*terraform.State) error {
		pe, err := c.GetProductEnvironment(t.Context(), testAccPrimaryEnvID)
		if err != nil {
			return fmt.Errorf("the primary environment is gone: %w", err)
		}
		keys, err := c.GetAccessKeys(t.Context(), testAccPrimaryEnvID, nil)
		if err != nil || len(keys.AccessKeys) != 1 || keys.AccessKeys[0].APIKey != testAccRootAPIKey {
			return fmt.Errorf("the root key is gone: %+v, %w", keys, err)
		}
		if pe.CloudName != testAccPrimaryCloudName {
			return fmt.Errorf("primary environment %+v", pe)
		}
		return nil
	}
}

// TestAccAccountObjects_lastMasterAdminRefused: the owner, the account's
// only master admin, can be adopted, but neither demoted nor deleted; both
// errors name the user, say why and what to do.
func TestAccAccountObjects_lastMasterAdminRefused(t *testing.T) {
	env := newControlledEnv(t, emulatortest.Seed(emulator.SeedRealistic))
	owner := func(role string) string {
		return fmt.Sprintf(`
resource "cloudinary_user" "owner" {
  name  = %q
  email = %q
  role  = %q
}
`, emulator.SeedOwnerName, testAccOwnerEmail, role)
	}
	who := `User "Account Owner" (owner@example.com, id 5eed00000000000000000000000001) is the account's last master admin`
	apiWho := "User 5eed00000000000000000000000001 (owner@example.com) is the account's last master admin and"
	apiWhy := ": an account needs at least one master admin; make another user a master admin first"
	stillOwner := func(*terraform.State) error {
		u, err := env.Client.GetUser(t.Context(), testAccOwnerID)
		if err != nil || u.Role != client.UserRoleMasterAdmin || u.Name != emulator.SeedOwnerName {
			return fmt.Errorf("the owner changed: %+v, %w", u, err)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_7_0)}, // removed blocks
		CheckDestroy:             stillOwner,
		Steps: []resource.TestStep{
			{
				Config:             env.Config("", owner("master_admin")),
				ResourceName:       "cloudinary_user.owner",
				ImportState:        true,
				ImportStatePersist: true,
				ImportStateId:      testAccOwnerEmail,
			},
			{
				Config:   env.Config("", owner("master_admin")),
				PlanOnly: true, // the import describes it exactly
			},
			{
				Config: env.Config("", owner("admin")),
				ExpectError: acctest.ErrorText(
					"Error: Cannot change the role of the last master admin",
					who+`, and Cloudinary does not allow giving it another role ("admin"): an account needs at least one master admin.`,
					`Set role back to "master_admin", or first make another user a master admin and apply that, then change this user's role.`,
					"API error: "+apiWho+" cannot be given the role admin"+apiWhy),
			},
			{
				Config: env.Config("", ""),
				Check:  stillOwner,
				ExpectError: acctest.ErrorText(
					"Error: Cannot delete the last master admin",
					who+", which Cloudinary does not allow deleting: an account needs at least one master admin.",
					`To delete this user, first make another user a master admin (role = "master_admin") and apply that.`,
					"To stop managing it with Terraform and keep it, take its resource block out of the configuration "+
						"and put a removed block in its place (Terraform 1.7 or later):",
					"removed { from = <address> lifecycle { destroy = false } }",
					"or run terraform state rm <address>.",
					"API error: "+apiWho+" cannot be deleted"+apiWhy),
			},
			{
				Config: env.Config("", `
removed {
  from = cloudinary_user.owner

  lifecycle {
    destroy = false
  }
}
`),
				Check: stillOwner,
			},
		},
	})
}

// TestAccAccountObjects_rootKeyRefused: the primary environment's root key
// can be adopted, but not deleted.
func TestAccAccountObjects_rootKeyRefused(t *testing.T) {
	env := newControlledEnv(t, emulatortest.Seed(emulator.SeedRealistic))
	managed := fmt.Sprintf(`
resource "cloudinary_access_key" "root" {
  product_environment_id = %q
}
`, testAccPrimaryEnvID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_7_0)}, // removed blocks
		CheckDestroy:             testAccPrimaryStillThere(t, env.Client),
		Steps: []resource.TestStep{
			{
				Config:             env.Config("", managed),
				ResourceName:       "cloudinary_access_key.root",
				ImportState:        true,
				ImportStatePersist: true,
				ImportStateId:      testAccPrimaryEnvID + "/" + testAccRootAPIKey,
			},
			{
				Config: env.Config("", ""),
				ExpectError: acctest.ErrorText(
					"Error: Cannot delete the root access key",
					"Access key 100000000000001 is the root access key of product environment 5eed0000000000000000000000000001",
					"API error: Access key 100000000000001 is the root access key of product environment "+
						"5eed0000000000000000000000000001 and cannot be deleted"),
			},
			{
				Config: env.Config("", `
removed {
  from = cloudinary_access_key.root

  lifecycle {
    destroy = false
  }
}
`),
				Check: testAccPrimaryStillThere(t, env.Client),
			},
		},
	})
}
