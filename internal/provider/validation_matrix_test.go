package provider_test

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

// vmRow is one invalid configuration. want holds regexp fragments (spaces
// match any whitespace) that must appear in order: the first names the
// attribute, the rest say what is allowed or what to do.
type vmRow struct {
	name string
	// provider, when set, replaces the provider block's extra attributes:
	// the row is about the provider configuration itself.
	provider *vmProvider
	hcl      string
	// importID, when set, makes the row an import of importAddr (declared
	// in hcl) with this malformed id.
	importAddr, importID string
	want                 []string
	// needsNoCredentialEnv rows expect credentials to be missing, so they
	// are left out when the environment provides them.
	needsNoCredentialEnv bool
}

// vmProvider is a provider block: attrs are HCL lines; withCreds adds the
// backend's endpoint and credentials before them.
type vmProvider struct {
	withCreds bool
	attrs     string
}

// A valid resource for the provider-block rows.
const vmGroup = "resource \"cloudinary_user_group\" \"test\" {\n  name = \"never-created\"\n}\n"

func vmUser(attrs string) string {
	return "resource \"cloudinary_user\" \"test\" {\n" + attrs + "\n}\n"
}

func vmPolicy(attrs string) string {
	return "resource \"cloudinary_custom_policy\" \"test\" {\n  name = \"p\"\n" + attrs + "\n}\n"
}

func vmRole(attrs string) string {
	return "resource \"cloudinary_role\" \"test\" {\n" + attrs + "\n}\n"
}

func vmAssignment(attrs string) string {
	return "resource \"cloudinary_role_assignment\" \"test\" {\n  principal_type = \"group\"\n  principal_id   = \"g-never-sent\"\n" + attrs + "\n}\n"
}

const vmValidCedar = `permit(principal == Cloudinary::User::"u", action == Cloudinary::Action::"read", resource is Cloudinary::Folder) when { resource.ancestor_ids.contains("abc") };`

func validationMatrix() []vmRow {
	const (
		email  = `  name  = "n"` + "\n" + `  email = "n@example.com"` + "\n"
		policy = `  permission_type   = "global"` + "\n" + `  scope_type        = "account"` + "\n"
	)
	return []vmRow{
		// --- The provider block (checked before any request is made).
		{name: "provider/region_unknown", provider: &vmProvider{withCreds: true, attrs: `region = "api-us"`}, hcl: vmGroup,
			want: []string{`region`, `value must be one of: \["api" "api-eu" "api-ap"\]`}},
		{name: "provider/endpoint_http_not_loopback", provider: &vmProvider{withCreds: false, attrs: `endpoint = "http://api.example.com"` + "\n" + `account_url = "account://k:s3cr3t-value@acc"`}, hcl: vmGroup,
			want: []string{`endpoint "http://api.example.com" uses http:// for a host that is not loopback`, `use https://`, `plain http is allowed only for localhost, 127.0.0.0/8 and ::1`}},
		{name: "provider/endpoint_not_absolute", provider: &vmProvider{withCreds: false, attrs: `endpoint = "api.cloudinary.com"` + "\n" + `account_url = "account://k:s3cr3t-value@acc"`}, hcl: vmGroup,
			want: []string{`endpoint must be an absolute URL such as https://api.cloudinary.com, got "api.cloudinary.com"`}},
		{name: "provider/max_retries_negative", provider: &vmProvider{withCreds: true, attrs: `max_retries = -1`}, hcl: vmGroup,
			want: []string{`max_retries value must be between 0 and 20, got: -1`}},
		{name: "provider/request_timeout_not_duration", provider: &vmProvider{withCreds: true, attrs: `request_timeout = "10"`}, hcl: vmGroup,
			want: []string{`request_timeout: value must be a positive Go duration such as "30s" or "5m", got "10"`}},
		{name: "provider/max_rate_limit_wait_negative", provider: &vmProvider{withCreds: true, attrs: `max_rate_limit_wait = "-5m"`}, hcl: vmGroup,
			want: []string{`max_rate_limit_wait: value must be a positive Go duration such as "30s" or "5m", got "-5m"`}},
		{name: "provider/account_url_wrong_scheme", provider: &vmProvider{withCreds: false, attrs: `account_url = "https://k:s3cr3t-value@acc"`}, hcl: vmGroup,
			want: []string{`Invalid account_url`, `malformed account URL: expected account://API_KEY:API_SECRET@ACCOUNT_ID`}},
		{name: "provider/account_url_no_secret", provider: &vmProvider{withCreds: false, attrs: `account_url = "account://k@acc"`}, hcl: vmGroup,
			want: []string{`Invalid account_url`, `malformed account URL: expected account://API_KEY:API_SECRET@ACCOUNT_ID`}},
		{name: "provider/api_key_missing", provider: &vmProvider{withCreds: false, attrs: `account_id = "acc"` + "\n" + `api_secret = "s3cr3t-value"`}, hcl: vmGroup,
			needsNoCredentialEnv: true,
			want:                 []string{`Missing Cloudinary Account API key`, `Set "api_key" in the provider block, or account_url, or the environment variable CLOUDINARY_PROVISIONING_API_KEY or CLOUDINARY_ACCOUNT_URL`}},

		// --- cloudinary_user.
		{name: "user/email_malformed", hcl: vmUser(`  name = "n"` + "\n" + `  email = "not-an-email"` + "\n" + `  role = "admin"`),
			want: []string{`Attribute email must be an email address such as jane@example.com`}},
		{name: "user/role_unknown", hcl: vmUser(email + `  role = "owner"`),
			want: []string{`Attribute role value must be one of:`, `"master_admin"`, `"media_library_user"`}},
		{name: "user/name_empty", hcl: vmUser(`  name = ""` + "\n" + `  email = "n@example.com"` + "\n" + `  role = "admin"`),
			want: []string{`Attribute name must not be empty`}},
		{name: "user/master_admin_with_environments", hcl: vmUser(email + `  role = "master_admin"` + "\n" + `  product_environment_ids = ["abc"]`),
			want: []string{`product_environment_ids cannot be set when role is "master_admin"`}},

		// --- cloudinary_product_environment.
		{name: "product_environment/name_blank", hcl: `resource "cloudinary_product_environment" "test" { name = "  " }`,
			want: []string{`name`, `must not be empty or only spaces`}},
		{name: "product_environment/cloud_name_bad", hcl: `resource "cloudinary_product_environment" "test" {
  name       = "x"
  cloud_name = "Has Upper"
}`, want: []string{`cloud_name`, `must consist of lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters`}},
		{name: "product_environment/custom_attributes_not_object", hcl: `resource "cloudinary_product_environment" "test" {
  name              = "x"
  custom_attributes = "[1, 2]"
}`, want: []string{`custom_attributes`, `must be a JSON object`, `got an array`}},

		// --- cloudinary_access_key.
		{name: "access_key/dedicated_for_not_webhooks", hcl: `resource "cloudinary_access_key" "test" {
  product_environment_id = "env"
  dedicated_for          = "email"
}`, want: []string{`dedicated_for value must be one of: \["webhooks"\]`}},
		{name: "access_key/name_empty", hcl: `resource "cloudinary_access_key" "test" {
  product_environment_id = "env"
  name                   = ""
}`, want: []string{`name string length must be at least 1`}},

		// --- cloudinary_custom_policy.
		{name: "custom_policy/cedar_invalid", hcl: vmPolicy(`  scope_type = "account"` + "\n" + `  policy_statement = "permit(principal, action, resource)"`),
			want: []string{`Invalid Cedar policy statement`, `policy_statement is not valid Cedar: line 1, column 36: syntax error: expected ";"`}},
		{name: "custom_policy/prodenv_without_scope_id", hcl: vmPolicy(`  scope_type = "prodenv"` + "\n" + fmt.Sprintf(`  policy_statement = %q`, vmValidCedar)),
			want: []string{`scope_id is required when scope_type is "prodenv"`}},
		{name: "custom_policy/scope_id_with_account_scope", hcl: vmPolicy(`  scope_type = "account"` + "\n" + `  scope_id = "all"` + "\n" + fmt.Sprintf(`  policy_statement = %q`, vmValidCedar)),
			want: []string{`scope_id must not be set when scope_type is "account" \(got "all"\)`}},
		{name: "custom_policy/scope_type_unknown", hcl: vmPolicy(`  scope_type = "global"` + "\n" + fmt.Sprintf(`  policy_statement = %q`, vmValidCedar)),
			want: []string{`scope_type value must be one of: \["account" "prodenv"\]`}},

		// --- cloudinary_role.
		{name: "role/system_policy_id_unknown", hcl: vmRole(`  name = "r"` + "\n" + policy + `  system_policy_ids = ["cld::policy::global::users_and_groups::veiw"]`),
			want: []string{`system_policy_ids`, `"cld::policy::global::users_and_groups::veiw" is not the id of a system policy\.`, `Did you mean "cld::policy::global::users_and_groups::view"\?`}},
		{name: "role/role_id_malformed", hcl: vmRole(`  name = "r"` + "\n" + `  role_id = "bad id/1"` + "\n" + policy + `  system_policy_ids = ["cld::policy::global::users_and_groups::view"]`),
			want: []string{`role_id: value must be 1 to 255 letters, digits, '_', '-', '\.' or ':'`}},
		{name: "role/role_id_reserved_prefix", hcl: vmRole(`  name = "r"` + "\n" + `  role_id = "cld::mine"` + "\n" + policy + `  system_policy_ids = ["cld::policy::global::users_and_groups::view"]`),
			want: []string{`role_id: the "cld::" prefix is reserved for Cloudinary's system roles`}},
		{name: "role/name_blank", hcl: vmRole(`  name = "   "` + "\n" + policy + `  system_policy_ids = ["cld::policy::global::users_and_groups::view"]`),
			want: []string{`name must contain a non-whitespace character`}},
		{name: "role/permission_type_unknown", hcl: vmRole(`  name = "r"` + "\n" + `  permission_type = "local"` + "\n" + `  scope_type = "account"` + "\n" + `  system_policy_ids = ["cld::policy::global::users_and_groups::view"]`),
			want: []string{`permission_type value must be one of: \["global" "content"\]`}},

		// --- cloudinary_role_assignment and cloudinary_principal_roles.
		{name: "role_assignment/principal_type_unknown", hcl: `resource "cloudinary_role_assignment" "test" {
  principal_type = "team"
  principal_id   = "g"
  role_id        = "cld::role::account::billing"
}`, want: []string{`Attribute principal_type value must be one of:`, `"user"`, `"group"`}},
		{name: "role_assignment/content_role_without_policy_parameters", hcl: vmAssignment(`  role_id = "cld::role::folder::viewer"` + "\n" + `  scope_id = "env-1"`),
			want: []string{`policy_parameters is required: role "cld::role::folder::viewer" is a content role`}},
		{name: "role_assignment/scope_id_with_account_role", hcl: vmAssignment(`  role_id = "cld::role::account::billing"` + "\n" + `  scope_id = "all"`),
			want: []string{`scope_id is not allowed: role "cld::role::account::billing" is an account role`}},
		{name: "role_assignment/prodenv_role_without_scope_id", hcl: vmAssignment(`  role_id = "cld::role::prodenv::admin"`),
			want: []string{`scope_id is required: role "cld::role::prodenv::admin" is a product environment role`}},
		{name: "principal_roles/content_role_without_policy_parameters", hcl: `resource "cloudinary_principal_roles" "test" {
  principal_type = "group"
  principal_id   = "g-never-sent"
  roles = [
    { role_id = "cld::role::folder::viewer", scope_id = "env-1" },
  ]
}`, want: []string{`roles entry { role_id = "cld::role::folder::viewer", scope_id = "env-1" }: policy_parameters is required`}},

		// --- User groups and memberships.
		{name: "user_group/name_empty", hcl: `resource "cloudinary_user_group" "test" { name = "" }`,
			want: []string{`Attribute name must not be empty`}},
		{name: "user_group_membership/group_id_empty", hcl: `resource "cloudinary_user_group_membership" "test" {
  group_id = ""
  user_id  = "u"
}`, want: []string{`Attribute group_id must not be empty`}},
		{name: "user_group_members/user_id_empty", hcl: `resource "cloudinary_user_group_members" "test" {
  group_id = "g"
  user_ids = ["a", ""]
}`, want: []string{`user_ids`, `must not be empty`}},

		// --- Data sources.
		{name: "data_user/no_lookup_key", hcl: `data "cloudinary_user" "test" {}`,
			want: []string{`Exactly one of these attributes must be configured: \[id,email\]`}},
		{name: "data_user/email_malformed", hcl: `data "cloudinary_user" "test" { email = "nobody" }`,
			want: []string{`Attribute email must be an email address such as jane@example.com`}},
		{name: "data_users/emails_malformed", hcl: `data "cloudinary_users" "test" { emails = ["nobody"] }`,
			want: []string{`emails`, `must be an email address such as jane@example.com`}},
		{name: "data_product_environment/two_lookup_keys", hcl: `data "cloudinary_product_environment" "test" {
  id   = "x"
  name = "y"
}`, want: []string{`Exactly one of these attributes must be configured: \[`}},
		{name: "data_product_environments/ids_empty", hcl: `data "cloudinary_product_environments" "test" { ids = [] }`,
			want: []string{`ids set must contain at least 1 elements`}},
		{name: "data_role/no_lookup_key", hcl: `data "cloudinary_role" "test" {}`,
			want: []string{`Exactly one of these attributes must be configured: \[id,name\]`}},
		{name: "data_roles/management_type_unknown", hcl: `data "cloudinary_roles" "test" {
  permission_type = "global"
  management_type = "mine"
}`, want: []string{`management_type value must be one of: \["system" "custom"\]`}},
		{name: "data_system_policies/permission_type_unknown", hcl: `data "cloudinary_system_policies" "test" { permission_type = "local" }`,
			want: []string{`permission_type value must be one of:`, `"global"`}},
		{name: "data_custom_policies/prodenv_without_scope_id", hcl: `data "cloudinary_custom_policies" "test" { scope_type = "prodenv" }`,
			want: []string{`scope_id is required when scope_type is "prodenv"`}},
		{name: "data_billing_usage/year_zero", hcl: `data "cloudinary_billing_usage" "test" { year = 0 }`,
			want: []string{`year value must be between 1 and 9999, got: 0`}},
		{name: "data_principal_roles/principal_type_unknown", hcl: `data "cloudinary_principal_roles" "test" {
  principal_type = "team"
  principal_id   = "x"
}`, want: []string{`Attribute principal_type value must be one of:`}},
		{name: "data_effective_policies/scope_id_without_prodenv", hcl: `data "cloudinary_effective_policies" "test" {
  principal_type = "group"
  principal_id   = "x"
  scope_id       = "all"
}`, want: []string{`scope_id`, `scope_id is only allowed with scope_type = "prodenv"`}},
		{name: "data_role_principals/principal_type_unknown", hcl: `data "cloudinary_role_principals" "test" {
  role_id        = "cld::role::account::billing"
  principal_type = "team"
}`, want: []string{`Attribute principal_type value must be one of:`}},
		{name: "data_access_keys/environment_empty", hcl: `data "cloudinary_access_keys" "test" { product_environment_id = "" }`,
			want: []string{`product_environment_id string length must be at least 1`}},
		{name: "data_user_group/no_lookup_key", hcl: `data "cloudinary_user_group" "test" {}`,
			want: []string{`Exactly one of these attributes must be configured: \[id,name\]`}},

		// --- Malformed import ids, one per resource type.
		{name: "import/access_key", importAddr: "cloudinary_access_key.test", importID: "only-one-part",
			hcl:  "resource \"cloudinary_access_key\" \"test\" {\n  product_environment_id = \"env\"\n}\n",
			want: []string{`Invalid import id`, `import id must look like <product_environment_id>/<api_key>, got "only-one-part"`}},
		{name: "import/custom_policy", importAddr: "cloudinary_custom_policy.test", importID: " ",
			hcl:  vmPolicy(`  scope_type = "account"` + "\n" + fmt.Sprintf(`  policy_statement = %q`, vmValidCedar)),
			want: []string{`Invalid import id`, `Import a custom policy by its id or its name`}},
		{name: "import/principal_roles", importAddr: "cloudinary_principal_roles.test", importID: "team/g1",
			hcl: `resource "cloudinary_principal_roles" "test" {
  principal_type = "group"
  principal_id   = "g1"
  roles          = [{ role_id = "cld::role::account::billing" }]
}`, want: []string{`Invalid import id`, `principal_type in import id "team/g1" must be one of user, group, apiKey, provisioningKey`}},
		{name: "import/product_environment", importAddr: "cloudinary_product_environment.test", importID: " ",
			hcl:  `resource "cloudinary_product_environment" "test" { name = "x" }`,
			want: []string{`Invalid import id`, `Import a product environment by its id or its cloud_name`}},
		{name: "import/role", importAddr: "cloudinary_role.test", importID: " ",
			hcl:  vmRole(`  name = "r"` + "\n" + policy + `  system_policy_ids = ["cld::policy::global::users_and_groups::view"]`),
			want: []string{`Invalid import id`, `Import a role by its role id`, `got " "`}},
		{name: "import/role_assignment", importAddr: "cloudinary_role_assignment.test", importID: "group/g1",
			hcl:  vmAssignment(`  role_id = "cld::role::account::billing"`),
			want: []string{`Invalid import id`, `import id must look like <principal_type>/<principal_id>/<role_id>`}},
		{name: "import/user", importAddr: "cloudinary_user.test", importID: " ",
			hcl:  vmUser(email + `  role = "admin"`),
			want: []string{`Invalid import id`, `Import a user by its id or its email`}},
		{name: "import/user_group", importAddr: "cloudinary_user_group.test", importID: " ",
			hcl:  vmGroup,
			want: []string{`Cannot import user group`, `the import id must be a user group id or name, got an empty string`}},
		{name: "import/user_group_members", importAddr: "cloudinary_user_group_members.test", importID: " ",
			hcl:  "resource \"cloudinary_user_group_members\" \"test\" {\n  group_id = \"g\"\n  user_ids = []\n}\n",
			want: []string{`Invalid import id`, `Import the members of a user group by the group id`}},
		{name: "import/user_group_membership", importAddr: "cloudinary_user_group_membership.test", importID: "just-one-part",
			hcl:  "resource \"cloudinary_user_group_membership\" \"test\" {\n  group_id = \"g\"\n  user_id  = \"u\"\n}\n",
			want: []string{`Invalid import id`, `import id must look like <group_id>/<user_id>, got "just-one-part"`}},
	}
}

// TestAccValidation_matrix: every invalid configuration fails validate or
// plan with a message that names the attribute and says what is allowed,
// and none of them makes the provider write to the API.
func TestAccValidation_matrix(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	rows := validationMatrix()
	env := acctest.New(t)

	// Every resource type has a malformed import id row.
	imports := map[string]bool{}
	for _, r := range rows {
		if r.importAddr != "" {
			imports[strings.Split(r.importAddr, ".")[0]] = true
		}
	}
	for _, typ := range providerResourceTypes(t) {
		if !imports[typ] {
			t.Errorf("%s has no malformed import id row", typ)
		}
	}

	count := 0
	for _, row := range rows {
		if row.needsNoCredentialEnv && (os.Getenv("CLOUDINARY_ACCOUNT_URL") != "" || os.Getenv("CLOUDINARY_PROVISIONING_API_KEY") != "") {
			t.Logf("%s: skipped, the environment provides credentials", row.name)
			continue
		}
		count++
		t.Run(row.name, func(t *testing.T) {
			cfg := env.Config(row.hcl)
			if row.provider != nil {
				cfg = vmProviderBlock(env, *row.provider) + "\n" + row.hcl
			}
			step := resource.TestStep{Config: cfg, PlanOnly: true, ExpectError: acctest.ErrorPattern(row.want...)}
			if row.importID != "" {
				step = resource.TestStep{Config: cfg, ResourceName: row.importAddr, ImportState: true,
					ImportStateId: row.importID, ExpectError: acctest.ErrorPattern(row.want...)}
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.Factories(),
				Steps:                    []resource.TestStep{step},
			})
		})
	}
	t.Logf("validation matrix: %d invalid configurations", count)
	if count < 30 {
		t.Errorf("the matrix has %d rows, want at least 30", count)
	}

	// After every subtest: no write reached the API.
	t.Cleanup(func() {
		if env.Emulator == nil {
			return // the real API has no counters
		}
		stats := env.Emulator.Stats()
		var writes []string
		for op, n := range stats.ByOperation {
			if n > 0 && vmWriteOperation.MatchString(op) {
				writes = append(writes, fmt.Sprintf("%s x%d", op, n))
			}
		}
		sort.Strings(writes)
		if len(writes) > 0 {
			t.Errorf("invalid configurations reached write operations: %s", strings.Join(writes, ", "))
		}
		if n := stats.ByOperation["validateCedarPolicy"]; n != 0 {
			t.Errorf("Cedar is validated locally, but validateCedarPolicy was called %d times", n)
		}
	})
}

// vmWriteOperation matches the operationIds that change something.
var vmWriteOperation = regexp.MustCompile(`^(create|update|delete|generate|add|remove)[A-Z]`)

// vmProviderBlock renders a provider block for a provider row.
func vmProviderBlock(env *acctest.Env, p vmProvider) string {
	var b strings.Builder
	b.WriteString("provider \"cloudinary\" {\n")
	if p.withCreds && env.Emulator != nil {
		fmt.Fprintf(&b, "  endpoint   = %q\n  account_id = %q\n  api_key    = %q\n  api_secret = %q\n",
			env.Emulator.URL, env.Emulator.AccountID, env.Emulator.APIKey, env.Emulator.APISecret)
	}
	for _, line := range strings.Split(p.attrs, "\n") {
		b.WriteString("  " + line + "\n")
	}
	b.WriteString("}\n")
	return b.String()
}
