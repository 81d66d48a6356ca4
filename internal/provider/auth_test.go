package provider_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/planshortcut"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/provider"
)

// TestAccAuth_wrongCredentialsOneDiagnostic: a configuration with a dozen
// resources, an ephemeral resource and data sources, planned with a wrong
// secret, gives exactly one diagnostic (Configure checks the credentials
// with one request) that says what is wrong and where to find the right
// keys; not one error per resource. The real terraform binary runs it so
// that the whole output can be counted.
func TestAccAuth_wrongCredentialsOneDiagnostic(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	tfBin := terraformBinary(t)
	env := newControlledEnv(t)
	t.Parallel()
	providerDir := buildProvider(t)
	tf := newCLIWorkspace(t, tfBin, providerDir)
	wrong := fmt.Sprintf("account://%s:%s@%s", env.Emulator.APIKey, "not-the-secret", env.Emulator.AccountID)
	tf.Write("main.tf", secretsConfig(env.Emulator.URL, wrong, "tfauth-"+randomSuffix(8)))

	out := tf.MustRun(1, "plan", "-no-color", "-input=false")
	if n := strings.Count(out, "Error: "); n != 1 {
		t.Errorf("the plan reports %d errors, want exactly 1:\n%s", n, out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{
		"Error: Invalid Cloudinary credentials",
		"HTTP 401 Unauthorized",
		"Check the Account API key and secret (and the account id): they are the Account API Keys under Settings > Account API Keys in the Cloudinary Console, not a product environment's API key",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the plan output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "not-the-secret") {
		t.Errorf("the output shows the secret:\n%s", out)
	}
	// One request: the credential check. No resource, ephemeral resource or
	// data source got as far as the API.
	if st := env.Emulator.Stats(); st.Total != 1 || st.ByOperation["getProductEnvironments"] != 1 {
		t.Errorf("want exactly one request (the credential check), got %d: %v", st.Total, st.ByOperation)
	}
}

// forbiddenSwitch answers 403, in the document's error shape for the path, for
// the API paths selected by its mode, as the real service does for an
// account without Provisioning API or Permissions API access (an Enterprise
// plan feature); everything else goes to the emulator.
type forbiddenSwitch struct {
	mu   sync.Mutex
	mode string // "", "provisioning", "all"
}

func (f *forbiddenSwitch) set(mode string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.mode = mode
}

func (f *forbiddenSwitch) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		mode := f.mode
		f.mu.Unlock()
		p := r.URL.Path
		prov := strings.HasPrefix(p, "/v1_1/provisioning/")
		perm := strings.HasPrefix(p, "/v2/accounts/") && !strings.HasPrefix(p, "/v2/accounts/permissions/public/")
		refused := mode == "all" && (prov || perm) || mode == "provisioning" && prov
		if !refused {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		body := map[string]any{"error": map[string]any{"message": "not allowed"}}
		if perm {
			body = map[string]any{"error": map[string]any{"category": "user_error", "code": "ACCOUNTS_00006", "message": "not allowed"}}
		}
		_ = json.NewEncoder(w).Encode(body)
	})
}

// TestAccAuth_forbiddenExplainsEnterpriseAccess: a 403 says which API the
// account lacks and that it is an Enterprise feature Cloudinary enables on
// request. Configure does not fail on a 403 (an account may have only the
// Permissions API), so permissions resources keep working when only the
// Provisioning API is refused.
func TestAccAuth_forbiddenExplainsEnterpriseAccess(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	forbid := &forbiddenSwitch{}
	env := newControlledEnvWith(t, forbid.wrap)
	group := fmt.Sprintf("resource \"cloudinary_user_group\" \"test\" {\n  name = %q\n}\n", acctest.RandomName("tf-acc-auth"))
	role := fmt.Sprintf(`resource "cloudinary_role" "test" {
  name              = %q
  permission_type   = "global"
  scope_type        = "account"
  system_policy_ids = [%q]
}
`, acctest.RandomName("tf-acc-auth"), testAccPolicyViewUsers)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		CheckDestroy: func(s *terraform.State) error {
			for _, rs := range s.RootModule().Resources {
				if rs.Type == "cloudinary_role" {
					_, err := env.Client.GetRole(t.Context(), rs.Primary.ID, nil)
					switch {
					case err == nil:
						return fmt.Errorf("role %s still exists", rs.Primary.ID)
					case !client.IsNotFound(err):
						return fmt.Errorf("role %s: %w", rs.Primary.ID, err)
					}
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				PreConfig: func() { forbid.set("all") },
				Config:    env.Config("", group),
				ExpectError: acctest.ErrorText("Unable to create user group", "HTTP 403 Forbidden: not allowed",
					"The account needs Provisioning API access, an Enterprise plan feature that Cloudinary enables on request;",
					"also check that this Account API key may perform the operation"),
			},
			{
				PreConfig: func() { forbid.set("all") },
				Config:    env.Config("", role),
				ExpectError: acctest.ErrorText("Unable to create role", "HTTP 403 Forbidden: not allowed",
					"The account needs Permissions API access, an Enterprise plan feature that Cloudinary enables on request"),
			},
			{
				// Only the Provisioning API is refused: the credential check
				// in Configure answers 403, which must not stop a role.
				PreConfig: func() { forbid.set("provisioning") },
				Config:    env.Config("", role),
			},
		},
	})
	if n := env.Emulator.Stats().ByOperation["createUserGroup"]; n != 0 {
		t.Errorf("the emulator saw %d createUserGroup requests behind the 403", n)
	}
}

// countingTransport records every request the provider tries to send.
type countingTransport struct{ n atomic.Int32 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return nil, fmt.Errorf("countingTransport: no request may be sent, got %s %s", r.Method, r.URL)
}

// TestAccAuth_httpEndpointRefused: an http:// endpoint that is not a
// loopback address is refused when the configuration is validated, with the
// reason (Basic credentials in clear text) and the fix, before any request
// is sent. The provider's transport counts the requests it is asked to send.
func TestAccAuth_httpEndpointRefused(t *testing.T) {
	counter := &countingTransport{}
	factories := map[string]func() (tfprotov6.ProviderServer, error){
		"cloudinary": planshortcut.NewVerifyingServer(provider.New("test", provider.WithTransport(counter))(), nil),
	}
	cfg := func(endpoint string) string {
		return fmt.Sprintf(`provider "cloudinary" {
  endpoint   = %q
  account_id = "acc"
  api_key    = "key"
  api_secret = "not-sent-anywhere"
}

resource "cloudinary_user_group" "test" {
  name = "never-created"
}
`, endpoint)
	}
	refused := func(endpoint string) resource.TestStep {
		return resource.TestStep{
			Config:   cfg(endpoint),
			PlanOnly: true,
			ExpectError: acctest.ErrorText(`Invalid endpoint`,
				fmt.Sprintf(`endpoint %q uses http:// for a host that is not loopback: credentials would cross the network in clear text; use https://`, endpoint),
				`plain http is allowed only for localhost, 127.0.0.0/8 and ::1`),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			refused("http://192.0.2.10:8080"),
			refused("http://api.cloudinary.com"),
			refused("http://localhost.example.com"),
			refused("http://[2001:db8::1]:8080"),
		},
	})
	if n := counter.n.Load(); n != 0 {
		t.Errorf("the provider tried to send %d requests to a refused endpoint", n)
	}
}
