package acctest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/sweep"
)

// guard is the transport of every request a test sends, through the
// provider under test or Env.Client, to the emulator or to the real
// account alike. It makes a live run safe by construction:
//
//   - a request that would create an object whose name does not start with
//     sweep.Prefix, or a user whose email is not a tf-acc- address at a
//     domain that cannot receive mail, is refused;
//   - a request that would change or delete an object, or change who holds a
//     role or belongs to a group, is refused unless that object (or
//     principal) is one of the test's: an id seen in an answer describing an
//     object with a test name, or an access key of a test environment;
//   - a write the guard has no rule for is refused, so a new API operation
//     cannot slip by.
//
// A refused request never leaves the process: the guard fails the test
// (report) and answers 400 itself. Because the emulator runs every test in
// `make test`, a test that breaks the rule fails there long before anyone
// runs it live. The guard also counts the requests it lets through, and the
// objects created, per kind (see Env.Requests).
type guard struct {
	next   http.RoundTripper
	report func(msg string)

	mu       sync.Mutex
	safe     map[string]bool // ids, api keys of test objects
	allowed  map[string]bool // names let through anyway (Env.AllowName)
	requests int
	byRoute  map[string]int
	created  map[string]int
}

func newGuard(next http.RoundTripper, report func(string)) *guard {
	if next == nil {
		next = http.DefaultTransport
	}
	return &guard{next: next, report: report, safe: map[string]bool{}, allowed: map[string]bool{}, byRoute: map[string]int{}, created: map[string]int{}}
}

// RoundTrip checks req, sends it when the rule allows it, and learns which
// objects are the test's from the answer.
func (g *guard) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(b))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
		req.ContentLength = int64(len(b))
	}
	rt := parseRoute(req.URL)
	v := g.check(req.Method, rt, req.URL.Query(), body)
	if v.problem != "" {
		msg := fmt.Sprintf("acctest: refused %s %s: %s (the naming rule of live-safe tests: internal/acctest/guard.go)",
			req.Method, req.URL.Path, v.problem)
		g.report(msg)
		return refusal(req, msg), nil
	}

	g.mu.Lock()
	g.requests++
	g.byRoute[req.Method+" "+rt.template()]++
	g.mu.Unlock()

	resp, err := g.next.RoundTrip(req)
	if err != nil || resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp, err
	}
	if v.created != "" {
		g.mu.Lock()
		g.created[v.created]++
		g.mu.Unlock()
	}
	if resp.Body == nil || !strings.Contains(resp.Header.Get("Content-Type"), "json") {
		return resp, nil
	}
	b, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err // as the transport would have: the answer broke off
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	var doc any
	if json.Unmarshal(b, &doc) == nil {
		g.mu.Lock()
		g.learn(doc, v.keysOfTestEnv)
		g.mu.Unlock()
	}
	return resp, nil
}

func refusal(req *http.Request, msg string) *http.Response {
	b, _ := json.Marshal(map[string]any{"error": map[string]any{"message": msg}})
	return &http.Response{
		Status:        "400 Bad Request",
		StatusCode:    http.StatusBadRequest,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": []string{"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(b)),
		ContentLength: int64(len(b)),
		Request:       req,
	}
}

// learn marks as the test's every object in an answer that carries a test
// name: a user by its email (sweep.IsTestEmail), anything else by its name
// (sweep.IsTestName), plus the embedded access keys of a test
// environment. allKeys marks every api_key in the answer (the access keys
// of a test environment).
func (g *guard) learn(v any, allKeys bool) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			g.learn(e, allKeys)
		}
	case map[string]any:
		str := func(k string) string { s, _ := v[k].(string); return s }
		test := false
		if _, isUser := v["email"]; isUser {
			test = sweep.IsTestEmail(str("email"))
		} else {
			test = sweep.IsTestName(str("name")) // as the sweepers select: not by cloud_name
		}
		if allKeys && str("api_key") != "" {
			g.safe[str("api_key")] = true
		}
		if test {
			for _, k := range []string{"id", "api_key"} {
				if s := str(k); s != "" {
					g.safe[s] = true
				}
			}
			if keys, ok := v["api_access_keys"].([]any); ok {
				for _, k := range keys {
					if m, ok := k.(map[string]any); ok {
						if s, _ := m["key"].(string); s != "" {
							g.safe[s] = true
						}
					}
				}
			}
		}
		for _, e := range v {
			g.learn(e, allKeys)
		}
	}
}

// route is a request path split after the account: api is "prov"
// (/v1_1/provisioning/accounts/{account_id}/...), "perm"
// (/v2/accounts/{account_id}/permissions/...), "public"
// (/v2/accounts/permissions/public/...) or "" (anything else).
type route struct {
	api  string
	segs []string
}

func parseRoute(u *url.URL) route {
	raw := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	segs := make([]string, len(raw))
	for i, s := range raw {
		if us, err := url.PathUnescape(s); err == nil {
			s = us
		}
		segs[i] = s
	}
	for i := range segs {
		rest := segs[i:]
		switch {
		case len(rest) >= 4 && rest[0] == "v1_1" && rest[1] == "provisioning" && rest[2] == "accounts":
			return route{api: "prov", segs: rest[4:]}
		case len(rest) >= 4 && rest[0] == "v2" && rest[1] == "accounts" && rest[2] == "permissions" && rest[3] == "public":
			return route{api: "public", segs: rest[4:]}
		case len(rest) >= 4 && rest[0] == "v2" && rest[1] == "accounts" && rest[3] == "permissions":
			return route{api: "perm", segs: rest[4:]}
		}
	}
	return route{segs: segs}
}

// staticSegments are the path words of the API; every other segment is an
// id (see template).
var staticSegments = map[string]bool{
	"sub_accounts": true, "access_keys": true, "users": true, "user_groups": true, "groups": true,
	"roles": true, "principals": true, "principal_roles": true, "inspect": true, "policies": true,
	"custom": true, "system": true, "effective": true, "billing": true, "usage": true,
	"validate": true, "schema": true, "catalog": true,
}

// template is the route with ids replaced by {}: "sub_accounts/{}/access_keys".
func (r route) template() string {
	out := make([]string, len(r.segs))
	for i, s := range r.segs {
		if staticSegments[s] {
			out[i] = s
		} else {
			out[i] = "{}"
		}
	}
	return r.api + ":" + strings.Join(out, "/")
}

// is reports whether the route's segments match pattern, where "*" is any
// one id.
func (r route) is(api string, pattern ...string) bool {
	if r.api != api || len(r.segs) != len(pattern) {
		return false
	}
	for i, p := range pattern {
		if p != "*" && p != r.segs[i] {
			return false
		}
	}
	return true
}

// verdict is what check decided: problem is why the request is refused
// ("" to send it), created the kind of object a successful answer creates.
type verdict struct {
	problem       string
	created       string
	keysOfTestEnv bool
}

// check applies the rule to one request.
func (g *guard) check(method string, r route, q url.Values, body []byte) verdict {
	if method == http.MethodGet || method == http.MethodHead || method == http.MethodOptions {
		if r.is("prov", "sub_accounts", "*", "access_keys") && g.isSafe(r.segs[1]) {
			return verdict{keysOfTestEnv: true}
		}
		return verdict{}
	}
	var b map[string]any
	if len(body) > 0 {
		if err := json.Unmarshal(body, &b); err != nil {
			return verdict{problem: "the body is not a JSON object"}
		}
	}
	str := func(k string) (string, bool) {
		v, ok := b[k]
		if !ok || v == nil {
			return "", false
		}
		s, _ := v.(string)
		return s, true
	}
	var problems []string
	name := func(field string, required bool) {
		s, ok := str(field)
		switch {
		case !ok && required:
			problems = append(problems, fmt.Sprintf("%s is missing, so the object would get a name no sweeper selects", field))
		case ok && !sweep.IsTestName(s) && !g.isAllowed(s):
			problems = append(problems, fmt.Sprintf("%s %q does not start with %s", field, s, sweep.Prefix))
		}
	}
	email := func(required bool) {
		s, ok := str("email")
		switch {
		case !ok && required:
			problems = append(problems, "email is missing")
		case ok && !sweep.IsTestEmail(s):
			problems = append(problems, fmt.Sprintf("email %q is not %s...@ a domain that cannot receive mail (example.com, example.net, example.org, .invalid, .test)", s, sweep.Prefix))
		}
	}
	own := func(what, id string) {
		if !g.isSafe(id) {
			problems = append(problems, fmt.Sprintf("%s %q is not an object this test created (none with a %s name was seen with that id)", what, id, sweep.Prefix))
		}
	}
	out := verdict{}
	s := r.segs
	switch {
	// Provisioning API.
	case r.is("prov", "sub_accounts") && method == http.MethodPost:
		name("name", true)
		name("cloud_name", false)
		out.created = "product_environment"
	case r.is("prov", "sub_accounts", "*") && method == http.MethodPut:
		own("product environment", s[1])
		name("name", false)
		name("cloud_name", false)
	case r.is("prov", "sub_accounts", "*") && method == http.MethodDelete:
		own("product environment", s[1])
	case r.is("prov", "sub_accounts", "*", "access_keys") && method == http.MethodPost:
		if !g.isSafe(s[1]) {
			name("name", true)
		}
		out.created, out.keysOfTestEnv = "access_key", g.isSafe(s[1])
	case r.is("prov", "sub_accounts", "*", "access_keys") && method == http.MethodDelete:
		if n := q.Get("name"); !g.isSafe(s[1]) && !sweep.IsTestName(n) {
			problems = append(problems, fmt.Sprintf("access key %q of product environment %q is not this test's", n, s[1]))
		}
	case r.is("prov", "sub_accounts", "*", "access_keys", "*") && (method == http.MethodPut || method == http.MethodDelete):
		if !g.isSafe(s[1]) {
			own("access key", s[3])
			if method == http.MethodPut {
				name("name", false)
			}
		}
		out.keysOfTestEnv = g.isSafe(s[1])
	case r.is("prov", "users") && method == http.MethodPost:
		name("name", true)
		email(true)
		out.created = "user"
	case r.is("prov", "users", "*") && method == http.MethodPut:
		own("user", s[1])
		name("name", false)
		email(false)
	case r.is("prov", "users", "*") && method == http.MethodDelete:
		own("user", s[1])
	case r.is("prov", "user_groups") && method == http.MethodPost:
		name("name", true)
		out.created = "user_group"
	case r.is("prov", "user_groups", "*") && method == http.MethodPut:
		own("user group", s[1])
		name("name", false)
	case r.is("prov", "user_groups", "*") && method == http.MethodDelete:
		own("user group", s[1])
	case r.is("prov", "user_groups", "*", "users", "*") && (method == http.MethodPost || method == http.MethodDelete):
		own("user group", s[1])
		own("user", s[3])

	// Permissions API.
	case r.is("perm", "roles") && method == http.MethodPost:
		name("name", true)
		if id, ok := str("id"); ok && !sweep.IsTestRoleID(id) {
			problems = append(problems, fmt.Sprintf("role id %q starts with neither %s nor %s", id, sweep.Prefix, sweep.RoleIDPrefix))
		}
		out.created = "role"
	case r.is("perm", "roles", "*") && method == http.MethodPut:
		own("role", s[1])
		name("name", false)
	case r.is("perm", "roles", "*") && method == http.MethodDelete:
		own("role", s[1])
	case r.is("perm", "roles", "*", "principals") && method == http.MethodPut:
		ps, _ := b["principals"].([]any)
		for _, p := range ps {
			m, _ := p.(map[string]any)
			id, _ := m["principal_id"].(string)
			typ, _ := m["principal_type"].(string)
			own(typ+" principal", id)
		}
	case r.is("perm", "principal_roles") && method == http.MethodPut:
		m, _ := b["principal"].(map[string]any)
		id, _ := m["id"].(string)
		typ, _ := m["type"].(string)
		own(typ+" principal", id)
	case r.is("perm", "principal_roles", "inspect") && method == http.MethodPost: // a read
	case r.is("perm", "policies", "custom") && method == http.MethodPost:
		name("name", true)
		out.created = "custom_policy"
	case r.is("perm", "policies", "custom", "*") && method == http.MethodPut:
		own("custom policy", s[2])
		name("name", false)
	case r.is("perm", "policies", "custom", "*") && method == http.MethodDelete:
		own("custom policy", s[2])

	case r.api == "public" && method == http.MethodPost: // validate: a read
	default:
		problems = append(problems, "the guard has no rule for this write; add one to internal/acctest/guard.go")
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		out.problem = strings.Join(problems, "; ")
	}
	return out
}

func (g *guard) isAllowed(name string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.allowed[name]
}

func (g *guard) isSafe(id string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return id != "" && g.safe[id]
}

// Requests is what a test's guard let through: how many API requests, per
// route ("POST prov:users", "GET perm:roles/{}"), and how many objects the
// test created, per kind ("user", "product_environment").
type Requests struct {
	Total   int            `json:"requests"`
	ByRoute map[string]int `json:"by_route"`
	Created map[string]int `json:"created"`
}

func (g *guard) snapshot() Requests {
	g.mu.Lock()
	defer g.mu.Unlock()
	r := Requests{Total: g.requests, ByRoute: map[string]int{}, Created: map[string]int{}}
	for k, v := range g.byRoute {
		r.ByRoute[k] = v
	}
	for k, v := range g.created {
		r.Created[k] = v
	}
	return r
}
