package export_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/export"
)

// seeded is the test account: what was created, for the assertions.
type seeded struct {
	srv     *emulatortest.Server
	c       *client.Client
	prod    *client.ProductEnvironment
	staging *client.ProductEnvironment
	objects int // objects the export should write
}

// seedAccount builds a small realistic account through the client, in an
// emulator seeded like a real account (its primary environment, owner and
// root key): two more environments (one disabled) with their keys, five users with varied
// environment access (two whose emails slugify alike), two groups with
// members, a custom role, a custom policy whose statement spans lines and
// holds a "${", and role assignments of a custom role to a group, a content
// system role to a user and a system role to an access key.
func seedAccount(t *testing.T) *seeded {
	t.Helper()
	ctx := t.Context()
	srv := emulatortest.Start(t, emulatortest.Seed(emulator.SeedRealistic))
	c, err := client.New(client.Config{AccountID: srv.AccountID, APIKey: srv.APIKey, APISecret: srv.APISecret, BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	s := &seeded{srv: srv, c: c}
	s.prod, err = c.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: "Production", CloudName: client.Ptr("acme-prod")})
	must(err)
	s.staging, err = c.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: "Staging \"B\"", CloudName: client.Ptr("acme-staging")})
	must(err)
	_, err = c.UpdateProductEnvironment(ctx, s.staging.ID, client.ProductEnvironmentUpdateRequest{Enabled: client.Ptr(false)})
	must(err)
	ci, err := c.GenerateAccessKey(ctx, s.prod.ID, client.AccessKeyCreateRequest{Name: client.Ptr("ci")})
	must(err)
	_, err = c.GenerateAccessKey(ctx, s.staging.ID, client.AccessKeyCreateRequest{Name: client.Ptr("legacy"), Enabled: client.Ptr(false)})
	must(err)

	user := func(name, email, role string, envs []string, enabled bool) *client.User {
		u, err := c.CreateUser(ctx, client.UserCreateRequest{Name: name, Email: email, Role: client.Ptr(role), SubAccountIDs: envs, Enabled: client.Ptr(enabled)})
		must(err)
		return u
	}
	alice := user("Alice Admin", "alice@example.com", client.UserRoleAdmin, nil, true)
	bobDot := user("Bob Smith", "bob.smith@example.com", client.UserRoleTechnicalAdmin, []string{s.prod.ID}, true)
	bobUnderscore := user("Bob Smith", "bob_smith@example.com", client.UserRoleMediaLibraryUser, []string{s.prod.ID, s.staging.ID}, false)
	carol := user("Carol", "carol@example.com", client.UserRoleReports, []string{s.staging.ID}, true)
	user("Dave", "dave@example.com", client.UserRoleMasterAdmin, nil, true)

	eng, err := c.CreateUserGroup(ctx, client.UserGroupRequest{Name: "Engineering"})
	must(err)
	mkt, err := c.CreateUserGroup(ctx, client.UserGroupRequest{Name: "Marketing & Brand"})
	must(err)
	for _, m := range [][2]string{{eng.ID, alice.ID}, {eng.ID, bobDot.ID}, {mkt.ID, bobUnderscore.ID}, {mkt.ID, carol.ID}} {
		_, err := c.AddUserToUserGroup(ctx, m[0], m[1])
		must(err)
	}

	role, err := c.CreateRole(ctx, client.CreateRoleRequest{
		PermissionType: client.PermissionTypeGlobal, ScopeType: client.ScopeTypeProdenv, Name: "Uploader",
		Description:     client.Ptr("Uploads assets"),
		SystemPolicyIDs: []string{"cld::policy::global::ml::access", "cld::policy::global::folder_and_asset_management::create_asset"},
	})
	must(err)
	_, err = c.CreateCustomPolicy(ctx, client.CreateCustomPolicyRequest{
		Name: "Read the ${brand} folder", ScopeType: client.ScopeTypeProdenv, ScopeID: client.Ptr(s.prod.ID),
		PolicyStatement: "permit (\n  principal,\n  action == Cloudinary::Action::\"read\",\n  resource is Cloudinary::Folder\n)\n" +
			"when { resource.ancestor_ids.contains(\"${brand}\") };\n",
	})
	must(err)

	must(c.UpdatePrincipalRoles(ctx, client.UpdatePrincipalRolesRequest{
		Operation: client.OperationAdd, Principal: client.Principal{Type: client.PrincipalTypeGroup, ID: eng.ID},
		Roles: []client.RoleToManage{{ID: role.ID, ScopeID: client.Ptr(s.prod.ID)}},
	}))
	must(c.UpdatePrincipalRoles(ctx, client.UpdatePrincipalRolesRequest{
		Operation: client.OperationAdd, Principal: client.Principal{Type: client.PrincipalTypeUser, ID: carol.ID},
		Roles: []client.RoleToManage{{ID: "cld::role::folder::viewer", ScopeID: client.Ptr(s.staging.ID),
			PolicyParameters: client.PolicyParameters{"folder_id": "f/1=a,b"}}},
	}))
	must(c.UpdatePrincipalRoles(ctx, client.UpdatePrincipalRolesRequest{
		Operation: client.OperationAdd, Principal: client.Principal{Type: client.PrincipalTypeAPIKey, ID: ci.APIKey},
		Roles: []client.RoleToManage{{ID: "cld::role::prodenv::reports", ScopeID: client.Ptr(client.ScopeIDAll)}},
	}))

	// The seeded primary environment, its root key and the owner; 2
	// environments, 4 keys (one generated with each environment), 5 users,
	// 2 groups, 2 member lists, 1 role, 1 policy, 3 assignments.
	s.objects = 3 + 2 + 4 + 5 + 2 + 2 + 1 + 1 + 3
	c.ResetCounts()
	return s
}

// TestExport_emulator exports the seeded account and checks the files, the
// references, the names and the request economy. It needs no terraform.
func TestExport_emulator(t *testing.T) {
	s := seedAccount(t)
	dir := filepath.Join(t.TempDir(), "out")
	res, err := export.Export(t.Context(), s.c, export.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if res.Imports() != s.objects {
		t.Errorf("exported %d objects (%v), want %d", res.Imports(), res.Counts, s.objects)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("unexpected warnings: %q", res.Warnings)
	}
	all := readDir(t, dir)
	if d := os.Getenv("EXPORT_DUMP"); d != "" { // debugging aid: copy the output to $EXPORT_DUMP
		_ = os.CopyFS(d, os.DirFS(dir))
	}
	for _, want := range []string{
		`resource "cloudinary_product_environment" "acme_prod" {`,
		`resource "cloudinary_product_environment" "acme_staging" {`,
		`  name                = "Staging \"B\""`,
		`  enabled             = false`,
		`  deletion_protection = true`,
		`resource "cloudinary_access_key" "acme_prod_ci" {`,
		`  product_environment_id = cloudinary_product_environment.acme_prod.id`,
		`resource "cloudinary_user" "bob_smith_example_com" {`,
		`resource "cloudinary_user" "bob_smith_example_com_2" {`,
		"  product_environment_ids = [\n    cloudinary_product_environment.acme_prod.id,\n    cloudinary_product_environment.acme_staging.id,\n  ]",
		`resource "cloudinary_user_group_members" "marketing_brand" {`,
		`  group_id = cloudinary_user_group.engineering.id`,
		`resource "cloudinary_role" "uploader" {`,
		`  name             = "Read the $${brand} folder"`,
		`  scope_id         = cloudinary_product_environment.acme_prod.id`,
		"  policy_statement = <<EOT\npermit (\n",
		`resource.ancestor_ids.contains("$${brand}") };` + "\nEOT\n",
		`resource "cloudinary_role_assignment" "engineering_uploader_acme_prod" {`,
		`  role_id        = cloudinary_role.uploader.id`,
		`  principal_id   = cloudinary_access_key.acme_prod_ci.api_key`,
		`  role_id        = "cld::role::prodenv::reports"`,
		`  scope_id       = "all"`,
		`  policy_parameters = { folder_id = "f/1=a,b" }`,
		`  id = "user/`,
		`/cld::role::folder::viewer/` + s.staging.ID + `/folder_id=f%2F1%3Da%2Cb"`,
		"import {\n  to = cloudinary_user.alice_example_com\n  id = ",
		`source = "cloudinary-terraform/cloudinary"`,
		// The seeded objects, each marked for what it is.
		"# The account's primary product environment (its oldest: Cloudinary creates it with the account).\n" +
			"# Cloudinary does not allow deleting it: keep deletion_protection = true, and to stop managing it,\n" +
			"# replace this block with a removed block (lifecycle { destroy = false }) instead of destroying it.\n" +
			"resource \"cloudinary_product_environment\" \"emu_account\" {\n" +
			"  name                = \"Primary environment\"\n  cloud_name          = \"emu-account\"\n  deletion_protection = true\n}",
		"# The account's root access key (of the primary product environment): the key the environment was created\n" +
			"# with, which Cloudinary does not allow deleting (it goes only with the environment). To stop\n" +
			"# managing it, replace this block with a removed block (lifecycle { destroy = false }).\n" +
			"resource \"cloudinary_access_key\" \"emu_account_key_100000000000001\" {\n" +
			"  product_environment_id = cloudinary_product_environment.emu_account.id\n}",
		"# The account owner (the API's root user), a master admin. Cloudinary does not allow deleting the\n" +
			"# last master admin or giving it another role: make another user a master admin first.\n" +
			"resource \"cloudinary_user\" \"owner_example_com\" {\n" +
			"  name  = \"Account Owner\"\n  email = \"owner@example.com\"\n  role  = \"master_admin\"\n}",
		"# The root access key of this product environment: the key the environment was created\n",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// The master admins and alice (all environments) have no list.
	for _, name := range []string{"alice_example_com", "dave_example_com", "owner_example_com"} {
		if blk := resourceBlock(all, "cloudinary_user", name); strings.Contains(blk, "product_environment_ids") || blk == "" {
			t.Errorf("user %s: want a block without product_environment_ids, got:\n%s", name, blk)
		}
	}
	if strings.Contains(all, "api_secret") && !strings.Contains(all, "No `api_secret` is written") {
		t.Error("output mentions api_secret")
	}
	// Request economy: list calls only. 1 environment list, 3 key lists,
	// 1 user list + 3 per-environment user lists, 1 group list, 2 role lists
	// (+1 getRole if the list leaves the policies out), 4 policy lists,
	// 2 inspects.
	counts := s.c.RequestCounts()
	total := 0
	for _, n := range counts {
		total += n
	}
	if total > 18 {
		t.Errorf("export spent %d requests (%v), want at most 18", total, counts)
	}
	for _, op := range []string{"getUser", "getSubAccountsForUser", "getUserGroup", "getCustomPolicy", "getPrincipalRoles"} {
		if counts[op] > 0 {
			t.Errorf("export called %s %d times: per-object reads instead of lists", op, counts[op])
		}
	}
	t.Logf("requests: %d %v", total, counts)

	// No secret of any key may appear.
	keys, err := s.c.ListAllAccessKeys(t.Context(), s.prod.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if k.APISecret != "" && strings.Contains(all, k.APISecret) {
			t.Errorf("the secret of key %s is in the output", k.APIKey)
		}
	}
	if strings.Contains(all, s.srv.APISecret) {
		t.Error("the Account API secret is in the output")
	}

	// A second export into the same directory needs -force, and removes the
	// files of kinds no longer written.
	if _, err := export.Export(t.Context(), s.c, export.Options{Dir: dir, Kinds: []export.Kind{export.KindUsers}}); err == nil {
		t.Error("export into a non-empty directory succeeded without Overwrite")
	}
	if _, err := export.Export(t.Context(), s.c, export.Options{Dir: dir, Kinds: []export.Kind{export.KindUsers}, Overwrite: true}); err != nil {
		t.Fatal(err)
	}
	names := dirNames(t, dir)
	if want := "README.md providers.tf users.tf"; names != want {
		t.Errorf("after a users-only export the directory holds %q, want %q", names, want)
	}
	users := readDir(t, dir)
	// Environments are not exported now: literal ids instead of references.
	if !strings.Contains(users, `product_environment_ids = ["`+s.staging.ID+`"]`) {
		t.Errorf("users-only export should use literal environment ids:\n%s", users)
	}
}

// TestExport_planShowsOnlyImports is the end-to-end check: terraform plan on
// the export, with the provider built from this repository, must show only
// imports; after the apply (which only imports), a new plan shows no change.
func TestExport_planShowsOnlyImports(t *testing.T) {
	if os.Getenv("TF_ACC") != "1" {
		t.Skip("set TF_ACC=1 to run: this test builds the provider and runs terraform plan and apply against the emulator")
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform is not on PATH")
	}
	s := seedAccount(t)
	tmp := t.TempDir()
	out := filepath.Join(tmp, "out")
	res, err := export.Export(t.Context(), s.c, export.Options{Dir: out})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("export: %d objects, %d requests %v", res.Imports(), total(s.c.RequestCounts()), s.c.RequestCounts())

	pluginDir := filepath.Join(tmp, "plugins")
	build := exec.CommandContext(t.Context(), "go", "build", "-o", filepath.Join(pluginDir, "terraform-provider-cloudinary"), ".")
	build.Dir = moduleRoot(t)
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, b)
	}
	cliConfig := filepath.Join(tmp, "terraformrc")
	if err := os.WriteFile(cliConfig, fmt.Appendf(nil, `provider_installation {
  dev_overrides {
    %q = %q
  }
  direct {}
}
`, export.ProviderSource, pluginDir), 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + tmp, "TF_CLI_CONFIG_FILE=" + cliConfig,
		"CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"CLOUDINARY_ACCOUNT_ID=" + s.srv.AccountID,
		"CLOUDINARY_PROVISIONING_API_KEY=" + s.srv.APIKey,
		"CLOUDINARY_PROVISIONING_API_SECRET=" + s.srv.APISecret,
		"CLOUDINARY_ENDPOINT=" + s.srv.URL,
	}
	terraform := func(args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, tf, args...)
		cmd.Dir, cmd.Env = out, env
		var buf bytes.Buffer
		cmd.Stdout, cmd.Stderr = &buf, &buf
		err := cmd.Run()
		return buf.String(), err
	}

	if o, err := terraform("fmt", "-check", "-diff"); err != nil {
		t.Errorf("terraform fmt -check: %v\n%s", err, o)
	}
	s.srv.Emulator.ResetStats()
	plan, err := terraform("plan", "-no-color", "-input=false")
	if err != nil {
		t.Fatalf("terraform plan: %v\n%s", err, plan)
	}
	want := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", s.objects)
	if !strings.Contains(plan, want) {
		t.Fatalf("plan summary: want %q in:\n%s", want, plan)
	}
	if os.Getenv("EXPORT_SHOW_PLAN") != "" { // debugging aid: log the whole plan
		t.Log(plan)
	}
	t.Logf("plan: %s (%d API requests)", regexp.MustCompile(`Plan: .*`).FindString(plan), s.srv.Stats().Total)

	apply, err := terraform("apply", "-no-color", "-input=false", "-auto-approve")
	if err != nil {
		t.Fatalf("terraform apply: %v\n%s", err, apply)
	}
	if want := fmt.Sprintf("Apply complete! Resources: %d imported, 0 added, 0 changed, 0 destroyed.", s.objects); !strings.Contains(apply, want) {
		t.Errorf("apply: want %q in:\n%s", want, apply)
	}
	again, err := terraform("plan", "-no-color", "-input=false", "-detailed-exitcode")
	if err != nil {
		t.Errorf("plan after the import: want no changes (exit 0), got %v\n%s", err, again)
	}
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// moduleRoot is the directory of go.mod (tests run in the package directory).
func moduleRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test file")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// readDir concatenates the files of dir, in name order.
func readDir(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}

func dirNames(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

// resourceBlock returns the text of one resource block, or "".
func resourceBlock(all, typ, name string) string {
	start := strings.Index(all, fmt.Sprintf("resource %q %q {\n", typ, name))
	if start < 0 {
		return ""
	}
	end := strings.Index(all[start:], "\n}\n")
	return all[start : start+end+3]
}
