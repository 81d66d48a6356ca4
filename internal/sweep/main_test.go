package sweep

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
)

// TestMain is terraform-plugin-testing's: with -sweep=REGION it runs the
// sweepers (`make sweep`, `make sweep-dry-run`) instead of the tests.
func TestMain(m *testing.M) {
	AddTestSweepers()
	resource.TestMain(m)
}

// The functions registered with resource.AddTestSweepers take their client
// from NewClient and the dry run from SWEEP_DRY_RUN: pointed at an
// emulator, run in the order the framework runs them, they list, then
// delete, exactly the test objects.
func TestSweeperFunc_registeredSweepersAgainstTheEmulator(t *testing.T) {
	a := newAccount(t, emulatortest.Seed(emulator.SeedRealistic))
	restore := NewClient
	t.Cleanup(func() {
		NewClient = restore
		clientsMu.Lock()
		clients = map[string]*client.Client{}
		clientsMu.Unlock()
	})
	NewClient = func(region string) (*client.Client, error) {
		if region != "emulator" {
			t.Errorf("region %q, want the -sweep value", region)
		}
		return a.c, nil
	}
	order, err := Order([]string{ProductEnvironments}) // what -sweep-run=product_environment runs: everything
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Kind{}
	for _, k := range Kinds {
		byName[k.Name] = k
	}
	run := func() {
		t.Helper()
		for _, n := range order {
			if err := SweeperFunc(byName[n])("emulator"); err != nil {
				t.Fatalf("%s: %v", n, err)
			}
		}
	}

	before := a.state(t)
	t.Setenv("SWEEP_DRY_RUN", "1")
	run()
	if !bytes.Equal(a.state(t), before) {
		t.Fatal("SWEEP_DRY_RUN=1: the sweepers changed the account")
	}
	t.Setenv("SWEEP_DRY_RUN", "")
	run()
	if got, want := a.inventory(t), sorted(a.kept); !slices.Equal(got, want) {
		t.Errorf("after the sweep the account holds\n%v\nwant\n%v", got, want)
	}
}

func TestClientFromEnv(t *testing.T) {
	t.Setenv("CLOUDINARY_ACCOUNT_URL", "")
	t.Setenv("CLOUDINARY_ENDPOINT", "")
	if _, err := ClientFromEnv("api"); err == nil || !strings.Contains(err.Error(), "CLOUDINARY_ACCOUNT_URL is not set") {
		t.Errorf("without credentials: %v", err)
	}
	t.Setenv("CLOUDINARY_ACCOUNT_URL", "account://key:secret@acc")
	for region, want := range map[string]string{
		"default": "https://api.cloudinary.com",
		"api":     "https://api.cloudinary.com",
		"api-eu":  "https://api-eu.cloudinary.com",
	} {
		c, err := ClientFromEnv(region)
		if err != nil || c.BaseURL() != want || c.AccountID() != "acc" {
			t.Errorf("region %s: %v, %v; want %s", region, c, err, want)
		}
	}
	if _, err := ClientFromEnv("mars"); err == nil {
		t.Error("an unknown region is accepted")
	}
	t.Setenv("CLOUDINARY_ENDPOINT", "http://127.0.0.1:8787")
	if c, err := ClientFromEnv("api-eu"); err != nil || c.BaseURL() != "http://127.0.0.1:8787" {
		t.Errorf("CLOUDINARY_ENDPOINT: %v, %v", c, err)
	}
	t.Setenv("CLOUDINARY_ACCOUNT_URL", "cloudinary://key:secret@cloud")
	if _, err := ClientFromEnv("api"); err == nil {
		t.Error("a malformed account URL is accepted")
	}
}

func TestDryRun_envVar(t *testing.T) {
	for v, want := range map[string]bool{"": false, "0": false, "false": false, "1": true, "true": true, "YES": true} {
		t.Setenv("SWEEP_DRY_RUN", v)
		if got := DryRun(); got != want {
			t.Errorf("SWEEP_DRY_RUN=%q: DryRun() = %v", v, got)
		}
	}
}
