package client

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// ---------------------------------------------------------------------------
// Test harness shared by the Permissions API tests (public_test.go,
// policies_test.go, roles_test.go, principals_test.go).

const (
	testAccountID          = "acct-123"
	accountPermissionsPath = "/v2/accounts/" + testAccountID + "/permissions"
	publicPermissionsPath  = "/v2/accounts/permissions/public"
	systemRoleID           = "cld::role::prodenv::master_admin" // "::" stays as is in a path segment
	slashSpaceID           = "team/ops role"                    // needs escaping
	slashSpaceIDEscaped    = "team%2Fops%20role"
)

// recordedCall is one request as the test server saw it.
type recordedCall struct {
	Method      string
	Path        string // decoded
	EscapedPath string // as sent
	RawQuery    string
	Query       url.Values
	Body        []byte
	ContentType string
	HasAuth     bool
	User, Pass  string
}

type cannedReply struct {
	Status int    // 0 = 200
	Body   string // sent as application/json when non-empty
}

type callRecorder struct {
	mu    sync.Mutex
	calls []recordedCall
}

func (r *callRecorder) all() []recordedCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recordedCall(nil), r.calls...)
}

// only asserts exactly one request was made and returns it.
func (r *callRecorder) only(t *testing.T) recordedCall {
	t.Helper()
	calls := r.all()
	if len(calls) != 1 {
		t.Fatalf("got %d requests, want 1: %+v", len(calls), calls)
	}
	return calls[0]
}

func newRecordingServer(t *testing.T, h func(recordedCall) cannedReply, opts ...func(*Config)) (*Client, *callRecorder) {
	t.Helper()
	rec := &callRecorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		call := recordedCall{
			Method: r.Method, Path: r.URL.Path, EscapedPath: r.URL.EscapedPath(),
			RawQuery: r.URL.RawQuery, Query: r.URL.Query(), Body: body,
			ContentType: r.Header.Get("Content-Type"),
		}
		call.User, call.Pass, call.HasAuth = r.BasicAuth()
		rec.mu.Lock()
		rec.calls = append(rec.calls, call)
		rec.mu.Unlock()
		reply := h(call)
		if reply.Status == 0 {
			reply.Status = http.StatusOK
		}
		if reply.Body != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(reply.Status)
		_, _ = io.WriteString(w, reply.Body)
	}))
	t.Cleanup(srv.Close)
	cfg := Config{
		AccountID: testAccountID, APIKey: "key", APISecret: "secret", BaseURL: srv.URL,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond,
	}
	for _, o := range opts {
		o(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, rec
}

// fixedReply always answers status with body.
func fixedReply(status int, body string) func(recordedCall) cannedReply {
	return func(recordedCall) cannedReply { return cannedReply{Status: status, Body: body} }
}

// expectCall asserts method, escaped path and the exact query.
func expectCall(t *testing.T, call recordedCall, method, escapedPath string, query url.Values) {
	t.Helper()
	if call.Method != method {
		t.Errorf("method = %s, want %s", call.Method, method)
	}
	if call.EscapedPath != escapedPath {
		t.Errorf("path = %s, want %s", call.EscapedPath, escapedPath)
	}
	if len(call.Query) != 0 || len(query) != 0 {
		if !reflect.DeepEqual(call.Query, query) {
			t.Errorf("query = %v (raw %q), want %v", call.Query, call.RawQuery, query)
		}
	}
}

// expectJSONBody asserts the request body is JSON equal to want (key order and
// spacing aside; null and absent fields differ).
func expectJSONBody(t *testing.T, call recordedCall, want string) {
	t.Helper()
	if want == "" {
		if len(call.Body) != 0 {
			t.Errorf("body = %s, want none", call.Body)
		}
		return
	}
	if call.ContentType != "application/json" {
		t.Errorf("content type = %q, want application/json", call.ContentType)
	}
	var got, exp any
	if err := json.Unmarshal(call.Body, &got); err != nil {
		t.Fatalf("body %q is not JSON: %v", call.Body, err)
	}
	if err := json.Unmarshal([]byte(want), &exp); err != nil {
		t.Fatalf("bad expected JSON %q: %v", want, err)
	}
	if !reflect.DeepEqual(got, exp) {
		t.Errorf("body =\n  %s\nwant\n  %s", call.Body, want)
	}
}

func expectEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		gj, _ := json.Marshal(got)
		wj, _ := json.Marshal(want)
		t.Errorf("%s =\n  %s\nwant\n  %s", what, gj, wj)
	}
}

// ---------------------------------------------------------------------------
// Fixtures

const customPolicyJSON = `{
  "id": "pol_1",
  "policy_statement": "permit(principal, action == Cloudinary::Action::\"read\", resource is Cloudinary::Folder);",
  "description": null,
  "scope_type": "prodenv",
  "scope_id": "env1",
  "name": "Read folders",
  "enabled": false,
  "created_at": 1719475216,
  "updated_at": 1719475300
}`

func wantCustomPolicy() *CustomPolicy {
	return &CustomPolicy{
		ID:              "pol_1",
		PolicyStatement: `permit(principal, action == Cloudinary::Action::"read", resource is Cloudinary::Folder);`,
		ScopeType:       ScopeTypeProdenv,
		ScopeID:         Ptr("env1"),
		Name:            "Read folders",
		Enabled:         false,
		CreatedAt:       1719475216,
		UpdatedAt:       1719475300,
	}
}

const systemPolicyJSON = `{
  "id": "cld::policy::content::folder::view_download",
  "name": "View all assets",
  "description": "View all assets in the folder.",
  "scope_type": "prodenv",
  "permission_type": "content",
  "policy_statement": "permit(principal, action, resource);",
  "policy_parameters": ["folder_id"],
  "category": "Folder",
  "sub_category": "View and download",
  "created_at": 1719475215,
  "updated_at": 1719475216
}`

func wantSystemPolicy() SystemPolicy {
	return SystemPolicy{
		ID:               "cld::policy::content::folder::view_download",
		Name:             "View all assets",
		Description:      Ptr("View all assets in the folder."),
		ScopeType:        ScopeTypeProdenv,
		PermissionType:   PermissionTypeContent,
		PolicyStatement:  "permit(principal, action, resource);",
		PolicyParameters: []string{"folder_id"},
		Category:         "Folder",
		SubCategory:      "View and download",
		CreatedAt:        1719475215,
		UpdatedAt:        1719475216,
	}
}

// ---------------------------------------------------------------------------
// System policies

func TestPermGetSystemPolicies(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{"data":[`+systemPolicyJSON+`,
	  {"id":"cld::policy::global::assets::moderate","name":"Moderate","description":null,"scope_type":"account",
	   "permission_type":"global","policy_statement":"permit(principal, action, resource);","created_at":1,"updated_at":2}],
	  "next_cursor":"3"}`))
	page, err := c.GetSystemPolicies(t.Context(), &GetSystemPoliciesOptions{
		PermissionType: Ptr(PermissionTypeContent),
		ScopeType:      Ptr(ScopeTypeProdenv),
	})
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodGet, accountPermissionsPath+"/policies/system",
		url.Values{"permission_type": {"content"}, "scope_type": {"prodenv"}})
	expectJSONBody(t, call, "")
	if !call.HasAuth || call.User != "key" || call.Pass != "secret" {
		t.Errorf("basic auth = %v %q:%q, want key:secret", call.HasAuth, call.User, call.Pass)
	}
	want := &SystemPoliciesPage{
		Data: []SystemPolicy{wantSystemPolicy(), {
			ID: "cld::policy::global::assets::moderate", Name: "Moderate", ScopeType: ScopeTypeAccount,
			PermissionType: PermissionTypeGlobal, PolicyStatement: "permit(principal, action, resource);",
			CreatedAt: 1, UpdatedAt: 2,
		}},
		NextCursor: "3",
	}
	expectEqual(t, "page", page, want)
}

func TestPermGetSystemPoliciesNoOptions(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{"data":[]}`))
	page, err := c.GetSystemPolicies(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	expectCall(t, rec.only(t), http.MethodGet, accountPermissionsPath+"/policies/system", nil)
	if len(page.Data) != 0 || page.NextCursor != "" {
		t.Errorf("page = %+v, want empty", page)
	}
}

func TestPermListAllSystemPolicies(t *testing.T) {
	c, rec := newRecordingServer(t, func(call recordedCall) cannedReply {
		switch call.Query.Get("cursor") {
		case "":
			return cannedReply{Body: `{"data":[{"id":"p1"},{"id":"p2"}],"next_cursor":"n2"}`}
		case "n2":
			return cannedReply{Body: `{"data":[{"id":"p3"}]}`}
		}
		return cannedReply{Status: 400, Body: `{"error":{"message":"bad cursor"}}`}
	})
	all, err := c.ListAllSystemPolicies(t.Context(), &GetSystemPoliciesOptions{ScopeType: Ptr(ScopeTypeAccount)})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range all {
		ids = append(ids, p.ID)
	}
	expectEqual(t, "ids", ids, []string{"p1", "p2", "p3"})
	calls := rec.all()
	if len(calls) != 2 {
		t.Fatalf("got %d requests, want 2", len(calls))
	}
	expectCall(t, calls[0], http.MethodGet, accountPermissionsPath+"/policies/system", url.Values{"scope_type": {"account"}})
	expectCall(t, calls[1], http.MethodGet, accountPermissionsPath+"/policies/system", url.Values{"scope_type": {"account"}, "cursor": {"n2"}})
}

// A server that ignores cursor and always hands out the same next_cursor
// must not make the walk loop forever.
func TestPermListAllSystemPoliciesRepeatedCursor(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{"data":[{"id":"p1"}],"next_cursor":"3"}`))
	_, err := c.ListAllSystemPolicies(t.Context(), nil)
	if err == nil || !strings.Contains(err.Error(), "next_cursor") {
		t.Fatalf("err = %v, want a repeated next_cursor error", err)
	}
	if n := len(rec.all()); n != 2 {
		t.Errorf("got %d requests, want 2", n)
	}
}

// ---------------------------------------------------------------------------
// Custom policies

func TestPermGetCustomPolicies(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{"data":[`+customPolicyJSON+`],"next_cursor":"abc"}`))
	page, err := c.GetCustomPolicies(t.Context(), &GetCustomPoliciesOptions{
		ScopeType: Ptr(ScopeTypeProdenv),
		ScopeID:   Ptr("env1"),
		Enabled:   Ptr(false),
		Cursor:    Ptr("c,1"),
	})
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodGet, accountPermissionsPath+"/policies/custom", url.Values{
		"scope_type": {"prodenv"}, "scope_id": {"env1"}, "enabled": {"false"}, "cursor": {"c,1"},
	})
	expectJSONBody(t, call, "")
	expectEqual(t, "page", page, &CustomPoliciesPage{Data: []CustomPolicy{*wantCustomPolicy()}, NextCursor: "abc"})
}

func TestPermListAllCustomPolicies(t *testing.T) {
	pages := map[string]string{
		"":      `{"data":[{"id":"a","enabled":true}],"next_cursor":"c2"}`,
		"c2":    `{"data":[{"id":"b","enabled":true},{"id":"c","enabled":false}],"next_cursor":"c 3,x"}`,
		"c 3,x": `{"data":[{"id":"d","enabled":true}],"next_cursor":""}`,
	}
	c, rec := newRecordingServer(t, func(call recordedCall) cannedReply {
		body, ok := pages[call.Query.Get("cursor")]
		if !ok {
			return cannedReply{Status: 400, Body: `{"error":{"message":"bad cursor"}}`}
		}
		return cannedReply{Body: body}
	})
	opts := &GetCustomPoliciesOptions{ScopeType: Ptr(ScopeTypeProdenv), ScopeID: Ptr("env1"), Enabled: Ptr(true)}
	all, err := c.ListAllCustomPolicies(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range all {
		ids = append(ids, p.ID)
	}
	expectEqual(t, "ids", ids, []string{"a", "b", "c", "d"})
	if all[2].Enabled {
		t.Errorf("policy c enabled = true, want false")
	}
	calls := rec.all()
	if len(calls) != 3 {
		t.Fatalf("got %d requests, want 3", len(calls))
	}
	for i, cursor := range []string{"", "c2", "c 3,x"} {
		want := url.Values{"scope_type": {"prodenv"}, "scope_id": {"env1"}, "enabled": {"true"}}
		if cursor != "" {
			want.Set("cursor", cursor)
		}
		expectCall(t, calls[i], http.MethodGet, accountPermissionsPath+"/policies/custom", want)
	}
	if !strings.Contains(calls[2].RawQuery, "cursor=c+3%2Cx") {
		t.Errorf("raw query %q does not carry the escaped cursor", calls[2].RawQuery)
	}
	if opts.Cursor != nil {
		t.Errorf("caller's options were modified: cursor = %q", *opts.Cursor)
	}
}

func TestPermListAllCustomPoliciesFromCursorAndError(t *testing.T) {
	c, rec := newRecordingServer(t, func(call recordedCall) cannedReply {
		if call.Query.Get("cursor") == "start" {
			return cannedReply{Body: `{"data":[{"id":"x"}],"next_cursor":"boom"}`}
		}
		return cannedReply{Status: 500, Body: `{"error":{"category":"server_error","code":"ACCOUNTS_00001","message":"something went wrong"}}`}
	})
	_, err := c.ListAllCustomPolicies(t.Context(), &GetCustomPoliciesOptions{Cursor: Ptr("start")})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || apiErr.Code != "ACCOUNTS_00001" {
		t.Fatalf("err = %v, want the page-2 500", err)
	}
	calls := rec.all()
	if calls[0].Query.Get("cursor") != "start" || calls[1].Query.Get("cursor") != "boom" {
		t.Errorf("cursors = %q, %q", calls[0].Query.Get("cursor"), calls[1].Query.Get("cursor"))
	}
}

func TestPermCreateCustomPolicy(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(201, `{"data":`+customPolicyJSON+`}`))
	got, err := c.CreateCustomPolicy(t.Context(), CreateCustomPolicyRequest{
		PolicyStatement: "permit(principal, action, resource);",
		Description:     Ptr("Read access"),
		ScopeType:       ScopeTypeProdenv,
		ScopeID:         Ptr(ScopeIDAll),
		Name:            "Read folders",
		Enabled:         Ptr(false),
	})
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodPost, accountPermissionsPath+"/policies/custom", nil)
	expectJSONBody(t, call, `{"policy_statement":"permit(principal, action, resource);","description":"Read access",
		"scope_type":"prodenv","scope_id":"all","name":"Read folders","enabled":false}`)
	expectEqual(t, "policy", got, wantCustomPolicy())
}

func TestPermCreateCustomPolicyMinimalBody(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(201, `{"data":`+customPolicyJSON+`}`))
	_, err := c.CreateCustomPolicy(t.Context(), CreateCustomPolicyRequest{
		PolicyStatement: "permit(principal, action, resource);",
		ScopeType:       ScopeTypeAccount,
		Name:            "n",
	})
	if err != nil {
		t.Fatal(err)
	}
	// Optional fields left nil are omitted (enabled then defaults to true).
	expectJSONBody(t, rec.only(t), `{"policy_statement":"permit(principal, action, resource);","scope_type":"account","name":"n"}`)
}

func TestPermCreateCustomPolicyNoData(t *testing.T) {
	c, _ := newRecordingServer(t, fixedReply(201, `{}`))
	_, err := c.CreateCustomPolicy(t.Context(), CreateCustomPolicyRequest{Name: "n", ScopeType: ScopeTypeAccount})
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown for a 201 without data", err)
	}
}

func TestPermGetCustomPolicy(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{"data":`+customPolicyJSON+`}`))
	got, err := c.GetCustomPolicy(t.Context(), slashSpaceID)
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodGet, accountPermissionsPath+"/policies/custom/"+slashSpaceIDEscaped, nil)
	if call.Path != accountPermissionsPath+"/policies/custom/"+slashSpaceID {
		t.Errorf("decoded path = %q", call.Path)
	}
	expectJSONBody(t, call, "")
	expectEqual(t, "policy", got, wantCustomPolicy())
}

func TestPermGetCustomPolicyEmptyID(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{}`))
	if _, err := c.GetCustomPolicy(t.Context(), ""); err == nil {
		t.Fatal("want an error for an empty policy id")
	}
	if err := c.DeleteCustomPolicy(t.Context(), " "); err == nil {
		t.Fatal("want an error for a blank policy id")
	}
	if n := len(rec.all()); n != 0 {
		t.Errorf("got %d requests, want none", n)
	}
}

func TestPermGetCustomPolicyNoData(t *testing.T) {
	c, _ := newRecordingServer(t, fixedReply(200, `{"data":null}`))
	_, err := c.GetCustomPolicy(t.Context(), "p")
	if err == nil || errors.Is(err, ErrOutcomeUnknown) || !strings.Contains(err.Error(), "no data") {
		t.Fatalf("err = %v, want a plain no-data error", err)
	}
}

func TestPermUpdateCustomPolicy(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{"data":`+customPolicyJSON+`}`))
	got, err := c.UpdateCustomPolicy(t.Context(), "pol_1", UpdateCustomPolicyRequest{
		PolicyStatement: "permit(principal, action, resource);",
		Description:     Ptr("d"),
		ScopeType:       ScopeTypeProdenv,
		ScopeID:         Ptr("env1"),
		Name:            "Read folders",
		Enabled:         true,
	})
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodPut, accountPermissionsPath+"/policies/custom/pol_1", nil)
	expectJSONBody(t, call, `{"policy_statement":"permit(principal, action, resource);","description":"d",
		"scope_type":"prodenv","scope_id":"env1","name":"Read folders","enabled":true}`)
	expectEqual(t, "policy", got, wantCustomPolicy())
}

// Generated clients default an omitted enabled to true on update, so the
// update body must always carry it, false included; a nil description goes
// out as null so the PUT clears it.
func TestPermUpdateCustomPolicyAlwaysSendsEnabled(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{"data":`+customPolicyJSON+`}`))
	_, err := c.UpdateCustomPolicy(t.Context(), "pol_1", UpdateCustomPolicyRequest{
		PolicyStatement: "s",
		ScopeType:       ScopeTypeAccount,
		Name:            "n",
	})
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectJSONBody(t, call, `{"policy_statement":"s","description":null,"scope_type":"account","name":"n","enabled":false}`)
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(call.Body, &raw); err != nil {
		t.Fatal(err)
	}
	if string(raw["enabled"]) != "false" {
		t.Errorf("enabled = %s, want an explicit false", raw["enabled"])
	}
	// The struct itself encodes enabled whatever its value.
	b, _ := json.Marshal(UpdateCustomPolicyRequest{})
	if !strings.Contains(string(b), `"enabled":false`) {
		t.Errorf("zero UpdateCustomPolicyRequest encodes as %s, want enabled:false", b)
	}
}

func TestPermDeleteCustomPolicy(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(204, ""))
	if err := c.DeleteCustomPolicy(t.Context(), slashSpaceID); err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodDelete, accountPermissionsPath+"/policies/custom/"+slashSpaceIDEscaped, nil)
	expectJSONBody(t, call, "")
}

// ---------------------------------------------------------------------------
// Effective policies

func TestPermGetEffectivePolicies(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{"data":{
	  "principals":[{"principal_type":"user","principal_id":"1234abc","roles":[
	    {"id":"upload_manager","system_policies":[{"id":"cld::policy::global::upload_presets::manage","policy_statement":"permit(a);"}]},
	    {"id":"cld::role::prodenv::reports","system_policies":[]}]}],
	  "custom_policies":[{"id":"12jf","policy_statement":"permit(b);"}]}}`))
	got, err := c.GetEffectivePolicies(t.Context(), &GetEffectivePoliciesOptions{
		ScopeType:     Ptr(ScopeTypeProdenv),
		ScopeID:       Ptr("env1"),
		PrincipalType: Ptr(PrincipalTypeUser),
		PrincipalID:   Ptr("1234abc"),
	})
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodGet, accountPermissionsPath+"/policies/effective", url.Values{
		"scope_type": {"prodenv"}, "scope_id": {"env1"}, "principal_type": {"user"}, "principal_id": {"1234abc"},
	})
	want := &EffectivePolicies{
		Principals: []EffectivePrincipal{{
			PrincipalType: PrincipalTypeUser, PrincipalID: "1234abc",
			Roles: []EffectiveRole{
				{ID: "upload_manager", SystemPolicies: []EffectivePolicy{{ID: "cld::policy::global::upload_presets::manage", PolicyStatement: "permit(a);"}}},
				{ID: "cld::role::prodenv::reports", SystemPolicies: []EffectivePolicy{}},
			},
		}},
		CustomPolicies: []EffectivePolicy{{ID: "12jf", PolicyStatement: "permit(b);"}},
	}
	expectEqual(t, "effective", got, want)
}

func TestPermGetEffectivePoliciesNoOptionsNoData(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{}`))
	got, err := c.GetEffectivePolicies(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	expectCall(t, rec.only(t), http.MethodGet, accountPermissionsPath+"/policies/effective", nil)
	if got == nil || len(got.Principals) != 0 || len(got.CustomPolicies) != 0 {
		t.Errorf("got %+v, want an empty result", got)
	}
}

// ---------------------------------------------------------------------------
// PolicyParameters decoding

func TestPermPolicyParametersDecode(t *testing.T) {
	var v struct {
		A PolicyParameters `json:"a"`
		B PolicyParameters `json:"b"`
		C PolicyParameters `json:"c"`
	}
	err := json.Unmarshal([]byte(`{"a":{"folder_id":"f1","n":12,"ok":true,"o":{"x": [1, 2]},"gone":null},"b":null,"c":{}}`), &v)
	if err != nil {
		t.Fatal(err)
	}
	expectEqual(t, "a", v.A, PolicyParameters{"folder_id": "f1", "n": "12", "ok": "true", "o": `{"x":[1,2]}`})
	if v.B != nil {
		t.Errorf("b = %v, want nil", v.B)
	}
	if v.C == nil || len(v.C) != 0 {
		t.Errorf("c = %#v, want an empty non-nil map", v.C)
	}
	if err := json.Unmarshal([]byte(`{"a":["folder_id"]}`), &v); err == nil {
		t.Error("an array is not policy parameters: want an error")
	}
}

// ---------------------------------------------------------------------------
// Cross-cutting checks over all 21 operations

// permissionsOperation describes one Permissions API operation for the table tests.
type permissionsOperation struct {
	op          string // operationId
	method      string
	escapedPath string
	status      int    // documented success status
	body        string // a valid success body
	create      bool
	call        func(ctx context.Context, c *Client) error
}

func permissionsOperations() []permissionsOperation {
	role := `{"data":{"id":"` + systemRoleID + `","name":"r","management_type":"system","permission_type":"global","scope_type":"prodenv","created_at":1,"updated_at":1,"policies":[]}}`
	policy := `{"data":` + customPolicyJSON + `}`
	inspect := `{"data":{"principals":[]}}`
	return []permissionsOperation{
		{"getSystemRolesAndPoliciesCatalog", "GET", publicPermissionsPath + "/catalog", 200, `{"catalog":{}}`, false,
			func(ctx context.Context, c *Client) error {
				_, err := c.GetSystemRolesAndPoliciesCatalog(ctx)
				return err
			}},
		{"validateCedarPolicy", "POST", publicPermissionsPath + "/validate", 200, `{"valid":true}`, false,
			func(ctx context.Context, c *Client) error {
				_, err := c.ValidateCedarPolicy(ctx, ValidateCedarPolicyRequest{Policy: "permit(principal, action, resource);"})
				return err
			}},
		{"getCedarSchema", "GET", publicPermissionsPath + "/schema", 200, `{"schema":{}}`, false,
			func(ctx context.Context, c *Client) error { _, err := c.GetCedarSchema(ctx); return err }},
		{"getSystemPolicies", "GET", accountPermissionsPath + "/policies/system", 200, `{"data":[]}`, false,
			func(ctx context.Context, c *Client) error { _, err := c.GetSystemPolicies(ctx, nil); return err }},
		{"getCustomPolicies", "GET", accountPermissionsPath + "/policies/custom", 200, `{"data":[]}`, false,
			func(ctx context.Context, c *Client) error { _, err := c.GetCustomPolicies(ctx, nil); return err }},
		{"createCustomPolicy", "POST", accountPermissionsPath + "/policies/custom", 201, policy, true,
			func(ctx context.Context, c *Client) error {
				_, err := c.CreateCustomPolicy(ctx, CreateCustomPolicyRequest{PolicyStatement: "s", ScopeType: ScopeTypeAccount, Name: "n"})
				return err
			}},
		{"getCustomPolicy", "GET", accountPermissionsPath + "/policies/custom/" + slashSpaceIDEscaped, 200, policy, false,
			func(ctx context.Context, c *Client) error { _, err := c.GetCustomPolicy(ctx, slashSpaceID); return err }},
		{"updateCustomPolicy", "PUT", accountPermissionsPath + "/policies/custom/" + slashSpaceIDEscaped, 200, policy, false,
			func(ctx context.Context, c *Client) error {
				_, err := c.UpdateCustomPolicy(ctx, slashSpaceID, UpdateCustomPolicyRequest{PolicyStatement: "s", ScopeType: ScopeTypeAccount, Name: "n", Enabled: true})
				return err
			}},
		{"deleteCustomPolicy", "DELETE", accountPermissionsPath + "/policies/custom/" + slashSpaceIDEscaped, 204, "", false,
			func(ctx context.Context, c *Client) error { return c.DeleteCustomPolicy(ctx, slashSpaceID) }},
		{"getEffectivePolicies", "GET", accountPermissionsPath + "/policies/effective", 200, `{"data":{}}`, false,
			func(ctx context.Context, c *Client) error { _, err := c.GetEffectivePolicies(ctx, nil); return err }},
		{"getRoles", "GET", accountPermissionsPath + "/roles", 200, `{"data":[]}`, false,
			func(ctx context.Context, c *Client) error {
				_, err := c.GetRoles(ctx, GetRolesOptions{PermissionType: PermissionTypeGlobal})
				return err
			}},
		{"createRole", "POST", accountPermissionsPath + "/roles", 201, role, true,
			func(ctx context.Context, c *Client) error {
				_, err := c.CreateRole(ctx, CreateRoleRequest{PermissionType: PermissionTypeGlobal, ScopeType: ScopeTypeProdenv, Name: "r"})
				return err
			}},
		{"getRole", "GET", accountPermissionsPath + "/roles/" + systemRoleID, 200, role, false,
			func(ctx context.Context, c *Client) error { _, err := c.GetRole(ctx, systemRoleID, nil); return err }},
		{"updateRole", "PUT", accountPermissionsPath + "/roles/" + systemRoleID, 200, role, false,
			func(ctx context.Context, c *Client) error {
				_, err := c.UpdateRole(ctx, systemRoleID, UpdateRoleRequest{Name: "r"})
				return err
			}},
		{"deleteRole", "DELETE", accountPermissionsPath + "/roles/" + slashSpaceIDEscaped, 204, "", false,
			func(ctx context.Context, c *Client) error { return c.DeleteRole(ctx, slashSpaceID, nil) }},
		{"getPrincipalRoles", "GET", accountPermissionsPath + "/principal_roles", 200, `{"data":[]}`, false,
			func(ctx context.Context, c *Client) error {
				_, err := c.GetPrincipalRoles(ctx, GetPrincipalRolesOptions{PrincipalType: PrincipalTypeUser, PrincipalID: "u", PermissionType: PermissionTypeGlobal})
				return err
			}},
		{"updatePrincipalRoles", "PUT", accountPermissionsPath + "/principal_roles", 200, "", false,
			func(ctx context.Context, c *Client) error {
				return c.UpdatePrincipalRoles(ctx, UpdatePrincipalRolesRequest{Operation: OperationAdd,
					Principal: Principal{Type: PrincipalTypeUser, ID: "u"}, Roles: []RoleToManage{{ID: systemRoleID}}})
			}},
		{"inspect", "GET", accountPermissionsPath + "/principal_roles/inspect", 200, inspect, false,
			func(ctx context.Context, c *Client) error {
				_, err := c.Inspect(ctx, InspectOptions{ScopeType: ScopeTypeAccount})
				return err
			}},
		{"inspectMultiple", "POST", accountPermissionsPath + "/principal_roles/inspect", 200, inspect, false,
			func(ctx context.Context, c *Client) error {
				_, err := c.InspectMultiple(ctx, InspectMultipleRequest{ScopeType: ScopeTypeAccount,
					Principals: []Principal{{Type: PrincipalTypeGroup, ID: "g"}}})
				return err
			}},
		{"getRolePrincipals", "GET", accountPermissionsPath + "/roles/" + systemRoleID + "/principals", 200, `{"data":[]}`, false,
			func(ctx context.Context, c *Client) error {
				_, err := c.GetRolePrincipals(ctx, systemRoleID, nil)
				return err
			}},
		{"updateRolePrincipals", "PUT", accountPermissionsPath + "/roles/" + systemRoleID + "/principals", 200, `{}`, false,
			func(ctx context.Context, c *Client) error {
				return c.UpdateRolePrincipals(ctx, systemRoleID, UpdateRolePrincipalsRequest{Operation: OperationRemove,
					Principals: []RolePrincipalUpdate{{PrincipalType: PrincipalTypeAPIKey, PrincipalID: "k"}}})
			}},
	}
}

// Every operation: its method and path, its documented status accepted, and
// its operationId recorded for the request counts.
func TestPermOperationsRouteAndStatus(t *testing.T) {
	ops := permissionsOperations()
	if len(ops) != 21 {
		t.Fatalf("table has %d operations, want 21", len(ops))
	}
	for _, o := range ops {
		t.Run(o.op, func(t *testing.T) {
			c, rec := newRecordingServer(t, fixedReply(o.status, o.body))
			if err := o.call(t.Context(), c); err != nil {
				t.Fatalf("HTTP %d: %v", o.status, err)
			}
			call := rec.only(t)
			if call.Method != o.method || call.EscapedPath != o.escapedPath {
				t.Errorf("request = %s %s, want %s %s", call.Method, call.EscapedPath, o.method, o.escapedPath)
			}
			if got := c.RequestCounts(); got[o.op] != 1 || len(got) != 1 {
				t.Errorf("request counts = %v, want {%s: 1}", got, o.op)
			}
		})
	}
}

// Status codes are contract: any other 2xx fails (a create's then reports an
// unknown outcome).
func TestPermOperationsRejectOtherSuccessStatus(t *testing.T) {
	for _, o := range permissionsOperations() {
		t.Run(o.op, func(t *testing.T) {
			other, body := http.StatusCreated, o.body
			if o.status != http.StatusOK {
				other = http.StatusOK
			}
			if body == "" {
				body = `{}`
			}
			c, rec := newRecordingServer(t, fixedReply(other, body))
			err := o.call(t.Context(), c)
			if err == nil || !strings.Contains(err.Error(), "unexpected HTTP status") {
				t.Fatalf("HTTP %d: err = %v, want an unexpected-status error", other, err)
			}
			if errors.Is(err, ErrOutcomeUnknown) != o.create {
				t.Errorf("ErrOutcomeUnknown = %v, want %v", errors.Is(err, ErrOutcomeUnknown), o.create)
			}
			if n := len(rec.all()); n != 1 {
				t.Errorf("got %d requests, want 1", n)
			}
		})
	}
}

// Errors in the permissions shape decode into *APIError with every field.
func TestPermOperationsDecodeErrors(t *testing.T) {
	cases := []struct {
		status int
		body   string
		want   APIError
		is     error
	}{
		{404, `{"error":{"category":"server_error","code":"ACCOUNTS_00003","message":"not found","details":{"fields":[{"role_id":"x::y"}]}}}`,
			APIError{StatusCode: 404, Category: "server_error", Code: "ACCOUNTS_00003", Message: "not found",
				Details: map[string]any{"fields": []any{map[string]any{"role_id": "x::y"}}}}, ErrNotFound},
		{409, `{"error":{"category":"user_error","code":"ACCOUNTS_00006","message":"already exists","details":{"fields":[{"name":"Admin"}]}}}`,
			APIError{StatusCode: 409, Category: "user_error", Code: "ACCOUNTS_00006", Message: "already exists",
				Details: map[string]any{"fields": []any{map[string]any{"name": "Admin"}}}}, ErrConflict},
		{400, `{"error":{"category":"user_error","code":"ACCOUNTS_00005","message":"missing fields","details":{"fields":["principal_type"]}}}`,
			APIError{StatusCode: 400, Category: "user_error", Code: "ACCOUNTS_00005", Message: "missing fields",
				Details: map[string]any{"fields": []any{"principal_type"}}}, nil},
	}
	for _, o := range permissionsOperations() {
		for _, tc := range cases {
			t.Run(o.op+"/"+http.StatusText(tc.status), func(t *testing.T) {
				c, rec := newRecordingServer(t, fixedReply(tc.status, tc.body))
				err := o.call(t.Context(), c)
				var apiErr *APIError
				if !errors.As(err, &apiErr) {
					t.Fatalf("err = %v (%T), want *APIError", err, err)
				}
				got := APIError{StatusCode: apiErr.StatusCode, Category: apiErr.Category, Code: apiErr.Code,
					Message: apiErr.Message, Details: apiErr.Details}
				expectEqual(t, "error", got, tc.want)
				if apiErr.Operation != o.op || apiErr.Method != o.method {
					t.Errorf("error names %s %s, want %s %s", apiErr.Operation, apiErr.Method, o.op, o.method)
				}
				if tc.is != nil && !errors.Is(err, tc.is) {
					t.Errorf("errors.Is(%v) = false", tc.is)
				}
				if !strings.Contains(err.Error(), tc.want.Message) || !strings.Contains(err.Error(), tc.want.Code) {
					t.Errorf("message %q lacks the API's message or code", err.Error())
				}
				if n := len(rec.all()); n != 1 {
					t.Errorf("got %d requests, want 1 (client errors are final)", n)
				}
			})
		}
	}
}

// Creates are never blindly retried on a server error (the object may exist);
// every other operation, the read-only POSTs and idempotent PUTs included, is.
func TestPermOperationsRetryOnlyNonCreates(t *testing.T) {
	for _, o := range permissionsOperations() {
		t.Run(o.op, func(t *testing.T) {
			var mu sync.Mutex
			n := 0
			c, rec := newRecordingServer(t, func(recordedCall) cannedReply {
				mu.Lock()
				defer mu.Unlock()
				n++
				if n == 1 {
					return cannedReply{Status: 503, Body: `{"error":{"category":"server_error","code":"ACCOUNTS_00001","message":"busy"}}`}
				}
				return cannedReply{Status: o.status, Body: o.body}
			}, func(cfg *Config) { cfg.MaxRetries = 2 })
			err := o.call(t.Context(), c)
			calls := len(rec.all())
			if o.create {
				if !errors.Is(err, ErrOutcomeUnknown) || calls != 1 {
					t.Fatalf("create: err = %v after %d requests, want ErrOutcomeUnknown after 1", err, calls)
				}
				return
			}
			if err != nil || calls != 2 {
				t.Fatalf("err = %v after %d requests, want success after 2", err, calls)
			}
		})
	}
}
