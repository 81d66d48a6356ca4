package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// testAccAdoptExampleDir is the worked example of the "Adopting an existing
// account" guide.
var testAccAdoptExampleDir = filepath.Join("..", "..", "examples", "adopt")

// testAccAdoptableObjects counts what examples/adopt adopts in the account:
// every product environment, user, user group, user group member list and
// custom role.
func testAccAdoptableObjects(t *testing.T, env *acctest.Env) (total int, counts string) {
	t.Helper()
	ctx := t.Context()
	envs, err := env.Client.GetProductEnvironments(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	users, err := env.Client.ListAllUsers(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	groups, err := env.Client.GetUserGroups(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	roles := 0
	for _, pt := range []client.PermissionType{client.PermissionTypeGlobal, client.PermissionTypeContent} {
		rs, err := env.Client.GetRoles(ctx, client.GetRolesOptions{PermissionType: pt, ManagementType: client.Ptr(client.ManagementTypeCustom)})
		if err != nil {
			t.Fatal(err)
		}
		roles += len(rs)
	}
	total = len(envs) + len(users) + 2*len(groups) + roles
	return total, fmt.Sprintf("%d environments, %d users, %d groups (and their member lists), %d custom roles",
		len(envs), len(users), len(groups), roles)
}

// TestAccAdoptExample_plan runs examples/adopt, as its README says, against
// an account made through the client: the plan must import every object and
// change nothing; after the apply (imports only), the next plan is empty.
func TestAccAdoptExample_plan(t *testing.T) {
	t.Parallel()
	cli := newTestAccCLI(t, "1.7") // import blocks with for_each
	env := acctest.New(t)
	s := newTestAccSeed(t, env)

	// An account with some history: three environments (one disabled),
	// users with every kind of environment access (one disabled, one master
	// admin), groups with and without members, custom roles of both
	// permission types, and role assignments (not adopted by the example,
	// but present in any real account).
	prod, staging := s.environment(true), s.environment(false)
	sandbox := s.environment(true)
	alice := s.user(client.UserRoleAdmin, nil, true)
	bob := s.user(client.UserRoleTechnicalAdmin, []string{prod.ID, staging.ID}, true)
	carol := s.user(client.UserRoleReports, []string{sandbox.ID}, false)
	s.user(client.UserRoleMasterAdmin, nil, true)
	eng := s.group(alice, bob)
	s.group(carol)
	s.group()
	uploader := s.role(client.PermissionTypeGlobal, client.ScopeTypeProdenv, testAccAdoptUploaderPolicies...)
	s.role(client.PermissionTypeGlobal, client.ScopeTypeAccount, "cld::policy::global::account_reports::view")
	s.role(client.PermissionTypeContent, client.ScopeTypeProdenv, "cld::policy::content::folder::view_download")
	s.assign(client.PrincipalTypeGroup, eng.ID, client.RoleToManage{ID: uploader.ID, ScopeID: client.Ptr(prod.ID)})

	want, counts := testAccAdoptableObjects(t, env)
	t.Logf("the account holds %s: %d objects to adopt", counts, want)

	dir := t.TempDir()
	entries, err := os.ReadDir(testAccAdoptExampleDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".tf" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(testAccAdoptExampleDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	environ := cli.environ(t, env)

	if r := cli.run(t, dir, environ, "fmt", "-check", "-diff", "-no-color"); r.code != 0 {
		t.Errorf("examples/adopt is not terraform fmt clean:\n%s", r.out)
	}
	// No terraform init: with dev_overrides Terraform skips it (and init
	// would look the provider up in the registry).
	if env.Emulator != nil {
		env.Emulator.Emulator.ResetStats()
	}
	plan := cli.run(t, dir, environ, "plan", "-no-color", "-input=false")
	if plan.code != 0 {
		t.Fatalf("terraform plan (exit %d):\n%s", plan.code, plan.out)
	}
	summary := regexp.MustCompile(`Plan: \d+ to import, \d+ to add, \d+ to change, \d+ to destroy\.`).FindString(plan.out)
	if wantSummary := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", want); summary != wantSummary {
		if !env.Live || !regexp.MustCompile(`to import, 0 to add, 0 to change, 0 to destroy\.$`).MatchString(summary) {
			t.Fatalf("plan summary: want %q, got %q in:\n%s", wantSummary, summary, plan.out)
		}
		// A live account may change while the test runs (other tests).
		t.Logf("live account: %q, %d objects counted before the plan", summary, want)
	}
	for _, addr := range []string{
		fmt.Sprintf("cloudinary_product_environment.this[%q]", staging.CloudName),
		fmt.Sprintf("cloudinary_user.this[%q]", bob.Email),
		fmt.Sprintf("cloudinary_user_group_members.this[%q]", eng.Name),
		fmt.Sprintf("cloudinary_role.this[%q]", uploader.ID),
	} {
		if !strings.Contains(plan.out, addr+" will be imported") {
			t.Errorf("the plan does not import %s:\n%s", addr, plan.out)
		}
	}
	if env.Emulator != nil {
		st := env.Emulator.Stats()
		t.Logf("%s (%d API requests: %v)", summary, st.Total, st.ByOperation)
	}

	apply := cli.run(t, dir, environ, "apply", "-no-color", "-input=false", "-auto-approve")
	if apply.code != 0 || !regexp.MustCompile(`Apply complete! Resources: \d+ imported, 0 added, 0 changed, 0 destroyed\.`).MatchString(apply.out) {
		t.Fatalf("terraform apply (exit %d): want only imports in:\n%s", apply.code, apply.out)
	}
	again := cli.run(t, dir, environ, "plan", "-no-color", "-input=false", "-detailed-exitcode")
	if again.code != 0 {
		t.Errorf("plan after the adoption is not empty (exit %d):\n%s", again.code, again.out)
	}
}
