package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
)

func TestParseFlagsSeed(t *testing.T) {
	clearCredentialEnv(t)
	c, err := parseFlags(nil, io.Discard)
	if err != nil || c.opts.Seed != "empty" {
		t.Fatalf("default seed %q, %v; want empty", c.opts.Seed, err)
	}
	c, err = parseFlags([]string{"-seed", "realistic"}, io.Discard)
	if err != nil || c.opts.Seed != "realistic" {
		t.Fatalf("-seed realistic: %q, %v", c.opts.Seed, err)
	}
	for _, bad := range []string{"", "full", "Realistic"} {
		_, err := parseFlags([]string{"-seed", bad}, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "-seed must be empty or realistic") {
			t.Errorf("-seed %q: err %v", bad, err)
		}
	}
}

// TestRunSeedRealistic starts the command with -seed realistic: it says
// what the account holds, and the API lists it.
func TestRunSeedRealistic(t *testing.T) {
	clearCredentialEnv(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-seed", "realistic"}, &stdout, &stderr) }()
	re := regexp.MustCompile(`seeded account \(realistic\): primary product environment (\w+), owner user (\w+) \(a master admin\), root access key (\d+); none of them can be deleted\n`)
	var m []string
	for deadline := time.Now().Add(30 * time.Second); m == nil && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		m = re.FindStringSubmatch(stdout.String())
	}
	if m == nil {
		t.Fatalf("no seed line printed: %q %q", stdout.String(), stderr.String())
	}
	if m[1] != emulator.SeedPrimaryEnvironmentID || m[2] != emulator.SeedOwnerUserID || m[3] != emulator.SeedRootAPIKey {
		t.Errorf("seed line %q", m[0])
	}
	endpoint := regexp.MustCompile(`export CLOUDINARY_ENDPOINT=(\S+)`).FindStringSubmatch(stdout.String())[1]
	req, _ := http.NewRequestWithContext(t.Context(), "GET", endpoint+"/v1_1/provisioning/accounts/emu-account/users", nil)
	req.SetBasicAuth("emu-key", "emu-secret")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Users []struct {
			Email string `json:"email"`
			Root  bool   `json:"root"`
		} `json:"users"`
	}
	err = json.NewDecoder(res.Body).Decode(&body)
	res.Body.Close()
	if err != nil || len(body.Users) != 1 || body.Users[0].Email != emulator.SeedOwnerEmail || !body.Users[0].Root {
		t.Errorf("users %+v, %v; want the owner", body.Users, err)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit code %d, stderr %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
}

// TestRunDefaultSeedPrintsNothing: an empty account has nothing to report.
func TestRunDefaultSeedPrintsNothing(t *testing.T) {
	clearCredentialEnv(t)
	ctx, cancel := context.WithCancel(t.Context())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, &stdout, &stderr) }()
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(stdout.String(), "CLOUDINARY_ACCOUNT_URL") && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	if out := stdout.String(); !strings.Contains(out, "CLOUDINARY_ACCOUNT_URL") || strings.Contains(out, "seeded") {
		t.Errorf("output %q", out)
	}
}
