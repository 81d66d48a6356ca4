package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
)

// Account gates and limits (internal/provider/gating.go,
// internal/emulator/gating.go), through Terraform against emulators that
// gate the account.

// gatingDocToken appears once in the full Roles and Permissions explanation
// (its documentation link) and nowhere else: counting it counts the
// explanations. It contains no space, so Terraform never wraps it.
const gatingDocToken = "https://cloudinary.com/documentation/permissions_migration"

// gatingAvoid is an RE2 expression (no lookahead) for the texts that do not
// contain token. It needs token's first byte to occur nowhere else in it,
// so that a partial match can only restart at that byte: a text avoids
// token when every occurrence of the first byte c is followed by a proper
// prefix of the rest of token and then by a byte that neither continues it
// nor is c, or by another c, or by the end of the text.
func gatingAvoid(token string) string {
	c, rest := token[:1], token[1:]
	if strings.Contains(rest, c) {
		panic("gatingAvoid: the first byte of the token recurs in it")
	}
	var partial, terminated []string
	for k := 0; k < len(rest); k++ {
		prefix := regexp.QuoteMeta(rest[:k])
		partial = append(partial, prefix)
		terminated = append(terminated, prefix+"[^"+regexp.QuoteMeta(c+rest[k:k+1])+"]")
	}
	qc := regexp.QuoteMeta(c)
	anyPartial := "(?:" + qc + "(?:" + strings.Join(partial, "|") + "))*"
	return "(?:[^" + qc + "]|" + anyPartial + qc + "(?:" + strings.Join(terminated, "|") + "))*" + anyPartial
}

// gatingOnce matches an error output in which token occurs exactly once,
// after withToken (in the same diagnostic), and elsewhere appears somewhere
// else, before or after that diagnostic.
func gatingOnce(token, withToken, elsewhere string) *regexp.Regexp {
	a := gatingAvoid(token)
	s, p, tk := acctest.TextPattern(withToken), acctest.TextPattern(elsewhere), regexp.QuoteMeta(token)
	return regexp.MustCompile(`^` + a + `(?:` + s + a + tk + a + p + `|` + p + a + s + a + tk + `)` + a + `$`)
}

// TestGatingOnceRegexp checks the counting expression itself, which the
// acceptance test relies on.
func TestGatingOnceRegexp(t *testing.T) {
	re := gatingOnce("permissions_migration", "Summary", "pointer")
	cases := []struct {
		text string
		want bool
	}{
		{"Error: Summary\n see permissions_migration.\nError: x\n the pointer", true},
		{"Error: x the pointer\nError: Summary\nppermissions_migratio pp permissions_migration.", true},
		{"Error: Summary permissions_migration\n\nError: pointer permissions_migration", false},
		{"Error: Summary permissions_migration permissions_migration pointer", false},
		{"Error: Summary permissions_migratio pointer", false},
		{"Error: Summary permissions_migration", false},
		{"Error: pointer Summary permissions_migrationpermissions_migration", false},
	}
	for _, tc := range cases {
		if got := re.MatchString(tc.text); got != tc.want {
			t.Errorf("match(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestAccGating_permissionsNotEnabled: on an account not migrated to Roles
// and Permissions (cloudinary-emulator -permissions-api=off), a
// configuration mixing a user group with a custom role and a custom policy
// creates the group; the two permissions resources fail, the first reported
// with the full explanation and the other with a short error pointing to it,
// so the explanation appears exactly once. Two permissions data sources
// fail the same way at plan time.
func TestAccGating_permissionsNotEnabled(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := newControlledEnv(t, func(o *emulator.Options) { o.PermissionsDisabled = true })
	group := acctest.RandomName("tf-acc-gating")
	groupHCL := fmt.Sprintf("resource \"cloudinary_user_group\" \"test\" {\n  name = %q\n}\n", group)
	permsHCL := fmt.Sprintf(`
resource "cloudinary_role" "test" {
  name              = %q
  permission_type   = "global"
  scope_type        = "account"
  system_policy_ids = [%q]
}

resource "cloudinary_custom_policy" "test" {
  name             = %q
  scope_type       = "account"
  policy_statement = <<-EOT
%s
EOT
}
`, acctest.RandomName("tf-acc-gating"), testAccPolicyViewUsers, acctest.RandomName("tf-acc-gating"),
		testAccCustomPolicyStatement(acctest.RandomName("user")))
	dataHCL := `
data "cloudinary_roles" "all" {
  permission_type = "global"
}

data "cloudinary_custom_policies" "all" {
  scope_type = "account"
}
`
	// The full explanation, as the first reported error gives it.
	full := acctest.ErrorText("Error: Roles and Permissions is not enabled on this account",
		`Cloudinary refused the Permissions API request`,
		`with HTTP 403: "The Permissions API is not available for this account: it uses the legacy permissions system `+
			`and has not been migrated to Roles and Permissions".`,
		"The Permissions API (custom roles, custom policies, role assignments, and the data sources that read them) "+
			"works only on accounts that Cloudinary has migrated to Roles and Permissions, and this account still uses "+
			"the legacy permissions system. Cloudinary migrates accounts itself, and only one way (Enterprise accounts "+
			"with Cloudinary's help: ask your Cloudinary contact); once an account is migrated, Console Settings lists "+
			"Role Management. See "+gatingDocToken+".",
		"Until then, remove the permissions resources and data sources (cloudinary_role, cloudinary_custom_policy, "+
			"cloudinary_role_assignment, cloudinary_principal_roles and the data sources of roles, policies and "+
			"principals) from this configuration, or move them to a configuration of their own. Product environments, "+
			"users, user groups and access keys do not need Roles and Permissions and are applied as usual. Any other "+
			"permissions resource or data source of this run fails for the same reason, with a short error that refers "+
			"to this one.")
	// Exactly one explanation, and one short error for the other resource.
	once := gatingOnce(gatingDocToken, "Error: Roles and Permissions is not enabled on this account",
		"for the same reason as the request to")
	pointer := acctest.ErrorPattern(`Error: Unable to create (role|custom policy)`,
		`Cloudinary refused the Permissions API request \(POST /v2/accounts/[^/]+/permissions/(roles|policies/custom), HTTP 403\) `+
			`for the same reason as the request to create (role|custom policy): this account has not been migrated to `+
			`Roles and Permissions\. The error reported for "create (role|custom policy)" explains what to do\.`)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{Config: env.Config("", groupHCL+permsHCL), ExpectError: full},
			{Config: env.Config("", groupHCL+permsHCL), ExpectError: once},
			{Config: env.Config("", groupHCL+permsHCL), ExpectError: pointer},
			{
				// The group was created by the failed applies, once: it is
				// in state and nothing is left to do.
				Config: env.Config("", groupHCL),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("cloudinary_user_group.test", tfjsonpath.New("name"), knownvalue.StringExact(group)),
				},
			},
			{
				// Data sources fail at plan time, the explanation once.
				Config:      env.Config("", groupHCL+dataHCL),
				ExpectError: gatingOnce(gatingDocToken, "Error: Roles and Permissions is not enabled on this account", "for the same reason as the request to list"),
			},
		},
	})
	st := env.Emulator.Stats()
	if n := st.ByOperation["createUserGroup"]; n != 1 {
		t.Errorf("createUserGroup requests = %d, want 1", n)
	}
	for _, op := range []string{"createRole", "createCustomPolicy"} {
		if st.ByOperation[op] == 0 {
			t.Errorf("no %s request reached the emulator", op)
		}
	}
}

// TestAccGating_userSeatLimit: on an account with 2 seats
// (cloudinary-emulator -max-users 2), the third user fails with an error
// that names the limit and says what to do; the first two are kept.
func TestAccGating_userSeatLimit(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	// Two seats free: on an account seeded like a real one
	// (CLOUDINARY_EMULATOR_SEED=realistic) the owner holds one more.
	seats := 2
	env := newControlledEnv(t, func(o *emulator.Options) {
		if o.Seed == emulator.SeedRealistic {
			seats++
		}
		o.MaxUsers = seats
	})
	users := func(n int) string {
		var b strings.Builder
		for i := range n {
			dep := ""
			if i > 0 {
				dep = fmt.Sprintf("  depends_on = [cloudinary_user.u%d]\n", i-1)
			}
			fmt.Fprintf(&b, "resource \"cloudinary_user\" \"u%d\" {\n  name  = \"Seat %d\"\n  email = \"seat%d-%s@example.com\"\n  role  = \"media_library_user\"\n%s}\n\n",
				i, i, i, strings.ToLower(acctest.RandomName("u")), dep)
		}
		return b.String()
	}
	three := users(3)
	two := three[:strings.Index(three, "resource \"cloudinary_user\" \"u2\"")]

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config("", three),
				ExpectError: acctest.ErrorText("Error: Unable to create user: the account's user seat limit is reached",
					`Cloudinary refused to create the user (HTTP 403): "You have reached the maximum number of users `+
						fmt.Sprintf(`allowed for your plan (%d users, pending invitations included)".`, seats),
					"Every user of the account takes a seat, invited users who have not logged in yet (pending) included "+
						"(https://cloudinary.com/documentation/ts_dam_what_does_pending_mean_in_the_user_s_status_section). "+
						"Free seats by deleting users the account no longer needs (destroying a cloudinary_user deletes the "+
						"user; Cloudinary does not document that disabling one frees its seat), or ask Cloudinary for more "+
						"seats, then apply again. "+
						"Whatever else this run created is kept."),
			},
			{
				Config: env.Config("", two),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccGating_newEnvironmentKeysNeedAdmin: when the Account API key gets
// no admin role on the product environments it creates
// (cloudinary-emulator -new-env-keys-need-admin), an access key on a new
// environment fails with an error that says so and shows the role
// assignment that fixes it; applying that assignment (before the key) makes
// the key.
func TestAccGating_newEnvironmentKeysNeedAdmin(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	env := newControlledEnv(t, func(o *emulator.Options) { o.NewEnvKeysNeedAdmin = true })
	cloudName := strings.ReplaceAll(acctest.RandomName("tfaccgate"), "-", "")
	envHCL := fmt.Sprintf(`
resource "cloudinary_product_environment" "env" {
  name                = %[1]q
  cloud_name          = %[1]q
  deletion_protection = false
}
`, cloudName)
	key := func(deps string) string {
		return fmt.Sprintf(`
resource "cloudinary_access_key" "test" {
  product_environment_id = cloudinary_product_environment.env.id
  name                   = "ci"
%s}
`, deps)
	}
	fix := fmt.Sprintf(`
data "cloudinary_role" "environment_admin" {
  name       = "Admin"
  scope_type = "prodenv"
}

resource "cloudinary_role_assignment" "account_key_admin" {
  principal_type = "provisioningKey"
  principal_id   = %q
  role_id        = data.cloudinary_role.environment_admin.id
  scope_id       = cloudinary_product_environment.env.id
}
`, env.Emulator.APIKey)
	k := regexp.QuoteMeta(env.Emulator.APIKey)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config("", envHCL+key("")),
				ExpectError: acctest.ErrorPattern(
					`Error: Unable to create access key: the Account API key has no admin role on product environment (\S+)`,
					`Cloudinary refused the access-key request on product environment \S+ \(POST /v1_1/provisioning/accounts/[^/]+/sub_accounts/\S+/access_keys\) `+
						`with HTTP 403: "Forbidden: Account API key `+k+` has no admin role on product environment \S+"\.`,
					`The usual cause: the Account API key this provider uses \(`+k+`\) has no admin role on that product `+
						`environment\. Cloudinary does not always grant it one on a product environment it created through the `+
						`API, and without one it cannot list, create, change or delete the environment's access keys\. `+
						`Grant it one, then apply again: in the Console \(Settings > Role Management\), or in this `+
						`configuration, making the access key wait for the assignment:`,
					`data "cloudinary_role" "environment_admin" { name = "Admin" scope_type = "prodenv" }`,
					`resource "cloudinary_role_assignment" "account_key_admin" { principal_type = "provisioningKey" `+
						`principal_id = "`+k+`" role_id = data\.cloudinary_role\.environment_admin\.id scope_id = "\S+" }`,
					`and depends_on = \[cloudinary_role_assignment\.account_key_admin\] in the access key\. `+
						`\(Role assignments need Roles and Permissions on the account\.\)`),
			},
			{
				Config: env.Config("", envHCL+fix+key("  depends_on = [cloudinary_role_assignment.account_key_admin]\n")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("cloudinary_access_key.test", tfjsonpath.New("name"), knownvalue.StringExact("ci")),
					statecheck.ExpectKnownValue("cloudinary_access_key.test", tfjsonpath.New("api_key"), knownvalue.NotNull()),
				},
			},
		},
	})
}
