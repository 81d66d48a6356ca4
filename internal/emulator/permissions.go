package emulator

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// This file holds the Permissions API state (permStore), its route table and
// the helpers the permissions_*.go handlers share. System roles and policies
// are static seed data (catalog.go) and are not part of the store.

// permStore is the persisted state of the Permissions API: custom roles,
// custom policies and role assignments. The core saves it as the
// "permissions" part of the state file, so every field is exported JSON.
type permStore struct {
	Roles       map[string]*customRole   `json:"roles"`
	Policies    map[string]*customPolicy `json:"custom_policies"`
	Assignments []*roleAssignment        `json:"assignments"`
	// Seq orders objects by creation; cursors are built on it so that a
	// delete between two page requests never skips or repeats an item.
	Seq int64 `json:"seq"`
}

// customRole is a caller-defined bundle of system policies.
type customRole struct {
	ID              string   `json:"id"`
	Name            string   `json:"name"`
	Description     *string  `json:"description"`
	PermissionType  string   `json:"permission_type"`
	ScopeType       string   `json:"scope_type"`
	SystemPolicyIDs []string `json:"system_policy_ids"`
	CreatedAt       int64    `json:"created_at"`
	UpdatedAt       int64    `json:"updated_at"`
	Seq             int64    `json:"seq"`
}

// customPolicy is a caller-written Cedar policy statement.
type customPolicy struct {
	ID              string  `json:"id"`
	Name            string  `json:"name"`
	Description     *string `json:"description"`
	PolicyStatement string  `json:"policy_statement"`
	ScopeType       string  `json:"scope_type"`
	ScopeID         string  `json:"scope_id,omitempty"`
	Enabled         bool    `json:"enabled"`
	CreatedAt       int64   `json:"created_at"`
	UpdatedAt       int64   `json:"updated_at"`
	Seq             int64   `json:"seq"`
}

// roleAssignment grants one role to one principal in one scope (and, for
// content roles, on one content instance given by PolicyParameters).
type roleAssignment struct {
	PrincipalType    string         `json:"principal_type"`
	PrincipalID      string         `json:"principal_id"`
	RoleID           string         `json:"role_id"`
	ScopeType        string         `json:"scope_type"` // the role's, copied: it is immutable
	ScopeID          string         `json:"scope_id,omitempty"`
	PolicyParameters map[string]any `json:"policy_parameters,omitempty"`
	CreatedAt        int64          `json:"created_at"`
	UpdatedAt        int64          `json:"updated_at"`
	Seq              int64          `json:"seq"`
}

// newPermStore returns an empty store (the catalog needs no state).
func newPermStore() *permStore {
	return &permStore{Roles: map[string]*customRole{}, Policies: map[string]*customPolicy{}}
}

// UnmarshalJSON restores a saved store, tolerating missing maps in older or
// hand-edited state files.
func (p *permStore) UnmarshalJSON(b []byte) error {
	type plain permStore
	var v plain
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = permStore(v)
	if p.Roles == nil {
		p.Roles = map[string]*customRole{}
	}
	if p.Policies == nil {
		p.Policies = map[string]*customPolicy{}
	}
	return nil
}

// nextSeq returns the next creation sequence number.
func (p *permStore) nextSeq() int64 {
	p.Seq++
	return p.Seq
}

// removePrincipal drops every role assignment of a principal; the core calls
// it when a user, group or access key is deleted, as the real service cannot
// keep granting roles to a principal that no longer exists.
func (p *permStore) removePrincipal(principalType, id string) {
	p.filterAssignments(func(a *roleAssignment) bool {
		return a.PrincipalType != principalType || a.PrincipalID != id
	})
}

// removeScope is called when a product environment is deleted. It drops the
// role assignments scoped to that environment and the custom policies scoped
// to it: both would otherwise point at an environment that can never come
// back (ids are not reused), and the service deletes an environment's
// contents with it. Objects scoped to "all" environments are kept.
func (p *permStore) removeScope(prodEnvID string) {
	if prodEnvID == "" || prodEnvID == scopeAll {
		return
	}
	p.filterAssignments(func(a *roleAssignment) bool {
		return a.ScopeType != scopeEnv || a.ScopeID != prodEnvID
	})
	for id, cp := range p.Policies {
		if cp.ScopeType == scopeEnv && cp.ScopeID == prodEnvID {
			delete(p.Policies, id)
		}
	}
}

// filterAssignments keeps the assignments for which keep is true.
func (p *permStore) filterAssignments(keep func(*roleAssignment) bool) {
	out := p.Assignments[:0]
	for _, a := range p.Assignments {
		if keep(a) {
			out = append(out, a)
		}
	}
	for i := len(out); i < len(p.Assignments); i++ {
		p.Assignments[i] = nil
	}
	p.Assignments = out
}

// scopeAll is the scope_id that stands for every product environment.
const scopeAll = "all"

// roleView is the common read model of system and custom roles.
type roleView struct {
	ID             string
	Name           string
	Description    *string
	ManagementType string
	PermissionType string
	ScopeType      string
	PolicyIDs      []string
	CreatedAt      int64
	UpdatedAt      int64
}

func systemRoleView(r *systemRole) *roleView {
	d := r.Description
	return &roleView{ID: r.ID, Name: r.Name, Description: &d, ManagementType: "system",
		PermissionType: r.PermissionType, ScopeType: r.ScopeType, PolicyIDs: r.PolicyIDs,
		CreatedAt: systemRoleCreatedAt, UpdatedAt: systemRoleCreatedAt}
}

func customRoleView(r *customRole) *roleView {
	return &roleView{ID: r.ID, Name: r.Name, Description: r.Description, ManagementType: "custom",
		PermissionType: r.PermissionType, ScopeType: r.ScopeType, PolicyIDs: r.SystemPolicyIDs,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// role looks a role up by id, system roles first.
func (p *permStore) role(id string) *roleView {
	if r := systemRoleByID[id]; r != nil {
		return systemRoleView(r)
	}
	if r := p.Roles[id]; r != nil {
		return customRoleView(r)
	}
	return nil
}

// allRoles lists system roles in catalog order, then custom roles by creation.
func (p *permStore) allRoles() []*roleView {
	out := make([]*roleView, 0, len(systemRoles)+len(p.Roles))
	for i := range systemRoles {
		out = append(out, systemRoleView(&systemRoles[i]))
	}
	customs := make([]*customRole, 0, len(p.Roles))
	for _, r := range p.Roles {
		customs = append(customs, r)
	}
	sort.Slice(customs, func(i, j int) bool { return customs[i].Seq < customs[j].Seq })
	for _, r := range customs {
		out = append(out, customRoleView(r))
	}
	return out
}

// registerPermissions wires the 21 Permissions API operations. The three
// /public/ endpoints need no credentials (the document: "publicly
// accessible and don't require authentication"); the server accepts them
// with or without.
func (e *Emulator) registerPermissions(mux *http.ServeMux) {
	const pub = "/v2/accounts/permissions/public"
	const acct = "/v2/accounts/{account_id}/permissions"
	e.route(mux, "GET "+pub+"/catalog", "getSystemRolesAndPoliciesCatalog", e.getSystemRolesAndPoliciesCatalog, publicRoute())
	e.route(mux, "POST "+pub+"/validate", "validateCedarPolicy", e.validateCedarPolicy, publicRoute())
	e.route(mux, "GET "+pub+"/schema", "getCedarSchema", e.getCedarSchema, publicRoute())

	e.route(mux, "GET "+acct+"/policies/system", "getSystemPolicies", e.getSystemPolicies)
	e.route(mux, "GET "+acct+"/policies/custom", "getCustomPolicies", e.getCustomPolicies)
	e.route(mux, "POST "+acct+"/policies/custom", "createCustomPolicy", e.createCustomPolicy)
	e.route(mux, "GET "+acct+"/policies/custom/{policy_id}", "getCustomPolicy", e.getCustomPolicy)
	e.route(mux, "PUT "+acct+"/policies/custom/{policy_id}", "updateCustomPolicy", e.updateCustomPolicy)
	e.route(mux, "DELETE "+acct+"/policies/custom/{policy_id}", "deleteCustomPolicy", e.deleteCustomPolicy)
	e.route(mux, "GET "+acct+"/policies/effective", "getEffectivePolicies", e.getEffectivePolicies)

	e.route(mux, "GET "+acct+"/roles", "getRoles", e.getRoles)
	e.route(mux, "POST "+acct+"/roles", "createRole", e.createRole)
	e.route(mux, "GET "+acct+"/roles/{role_id}", "getRole", e.getRole)
	e.route(mux, "PUT "+acct+"/roles/{role_id}", "updateRole", e.updateRole)
	e.route(mux, "DELETE "+acct+"/roles/{role_id}", "deleteRole", e.deleteRole)
	e.route(mux, "GET "+acct+"/roles/{role_id}/principals", "getRolePrincipals", e.getRolePrincipals)
	e.route(mux, "PUT "+acct+"/roles/{role_id}/principals", "updateRolePrincipals", e.updateRolePrincipals)

	e.route(mux, "GET "+acct+"/principal_roles", "getPrincipalRoles", e.getPrincipalRoles)
	e.route(mux, "PUT "+acct+"/principal_roles", "updatePrincipalRoles", e.updatePrincipalRoles)
	e.route(mux, "GET "+acct+"/principal_roles/inspect", "inspect", e.inspect)
	e.route(mux, "POST "+acct+"/principal_roles/inspect", "inspectMultiple", e.inspectMultiple)
}

// ---------------------------------------------------------------------------
// Errors, in the document's permissions shape. Codes and categories follow the
// document's examples: ACCOUNTS_00005 for missing/invalid fields,
// ACCOUNTS_00002 for Cedar, ACCOUNTS_00003 (category server_error, as the
// examples have it) for not found, ACCOUNTS_00006 for conflicts and 403.

func missingFields(w http.ResponseWriter, names ...string) {
	permError(w, http.StatusBadRequest, "user_error", "ACCOUNTS_00005", "missing fields",
		map[string]any{"fields": names})
}

func invalidField(w http.ResponseWriter, name string, value any, reason string) {
	msg := "invalid request"
	if reason != "" {
		msg += ": " + reason
	}
	permError(w, http.StatusBadRequest, "user_error", "ACCOUNTS_00005", msg,
		map[string]any{"fields": []any{map[string]any{name: value}}})
}

func invalidBody(w http.ResponseWriter, err error) {
	permError(w, http.StatusBadRequest, "user_error", "ACCOUNTS_00005", "invalid request body: "+err.Error(), nil)
}

func notFound(w http.ResponseWriter, name, value string) {
	permError(w, http.StatusNotFound, "server_error", "ACCOUNTS_00003", "not found",
		map[string]any{"fields": []any{map[string]any{name: value}}})
}

func conflict(w http.ResponseWriter, msg string, details map[string]any) {
	permError(w, http.StatusConflict, "user_error", "ACCOUNTS_00006", msg, details)
}

func forbidden(w http.ResponseWriter, msg string) {
	permError(w, http.StatusForbidden, "user_error", "ACCOUNTS_00006", msg, nil)
}

func cedarInvalid(w http.ResponseWriter, statement string, errs []cedarError) {
	permError(w, http.StatusBadRequest, "user_error", cedarErrorCode,
		"invalid request: invalid Cedar policy statement: "+cedarMessages(errs),
		map[string]any{"fields": []any{
			map[string]any{"policy_statement": statement},
			map[string]any{"cedar_errors": errs},
		}})
}

// ---------------------------------------------------------------------------
// Query and body helpers. Each returns ok=false after writing the 400.

var (
	scopeTypes      = []string{scopeAcct, scopeEnv}
	permissionTypes = []string{permGlobal, permContent}
	principalTypes  = []string{"user", "group", "apiKey", "provisioningKey"}
	managementTypes = []string{"system", "custom"}
	operations      = []string{"add", "remove"}
)

func inEnum(v string, allowed []string) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

// enumValue checks an optional enum value; an empty value passes.
func enumValue(w http.ResponseWriter, name, v string, allowed []string) bool {
	if v == "" || inEnum(v, allowed) {
		return true
	}
	invalidField(w, name, v, fmt.Sprintf("%s must be one of %s", name, strings.Join(allowed, ", ")))
	return false
}

// boolQuery parses an optional boolean query parameter.
func boolQuery(w http.ResponseWriter, q url.Values, name string) (val, set, ok bool) {
	s := q.Get(name)
	if s == "" {
		return false, false, true
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		invalidField(w, name, s, name+" must be true or false")
		return false, false, false
	}
	return b, true, true
}

// contentFilter is the content-instance filter shared by the read endpoints:
// folder_id, collection_id and param_key/param_value pairs. asset_id is
// accepted and ignored: the document says it is "not currently supported".
type contentFilter map[string]string

func parseContentFilter(w http.ResponseWriter, q url.Values) (contentFilter, bool) {
	f := contentFilter{}
	for _, k := range []string{"folder_id", "collection_id"} {
		if v := q.Get(k); v != "" {
			f[k] = v
		}
	}
	keys, vals := q["param_key"], q["param_value"]
	if len(keys) != len(vals) {
		invalidField(w, "param_key", keys, "param_key and param_value must be given in pairs")
		return nil, false
	}
	for i, k := range keys {
		if k == "" {
			invalidField(w, "param_key", keys, "param_key must not be empty")
			return nil, false
		}
		f[k] = vals[i]
	}
	return f, true
}

// matches reports whether an assignment's parameters satisfy the filter.
func (f contentFilter) matches(params map[string]any) bool {
	for k, v := range f {
		got, ok := params[k]
		if !ok || paramString(got) != v {
			return false
		}
	}
	return true
}

// asMap converts the filter for fillParameters.
func (f contentFilter) asMap() map[string]any {
	m := make(map[string]any, len(f))
	for k, v := range f {
		m[k] = v
	}
	return m
}

func paramString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// scopeMatches reports whether an object scoped to objScopeID is visible under
// a scope_id filter. An object scoped to "all" environments applies to every
// environment, so it shows under any filter; filtering on "all" itself only
// shows the "all" objects.
func scopeMatches(objScopeID, filter string) bool {
	return filter == "" || objScopeID == filter || (objScopeID == scopeAll && filter != "")
}

// sameParams compares two policy_parameters maps by their canonical JSON.
func sameParams(a, b map[string]any) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// principalExists checks a principal against the provisioning side.
// provisioningKey principals (account API keys) have no provisioning
// endpoint to create or list them, so any id is accepted.
func (e *Emulator) principalExists(principalType, id string) bool {
	switch principalType {
	case "user":
		return e.prov.userExists(id)
	case "group":
		return e.prov.groupExists(id)
	case "apiKey":
		return e.prov.accessKeyExists(id)
	case "provisioningKey":
		return true
	}
	return false
}

// scopeExists checks a prodenv scope_id ("all" or an environment id).
func (e *Emulator) scopeExists(id string) bool {
	return id == scopeAll || e.prov.envExists(id)
}

// Cursors are opaque to clients: base64url of an internal position.
func encodeCursor(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func decodeCursor(w http.ResponseWriter, c string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(b) == 0 {
		invalidField(w, "cursor", c, "malformed cursor")
		return "", false
	}
	return string(b), true
}

// Page sizes of the cursor-paged lists. The document gives no page size
// parameter; small pages keep paging exercised by clients and tests.
const (
	customPolicyPageSize = 20
	inspectPageSize      = 20
)

// descriptionPtr turns a decoded optional description into stored form.
func descriptionPtr(s *string) *string {
	if s == nil {
		return nil
	}
	v := *s
	return &v
}
