// Package contract checks HTTP traffic against Cloudinary's OpenAPI document
// with kin-openapi. Tests wrap the client's transport with Validator.Transport
// so that every request the client sends, and every response the emulator
// answers, is held to the document: the emulator can only be trusted as far
// as this check reaches.
package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// SpecEnv names the environment variable that points at the OpenAPI file.
// The document is read in place; it is never copied into the project.
const SpecEnv = "CLOUDINARY_OPENAPI_SPEC"

// openMaps are the free-form objects that Cloudinary's additional-properties
// overlay marks as open maps (schema name, property name).
var openMaps = [][2]string{
	{"SystemRolesAndPoliciesCatalogResponse", "catalog"},
	{"CedarSchemaResponse", "schema"},
	{"RoleToManage", "policy_parameters"},
	{"UpdateRolePrincipal", "policy_parameters"},
	{"InspectRequest", "policy_parameters"},
	{"PrincipalResponseData", "policy_parameters"},
	{"PrincipalRolesData", "policy_parameters"},
	{"PermissionsError", "details"},
}

// Validator validates traffic and records what it saw. It is safe for
// concurrent use: acceptance tests run the provider's requests in parallel.
type Validator struct {
	doc    *openapi3.T
	router routers.Router

	mu         sync.Mutex
	violations []string
	seen       map[string]int
	accepted   map[string]int // Deviation.String() -> exchanges it let through
}

// FromEnv loads the document named by SpecEnv; it returns (nil, nil) when
// the variable is unset.
func FromEnv() (*Validator, error) {
	p := os.Getenv(SpecEnv)
	if p == "" {
		return nil, nil
	}
	return Load(p)
}

// Load reads and validates the OpenAPI document at path.
func Load(path string) (*Validator, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("load OpenAPI document: %w", err)
	}
	for _, m := range openMaps {
		s := doc.Components.Schemas[m[0]]
		if s == nil || s.Value == nil || s.Value.Properties[m[1]] == nil {
			return nil, fmt.Errorf("overlay target %s.%s not found in the document", m[0], m[1])
		}
		yes := true
		s.Value.Properties[m[1]].Value.AdditionalProperties.Has = &yes
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("invalid OpenAPI document: %w", err)
	}
	// Match on paths only: the document's servers are Cloudinary's hosts,
	// while tests talk to an emulator on loopback.
	doc.Servers = openapi3.Servers{{URL: "/"}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("build router: %w", err)
	}
	return &Validator{doc: doc, router: router, seen: map[string]int{}, accepted: map[string]int{}}, nil
}

// Fork returns a validator over the same parsed document with its own
// record of violations and operations, so parallel tests can each assert on
// their own traffic without parsing the document again.
func (v *Validator) Fork() *Validator {
	return &Validator{doc: v.doc, router: v.router, seen: map[string]int{}, accepted: map[string]int{}}
}

// Accepted returns how many times each documented deviation (Deviations)
// was let through, keyed by Deviation.String().
func (v *Validator) Accepted() map[string]int {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make(map[string]int, len(v.accepted))
	for k, n := range v.accepted {
		out[k] = n
	}
	return out
}

// strict reports what kin-openapi lets through: properties a body's schema
// does not declare, and query parameters the operation does not declare.
// Each is a violation unless a documented deviation (Deviations) covers it.
func (v *Validator) strict(op string, route *routers.Route, req *http.Request, reqBody []byte, status int, respBody []byte) {
	what := fmt.Sprintf("%s %s", req.Method, req.URL.RequestURI())
	q := req.URL.Query()
	for _, name := range undeclaredQuery(route.Operation, route.PathItem.Parameters, q) {
		if d, ok := allowed(op, "query", name, q[name]); ok {
			v.accept(d)
			continue
		}
		v.violation("%s request %s: query parameter %q is not in the document", op, what, name)
	}
	if route.Operation.RequestBody != nil && route.Operation.RequestBody.Value != nil {
		if s := jsonSchemaOf(route.Operation.RequestBody.Value.Content); s != nil {
			if body, ok := decodeJSON(reqBody); ok {
				for _, u := range undeclaredProperties(s, body) {
					v.violation("%s request %s: body property %q is not in the document", op, what, u.path)
				}
			}
		}
	}
	resp := route.Operation.Responses.Status(status)
	if resp == nil {
		resp = route.Operation.Responses.Default()
	}
	if resp == nil || resp.Value == nil {
		return
	}
	s := jsonSchemaOf(resp.Value.Content)
	body, ok := decodeJSON(respBody)
	if s == nil || !ok {
		return
	}
	for _, u := range undeclaredProperties(s, body) {
		if d, ok := allowed(op, "response", u.path, u.value); ok {
			v.accept(d)
			continue
		}
		v.violation("%s response %d to %s: property %q is not in the document (value %.120s)", op, status, what, u.path, jsonText(u.value))
	}
}

func (v *Validator) accept(d Deviation) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.accepted[d.String()]++
}

func jsonText(x any) string {
	b, err := json.Marshal(x)
	if err != nil {
		return fmt.Sprint(x)
	}
	return string(b)
}

// Operations lists every operationId in the document, sorted.
func (v *Validator) Operations() []string {
	var ops []string
	for _, item := range v.doc.Paths.Map() {
		for _, op := range item.Operations() {
			ops = append(ops, op.OperationID)
		}
	}
	sort.Strings(ops)
	return ops
}

// Seen returns how many validated exchanges each operationId had.
func (v *Validator) Seen() map[string]int {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make(map[string]int, len(v.seen))
	for k, n := range v.seen {
		out[k] = n
	}
	return out
}

// Violations returns every mismatch found so far.
func (v *Validator) Violations() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]string(nil), v.violations...)
}

func (v *Validator) violation(format string, args ...any) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.violations = append(v.violations, fmt.Sprintf(format, args...))
}

// Transport returns a RoundTripper that validates each exchange through next.
// Paths outside the API (the emulator's /_emulator admin endpoints) pass
// unchecked.
func (v *Validator) Transport(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return roundTripper{v: v, next: next}
}

type roundTripper struct {
	v    *Validator
	next http.RoundTripper
}

func (rt roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	v := rt.v
	route, pathParams, err := v.router.FindRoute(req)
	if err != nil {
		v.violation("%s %s: no operation in the document: %v", req.Method, req.URL.Path, err)
		return rt.next.RoundTrip(req)
	}
	op := route.Operation.OperationID

	// Read the body for validation and hand an identical copy downstream;
	// GetBody keeps retries of the transport working.
	var reqBody []byte
	if req.Body != nil {
		reqBody, err = io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	checkReq := req.Clone(req.Context())
	checkReq.Body = io.NopCloser(bytes.NewReader(reqBody))
	input := &openapi3filter.RequestValidationInput{
		Request:    checkReq,
		PathParams: pathParams,
		Route:      route,
		Options: &openapi3filter.Options{
			AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
			IncludeResponseStatus: true,
			MultiError:            true,
		},
	}
	if err := openapi3filter.ValidateRequest(req.Context(), input); err != nil {
		v.violation("%s request %s %s: %v", op, req.Method, req.URL.RequestURI(), err)
	}

	resp, err := rt.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	respBody, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(respBody)),
		Options:                input.Options,
	}
	if accountRefusal(route.Operation.Responses, req.URL.Path, resp.StatusCode, respBody) {
		// An undeclared 403 with its API's error body (deviations.go): the
		// body is checked there; there is no declared schema to check.
	} else if err := openapi3filter.ValidateResponse(req.Context(), out); err != nil {
		v.violation("%s response %d to %s %s: %v (body %.300s)", op, resp.StatusCode, req.Method, req.URL.RequestURI(), err, respBody)
	}
	v.strict(op, route, req, reqBody, resp.StatusCode, respBody)
	v.mu.Lock()
	v.seen[op]++
	v.mu.Unlock()
	return resp, nil
}
