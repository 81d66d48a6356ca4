package provider_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/contract"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/provider"
)

// Adopting an existing account starts with `terraform plan
// -generate-config-out` on import blocks. The configuration Terraform writes
// comes from the provider's schema and the imported state: every Required
// and Optional attribute, as read. It must plan clean as generated: no
// computed-only value in it, no default that the imported state contradicts,
// no validation rule that the generated values break.
//
// terraform-plugin-testing's import-block steps (ImportStateKind
// ImportBlockWithID with GenerateConfig) check only the plan that generates
// the configuration: they never apply it nor plan again, they do not let a
// test read what was generated, and ImportStatePersist is refused with
// import blocks. So these tests drive the terraform binary directly: the
// provider is built from this repository and installed with dev_overrides,
// objects are made through env.Client the way an existing account has them,
// and each type goes import block -> generated configuration -> apply ->
// plan, which must be empty. All traffic goes through a proxy that validates
// it against the OpenAPI document when CLOUDINARY_OPENAPI_SPEC is set.

// testAccCLIProviderSource is the provider's registry address.
const testAccCLIProviderSource = "cloudinary-terraform/cloudinary"

// testAccCLI runs the terraform CLI with the provider built from this
// repository.
type testAccCLI struct {
	bin  string // terraform
	home string // HOME and the CLI configuration (dev_overrides)
}

// newTestAccCLI finds terraform (TF_ACC_TERRAFORM_PATH, else PATH), skips
// the test when it is older than minVersion ("major.minor"), and builds the
// provider. The build takes a few seconds with a warm build cache; a test
// shares one CLI between its subtests.
func newTestAccCLI(t *testing.T, minVersion string) *testAccCLI {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run: this test builds the provider and runs terraform")
	}
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("terraform not found: put it on PATH or set TF_ACC_TERRAFORM_PATH (`make terraform` provides one)")
		}
	}
	out, err := exec.CommandContext(t.Context(), bin, "version").Output()
	if err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	m := regexp.MustCompile(`Terraform v(\d+)\.(\d+)\.`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("cannot read the version of %s from %q", bin, out)
	}
	var major, minor, wantMajor, wantMinor int
	_, _ = fmt.Sscan(string(m[1])+" "+string(m[2]), &major, &minor)
	_, _ = fmt.Sscanf(minVersion, "%d.%d", &wantMajor, &wantMinor)
	if major < wantMajor || (major == wantMajor && minor < wantMinor) {
		t.Skipf("terraform %d.%d is older than %s, which this test needs", major, minor, minVersion)
	}

	home := t.TempDir()
	plugins := filepath.Join(home, "plugins")
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	build := exec.CommandContext(t.Context(), "go", "build", "-o", filepath.Join(plugins, "terraform-provider-cloudinary"), ".")
	build.Dir = root
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, b)
	}
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", testAccCLIProviderSource, plugins)
	if err := os.WriteFile(filepath.Join(home, "terraformrc"), []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	return &testAccCLI{bin: bin, home: home}
}

// testAccCLISpec is the OpenAPI document, parsed once for every test.
var testAccCLISpec = sync.OnceValues(contract.FromEnv)

// testAccCLIEndpoint returns the URL the provider should call for env's
// emulator: a proxy that validates every exchange against the OpenAPI
// document when CLOUDINARY_OPENAPI_SPEC is set (any violation fails t), the
// emulator itself otherwise.
func testAccCLIEndpoint(t *testing.T, target string) string {
	t.Helper()
	spec, err := testAccCLISpec()
	if err != nil {
		t.Fatalf("contract: %v", err)
	}
	if spec == nil {
		return target
	}
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	v := spec.Fork()
	proxy := httptest.NewServer(&httputil.ReverseProxy{
		Rewrite:   func(r *httputil.ProxyRequest) { r.SetURL(u) },
		Transport: v.Transport(nil),
	})
	t.Cleanup(proxy.Close)
	t.Cleanup(func() {
		for _, msg := range v.Violations() {
			t.Errorf("OpenAPI contract violation: %s", msg)
		}
		if len(v.Seen()) == 0 && !t.Failed() && !t.Skipped() {
			t.Error("the validating proxy saw no API request: the provider did not use it")
		}
	})
	return proxy.URL
}

// environ is the environment of every terraform command for env: the
// provider reads its credentials from it, as in a user's pipeline.
func (c *testAccCLI) environ(t *testing.T, env *acctest.Env) []string {
	t.Helper()
	vars := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + c.home,
		"TF_CLI_CONFIG_FILE=" + filepath.Join(c.home, "terraformrc"),
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
	}
	if env.Live {
		for _, k := range []string{"CLOUDINARY_ACCOUNT_URL", "CLOUDINARY_ACCOUNT_ID", "CLOUDINARY_PROVISIONING_API_KEY",
			"CLOUDINARY_PROVISIONING_API_SECRET", "CLOUDINARY_ENDPOINT"} {
			if v, ok := os.LookupEnv(k); ok {
				vars = append(vars, k+"="+v)
			}
		}
		return vars
	}
	return append(vars,
		"CLOUDINARY_ACCOUNT_ID="+env.Emulator.AccountID,
		"CLOUDINARY_PROVISIONING_API_KEY="+env.Emulator.APIKey,
		"CLOUDINARY_PROVISIONING_API_SECRET="+env.Emulator.APISecret,
		"CLOUDINARY_ENDPOINT="+testAccCLIEndpoint(t, env.Emulator.URL),
	)
}

// testAccCLIRun is one terraform command's output and exit code.
type testAccCLIRun struct {
	out  string
	code int
}

// run runs terraform in dir and returns its combined output and exit code;
// a command that cannot run at all fails t.
func (c *testAccCLI) run(t *testing.T, dir string, environ []string, args ...string) testAccCLIRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.bin, args...)
	cmd.Dir, cmd.Env = dir, environ
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return testAccCLIRun{out: buf.String()}
	case errors.As(err, &exit) && ctx.Err() == nil:
		return testAccCLIRun{out: buf.String(), code: exit.ExitCode()}
	default:
		t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, buf.String())
		return testAccCLIRun{}
	}
}

// testAccCLITerraformBlock is the terraform block every CLI workspace needs:
// without it the provider would be looked up as hashicorp/cloudinary.
var testAccCLITerraformBlock = fmt.Sprintf(`terraform {
  required_providers {
    cloudinary = {
      source = %q
    }
  }
}
`, testAccCLIProviderSource)

// testAccSeed makes objects through env.Client, as they exist in an account
// Terraform never managed, and deletes them when the test ends (in reverse
// order; an object already gone is fine).
type testAccSeed struct {
	t   *testing.T
	env *acctest.Env
	ctx context.Context
}

func newTestAccSeed(t *testing.T, env *acctest.Env) *testAccSeed {
	return &testAccSeed{t: t, env: env, ctx: t.Context()}
}

func (s *testAccSeed) must(err error) {
	s.t.Helper()
	if err != nil {
		s.t.Fatal(err)
	}
}

func (s *testAccSeed) cleanup(what string, del func(context.Context) error) {
	s.t.Cleanup(func() {
		if err := del(context.WithoutCancel(s.ctx)); err != nil && !client.IsNotFound(err) {
			s.t.Errorf("cleaning up %s: %v", what, err)
		}
	})
}

func (s *testAccSeed) environment(enabled bool) *client.ProductEnvironment {
	s.t.Helper()
	name := acctest.RandomName("tf-acc-adopt")
	pe, err := s.env.Client.CreateProductEnvironment(s.ctx, client.ProductEnvironmentCreateRequest{Name: name + " env", CloudName: client.Ptr(name)})
	s.must(err)
	s.cleanup("product environment "+pe.ID, func(ctx context.Context) error { return s.env.Client.DeleteProductEnvironment(ctx, pe.ID) })
	if !enabled {
		pe, err = s.env.Client.UpdateProductEnvironment(s.ctx, pe.ID, client.ProductEnvironmentUpdateRequest{Enabled: client.Ptr(false)})
		s.must(err)
	}
	return pe
}

func (s *testAccSeed) accessKey(envID, name string, enabled bool) *client.AccessKey {
	s.t.Helper()
	k, err := s.env.Client.GenerateAccessKey(s.ctx, envID, client.AccessKeyCreateRequest{Name: client.Ptr(name), Enabled: client.Ptr(enabled)})
	s.must(err)
	s.cleanup("access key "+k.APIKey, func(ctx context.Context) error { return s.env.Client.DeleteAccessKey(ctx, envID, k.APIKey) })
	return k
}

func (s *testAccSeed) user(role string, envIDs []string, enabled bool) *client.User {
	s.t.Helper()
	name := acctest.RandomName("tf-acc-adopt")
	u, err := s.env.Client.CreateUser(s.ctx, client.UserCreateRequest{
		Name: name + " (adopted)", Email: name + "@example.com", Role: client.Ptr(role), SubAccountIDs: envIDs, Enabled: client.Ptr(enabled),
	})
	s.must(err)
	s.cleanup("user "+u.ID, func(ctx context.Context) error { return s.env.Client.DeleteUser(ctx, u.ID) })
	return u
}

func (s *testAccSeed) group(members ...*client.User) *client.UserGroup {
	s.t.Helper()
	g, err := s.env.Client.CreateUserGroup(s.ctx, client.UserGroupRequest{Name: acctest.RandomName("tf-acc-adopt group")})
	s.must(err)
	s.cleanup("user group "+g.ID, func(ctx context.Context) error { return s.env.Client.DeleteUserGroup(ctx, g.ID) })
	for _, u := range members {
		_, err := s.env.Client.AddUserToUserGroup(s.ctx, g.ID, u.ID)
		s.must(err)
	}
	return g
}

func (s *testAccSeed) role(permission client.PermissionType, scope client.ScopeType, policyIDs ...string) *client.Role {
	s.t.Helper()
	r, err := s.env.Client.CreateRole(s.ctx, client.CreateRoleRequest{
		PermissionType: permission, ScopeType: scope, Name: acctest.RandomName("tf-acc-adopt role"),
		Description: client.Ptr("Adopted by Terraform"), SystemPolicyIDs: policyIDs,
	})
	s.must(err)
	s.cleanup("role "+r.ID, func(ctx context.Context) error {
		return s.env.Client.DeleteRole(ctx, r.ID, &client.DeleteRoleOptions{Force: client.Ptr(true)})
	})
	return r
}

func (s *testAccSeed) assign(pt client.PrincipalType, pid string, roles ...client.RoleToManage) {
	s.t.Helper()
	s.must(s.env.Client.UpdatePrincipalRoles(s.ctx, client.UpdatePrincipalRolesRequest{
		Operation: client.OperationAdd, Principal: client.Principal{Type: pt, ID: pid}, Roles: roles,
	}))
}

// generateConfigCase is one type: seed makes an object out of band and
// returns its import id and what the generated configuration must say
// (attribute name to HCL value, as Terraform writes it).
type generateConfigCase struct {
	name         string
	resourceType string
	seed         func(s *testAccSeed) (importID string, want map[string]string)
}

// testAccAdoptUploaderPolicies are two global system policies of the catalog.
var testAccAdoptUploaderPolicies = []string{
	"cld::policy::global::folder_and_asset_management::create_asset",
	"cld::policy::global::ml::access",
}

func generateConfigCases() []generateConfigCase {
	return []generateConfigCase{
		{"product_environment", "cloudinary_product_environment", func(s *testAccSeed) (string, map[string]string) {
			pe := s.environment(false)
			return pe.ID, map[string]string{"name": fmt.Sprintf("%q", pe.Name), "cloud_name": fmt.Sprintf("%q", pe.CloudName), "enabled": "false"}
		}},
		{"access_key", "cloudinary_access_key", func(s *testAccSeed) (string, map[string]string) {
			pe := s.environment(true)
			name := acctest.RandomName("tf-acc-adopt-key")
			k := s.accessKey(pe.ID, name, false)
			return pe.ID + "/" + k.APIKey, map[string]string{
				"product_environment_id": fmt.Sprintf("%q", pe.ID), "name": fmt.Sprintf("%q", name), "enabled": "false",
			}
		}},
		{"user_restricted", "cloudinary_user", func(s *testAccSeed) (string, map[string]string) {
			pe := s.environment(true)
			u := s.user(client.UserRoleTechnicalAdmin, []string{pe.ID}, false)
			return u.ID, map[string]string{
				"email": fmt.Sprintf("%q", u.Email), "role": `"technical_admin"`, "enabled": "false",
				"product_environment_ids": fmt.Sprintf("[%q]", pe.ID),
			}
		}},
		{"user_all_environments", "cloudinary_user", func(s *testAccSeed) (string, map[string]string) {
			u := s.user(client.UserRoleAdmin, nil, true)
			return u.ID, map[string]string{"email": fmt.Sprintf("%q", u.Email), "role": `"admin"`, "product_environment_ids": "null"}
		}},
		{"user_master_admin", "cloudinary_user", func(s *testAccSeed) (string, map[string]string) {
			u := s.user(client.UserRoleMasterAdmin, nil, true)
			return u.ID, map[string]string{"role": `"master_admin"`, "product_environment_ids": "null"}
		}},
		{"user_group", "cloudinary_user_group", func(s *testAccSeed) (string, map[string]string) {
			g := s.group()
			return g.ID, map[string]string{"name": fmt.Sprintf("%q", g.Name)}
		}},
		{"user_group_membership", "cloudinary_user_group_membership", func(s *testAccSeed) (string, map[string]string) {
			u := s.user(client.UserRoleReports, nil, true)
			g := s.group(u)
			return g.ID + "/" + u.ID, map[string]string{"group_id": fmt.Sprintf("%q", g.ID), "user_id": fmt.Sprintf("%q", u.ID)}
		}},
		{"user_group_members", "cloudinary_user_group_members", func(s *testAccSeed) (string, map[string]string) {
			a, b := s.user(client.UserRoleReports, nil, true), s.user(client.UserRoleMediaLibraryUser, nil, true)
			g := s.group(a, b)
			ids := []string{a.ID, b.ID}
			slices.Sort(ids)
			return g.ID, map[string]string{"group_id": fmt.Sprintf("%q", g.ID), "user_ids": fmt.Sprintf("[%q, %q]", ids[0], ids[1])}
		}},
		{"role", "cloudinary_role", func(s *testAccSeed) (string, map[string]string) {
			r := s.role(client.PermissionTypeGlobal, client.ScopeTypeProdenv, testAccAdoptUploaderPolicies...)
			return r.ID, map[string]string{
				"name": fmt.Sprintf("%q", r.Name), "permission_type": `"global"`, "scope_type": `"prodenv"`,
				"system_policy_ids": fmt.Sprintf("[%q, %q]", testAccAdoptUploaderPolicies[0], testAccAdoptUploaderPolicies[1]),
			}
		}},
		{"custom_policy", "cloudinary_custom_policy", func(s *testAccSeed) (string, map[string]string) {
			pe := s.environment(true)
			name := acctest.RandomName("tf-acc-adopt policy")
			p, err := s.env.Client.CreateCustomPolicy(s.ctx, client.CreateCustomPolicyRequest{
				Name: name, Description: client.Ptr("Adopted by Terraform"), ScopeType: client.ScopeTypeProdenv, ScopeID: client.Ptr(pe.ID),
				Enabled: client.Ptr(false),
				PolicyStatement: "permit (\n  principal,\n  action == Cloudinary::Action::\"read\",\n  resource is Cloudinary::Folder\n)\n" +
					"when { resource.ancestor_ids.contains(\"${brand}\") };\n",
			})
			s.must(err)
			s.cleanup("custom policy "+p.ID, func(ctx context.Context) error { return s.env.Client.DeleteCustomPolicy(ctx, p.ID) })
			return p.ID, map[string]string{
				"name": fmt.Sprintf("%q", name), "scope_type": `"prodenv"`, "scope_id": fmt.Sprintf("%q", pe.ID), "enabled": "false",
			}
		}},
		{"role_assignment_prodenv", "cloudinary_role_assignment", func(s *testAccSeed) (string, map[string]string) {
			pe := s.environment(true)
			g := s.group()
			r := s.role(client.PermissionTypeGlobal, client.ScopeTypeProdenv, testAccAdoptUploaderPolicies...)
			s.assign(client.PrincipalTypeGroup, g.ID, client.RoleToManage{ID: r.ID, ScopeID: client.Ptr(pe.ID)})
			return "group/" + g.ID + "/" + r.ID + "/" + pe.ID, map[string]string{
				"principal_type": `"group"`, "principal_id": fmt.Sprintf("%q", g.ID), "role_id": fmt.Sprintf("%q", r.ID),
				"scope_id": fmt.Sprintf("%q", pe.ID),
			}
		}},
		{"role_assignment_content", "cloudinary_role_assignment", func(s *testAccSeed) (string, map[string]string) {
			pe := s.environment(true)
			u := s.user(client.UserRoleMediaLibraryUser, []string{pe.ID}, true)
			s.assign(client.PrincipalTypeUser, u.ID, client.RoleToManage{
				ID: "cld::role::folder::viewer", ScopeID: client.Ptr(pe.ID), PolicyParameters: client.PolicyParameters{"folder_id": "f/1=a,b"},
			})
			return "user/" + u.ID + "/cld::role::folder::viewer/" + pe.ID + "/folder_id=" + url.PathEscape("f/1=a,b"), map[string]string{
				"principal_type": `"user"`, "role_id": `"cld::role::folder::viewer"`, "scope_id": fmt.Sprintf("%q", pe.ID),
				"policy_parameters": `{` + "\n" + `    folder_id = "f/1=a,b"` + "\n" + `  }`,
			}
		}},
		{"principal_roles", "cloudinary_principal_roles", func(s *testAccSeed) (string, map[string]string) {
			pe := s.environment(true)
			g := s.group()
			r := s.role(client.PermissionTypeGlobal, client.ScopeTypeProdenv, testAccAdoptUploaderPolicies...)
			s.assign(client.PrincipalTypeGroup, g.ID,
				client.RoleToManage{ID: r.ID, ScopeID: client.Ptr(pe.ID)},
				client.RoleToManage{ID: "cld::role::account::billing"})
			return "group/" + g.ID, map[string]string{"principal_type": `"group"`, "principal_id": fmt.Sprintf("%q", g.ID)}
		}},
	}
}

// testAccResourceSchemaAttrs returns, for each resource type, its top-level
// attributes and whether each is computed-only.
func testAccResourceSchemaAttrs(t *testing.T) map[string]map[string]bool {
	t.Helper()
	ctx := t.Context()
	p := provider.New("test")()
	out := map[string]map[string]bool{}
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "cloudinary"}, &md)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		attrs := map[string]bool{}
		for name, a := range sr.Schema.Attributes {
			attrs[name] = a.IsComputed() && !a.IsOptional() && !a.IsRequired()
		}
		out[md.TypeName] = attrs
	}
	return out
}

// testAccGeneratedAttr matches a top-level attribute line of a generated
// resource block.
var testAccGeneratedAttr = regexp.MustCompile(`(?m)^  ([a-z_0-9]+)\s+=`)

// TestAccGenerateConfig_plansClean imports one out-of-band object of every
// resource type with an import block and -generate-config-out, applies the
// generated configuration as it is, and expects the next plan to be empty.
func TestAccGenerateConfig_plansClean(t *testing.T) {
	t.Parallel()
	cli := newTestAccCLI(t, "1.5")
	schemas := testAccResourceSchemaAttrs(t)
	cases := generateConfigCases()

	covered := map[string]bool{}
	for _, tc := range cases {
		covered[tc.resourceType] = true
	}
	for typ := range schemas {
		if !covered[typ] {
			t.Errorf("resource type %s has no generate-config case: add one to generateConfigCases", typ)
		}
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t)
			importID, want := tc.seed(newTestAccSeed(t, env))
			dir := t.TempDir()
			config := testAccCLITerraformBlock + fmt.Sprintf("\nimport {\n  to = %s.adopted\n  id = %q\n}\n", tc.resourceType, importID)
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
				t.Fatal(err)
			}
			environ := cli.environ(t, env)

			plan := cli.run(t, dir, environ, "plan", "-no-color", "-input=false", "-generate-config-out=generated.tf")
			generated, _ := os.ReadFile(filepath.Join(dir, "generated.tf"))
			if plan.code != 0 {
				t.Fatalf("terraform plan -generate-config-out failed (exit %d):\n%s\ngenerated.tf:\n%s", plan.code, plan.out, generated)
			}
			if want := "Plan: 1 to import, 0 to add, 0 to change, 0 to destroy."; !strings.Contains(plan.out, want) {
				t.Fatalf("the plan with the generated configuration is not a clean import: want %q in:\n%s\ngenerated.tf:\n%s", want, plan.out, generated)
			}
			text := string(generated)
			t.Logf("generated.tf:\n%s", text)
			if !strings.Contains(text, fmt.Sprintf("resource %q %q {", tc.resourceType, "adopted")) {
				t.Fatalf("generated.tf has no block for %s.adopted:\n%s", tc.resourceType, text)
			}
			// Terraform writes Required and Optional attributes only; a
			// computed-only one here would mean the schema lies about it.
			attrs := schemas[tc.resourceType]
			for _, m := range testAccGeneratedAttr.FindAllStringSubmatch(text, -1) {
				computedOnly, known := attrs[m[1]]
				if !known || computedOnly {
					t.Errorf("generated.tf sets %s, which is not a configurable attribute of %s", m[1], tc.resourceType)
				}
			}
			for attr, value := range want {
				re := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(attr) + `\s+= ` + regexp.QuoteMeta(value) + `$`)
				if !re.MatchString(text) {
					t.Errorf("generated.tf should say %s = %s:\n%s", attr, value, text)
				}
			}
			if t.Failed() {
				return
			}

			apply := cli.run(t, dir, environ, "apply", "-no-color", "-input=false", "-auto-approve")
			if want := "Resources: 1 imported, 0 added, 0 changed, 0 destroyed."; apply.code != 0 || !strings.Contains(apply.out, want) {
				t.Fatalf("terraform apply of the generated configuration (exit %d): want %q in:\n%s", apply.code, want, apply.out)
			}
			// The import blocks are done; the generated configuration alone
			// must now plan nothing.
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(testAccCLITerraformBlock), 0o600); err != nil {
				t.Fatal(err)
			}
			again := cli.run(t, dir, environ, "plan", "-no-color", "-input=false", "-detailed-exitcode")
			if again.code != 0 {
				t.Errorf("plan after applying the generated configuration is not empty (exit %d):\n%s\ngenerated.tf:\n%s", again.code, again.out, text)
			}
		})
	}
}
