package provider_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
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
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
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
	captures := []statecheck.StateCheck{acctest.Capture("cloudinary_user_group.g", "id", &gid)}
	for i := range u {
		captures = append(captures, acctest.Capture(fmt.Sprintf("cloudinary_user.u[%d]", i), "id", &u[i]))
	}
	// members checks the API's member list against users at the indexes.
	members := func(idx ...int) statecheck.StateCheck {
		return acctest.StateCheck(func(ctx context.Context, s *tfjson.State) error {
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
		CheckDestroy:             env.CheckDestroyed(),
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
				ConfigStateChecks: []statecheck.StateCheck{members(3), acctest.Capture("cloudinary_user_group.g", "id", &gid)},
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
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config:            env.Config(testAccMembersConfig(prefix, 0, 2)),
				ConfigStateChecks: []statecheck.StateCheck{acctest.Capture("cloudinary_user_group.g", "id", &gid)},
			},
			{
				Config: env.Config(cfgNoMembers),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccMembersAddr, plancheck.ResourceActionDestroy),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateCheck(func(ctx context.Context, s *tfjson.State) error {
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
				ExpectError: acctest.ErrorText(`user_ids`, `must not be empty`),
			},
			{
				Config: env.Config(`
resource "cloudinary_user_group_members" "test" {
  group_id = ""
  user_ids = []
}`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorText(`Attribute group_id must not be empty`),
			},
		},
	})
}

// testAccMembersOutOfBand creates users and a group holding the first
// `members` of them, outside Terraform; it returns the group id and the
// users.
func testAccMembersOutOfBand(t *testing.T, env *acctest.Env, users, members int) (string, []client.User) {
	t.Helper()
	ctx := t.Context()
	g, err := env.Client.CreateUserGroup(ctx, client.UserGroupRequest{Name: acctest.RandomName("tf-acc-members")})
	if err != nil {
		t.Fatalf("creating a user group: %v", err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteUserGroup(context.WithoutCancel(t.Context()), g.ID) })
	out := make([]client.User, 0, users)
	for i := range users {
		name := acctest.RandomName("tf-acc-members")
		u, err := env.Client.CreateUser(ctx, client.UserCreateRequest{Name: name, Email: name + "@example.com"})
		if err != nil {
			t.Fatalf("creating a user: %v", err)
		}
		t.Cleanup(func() { _ = env.Client.DeleteUser(context.WithoutCancel(t.Context()), u.ID) })
		if i < members {
			if _, err := env.Client.AddUserToUserGroup(ctx, g.ID, u.ID); err != nil {
				t.Fatalf("adding a member: %v", err)
			}
		}
		out = append(out, *u)
	}
	return g.ID, out
}

// testAccMembersRemoved checks removed_on_create: exactly these users, in
// this order.
func testAccMembersRemoved(users ...client.User) knownvalue.Check {
	checks := make([]knownvalue.Check, 0, len(users))
	for _, u := range users {
		checks = append(checks, knownvalue.ObjectExact(map[string]knownvalue.Check{
			"user_id": knownvalue.StringExact(u.ID), "email": knownvalue.StringExact(u.Email),
		}))
	}
	return knownvalue.ListExact(checks)
}

// testAccMembersExactly checks through the API that the group has exactly
// these members.
func testAccMembersExactly(env *acctest.Env, gid string, users ...client.User) statecheck.StateCheck {
	return acctest.StateCheck(func(ctx context.Context, _ *tfjson.State) error {
		members, err := env.Client.GetUsersInUserGroup(ctx, gid)
		if err != nil {
			return err
		}
		got := []string{}
		for _, m := range members {
			got = append(got, m.ID)
		}
		want := []string{}
		for _, u := range users {
			want = append(want, u.ID)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			return fmt.Errorf("group %s has members %v, want %v", gid, got, want)
		}
		return nil
	})
}

func testAccMembersOfConfig(gid string, users ...client.User) string {
	ids := make([]string, 0, len(users))
	for _, u := range users {
		ids = append(ids, strconv.Quote(u.ID))
	}
	return fmt.Sprintf(`
resource "cloudinary_user_group_members" "test" {
  group_id = %q
  user_ids = [%s]
}
`, gid, strings.Join(ids, ", "))
}

// TestAccUserGroupMembers_removedOnCreate: creating the member list of a
// group that already has members the configuration does not list plans
// their removal as a known removed_on_create (the plan's warning is checked
// in TestUserGroupMembersModifyPlan_removedOnCreate), and the apply removes
// exactly them. Later plans plan removed_on_create empty.
func TestAccUserGroupMembers_removedOnCreate(t *testing.T) {
	env := acctest.New(t)
	// u[0] and u[1] are members; the configuration keeps u[1] and adds u[2].
	gid, u := testAccMembersOutOfBand(t, env, 3, 2)
	removed := []client.User{u[0]}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(testAccMembersOfConfig(gid, u[1], u[2])),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccMembersAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(testAccMembersAddr, tfjsonpath.New("removed_on_create"), testAccMembersRemoved(removed...)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccMembersAddr, tfjsonpath.New("removed_on_create"), testAccMembersRemoved(removed...)),
					testAccMembersExactly(env, gid, u[1], u[2]),
				},
			},
			{
				// An update removes nothing "on create".
				Config: env.Config(testAccMembersOfConfig(gid, u[2])),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccMembersAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(testAccMembersAddr, tfjsonpath.New("removed_on_create"), testAccMembersRemoved()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccMembersAddr, tfjsonpath.New("removed_on_create"), testAccMembersRemoved()),
					testAccMembersExactly(env, gid, u[2]),
				},
			},
		},
	})
}

// TestAccUserGroupMembers_createRemovesNothing: removed_on_create is an
// empty list in the plan of a create for a group without members, also
// when user_ids lists users created in the same apply, and for a group
// created in the same apply (its id unknown at plan time).
func TestAccUserGroupMembers_createRemovesNothing(t *testing.T) {
	env := acctest.New(t)
	gid, _ := testAccMembersOutOfBand(t, env, 0, 0)
	prefix := acctest.RandomName("tf-acc-members")
	cfg := testAccMembersConfig(prefix, 0, 1) + fmt.Sprintf(`
resource "cloudinary_user_group_members" "existing" {
  group_id = %q
  user_ids = [cloudinary_user.u[2].id]
}
`, gid)
	const existing = "cloudinary_user_group_members.existing"
	empty := testAccMembersRemoved()

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(cfg),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(testAccMembersAddr, tfjsonpath.New("removed_on_create"), empty),
					plancheck.ExpectKnownValue(existing, tfjsonpath.New("removed_on_create"), empty),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccMembersAddr, tfjsonpath.New("removed_on_create"), empty),
					statecheck.ExpectKnownValue(existing, tfjsonpath.New("removed_on_create"), empty),
					statecheck.ExpectKnownValue(existing, tfjsonpath.New("user_ids"), knownvalue.SetSizeExact(1)),
				},
			},
		},
	})
}
