package provider_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

const testAccMembershipAddr = "cloudinary_user_group_membership.test"

// testAccMembershipConfig has a group, users u[0..n-1] and a membership of
// user u[member] in the group.
func testAccMembershipConfig(prefix string, n, member int) string {
	return fmt.Sprintf(`
resource "cloudinary_user_group" "g" {
  name = %[1]q
}

resource "cloudinary_user" "u" {
  count = %[2]d
  name  = "%[1]s-${count.index}"
  email = "%[1]s-${count.index}@example.com"
  role  = "media_library_user"
}

resource "cloudinary_user_group_membership" "test" {
  group_id = cloudinary_user_group.g.id
  user_id  = cloudinary_user.u[%[3]d].id
}
`, prefix, n, member)
}

// testAccGroupMembers returns the member ids of the group in state at addr.
func testAccGroupMembers(ctx context.Context, env *acctest.Env, s *tfjson.State, addr string) (string, []string, error) {
	gid, err := acctest.StateString(s, addr, "id")
	if err != nil {
		return "", nil, err
	}
	users, err := env.Client.GetUsersInUserGroup(ctx, gid)
	if err != nil {
		return gid, nil, err
	}
	ids := make([]string, 0, len(users))
	for _, u := range users {
		ids = append(ids, u.ID)
	}
	slices.Sort(ids)
	return gid, ids, nil
}

func TestAccUserGroupMembership_basic(t *testing.T) {
	env := acctest.New(t)
	prefix := acctest.RandomName("tf-acc-mship")
	var gid, u0, u1, u2 string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(testAccMembershipConfig(prefix, 3, 0)),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Capture("cloudinary_user_group.g", "id", &gid),
					acctest.Capture("cloudinary_user.u[0]", "id", &u0),
					acctest.Capture("cloudinary_user.u[1]", "id", &u1),
					acctest.Capture("cloudinary_user.u[2]", "id", &u2),
					statecheck.CompareValuePairs(testAccMembershipAddr, tfjsonpath.New("group_id"),
						"cloudinary_user_group.g", tfjsonpath.New("id"), compare.ValuesSame()),
					acctest.StateCheck(func(ctx context.Context, s *tfjson.State) error {
						id, err := acctest.StateString(s, testAccMembershipAddr, "id")
						if err != nil {
							return err
						}
						if id != gid+"/"+u0 {
							return fmt.Errorf("id %q, want %q", id, gid+"/"+u0)
						}
						_, members, err := testAccGroupMembers(ctx, env, s, "cloudinary_user_group.g")
						if err != nil {
							return err
						}
						if !slices.Equal(members, []string{u0}) {
							return fmt.Errorf("members %v, want [%s]", members, u0)
						}
						return nil
					}),
				},
			},
			{
				ResourceName:      testAccMembershipAddr,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return gid + "/" + u0, nil },
			},
			{ResourceName: testAccMembershipAddr, ImportState: true, ImportStateId: "just-one-part",
				ExpectError: acctest.ErrorText(`import id must look like <group_id>/<user_id>, got "just-one-part"`)},
			{ResourceName: testAccMembershipAddr, ImportState: true, ImportStateId: "a/",
				ExpectError: acctest.ErrorText(`import id must look like <group_id>/<user_id>`)},
			{
				// Non-authoritative: a member added outside Terraform stays.
				PreConfig: func() {
					if _, err := env.Client.AddUserToUserGroup(t.Context(), gid, u2); err != nil {
						t.Fatal(err)
					}
				},
				Config:           env.Config(testAccMembershipConfig(prefix, 3, 0)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Removed outside Terraform: added again.
				PreConfig: func() {
					if _, err := env.Client.RemoveUserFromUserGroup(t.Context(), gid, u0); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.Config(testAccMembershipConfig(prefix, 3, 0)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccMembershipAddr, plancheck.ResourceActionCreate),
				}},
			},
			{
				// Another user: the membership is replaced, the other member stays.
				Config: env.Config(testAccMembershipConfig(prefix, 3, 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccMembershipAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateCheck(func(ctx context.Context, s *tfjson.State) error {
						_, members, err := testAccGroupMembers(ctx, env, s, "cloudinary_user_group.g")
						if err != nil {
							return err
						}
						want := []string{u1, u2}
						slices.Sort(want)
						if !slices.Equal(members, want) {
							return fmt.Errorf("members %v, want %v", members, want)
						}
						return nil
					}),
				},
			},
		},
	})
}

// TestAccUserGroupMembership_alreadyMember: a membership that exists before
// the resource is created (or whose first add landed but lost its answer,
// which the API then answers 409) is adopted, not an error.
func TestAccUserGroupMembership_alreadyMember(t *testing.T) {
	env := acctest.New(t)
	ctx := t.Context()
	g, err := env.Client.CreateUserGroup(ctx, client.UserGroupRequest{Name: acctest.RandomName("tf-acc-mship")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteUserGroup(context.WithoutCancel(ctx), g.ID) })
	u, err := env.Client.CreateUser(ctx, client.UserCreateRequest{Name: acctest.RandomName("tf-acc-mship"), Email: acctest.RandomEmail("tf-acc-mship")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteUser(context.WithoutCancel(ctx), u.ID) })
	if _, err := env.Client.AddUserToUserGroup(ctx, g.ID, u.ID); err != nil {
		t.Fatal(err)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy: func(*terraform.State) error {
			users, err := env.Client.GetUsersInUserGroup(ctx, g.ID)
			if err != nil {
				return err
			}
			if len(users) != 0 {
				return fmt.Errorf("still a member: %v", users)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: env.Config(fmt.Sprintf(`
resource "cloudinary_user_group_membership" "test" {
  group_id = %[1]q
  user_id  = %[2]q
}
`, g.ID, u.ID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccMembershipAddr, tfjsonpath.New("id"), knownvalue.StringExact(g.ID+"/"+u.ID)),
				},
			},
		},
	})
}

func TestAccUserGroupMembership_validation(t *testing.T) {
	env := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(`
resource "cloudinary_user_group_membership" "test" {
  group_id = ""
  user_id  = "u"
}`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorText(`Attribute group_id must not be empty`),
			},
			{
				Config: env.Config(`
resource "cloudinary_user_group_membership" "test" {
  group_id = "g"
  user_id  = " "
}`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorText(`Attribute user_id must not be empty`),
			},
		},
	})
}

// TestAccUserGroupMembership_parallel50 adds 50 users to one group in one
// apply: every add must land (no read-modify-write of the group).
func TestAccUserGroupMembership_parallel50(t *testing.T) {
	env := acctest.New(t)
	prefix := acctest.RandomName("tf-acc-m50")
	const n = 50

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(fmt.Sprintf(`
resource "cloudinary_user_group" "g" {
  name = %[1]q
}

resource "cloudinary_user" "u" {
  count = %[2]d
  name  = "%[1]s-${count.index}"
  email = "%[1]s-${count.index}@example.com"
  role  = "media_library_user"
}

resource "cloudinary_user_group_membership" "m" {
  count    = %[2]d
  group_id = cloudinary_user_group.g.id
  user_id  = cloudinary_user.u[count.index].id
}
`, prefix, n)),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateCheck(func(ctx context.Context, s *tfjson.State) error {
						_, members, err := testAccGroupMembers(ctx, env, s, "cloudinary_user_group.g")
						if err != nil {
							return err
						}
						if len(members) != n {
							return fmt.Errorf("group has %d members, want %d", len(members), n)
						}
						for i := range n {
							uid, err := acctest.StateString(s, fmt.Sprintf("cloudinary_user.u[%d]", i), "id")
							if err != nil {
								return err
							}
							if !slices.Contains(members, uid) {
								return fmt.Errorf("user %d (%s) is not a member", i, uid)
							}
						}
						return nil
					}),
				},
			},
		},
	})
}
