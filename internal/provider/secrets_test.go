package provider_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
)

// secretRecorder wraps the emulator and keeps every secret it hands out
// (access key secrets in generate, update and list answers, and the secrets
// inside a product environment's api_access_keys), including those of keys
// deleted since, such as an ephemeral key's.
type secretRecorder struct {
	mu      sync.Mutex
	secrets map[string]bool
}

var secretFieldPattern = regexp.MustCompile(`"(?:api_secret|secret)"\s*:\s*"([^"]+)"`)

func (r *secretRecorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		tee := &teeWriter{ResponseWriter: w}
		next.ServeHTTP(tee, req)
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.secrets == nil {
			r.secrets = map[string]bool{}
		}
		for _, m := range secretFieldPattern.FindAllSubmatch(tee.body.Bytes(), -1) {
			r.secrets[string(m[1])] = true
		}
	})
}

func (r *secretRecorder) all() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.secrets))
	for s := range r.secrets {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// teeWriter copies a response body as it is written.
type teeWriter struct {
	http.ResponseWriter
	body bytes.Buffer
}

func (w *teeWriter) Write(p []byte) (int, error) {
	w.body.Write(p)
	return w.ResponseWriter.Write(p)
}

// secretsConfig uses every resource type of the provider, its ephemeral
// access key and the data sources that return secrets; the provider's own
// credentials come through account_url.
func secretsConfig(endpoint, accountURL, name string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    cloudinary = {
      source = "cloudinary-terraform/cloudinary"
    }
  }
}

provider "cloudinary" {
  endpoint    = %[1]q
  account_url = %[2]q
}

resource "cloudinary_product_environment" "env" {
  name                = %[3]q
  cloud_name          = %[3]q
  deletion_protection = false
}

resource "cloudinary_access_key" "key" {
  product_environment_id = cloudinary_product_environment.env.id
  name                   = "%[3]s-key"
  dedicated_for          = "webhooks"
}

ephemeral "cloudinary_access_key" "run" {
  product_environment_id = cloudinary_product_environment.env.id
}

locals {
  # Referencing the ephemeral key makes Terraform open it in this run.
  run_key_known = ephemeral.cloudinary_access_key.run.api_key != ""
}

resource "cloudinary_user" "a" {
  name                    = "%[3]s-a"
  email                   = "%[3]s-a@example.com"
  role                    = "media_library_user"
  product_environment_ids = [cloudinary_product_environment.env.id]
}

resource "cloudinary_user" "b" {
  name  = "%[3]s-b"
  email = "%[3]s-b@example.com"
  role  = "reports"
}

resource "cloudinary_user_group" "g1" {
  name = "%[3]s-g1"
}

resource "cloudinary_user_group" "g2" {
  name = "%[3]s-g2"
}

resource "cloudinary_user_group_membership" "m" {
  group_id = cloudinary_user_group.g1.id
  user_id  = cloudinary_user.a.id
}

resource "cloudinary_user_group_members" "members" {
  group_id = cloudinary_user_group.g2.id
  user_ids = [cloudinary_user.a.id, cloudinary_user.b.id]
}

resource "cloudinary_role" "r" {
  name              = "%[3]s-role"
  permission_type   = "global"
  scope_type        = "account"
  system_policy_ids = ["cld::policy::global::users_and_groups::view"]
}

resource "cloudinary_custom_policy" "p" {
  name             = "%[3]s-policy"
  scope_type       = "account"
  policy_statement = %[4]q
}

resource "cloudinary_role_assignment" "ra" {
  principal_type = "group"
  principal_id   = cloudinary_user_group.g1.id
  role_id        = cloudinary_role.r.id
}

resource "cloudinary_principal_roles" "pr" {
  principal_type = "group"
  principal_id   = cloudinary_user_group.g2.id
  roles = [
    { role_id = "cld::role::account::billing" },
  ]
}

data "cloudinary_access_keys" "keys" {
  product_environment_id = cloudinary_access_key.key.product_environment_id
}

data "cloudinary_product_environment" "env" {
  id = cloudinary_product_environment.env.id
}

output "key_secret" {
  value     = cloudinary_access_key.key.api_secret
  sensitive = true
}
`, endpoint, accountURL, name, cedarStatementFor(name))
}

// expectNoLeaks reports every secret (by label) found in any of the texts (by
// name). Secrets shorter than 6 characters would match by chance; there are
// none here, and a test that made one would fail loudly.
func expectNoLeaks(t *testing.T, secrets map[string]string, texts map[string]string) {
	t.Helper()
	for label, secret := range secrets {
		if len(secret) < 6 {
			t.Fatalf("secret %q is too short to scan for", label)
		}
		for name, text := range texts {
			if n := strings.Count(text, secret); n > 0 {
				t.Errorf("%s: the %s appears %d times", name, label, n)
			}
		}
	}
}

// TestAccSecrets_neverLeak applies and plans a configuration with every
// resource type at TF_LOG=trace, with the real terraform binary and a build
// of the provider (so the log holds what Terraform and the provider process
// really write), then scans the log and every command's output for the
// provider's secret, its account_url, its Basic credentials and every access
// key secret the API ever answered. It also triggers a 401 and 409s and
// scans those diagnostics, and checks that terraform show masks the secrets.
func TestAccSecrets_neverLeak(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	tfBin := terraformBinary(t)
	rec := &secretRecorder{}
	apiKey, apiSecret, accountID := "key"+randomSuffix(12), "sEcReT"+randomSuffix(24), "acct"+randomSuffix(8)
	env := newControlledEnvWith(t, rec.wrap, func(o *emulator.Options) {
		o.APIKey, o.APISecret, o.AccountID = apiKey, apiSecret, accountID
	})
	t.Parallel()
	providerDir := buildProvider(t)
	accountURL := fmt.Sprintf("account://%s:%s@%s", apiKey, apiSecret, accountID)
	name := "tfsecret-" + randomSuffix(8)

	tf := newCLIWorkspace(t, tfBin, providerDir)
	tf.Write("main.tf", secretsConfig(env.Emulator.URL, accountURL, name))
	apply := tf.MustRun(0, "apply", "-auto-approve", "-no-color", "-input=false")
	plan := tf.MustRun(0, "plan", "-detailed-exitcode", "-no-color", "-input=false") // 0: no changes
	show := tf.MustRun(0, "show", "-no-color")
	showJSON := tf.MustRun(0, "show", "-json")

	// The log is real: Terraform's and the provider's trace lines, with the
	// API calls the client made (an empty log would prove nothing).
	log := tf.Log()
	for _, want := range []string{"provider.terraform-provider-cloudinary", "generateAccessKey", "createProductEnvironment", "[REDACTED]"} {
		if !strings.Contains(log, want) {
			t.Fatalf("the TF_LOG=trace log (%d bytes) has no %q: logging is not captured", len(log), want)
		}
	}
	if st := env.Emulator.Stats(); st.ByOperation["generateAccessKey"] < 2 || st.ByOperation["deleteAccessKey"] < 1 {
		t.Errorf("the ephemeral access key was not opened and closed: %v", st.ByOperation)
	}

	secrets := secretsToFind(t, env.Client, rec, apiKey, apiSecret, accountURL)
	expectNoLeaks(t, secrets, map[string]string{"terraform apply output": apply, "terraform plan output": plan,
		"terraform show output": show, "TF_LOG=trace log": log})

	// terraform show masks every sensitive value; the JSON marks them.
	if n := len(regexp.MustCompile(`api_secret\s+=\s+\(sensitive value\)`).FindAllString(show, -1)); n < 2 {
		t.Errorf("terraform show masks %d api_secret values, want the resource's and the data source's:\n%s", n, show)
	}
	expectSensitiveInStateJSON(t, showJSON, map[string]string{
		"cloudinary_access_key.key":        `"api_secret":true`,
		"data.cloudinary_access_keys.keys": `"api_secret":true`,
	})

	// A 409: objects that already exist. The conflict diagnostics look the
	// existing objects up (the access key's through a list that carries its
	// secret) and must show ids and import commands, never a secret.
	ctx := t.Context()
	envID := stateAttrFromJSON(t, showJSON, "cloudinary_product_environment.env", "id")
	if _, err := env.Client.CreateUserGroup(ctx, client.UserGroupRequest{Name: name + "-taken"}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Client.GenerateAccessKey(ctx, envID, client.AccessKeyCreateRequest{Name: client.Ptr(name + "-taken")}); err != nil {
		t.Fatal(err)
	}
	tf.Write("conflicts.tf", fmt.Sprintf(`
resource "cloudinary_user_group" "taken" {
  name = "%[1]s-taken"
}

resource "cloudinary_access_key" "taken" {
  product_environment_id = cloudinary_product_environment.env.id
  name                   = "%[1]s-taken"
}

resource "cloudinary_user" "taken" {
  name  = "%[1]s-c"
  email = "%[1]s-a@example.com"
  role  = "reports"
}
`, name))
	conflict := tf.MustRun(1, "apply", "-auto-approve", "-no-color", "-input=false")
	for _, want := range []string{"User group already exists", "Unable to create access key", "User already exists", "terraform import"} {
		if !strings.Contains(strings.Join(strings.Fields(conflict), " "), want) {
			t.Errorf("the conflicting apply does not say %q:\n%s", want, conflict)
		}
	}

	// A 401: the same configuration with a wrong secret.
	wrongSecret := "wRoNg" + randomSuffix(24)
	bad := newCLIWorkspace(t, tfBin, providerDir)
	bad.Write("main.tf", secretsConfig(env.Emulator.URL, fmt.Sprintf("account://%s:%s@%s", apiKey, wrongSecret, accountID), name))
	unauthorized := bad.MustRun(1, "plan", "-no-color", "-input=false")
	if !strings.Contains(unauthorized, "Invalid Cloudinary credentials") {
		t.Errorf("the plan with a wrong secret does not report invalid credentials:\n%s", unauthorized)
	}

	secrets = secretsToFind(t, env.Client, rec, apiKey, apiSecret, accountURL)
	secrets["wrong api_secret"] = wrongSecret
	secrets["wrong Basic credentials"] = base64.StdEncoding.EncodeToString([]byte(apiKey + ":" + wrongSecret))
	expectNoLeaks(t, secrets, map[string]string{"the 409 apply output": conflict, "the 401 plan output": unauthorized,
		"TF_LOG=trace log (409)": tf.Log(), "TF_LOG=trace log (401)": bad.Log()})
}

// secretsToFind lists what must never be shown: the provider's
// credentials and every access key secret, read through the API's lists and
// recorded from its answers.
func secretsToFind(t *testing.T, c *client.Client, rec *secretRecorder, apiKey, apiSecret, accountURL string) map[string]string {
	t.Helper()
	out := map[string]string{
		"provider api_secret":        apiSecret,
		"provider account_url":       accountURL,
		"provider Basic credentials": base64.StdEncoding.EncodeToString([]byte(apiKey + ":" + apiSecret)),
	}
	envs, err := c.GetProductEnvironments(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range envs {
		keys, err := c.ListAllAccessKeys(t.Context(), e.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if k.APISecret != "" {
				out[fmt.Sprintf("secret of access key %s/%s", e.ID, k.APIKey)] = k.APISecret
			}
		}
	}
	recorded := rec.all()
	if len(recorded) < 3 {
		t.Fatalf("recorded %d access key secrets from the API's answers; expected the environment's own key, the resource's and the ephemeral one", len(recorded))
	}
	for i, s := range recorded {
		out[fmt.Sprintf("access key secret #%d answered by the API", i+1)] = s
	}
	return out
}

// stateFromJSON parses terraform show -json.
func stateFromJSON(t *testing.T, showJSON string) *tfjson.State {
	t.Helper()
	var st tfjson.State
	if err := json.Unmarshal([]byte(showJSON), &st); err != nil {
		t.Fatalf("terraform show -json: %v", err)
	}
	if st.Values == nil || st.Values.RootModule == nil {
		t.Fatal("terraform show -json: empty state")
	}
	return &st
}

func stateAttrFromJSON(t *testing.T, showJSON, addr, attr string) string {
	t.Helper()
	for _, r := range stateFromJSON(t, showJSON).Values.RootModule.Resources {
		if r.Address == addr {
			return fmt.Sprint(r.AttributeValues[attr])
		}
	}
	t.Fatalf("%s is not in the state", addr)
	return ""
}

// expectSensitiveInStateJSON checks the state's sensitive_values markings.
func expectSensitiveInStateJSON(t *testing.T, showJSON string, want map[string]string) {
	t.Helper()
	found := map[string]bool{}
	for _, r := range stateFromJSON(t, showJSON).Values.RootModule.Resources {
		w, ok := want[r.Address]
		if !ok {
			continue
		}
		found[r.Address] = true
		if !strings.Contains(strings.Join(strings.Fields(string(r.SensitiveValues)), ""), w) {
			t.Errorf("%s: sensitive_values %s lacks %s", r.Address, r.SensitiveValues, w)
		}
	}
	for addr := range want {
		if !found[addr] {
			t.Errorf("%s is not in the state", addr)
		}
	}
}

// TestProviderSchema_secretsAreSensitive walks every schema the provider
// serves (provider, resources, data sources, ephemeral resources, nested
// attributes included), through the protocol as Terraform reads them: every
// attribute whose name holds "secret", and the provider's account_url, must
// be Sensitive, so that Terraform masks them in plans, show and logs.
func TestProviderSchema_secretsAreSensitive(t *testing.T) {
	schemas := providerSchemas(t)
	checked := 0
	var walk func(where string, b *tfprotov6.SchemaBlock)
	walkAttrs := func(where string, attrs []*tfprotov6.SchemaAttribute) {
		for _, a := range attrs {
			at := where + "." + a.Name
			if strings.Contains(a.Name, "secret") || (where == "provider" && a.Name == "account_url") {
				checked++
				if !a.Sensitive {
					t.Errorf("%s holds a secret but is not Sensitive", at)
				}
			}
			if a.NestedType != nil {
				walk(at, &tfprotov6.SchemaBlock{Attributes: a.NestedType.Attributes})
			}
		}
	}
	walk = func(where string, b *tfprotov6.SchemaBlock) {
		if b == nil {
			return
		}
		walkAttrs(where, b.Attributes)
		for _, nb := range b.BlockTypes {
			walk(where+"."+nb.TypeName, nb.Block)
		}
	}
	walk("provider", schemas.Provider.Block)
	for name, s := range schemas.ResourceSchemas {
		walk(name, s.Block)
	}
	for name, s := range schemas.DataSourceSchemas {
		walk("data."+name, s.Block)
	}
	for name, s := range schemas.EphemeralResourceSchemas {
		walk("ephemeral."+name, s.Block)
	}
	// provider api_secret and account_url, cloudinary_access_key.api_secret,
	// data.cloudinary_access_keys.access_keys.api_secret, and the ephemeral
	// key's api_secret at least.
	if checked < 5 {
		t.Errorf("found only %d secret attributes: the walk is broken", checked)
	}
}
