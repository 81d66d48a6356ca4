package provider_test

import (
	"context"
	"fmt"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

const testAccUserGroupAddr = "cloudinary_user_group.test"

func testAccUserGroupConfig(name string) string {
	return fmt.Sprintf(`
resource "cloudinary_user_group" "test" {
  name = %[1]q
}
`, name)
}

func TestAccUserGroup_basic(t *testing.T) {
	env := acctest.New(t)
	name, name2 := acctest.RandomName("tf-acc-group"), acctest.RandomName("tf-acc-group")
	var id string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(testAccUserGroupConfig(name)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccUserGroupAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccUserGroupAddr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					acctest.Capture(testAccUserGroupAddr, "id", &id),
				},
			},
			{
				Config: env.Config(testAccUserGroupConfig(name2)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccUserGroupAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccUserGroupAddr, tfjsonpath.New("name"), knownvalue.StringExact(name2)),
					acctest.StateCheck(func(ctx context.Context, s *tfjson.State) error {
						got, err := acctest.StateString(s, testAccUserGroupAddr, "id")
						if err != nil || got != id {
							return fmt.Errorf("id changed on rename: %q -> %q (%w)", id, got, err)
						}
						g, err := env.Client.GetUserGroup(ctx, id, nil)
						if err != nil {
							return err
						}
						if g.Name != name2 {
							return fmt.Errorf("API name %q", g.Name)
						}
						return nil
					}),
				},
			},
			{ResourceName: testAccUserGroupAddr, ImportState: true, ImportStateVerify: true},
			{ResourceName: testAccUserGroupAddr, ImportState: true, ImportStateVerify: true, ImportStateId: name2},
			{
				ResourceName:  testAccUserGroupAddr,
				ImportState:   true,
				ImportStateId: "no-such-" + name2,
				ExpectError:   acctest.ErrorText(`no user group has the id or the name "no-such-`),
			},
			{
				// Renamed outside Terraform: renamed back.
				PreConfig: func() {
					if _, err := env.Client.UpdateUserGroup(t.Context(), id, client.UserGroupRequest{Name: name2 + "-oob"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.Config(testAccUserGroupConfig(name2)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccUserGroupAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccUserGroupAddr, tfjsonpath.New("name"), knownvalue.StringExact(name2)),
				},
			},
			{
				// Deleted outside Terraform: created again.
				PreConfig: func() {
					if err := env.Client.DeleteUserGroup(t.Context(), id); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.Config(testAccUserGroupConfig(name2)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccUserGroupAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

func TestAccUserGroup_validation(t *testing.T) {
	env := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{Config: env.Config(testAccUserGroupConfig("")), PlanOnly: true, ExpectError: acctest.ErrorText(`Attribute name must not be empty`)},
			{Config: env.Config(testAccUserGroupConfig(" ")), PlanOnly: true, ExpectError: acctest.ErrorText(`Attribute name must not be empty`)},
		},
	})
}

func TestAccUserGroup_nameConflict(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-group")
	ctx := t.Context()
	existing, err := env.Client.CreateUserGroup(ctx, client.UserGroupRequest{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteUserGroup(context.WithoutCancel(ctx), existing.ID) })

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(testAccUserGroupConfig(name)),
				ExpectError: acctest.ErrorText("User group already exists", fmt.Sprintf("already exists in the account (id %q", existing.ID),
					"terraform import cloudinary_user_group.<name> "+existing.ID),
			},
		},
	})
}
