package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// clearCredentialEnv keeps a developer's CLOUDINARY_EMULATOR_* variables
// out of tests that expect the built-in defaults (empty means unset).
func clearCredentialEnv(t *testing.T) {
	for _, ce := range credentialEnv {
		t.Setenv(ce.env, "")
	}
}

func TestParseFlagsDefaults(t *testing.T) {
	clearCredentialEnv(t)
	c, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	o := c.opts
	if c.addr != "127.0.0.1:8787" || o.AccountID != "emu-account" || o.APIKey != "emu-key" || o.APISecret != "emu-secret" ||
		o.BudgetWindow != time.Hour || o.HourlyBudget != 0 || o.Latency != 0 || o.StatePath != "" || o.Fault5xx != 0 {
		t.Fatalf("defaults %+v %+v", c.addr, o)
	}
}

func TestParseFlagsAll(t *testing.T) {
	c, err := parseFlags([]string{
		"-addr", "127.0.0.1:0", "-account-id", "a", "-api-key", "k", "-api-secret", "s",
		"-latency", "25ms", "-fault-5xx", "0.1", "-fault-429", "0.2", "-fault-420", "0.3",
		"-fault-reset", "0.4", "-fault-drop", "1", "-fault-seed", "99",
		"-hourly-budget", "2000", "-budget-window", "10m", "-state", "/tmp/x.json",
	}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	o := c.opts
	if c.addr != "127.0.0.1:0" || o.AccountID != "a" || o.APIKey != "k" || o.APISecret != "s" || o.Latency != 25*time.Millisecond ||
		o.Fault5xx != 0.1 || o.Fault429 != 0.2 || o.Fault420 != 0.3 || o.FaultReset != 0.4 || o.FaultDrop != 1 ||
		o.FaultSeed != 99 || o.HourlyBudget != 2000 || o.BudgetWindow != 10*time.Minute || o.StatePath != "/tmp/x.json" {
		t.Fatalf("parsed %+v", o)
	}
}

func TestParseFlagsInvalid(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-fault-5xx", "1.5"}, "-fault-5xx"},
		{[]string{"-fault-429", "-0.1"}, "-fault-429"},
		{[]string{"-fault-420", "NaN"}, "-fault-420"},
		{[]string{"-fault-reset", "2"}, "-fault-reset"},
		{[]string{"-fault-drop", "abc"}, "fault-drop"},
		{[]string{"-latency", "-1s"}, "-latency"},
		{[]string{"-hourly-budget", "-5"}, "-hourly-budget"},
		{[]string{"-budget-window", "0s"}, "-budget-window"},
		{[]string{"-api-key", ""}, "-api-key"},
		{[]string{"-addr", ""}, "-addr"},
		{[]string{"-nope"}, "nope"},
		{[]string{"extra"}, "unexpected"},
	} {
		var stderr bytes.Buffer
		_, err := parseFlags(tc.args, &stderr)
		if err == nil || !strings.Contains(err.Error()+stderr.String(), tc.want) {
			t.Errorf("%v: err %v, want mention of %q", tc.args, err, tc.want)
		}
	}
}

// syncBuffer lets the test read what run prints while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunServesAndShutsDown(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-account-id", "acc", "-api-key", "key", "-api-secret", "sec", "-state", state}, &stdout, &stderr)
	}()
	re := regexp.MustCompile(`export CLOUDINARY_ENDPOINT=(http://127\.0\.0\.1:\d+)\n`)
	var endpoint string
	for deadline := time.Now().Add(30 * time.Second); endpoint == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := re.FindStringSubmatch(stdout.String()); m != nil {
			endpoint = m[1]
		}
	}
	if endpoint == "" || strings.HasSuffix(endpoint, ":0") {
		t.Fatalf("no bound endpoint printed: %q %q", stdout.String(), stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		`endpoint   = "` + endpoint + `"`, `account_id = "acc"`, `api_key    = "key"`, `api_secret = "sec"`,
		"export CLOUDINARY_ACCOUNT_ID=acc", "export CLOUDINARY_PROVISIONING_API_KEY=key",
		"export CLOUDINARY_PROVISIONING_API_SECRET=sec", "export CLOUDINARY_ACCOUNT_URL=account://key:sec@acc",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	req, _ := http.NewRequestWithContext(t.Context(), "POST", endpoint+"/v1_1/provisioning/accounts/acc/user_groups", strings.NewReader(`{"name":"g"}`))
	req.SetBasicAuth("key", "sec")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("create group: %d", res.StatusCode)
	}
	if data, err := os.ReadFile(state); err != nil || !strings.Contains(string(data), `"g"`) {
		t.Errorf("state not saved: %s %v", data, err)
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

func TestRunBadFlagsAndBusyPort(t *testing.T) {
	var stderr bytes.Buffer
	if code := run(t.Context(), []string{"-fault-5xx", "3"}, io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), "-fault-5xx") {
		t.Errorf("bad flag: code %d, stderr %q", code, stderr.String())
	}
	stderr.Reset()
	if code := run(t.Context(), []string{"-addr", "256.0.0.1:1", "-allow-remote"}, io.Discard, &stderr); code != 1 || stderr.Len() == 0 {
		t.Errorf("bad address: code %d, stderr %q", code, stderr.String())
	}
	stderr.Reset()
	if code := run(t.Context(), []string{"-addr", "127.0.0.1:0", "-state", t.TempDir()}, io.Discard, &stderr); code != 1 || stderr.Len() == 0 {
		t.Errorf("unreadable state: code %d, stderr %q", code, stderr.String())
	}
	if code := run(t.Context(), []string{"-h"}, io.Discard, io.Discard); code != 0 {
		t.Errorf("-h: code %d", code)
	}
}

var (
	loopbackAddrs = []string{"127.0.0.1:0", "127.1.2.3:8787", "localhost:0", "LOCALHOST:0", "[::1]:0", "[::ffff:127.0.0.1]:0"}
	remoteAddrs   = []string{":0", "0.0.0.0:0", "[::]:0", "192.0.2.1:0", "devbox.example.com:0", "localhost.example.com:0", "256.0.0.1:1"}
)

// TestParseFlagsRemoteAddr: a non-loopback -addr is refused unless
// -allow-remote is given, which warns on stderr.
func TestParseFlagsRemoteAddr(t *testing.T) {
	clearCredentialEnv(t)
	for _, addr := range loopbackAddrs {
		var stderr bytes.Buffer
		if _, err := parseFlags([]string{"-addr", addr}, &stderr); err != nil || stderr.Len() != 0 {
			t.Errorf("-addr %s: err %v, stderr %q", addr, err, stderr.String())
		}
	}
	remote := remoteAddrs
	for _, addr := range remote {
		var stderr bytes.Buffer
		_, err := parseFlags([]string{"-addr", addr}, &stderr)
		if err == nil || !strings.Contains(err.Error(), "-allow-remote") || !strings.Contains(err.Error(), addr) {
			t.Errorf("-addr %s without -allow-remote: err %v", addr, err)
		}
		// Bounded: were the address accepted, run would serve until ctx ends.
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		code := run(ctx, []string{"-addr", addr}, io.Discard, &stderr)
		cancel()
		if code != 2 {
			t.Errorf("run -addr %s: code %d, want 2 without listening", addr, code)
		}
	}
	for _, addr := range remote {
		var stderr bytes.Buffer
		if _, err := parseFlags([]string{"-addr", addr, "-allow-remote"}, &stderr); err != nil {
			t.Errorf("-addr %s -allow-remote: %v", addr, err)
			continue
		}
		if w := stderr.String(); !strings.Contains(w, "WARNING") || !strings.Contains(w, addr) || !strings.Contains(w, "/_emulator/state") {
			t.Errorf("-addr %s -allow-remote: warning %q", addr, w)
		}
	}
	if _, err := parseFlags([]string{"-addr", "127.0.0.1"}, io.Discard); err == nil || !strings.Contains(err.Error(), "-addr") {
		t.Errorf("-addr without port: err %v", err)
	}
}

// TestParseFlagsAllowRemoteHosts: the Host names served follow -addr,
// -allow-remote and -allow-host.
func TestParseFlagsAllowRemoteHosts(t *testing.T) {
	clearCredentialEnv(t)
	for _, addr := range loopbackAddrs { // loopback relaxes nothing
		if c, err := parseFlags([]string{"-addr", addr}, io.Discard); err != nil || c.allowRemote || c.opts.AllowIPHosts || len(c.opts.AllowedHosts) != 0 {
			t.Errorf("-addr %s: opts %+v (%v)", addr, c.opts, err)
		}
	}
	for _, addr := range remoteAddrs {
		if c, err := parseFlags([]string{"-addr", addr, "-allow-remote"}, io.Discard); err != nil || !c.allowRemote || !c.opts.AllowIPHosts {
			t.Errorf("-addr %s -allow-remote: opts %+v (%v)", addr, c.opts, err)
		}
	}
	// The listen address's host name is served too, next to -allow-host names.
	c, err := parseFlags([]string{"-addr", "devbox.example.com:8787", "-allow-remote", "-allow-host", "emu.test, b.test", "-allow-host", "c.test"}, io.Discard)
	if err != nil || strings.Join(c.opts.AllowedHosts, " ") != "emu.test b.test c.test devbox.example.com" {
		t.Errorf("allowed hosts %q (%v)", c.opts.AllowedHosts, err)
	}
	for _, bad := range []string{"", "a.test,", "a.test:8787"} {
		if _, err := parseFlags([]string{"-allow-host", bad}, io.Discard); err == nil || !strings.Contains(err.Error(), "allow-host") {
			t.Errorf("-allow-host %q: err %v", bad, err)
		}
	}
}

func TestParseFlagsCredentialsFromEnv(t *testing.T) {
	t.Setenv("CLOUDINARY_EMULATOR_ACCOUNT_ID", "env-acc")
	t.Setenv("CLOUDINARY_EMULATOR_API_KEY", "env-key")
	t.Setenv("CLOUDINARY_EMULATOR_API_SECRET", "env-secret")
	c, err := parseFlags(nil, io.Discard)
	if err != nil || c.opts.AccountID != "env-acc" || c.opts.APIKey != "env-key" || c.opts.APISecret != "env-secret" {
		t.Fatalf("from env: %+v %v", c.opts, err)
	}
	// Flags win over the environment, even when set to the default value.
	c, err = parseFlags([]string{"-api-secret", "flag-secret", "-account-id", "emu-account"}, io.Discard)
	if err != nil || c.opts.AccountID != "emu-account" || c.opts.APIKey != "env-key" || c.opts.APISecret != "flag-secret" {
		t.Fatalf("flags over env: %+v %v", c.opts, err)
	}
	// An empty variable is unset.
	t.Setenv("CLOUDINARY_EMULATOR_API_KEY", "")
	if c, err = parseFlags(nil, io.Discard); err != nil || c.opts.APIKey != "emu-key" {
		t.Fatalf("empty env: %+v %v", c.opts, err)
	}
	// The help names the variables and -allow-remote.
	var help bytes.Buffer
	if _, err := parseFlags([]string{"-h"}, &help); err == nil {
		t.Fatal("-h: no ErrHelp")
	}
	for _, want := range []string{"CLOUDINARY_EMULATOR_ACCOUNT_ID", "CLOUDINARY_EMULATOR_API_KEY", "CLOUDINARY_EMULATOR_API_SECRET", "-allow-remote", "-allow-host"} {
		if !strings.Contains(help.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, help.String())
		}
	}
}

// TestRunHostCheckAndEnvCredentials runs the command with credentials from
// the environment and checks the served Host names end to end.
func TestRunHostCheckAndEnvCredentials(t *testing.T) {
	t.Setenv("CLOUDINARY_EMULATOR_ACCOUNT_ID", "env-acc")
	t.Setenv("CLOUDINARY_EMULATOR_API_KEY", "env-key")
	t.Setenv("CLOUDINARY_EMULATOR_API_SECRET", "env-secret")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-allow-host", "emu.test"}, &stdout, &stderr)
	}()
	re := regexp.MustCompile(`export CLOUDINARY_ENDPOINT=http://(127\.0\.0\.1:(\d+))\n`)
	var hostport, port string
	for deadline := time.Now().Add(30 * time.Second); hostport == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := re.FindStringSubmatch(stdout.String()); m != nil {
			hostport, port = m[1], m[2]
		}
		select {
		case code := <-done:
			t.Fatalf("run exited with %d: %q %q", code, stdout.String(), stderr.String())
		default:
		}
	}
	if hostport == "" {
		t.Fatalf("no endpoint printed: %q %q", stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "export CLOUDINARY_ACCOUNT_URL=account://env-key:env-secret@env-acc") {
		t.Errorf("settings do not use the environment's credentials:\n%s", stdout.String())
	}
	call := func(host, path string) int {
		t.Helper()
		req, _ := http.NewRequestWithContext(t.Context(), "GET", "http://"+hostport+path, nil)
		req.Host = host
		req.SetBasicAuth("env-key", "env-secret")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	for host, want := range map[string]int{
		"localhost:" + port: 200, hostport: 200, "emu.test:" + port: 200,
		"evil.example.com:" + port: 421, "192.0.2.1:" + port: 421,
	} {
		for _, path := range []string{"/_emulator/state", "/v1_1/provisioning/accounts/env-acc/users"} {
			if got := call(host, path); got != want {
				t.Errorf("Host %s %s: %d, want %d", host, path, got, want)
			}
		}
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

// TestParseFlagsTakenCloudNames: without the flag the emulator's built-in
// names apply (nil); the flag replaces them, trimmed, and an empty value
// means no name is taken elsewhere.
func TestParseFlagsTakenCloudNames(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{nil, nil},
		{[]string{"-taken-cloud-names", " acme , demo,,"}, []string{"acme", "demo"}},
		{[]string{"-taken-cloud-names", ""}, []string{}},
	} {
		c, err := parseFlags(tc.args, io.Discard)
		if err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		got := c.opts.TakenCloudNames
		if (got == nil) != (tc.want == nil) || strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%v: TakenCloudNames = %#v, want %#v", tc.args, got, tc.want)
		}
	}
}
