package examplestest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
)

// TestExamplesApply_complete applies examples/complete, as `make demo` does,
// to an emulated account that is not empty: like a real one it holds its
// primary product environment, its owner (a master admin) and the root
// access key (cloudinary-emulator -seed realistic). The apply must succeed
// next to them, the next plan must be empty, and the destroy must remove
// exactly what the example created: the seeded objects are still there,
// unchanged.
func TestExamplesApply_complete(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to apply examples/complete to the emulator (make test sets it); it needs terraform")
	}
	tf := terraformPath(t)
	root := repoRoot(t)
	pluginDir := t.TempDir()
	out, err := runCommand(t, root, goPath(t), "build", "-o", filepath.Join(pluginDir, "terraform-provider-cloudinary"), ".")
	if err != nil {
		t.Fatalf("building the provider in %s: %v\n%s", root, err, out)
	}
	cliConfig := filepath.Join(t.TempDir(), "terraformrc")
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", providerSource, pluginDir)
	if err := os.WriteFile(cliConfig, []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}

	srv := emulatortest.Start(t, emulatortest.Seed(emulator.SeedRealistic))
	// Only the emulator's credentials: never a developer's real account.
	var env []string
	for _, kv := range terraformEnv(cliConfig) {
		if !strings.HasPrefix(kv, "CLOUDINARY_") {
			env = append(env, kv)
		}
	}
	env = append(env, "CLOUDINARY_ENDPOINT="+srv.URL, "CLOUDINARY_ACCOUNT_ID="+srv.AccountID,
		"CLOUDINARY_PROVISIONING_API_KEY="+srv.APIKey, "CLOUDINARY_PROVISIONING_API_SECRET="+srv.APISecret)

	before := seededObjects(t, srv)
	work := t.TempDir()
	copyTF(t, filepath.Join(root, "examples", "complete"), work)
	run := func(args ...string) string {
		t.Helper()
		out, err := runTerraform(t, tf, work, env, append(args, "-no-color", "-input=false")...)
		if err != nil {
			t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("apply", "-auto-approve")
	if out, err := runTerraform(t, tf, work, env, "plan", "-detailed-exitcode", "-no-color", "-input=false"); err != nil {
		t.Errorf("the plan after the apply is not empty (%v):\n%s", err, out)
	}
	// The example's users and environments sit next to the seeded ones,
	// which are unchanged but for what is counted from the others (the
	// owner, a master admin, reaches the example's environments too).
	if got, want := withoutCounts(t, seededObjects(t, srv)), withoutCounts(t, before); !reflect.DeepEqual(got, want) {
		t.Errorf("the apply changed the seeded objects:\nbefore %s\nafter  %s", before, got)
	}
	run("apply", "-auto-approve", "-var", "prod_deletion_protection=false")
	run("destroy", "-auto-approve", "-var", "prod_deletion_protection=false")

	if got := seededObjects(t, srv); !reflect.DeepEqual(got, before) {
		t.Errorf("the destroy changed the seeded objects:\nbefore %s\nafter  %s", before, got)
	}
	if left := accountObjects(t, srv); left != "product_environments: "+emulator.SeedPrimaryEnvironmentID+"; users: "+emulator.SeedOwnerUserID {
		t.Errorf("after the destroy the account holds %s; want only the seeded objects", left)
	}
}

// runCommand runs a command in dir and returns its combined output.
func runCommand(t *testing.T, dir, name string, args ...string) ([]byte, error) {
	t.Helper()
	return runTerraform(t, name, dir, os.Environ(), args...)
}

// seededObjects reads the seeded objects through the API, as JSON (the
// primary environment with its keys, its key list, the owner): equal
// documents mean untouched objects, updated_at included.
func seededObjects(t *testing.T, srv *emulatortest.Server) map[string]string {
	t.Helper()
	base := "/v1_1/provisioning/accounts/" + srv.AccountID
	out := map[string]string{}
	for name, path := range map[string]string{
		"primary environment": base + "/sub_accounts/" + emulator.SeedPrimaryEnvironmentID,
		"root key":            base + "/sub_accounts/" + emulator.SeedPrimaryEnvironmentID + "/access_keys",
		"owner":               base + "/users/" + emulator.SeedOwnerUserID,
	} {
		out[name] = apiGet(t, srv, path)
	}
	return out
}

// withoutCounts drops the counts derived from other objects
// (sub_account_count, group_count) from the documents.
func withoutCounts(t *testing.T, docs map[string]string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, doc := range docs {
		var m map[string]any
		if err := json.Unmarshal([]byte(doc), &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "sub_account_count")
		delete(m, "group_count")
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = string(b)
	}
	return out
}

func apiGet(t *testing.T, srv *emulatortest.Server, path string) string {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(srv.APIKey, srv.APISecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v\n%s", path, resp.StatusCode, err, b)
	}
	return string(b)
}

// accountObjects lists what the emulator's state holds, collection by
// collection ("product_environments: id1, id2; users: ..."), empty
// collections left out.
func accountObjects(t *testing.T, srv *emulatortest.Server) string {
	t.Helper()
	raw, err := srv.Emulator.StateJSON()
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Provisioning map[string]json.RawMessage `json:"provisioning"`
		Permissions  map[string]json.RawMessage `json:"permissions"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	var parts []string
	add := func(name string, doc json.RawMessage) {
		var ids []string
		var m map[string]json.RawMessage
		var l []json.RawMessage
		switch {
		case json.Unmarshal(doc, &m) == nil:
			for id := range m {
				ids = append(ids, id)
			}
		case json.Unmarshal(doc, &l) == nil:
			for _, e := range l {
				ids = append(ids, string(e))
			}
		}
		if len(ids) > 0 {
			sort.Strings(ids)
			parts = append(parts, name+": "+strings.Join(ids, ", "))
		}
	}
	for _, c := range []string{"product_environments", "users", "user_groups"} {
		add(c, st.Provisioning[c])
	}
	for _, c := range []string{"roles", "custom_policies", "assignments"} {
		add(c, st.Permissions[c])
	}
	return strings.Join(parts, "; ")
}
