package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// Roles: list, CRUD of custom roles, and a role's principals.

// roleJSON is the document's RoleResponseData; Policies is set only on
// single-role answers (RoleResponse), where the document has the role's
// system policies as objects rather than the system_policy_ids it was
// created with.
type roleJSON struct {
	Policies         []systemPolicyJSON `json:"policies,omitempty"`
	ID               string             `json:"id"`
	Name             string             `json:"name"`
	Description      *string            `json:"description"`
	ManagementType   string             `json:"management_type"`
	PermissionType   string             `json:"permission_type"`
	PolicyParameters []string           `json:"policy_parameters,omitempty"`
	ScopeType        string             `json:"scope_type"`
	CreatedAt        int64              `json:"created_at"`
	UpdatedAt        int64              `json:"updated_at"`
}

// renderRole renders a role; withPolicies adds the policy objects, with
// content placeholders filled from params where given.
func renderRole(role *roleView, withPolicies bool, params map[string]any) roleJSON {
	out := roleJSON{ID: role.ID, Name: role.Name, Description: role.Description,
		ManagementType: role.ManagementType, PermissionType: role.PermissionType,
		PolicyParameters: policyParameterTypes(role.PolicyIDs), ScopeType: role.ScopeType,
		CreatedAt: role.CreatedAt, UpdatedAt: role.UpdatedAt}
	if withPolicies {
		out.Policies = []systemPolicyJSON{}
		for _, id := range role.PolicyIDs {
			if p := systemPolicyByID[id]; p != nil {
				out.Policies = append(out.Policies, renderSystemPolicy(p, params))
			}
		}
	}
	return out
}

// getRoles lists system then custom roles. permission_type is required, as
// the document says ("of a specific permission_type"); scope_type and
// management_type filter when given. policy_parameters is, per the document,
// a JSON-encoded array in the query (policy_parameters=["folder_id"]); a
// plain value or repeated keys are accepted too. A role matches when its
// derived policy_parameters include every listed type.
func (e *Emulator) getRoles(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	perm, scope, mgmt := q.Get("permission_type"), q.Get("scope_type"), q.Get("management_type")
	if perm == "" {
		missingFields(w, "permission_type")
		return
	}
	if !enumValue(w, "permission_type", perm, permissionTypes) || !enumValue(w, "scope_type", scope, scopeTypes) ||
		!enumValue(w, "management_type", mgmt, managementTypes) {
		return
	}
	var wantParams []string
	for _, v := range q["policy_parameters"] {
		if strings.HasPrefix(strings.TrimSpace(v), "[") {
			var arr []string
			if err := json.Unmarshal([]byte(v), &arr); err != nil {
				invalidField(w, "policy_parameters", v, "policy_parameters must be a JSON array of strings")
				return
			}
			wantParams = append(wantParams, arr...)
		} else if v != "" {
			wantParams = append(wantParams, v)
		}
	}
	out := []roleJSON{}
	for _, role := range e.perm.allRoles() {
		if role.PermissionType != perm || (scope != "" && role.ScopeType != scope) ||
			(mgmt != "" && role.ManagementType != mgmt) {
			continue
		}
		if len(wantParams) > 0 && !containsAll(policyParameterTypes(role.PolicyIDs), wantParams) {
			continue
		}
		out = append(out, renderRole(role, false, nil))
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": out})
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !inEnum(w, have) {
			return false
		}
	}
	return true
}

// getRole answers one role with its policies. folder_id, collection_id and
// param_key/param_value fill the matching placeholders of content policies,
// as the document describes for folder_id; otherwise placeholders stay.
func (e *Emulator) getRole(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("role_id")
	role := e.perm.role(id)
	if role == nil {
		notFound(w, "role_id", id)
		return
	}
	f, ok := parseContentFilter(w, r.URL.Query())
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": renderRole(role, true, f.asMap())})
}

// roleBody is CreateRole / UpdateRole.
type roleBody struct {
	ID              *string  `json:"id"`
	Name            *string  `json:"name"`
	Description     *string  `json:"description"`
	PermissionType  *string  `json:"permission_type"`
	ScopeType       *string  `json:"scope_type"`
	SystemPolicyIDs []string `json:"system_policy_ids"`
}

// roleIDPattern restricts caller-chosen role ids to characters that survive
// a URL path unescaped (the document's ids use letters, digits, _ and ::).
var roleIDPattern = regexp.MustCompile(`^[A-Za-z0-9_.:\-]{1,255}$`)

// checkRolePolicies validates system_policy_ids for a role of the given
// permission and scope type: at least one (every role "includes one or more"
// system policies), each existing and of the role's types. Duplicates are
// dropped, first occurrence kept. Ids without the policy:: segment (the
// document's CreateAcctRoleExample has "cld::global::users_and_groups::manage")
// are not aliased: the document's own invalid-id example is of that form.
func checkRolePolicies(w http.ResponseWriter, ids []string, perm, scope string) ([]string, bool) {
	if len(ids) == 0 {
		missingFields(w, "system_policy_ids")
		return nil, false
	}
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		p := systemPolicyByID[id]
		if p == nil {
			invalidField(w, "system_policy_ids", id, "unknown system policy")
			return nil, false
		}
		if p.PermissionType != perm || p.ScopeType != scope {
			invalidField(w, "system_policy_ids", id, fmt.Sprintf(
				"system policy %s is a %s/%s policy; the role is %s/%s",
				id, p.PermissionType, p.ScopeType, perm, scope))
			return nil, false
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, true
}

// roleNameTaken reports whether another custom role has this name. Names are
// unique among custom roles only: the document's GetRolesExample has a custom
// role named like a system role ("Admin"). Comparison is exact.
func (e *Emulator) roleNameTaken(name, selfID string) bool {
	for _, cr := range e.perm.Roles {
		if cr.ID != selfID && cr.Name == name {
			return true
		}
	}
	return false
}

// createRole answers 201 with the role as getRole shows it. The id is the
// caller's when given (409 if any role, system or custom, has it; the
// cld:: prefix is reserved for system roles) or generated from the name in
// the document's style ("upload_manager_12334565").
func (e *Emulator) createRole(w http.ResponseWriter, r *http.Request) {
	var b roleBody
	if err := decodeJSON(r, &b); err != nil {
		invalidBody(w, err)
		return
	}
	var missing []string
	if b.Name == nil || strings.TrimSpace(*b.Name) == "" {
		missing = append(missing, "name")
	}
	if b.PermissionType == nil || *b.PermissionType == "" {
		missing = append(missing, "permission_type")
	}
	if b.ScopeType == nil || *b.ScopeType == "" {
		missing = append(missing, "scope_type")
	}
	if len(b.SystemPolicyIDs) == 0 {
		missing = append(missing, "system_policy_ids")
	}
	if len(missing) > 0 {
		missingFields(w, missing...)
		return
	}
	if !enumValue(w, "permission_type", *b.PermissionType, permissionTypes) ||
		!enumValue(w, "scope_type", *b.ScopeType, scopeTypes) {
		return
	}
	perm, scope, name := *b.PermissionType, *b.ScopeType, *b.Name
	if perm == permContent && scope != scopeEnv {
		// Content (folders, collections) lives in product environments.
		invalidField(w, "scope_type", scope, "content roles must have scope_type prodenv")
		return
	}
	id := ""
	if b.ID != nil && *b.ID != "" {
		id = *b.ID
		if !roleIDPattern.MatchString(id) {
			invalidField(w, "id", id, "role ids may contain only letters, digits, '_', '-', '.' and ':' (at most 255)")
			return
		}
		if strings.HasPrefix(id, "cld::") && systemRoleByID[id] == nil {
			invalidField(w, "id", id, "the cld:: prefix is reserved for system roles")
			return
		}
	}
	policyIDs, ok := checkRolePolicies(w, b.SystemPolicyIDs, perm, scope)
	if !ok {
		return
	}
	if id != "" && e.perm.role(id) != nil {
		conflict(w, "already exists", map[string]any{"fields": []any{map[string]any{"id": id}}})
		return
	}
	if e.roleNameTaken(name, "") {
		conflict(w, "already exists", map[string]any{"fields": []any{map[string]any{"name": name}}})
		return
	}
	if id == "" {
		id = roleSlug(name) + "_" + e.newID()[:10]
	}
	now := e.now().Unix()
	cr := &customRole{ID: id, Name: name, Description: descriptionPtr(b.Description),
		PermissionType: perm, ScopeType: scope, SystemPolicyIDs: policyIDs,
		CreatedAt: now, UpdatedAt: now, Seq: e.perm.nextSeq()}
	e.perm.Roles[id] = cr
	writeJSON(w, http.StatusCreated, map[string]any{"data": renderRole(customRoleView(cr), true, nil)})
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// roleSlug turns a role name into an id stem ("Upload manager" -> "upload_manager").
func roleSlug(name string) string {
	s := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(name), "_"), "_")
	if len(s) > 40 {
		s = strings.TrimRight(s[:40], "_")
	}
	if s == "" {
		s = "role"
	}
	return s
}

// updateRole replaces a custom role's name, description and policies (PUT:
// an omitted description is cleared). permission_type and scope_type are
// immutable: sending them is allowed only with the current value (400
// otherwise), and so is an id equal to the path's. System roles are
// read-only: 403 "not allowed", the document's answer for forbidden actions.
func (e *Emulator) updateRole(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("role_id")
	role := e.perm.role(id)
	if role == nil {
		notFound(w, "role_id", id)
		return
	}
	if role.ManagementType == "system" {
		forbidden(w, "not allowed: system roles cannot be updated")
		return
	}
	cr := e.perm.Roles[id]
	var b roleBody
	if err := decodeJSON(r, &b); err != nil {
		invalidBody(w, err)
		return
	}
	var missing []string
	if b.Name == nil || strings.TrimSpace(*b.Name) == "" {
		missing = append(missing, "name")
	}
	// Omitted system_policy_ids keep the role's policies: Cloudinary's own
	// sanity test updates a role's name and description alone
	// (FIDELITY.md row 10). An explicit empty list is still refused.
	keepPolicies := b.SystemPolicyIDs == nil
	if !keepPolicies && len(b.SystemPolicyIDs) == 0 {
		missing = append(missing, "system_policy_ids")
	}
	if len(missing) > 0 {
		missingFields(w, missing...)
		return
	}
	if keepPolicies {
		b.SystemPolicyIDs = cr.SystemPolicyIDs
	}
	if b.ID != nil && *b.ID != "" && *b.ID != id {
		invalidField(w, "id", *b.ID, "the role id cannot be changed")
		return
	}
	if b.PermissionType != nil && *b.PermissionType != "" && *b.PermissionType != cr.PermissionType {
		invalidField(w, "permission_type", *b.PermissionType, "permission_type is immutable")
		return
	}
	if b.ScopeType != nil && *b.ScopeType != "" && *b.ScopeType != cr.ScopeType {
		invalidField(w, "scope_type", *b.ScopeType, "scope_type is immutable")
		return
	}
	policyIDs, ok := checkRolePolicies(w, b.SystemPolicyIDs, cr.PermissionType, cr.ScopeType)
	if !ok {
		return
	}
	name := *b.Name
	if e.roleNameTaken(name, id) {
		conflict(w, "already exists", map[string]any{"fields": []any{map[string]any{"name": name}}})
		return
	}
	if params := policyParameterTypes(policyIDs); cr.PermissionType == permContent &&
		!sameStrings(params, policyParameterTypes(cr.SystemPolicyIDs)) && e.perm.roleHeld(id) {
		// Existing assignments carry values for the old parameter types;
		// changing the types would leave them unfillable.
		invalidField(w, "system_policy_ids", b.SystemPolicyIDs,
			"the new policies need different policy_parameters than the role's current assignments")
		return
	}
	cr.Name, cr.Description, cr.SystemPolicyIDs = name, descriptionPtr(b.Description), policyIDs
	cr.UpdatedAt = e.now().Unix()
	writeJSON(w, http.StatusOK, map[string]any{"data": renderRole(customRoleView(cr), true, nil)})
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !inEnum(x, b) {
			return false
		}
	}
	return true
}

// roleHeld reports whether any principal holds the role.
func (p *permStore) roleHeld(roleID string) bool {
	for _, a := range p.Assignments {
		if a.RoleID == roleID {
			return true
		}
	}
	return false
}

// deleteRole answers 204. System roles: 403. While principals hold the role
// the delete is refused unless force=true. The document describes the refusal
// (ForceDeleteParam) but gives deleteRole only 204, 401, 403 and 404, and
// status codes are part of the contract, so the refusal is its 403 "Not
// allowed" rather than an undocumented 409. The details list the holders so a
// client can show or unassign them (and tell this 403 from a system role's).
// force=true drops the assignments with the role.
func (e *Emulator) deleteRole(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("role_id")
	force, _, ok := boolQuery(w, r.URL.Query(), "force")
	if !ok {
		return
	}
	role := e.perm.role(id)
	if role == nil {
		notFound(w, "role_id", id)
		return
	}
	if role.ManagementType == "system" {
		forbidden(w, "not allowed: system roles cannot be deleted")
		return
	}
	var holders []principalJSON
	for _, a := range e.perm.sortedAssignments() {
		if a.RoleID == id {
			holders = append(holders, renderPrincipal(a, true))
		}
	}
	if len(holders) > 0 && !force {
		permError(w, http.StatusForbidden, "user_error", "ACCOUNTS_00006",
			fmt.Sprintf("not allowed: role %s is assigned to %d principal(s); remove the assignments or delete with force=true", id, len(holders)),
			map[string]any{"fields": []any{map[string]any{"role_id": id}}, "principals": holders})
		return
	}
	e.perm.filterAssignments(func(a *roleAssignment) bool { return a.RoleID != id })
	delete(e.perm.Roles, id)
	w.WriteHeader(http.StatusNoContent)
}

// principalJSON is the document's PrincipalResponseData; verbose=false keeps
// only id and type.
type principalJSON struct {
	ID               string         `json:"id"`
	Type             string         `json:"type"`
	RoleID           string         `json:"role_id,omitempty"`
	PolicyParameters map[string]any `json:"policy_parameters,omitempty"`
	ScopeType        string         `json:"scope_type,omitempty"`
	ScopeID          *string        `json:"scope_id,omitempty"`
	CreatedAt        int64          `json:"created_at,omitempty"`
	UpdatedAt        int64          `json:"updated_at,omitempty"`
}

func renderPrincipal(a *roleAssignment, verbose bool) principalJSON {
	out := principalJSON{ID: a.PrincipalID, Type: a.PrincipalType}
	if !verbose {
		return out
	}
	out.RoleID, out.PolicyParameters, out.ScopeType = a.RoleID, a.PolicyParameters, a.ScopeType
	out.CreatedAt, out.UpdatedAt = a.CreatedAt, a.UpdatedAt
	if a.ScopeType == scopeEnv {
		s := a.ScopeID
		out.ScopeID = &s
	}
	return out
}

// getRolePrincipals lists the role's assignments (oldest first). Filters:
// scope_type, scope_id ("all"-scoped assignments show under every
// environment), folder_id, collection_id, param_key/param_value. verbose
// defaults to false as documented: then only id and type are sent, one
// entry per principal.
func (e *Emulator) getRolePrincipals(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("role_id")
	q := r.URL.Query()
	scope, scopeID := q.Get("scope_type"), q.Get("scope_id")
	if !enumValue(w, "scope_type", scope, scopeTypes) {
		return
	}
	verbose, _, ok := boolQuery(w, q, "verbose")
	if !ok {
		return
	}
	f, ok := parseContentFilter(w, q)
	if !ok {
		return
	}
	if e.perm.role(id) == nil {
		notFound(w, "role_id", id)
		return
	}
	out := []principalJSON{}
	seen := map[principalKey]bool{}
	for _, a := range e.perm.sortedAssignments() {
		if a.RoleID != id || (scope != "" && a.ScopeType != scope) || !scopeMatches(a.ScopeID, scopeID) ||
			!f.matches(a.PolicyParameters) {
			continue
		}
		if !verbose {
			k := principalKey{a.PrincipalType, a.PrincipalID}
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		out = append(out, renderPrincipal(a, verbose))
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": out})
}

// updateRolePrincipals adds or removes many principals for one role, with
// the same rules as updatePrincipalRoles (see principalChange). The document
// gives the 200 no body; we answer {"data": [...]} with the role's
// assignments afterwards (verbose form), since generated clients expect JSON.
func (e *Emulator) updateRolePrincipals(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("role_id")
	var b struct {
		Operation  *string `json:"operation"`
		Principals []struct {
			PrincipalType    *string        `json:"principal_type"`
			PrincipalID      *string        `json:"principal_id"`
			ScopeID          *string        `json:"scope_id"`
			PolicyParameters map[string]any `json:"policy_parameters"`
		} `json:"principals"`
	}
	if err := decodeJSON(r, &b); err != nil {
		invalidBody(w, err)
		return
	}
	var missing []string
	if b.Operation == nil || *b.Operation == "" {
		missing = append(missing, "operation")
	}
	if len(b.Principals) == 0 {
		missing = append(missing, "principals")
	}
	for _, p := range b.Principals {
		if p.PrincipalType == nil || *p.PrincipalType == "" {
			missing = appendOnce(missing, "principal_type")
		}
		if p.PrincipalID == nil || *p.PrincipalID == "" {
			missing = appendOnce(missing, "principal_id")
		}
	}
	if len(missing) > 0 {
		missingFields(w, missing...)
		return
	}
	if !enumValue(w, "operation", *b.Operation, operations) {
		return
	}
	for _, p := range b.Principals {
		if !enumValue(w, "principal_type", *p.PrincipalType, principalTypes) {
			return
		}
	}
	role := e.perm.role(id)
	if role == nil {
		notFound(w, "role_id", id)
		return
	}
	changes := make([]principalChange, 0, len(b.Principals))
	for _, p := range b.Principals {
		changes = append(changes, principalChange{principalType: *p.PrincipalType, principalID: *p.PrincipalID,
			role: role, scopeID: p.ScopeID, params: p.PolicyParameters})
	}
	if !e.applyChanges(w, *b.Operation, changes) {
		return
	}
	out := []principalJSON{}
	for _, a := range e.perm.sortedAssignments() {
		if a.RoleID == id {
			out = append(out, renderPrincipal(a, true))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": out})
}

func appendOnce(s []string, v string) []string {
	if inEnum(v, s) {
		return s
	}
	return append(s, v)
}
