package scale

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
)

// seededState is emuStateJSON in a seeded account: its primary environment
// (with its root key and a key someone added), its owner, and the marks.
func seededState(t *testing.T, f func(m map[string]any)) *EmulatorState {
	t.Helper()
	return mutate(t, func(m map[string]any) {
		prov := sub(m, "provisioning")
		prov["seed"] = map[string]any{"seed": "realistic", "primary_product_environment_id": "penv",
			"owner_user_id": "owner", "root_api_key": "999"}
		sub(prov, "product_environments")["penv"] = map[string]any{"id": "penv", "name": "Primary", "seq": 0,
			"access_keys": []any{map[string]any{"name": "", "api_key": "999", "seq": 0}}}
		sub(prov, "users")["owner"] = map[string]any{"id": "owner", "email": "owner@example.com"}
		if f != nil {
			f(m)
		}
	})
}

func TestCompare_seededObjectsAreNotOrphans(t *testing.T) {
	es := seededState(t, nil)
	c := Compare(smallDeclared, tfState(t), es)
	if !c.OK() || c.SeededSkip != 3 || c.DefaultKeysSkip != 1 {
		t.Fatalf("comparison %+v: %v", c, c.Problems())
	}
	for _, k := range c.Kinds {
		if k.InEmulator != k.Declared {
			t.Errorf("%s: %d in the emulator, want %d (the seeded objects are not counted)", k.Kind, k.InEmulator, k.Declared)
		}
	}
	if m := es.SeededMissing(); len(m) != 0 {
		t.Errorf("seeded missing %v", m)
	}

	// A key added to the primary environment, or a user other than the
	// owner, is an orphan like any other.
	es = seededState(t, func(m map[string]any) {
		env := sub(m, "provisioning", "product_environments", "penv")
		env["access_keys"] = append(env["access_keys"].([]any), map[string]any{"name": "stray", "api_key": "555", "seq": 9})
	})
	c = Compare(smallDeclared, tfState(t), es)
	if got := kindsAndIDs(c.Orphans); !slices.Equal(got, []string{"access_key:555"}) {
		t.Errorf("orphans %v", got)
	}
}

func TestLeftovers_seeded(t *testing.T) {
	// After a complete destroy only the seeded objects remain: no leftover.
	es := seededState(t, func(m map[string]any) {
		prov := sub(m, "provisioning")
		delete(sub(prov, "product_environments"), "env1")
		delete(sub(prov, "users"), "u1")
		delete(sub(prov, "users"), "u2")
		prov["user_groups"] = map[string]any{}
		perm := sub(m, "permissions")
		perm["roles"], perm["custom_policies"], perm["assignments"] = map[string]any{}, map[string]any{}, []any{}
	})
	if l := Leftovers(es); len(l) != 0 {
		t.Errorf("leftovers %v", kindsAndIDs(l))
	}
	if m := es.SeededMissing(); len(m) != 0 {
		t.Errorf("seeded missing %v", m)
	}
	// Had the destroy taken them, SeededMissing says which.
	gone := seededState(t, func(m map[string]any) {
		delete(sub(m, "provisioning", "users"), "owner")
		sub(m, "provisioning", "product_environments", "penv")["access_keys"] = []any{}
	})
	if m := strings.Join(gone.SeededMissing(), "; "); m != "the root access key 999; the account owner owner" {
		t.Errorf("seeded missing %q", m)
	}
	noEnv := seededState(t, func(m map[string]any) { delete(sub(m, "provisioning", "product_environments"), "penv") })
	if m := noEnv.SeededMissing(); len(m) != 2 || !strings.Contains(m[0], "primary product environment penv") {
		t.Errorf("seeded missing %q", m)
	}
	// An account that was not seeded has nothing to miss.
	if m := mutate(t, func(map[string]any) {}).SeededMissing(); m != nil {
		t.Errorf("unseeded: %v", m)
	}
}

// TestEmulatorStateFormat_seeded reads a real seeded emulator's state: its
// marks are understood, and a fresh seeded account holds no object the
// comparison counts.
func TestEmulatorStateFormat_seeded(t *testing.T) {
	srv := emulatortest.Start(t, emulatortest.Seed(emulator.SeedRealistic))
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/_emulator/state", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	es, err := ParseEmulatorState(raw)
	if err != nil {
		t.Fatal(err)
	}
	if sd := es.Provisioning.Seed; sd == nil || sd.PrimaryProductEnvironmentID != emulator.SeedPrimaryEnvironmentID ||
		sd.OwnerUserID != emulator.SeedOwnerUserID || sd.RootAPIKey != emulator.SeedRootAPIKey {
		t.Fatalf("seed marks %+v", es.Provisioning.Seed)
	}
	objs, skipped, seeded := es.objects()
	if len(objs) != 0 || skipped != 0 || seeded != 3 {
		t.Errorf("objects %v, %d default keys, %d seeded; want none, 0, 3", kindsAndIDs(objs), skipped, seeded)
	}
	if m := es.SeededMissing(); len(m) != 0 {
		t.Errorf("seeded missing %v", m)
	}
	if got := (EmulatorOptions{Seed: "realistic"}).Args(); !slices.Equal(got[len(got)-2:], []string{"-seed", "realistic"}) {
		t.Errorf("Args() = %v", got)
	}
}
