package client

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestAPIErrorDecodesBothShapesAndText(t *testing.T) {
	cases := []struct {
		name                    string
		status                  int
		body                    string
		headers                 map[string]string
		message, category, code string
		details                 bool
	}{
		{name: "provisioning shape", status: 404, body: `{"error":{"message":"not found"}}`, message: "not found"},
		{name: "permissions shape", status: 400,
			body:    `{"error":{"category":"user_error","code":"ACCOUNTS_00005","message":"missing fields","details":{"fields":["name"]}}}`,
			message: "missing fields", category: "user_error", code: "ACCOUNTS_00005", details: true},
		{name: "error as string", status: 409, body: `{"error":"already exists"}`, message: "already exists"},
		{name: "top-level message", status: 400, body: `{"message":"bad input"}`, message: "bad input"},
		{name: "numeric code, array details", status: 400, body: `{"error":{"message":"m","code":17,"details":["x"]}}`, message: "m", code: "17", details: true},
		{name: "plain text", status: 502, body: "Bad gateway from proxy\nsecond line", headers: map[string]string{"Content-Type": "text/plain"}, message: "Bad gateway from proxy"},
		{name: "html page", status: 500, body: "<html><body>oops</body></html>", headers: map[string]string{"Content-Type": "text/html"}, message: ""},
		{name: "empty", status: 403, body: "", message: ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newCoreServer(t, coreReply{status: tc.status, body: tc.body, headers: tc.headers})
			c := coreClient(t, s.URL, func(cfg *Config) { cfg.MaxRetries = 0 })
			_, err := c.GetUser(t.Context(), "u1")
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %T %v", err, err)
			}
			if apiErr.StatusCode != tc.status || apiErr.Message != tc.message || apiErr.Category != tc.category || apiErr.Code != tc.code {
				t.Errorf("APIError = %+v", apiErr)
			}
			if (apiErr.Details != nil) != tc.details {
				t.Errorf("Details = %v", apiErr.Details)
			}
			if apiErr.Method != "GET" || apiErr.Path != "/v1_1/provisioning/accounts/acc-1234/users/u1" || apiErr.Operation != "getUser" {
				t.Errorf("request info = %s %s %s", apiErr.Method, apiErr.Path, apiErr.Operation)
			}
			if !strings.Contains(err.Error(), "getUser (GET /v1_1/provisioning/accounts/acc-1234/users/u1)") {
				t.Errorf("message %q should name the operation, method and path", err)
			}
		})
	}
}

func TestPredicatesSeeThroughWrapping(t *testing.T) {
	mk := func(code int) error {
		return fmt.Errorf("reading user: %w", fmt.Errorf("layer: %w", &APIError{StatusCode: code}))
	}
	checks := []struct {
		name string
		fn   func(error) bool
		hit  []int
	}{
		{"IsNotFound", IsNotFound, []int{404}},
		{"IsConflict", IsConflict, []int{409}},
		{"IsRateLimited", IsRateLimited, []int{420, 429}},
		{"IsUnauthorized", IsUnauthorized, []int{401}},
		{"IsForbidden", IsForbidden, []int{403}},
	}
	for _, ch := range checks {
		for _, code := range []int{400, 401, 403, 404, 409, 420, 429, 500} {
			want := false
			for _, h := range ch.hit {
				want = want || h == code
			}
			if got := ch.fn(mk(code)); got != want {
				t.Errorf("%s(%d) = %v, want %v", ch.name, code, got, want)
			}
		}
		if ch.fn(nil) || ch.fn(errors.New("plain")) {
			t.Errorf("%s matched a non-API error", ch.name)
		}
	}
	if !errors.Is(mk(404), ErrNotFound) || errors.Is(mk(404), ErrConflict) {
		t.Error("errors.Is should compare status codes")
	}
	if !errors.Is(mk(420), ErrRateLimited) || !errors.Is(mk(429), &APIError{StatusCode: 429}) || errors.Is(mk(420), &APIError{StatusCode: 429}) {
		t.Error("ErrRateLimited matches 420 and 429; other targets compare exact codes")
	}
	oue := &OutcomeUnknownError{Operation: "createUser", Method: "POST", Path: "/p", Err: &APIError{StatusCode: 502}}
	if !errors.Is(fmt.Errorf("x: %w", oue), ErrOutcomeUnknown) || IsNotFound(oue) {
		t.Error("OutcomeUnknownError predicates")
	}
	var apiErr *APIError
	if !errors.As(oue, &apiErr) || apiErr.StatusCode != 502 {
		t.Error("OutcomeUnknownError should unwrap to its cause")
	}
}

func TestErrorMessagesTellWhatToDo(t *testing.T) {
	cases := []struct {
		err  *APIError
		want []string
	}{
		{&APIError{StatusCode: 401, Message: "Invalid credentials", Method: "GET", Path: "/v1_1/provisioning/accounts/a/users", Operation: "getUsers"},
			[]string{"HTTP 401", "Invalid credentials", "Account API key and secret", "account id", "getUsers", "GET /v1_1/provisioning/accounts/a/users"}},
		{&APIError{StatusCode: 403, Method: "GET", Path: "/v1_1/provisioning/accounts/a/users", Operation: "getUsers"},
			[]string{"HTTP 403", "Provisioning API access", "Enterprise plan"}},
		{&APIError{StatusCode: 403, Method: "GET", Path: "/v2/accounts/a/permissions/roles", Operation: "getRoles"},
			[]string{"Permissions API access", "Enterprise plan"}},
		{&APIError{StatusCode: 420, Method: "GET", Path: "/p", Operation: "getUsers"},
			[]string{"HTTP 420 Max Usage Rate Exceeded", "max_rate_limit_wait"}},
		{&APIError{StatusCode: 400, Message: "invalid request", Code: "ACCOUNTS_00005", Category: "user_error",
			Details: map[string]any{"fields": []any{map[string]any{"scope_type": "account"}}}, Method: "POST", Path: "/p", Operation: "createRole"},
			[]string{"invalid request", "code ACCOUNTS_00005", "category user_error", "scope_type"}},
		{ErrNotFound, []string{"cloudinary: HTTP 404 Not Found"}},
	}
	for _, tc := range cases {
		msg := tc.err.Error()
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%q lacks %q", msg, w)
			}
		}
	}
}

func TestErrorsNeverCarryTheSecret(t *testing.T) {
	body := `{"error":{"message":"bad key ` + coreKey + `:` + coreSecret + ` for account://` + coreKey + `:` + coreSecret + `@acc","details":{"api_secret":"` + coreSecret + `"}}}`
	s := newCoreServer(t, coreReply{status: 401, body: body})
	c := coreClient(t, s.URL)
	_, err := c.GetUsers(t.Context(), nil)
	if err == nil || strings.Contains(err.Error(), coreSecret) {
		t.Fatalf("error leaks the secret: %v", err)
	}
	if !IsUnauthorized(err) {
		t.Errorf("err = %v", err)
	}
	// Transport errors too.
	s2 := newCoreServer(t, coreReply{drop: true})
	_, err = coreClient(t, s2.URL, func(cfg *Config) { cfg.MaxRetries = 0 }).GetUsers(t.Context(), nil)
	if err == nil || strings.Contains(err.Error(), coreSecret) {
		t.Fatalf("transport error: %v", err)
	}
}

func TestRateLimitErrorIs(t *testing.T) {
	e := &RateLimitError{StatusCode: 429}
	if !errors.Is(e, ErrRateLimited) || !errors.Is(e, &APIError{StatusCode: 429}) || errors.Is(e, ErrNotFound) {
		t.Error("RateLimitError.Is")
	}
}
