package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

func testAccUserConfig(name, email, role, extra string) string {
	return fmt.Sprintf(`
resource "cloudinary_user" "test" {
  name  = %[1]q
  email = %[2]q
  role  = %[3]q
%[4]s
}
`, name, email, role, extra)
}

const testAccUserAddr = "cloudinary_user.test"

func testAccUserExpect(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(testAccUserAddr, tfjsonpath.New(attr), v)
}

func testAccUserAction(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccUserAddr, action)}}
}

func TestAccUser_basic(t *testing.T) {
	env := acctest.New(t)
	name, name2 := acctest.RandomName("tf-acc-user"), acctest.RandomName("tf-acc-user")
	email, email2 := acctest.RandomEmail("tf-acc-user"), acctest.RandomEmail("tf-acc-user")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config:           env.Config(testAccUserConfig(name, email, "media_library_user", "")),
				ConfigPlanChecks: testAccUserAction(plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccUserExpect("id", knownvalue.NotNull()),
					testAccUserExpect("name", knownvalue.StringExact(name)),
					testAccUserExpect("email", knownvalue.StringExact(email)),
					testAccUserExpect("role", knownvalue.StringExact("media_library_user")),
					testAccUserExpect("enabled", knownvalue.Bool(true)),
					testAccUserExpect("pending", knownvalue.Bool(true)),
					testAccUserExpect("all_product_environments", knownvalue.Bool(true)),
					testAccUserExpect("product_environment_ids", knownvalue.Null()),
					testAccUserExpect("created_at", knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
					acctest.StateCheck(func(ctx context.Context, s *tfjson.State) error {
						id, err := acctest.StateString(s, testAccUserAddr, "id")
						if err != nil {
							return err
						}
						u, err := env.Client.GetUser(ctx, id)
						if err != nil {
							return err
						}
						if u.Email != email || u.Name != name {
							return fmt.Errorf("API has %q %q", u.Name, u.Email)
						}
						return nil
					}),
				},
			},
			{
				Config:            env.Config(testAccUserConfig(name2, email, "media_library_user", "")),
				ConfigPlanChecks:  testAccUserAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{testAccUserExpect("name", knownvalue.StringExact(name2))},
			},
			{
				Config:            env.Config(testAccUserConfig(name2, email2, "media_library_user", "")),
				ConfigPlanChecks:  testAccUserAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{testAccUserExpect("email", knownvalue.StringExact(email2))},
			},
			{
				Config:            env.Config(testAccUserConfig(name2, email2, "technical_admin", "")),
				ConfigPlanChecks:  testAccUserAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{testAccUserExpect("role", knownvalue.StringExact("technical_admin"))},
			},
			{
				Config:           env.Config(testAccUserConfig(name2, email2, "technical_admin", "  enabled = false")),
				ConfigPlanChecks: testAccUserAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccUserExpect("enabled", knownvalue.Bool(false)),
					acctest.StateCheck(func(ctx context.Context, s *tfjson.State) error {
						id, _ := acctest.StateString(s, testAccUserAddr, "id")
						u, err := env.Client.GetUser(ctx, id)
						if err != nil {
							return err
						}
						if u.Enabled == nil || *u.Enabled || u.Role != "technical_admin" || u.Email != email2 || u.Name != name2 {
							return fmt.Errorf("API has %+v", u)
						}
						return nil
					}),
				},
			},
			{ResourceName: testAccUserAddr, ImportState: true, ImportStateVerify: true},
			{ResourceName: testAccUserAddr, ImportState: true, ImportStateVerify: true, ImportStateId: email2},
			{
				// Letter case only: nothing to change, so nothing is
				// planned; the spelling in state stays.
				Config:            env.Config(testAccUserConfig(name2, strings.ToUpper(email2), "technical_admin", "  enabled = false")),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{testAccUserExpect("email", knownvalue.StringExact(email2))},
			},
			{
				ResourceName:  testAccUserAddr,
				ImportState:   true,
				ImportStateId: "nobody-" + email2,
				ExpectError:   acctest.ErrorText(`No user with email "nobody-`),
			},
		},
	})
}

func TestAccUser_environments(t *testing.T) {
	env := acctest.New(t)
	envA, envB := testAccTempProductEnvironment(t, env), testAccTempProductEnvironment(t, env)
	name, email := acctest.RandomName("tf-acc-user"), acctest.RandomEmail("tf-acc-user")
	cfg := func(extra string) string { return env.Config(testAccUserConfig(name, email, "admin", extra)) }
	var id string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: cfg(fmt.Sprintf("  product_environment_ids = [%q]", envA)),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Capture(testAccUserAddr, "id", &id),
					testAccUserExpect("product_environment_ids", knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(envA)})),
					testAccUserExpect("all_product_environments", knownvalue.Bool(false)),
				},
			},
			{
				Config:           cfg(fmt.Sprintf("  product_environment_ids = [%q, %q]", envA, envB)),
				ConfigPlanChecks: testAccUserAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccUserExpect("product_environment_ids", knownvalue.SetSizeExact(2)),
					testAccUserExpect("all_product_environments", knownvalue.Bool(false)),
				},
			},
			{ResourceName: testAccUserAddr, ImportState: true, ImportStateVerify: true},
			{
				// Dropping the list gives the user every environment again.
				Config:           cfg(""),
				ConfigPlanChecks: testAccUserAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccUserExpect("product_environment_ids", knownvalue.Null()),
					testAccUserExpect("all_product_environments", knownvalue.Bool(true)),
				},
			},
			{
				// Restricted out of band: the plan takes the access back to all.
				PreConfig: func() {
					if _, err := env.Client.UpdateUser(t.Context(), id, client.UserUpdateRequest{SubAccountIDs: []string{envB}}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           cfg(""),
				ConfigPlanChecks: testAccUserAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccUserExpect("all_product_environments", knownvalue.Bool(true)),
					acctest.StateCheck(func(ctx context.Context, _ *tfjson.State) error {
						u, err := env.Client.GetUser(ctx, id)
						if err != nil {
							return err
						}
						if u.AllSubAccounts == nil || !*u.AllSubAccounts {
							return fmt.Errorf("user still restricted: %+v", u)
						}
						return nil
					}),
				},
			},
		},
	})
}

// testAccTempProductEnvironment creates a product environment for the test
// and deletes it afterwards.
func testAccTempProductEnvironment(t *testing.T, env *acctest.Env) string {
	t.Helper()
	ctx := t.Context()
	p, err := env.Client.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: acctest.RandomName("tf-acc-user-env")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := env.Client.DeleteProductEnvironment(context.WithoutCancel(ctx), p.ID); err != nil && !client.IsNotFound(err) {
			t.Errorf("deleting product environment %s: %v", p.ID, err)
		}
	})
	return p.ID
}

func TestAccUser_masterAdmin(t *testing.T) {
	env := acctest.New(t)
	name, email := acctest.RandomName("tf-acc-user"), acctest.RandomEmail("tf-acc-user")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(testAccUserConfig(name, email, "master_admin", "")),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccUserExpect("role", knownvalue.StringExact("master_admin")),
					testAccUserExpect("all_product_environments", knownvalue.Bool(true)),
					testAccUserExpect("product_environment_ids", knownvalue.Null()),
				},
			},
			{ResourceName: testAccUserAddr, ImportState: true, ImportStateVerify: true},
			{
				Config:           env.Config(testAccUserConfig(name, email, "billing", "")),
				ConfigPlanChecks: testAccUserAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccUserExpect("role", knownvalue.StringExact("billing")),
					testAccUserExpect("all_product_environments", knownvalue.Bool(true)),
				},
			},
		},
	})
}

func TestAccUser_drift(t *testing.T) {
	env := acctest.New(t)
	name, email := acctest.RandomName("tf-acc-user"), acctest.RandomEmail("tf-acc-user")
	cfg := env.Config(testAccUserConfig(name, email, "reports", ""))
	var id string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{acctest.Capture(testAccUserAddr, "id", &id)}},
			{
				// (a) deleted outside Terraform: planned for creation again.
				PreConfig: func() {
					if err := env.Client.DeleteUser(t.Context(), id); err != nil {
						t.Fatal(err)
					}
				},
				Config:            cfg,
				ConfigPlanChecks:  testAccUserAction(plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{acctest.Capture(testAccUserAddr, "id", &id)},
			},
			{
				// (b) changed outside Terraform: updated back.
				PreConfig: func() {
					_, err := env.Client.UpdateUser(t.Context(), id, client.UserUpdateRequest{
						Name: client.Ptr("tf-acc-renamed-out-of-band"), Role: client.Ptr("billing"), Enabled: client.Ptr(false),
					})
					if err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccUserAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(testAccUserAddr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					testAccUserExpect("name", knownvalue.StringExact(name)),
					testAccUserExpect("role", knownvalue.StringExact("reports")),
					testAccUserExpect("enabled", knownvalue.Bool(true)),
				},
			},
		},
	})
}

// TestAccUser_pendingAccepted checks that a user accepting the invitation
// (pending turning false) plans nothing, and that a later update neither
// flaps pending nor fails with an inconsistent result.
func TestAccUser_pendingAccepted(t *testing.T) {
	env := acctest.New(t)
	if env.Live {
		t.Skip("accepting an invitation needs a person: emulator only")
	}
	name, email := acctest.RandomName("tf-acc-user"), acctest.RandomEmail("tf-acc-user")
	var id string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(testAccUserConfig(name, email, "admin", "")),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Capture(testAccUserAddr, "id", &id),
					testAccUserExpect("pending", knownvalue.Bool(true)),
				},
			},
			{
				// While pending, an update keeps pending as it is.
				Config: env.Config(testAccUserConfig(name+"-x", email, "admin", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccUserAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(testAccUserAddr, tfjsonpath.New("pending"), knownvalue.Bool(true)),
				}},
			},
			{
				PreConfig: func() {
					if err := env.Emulator.Emulator.SimulateLogin(id, time.Now()); err != nil {
						t.Fatal(err)
					}
				},
				Config:            env.Config(testAccUserConfig(name+"-x", email, "admin", "")),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{testAccUserExpect("pending", knownvalue.Bool(false))},
			},
			{
				Config: env.Config(testAccUserConfig(name, email, "billing", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccUserAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(testAccUserAddr, tfjsonpath.New("pending"), knownvalue.Bool(false)),
					plancheck.ExpectKnownValue(testAccUserAddr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{testAccUserExpect("pending", knownvalue.Bool(false))},
			},
			{
				// A new address may need a new invitation: pending is left open.
				Config: env.Config(testAccUserConfig(name, "tf-acc-new-"+email, "billing", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(testAccUserAddr, tfjsonpath.New("pending")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{testAccUserExpect("pending", knownvalue.Bool(false))},
			},
		},
	})
}

func TestAccUser_validation(t *testing.T) {
	env := acctest.New(t)
	email := acctest.RandomEmail("tf-acc-user")
	step := func(cfg string, want ...string) resource.TestStep {
		return resource.TestStep{Config: env.Config(cfg), PlanOnly: true, ExpectError: acctest.ErrorText(want...)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			step(testAccUserConfig("", email, "admin", ""), `Attribute name must not be empty`),
			step(testAccUserConfig("  ", email, "admin", ""), `Attribute name must not be empty`),
			step(testAccUserConfig("x", "not-an-email", "admin", ""), `Attribute email must be an email address`),
			step(testAccUserConfig("x", "jane@localhost", "admin", ""), `Attribute email must be an email address`),
			step(testAccUserConfig("x", email, "owner", ""), `Attribute role value must be one of:`, `"master_admin"`),
			step(testAccUserConfig("x", email, "master_admin", `  product_environment_ids = ["abc"]`),
				`product_environment_ids cannot be set when role is "master_admin"`),
			step(testAccUserConfig("x", email, "admin", `  product_environment_ids = []`),
				`Attribute product_environment_ids set must contain at least 1 elements`),
			step(testAccUserConfig("x", email, "admin", `  product_environment_ids = [""]`),
				`must not be empty`),
		},
	})
	if !env.Live {
		if st := env.Emulator.Stats(); st.ByOperation["createUser"]+st.ByOperation["updateUser"] != 0 {
			t.Errorf("an invalid configuration reached the API: %v", st.ByOperation)
		}
	}
}

func TestAccUser_emailConflict(t *testing.T) {
	env := acctest.New(t)
	email, other := acctest.RandomEmail("tf-acc-user"), acctest.RandomEmail("tf-acc-user")
	ctx := t.Context()
	existing, err := env.Client.CreateUser(ctx, client.UserCreateRequest{Name: acctest.RandomName("tf-acc-user"), Email: email, Role: client.Ptr("reports")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteUser(context.WithoutCancel(ctx), existing.ID) })

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(testAccUserConfig("tf-acc-dup", email, "admin", "")),
				ExpectError: acctest.ErrorText("User already exists", fmt.Sprintf("already exists in the account (id %q", existing.ID),
					"terraform import cloudinary_user.<name> "+email),
			},
			{Config: env.Config(testAccUserConfig("tf-acc-dup", other, "admin", ""))},
			{
				// Changing the email to a taken one.
				Config: env.Config(testAccUserConfig("tf-acc-dup", email, "admin", "")),
				ExpectError: acctest.ErrorText("Email already in use", fmt.Sprintf("already exists in the account (id %q", existing.ID),
					"Choose another email"),
			},
		},
	})
}

func TestAccUser_parallel50(t *testing.T) {
	env := acctest.New(t)
	prefix := acctest.RandomName("tf-acc-many")
	const n = 50

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(fmt.Sprintf(`
resource "cloudinary_user" "many" {
  count = %[2]d
  name  = "%[1]s-${count.index}"
  email = "%[1]s-${count.index}@example.com"
  role  = "media_library_user"
}
`, prefix, n)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("cloudinary_user.many[49]", tfjsonpath.New("email"), knownvalue.StringExact(prefix+"-49@example.com")),
					acctest.StateCheck(func(ctx context.Context, s *tfjson.State) error {
						users, err := env.Client.ListAllUsers(ctx, &client.UserListOptions{Prefix: client.Ptr(prefix)})
						if err != nil {
							return err
						}
						emails := map[string]bool{}
						for _, u := range users {
							emails[u.Email] = true
						}
						if len(users) != n || len(emails) != n {
							return fmt.Errorf("API has %d users (%d emails), want %d", len(users), len(emails), n)
						}
						for i := range n {
							id, err := acctest.StateString(s, fmt.Sprintf("cloudinary_user.many[%d]", i), "id")
							if err != nil {
								return err
							}
							if id == "" || !strings.Contains(strings.Join(idsOf(users), ","), id) {
								return fmt.Errorf("user %d (%s) not in the API", i, id)
							}
						}
						return nil
					}),
				},
			},
		},
	})
}

func idsOf(users []client.User) []string {
	out := make([]string, 0, len(users))
	for _, u := range users {
		out = append(out, u.ID)
	}
	return out
}
