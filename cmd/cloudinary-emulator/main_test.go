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

func TestParseFlagsDefaults(t *testing.T) {
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
	if code := run(t.Context(), []string{"-addr", "256.0.0.1:1"}, io.Discard, &stderr); code != 1 || stderr.Len() == 0 {
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
