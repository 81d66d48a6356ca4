package provider_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/planshortcut"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/provider"
)

// testAccTimeoutsResources is one configuration per resource type, each
// with a timeouts block of every operation the type has. Ids that would come
// from other resources are placeholders for objects that the test makes
// through the API (refPlaceholders): plans check them (references.go).
var testAccTimeoutsResources = []struct {
	typeName string
	body     string
	updates  bool // whether the type has an update timeout
}{
	{"cloudinary_product_environment", `name = "tf-acc-timeouts"
  deletion_protection = false`, true},
	{"cloudinary_access_key", `product_environment_id = "{{env}}"
  name = "tf-acc-timeouts"`, true},
	{"cloudinary_user", `name = "tf-acc-timeouts"
  email = "tf-acc-timeouts@example.com"
  role = "billing"`, true},
	{"cloudinary_user_group", `name = "tf-acc-timeouts"`, true},
	{"cloudinary_user_group_membership", `group_id = "{{group}}"
  user_id = "{{user}}"`, false},
	{"cloudinary_user_group_members", `group_id = "{{group}}"
  user_ids = ["{{user}}"]`, true},
	{"cloudinary_role", `name = "tf-acc-timeouts"
  permission_type = "global"
  scope_type = "account"
  system_policy_ids = ["` + testAccPolicyViewUsers + `"]`, true},
	{"cloudinary_custom_policy", `name = "tf-acc-timeouts"
  scope_type = "account"
  policy_statement = <<-EOT
` + testAccCustomPolicyStatement("tf-acc-timeouts") + `
EOT`, true},
	{"cloudinary_role_assignment", `principal_type = "group"
  principal_id = "{{group}}"
  role_id = "cld::role::account::admin"`, false},
	{"cloudinary_principal_roles", `principal_type = "group"
  principal_id = "{{group}}"
  roles = [{ role_id = "cld::role::account::admin" }]`, true},
}

// testAccTimeoutsConfig renders one resource "test" of the type with the
// given timeouts block contents ("" for no block).
func testAccTimeoutsConfig(typeName, body, timeouts string) string {
	block := ""
	if timeouts != "" {
		block = "\n  timeouts {\n    " + timeouts + "\n  }"
	}
	return fmt.Sprintf("resource %q \"test\" {\n  %s%s\n}\n", typeName, body, block)
}

// TestAccTimeouts_plan: every resource type accepts a timeouts block with
// each operation it has, refuses the ones it does not have, and refuses
// values that are not positive durations, naming the attribute.
func TestAccTimeouts_plan(t *testing.T) {
	for _, tc := range testAccTimeoutsResources {
		t.Run(tc.typeName, func(t *testing.T) {
			env := acctest.New(t)
			tc.body = refPlaceholders(t, env, tc.body)
			valid := `create = "10m"` + "\n    delete = \"1h\""
			if tc.updates {
				valid += "\n    update = \"90s\""
			}
			steps := []resource.TestStep{
				{
					Config:             env.Config(testAccTimeoutsConfig(tc.typeName, tc.body, valid)),
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
					ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(tc.typeName+".test", plancheck.ResourceActionCreate),
					}},
				},
			}
			for _, bad := range []string{`create = "soon"`, `delete = "-5m"`, `create = "0s"`} {
				attr := strings.SplitN(bad, " ", 2)[0]
				steps = append(steps, resource.TestStep{
					Config:      env.Config(testAccTimeoutsConfig(tc.typeName, tc.body, bad)),
					PlanOnly:    true,
					ExpectError: acctest.ErrorPattern(`Invalid timeout[\s\S]*timeouts\.` + attr + `: value must be a positive duration`),
				})
			}
			if !tc.updates {
				steps = append(steps, resource.TestStep{
					Config:      env.Config(testAccTimeoutsConfig(tc.typeName, tc.body, `update = "5m"`)),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(`An argument named "update" is not expected here`),
				})
			}
			resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: env.Factories(), Steps: steps})
		})
	}
}

// TestAccTimeouts_createHonoured: a create that the API never answers stops
// at the configured create timeout (2s), with an error saying so, long
// before the client's own retry budget (a 5 minute request timeout and 5
// retries here) would give up.
func TestAccTimeouts_createHonoured(t *testing.T) {
	emu := emulatortest.Start(t, emulatortest.SeedFromEnv)
	var mu sync.Mutex
	var abandoned []time.Duration
	// Every request reaches the emulator except POST /users, which hangs
	// until the client gives up on it.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/users") {
			// The server notices a client hanging up only once the body
			// is read; keep it for the emulator should the wait end.
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			start := time.Now()
			select {
			case <-r.Context().Done():
				mu.Lock()
				abandoned = append(abandoned, time.Since(start))
				mu.Unlock()
				return
			case <-time.After(2 * time.Minute):
			}
		}
		emu.Emulator.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)

	name := acctest.RandomName("tf-acc-timeout")
	cfg := fmt.Sprintf(`
provider "cloudinary" {
  endpoint        = %[1]q
  account_id      = %[2]q
  api_key         = %[3]q
  api_secret      = %[4]q
  max_retries     = 5
  request_timeout = "5m"
}

resource "cloudinary_user" "test" {
  name  = %[5]q
  email = "%[5]s@example.com"
  role  = "billing"

  timeouts {
    create = "2s"
  }
}
`, srv.URL, emu.AccountID, emu.APIKey, emu.APISecret, name)

	// The clock starts in PreConfig, not here: ParallelTest pauses until
	// the package's serial tests are done, which under CI took over a
	// minute and made this bound fail for a test that ran 3 seconds.
	var started time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"cloudinary": planshortcut.NewVerifyingServer(provider.New("test")(), nil),
		},
		Steps: []resource.TestStep{
			{
				PreConfig: func() { started = time.Now() },
				Config:    cfg,
				ExpectError: acctest.ErrorPattern(`context deadline exceeded[\s\S]*Operation timed out[\s\S]*The create did not ` +
					`finish within its timeout of 2s[\s\S]*timeouts { create = "40m" }`),
			},
		},
	})
	mu.Lock()
	defer mu.Unlock()
	if len(abandoned) == 0 {
		t.Fatal("the create request never reached the server")
	}
	// The one attempt hangs until the deadline, so any further attempt
	// is a retry after the timeout had expired.
	if len(abandoned) != 1 {
		t.Errorf("the create was sent %d times; after its timeout expired it must not be retried", len(abandoned))
	}
	for _, d := range abandoned {
		// Timed from the handler, which the request reaches a little after
		// the create's deadline started: the lower bound leaves a second
		// for that on a loaded machine.
		if d < time.Second || d > 10*time.Second {
			t.Errorf("the create request was abandoned after %s, want about 2s (the create timeout)", d)
		}
	}
	if took := time.Since(started); took > 90*time.Second {
		t.Errorf("the apply took %s: the timeout did not cut the client's retries short", took)
	}
	if n := emu.Stats().ByOperation["createUser"]; n != 0 {
		t.Errorf("createUser reached the emulator %d times; the hanging server should have held it", n)
	}
}

// TestAccTimeouts_createLandedAfterDeadlineIsSaved: a create the API
// carries out but answers only after the create timeout (1s) ran out is
// looked up on a detached context and saved to state, with a warning, not
// left in the account untracked (the next apply would then fail with "User
// already exists").
func TestAccTimeouts_createLandedAfterDeadlineIsSaved(t *testing.T) {
	emu := emulatortest.Start(t, emulatortest.SeedFromEnv)
	// POST /users reaches the emulator at once; its answer is held 4s.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/users") {
			emu.Emulator.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		emu.Emulator.ServeHTTP(rec, r)
		select {
		case <-r.Context().Done():
		case <-time.After(4 * time.Second):
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	t.Cleanup(srv.Close)

	name := acctest.RandomName("tf-acc-timeout-landed")
	email := name + "@example.com"
	cfg := fmt.Sprintf(`
provider "cloudinary" {
  endpoint   = %[1]q
  account_id = %[2]q
  api_key    = %[3]q
  api_secret = %[4]q
}

resource "cloudinary_user" "test" {
  name  = %[5]q
  email = %[6]q
  role  = "billing"

  timeouts {
    create = "1s"
  }
}
`, srv.URL, emu.AccountID, emu.APIKey, emu.APISecret, name, email)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"cloudinary": planshortcut.NewVerifyingServer(provider.New("test")(), nil),
		},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					id := s.RootModule().Resources["cloudinary_user.test"].Primary.ID
					c, err := client.New(client.Config{AccountID: emu.AccountID, APIKey: emu.APIKey, APISecret: emu.APISecret, BaseURL: emu.URL})
					if err != nil {
						return err
					}
					users, err := c.GetUsers(t.Context(), &client.UserListOptions{Emails: []string{email}})
					if err != nil {
						return err
					}
					if len(users) != 1 || users[0].ID != id {
						return fmt.Errorf("the emulator holds %d users with email %s (%v); want exactly the one in state, %s", len(users), email, users, id)
					}
					return nil
				},
			},
			{
				// Converged: the user is tracked, nothing to create again.
				Config:   cfg,
				PlanOnly: true,
			},
		},
	})
	if n := emu.Stats().ByOperation["createUser"]; n != 1 {
		t.Errorf("createUser reached the emulator %d times, want once", n)
	}
}

// TestAccTimeouts_changeInPlace: adding or changing only the timeouts of
// existing resources is an in-place update that sends nothing to the API,
// also for the types whose every attribute forces replacement and for
// custom policies (whose updates Cloudinary refuses without a new statement).
func TestAccTimeouts_changeInPlace(t *testing.T) {
	env := acctest.New(t)
	prefix := acctest.RandomName("tf-acc-timeouts")
	config := func(create, update string) string {
		crud, cd := "", ""
		if create != "" {
			cd = fmt.Sprintf("\n  timeouts {\n    create = %q\n    delete = %q\n  }", create, create)
			crud = fmt.Sprintf("\n  timeouts {\n    create = %q\n    update = %q\n    delete = %q\n  }", create, update, create)
		}
		return env.Config(fmt.Sprintf(`
resource "cloudinary_product_environment" "test" {
  name                = %[1]q
  deletion_protection = false%[2]s
}

resource "cloudinary_access_key" "test" {
  product_environment_id = cloudinary_product_environment.test.id
  name                   = %[1]q%[2]s
}

resource "cloudinary_user" "test" {
  name  = %[1]q
  email = "%[1]s@example.com"
  role  = "media_library_user"%[2]s
}

resource "cloudinary_user_group" "test" {
  name = %[1]q%[2]s
}

resource "cloudinary_user_group" "other" {
  name = "%[1]s-other"
}

resource "cloudinary_user_group_membership" "test" {
  group_id = cloudinary_user_group.test.id
  user_id  = cloudinary_user.test.id%[3]s
}

resource "cloudinary_user_group_members" "test" {
  group_id = cloudinary_user_group.other.id
  user_ids = [cloudinary_user.test.id]%[2]s
}

resource "cloudinary_role" "test" {
  name              = %[1]q
  permission_type   = "global"
  scope_type        = "account"
  system_policy_ids = [%[4]q]
  force_delete      = true%[2]s
}

resource "cloudinary_custom_policy" "test" {
  name             = %[1]q
  scope_type       = "account"
  policy_statement = <<-EOT
%[5]s
EOT
%[2]s
}

resource "cloudinary_role_assignment" "test" {
  principal_type = "group"
  principal_id   = cloudinary_user_group.test.id
  role_id        = cloudinary_role.test.id%[3]s
}

resource "cloudinary_principal_roles" "test" {
  principal_type = "group"
  principal_id   = cloudinary_user_group.other.id
  roles          = [{ role_id = cloudinary_role.test.id }]%[2]s
}
`, prefix, crud, cd, testAccPolicyViewUsers, testAccCustomPolicyStatement(prefix)))
	}
	types := []string{
		"cloudinary_product_environment", "cloudinary_access_key", "cloudinary_user", "cloudinary_user_group",
		"cloudinary_user_group_membership", "cloudinary_user_group_members", "cloudinary_role",
		"cloudinary_custom_policy", "cloudinary_role_assignment", "cloudinary_principal_roles",
	}
	updates := func() resource.ConfigPlanChecks {
		var checks []plancheck.PlanCheck
		for _, typ := range types {
			checks = append(checks, plancheck.ExpectResourceAction(typ+".test", plancheck.ResourceActionUpdate))
		}
		return resource.ConfigPlanChecks{PreApply: checks}
	}
	writes := func() int {
		if env.Emulator == nil {
			return 0
		}
		n := 0
		for op, count := range env.Emulator.Stats().ByOperation {
			for _, prefix := range []string{"create", "update", "delete", "generate", "add", "remove"} {
				if strings.HasPrefix(op, prefix) {
					n += count
				}
			}
		}
		return n
	}
	var before int
	noWrites := acctest.StateCheck(func(_ context.Context, _ *tfjson.State) error {
		if n := writes() - before; n != 0 {
			return fmt.Errorf("changing only the timeouts sent %d write requests to the API: %v", n, env.Emulator.Stats().ByOperation)
		}
		return nil
	})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy: resource.ComposeTestCheckFunc(env.CheckDestroyed(), env.CheckDestroyed(),
			env.CheckDestroyed(), env.CheckDestroyed()),
		Steps: []resource.TestStep{
			{Config: config("", "")},
			{
				PreConfig:         func() { before = writes() },
				Config:            config("15m", "10m"),
				ConfigPlanChecks:  updates(),
				ConfigStateChecks: []statecheck.StateCheck{noWrites},
			},
			{
				PreConfig:         func() { before = writes() },
				Config:            config("25m", "30m"),
				ConfigPlanChecks:  updates(),
				ConfigStateChecks: []statecheck.StateCheck{noWrites},
			},
			{
				PreConfig:         func() { before = writes() },
				Config:            config("", ""),
				ConfigPlanChecks:  updates(),
				ConfigStateChecks: []statecheck.StateCheck{noWrites},
			},
		},
	})
}
