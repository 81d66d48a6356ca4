package provider_test

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/provider"
)

// testAccKnownStep is one plan of TestAccPlan_knownValues: the action it
// plans for the resource "test" of the case's type, which computed
// attributes it knows (and their values) and which it leaves unknown.
type testAccKnownStep struct {
	config  string // %[1]s is the case's tf-acc- name
	action  plancheck.ResourceActionType
	known   map[string]knownvalue.Check
	unknown []string
	capture map[string]*string // address.attribute -> where to store it after the apply
}

// testAccLater is a string check whose expected value is read when the
// check runs (a value captured by an earlier step).
type testAccLater struct{ want *string }

func (c testAccLater) CheckValue(v any) error {
	if s, ok := v.(string); !ok || s != *c.want {
		return fmt.Errorf("expected %q, got %v", *c.want, v)
	}
	return nil
}

func (c testAccLater) String() string { return *c.want }

// testAccLaterJoined expects the captured values joined with "/".
type testAccLaterJoined []*string

func (c testAccLaterJoined) CheckValue(v any) error {
	parts := make([]string, len(c))
	for i, p := range c {
		parts[i] = *p
	}
	want := strings.Join(parts, "/")
	if s, ok := v.(string); !ok || s != want {
		return fmt.Errorf("expected %q, got %v", want, v)
	}
	return nil
}

func (c testAccLaterJoined) String() string { return "joined" }

// testAccComputedAttrs lists, for each resource type, its computed
// attributes (computed only, or optional and computed).
func testAccComputedAttrs(t *testing.T) map[string][]string {
	t.Helper()
	ctx := t.Context()
	out := map[string][]string{}
	for _, newResource := range provider.New("test")().Resources(ctx) {
		r := newResource()
		var md tfresource.MetadataResponse
		r.Metadata(ctx, tfresource.MetadataRequest{ProviderTypeName: "cloudinary"}, &md)
		var sr tfresource.SchemaResponse
		r.Schema(ctx, tfresource.SchemaRequest{}, &sr)
		var names []string
		for name, a := range sr.Schema.Attributes {
			if a.IsComputed() {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		out[md.TypeName] = names
	}
	return out
}

// testAccKnownCases returns, per resource type, plans that create and update
// the resource "test", pinning every computed attribute in at least one
// create and one update plan (TestAccPlan_knownValues checks that). Known
// are those the provider can tell before the apply; unknown only ids and
// times Cloudinary assigns, a cloud name or key name it picks, a secret it
// generates, and pending of a new user or a new address.
func testAccKnownCases() map[string][]testAccKnownStep {
	// Each case captures into its own variables: the cases run in parallel.
	var memGroup, memUser, membersGroup, membersUser, raGroup, prGroup string
	notNull, isTrue, isFalse := knownvalue.NotNull(), knownvalue.Bool(true), knownvalue.Bool(false)
	empty := knownvalue.ListExact([]knownvalue.Check{})
	groupAndUser := `
resource "cloudinary_user_group" "g" {
  name = "%[1]s"
}
resource "cloudinary_user" "u" {
  name  = "%[1]s"
  email = "%[1]s@example.com"
  role  = "media_library_user"
}
`
	captureGroupAndUser := func(group, user *string) map[string]*string {
		return map[string]*string{"cloudinary_user_group.g.id": group, "cloudinary_user.u.id": user}
	}
	pe := func(cloudName, extra string) string {
		return `
resource "cloudinary_product_environment" "test" {
  name                = "%[1]s"
  cloud_name          = "%[1]s` + cloudName + `"
  deletion_protection = false
` + extra + `
}
`
	}
	user := func(email, name string) string {
		return `
resource "cloudinary_user" "test" {
  name  = "%[1]s` + name + `"
  email = "%[1]s` + email + `@example.com"
  role  = "media_library_user"
}
`
	}
	role := func(policies string) string {
		return `
resource "cloudinary_role" "test" {
  role_id           = "%[1]s"
  name              = "%[1]s"
  permission_type   = "content"
  scope_type        = "prodenv"
  system_policy_ids = [` + policies + `]
}
`
	}
	policy := func(key, extra string) string {
		return `
resource "cloudinary_custom_policy" "test" {
  name             = "%[1]s"
  scope_type       = "account"
  policy_statement = ` + fmt.Sprintf("%q", testAccCustomPolicyStatement(key)) + `
` + extra + `
}
`
	}
	key := func(name, extra string) string {
		return `
resource "cloudinary_product_environment" "e" {
  name                = "%[1]s"
  deletion_protection = false
}
resource "cloudinary_access_key" "test" {
  product_environment_id = cloudinary_product_environment.e.id
  name                   = "%[1]s` + name + `"
` + extra + `
}
`
	}
	assignment := func(extra string) string {
		return `
resource "cloudinary_user_group" "g" {
  name = "%[1]s"
}
resource "cloudinary_role_assignment" "test" {
  principal_type = "group"
  principal_id   = cloudinary_user_group.g.id
  role_id        = "cld::role::account::billing"
` + extra + `
}
`
	}
	principalRoles := func(roles string) string {
		return `
resource "cloudinary_user_group" "g" {
  name = "%[1]s"
}
resource "cloudinary_principal_roles" "test" {
  principal_type = "group"
  principal_id   = cloudinary_user_group.g.id
  roles          = [` + roles + `]
}
`
	}
	roleGroup := `
resource "cloudinary_user_group" "g" {
  name = "%[1]s"
}
`
	return map[string][]testAccKnownStep{
		"cloudinary_product_environment": {
			{config: pe("", ""), action: plancheck.ResourceActionCreate,
				known:   map[string]knownvalue.Check{"enabled": isTrue, "deletion_protection": isFalse, "cloud_name": notNull},
				unknown: []string{"id", "created_at", "updated_at"}},
			{config: pe("", "  timeouts {\n    update = \"5m\"\n  }"), action: plancheck.ResourceActionUpdate,
				// Only a Terraform setting changes: nothing is sent.
				known: map[string]knownvalue.Check{"id": notNull, "cloud_name": notNull, "enabled": isTrue,
					"deletion_protection": isFalse, "created_at": notNull, "updated_at": notNull}},
			{config: pe("-2", "  timeouts {\n    update = \"5m\"\n  }"), action: plancheck.ResourceActionUpdate,
				// A new cloud_name: updated in place (with a warning, see
				// TestProductEnvironmentModifyPlan_cloudNameWarning).
				known: map[string]knownvalue.Check{"id": notNull, "enabled": isTrue, "deletion_protection": isFalse,
					"created_at": notNull, "cloud_name": knownvalue.StringRegexp(regexp.MustCompile(`^tf-acc-known-.*-2$`))},
				unknown: []string{"updated_at"}},
		},
		"cloudinary_user": {
			{config: user("", ""), action: plancheck.ResourceActionCreate,
				known:   map[string]knownvalue.Check{"all_product_environments": isTrue, "enabled": isTrue},
				unknown: []string{"id", "pending", "created_at"}},
			{config: user("", "-x"), action: plancheck.ResourceActionUpdate,
				known: map[string]knownvalue.Check{"id": notNull, "all_product_environments": isTrue, "enabled": isTrue,
					"pending": isTrue, "created_at": notNull}},
			{config: user("-new", "-x"), action: plancheck.ResourceActionUpdate,
				// A new address may need a new invitation.
				known:   map[string]knownvalue.Check{"id": notNull, "created_at": notNull},
				unknown: []string{"pending"}},
		},
		"cloudinary_user_group": {
			{config: `resource "cloudinary_user_group" "test" { name = "%[1]s" }`, action: plancheck.ResourceActionCreate,
				unknown: []string{"id"}},
			{config: `resource "cloudinary_user_group" "test" { name = "%[1]s-x" }`, action: plancheck.ResourceActionUpdate,
				known: map[string]knownvalue.Check{"id": notNull}},
		},
		"cloudinary_user_group_membership": {
			{config: groupAndUser, capture: captureGroupAndUser(&memGroup, &memUser)},
			{config: groupAndUser + `
resource "cloudinary_user_group_membership" "test" {
  group_id = cloudinary_user_group.g.id
  user_id  = cloudinary_user.u.id
}
`, action: plancheck.ResourceActionCreate, known: map[string]knownvalue.Check{"id": testAccLaterJoined{&memGroup, &memUser}}},
			{config: groupAndUser + `
resource "cloudinary_user_group_membership" "test" {
  group_id = cloudinary_user_group.g.id
  user_id  = cloudinary_user.u.id
  timeouts {
    delete = "5m"
  }
}
`, action: plancheck.ResourceActionUpdate, known: map[string]knownvalue.Check{"id": testAccLaterJoined{&memGroup, &memUser}}},
		},
		"cloudinary_user_group_members": {
			{config: groupAndUser, capture: captureGroupAndUser(&membersGroup, &membersUser)},
			{config: groupAndUser + `
resource "cloudinary_user_group_members" "test" {
  group_id = cloudinary_user_group.g.id
  user_ids = []
}
`, action: plancheck.ResourceActionCreate,
				known: map[string]knownvalue.Check{"id": testAccLater{&membersGroup}, "removed_on_create": empty}},
			{config: groupAndUser + `
resource "cloudinary_user_group_members" "test" {
  group_id = cloudinary_user_group.g.id
  user_ids = [cloudinary_user.u.id]
}
`, action: plancheck.ResourceActionUpdate,
				known: map[string]knownvalue.Check{"id": testAccLater{&membersGroup}, "removed_on_create": empty}},
		},
		"cloudinary_role": {
			{config: role(`"` + testAccPolicyFolderView + `"`), action: plancheck.ResourceActionCreate,
				known: map[string]knownvalue.Check{
					"id": knownvalue.StringRegexp(testAccKnownNamePattern), "role_id": knownvalue.StringRegexp(testAccKnownNamePattern),
					"management_type": knownvalue.StringExact("custom"), "force_delete": isFalse,
					"policy_parameters": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("folder_id")}),
				},
				unknown: []string{"created_at", "updated_at"}},
			{config: role(`"` + testAccPolicyFolderView + `", "cld::policy::content::collection::view"`), action: plancheck.ResourceActionUpdate,
				// The catalog tells the new policies' parameters.
				known: map[string]knownvalue.Check{
					"id": notNull, "role_id": notNull, "management_type": knownvalue.StringExact("custom"), "force_delete": isFalse,
					"created_at": notNull,
					"policy_parameters": knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("collection_id"), knownvalue.StringExact("folder_id")}),
				},
				unknown: []string{"updated_at"}},
		},
		"cloudinary_role_assignment": {
			{config: roleGroup, capture: map[string]*string{"cloudinary_user_group.g.id": &raGroup}},
			{config: assignment(""), action: plancheck.ResourceActionCreate,
				known: map[string]knownvalue.Check{"id": testAccLaterPrefixed{"group/", &raGroup, "/cld::role::account::billing"}}},
			{config: assignment("  timeouts {\n    delete = \"5m\"\n  }"), action: plancheck.ResourceActionUpdate,
				known: map[string]knownvalue.Check{"id": testAccLaterPrefixed{"group/", &raGroup, "/cld::role::account::billing"}}},
		},
		"cloudinary_principal_roles": {
			{config: roleGroup, capture: map[string]*string{"cloudinary_user_group.g.id": &prGroup}},
			{config: principalRoles(""), action: plancheck.ResourceActionCreate,
				known: map[string]knownvalue.Check{"id": testAccLaterPrefixed{"group/", &prGroup, ""}, "removed_on_create": empty}},
			{config: principalRoles(`{ role_id = "cld::role::account::billing" }`), action: plancheck.ResourceActionUpdate,
				known: map[string]knownvalue.Check{"id": testAccLaterPrefixed{"group/", &prGroup, ""}, "removed_on_create": empty}},
		},
		"cloudinary_custom_policy": {
			{config: policy("a", ""), action: plancheck.ResourceActionCreate,
				known:   map[string]knownvalue.Check{"enabled": isTrue},
				unknown: []string{"id", "created_at", "updated_at"}},
			{config: policy("b", ""), action: plancheck.ResourceActionUpdate,
				known:   map[string]knownvalue.Check{"id": notNull, "enabled": isTrue, "created_at": notNull},
				unknown: []string{"updated_at"}},
			{config: policy("b", "  timeouts {\n    update = \"5m\"\n  }"), action: plancheck.ResourceActionUpdate,
				known: map[string]knownvalue.Check{"id": notNull, "enabled": isTrue, "created_at": notNull, "updated_at": notNull}},
		},
		"cloudinary_access_key": {
			{config: key("", `  dedicated_for          = "webhooks"`), action: plancheck.ResourceActionCreate,
				known:   map[string]knownvalue.Check{"name": knownvalue.StringRegexp(testAccKnownNamePattern), "enabled": isTrue},
				unknown: []string{"id", "api_key", "api_secret", "created_at", "updated_at"}},
			{config: key("-x", `  dedicated_for          = "webhooks"`), action: plancheck.ResourceActionUpdate,
				known: map[string]knownvalue.Check{"id": notNull, "name": notNull, "enabled": isTrue, "api_key": notNull,
					"api_secret": notNull, "created_at": notNull},
				unknown: []string{"updated_at"}},
			{config: key("-x", ""), action: plancheck.ResourceActionUpdate,
				// Removing dedicated_for sends nothing (the API cannot clear it).
				known: map[string]knownvalue.Check{"id": notNull, "name": notNull, "enabled": isTrue, "api_key": notNull,
					"api_secret": notNull, "created_at": notNull, "updated_at": notNull}},
		},
	}
}

// testAccKnownNamePattern matches the names TestAccPlan_knownValues uses.
var testAccKnownNamePattern = regexp.MustCompile(`^tf-acc-known-`)

// testAccLaterPrefixed expects prefix + a captured value + suffix.
type testAccLaterPrefixed struct {
	prefix string
	value  *string
	suffix string
}

func (c testAccLaterPrefixed) CheckValue(v any) error {
	want := c.prefix + *c.value + c.suffix
	if s, ok := v.(string); !ok || s != want {
		return fmt.Errorf("expected %q, got %v", want, v)
	}
	return nil
}

func (c testAccLaterPrefixed) String() string { return c.prefix + "..." + c.suffix }

// TestAccPlan_knownValues pins, for every resource type, which computed
// attributes a create and an update plan know (plancheck.ExpectKnownValue)
// and which they leave unknown (plancheck.ExpectUnknownValue).
func TestAccPlan_knownValues(t *testing.T) {
	cases := testAccKnownCases()
	for typ, attrs := range testAccComputedAttrs(t) {
		for _, action := range []plancheck.ResourceActionType{plancheck.ResourceActionCreate, plancheck.ResourceActionUpdate} {
			pinned := map[string]bool{}
			for _, s := range cases[typ] {
				if s.action != action {
					continue
				}
				for a := range s.known {
					pinned[a] = true
				}
				for _, a := range s.unknown {
					pinned[a] = true
				}
			}
			for _, a := range attrs {
				if !pinned[a] {
					t.Errorf("%s.%s is pinned in no %s plan of testAccKnownCases", typ, a, action)
				}
			}
		}
	}
	for typ, steps := range cases {
		t.Run(strings.TrimPrefix(typ, "cloudinary_"), func(t *testing.T) {
			env := acctest.New(t)
			name := acctest.RandomName("tf-acc-known")
			addr := typ + ".test"
			var tsteps []resource.TestStep
			for _, s := range steps {
				var checks []plancheck.PlanCheck
				if s.action != "" {
					checks = append(checks, plancheck.ExpectResourceAction(addr, s.action))
				}
				for a, v := range s.known {
					checks = append(checks, plancheck.ExpectKnownValue(addr, tfjsonpath.New(a), v))
				}
				for _, a := range s.unknown {
					checks = append(checks, plancheck.ExpectUnknownValue(addr, tfjsonpath.New(a)))
				}
				var captures []statecheck.StateCheck
				for at, dst := range s.capture {
					i := strings.LastIndexByte(at, '.')
					captures = append(captures, acctest.Capture(at[:i], at[i+1:], dst))
				}
				tsteps = append(tsteps, resource.TestStep{
					Config:            env.Config(fmt.Sprintf(s.config, name)),
					ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: checks},
					ConfigStateChecks: captures,
				})
			}
			resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: env.Factories(), Steps: tsteps})
		})
	}
}
