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

const testAccCustomPolicyAddr = "cloudinary_custom_policy.test"

// testAccCustomPolicyStatement is a valid statement unique to key (two
// policies of one scope cannot share a statement).
func testAccCustomPolicyStatement(key string) string {
	return fmt.Sprintf(`permit(principal == Cloudinary::User::%q, action == Cloudinary::Action::"read", resource is Cloudinary::Folder) when { resource.ancestor_ids.contains("abc") };`, key)
}

// testAccCustomPolicyStatementReformatted is the same statement spread over
// lines with different spacing.
func testAccCustomPolicyStatementReformatted(key string) string {
	return fmt.Sprintf("permit (\n  principal == Cloudinary::User::%q,\n  action    == Cloudinary::Action::\"read\",\n  resource is Cloudinary::Folder\n)\nwhen {\n  resource.ancestor_ids.contains(\"abc\")\n};\n", key)
}

// testAccCustomPolicyConfig renders the resource; statement goes through a
// heredoc so any text can be used verbatim.
func testAccCustomPolicyConfig(name, statement, extra string) string {
	return fmt.Sprintf(`
resource "cloudinary_custom_policy" "test" {
  name             = %[1]q
  policy_statement = <<-EOT
%[2]s
EOT
%[3]s
}
`, name, statement, extra)
}

func testAccCustomPolicyExpect(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(testAccCustomPolicyAddr, tfjsonpath.New(attr), v)
}

// testAccCustomPolicyInAPI checks the policy as the API sees it.
func testAccCustomPolicyInAPI(env *acctest.Env, check func(*client.CustomPolicy) error) statecheck.StateCheck {
	return acctest.StateCheck(func(ctx context.Context, s *tfjson.State) error {
		id, err := acctest.StateString(s, testAccCustomPolicyAddr, "id")
		if err != nil {
			return err
		}
		p, err := env.Client.GetCustomPolicy(ctx, id)
		if err != nil {
			return err
		}
		return check(p)
	})
}

func TestAccCustomPolicy_basic(t *testing.T) {
	env := acctest.New(t)
	name, name2, name3 := acctest.RandomName("tf-acc-policy"), acctest.RandomName("tf-acc-policy"), acctest.RandomName("tf-acc-policy")
	key, key2 := acctest.RandomName("user"), acctest.RandomName("user")
	stmt, stmt2 := testAccCustomPolicyStatement(key), testAccCustomPolicyStatement(key2)
	account := `  scope_type = "account"`
	var id string
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config:           env.Config(testAccCustomPolicyConfig(name, stmt, account+"\n  description = \"first\"")),
				ConfigPlanChecks: expectAction(testAccCustomPolicyAddr, plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccCustomPolicyExpect("id", knownvalue.NotNull()),
					testAccCustomPolicyExpect("name", knownvalue.StringExact(name)),
					testAccCustomPolicyExpect("description", knownvalue.StringExact("first")),
					testAccCustomPolicyExpect("policy_statement", knownvalue.StringExact(stmt+"\n")),
					testAccCustomPolicyExpect("scope_type", knownvalue.StringExact("account")),
					testAccCustomPolicyExpect("scope_id", knownvalue.Null()),
					testAccCustomPolicyExpect("enabled", knownvalue.Bool(true)),
					testAccCustomPolicyExpect("created_at", knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
					testAccCustomPolicyExpect("updated_at", knownvalue.NotNull()),
					acctest.Capture(testAccCustomPolicyAddr, "id", &id),
					sameID.AddStateValue(testAccCustomPolicyAddr, tfjsonpath.New("id")),
					testAccCustomPolicyInAPI(env, func(p *client.CustomPolicy) error {
						if p.Name != name || p.PolicyStatement != stmt+"\n" || !p.Enabled {
							return fmt.Errorf("API policy %+v", p)
						}
						return nil
					}),
				},
			},
			{
				// The same statement reformatted: nothing to do.
				Config:           env.Config(testAccCustomPolicyConfig(name, testAccCustomPolicyStatementReformatted(key), account+"\n  description = \"first\"")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					testAccCustomPolicyExpect("policy_statement", knownvalue.StringExact(stmt+"\n")),
					sameID.AddStateValue(testAccCustomPolicyAddr, tfjsonpath.New("id")),
				},
			},
			{
				// With the statement, every attribute updates in place.
				Config:           env.Config(testAccCustomPolicyConfig(name2, stmt2, account+"\n  description = \"second\"\n  enabled = false")),
				ConfigPlanChecks: expectAction(testAccCustomPolicyAddr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccCustomPolicyExpect("name", knownvalue.StringExact(name2)),
					testAccCustomPolicyExpect("description", knownvalue.StringExact("second")),
					testAccCustomPolicyExpect("policy_statement", knownvalue.StringExact(stmt2+"\n")),
					testAccCustomPolicyExpect("enabled", knownvalue.Bool(false)),
					sameID.AddStateValue(testAccCustomPolicyAddr, tfjsonpath.New("id")),
					testAccCustomPolicyInAPI(env, func(p *client.CustomPolicy) error {
						if p.Name != name2 || p.Enabled || p.Description == nil || *p.Description != "second" {
							return fmt.Errorf("API policy %+v", p)
						}
						return nil
					}),
				},
			},
			{
				// Without it, a change replaces the policy (the API answers an
				// update with an unchanged statement with 409).
				Config:           env.Config(testAccCustomPolicyConfig(name3, stmt2, account+"\n  enabled = false")),
				ConfigPlanChecks: expectAction(testAccCustomPolicyAddr, plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccCustomPolicyExpect("name", knownvalue.StringExact(name3)),
					testAccCustomPolicyExpect("description", knownvalue.Null()),
					newID.AddStateValue(testAccCustomPolicyAddr, tfjsonpath.New("id")),
					acctest.Capture(testAccCustomPolicyAddr, "id", &id),
				},
			},
			{
				Config:           env.Config(testAccCustomPolicyConfig(name3, stmt2, account)),
				ConfigPlanChecks: expectAction(testAccCustomPolicyAddr, plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccCustomPolicyExpect("enabled", knownvalue.Bool(true)),
					acctest.Capture(testAccCustomPolicyAddr, "id", &id),
				},
			},
			{ResourceName: testAccCustomPolicyAddr, ImportState: true, ImportStateVerify: true},
			{ResourceName: testAccCustomPolicyAddr, ImportState: true, ImportStateVerify: true, ImportStateId: name3},
			{
				// Drift (b): the statement changed outside Terraform.
				PreConfig: func() {
					if _, err := env.Client.UpdateCustomPolicy(t.Context(), id, client.UpdateCustomPolicyRequest{
						PolicyStatement: testAccCustomPolicyStatement(key), Name: name3, ScopeType: client.ScopeTypeAccount,
						Description: client.Ptr("out of band"), Enabled: true,
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           env.Config(testAccCustomPolicyConfig(name3, stmt2, account)),
				ConfigPlanChecks: expectAction(testAccCustomPolicyAddr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccCustomPolicyInAPI(env, func(p *client.CustomPolicy) error {
						if p.ID != id || p.PolicyStatement != stmt2+"\n" || p.Description != nil {
							return fmt.Errorf("API policy not restored: %+v", p)
						}
						return nil
					}),
				},
			},
			{
				// Drift (a): deleted outside Terraform.
				PreConfig: func() {
					if err := env.Client.DeleteCustomPolicy(t.Context(), id); err != nil {
						t.Fatal(err)
					}
				},
				Config:           env.Config(testAccCustomPolicyConfig(name3, stmt2, account)),
				ConfigPlanChecks: expectAction(testAccCustomPolicyAddr, plancheck.ResourceActionCreate),
			},
		},
	})
}

// TestAccCustomPolicy_scope: a policy for every product environment ("all"),
// moved to the account with a new statement (in place), then back without
// one (replaced).
func TestAccCustomPolicy_scope(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-policy")
	stmt, stmt2 := testAccCustomPolicyStatement(acctest.RandomName("user")), testAccCustomPolicyStatement(acctest.RandomName("user"))
	prodenv := "  scope_type = \"prodenv\"\n  scope_id = \"all\""

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy:             env.CheckDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(testAccCustomPolicyConfig(name, stmt, prodenv)),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccCustomPolicyExpect("scope_type", knownvalue.StringExact("prodenv")),
					testAccCustomPolicyExpect("scope_id", knownvalue.StringExact("all")),
				},
			},
			{ResourceName: testAccCustomPolicyAddr, ImportState: true, ImportStateVerify: true},
			{
				Config:           env.Config(testAccCustomPolicyConfig(name, stmt2, `  scope_type = "account"`)),
				ConfigPlanChecks: expectAction(testAccCustomPolicyAddr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccCustomPolicyExpect("scope_type", knownvalue.StringExact("account")),
					testAccCustomPolicyExpect("scope_id", knownvalue.Null()),
				},
			},
			{
				Config:           env.Config(testAccCustomPolicyConfig(name, stmt2, prodenv)),
				ConfigPlanChecks: expectAction(testAccCustomPolicyAddr, plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccCustomPolicyExpect("scope_id", knownvalue.StringExact("all")),
				},
			},
		},
	})
}

// TestAccCustomPolicy_validation: Cedar errors (with their position) and the
// scope rules are reported at plan time without any request to the API.
func TestAccCustomPolicy_validation(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-policy")
	valid := testAccCustomPolicyStatement("u")
	step := func(statement, extra, want string) resource.TestStep {
		return resource.TestStep{
			Config:      env.Config(testAccCustomPolicyConfig(name, statement, extra)),
			PlanOnly:    true,
			ExpectError: acctest.ErrorPattern(want),
		}
	}
	account := `  scope_type = "account"`

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			step("permit(principal, action, resource)", account,
				`Invalid Cedar policy statement[\s\S]*policy_statement is not valid Cedar: line 1, column 36: syntax error: expected ";", found the end of the statement\.`),
			step("permit(principal, action,\n  resource) when { resource.name == };", account,
				`policy_statement is not valid Cedar: line 2, column 38: syntax error: invalid primary \(near ";"\)\.`),
			step("permit(principal, action, resourcex);", account,
				`line 1, column 27: syntax error: expected "resource", found "resourcex"\.`),
			step("// only a comment", account, `policy_statement is not valid Cedar: the statement holds no Cedar policy`),
			step(valid, `  scope_type = "prodenv"`, `scope_id is required when scope_type is "prodenv"`),
			step(valid, account+"\n  scope_id = \"all\"", `scope_id must not be set when scope_type is "account" \(got "all"\)`),
			step(valid, `  scope_type = "global"`, `scope_type value must be one of: \["account" "prodenv"\]`),
			step(valid, account+"\n  scope_id = \"a b\"", `scope_id must be a product environment id or "all", without spaces`),
			step(valid, account+"\n  description = \"\"", `description is an empty string. For a custom policy without a description, leave description out or set it to null`),
		},
	})
	expectNoPermissionsWrites(t, env)
	if env.Emulator != nil {
		if n := env.Emulator.Stats().Total; n != 0 {
			t.Errorf("validation sent %d requests; Cedar is checked locally: %v", n, env.Emulator.Stats().ByOperation)
		}
	}
}

// TestAccCustomPolicy_conflict: a name taken in the scope fails the create
// with the existing policy's id and the import command.
func TestAccCustomPolicy_conflict(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("tf-acc-policy")
	existing, err := env.Client.CreateCustomPolicy(t.Context(), client.CreateCustomPolicyRequest{
		PolicyStatement: testAccCustomPolicyStatement(acctest.RandomName("user")), ScopeType: client.ScopeTypeAccount, Name: name,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteCustomPolicy(context.WithoutCancel(t.Context()), existing.ID) })

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(testAccCustomPolicyConfig(name, testAccCustomPolicyStatement(acctest.RandomName("user")), `  scope_type = "account"`)),
				ExpectError: acctest.ErrorPattern(`A custom policy named "` + regexp.QuoteMeta(name) + `" already exists in scope account \(id "` +
					regexp.QuoteMeta(existing.ID) + `"\)[\s\S]*terraform import cloudinary_custom_policy.<name> ` + regexp.QuoteMeta(existing.ID)),
			},
			{
				// Import errors: unknown id or name.
				Config:        env.Config(testAccCustomPolicyConfig(name, testAccCustomPolicyStatement("x"), `  scope_type = "account"`)),
				ResourceName:  testAccCustomPolicyAddr,
				ImportState:   true,
				ImportStateId: "no such policy",
				ExpectError:   acctest.ErrorPattern(`No custom policy has the id or the name "no such policy"`),
			},
		},
	})
}

// TestAccCustomPolicy_importAmbiguousName: names are unique only within a
// scope, so a name two scopes use cannot say which policy to import; the
// error lists both candidates with their ids and scopes.
func TestAccCustomPolicy_importAmbiguousName(t *testing.T) {
	env := acctest.New(t)
	ctx := t.Context()
	name := acctest.RandomName("tf-acc-policy")
	pe, err := env.Client.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: acctest.RandomName("tf-acc-env")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteProductEnvironment(context.WithoutCancel(ctx), pe.ID) })
	inAccount, err := env.Client.CreateCustomPolicy(ctx, client.CreateCustomPolicyRequest{
		PolicyStatement: testAccCustomPolicyStatement(acctest.RandomName("user")), ScopeType: client.ScopeTypeAccount, Name: name,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteCustomPolicy(context.WithoutCancel(ctx), inAccount.ID) })
	inEnv, err := env.Client.CreateCustomPolicy(ctx, client.CreateCustomPolicyRequest{
		PolicyStatement: testAccCustomPolicyStatement(acctest.RandomName("user")), ScopeType: client.ScopeTypeProdenv,
		ScopeID: client.Ptr(pe.ID), Name: name,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteCustomPolicy(context.WithoutCancel(ctx), inEnv.ID) })

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config:        env.Config(testAccCustomPolicyConfig(name, testAccCustomPolicyStatement("x"), `  scope_type = "account"`)),
				ResourceName:  testAccCustomPolicyAddr,
				ImportState:   true,
				ImportStateId: name,
				ExpectError: acctest.ErrorPattern(`Ambiguous custom policy name[\s\S]*2 custom policies are named "` + regexp.QuoteMeta(name) +
					`"[\s\S]*` + regexp.QuoteMeta(inAccount.ID) + `[\s\S]*` + regexp.QuoteMeta(inEnv.ID) + `|` +
					`Ambiguous custom policy name[\s\S]*2 custom policies are named "` + regexp.QuoteMeta(name) +
					`"[\s\S]*` + regexp.QuoteMeta(inEnv.ID) + `[\s\S]*` + regexp.QuoteMeta(inAccount.ID)),
			},
		},
	})
}
