package provider_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

const testAccMembersAddr = "cloudinary_user_group_members.test"

// testAccMembersConfig has a group, users u[0..3] and the authoritative
// member list of the group: the users at the given indexes.
func testAccMembersConfig(prefix string, members ...int) string {
	refs := make([]string, 0, len(members))
	for _, i := range members {
		refs = append(refs, fmt.Sprintf("cloudinary_user.u[%d].id", i))
	}
	return fmt.Sprintf(`
resource "cloudinary_user_group" "g" {
  name = %[1]q
}

resource "cloudinary_user" "u" {
  count = 4
  name  = "%[1]s-${count.index}"
  email = "%[1]s-${count.index}@example.com"
  role  = "media_library_user"
}

resource "cloudinary_user_group_members" "test" {
  group_id = cloudinary_user_group.g.id
  user_ids = [%[2]s]
}
`, prefix, strings.Join(refs, ", "))
}

func TestAccUserGroupMembers_basic(t *testing.T) {
	env := acctest.New(t)
	prefix := acctest.RandomName("tf-acc-members")
	u := make([]string, 4)
	var gid string
	captures := []statecheck.StateCheck{testAccUserCapture("cloudinary_user_group.g", "id", &gid)}
	for i := range u {
		captures = append(captures, testAccUserCapture(fmt.Sprintf("cloudinary_user.u[%d]", i), "id", &u[i]))
	}
	// members checks the API's member list against users at the indexes.
	members := func(idx ...int) statecheck.StateCheck {
		return testAccUserAPICheck(func(ctx context.Context, s *tfjson.State) error {
			_, got, err := testAccGroupMembers(ctx, env, s, "cloudinary_user_group.g")
			if err != nil {
				return err
			}
			want := []string{}
			for _, i := range idx {
				want = append(want, u[i])
			}
			slices.Sort(want)
			if !slices.Equal(got, want) && (len(got) != 0 || len(want) != 0) {
				return fmt.Errorf("members %v, want %v", got, want)
			}
			return nil
		})
	}
	update := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(testAccMembersAddr, plancheck.ResourceActionUpdate),
	}}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             testAccUserCheckDestroy(env),
		Steps: []resource.TestStep{
			{
				Config: env.Config(testAccMembersConfig(prefix, 0, 1)),
				ConfigStateChecks: append(captures,
					statecheck.ExpectKnownValue(testAccMembersAddr, tfjsonpath.New("user_ids"), knownvalue.SetSizeExact(2)),
					members(0, 1),
				),
			},
			{
				Config:            env.Config(testAccMembersConfig(prefix, 1, 2, 3)),
				ConfigPlanChecks:  update,
				ConfigStateChecks: []statecheck.StateCheck{members(1, 2, 3)},
			},
			{
				ResourceName:      testAccMembersAddr,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return gid, nil },
			},
			{
				// The group's name imports the same member list.
				ResourceName:      testAccMembersAddr,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateId:     prefix,
			},
			{
				// A member added outside Terraform shows in the plan and goes.
				PreConfig: func() {
					if _, err := env.Client.AddUserToUserGroup(t.Context(), gid, u[0]); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.Config(testAccMembersConfig(prefix, 1, 2, 3)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccMembersAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(testAccMembersAddr, tfjsonpath.New("user_ids"), knownvalue.SetSizeExact(3)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{members(1, 2, 3)},
			},
			{
				// A member removed outside Terraform is added back.
				PreConfig: func() {
					if _, err := env.Client.RemoveUserFromUserGroup(t.Context(), gid, u[2]); err != nil {
						t.Fatal(err)
					}
				},
				Config:            env.Config(testAccMembersConfig(prefix, 1, 2, 3)),
				ConfigPlanChecks:  update,
				ConfigStateChecks: []statecheck.StateCheck{members(1, 2, 3)},
			},
			{
				Config:           env.Config(testAccMembersConfig(prefix)),
				ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccMembersAddr, tfjsonpath.New("user_ids"), knownvalue.SetSizeExact(0)),
					members(),
				},
			},
			{
				Config:            env.Config(testAccMembersConfig(prefix, 3)),
				ConfigPlanChecks:  update,
				ConfigStateChecks: []statecheck.StateCheck{members(3), testAccUserCapture("cloudinary_user_group.g", "id", &gid)},
			},
			{
				// The whole group deleted outside Terraform: both are created again.
				PreConfig: func() {
					if err := env.Client.DeleteUserGroup(t.Context(), gid); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.Config(testAccMembersConfig(prefix, 3)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("cloudinary_user_group.g", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(testAccMembersAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{members(3)},
			},
		},
	})
}

// TestAccUserGroupMembers_destroyKeepsGroup: destroying only the member list
// empties the group but leaves it in place.
func TestAccUserGroupMembers_destroyKeepsGroup(t *testing.T) {
	env := acctest.New(t)
	prefix := acctest.RandomName("tf-acc-members")
	var gid string
	cfgNoMembers := fmt.Sprintf(`
resource "cloudinary_user_group" "g" {
  name = %[1]q
}

resource "cloudinary_user" "u" {
  count = 4
  name  = "%[1]s-${count.index}"
  email = "%[1]s-${count.index}@example.com"
  role  = "media_library_user"
}
`, prefix)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             testAccUserCheckDestroy(env),
		Steps: []resource.TestStep{
			{
				Config:            env.Config(testAccMembersConfig(prefix, 0, 2)),
				ConfigStateChecks: []statecheck.StateCheck{testAccUserCapture("cloudinary_user_group.g", "id", &gid)},
			},
			{
				Config: env.Config(cfgNoMembers),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccMembersAddr, plancheck.ResourceActionDestroy),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					testAccUserAPICheck(func(ctx context.Context, s *tfjson.State) error {
						gotID, members, err := testAccGroupMembers(ctx, env, s, "cloudinary_user_group.g")
						if err != nil {
							return err
						}
						if gotID != gid || len(members) != 0 {
							return fmt.Errorf("group %s (was %s) has members %v", gotID, gid, members)
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccUserGroupMembers_validation(t *testing.T) {
	env := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(`
resource "cloudinary_user_group_members" "test" {
  group_id = "g"
  user_ids = ["a", ""]
}`),
				PlanOnly:    true,
				ExpectError: testAccUserMessage(`user_ids`, `must not be empty`),
			},
			{
				Config: env.Config(`
resource "cloudinary_user_group_members" "test" {
  group_id = ""
  user_ids = []
}`),
				PlanOnly:    true,
				ExpectError: testAccUserMessage(`Attribute group_id must not be empty`),
			},
		},
	})
}
