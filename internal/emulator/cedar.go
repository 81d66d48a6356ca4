package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"

	cedar "github.com/cedar-policy/cedar-go"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/cedarlimit"
)

// Cedar handling for the Permissions API: parsing custom policy statements,
// the light schema check the real service evidently performs (its document
// rejects Cloudinary::APIKy with "invalid_principal"), the public schema, and
// the text substitutions used to render system policies for one assignment.

// cedarErrorCode is the code the document pairs with Cedar errors, both in
// ValidateCedarPolicyResponse and in the 400 of create/update.
const cedarErrorCode = "ACCOUNTS_00002"

// cedarError is the document's CedarError.
type cedarError struct {
	Message string `json:"cedar_message"`
	Code    string `json:"cedar_code"`
}

// cedarSchema is the Cedar JSON schema served by getCedarSchema. It extends
// the document's example with the entity types and actions the system policies
// in catalog.go refer to, so that every shipped statement validates against it.
var cedarSchema = map[string]any{
	"Cloudinary": map[string]any{
		"entityTypes": map[string]any{
			"User":               entityShape([]string{"Group"}, attr("root", "Boolean", false), attr("email", "String", false)),
			"Group":              entityShape(nil, attr("name", "String", false)),
			"APIKey":             entityShape(nil, attr("prodenv_id", "String", false)),
			"ProvisioningKey":    entityShape(nil),
			"Account":            entityShape(nil),
			"ProductEnvironment": entityShape(nil, attr("cloud_name", "String", false)),
			"Folder": entityShape([]string{"Folder"},
				setAttr("ancestor_ids", true), attr("name", "String", true)),
			"Asset": entityShape([]string{"Folder", "Collection"},
				setAttr("ancestor_ids", true), attr("resource_type", "String", true), attr("access_mode", "String", false)),
			"Collection":      entityShape(nil, attr("name", "String", false)),
			"Feature":         entityShape(nil),
			"UploadPreset":    entityShape(nil),
			"UploadMapping":   entityShape(nil),
			"Transformation":  entityShape(nil),
			"MetadataField":   entityShape(nil),
			"Report":          entityShape(nil, attr("type", "String", true)),
			"Role":            entityShape(nil),
			"Policy":          entityShape(nil),
			"PortalInstance":  entityShape(nil),
			"ProductSettings": entityShape(nil),
		},
		"actions": map[string]any{
			"create":          action([]string{"Folder", "Asset", "Collection", "UploadPreset", "UploadMapping", "Transformation", "MetadataField", "User", "Group", "APIKey", "ProvisioningKey", "ProductEnvironment", "Role", "Policy"}, nil),
			"read":            action([]string{"Folder", "Asset", "Collection", "Feature", "Report", "Account", "ProductEnvironment", "UploadPreset", "UploadMapping", "Transformation", "MetadataField", "User", "Group", "APIKey", "ProvisioningKey", "Role", "Policy"}, nil),
			"update":          action([]string{"Folder", "Asset", "Collection", "Account", "ProductEnvironment", "UploadPreset", "UploadMapping", "Transformation", "MetadataField", "User", "Group", "APIKey", "Role", "Policy"}, nil),
			"delete":          action([]string{"Folder", "Asset", "Collection", "UploadPreset", "UploadMapping", "Transformation", "MetadataField", "User", "Group", "APIKey", "ProvisioningKey", "ProductEnvironment", "Role", "Policy"}, nil),
			"move":            action([]string{"Asset", "Folder"}, map[string]any{"direction": map[string]any{"type": "String", "required": false}}),
			"download":        action([]string{"Asset", "Folder", "Collection"}, nil),
			"share":           action([]string{"Asset", "Folder", "Collection", "PortalInstance"}, nil),
			"moderate":        action([]string{"Asset"}, nil),
			"update_settings": action([]string{"ProductEnvironment", "ProductSettings"}, nil),
			"access":          action([]string{"Feature"}, nil),
		},
	},
	"MediaFlows": map[string]any{
		"entityTypes": map[string]any{
			"EasyFlow":  map[string]any{},
			"PowerFlow": map[string]any{},
			"LogEntry":  map[string]any{},
		},
		"actions": map[string]any{
			"read": map[string]any{"appliesTo": map[string]any{
				"principalTypes": []string{"Cloudinary::User", "Cloudinary::Group"},
				"resourceTypes":  []string{"EasyFlow", "PowerFlow", "LogEntry"},
			}},
		},
	},
}

// principalEntityType maps the API's four principal types to their Cedar
// entity types.
var principalEntityType = map[string]string{
	"user":            "Cloudinary::User",
	"group":           "Cloudinary::Group",
	"apiKey":          "Cloudinary::APIKey",
	"provisioningKey": "Cloudinary::ProvisioningKey",
}

func entityShape(memberOf []string, attrs ...map[string]any) map[string]any {
	a := map[string]any{}
	for _, m := range attrs {
		for k, v := range m {
			a[k] = v
		}
	}
	e := map[string]any{"shape": map[string]any{"type": "Record", "attributes": a}}
	if len(memberOf) > 0 {
		e["memberOfTypes"] = memberOf
	}
	return e
}

func attr(name, typ string, required bool) map[string]any {
	return map[string]any{name: map[string]any{"type": typ, "required": required}}
}

func setAttr(name string, required bool) map[string]any {
	return map[string]any{name: map[string]any{"type": "Set", "element": map[string]any{"type": "String"}, "required": required}}
}

func action(resources []string, context map[string]any) map[string]any {
	applies := map[string]any{
		"principalTypes": []string{"User", "Group", "APIKey", "ProvisioningKey"},
		"resourceTypes":  resources,
	}
	if context != nil {
		applies["context"] = map[string]any{"type": "Record", "attributes": context}
	}
	return map[string]any{"appliesTo": applies}
}

// knownEntityTypes is every fully qualified entity type of cedarSchema, and
// knownActionTypes the action entity types (<namespace>::Action).
var knownEntityTypes, knownActionTypes = func() (map[string]bool, map[string]bool) {
	ents, acts := map[string]bool{}, map[string]bool{}
	for ns, v := range cedarSchema {
		nsm, ok := v.(map[string]any)
		entityTypes, ok2 := nsm["entityTypes"].(map[string]any)
		if !ok || !ok2 {
			panic("emulator: cedarSchema namespace " + ns + " has no entityTypes object")
		}
		for name := range entityTypes {
			ents[ns+"::"+name] = true
		}
		acts[ns+"::Action"] = true
	}
	return ents, acts
}()

// jsonScope is the part of cedar-go's JSON policy format we inspect: the
// principal, action and resource scope constraints.
type jsonScope struct {
	Op         string       `json:"op"`
	Entity     *jsonEntity  `json:"entity"`
	Entities   []jsonEntity `json:"entities"`
	EntityType string       `json:"entity_type"`
	In         *struct {
		Entity *jsonEntity `json:"entity"`
	} `json:"in"`
}

type jsonEntity struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

type jsonPolicy struct {
	Principal jsonScope `json:"principal"`
	Action    jsonScope `json:"action"`
	Resource  jsonScope `json:"resource"`
}

// types lists every entity type a scope constraint names.
func (s jsonScope) types() []string {
	var out []string
	if s.Entity != nil {
		out = append(out, s.Entity.Type)
	}
	for _, e := range s.Entities {
		out = append(out, e.Type)
	}
	if s.EntityType != "" {
		out = append(out, s.EntityType)
	}
	if s.In != nil && s.In.Entity != nil {
		out = append(out, s.In.Entity.Type)
	}
	return out
}

// parseCedar parses a policy statement (one or more Cedar policies) and
// returns the scopes of each policy, or the Cedar errors. A syntax error is
// reported with cedar-go's own message, which carries the line:column; an
// empty document or an entity type outside cedarSchema is an error too, as
// the service cannot store a statement that grants nothing or names a type it
// does not know (condition bodies are not type-checked: the document gives no
// sign the service does). A statement beyond the cedarlimit bounds is an
// error before cedar-go sees it: cedar-go recurses, and a deep enough
// statement would overflow the stack and end the emulator. The routes check
// the bounds first (cedarWithinLimits) to answer a clearer 400; this check
// also covers the statements read from a persisted state file.
func parseCedar(statement string) ([]jsonPolicy, []cedarError) {
	if err := cedarlimit.CheckNamed("policy_statement", statement); err != nil {
		return nil, []cedarError{{Message: err.Error(), Code: cedarErrorCode}}
	}
	ps, err := cedar.NewPolicySetFromBytes("policy_statement", []byte(statement))
	if err != nil {
		return nil, []cedarError{{Message: err.Error(), Code: cedarErrorCode}}
	}
	var ids []string
	for id := range ps.All() {
		ids = append(ids, string(id))
	}
	if len(ids) == 0 {
		return nil, []cedarError{{Message: "empty_policy: the statement contains no Cedar policy", Code: cedarErrorCode}}
	}
	// policy<n> ids: sort numerically so errors come out in statement order.
	sort.Slice(ids, func(i, j int) bool {
		if len(ids[i]) != len(ids[j]) {
			return len(ids[i]) < len(ids[j])
		}
		return ids[i] < ids[j]
	})
	var out []jsonPolicy
	var errs []cedarError
	for _, id := range ids {
		p := ps.Get(cedar.PolicyID(id))
		b, err := p.MarshalJSON()
		if err != nil {
			errs = append(errs, cedarError{Message: err.Error(), Code: cedarErrorCode})
			continue
		}
		var jp jsonPolicy
		if err := json.Unmarshal(b, &jp); err != nil {
			errs = append(errs, cedarError{Message: err.Error(), Code: cedarErrorCode})
			continue
		}
		pos := p.Position()
		where := fmt.Sprintf("%d:%d", pos.Line, pos.Column)
		for _, t := range jp.Principal.types() {
			if !isPrincipalEntityType(t) {
				errs = append(errs, cedarError{Code: cedarErrorCode,
					Message: fmt.Sprintf("invalid_principal: at %s: unknown principal type %q", where, t)})
			}
		}
		for _, t := range jp.Action.types() {
			if !knownActionTypes[t] {
				errs = append(errs, cedarError{Code: cedarErrorCode,
					Message: fmt.Sprintf("invalid_action: at %s: unknown action type %q", where, t)})
			}
		}
		for _, t := range jp.Resource.types() {
			if !knownEntityTypes[t] {
				errs = append(errs, cedarError{Code: cedarErrorCode,
					Message: fmt.Sprintf("invalid_resource: at %s: unknown resource type %q", where, t)})
			}
		}
		out = append(out, jp)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// cedarWithinLimits checks statement, the request's field, against the
// cedarlimit bounds (size and nesting depth); when it exceeds one it answers
// 400 with a message naming the field and the bound, and returns false. The
// statement is not echoed: it may be a megabyte of parentheses.
func cedarWithinLimits(w http.ResponseWriter, field, statement string) bool {
	err := cedarlimit.CheckNamed(field, statement)
	if err == nil {
		return true
	}
	permError(w, http.StatusBadRequest, "user_error", cedarErrorCode,
		"invalid request: invalid Cedar policy statement: "+err.Error(),
		map[string]any{"fields": []any{field}, "cedar_errors": []cedarError{{Message: err.Error(), Code: cedarErrorCode}}})
	return false
}

// isPrincipalEntityType reports whether t is one of the four principal types.
// A principal scope may also name a Group in `principal in Group::"x"`.
func isPrincipalEntityType(t string) bool {
	for _, v := range principalEntityType {
		if v == t {
			return true
		}
	}
	return false
}

// cedarMessages joins Cedar errors for an error "message" field.
func cedarMessages(errs []cedarError) string {
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Message
	}
	return strings.Join(msgs, "; ")
}

// statementAppliesTo reports whether any policy of a parsed custom statement
// can apply to the principal (principalType, id). Deliberately simple:
// unconstrained principals, `==` the principal, `in` the principal itself and
// `is` its type match; group membership (`principal in Group::"g"` for a user)
// is not resolved because the emulator's permission store does not see the
// provisioning side's memberships.
func statementAppliesTo(policies []jsonPolicy, principalType, id string) bool {
	want := principalEntityType[principalType]
	for _, p := range policies {
		s := p.Principal
		switch s.Op {
		case "All", "":
			return true
		case "==", "in":
			if s.Entity != nil && s.Entity.Type == want && s.Entity.ID == id {
				return true
			}
		case "is":
			if s.EntityType == want && (s.In == nil || s.In.Entity == nil ||
				(s.In.Entity.Type == want && s.In.Entity.ID == id)) {
				return true
			}
		}
	}
	return false
}

// unconstrainedPrincipal matches the head of a policy whose principal is
// unconstrained, the form every system policy uses.
var unconstrainedPrincipal = regexp.MustCompile(`\b(permit|forbid)\s*\(\s*principal\s*,`)

// bindPrincipal renders a system policy for one principal, as the document's
// EffectivePoliciesExample does: `permit(principal, ...` becomes
// `permit(principal == Cloudinary::User::"id", ...`.
func bindPrincipal(statement, principalType, id string) string {
	t := principalEntityType[principalType]
	if t == "" {
		return statement
	}
	return unconstrainedPrincipal.ReplaceAllString(statement,
		"${1}(principal == "+t+"::"+cedarQuote(id)+",")
}

// fillParameters replaces the <key> placeholders of a content policy with the
// values of an assignment's policy_parameters (or a getRole query).
func fillParameters(statement string, params map[string]any) string {
	for k, v := range params {
		s, ok := v.(string)
		if !ok {
			s = fmt.Sprint(v)
		}
		q := cedarQuote(s)
		statement = strings.ReplaceAll(statement, "<"+k+">", q[1:len(q)-1])
	}
	return statement
}

// cedarQuote quotes s as a Cedar string literal.
func cedarQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`, "\x00", `\0`)
	return `"` + r.Replace(s) + `"`
}
