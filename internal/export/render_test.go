package export

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// craftedAccount exercises the corner cases: duplicate names, disabled
// objects, a user restricted to no environment, a role without policies,
// policies of every scope, and assignments whose principal or role is not
// exported.
func craftedAccount() *Account {
	f := false
	tr := true
	desc := "Line one\nline \"two\""
	envAll := client.ScopeIDAll
	envA := "env-a"
	return &Account{
		AccountID: "acct-1",
		ProductEnvironments: []client.ProductEnvironment{
			{ID: "env-b", Name: "Shop", CreatedAt: "2024-02-01T00:00:00Z"},
			{ID: "env-a", Name: "Shop", CreatedAt: "2024-01-01T00:00:00Z", Enabled: &f},
			{ID: "env-c", Name: "Main", CloudName: "main-cloud", CreatedAt: "2023-01-01T00:00:00Z", Enabled: &tr},
			{ID: "env-d", Name: "Legacy", CloudName: "Legacy Cloud", CreatedAt: "2022-01-01T00:00:00Z"},
		},
		AccessKeys: []AccessKey{
			{ProductEnvironmentID: "env-a", AccessKey: client.AccessKey{APIKey: "111", APISecret: "s3cr3t-111", Root: &tr}},
			{ProductEnvironmentID: "env-a", AccessKey: client.AccessKey{APIKey: "222", Name: "Web hooks", Enabled: &f, APISecret: "s3cr3t-222"}},
		},
		Users: []User{
			{User: client.User{ID: "u1", Name: "Ann", Email: "ann@example.com", Role: "admin", Root: &tr}, AllEnvironments: true},
			{User: client.User{ID: "u2", Name: "Ben", Email: "ben@example.com", Role: "reports", Enabled: &f},
				EnvironmentIDs: []string{"env-c", "env-a"}},
			{User: client.User{ID: "u3", Name: "Cy", Email: "cy@example.com", Role: "billing"}, EnvironmentIDs: []string{}},
		},
		UserGroups: []client.UserGroup{
			{ID: "g1", Name: "Team", Users: []client.UserGroupUser{{ID: "u2"}, {ID: "u1"}, {ID: "u-gone"}}},
			{ID: "g2", Name: "team"},
		},
		Roles: []client.Role{
			{ID: "r1", Name: "Editor", Description: &desc, PermissionType: "content", ScopeType: "prodenv",
				Policies: []client.SystemPolicy{{ID: "p2"}, {ID: "p1"}}},
			{ID: "r2", Name: "Empty", PermissionType: "global", ScopeType: "account", Policies: []client.SystemPolicy{}},
		},
		CustomPolicies: []client.CustomPolicy{
			{ID: "cp1", Name: "Account wide", ScopeType: "account", Enabled: false, PolicyStatement: `permit(principal, action, resource);`},
			{ID: "cp2", Name: "Everywhere", ScopeType: "prodenv", ScopeID: &envAll, Enabled: true,
				PolicyStatement: "permit(principal, action, resource)\nwhen { true };"},
			{ID: "cp3", Name: "Shop only", ScopeType: "prodenv", ScopeID: &envA, Enabled: true, PolicyStatement: "forbid(principal, action, resource);"},
		},
		RoleAssignments: []RoleAssignment{
			{PrincipalType: "user", PrincipalID: "u2", RoleID: "r1", RoleName: "Editor", Custom: true, ScopeID: "env-a",
				PolicyParameters: map[string]string{"folder_id": "fold"}},
			{PrincipalType: "user", PrincipalID: "u-unknown", RoleID: "cld::role::account::billing", RoleName: "Billing"},
			{PrincipalType: "provisioningKey", PrincipalID: "pk1", RoleID: "cld::role::account::admin", RoleName: "Admin"},
			{PrincipalType: "apiKey", PrincipalID: "222", RoleID: "cld::role::prodenv::reports", ScopeID: "all"},
			{PrincipalType: "group", PrincipalID: "g2", RoleID: "r-other", RoleName: "Other Custom", Custom: true},
		},
	}
}

func files(res *Result) map[string]string {
	m := map[string]string{}
	for _, f := range res.Files {
		m[f.Name] = f.Content
	}
	return m
}

func TestRender_crafted(t *testing.T) {
	res := Render(craftedAccount(), RenderOptions{})
	fs := files(res)
	wantCounts := map[Kind]int{
		KindProductEnvironments: 4, KindAccessKeys: 2, KindUsers: 3, KindUserGroups: 2,
		KindMemberships: 2, KindRoles: 2, KindCustomPolicies: 3, KindRoleAssignments: 5,
	}
	for k, n := range wantCounts {
		if res.Counts[k] != n {
			t.Errorf("count of %s = %d, want %d", k, res.Counts[k], n)
		}
		if got := strings.Count(fs[k.FileName()], "\nimport {\n"); got != n {
			t.Errorf("%s has %d import blocks, want %d", k.FileName(), got, n)
		}
		if got := strings.Count(fs[k.FileName()], "\nresource "+`"`+resourceType[k]+`"`); got != n {
			t.Errorf("%s has %d resource blocks, want %d", k.FileName(), got, n)
		}
	}
	if res.Imports() != 23 {
		t.Errorf("Imports() = %d, want 23", res.Imports())
	}

	expect := func(file string, snippets ...string) {
		t.Helper()
		for _, s := range snippets {
			if !strings.Contains(fs[file], s) {
				t.Errorf("%s lacks %q; it is:\n%s", file, s, fs[file])
			}
		}
	}
	expect("product_environments.tf",
		// Same name, no cloud name: the older keeps the plain name.
		"resource \"cloudinary_product_environment\" \"shop\" {\n  name                = \"Shop\"\n  enabled             = false\n  deletion_protection = true\n}\n\nimport {\n  to = cloudinary_product_environment.shop\n  id = \"env-a\"\n}",
		`resource "cloudinary_product_environment" "shop_2" {`,
		"resource \"cloudinary_product_environment\" \"main_cloud\" {\n  name                = \"Main\"\n  cloud_name          = \"main-cloud\"\n  deletion_protection = true\n}",
		// The oldest environment is the primary one.
		"# The account's primary product environment (its oldest: Cloudinary creates it with the account).\n"+
			"# Cloudinary does not allow deleting it: keep deletion_protection = true, and to stop managing it,\n"+
			"# replace this block with a removed block (lifecycle { destroy = false }) instead of destroying it.\n"+
			"# cloud_name \"Legacy Cloud\" is not in the form cloudinary_product_environment accepts,\n# so it is left out of the configuration; the environment keeps it.\nresource \"cloudinary_product_environment\" \"legacy_cloud\" {\n  name                = \"Legacy\"\n  deletion_protection = true\n}",
	)
	expect("access_keys.tf",
		"# The root access key of this product environment: the key the environment was created\n# with, which Cloudinary does not allow deleting (it goes only with the environment). To stop\n# managing it, replace this block with a removed block (lifecycle { destroy = false }).\n"+
			"resource \"cloudinary_access_key\" \"shop_key_111\" {\n  product_environment_id = cloudinary_product_environment.shop.id\n}",
		"resource \"cloudinary_access_key\" \"shop_web_hooks\" {\n  product_environment_id = cloudinary_product_environment.shop.id\n  name                   = \"Web hooks\"\n  enabled                = false\n}",
		`id = "env-a/222"`,
	)
	expect("users.tf",
		"# The account owner (the API's root user).\nresource \"cloudinary_user\" \"ann_example_com\" {\n  name  = \"Ann\"\n  email = \"ann@example.com\"\n  role  = \"admin\"\n}",
		"  enabled = false\n  product_environment_ids = [\n    cloudinary_product_environment.main_cloud.id,\n    cloudinary_product_environment.shop.id,\n  ]",
		"  product_environment_ids = []\n",
	)
	expect("user_groups.tf", `resource "cloudinary_user_group" "team" {`, `resource "cloudinary_user_group" "team_2" {`)
	expect("memberships.tf",
		"  group_id = cloudinary_user_group.team.id\n  user_ids = [\n    \"u-gone\",\n    cloudinary_user.ann_example_com.id,\n    cloudinary_user.ben_example_com.id,\n  ]",
		"  group_id = cloudinary_user_group.team_2.id\n  user_ids = []\n",
	)
	expect("roles.tf",
		`  description     = "Line one\nline \"two\""`,
		"  system_policy_ids = [\n    \"p1\",\n    \"p2\",\n  ]",
		"  system_policy_ids = []\n",
	)
	expect("custom_policies.tf",
		"resource \"cloudinary_custom_policy\" \"account_wide\" {\n  name             = \"Account wide\"\n  scope_type       = \"account\"\n  enabled          = false\n  policy_statement = \"permit(principal, action, resource);\"\n}",
		"  scope_id         = \"all\"\n  policy_statement = <<EOT\npermit(principal, action, resource)\nwhen { true };\nEOT\n}",
		"  scope_id         = cloudinary_product_environment.shop.id\n",
	)
	expect("role_assignments.tf",
		"resource \"cloudinary_role_assignment\" \"ben_example_com_editor_shop_folder_fold\" {\n  principal_type    = \"user\"\n  principal_id      = cloudinary_user.ben_example_com.id\n  role_id           = cloudinary_role.editor.id\n  scope_id          = cloudinary_product_environment.shop.id\n  policy_parameters = { folder_id = \"fold\" }\n}",
		`id = "user/u2/r1/env-a/folder_id=fold"`,
		"# System role \"Billing\" (managed by Cloudinary).\nresource \"cloudinary_role_assignment\" \"user_u_unknown_account_billing\" {\n  principal_type = \"user\"\n  principal_id   = \"u-unknown\"\n  role_id        = \"cld::role::account::billing\"\n}",
		"# provisioningKey principals are not managed by this provider: the id is literal.\n# System role \"Admin\" (managed by Cloudinary).\nresource \"cloudinary_role_assignment\" \"provisioningkey_pk1_account_admin\" {",
		"  principal_id   = cloudinary_access_key.shop_web_hooks.api_key\n",
		// A custom role that was not read: literal id, named after the role name.
		"resource \"cloudinary_role_assignment\" \"team_2_other_custom\" {\n  principal_type = \"group\"\n  principal_id   = cloudinary_user_group.team_2.id\n  role_id        = \"r-other\"\n}",
	)
	expect("providers.tf", `source = "cloudinary-terraform/cloudinary"`, `provider "cloudinary" {}`)
	expect("README.md", "Plan: 23 to import, 0 to add, 0 to change, 0 to destroy.", "## Needs attention first", "cy@example.com", "Empty")

	if len(res.Warnings) != 2 {
		t.Errorf("warnings = %q, want 2 (user with no environment, role with no policy)", res.Warnings)
	}
	for name, content := range fs {
		for _, secret := range []string{"s3cr3t-111", "s3cr3t-222"} {
			if strings.Contains(content, secret) {
				t.Errorf("%s contains a secret", name)
			}
		}
	}
}

func TestRender_filteredKindsUseLiteralIDs(t *testing.T) {
	res := Render(craftedAccount(), RenderOptions{Kinds: []Kind{KindUsers, KindRoleAssignments}, Region: "api-eu"})
	fs := files(res)
	var names []string
	for _, f := range res.Files {
		names = append(names, f.Name)
	}
	if want := []string{"providers.tf", "users.tf", "role_assignments.tf", "README.md"}; !slices.Equal(names, want) {
		t.Errorf("files = %v, want %v", names, want)
	}
	if !strings.Contains(fs["users.tf"], "  product_environment_ids = [\n    \"env-a\",\n    \"env-c\",\n  ]") {
		t.Errorf("users.tf should use literal environment ids:\n%s", fs["users.tf"])
	}
	ra := fs["role_assignments.tf"]
	for _, s := range []string{`principal_id      = cloudinary_user.ben_example_com.id`, `role_id           = "r1"`, `scope_id          = "env-a"`, `principal_id   = "222"`, `principal_id   = "g2"`} {
		if !strings.Contains(ra, s) {
			t.Errorf("role_assignments.tf lacks %q:\n%s", s, ra)
		}
	}
	if !strings.Contains(fs["providers.tf"], "provider \"cloudinary\" {\n  region = \"api-eu\"\n}") {
		t.Errorf("providers.tf should set the region:\n%s", fs["providers.tf"])
	}
}

func TestRender_deterministic(t *testing.T) {
	a := craftedAccount()
	first := Render(a, RenderOptions{})
	b := craftedAccount()
	slices.Reverse(b.ProductEnvironments)
	slices.Reverse(b.AccessKeys)
	slices.Reverse(b.Users)
	slices.Reverse(b.UserGroups)
	slices.Reverse(b.Roles)
	slices.Reverse(b.CustomPolicies)
	slices.Reverse(b.RoleAssignments)
	second := Render(b, RenderOptions{})
	f1, f2 := files(first), files(second)
	for name, c := range f1 {
		if f2[name] != c {
			t.Errorf("%s differs when the input order changes:\n%s\n---\n%s", name, c, f2[name])
		}
	}
}

// TestRender_terraformFmt checks that the output is already in terraform fmt
// layout (which also proves it parses). It needs terraform, not the provider.
func TestRender_terraformFmt(t *testing.T) {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform is not on PATH")
	}
	dir := t.TempDir()
	if err := WriteDir(dir, Render(craftedAccount(), RenderOptions{Region: "api-ap"}).Files, false); err != nil {
		t.Fatal(err)
	}
	var w strings.Builder
	b := everyValueBlock()
	b.render(&w)
	if err := os.WriteFile(filepath.Join(dir, "values.tf"), []byte(w.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), tf, "fmt", "-check", "-diff", "-no-color")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE="+filepath.Join(dir, "none.tfrc"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("terraform fmt -check: %v\n%s", err, out)
	}
}

func TestParseKinds(t *testing.T) {
	all, err := ParseKinds("")
	if err != nil || !slices.Equal(all, AllKinds) {
		t.Errorf(`ParseKinds("") = %v, %v`, all, err)
	}
	got, err := ParseKinds(" role_assignments, users,users ")
	if err != nil || !slices.Equal(got, []Kind{KindUsers, KindRoleAssignments}) {
		t.Errorf("ParseKinds = %v, %v", got, err)
	}
	if _, err := ParseKinds("users,groups"); err == nil || !strings.Contains(err.Error(), `"groups"`) {
		t.Errorf("an unknown kind should be refused by name, got %v", err)
	}
	if _, err := ParseKinds(","); err == nil {
		t.Error("an empty list should be refused")
	}
}

func TestRoleAssignmentImportID(t *testing.T) {
	for _, tc := range []struct {
		ra   RoleAssignment
		want string
	}{
		{RoleAssignment{PrincipalType: "group", PrincipalID: "g1", RoleID: "cld::role::account::billing"}, "group/g1/cld::role::account::billing"},
		{RoleAssignment{PrincipalType: "user", PrincipalID: "u/1", RoleID: "r", ScopeID: "all"}, "user/u%2F1/r/all"},
		{RoleAssignment{PrincipalType: "user", PrincipalID: "u", RoleID: "r", ScopeID: "e",
			PolicyParameters: map[string]string{"folder_id": "a=b,c%", "collection_id": "x"}}, "user/u/r/e/collection_id=x,folder_id=a%3Db%2Cc%25"},
	} {
		if got := tc.ra.ImportID(); got != tc.want {
			t.Errorf("ImportID = %q, want %q", got, tc.want)
		}
	}
}
