package client

import (
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestNewValidatesConfig(t *testing.T) {
	ok := Config{AccountID: "a", APIKey: "k", APISecret: coreSecret}
	cases := []struct {
		name    string
		mod     func(*Config)
		wantErr []string
	}{
		{"missing account", func(c *Config) { c.AccountID = " " }, []string{"account id is missing"}},
		{"missing key", func(c *Config) { c.APIKey = "" }, []string{"API key is missing"}},
		{"missing secret", func(c *Config) { c.APISecret = "" }, []string{"API secret is missing"}},
		{"all missing", func(c *Config) { *c = Config{} }, []string{"account id", "API key", "API secret"}},
		{"bad region", func(c *Config) { c.Region = "api-mars" }, []string{`region "api-mars"`, "api, api-eu, api-ap"}},
		{"relative base", func(c *Config) { c.BaseURL = "127.0.0.1:8787" }, []string{"base URL"}},
		{"ftp base", func(c *Config) { c.BaseURL = "ftp://example.com" }, []string{"http:// or https://"}},
		{"no host", func(c *Config) { c.BaseURL = "http://" }, []string{"no host"}},
		{"query", func(c *Config) { c.BaseURL = "https://example.com/?a=b" }, []string{"query"}},
		{"credentials in base", func(c *Config) { c.BaseURL = "https://u:" + coreSecret + "@example.com" }, []string{"must not contain credentials"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := ok
			tc.mod(&cfg)
			_, err := New(cfg)
			if err == nil {
				t.Fatal("New accepted an invalid config")
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if strings.Contains(err.Error(), coreSecret) {
				t.Errorf("error echoes the secret: %q", err)
			}
		})
	}
}

func TestNewDefaultsAndBaseURL(t *testing.T) {
	for region, want := range map[string]string{
		"":       "https://api.cloudinary.com",
		"api":    "https://api.cloudinary.com",
		"api-eu": "https://api-eu.cloudinary.com",
		"api-ap": "https://api-ap.cloudinary.com",
	} {
		c, err := New(Config{AccountID: "a", APIKey: "k", APISecret: "s", Region: region})
		if err != nil {
			t.Fatalf("region %q: %v", region, err)
		}
		if c.BaseURL() != want {
			t.Errorf("region %q: BaseURL = %q, want %q", region, c.BaseURL(), want)
		}
	}
	c, err := New(Config{AccountID: "acc", APIKey: "k", APISecret: "s", Region: "api-mars", BaseURL: "http://127.0.0.1:8787/prefix/", MaxRetries: -1})
	if err != nil {
		t.Fatalf("BaseURL should win over an invalid region: %v", err)
	}
	if c.BaseURL() != "http://127.0.0.1:8787/prefix" || c.AccountID() != "acc" {
		t.Errorf("BaseURL=%q AccountID=%q", c.BaseURL(), c.AccountID())
	}
	if c.maxRetries != DefaultMaxRetries || c.http.RetryMax != DefaultMaxRetries {
		t.Errorf("negative MaxRetries should mean %d, got %d", DefaultMaxRetries, c.maxRetries)
	}
	if c.maxRateLimitWait != DefaultMaxRateLimitWait || c.retryWaitMin != DefaultRetryWaitMin ||
		c.retryWaitMax != DefaultRetryWaitMax || c.http.HTTPClient.Timeout != DefaultHTTPTimeout {
		t.Errorf("defaults not applied: %+v", c)
	}
	c0, _ := New(Config{AccountID: "a", APIKey: "k", APISecret: "s", MaxRetries: 0, MaxRateLimitWait: -1})
	if c0.http.RetryMax != 0 || c0.maxRateLimitWait != 0 {
		t.Errorf("MaxRetries 0 / negative MaxRateLimitWait: RetryMax=%d wait=%s", c0.http.RetryMax, c0.maxRateLimitWait)
	}
}

func TestUserAgent(t *testing.T) {
	ua := UserAgent("1.2.3", "1.9.0")
	for _, w := range []string{"terraform-provider-cloudinary/1.2.3", "Terraform/1.9.0", "Go/"} {
		if !strings.Contains(ua, w) {
			t.Errorf("UserAgent %q lacks %q", ua, w)
		}
	}
	if ua := UserAgent("", ""); !strings.Contains(ua, "terraform-provider-cloudinary/dev") || strings.Contains(ua, "Terraform/") {
		t.Errorf("UserAgent with no versions = %q", ua)
	}
}

func TestAuthUserAgentAndHeadersSent(t *testing.T) {
	s := newCoreServer(t, coreReply{body: `{"id":"g1","name":"Designers"}`})
	c := coreClient(t, s.URL, func(cfg *Config) { cfg.UserAgent = "ua-test/1" })
	if _, err := c.CreateUserGroup(t.Context(), UserGroupRequest{Name: "Designers"}); err != nil {
		t.Fatal(err)
	}
	h := s.requests()[0].header
	wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte(coreKey+":"+coreSecret))
	if h.Get("Authorization") != wantAuth {
		t.Errorf("Authorization = %q, want Basic auth with the key and secret", h.Get("Authorization"))
	}
	if h.Get("User-Agent") != "ua-test/1" {
		t.Errorf("User-Agent = %q", h.Get("User-Agent"))
	}
	if h.Get("Content-Type") != "application/json" || h.Get("Accept") != "application/json" {
		t.Errorf("Content-Type %q Accept %q", h.Get("Content-Type"), h.Get("Accept"))
	}

	// The default User-Agent is the provider's.
	c2 := coreClient(t, s.URL)
	if _, err := c2.GetUserGroups(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	if ua := s.requests()[1].header.Get("User-Agent"); !strings.HasPrefix(ua, "terraform-provider-cloudinary/") {
		t.Errorf("default User-Agent = %q", ua)
	}
	if s.requests()[1].header.Get("Content-Type") != "" {
		t.Error("a GET without a body should not send Content-Type")
	}
}

func TestPublicRequestStillSendsCredentials(t *testing.T) {
	s := newCoreServer(t, coreReply{body: `{}`})
	c := coreClient(t, s.URL)
	if err := c.do(t.Context(), request{op: "getCedarSchema", method: "GET", path: publicPath("schema"), public: true}, nil); err != nil {
		t.Fatal(err)
	}
	got := s.requests()[0]
	if got.path != "/v2/accounts/permissions/public/schema" {
		t.Errorf("path = %q", got.path)
	}
	if got.header.Get("Authorization") == "" {
		t.Error("public request should still carry our credentials")
	}
}

func TestPathBuildersEscapeSegments(t *testing.T) {
	c := coreClient(t, "http://127.0.0.1:1", func(cfg *Config) { cfg.AccountID = "acc/1 x" })
	cases := map[string]string{
		c.provisioningPath("users", "u/1?x#y", "groups"): "/v1_1/provisioning/accounts/acc%2F1%20x/users/u%2F1%3Fx%23y/groups",
		c.permissionsPath("roles", "r 1"):                "/v2/accounts/acc%2F1%20x/permissions/roles/r%201",
		c.permissionsPath():                              "/v2/accounts/acc%2F1%20x/permissions",
		publicPath("catalog"):                            "/v2/accounts/permissions/public/catalog",
	}
	for got, want := range cases {
		if got != want {
			t.Errorf("path = %q, want %q", got, want)
		}
	}
}

func TestEscapedPathAndBracketArrayQueryOnTheWire(t *testing.T) {
	s := newCoreServer(t, coreReply{body: `{"users":[]}`})
	c := coreClient(t, s.URL)
	_, err := c.GetUsers(t.Context(), &UserListOptions{
		IDs:    []string{"a,b", "c"},
		Emails: []string{"x+1@example.com"},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := s.requests()[0]
	// The bracket form, one key per value, never comma-joined
	// (FIDELITY.md row 8).
	if ids := got.query["ids[]"]; len(ids) != 2 || ids[0] != "a,b" || ids[1] != "c" {
		t.Errorf("ids[] = %q, want [a,b c]", ids)
	}
	if !strings.Contains(got.rawQuery, "ids%5B%5D=a%2Cb&ids%5B%5D=c") {
		t.Errorf("raw query %q should repeat ids[]", got.rawQuery)
	}
	if e := got.query["emails[]"]; len(e) != 1 || e[0] != "x+1@example.com" {
		t.Errorf("emails[] = %q", e)
	}

	if _, err := c.GetUser(t.Context(), "id/with space"); err != nil {
		t.Fatal(err)
	}
	if p := s.requests()[1].path; p != "/v1_1/provisioning/accounts/acc-1234/users/id%2Fwith%20space" {
		t.Errorf("escaped path on the wire = %q", p)
	}
}

func TestEmptyIDsRejectedBeforeAnyRequest(t *testing.T) {
	s := newCoreServer(t)
	c := coreClient(t, s.URL)
	ctx := t.Context()
	if _, err := c.GetUser(ctx, ""); err == nil {
		t.Error("GetUser(\"\") should fail")
	}
	if err := c.DeleteUserGroup(ctx, ".."); err == nil {
		t.Error("DeleteUserGroup(\"..\") should fail")
	}
	if err := c.DeleteAccessKeyByName(ctx, "env", ""); err == nil {
		t.Error("DeleteAccessKeyByName without a name should fail")
	}
	if s.count() != 0 {
		t.Errorf("%d requests were sent", s.count())
	}
}

func TestResponseHandling(t *testing.T) {
	ctx := t.Context()
	t.Run("unknown fields tolerated", func(t *testing.T) {
		s := newCoreServer(t, coreReply{body: `{"id":"g","name":"n","brand_new_field":{"x":1}}`})
		g, err := coreClient(t, s.URL).GetUserGroup(ctx, "g", nil)
		if err != nil || g.Name != "n" {
			t.Fatalf("g=%+v err=%v", g, err)
		}
	})
	t.Run("empty body is fine", func(t *testing.T) {
		s := newCoreServer(t, coreReply{status: 200})
		if err := coreClient(t, s.URL).DeleteUser(ctx, "u"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("non-JSON content type on a 2xx body is rejected", func(t *testing.T) {
		s := newCoreServer(t, coreReply{body: `<html>ok</html>`, headers: map[string]string{"Content-Type": "text/html"}})
		_, err := coreClient(t, s.URL).GetUser(ctx, "u")
		if err == nil || !strings.Contains(err.Error(), "text/html") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("json with charset and +json accepted", func(t *testing.T) {
		for _, ct := range []string{"application/json; charset=utf-8", "application/problem+json"} {
			s := newCoreServer(t, coreReply{body: `{"id":"u"}`, headers: map[string]string{"Content-Type": ct}})
			if _, err := coreClient(t, s.URL).GetUser(ctx, "u"); err != nil {
				t.Errorf("%s: %v", ct, err)
			}
		}
	})
	t.Run("2xx outside want is rejected", func(t *testing.T) {
		s := newCoreServer(t, coreReply{status: 201, body: `{"id":"u"}`})
		_, err := coreClient(t, s.URL).UpdateUser(ctx, "u", UserUpdateRequest{})
		if err == nil || !strings.Contains(err.Error(), "unexpected HTTP status 201") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("undecodable body", func(t *testing.T) {
		s := newCoreServer(t, coreReply{body: `{"id":`})
		_, err := coreClient(t, s.URL).GetUser(ctx, "u")
		if err == nil || !strings.Contains(err.Error(), "decoding response") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("2xx surprises on a create are an unknown outcome", func(t *testing.T) {
		for _, rep := range []coreReply{
			{status: 201, body: `{"id":"u"}`},
			{body: `not json`, headers: map[string]string{"Content-Type": "text/plain"}},
			{body: `{"id":`},
		} {
			s := newCoreServer(t, rep)
			_, err := coreClient(t, s.URL).CreateUser(ctx, UserCreateRequest{Name: "n", Email: "e@x"})
			if !errors.Is(err, ErrOutcomeUnknown) {
				t.Errorf("reply %+v: err = %v, want outcome unknown", rep, err)
			}
		}
	})
}

func TestRequestCountsRetriesAndReset(t *testing.T) {
	s := newCoreServer(t, coreReply{status: 503}, coreReply{body: `{"users":[]}`})
	c := coreClient(t, s.URL)
	ctx := t.Context()
	if _, err := c.GetUsers(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetUserGroups(ctx, nil); err != nil {
		t.Fatal(err)
	}
	counts := c.RequestCounts()
	if counts["getUsers"] != 2 || counts["getUserGroups"] != 1 || c.Retries() != 1 {
		t.Errorf("counts = %v retries = %d", counts, c.Retries())
	}
	counts["getUsers"] = 99 // a copy
	if c.RequestCounts()["getUsers"] != 2 {
		t.Error("RequestCounts must return a copy")
	}
	c.ResetCounts()
	if len(c.RequestCounts()) != 0 || c.Retries() != 0 {
		t.Errorf("after reset: %v %d", c.RequestCounts(), c.Retries())
	}
}

func TestConcurrentCallsAreSafe(t *testing.T) {
	s := newCoreServer(t, coreReply{body: `{"user_groups":[]}`})
	c := coreClient(t, s.URL)
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.GetUserGroups(t.Context(), nil); err != nil {
				t.Error(err)
			}
			_ = c.RequestCounts()
			_ = c.Retries()
		}()
	}
	wg.Wait()
	if got := c.RequestCounts()["getUserGroups"]; got != 20 {
		t.Errorf("count = %d, want 20", got)
	}
}

func TestPtr(t *testing.T) {
	if p := Ptr(3); *p != 3 {
		t.Fail()
	}
	if p := Ptr(false); *p {
		t.Fail()
	}
}

// A per-attempt timeout applies to each attempt, not to the whole call.
func TestHTTPTimeoutIsPerAttempt(t *testing.T) {
	s := newCoreServer(t, coreReply{delay: time.Minute, body: `{}`}, coreReply{body: `{"id":"u"}`})
	c := coreClient(t, s.URL, func(cfg *Config) { cfg.HTTPTimeout = time.Second })
	u, err := c.GetUser(t.Context(), "u")
	if err != nil || u.ID != "u" {
		t.Fatalf("u=%v err=%v", u, err)
	}
	if s.count() != 2 {
		t.Errorf("attempts = %d, want 2 (timeout then success)", s.count())
	}
}

func TestQueryValuesFromOptions(t *testing.T) {
	q := (&UserListOptions{Pending: Ptr(false), Page: Ptr(2), Prefix: Ptr("jo")}).values()
	want := url.Values{"pending": {"false"}, "page": {"2"}, "prefix": {"jo"}}
	if q.Encode() != want.Encode() {
		t.Errorf("query = %s, want %s", q.Encode(), want.Encode())
	}
	if len((*UserListOptions)(nil).values()) != 0 {
		t.Error("nil options should send no query")
	}
}
