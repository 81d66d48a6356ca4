package contract

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Deviation is one documented difference between Cloudinary's OpenAPI
// document and the real service, as Cloudinary's SDK integration tests show
// it (internal/emulator/FIDELITY.md, row Row). The validator reports every
// property a body carries that its schema does not declare, and every query
// parameter an operation does not declare; a Deviation accepts exactly one
// of those, on one operation, and only when its value has the expected
// shape. Nothing else is let through.
type Deviation struct {
	Row int    // FIDELITY.md row
	Op  string // operationId
	// In is "response" (a JSON body property) or "query" (a request query
	// parameter).
	In string
	// Name is the property path ("groups", "access_keys[].root") or the
	// query parameter ("ids[]").
	Name string
	What string // what deviates, for messages
	// ok checks the value: a decoded JSON value for "response", the
	// parameter's values for "query".
	ok func(v any) bool
}

func (d Deviation) String() string {
	return fmt.Sprintf("row %d: %s %s %s (%s)", d.Row, d.Op, d.In, d.Name, d.What)
}

// Deviations is the allow-list.
var Deviations = []Deviation{
	{1, "addUserToUserGroup", "response", "users", "answers the group's members {users: [UserGroupUser]} instead of one UserGroupUser", isGroupUsers},
	{2, "deleteUserGroup", "response", "ok", `answers {"ok": true} instead of {"message": "ok"}`, isTrue},

	{3, "getUser", "response", "groups", "the user's groups as [{id, name}]", isGroupSummaries},
	{3, "getUser", "response", "sub_account_ids", "the user's environments as a comma-joined string", isStringOrStrings},
	{3, "createUser", "response", "groups", "the user's groups as [{id, name}]", isGroupSummaries},
	{3, "createUser", "response", "sub_account_ids", "the user's environments as a comma-joined string", isStringOrStrings},
	{3, "updateUser", "response", "groups", "the user's groups as [{id, name}]", isGroupSummaries},
	{3, "updateUser", "response", "sub_account_ids", "the user's environments as a comma-joined string", isStringOrStrings},

	{4, "createProductEnvironment", "response", "custom_attributes", "custom_attributes returned (object or null)", isObjectOrNull},
	{4, "getProductEnvironment", "response", "custom_attributes", "custom_attributes returned (object or null)", isObjectOrNull},
	{4, "updateProductEnvironment", "response", "custom_attributes", "custom_attributes returned (object or null)", isObjectOrNull},
	{4, "getProductEnvironments", "response", "sub_accounts[].custom_attributes", "custom_attributes returned (object or null)", isObjectOrNull},

	{5, "getAccessKeys", "response", "access_keys[].root", "every key says whether it is the root key", isBool},
	{5, "getAccessKeys", "response", "access_keys[].dedicated_for", "dedicated_for returned as an array", isStringOrStrings},
	{5, "generateAccessKey", "response", "root", "every key says whether it is the root key", isBool},
	{5, "updateAccessKey", "response", "root", "every key says whether it is the root key", isBool},
	{5, "updateAccessKey", "response", "dedicated_for", "dedicated_for returned as an array", isStringOrStrings},

	{8, "getUsers", "query", "ids[]", "array filter sent in the bracket form the Java SDK proves with several values", nonEmptyValues},
	{8, "getUsers", "query", "emails[]", "array filter sent in the bracket form", nonEmptyValues},
	{8, "getProductEnvironments", "query", "ids[]", "array filter sent in the bracket form", nonEmptyValues},
	{8, "getProductEnvironments", "query", "cloud_names[]", "array filter sent in the bracket form", nonEmptyValues},
}

// An account-wide refusal does not depend on the operation, and the
// document lists 403 for some operations only. The emulator answers 403 on
// every Permissions API operation of an account not migrated to Roles and
// Permissions, and on the access-key operations of a product environment
// the Account API key holds no admin role on (internal/emulator/gating.go,
// which cites its sources); a key without Provisioning or Permissions API
// access meets 403 on every operation of that API. So the validator accepts
// a 403 that an operation does not declare, but only with the error body of
// its API: {"error": {"message": string}} for the Provisioning API, and also
// a string "code" and "category" (PermissionsErrorResponse) for the
// Permissions API. Any other undeclared status, or a 403 with another body,
// is a violation.
func accountRefusal(declared *openapi3.Responses, path string, status int, body []byte) bool {
	if status != http.StatusForbidden || declared.Value("403") != nil {
		return false
	}
	var answer struct {
		Error *struct {
			Message  *string `json:"message"`
			Code     *string `json:"code"`
			Category *string `json:"category"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &answer); err != nil || answer.Error == nil || answer.Error.Message == nil {
		return false
	}
	if strings.HasPrefix(path, "/v2/") {
		return answer.Error.Code != nil && answer.Error.Category != nil
	}
	return true
}

// allowed finds the deviation covering (op, in, name) with an acceptable
// value.
func allowed(op, in, name string, v any) (Deviation, bool) {
	for _, d := range Deviations {
		if d.Op == op && d.In == in && d.Name == name && d.ok(v) {
			return d, true
		}
	}
	return Deviation{}, false
}

// undeclared is a body property that the schema does not declare.
type undeclared struct {
	path  string
	value any
}

// undeclaredProperties walks a decoded JSON value along its schema and
// returns, sorted by path, every object property the schema does not
// declare. A schema that declares no properties, or that allows additional
// ones, is a free-form object and is not walked. allOf parts are merged.
func undeclaredProperties(s *openapi3.Schema, v any) []undeclared {
	var out []undeclared
	walkUndeclared(s, v, "", &out)
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

func walkUndeclared(s *openapi3.Schema, v any, path string, out *[]undeclared) {
	if s == nil {
		return
	}
	switch val := v.(type) {
	case map[string]any:
		props, open := declared(s)
		if open {
			return
		}
		for k, x := range val {
			p := k
			if path != "" {
				p = path + "." + k
			}
			ps, ok := props[k]
			if !ok {
				*out = append(*out, undeclared{path: p, value: x})
				continue
			}
			walkUndeclared(ps, x, p, out)
		}
	case []any:
		items := itemsOf(s)
		for _, x := range val {
			walkUndeclared(items, x, path+"[]", out)
		}
	}
}

// declared merges the properties of s and its allOf parts; open reports a
// free-form object.
func declared(s *openapi3.Schema) (props map[string]*openapi3.Schema, open bool) {
	props = map[string]*openapi3.Schema{}
	var visit func(s *openapi3.Schema)
	visit = func(s *openapi3.Schema) {
		if s == nil {
			return
		}
		if s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has || s.AdditionalProperties.Schema != nil {
			open = true
		}
		for k, ref := range s.Properties {
			if ref != nil && ref.Value != nil {
				if _, dup := props[k]; !dup {
					props[k] = ref.Value
				}
			}
		}
		for _, ref := range s.AllOf {
			if ref != nil {
				visit(ref.Value)
			}
		}
	}
	visit(s)
	if len(props) == 0 {
		open = true
	}
	return props, open
}

func itemsOf(s *openapi3.Schema) *openapi3.Schema {
	if s.Items != nil && s.Items.Value != nil {
		return s.Items.Value
	}
	for _, ref := range s.AllOf {
		if ref != nil && ref.Value != nil {
			if it := itemsOf(ref.Value); it != nil {
				return it
			}
		}
	}
	return nil
}

// undeclaredQuery returns the query parameters the operation does not
// declare, sorted.
func undeclaredQuery(op *openapi3.Operation, pathParams openapi3.Parameters, q url.Values) []string {
	known := map[string]bool{}
	for _, ps := range []openapi3.Parameters{op.Parameters, pathParams} {
		for _, ref := range ps {
			if ref != nil && ref.Value != nil && ref.Value.In == openapi3.ParameterInQuery {
				known[ref.Value.Name] = true
			}
		}
	}
	var out []string
	for k := range q {
		if !known[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// jsonSchemaOf returns the application/json schema of content, if any.
func jsonSchemaOf(content openapi3.Content) *openapi3.Schema {
	for ct, mt := range content {
		if strings.HasPrefix(ct, "application/json") && mt != nil && mt.Schema != nil {
			return mt.Schema.Value
		}
	}
	return nil
}

// decodeJSON decodes a body for the walk; a body that is not JSON has
// already been reported by kin-openapi.
func decodeJSON(body []byte) (any, bool) {
	var v any
	if len(strings.TrimSpace(string(body))) == 0 || json.Unmarshal(body, &v) != nil {
		return nil, false
	}
	return v, true
}

// Shapes the deviations accept.

func isBool(v any) bool { _, ok := v.(bool); return ok }

func isTrue(v any) bool { b, ok := v.(bool); return ok && b }

func isObjectOrNull(v any) bool {
	if v == nil {
		return true
	}
	_, ok := v.(map[string]any)
	return ok
}

func isStringOrStrings(v any) bool {
	switch x := v.(type) {
	case string:
		return true
	case []any:
		for _, e := range x {
			if _, ok := e.(string); !ok {
				return false
			}
		}
		return true
	}
	return false
}

// isObjectsWith: an array of objects whose properties are among keys, each
// a string.
func isObjectsWith(v any, keys ...string) bool {
	arr, ok := v.([]any)
	if !ok {
		return false
	}
	for _, e := range arr {
		obj, ok := e.(map[string]any)
		if !ok {
			return false
		}
		for k, x := range obj {
			if _, isStr := x.(string); !isStr || !slices.Contains(keys, k) {
				return false
			}
		}
	}
	return true
}

func isGroupSummaries(v any) bool { return isObjectsWith(v, "id", "name") }

func isGroupUsers(v any) bool { return isObjectsWith(v, "id", "name", "email") }

func nonEmptyValues(v any) bool {
	vs, ok := v.([]string)
	if !ok || len(vs) == 0 {
		return false
	}
	for _, s := range vs {
		if s == "" {
			return false
		}
	}
	return true
}
