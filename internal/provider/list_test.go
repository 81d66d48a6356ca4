package provider_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
)

// terraform query (Terraform 1.14 and later) finds every kind of object of
// an account made outside Terraform, with each list resource's filters; the
// results carry the identity an import block needs and, with
// include_resource, the state an import would read, never a key's secret.
// The filters name objects only this test made, so the checks hold on a
// shared (or live) account too. make test runs this with Terraform 1.15.9.
func TestAccList_query(t *testing.T) {
	env := acctest.New(t)
	s := newTestAccSeed(t, env)
	envA, envB := s.environment(true), s.environment(false)
	key := s.accessKey(envA.ID, acctest.RandomName("tf-acc-list key"), true)
	alice := s.user("admin", []string{envA.ID}, true)
	bob := s.user("media_library_user", []string{envA.ID, envB.ID}, false)
	group := s.group(alice)
	role := s.role(client.PermissionTypeGlobal, client.ScopeTypeProdenv, testAccAdoptUploaderPolicies...)
	s.assign(client.PrincipalTypeUser, alice.ID, client.RoleToManage{ID: role.ID, ScopeID: client.Ptr(envA.ID)})
	policyName := acctest.RandomName("tf-acc-list policy")
	policy, err := env.Client.CreateCustomPolicy(t.Context(), client.CreateCustomPolicyRequest{
		Name: policyName, PolicyStatement: testAccCustomPolicyStatement(policyName),
		ScopeType: client.ScopeTypeProdenv, ScopeID: client.Ptr(envA.ID),
	})
	s.must(err)
	s.cleanup("custom policy "+policy.ID, func(ctx context.Context) error { return env.Client.DeleteCustomPolicy(ctx, policy.ID) })

	list := func(typ, name, cfg string, include bool) string {
		return fmt.Sprintf("list %q %q {\n  provider         = cloudinary\n  include_resource = %t\n  config {\n%s\n  }\n}\n", typ, name, include, cfg)
	}
	config := env.ProviderConfig() + "\n" +
		list("cloudinary_product_environment", "disabled", fmt.Sprintf("enabled = false\nname_prefix = %q", envB.Name), true) +
		list("cloudinary_access_key", "of_a", fmt.Sprintf("product_environment_id = %q", envA.ID), true) +
		list("cloudinary_user", "in_a", fmt.Sprintf("product_environment_id = %q\nemail_prefix = %q", envA.ID, alice.Email), true) +
		list("cloudinary_user", "disabled_viewers", fmt.Sprintf("role = \"media_library_user\"\nenabled = false\nemail_prefix = %q", bob.Email), false) +
		list("cloudinary_user", "of_group", fmt.Sprintf("group_id = %q", group.ID), false) +
		list("cloudinary_user_group", "named", fmt.Sprintf("name_prefix = %q", group.Name), true) +
		list("cloudinary_user_group_membership", "of_group", fmt.Sprintf("group_id = %q", group.ID), true) +
		list("cloudinary_user_group_members", "named", fmt.Sprintf("name_prefix = %q", group.Name), true) +
		list("cloudinary_role", "custom", `permission_type = "global"`, true) +
		list("cloudinary_custom_policy", "in_a", fmt.Sprintf("scope_type = \"prodenv\"\nscope_id = %q", envA.ID), true) +
		list("cloudinary_role_assignment", "of_alice", fmt.Sprintf("principal_type = \"user\"\nprincipal_id = %q", alice.ID), true) +
		list("cloudinary_principal_roles", "users", `principal_type = "user"`, false)

	byID := func(id string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Query:  true,
			Config: config,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("cloudinary_product_environment.disabled", 1),
				querycheck.ExpectIdentity("cloudinary_product_environment.disabled", map[string]knownvalue.Check{"id": knownvalue.StringExact(envB.ID)}),
				querycheck.ExpectResourceKnownValues("cloudinary_product_environment.disabled", byID(envB.ID), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("cloud_name"), KnownValue: knownvalue.StringExact(envB.CloudName)},
					{Path: tfjsonpath.New("enabled"), KnownValue: knownvalue.Bool(false)},
				}),

				// The environment's own key and the one made here; the
				// secret of neither.
				querycheck.ExpectLength("cloudinary_access_key.of_a", 2),
				querycheck.ExpectIdentity("cloudinary_access_key.of_a", map[string]knownvalue.Check{
					"product_environment_id": knownvalue.StringExact(envA.ID), "api_key": knownvalue.StringExact(key.APIKey),
				}),
				querycheck.ExpectResourceKnownValues("cloudinary_access_key.of_a",
					queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
						"product_environment_id": knownvalue.StringExact(envA.ID), "api_key": knownvalue.StringExact(key.APIKey),
					}),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact(key.Name)},
						{Path: tfjsonpath.New("api_secret"), KnownValue: knownvalue.Null()},
					}),

				querycheck.ExpectLength("cloudinary_user.in_a", 1),
				querycheck.ExpectResourceKnownValues("cloudinary_user.in_a", byID(alice.ID), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("email"), KnownValue: knownvalue.StringExact(alice.Email)},
					{Path: tfjsonpath.New("product_environment_ids"), KnownValue: knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(envA.ID)})},
				}),
				querycheck.ExpectLength("cloudinary_user.disabled_viewers", 1),
				querycheck.ExpectIdentity("cloudinary_user.disabled_viewers", map[string]knownvalue.Check{"id": knownvalue.StringExact(bob.ID)}),
				querycheck.ExpectLength("cloudinary_user.of_group", 1),
				querycheck.ExpectIdentity("cloudinary_user.of_group", map[string]knownvalue.Check{"id": knownvalue.StringExact(alice.ID)}),

				querycheck.ExpectLength("cloudinary_user_group.named", 1),
				querycheck.ExpectIdentity("cloudinary_user_group.named", map[string]knownvalue.Check{"id": knownvalue.StringExact(group.ID)}),
				querycheck.ExpectLength("cloudinary_user_group_membership.of_group", 1),
				querycheck.ExpectIdentity("cloudinary_user_group_membership.of_group", map[string]knownvalue.Check{
					"group_id": knownvalue.StringExact(group.ID), "user_id": knownvalue.StringExact(alice.ID),
				}),
				querycheck.ExpectLength("cloudinary_user_group_members.named", 1),
				querycheck.ExpectResourceKnownValues("cloudinary_user_group_members.named",
					queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"group_id": knownvalue.StringExact(group.ID)}),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("user_ids"), KnownValue: knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(alice.ID)})},
					}),

				// Custom roles only: the system roles are not listed.
				querycheck.ExpectIdentity("cloudinary_role.custom", map[string]knownvalue.Check{"role_id": knownvalue.StringExact(role.ID)}),
				querycheck.ExpectNoIdentity("cloudinary_role.custom", map[string]knownvalue.Check{"role_id": knownvalue.StringExact("cld::role::account::reports")}),

				querycheck.ExpectLength("cloudinary_custom_policy.in_a", 1),
				querycheck.ExpectResourceKnownValues("cloudinary_custom_policy.in_a", byID(policy.ID), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact(policyName)},
				}),

				querycheck.ExpectLength("cloudinary_role_assignment.of_alice", 1),
				querycheck.ExpectIdentity("cloudinary_role_assignment.of_alice", map[string]knownvalue.Check{
					"principal_type": knownvalue.StringExact("user"), "principal_id": knownvalue.StringExact(alice.ID),
					"role_id": knownvalue.StringExact(role.ID), "scope_id": knownvalue.StringExact(envA.ID),
					"policy_parameters": knownvalue.Null(),
				}),
				querycheck.ExpectIdentity("cloudinary_principal_roles.users", map[string]knownvalue.Check{
					"principal_type": knownvalue.StringExact("user"), "principal_id": knownvalue.StringExact(alice.ID),
				}),
			},
		}},
	})
}

// terraform query -generate-config-out over a whole account (a realistic
// one: the primary environment, its owner and root key, and one object of
// every kind made outside Terraform), then terraform plan on what it wrote:
// imports only, nothing to add, change or destroy, and no secret in the
// generated file; then apply and an empty plan. The authoritative types
// (user_group_members, principal_roles) are left out: they cover the same
// objects as the additive ones, and adopting both would fight.
// testAccPlanLine finds the summary line of a plan.
var testAccPlanLine = regexp.MustCompile(`Plan: .*`)

func TestAccList_generateConfigRoundTrip(t *testing.T) {
	t.Parallel()
	cli := newTestAccCLI(t, "1.14")
	env := acctest.New(t, func(o *emulator.Options) { o.Seed = emulator.SeedRealistic })
	if env.Live {
		t.Skip("adopts the whole account: only against the emulator")
	}
	s := newTestAccSeed(t, env)
	pe := s.environment(true)
	key := s.accessKey(pe.ID, acctest.RandomName("tf-acc-list key"), true)
	u := s.user("admin", []string{pe.ID}, true)
	s.group(u)
	role := s.role(client.PermissionTypeGlobal, client.ScopeTypeProdenv, testAccAdoptUploaderPolicies...)
	s.assign(client.PrincipalTypeUser, u.ID, client.RoleToManage{ID: role.ID, ScopeID: client.Ptr(pe.ID)})
	policyName := acctest.RandomName("tf-acc-list policy")
	policy, err := env.Client.CreateCustomPolicy(t.Context(), client.CreateCustomPolicyRequest{
		Name: policyName, PolicyStatement: testAccCustomPolicyStatement(policyName), ScopeType: client.ScopeTypeAccount,
	})
	s.must(err)
	s.cleanup("custom policy "+policy.ID, func(ctx context.Context) error { return env.Client.DeleteCustomPolicy(ctx, policy.ID) })

	dir := t.TempDir()
	var query strings.Builder
	types := []string{"product_environment", "access_key", "user", "user_group", "user_group_membership", "role",
		"custom_policy", "role_assignment"}
	for _, typ := range types {
		fmt.Fprintf(&query, "list \"cloudinary_%s\" \"all\" {\n  provider         = cloudinary\n  include_resource = true\n}\n", typ)
	}
	for name, content := range map[string]string{
		"main.tf":             testAccCLITerraformBlock + "\nprovider \"cloudinary\" {}\n",
		"account.tfquery.hcl": query.String(),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	environ := cli.environ(t, env)
	if init := cli.run(t, dir, environ, "init", "-no-color", "-input=false", "-backend=false"); init.code != 0 {
		t.Logf("terraform init (exit %d; dev_overrides need none):\n%s", init.code, init.out)
	}
	env.Emulator.Emulator.ResetStats()
	q := cli.run(t, dir, environ, "query", "-no-color", "-generate-config-out=generated.tf")
	queryCost := env.Emulator.Stats()
	generated, _ := os.ReadFile(filepath.Join(dir, "generated.tf"))
	if q.code != 0 {
		t.Fatalf("terraform query -generate-config-out (exit %d):\n%s\ngenerated.tf:\n%s", q.code, q.out, generated)
	}
	text := string(generated)
	for _, secret := range []string{key.APISecret, env.Emulator.APISecret} {
		if secret != "" && strings.Contains(text+q.out, secret) {
			t.Errorf("a secret is in the query output or generated.tf")
		}
	}
	if strings.Contains(text, "api_secret") {
		t.Errorf("generated.tf sets api_secret:\n%s", text)
	}
	imports := strings.Count(text, "import {")
	// At least: 2 environments, 3 keys (the root key, the new
	// environment's own and the one made here), 2 users, 1 group, 1
	// membership, 1 role, 1 policy, 1 assignment.
	if imports < 12 {
		t.Fatalf("generated.tf imports %d objects, want at least 12:\n%s\nquery output:\n%s", imports, text, q.out)
	}
	plan := cli.run(t, dir, environ, "plan", "-no-color", "-input=false")
	if want := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", imports); plan.code != 0 || !strings.Contains(plan.out, want) {
		t.Fatalf("the plan of the generated configuration (exit %d) is not %q:\n%s\ngenerated.tf:\n%s", plan.code, want, plan.out, text)
	}
	t.Logf("terraform query wrote %d import blocks; %s", imports, testAccPlanLine.FindString(plan.out))
	apply := cli.run(t, dir, environ, "apply", "-no-color", "-input=false", "-auto-approve")
	if apply.code != 0 {
		t.Fatalf("terraform apply of the generated configuration (exit %d):\n%s", apply.code, apply.out)
	}
	env.Emulator.Emulator.ResetStats()
	again := cli.run(t, dir, environ, "plan", "-no-color", "-input=false", "-detailed-exitcode")
	refreshCost := env.Emulator.Stats()
	if again.code != 0 {
		t.Errorf("plan after adopting the account is not empty (exit %d):\n%s", again.code, again.out)
	}
	// The query reads through the same cache as a refresh: about the
	// same requests (it also lists users and roles, which a refresh of
	// known ids does not need).
	t.Logf("requests: query %d %v, refresh of the adopted account %d %v", queryCost.Total, queryCost.ByOperation,
		refreshCost.Total, refreshCost.ByOperation)
	if queryCost.Total > refreshCost.Total+4 {
		t.Errorf("the query cost %d requests, the refresh %d: the query does not read through the cache", queryCost.Total, refreshCost.Total)
	}
}

// Every example under examples/list-resources (shown on each list
// resource's documentation page) runs as written: terraform query accepts
// it and the provider answers it.
func TestAccList_examplesRun(t *testing.T) {
	t.Parallel()
	cli := newTestAccCLI(t, "1.14")
	env := acctest.New(t)
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "list-resources", "*", "list-resource*.tfquery.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("found %d list resource examples, want one per list resource (10)", len(files))
	}
	dir := t.TempDir()
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("example%d.tfquery.hcl", i)), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(testAccCLITerraformBlock+"\nprovider \"cloudinary\" {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	q := cli.run(t, dir, cli.environ(t, env), "query", "-no-color")
	if q.code != 0 {
		t.Fatalf("terraform query of the examples (exit %d):\n%s", q.code, q.out)
	}
}
