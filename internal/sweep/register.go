package sweep

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// dryRunFlag is -sweep-dry-run, next to terraform-plugin-testing's -sweep,
// -sweep-run and -sweep-allow-failures.
var dryRunFlag = flag.Bool("sweep-dry-run", false,
	"with -sweep: list the "+Prefix+" objects the sweepers would delete and delete nothing (also SWEEP_DRY_RUN=1)")

// DryRun reports whether -sweep-dry-run or SWEEP_DRY_RUN=1 (true, yes) asks
// for a listing only.
func DryRun() bool {
	if *dryRunFlag {
		return true
	}
	switch strings.ToLower(strings.TrimSpace(os.Getenv("SWEEP_DRY_RUN"))) {
	case "1", "true", "yes":
		return true
	}
	return false
}

// NewClient builds the client the registered sweepers use for the region
// given to -sweep. Tests point it at an emulator.
var NewClient = ClientFromEnv

// ClientFromEnv is the default NewClient: the credentials come from
// CLOUDINARY_ACCOUNT_URL (account://KEY:SECRET@ACCOUNT_ID), as for `make
// testlive`; CLOUDINARY_ENDPOINT, when set, overrides the region's host.
// region is one of client.Regions, or "default" for the default region.
func ClientFromEnv(region string) (*client.Client, error) {
	raw := os.Getenv(client.EnvAccountURL)
	if raw == "" {
		return nil, errors.New("CLOUDINARY_ACCOUNT_URL is not set: set it to account://API_KEY:API_SECRET@ACCOUNT_ID of the test account")
	}
	u, err := client.ParseAccountURL(raw)
	if err != nil {
		return nil, fmt.Errorf("CLOUDINARY_ACCOUNT_URL: %w", err)
	}
	cfg := client.Config{AccountID: u.AccountID, APIKey: u.APIKey, APISecret: u.APISecret, MaxRetries: -1,
		BaseURL: os.Getenv(client.EnvEndpoint), QuietLogs: true}
	if region != "default" {
		cfg.Region = region
	}
	return client.New(cfg)
}

var (
	clientsMu sync.Mutex
	clients   = map[string]*client.Client{}
)

// clientFor returns one client per region for the whole sweep, so that its
// request counts add up across sweepers.
func clientFor(region string) (*client.Client, error) {
	clientsMu.Lock()
	defer clientsMu.Unlock()
	if c := clients[region]; c != nil {
		return c, nil
	}
	c, err := NewClient(region)
	if err != nil {
		return nil, err
	}
	mode := "deleting"
	if DryRun() {
		mode = "dry run, deleting nothing"
	}
	log.Printf("[INFO] sweeping %s objects of account %s at %s (%s)", Prefix, c.AccountID(), c.BaseURL(), mode)
	clients[region] = c
	return c, nil
}

// SweeperFunc is the resource.SweeperFunc of kind.
func SweeperFunc(kind Kind) resource.SweeperFunc {
	return func(region string) error {
		c, err := clientFor(region)
		if err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		defer cancel()
		s := &Sweeper{Client: c, DryRun: DryRun()}
		_, err = s.Run(ctx, kind)
		total := 0
		for _, n := range c.RequestCounts() {
			total += n
		}
		log.Printf("[INFO] sweeper %s done: %d API requests spent by the sweep so far", kind.Name, total)
		return err
	}
}

var addOnce sync.Once

// AddTestSweepers registers one sweeper per kind with
// resource.AddTestSweepers (once per test binary). A test package's
// TestMain calls it, then resource.TestMain(m), and
//
//	go test ./internal/sweep -run '^$' -v -sweep=api [-sweep-dry-run] [-sweep-run=user] [-sweep-allow-failures]
//
// runs the sweepers instead of the tests.
func AddTestSweepers() {
	addOnce.Do(func() {
		for _, k := range Kinds {
			resource.AddTestSweepers(k.Name, &resource.Sweeper{Name: k.Name, Dependencies: k.Dependencies, F: SweeperFunc(k)})
		}
	})
}
