package client

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestLogsRedactSecrets(t *testing.T) {
	const (
		keySecret  = "QcsQcsQcsQcsQcsQcsQcsQcsQcs"
		envSecret  = "asdf1JKL2xyz3ABc4s3c5reT01DfaKez"
		userPass   = "hunter2-password-value"
		urlSecret  = "urlSecretValue123"
		errSecret  = "errorBodySecret987"
		queryValue = "querySecret555"
	)
	s := newCoreServer(t,
		coreReply{body: `{"id":"env1","cloud_name":"visible-cloud","api_access_keys":[{"key":"123","secret":"` + envSecret + `","enabled":true}]}`},
		coreReply{body: `{"name":"main_key","api_key":"814","api_secret":"` + keySecret + `"}`},
		coreReply{status: 400, body: `{"error":{"message":"bad account://814:` + errSecret + `@acc","details":{"password":"` + userPass + `"}}}`},
		coreReply{body: `{}`},
	)
	c := coreClient(t, s.URL)
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &buf)

	if _, err := c.GetProductEnvironment(ctx, "env1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GenerateAccessKey(ctx, "env1", AccessKeyCreateRequest{Name: Ptr("main_key")}); err != nil {
		t.Fatal(err)
	}
	// A body with secret fields and an account URL in a string value.
	_ = c.do(ctx, request{op: "testSecrets", method: "PUT", path: c.provisioningPath("x"),
		body: map[string]any{"password": userPass, "nested": map[string]any{"api_secret": keySecret},
			"note": "account://814:" + urlSecret + "@acc"}}, nil)
	// A secret in the query string.
	_ = c.do(ctx, request{op: "testQuery", method: "GET", path: c.provisioningPath("y"),
		query: url.Values{"api_secret": {queryValue}, "prefix": {"visible-prefix"}}}, nil)

	logs := buf.String()
	basic := base64.StdEncoding.EncodeToString([]byte(coreKey + ":" + coreSecret))
	for name, secret := range map[string]string{
		"account secret": coreSecret, "basic token": basic, "access key secret": keySecret,
		"environment key secret": envSecret, "password": userPass, "account URL secret": urlSecret,
		"error body secret": errSecret, "query secret": queryValue,
	} {
		if strings.Contains(logs, secret) {
			t.Errorf("the logs contain the %s", name)
		}
	}

	entries, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var debugReq, traceBody, subsystem bool
	for _, e := range entries {
		if mod, _ := e["@module"].(string); strings.HasSuffix(mod, LogSubsystem) {
			subsystem = true
		}
		if e["@level"] == "debug" && e["@message"] == "Sending Cloudinary API request" {
			debugReq = true
			if h, ok := e["headers"].(map[string]any); !ok || h["Authorization"] != redacted {
				t.Errorf("request headers logged as %v", e["headers"])
			}
		}
		if e["@level"] == "trace" && e["@message"] == "Cloudinary API response body" {
			traceBody = true
		}
	}
	if !debugReq || !traceBody || !subsystem {
		t.Errorf("debug request %v, trace body %v, subsystem %v:\n%s", debugReq, traceBody, subsystem, logs)
	}
	for _, visible := range []string{"visible-cloud", "visible-prefix", "main_key", redacted} {
		if !strings.Contains(logs, visible) {
			t.Errorf("the logs should still show %q", visible)
		}
	}
}

func TestRedactText(t *testing.T) {
	cases := map[string]string{
		`account://key:sec@acc`:                     `account://[REDACTED]@acc`,
		`CLOUDINARY_URL=cloudinary://k:s@cloud x`:   `CLOUDINARY_URL=cloudinary://[REDACTED]@cloud x`,
		`{"api_secret": "abc", "x": 1`:              `{"api_secret": "[REDACTED]", "x": 1`,
		`{"Password":"a\"b"}`:                       `{"Password":"[REDACTED]"}`,
		`api_secret=abc&x=1`:                        `api_secret=[REDACTED]&x=1`,
		`Authorization: Basic dXNlcjpwYXNzd29yZA==`: `Authorization: Basic [REDACTED]`,
		`nothing secret here`:                       `nothing secret here`,
	}
	for in, want := range cases {
		if got := redactText(in); got != want {
			t.Errorf("redactText(%q) = %q, want %q", in, got, want)
		}
	}
	c := coreClient(t, "http://127.0.0.1:1")
	if got := c.redactBody([]byte(`{"a":[{"secret":"x","key":"k"}],"password":null}`)); got != `{"a":[{"key":"k","secret":"[REDACTED]"}],"password":null}` {
		t.Errorf("redactBody = %s", got)
	}
	if got := c.redactString("the secret is " + coreSecret); strings.Contains(got, coreSecret) {
		t.Errorf("redactString kept the configured secret: %s", got)
	}
}

func TestQuietLogsSkipsRequestLogging(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"user_groups":[]}`))
	}))
	defer srv.Close()
	for _, quiet := range []bool{false, true} {
		var buf bytes.Buffer
		ctx := tflogtest.RootLogger(t.Context(), &buf)
		c, err := New(Config{AccountID: "a", APIKey: "k", APISecret: "s", BaseURL: srv.URL, QuietLogs: quiet})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetUserGroups(ctx, nil); err != nil {
			t.Fatal(err)
		}
		logged := strings.Contains(buf.String(), "Cloudinary API response")
		if logged == quiet {
			t.Errorf("QuietLogs=%v: request logged = %v", quiet, logged)
		}
		if c.RequestCounts()["getUserGroups"] != 1 {
			t.Errorf("QuietLogs=%v: the attempt was not counted", quiet)
		}
	}
}

func TestLogsRequested(t *testing.T) {
	if LogsRequested([]string{"PATH=/bin"}) {
		t.Error("no TF_LOG variable: logs are not requested")
	}
	// What the provider's main package sets to silence the SDK must not
	// count as a request for logs.
	quieted := []string{"PATH=/bin", "TF_LOG_SDK=OFF", "TF_LOG_SDK_PROTO=OFF", "TF_LOG_SDK_FRAMEWORK=OFF", "TF_LOG_PROVIDER=off", "TF_LOG="}
	if LogsRequested(quieted) {
		t.Errorf("%v: logs are not requested", quieted)
	}
	for _, kv := range []string{"TF_LOG=trace", "TF_LOG_PROVIDER=debug", "TF_LOG_PATH=/tmp/x"} {
		if !LogsRequested([]string{"PATH=/bin", kv}) {
			t.Errorf("%s: logs are requested", kv)
		}
	}
}
