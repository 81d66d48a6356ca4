package emulator

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// Public endpoints, system policies, custom policies and effective policies.

// systemPolicyJSON is the document's SystemPolicyResponseData.
type systemPolicyJSON struct {
	ID               string   `json:"id"`
	Name             string   `json:"name"`
	Description      string   `json:"description"`
	ScopeType        string   `json:"scope_type"`
	PermissionType   string   `json:"permission_type"`
	PolicyStatement  string   `json:"policy_statement"`
	PolicyParameters []string `json:"policy_parameters,omitempty"`
	Category         string   `json:"category"`
	SubCategory      string   `json:"sub_category"`
	CreatedAt        int64    `json:"created_at"`
	UpdatedAt        int64    `json:"updated_at"`
}

// renderSystemPolicy renders a system policy, filling content placeholders
// from params when given (getRole's folder_id/collection_id query).
func renderSystemPolicy(p *systemPolicy, params map[string]any) systemPolicyJSON {
	return systemPolicyJSON{
		ID: p.ID, Name: p.Name, Description: p.Description, ScopeType: p.ScopeType,
		PermissionType: p.PermissionType, PolicyStatement: fillParameters(p.Statement, params),
		PolicyParameters: p.Parameters, Category: p.Category, SubCategory: p.SubCategory,
		CreatedAt: systemPolicyCreatedAt, UpdatedAt: systemPolicyCreatedAt,
	}
}

// customPolicyJSON is the document's CustomPolicyResponseData; scope_id is
// "returned only if the scope type is product environment".
type customPolicyJSON struct {
	ID              string  `json:"id"`
	Name            string  `json:"name"`
	Description     *string `json:"description"`
	PolicyStatement string  `json:"policy_statement"`
	ScopeType       string  `json:"scope_type"`
	ScopeID         *string `json:"scope_id,omitempty"`
	Enabled         bool    `json:"enabled"`
	CreatedAt       int64   `json:"created_at"`
	UpdatedAt       int64   `json:"updated_at"`
}

func renderCustomPolicy(cp *customPolicy) customPolicyJSON {
	out := customPolicyJSON{ID: cp.ID, Name: cp.Name, Description: cp.Description,
		PolicyStatement: cp.PolicyStatement, ScopeType: cp.ScopeType, Enabled: cp.Enabled,
		CreatedAt: cp.CreatedAt, UpdatedAt: cp.UpdatedAt}
	if cp.ScopeType == scopeEnv {
		s := cp.ScopeID
		out.ScopeID = &s
	}
	return out
}

// ---------------------------------------------------------------------------
// Public endpoints (no auth).

// getSystemRolesAndPoliciesCatalog answers the static catalog.
func (e *Emulator) getSystemRolesAndPoliciesCatalog(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"catalog": catalogJSON()})
}

// getCedarSchema answers the Cedar JSON schema custom policies are checked
// against.
func (e *Emulator) getCedarSchema(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"schema": cedarSchema})
}

// validateCedarPolicy answers 200 {valid, errors} for any well-formed request,
// invalid Cedar included (the document's example is a 200 with valid=false);
// 400 is kept for a body that is not a ValidateCedarPolicyRequest and for a
// policy beyond the size and nesting bounds of cedarlimit.
func (e *Emulator) validateCedarPolicy(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Policy *string `json:"policy"`
	}
	if err := decodeJSON(r, &body); err != nil {
		invalidBody(w, err)
		return
	}
	if body.Policy == nil {
		missingFields(w, "policy")
		return
	}
	// A statement beyond the size or nesting bounds is a bad request, not
	// an invalid policy: 400, before cedar-go sees it.
	if !cedarWithinLimits(w, "policy", *body.Policy) {
		return
	}
	if _, errs := parseCedar(*body.Policy); len(errs) > 0 {
		writeJSON(w, http.StatusOK, map[string]any{"valid": false, "errors": errs})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"valid": true, "errors": []cedarError{}})
}

// ---------------------------------------------------------------------------
// System policies.

// getSystemPolicies lists the catalog's policies. As documented, scope_type
// defaults to account. The list fits one page, so no next_cursor is sent.
func (e *Emulator) getSystemPolicies(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	scope, perm := q.Get("scope_type"), q.Get("permission_type")
	if !enumValue(w, "scope_type", scope, scopeTypes) || !enumValue(w, "permission_type", perm, permissionTypes) {
		return
	}
	if scope == "" {
		scope = scopeAcct
	}
	out := []systemPolicyJSON{}
	for i := range systemPolicies {
		p := &systemPolicies[i]
		if p.ScopeType != scope || (perm != "" && p.PermissionType != perm) {
			continue
		}
		out = append(out, renderSystemPolicy(p, nil))
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": out})
}

// ---------------------------------------------------------------------------
// Custom policies.

// customPolicyBody is CreateCustomPolicy / UpdateCustomPolicy; pointers tell
// omitted from empty.
type customPolicyBody struct {
	PolicyStatement *string `json:"policy_statement"`
	Description     *string `json:"description"`
	ScopeType       *string `json:"scope_type"`
	ScopeID         *string `json:"scope_id"`
	Name            *string `json:"name"`
	Enabled         *bool   `json:"enabled"`
}

// validatedPolicy is a checked custom policy body.
type validatedPolicy struct {
	statement, name, scopeType, scopeID string
	description                         *string
	enabled                             bool
}

// checkPolicyBody validates a create/update body: required fields, enums,
// scope rules and the Cedar statement. On failure it has answered.
func (e *Emulator) checkPolicyBody(w http.ResponseWriter, r *http.Request) (*validatedPolicy, bool) {
	var b customPolicyBody
	if err := decodeJSON(r, &b); err != nil {
		invalidBody(w, err)
		return nil, false
	}
	var missing []string
	if b.PolicyStatement == nil || strings.TrimSpace(*b.PolicyStatement) == "" {
		missing = append(missing, "policy_statement")
	}
	if b.Name == nil || strings.TrimSpace(*b.Name) == "" {
		missing = append(missing, "name")
	}
	if b.ScopeType == nil || *b.ScopeType == "" {
		missing = append(missing, "scope_type")
	}
	if len(missing) > 0 {
		missingFields(w, missing...)
		return nil, false
	}
	if !enumValue(w, "scope_type", *b.ScopeType, scopeTypes) {
		return nil, false
	}
	// Names and statements are stored exactly as sent: normalising them
	// would show up as drift in clients that compare with their input.
	v := &validatedPolicy{statement: *b.PolicyStatement, name: *b.Name,
		scopeType: *b.ScopeType, description: descriptionPtr(b.Description), enabled: true}
	// enabled omitted or null means true: the schema's default, which
	// generated clients rely on when they omit it on update.
	if b.Enabled != nil {
		v.enabled = *b.Enabled
	}
	scopeID := ""
	if b.ScopeID != nil {
		scopeID = *b.ScopeID
	}
	switch v.scopeType {
	case scopeAcct:
		// scope_id is "only relevant" for prodenv; rejecting it rather than
		// dropping it keeps a client from believing it was stored.
		if scopeID != "" {
			invalidField(w, "scope_id", scopeID, "scope_id is only allowed when scope_type is prodenv")
			return nil, false
		}
	case scopeEnv:
		if scopeID == "" {
			missingFields(w, "scope_id")
			return nil, false
		}
		if !e.scopeExists(scopeID) {
			notFound(w, "scope_id", scopeID)
			return nil, false
		}
		v.scopeID = scopeID
	}
	if !cedarWithinLimits(w, "policy_statement", v.statement) {
		return nil, false
	}
	if _, errs := parseCedar(v.statement); len(errs) > 0 {
		cedarInvalid(w, v.statement, errs)
		return nil, false
	}
	return v, true
}

// policyConflict answers 409 when another custom policy in the same scope
// (scope_type and scope_id) has the same name or the same statement. The
// document's 409 example ("already exists for the scope") names the
// statement; names are unique per scope too so that a name identifies a
// policy for humans and for import.
func (e *Emulator) policyConflict(w http.ResponseWriter, v *validatedPolicy, selfID string) bool {
	for _, cp := range e.perm.Policies {
		if cp.ID == selfID || cp.ScopeType != v.scopeType || cp.ScopeID != v.scopeID {
			continue
		}
		if cp.PolicyStatement == v.statement {
			conflict(w, "already exists for the scope", map[string]any{"fields": []any{
				map[string]any{"policy_statement": v.statement}}, "policy_id": cp.ID})
			return true
		}
		if cp.Name == v.name {
			conflict(w, "already exists for the scope", map[string]any{"fields": []any{
				map[string]any{"name": v.name}}, "policy_id": cp.ID})
			return true
		}
	}
	return false
}

// createCustomPolicy answers 201 with the new policy.
func (e *Emulator) createCustomPolicy(w http.ResponseWriter, r *http.Request) {
	v, ok := e.checkPolicyBody(w, r)
	if !ok || e.policyConflict(w, v, "") {
		return
	}
	now := e.now().Unix()
	cp := &customPolicy{ID: e.newID(), Name: v.name, Description: v.description,
		PolicyStatement: v.statement, ScopeType: v.scopeType, ScopeID: v.scopeID, Enabled: v.enabled,
		CreatedAt: now, UpdatedAt: now, Seq: e.perm.nextSeq()}
	e.perm.Policies[cp.ID] = cp
	writeJSON(w, http.StatusCreated, map[string]any{"data": renderCustomPolicy(cp)})
}

// getCustomPolicy answers one policy or 404.
func (e *Emulator) getCustomPolicy(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("policy_id")
	cp := e.perm.Policies[id]
	if cp == nil {
		notFound(w, "policy_id", id)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": renderCustomPolicy(cp)})
}

// updateCustomPolicy replaces a policy (PUT: omitted description is cleared).
// The scope may change; uniqueness is checked in the new scope. As the
// document warns, an update whose policy_statement is identical to the
// current one answers 409 (the service treats it as a duplicate of itself);
// the comparison is on the exact text.
func (e *Emulator) updateCustomPolicy(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("policy_id")
	cp := e.perm.Policies[id]
	if cp == nil {
		notFound(w, "policy_id", id)
		return
	}
	v, ok := e.checkPolicyBody(w, r)
	if !ok {
		return
	}
	if v.statement == cp.PolicyStatement {
		conflict(w, "already exists for the scope: the policy_statement is identical to the current one",
			map[string]any{"fields": []any{map[string]any{"policy_statement": v.statement}}, "policy_id": cp.ID})
		return
	}
	if e.policyConflict(w, v, id) {
		return
	}
	cp.Name, cp.Description, cp.PolicyStatement = v.name, v.description, v.statement
	cp.ScopeType, cp.ScopeID, cp.Enabled = v.scopeType, v.scopeID, v.enabled
	cp.UpdatedAt = e.now().Unix()
	writeJSON(w, http.StatusOK, map[string]any{"data": renderCustomPolicy(cp)})
}

// deleteCustomPolicy answers 204 with no body, or 404.
func (e *Emulator) deleteCustomPolicy(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("policy_id")
	if e.perm.Policies[id] == nil {
		notFound(w, "policy_id", id)
		return
	}
	delete(e.perm.Policies, id)
	w.WriteHeader(http.StatusNoContent)
}

// getCustomPolicies lists policies of one scope in creation order, a page at
// a time. As documented, scope_type defaults to account and prodenv requires
// scope_id. Policies scoped to "all" environments are listed under every
// environment (they apply there). An unknown environment lists nothing.
func (e *Emulator) getCustomPolicies(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	scope, scopeID := q.Get("scope_type"), q.Get("scope_id")
	if !enumValue(w, "scope_type", scope, scopeTypes) {
		return
	}
	if scope == "" {
		scope = scopeAcct
	}
	if scope == scopeEnv && scopeID == "" {
		missingFields(w, "scope_id")
		return
	}
	if scope == scopeAcct && scopeID != "" {
		invalidField(w, "scope_id", scopeID, "scope_id is only allowed when scope_type is prodenv")
		return
	}
	enabled, enabledSet, ok := boolQuery(w, q, "enabled")
	if !ok {
		return
	}
	var after int64
	if c := q.Get("cursor"); c != "" {
		s, ok := decodeCursor(w, c)
		if !ok {
			return
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			invalidField(w, "cursor", c, "malformed cursor")
			return
		}
		after = n
	}
	var all []*customPolicy
	for _, cp := range e.perm.Policies {
		if cp.ScopeType != scope || (scope == scopeEnv && !scopeMatches(cp.ScopeID, scopeID)) {
			continue
		}
		if enabledSet && cp.Enabled != enabled {
			continue
		}
		if cp.Seq > after {
			all = append(all, cp)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Seq < all[j].Seq })
	resp := map[string]any{}
	if len(all) > customPolicyPageSize {
		all = all[:customPolicyPageSize]
		resp["next_cursor"] = encodeCursor(strconv.FormatInt(all[len(all)-1].Seq, 10))
	}
	data := make([]customPolicyJSON, 0, len(all))
	for _, cp := range all {
		data = append(data, renderCustomPolicy(cp))
	}
	resp["data"] = data
	writeJSON(w, http.StatusOK, resp)
}

// ---------------------------------------------------------------------------
// Effective policies.

type effectivePolicyJSON struct {
	ID              string `json:"id"`
	PolicyStatement string `json:"policy_statement"`
}

type effectiveRoleJSON struct {
	ID             string                `json:"id"`
	SystemPolicies []effectivePolicyJSON `json:"system_policies"`
}

type principalEffectiveJSON struct {
	PrincipalType string              `json:"principal_type"`
	PrincipalID   string              `json:"principal_id"`
	Roles         []effectiveRoleJSON `json:"roles"`
}

// getEffectivePolicies answers, for one scope, the roles each principal holds
// (one entry per assignment, with the role's system policies rendered for
// that principal and content instance) and the enabled custom policies of
// the scope. Kept simple on purpose:
//   - scope_type defaults to account, like the other policy lists; for prodenv
//     scope_id is optional (omitted: every environment) and "all"-scoped
//     objects count for every environment; an unknown environment is 404.
//   - with a principal, only custom policies whose Cedar principal scope can
//     match it (unconstrained, ==, in itself, is its type) are included;
//     group membership is not resolved, and roles held through a group are
//     listed under the group, not the user.
//   - an unknown principal is 404, as on getPrincipalRoles.
func (e *Emulator) getEffectivePolicies(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	scope, scopeID := q.Get("scope_type"), q.Get("scope_id")
	pType, pID := q.Get("principal_type"), q.Get("principal_id")
	if !enumValue(w, "scope_type", scope, scopeTypes) || !enumValue(w, "principal_type", pType, principalTypes) {
		return
	}
	if scope == "" {
		scope = scopeAcct
	}
	if scope == scopeAcct && scopeID != "" {
		invalidField(w, "scope_id", scopeID, "scope_id is only allowed when scope_type is prodenv")
		return
	}
	if scopeID != "" && !e.scopeExists(scopeID) {
		notFound(w, "scope_id", scopeID)
		return
	}
	if (pType == "") != (pID == "") {
		if pType == "" {
			missingFields(w, "principal_type")
		} else {
			missingFields(w, "principal_id")
		}
		return
	}
	if pType != "" && !e.principalExists(pType, pID) {
		notFound(w, "principal_id", pID)
		return
	}

	byPrincipal := map[principalKey]*principalEffectiveJSON{}
	var order []principalKey
	for _, a := range e.perm.sortedAssignments() {
		if a.ScopeType != scope || (scope == scopeEnv && !scopeMatches(a.ScopeID, scopeID)) {
			continue
		}
		if pType != "" && (a.PrincipalType != pType || a.PrincipalID != pID) {
			continue
		}
		role := e.perm.role(a.RoleID)
		if role == nil {
			continue
		}
		k := principalKey{a.PrincipalType, a.PrincipalID}
		pe := byPrincipal[k]
		if pe == nil {
			pe = &principalEffectiveJSON{PrincipalType: k.Type, PrincipalID: k.ID, Roles: []effectiveRoleJSON{}}
			byPrincipal[k] = pe
			order = append(order, k)
		}
		er := effectiveRoleJSON{ID: role.ID, SystemPolicies: []effectivePolicyJSON{}}
		for _, pid := range role.PolicyIDs {
			sp := systemPolicyByID[pid]
			if sp == nil {
				continue
			}
			stmt := bindPrincipal(fillParameters(sp.Statement, a.PolicyParameters), a.PrincipalType, a.PrincipalID)
			er.SystemPolicies = append(er.SystemPolicies, effectivePolicyJSON{ID: sp.ID, PolicyStatement: stmt})
		}
		pe.Roles = append(pe.Roles, er)
	}
	sortPrincipalKeys(order)
	principals := make([]*principalEffectiveJSON, 0, len(order))
	for _, k := range order {
		principals = append(principals, byPrincipal[k])
	}
	if pType != "" && len(principals) == 0 {
		// The principal exists but holds nothing here: still name it.
		principals = append(principals, &principalEffectiveJSON{PrincipalType: pType, PrincipalID: pID, Roles: []effectiveRoleJSON{}})
	}

	var policies []*customPolicy
	for _, cp := range e.perm.Policies {
		if !cp.Enabled || cp.ScopeType != scope || (scope == scopeEnv && !scopeMatches(cp.ScopeID, scopeID)) {
			continue
		}
		if pType != "" {
			parsed, errs := parseCedar(cp.PolicyStatement)
			if len(errs) > 0 || !statementAppliesTo(parsed, pType, pID) {
				continue
			}
		}
		policies = append(policies, cp)
	}
	sort.Slice(policies, func(i, j int) bool { return policies[i].Seq < policies[j].Seq })
	custom := make([]effectivePolicyJSON, 0, len(policies))
	for _, cp := range policies {
		custom = append(custom, effectivePolicyJSON{ID: cp.ID, PolicyStatement: cp.PolicyStatement})
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{
		"principals":      principals,
		"custom_policies": custom,
	}})
}
