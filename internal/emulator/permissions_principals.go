package emulator

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// Principals: role assignments seen from the principal side, and inspect.

// principalKey identifies a principal.
type principalKey struct{ Type, ID string }

// principalTypeRank orders principals by kind (users first), then id.
func principalTypeRank(t string) int {
	for i, v := range principalTypes {
		if v == t {
			return i
		}
	}
	return len(principalTypes)
}

func principalLess(a, b principalKey) bool {
	if ra, rb := principalTypeRank(a.Type), principalTypeRank(b.Type); ra != rb {
		return ra < rb
	}
	return a.ID < b.ID
}

func sortPrincipalKeys(keys []principalKey) {
	sort.Slice(keys, func(i, j int) bool { return principalLess(keys[i], keys[j]) })
}

// sortedAssignments returns the assignments oldest first.
func (p *permStore) sortedAssignments() []*roleAssignment {
	out := append([]*roleAssignment(nil), p.Assignments...)
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

// principalRoleJSON is the document's PrincipalRolesData: the role's fields
// plus the assignment's scope_id and policy_parameters. created_at and
// updated_at are the role's, as in the document's examples (a system role
// shows the catalog's timestamps).
type principalRoleJSON struct {
	ID               string         `json:"id"`
	Name             string         `json:"name"`
	Description      *string        `json:"description"`
	ManagementType   string         `json:"management_type"`
	PermissionType   string         `json:"permission_type"`
	ScopeType        string         `json:"scope_type"`
	ScopeID          *string        `json:"scope_id,omitempty"`
	PolicyParameters map[string]any `json:"policy_parameters,omitempty"`
	CreatedAt        int64          `json:"created_at"`
	UpdatedAt        int64          `json:"updated_at"`
}

func renderPrincipalRole(role *roleView, a *roleAssignment) principalRoleJSON {
	out := principalRoleJSON{ID: role.ID, Name: role.Name, Description: role.Description,
		ManagementType: role.ManagementType, PermissionType: role.PermissionType, ScopeType: role.ScopeType,
		PolicyParameters: a.PolicyParameters, CreatedAt: role.CreatedAt, UpdatedAt: role.UpdatedAt}
	if a.ScopeType == scopeEnv {
		s := a.ScopeID
		out.ScopeID = &s
	}
	return out
}

// assignmentFilter is the set of filters the read endpoints share.
type assignmentFilter struct {
	permissionType, managementType, scopeType, scopeID string
	content                                            contentFilter
}

func (f assignmentFilter) matches(a *roleAssignment, role *roleView) bool {
	return (f.permissionType == "" || role.PermissionType == f.permissionType) &&
		(f.managementType == "" || role.ManagementType == f.managementType) &&
		(f.scopeType == "" || a.ScopeType == f.scopeType) &&
		(f.scopeType == scopeAcct || scopeMatches(a.ScopeID, f.scopeID)) &&
		f.content.matches(a.PolicyParameters)
}

// rolesOf lists one principal's assignments passing f, oldest first.
func (e *Emulator) rolesOf(k principalKey, f assignmentFilter) []principalRoleJSON {
	out := []principalRoleJSON{}
	for _, a := range e.perm.sortedAssignments() {
		if a.PrincipalType != k.Type || a.PrincipalID != k.ID {
			continue
		}
		role := e.perm.role(a.RoleID)
		if role == nil || !f.matches(a, role) {
			continue
		}
		out = append(out, renderPrincipalRole(role, a))
	}
	return out
}

// getPrincipalRoles lists one principal's roles. principal_type and
// principal_id are required; an unknown principal is 404. The document marks
// permission_type required here too, but its example answers global and
// content roles together, so we treat it as an optional filter. The other
// filters: management_type, scope_type, scope_id ("all"-scoped assignments
// show under every environment), folder_id, collection_id, param_key/value.
func (e *Emulator) getPrincipalRoles(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pType, pID := q.Get("principal_type"), q.Get("principal_id")
	var missing []string
	if pType == "" {
		missing = append(missing, "principal_type")
	}
	if pID == "" {
		missing = append(missing, "principal_id")
	}
	if len(missing) > 0 {
		missingFields(w, missing...)
		return
	}
	f, ok := e.parseAssignmentFilter(w, q.Get, q)
	if !ok || !enumValue(w, "principal_type", pType, principalTypes) {
		return
	}
	if !e.principalExists(pType, pID) {
		notFound(w, "principal_id", pID)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": e.rolesOf(principalKey{pType, pID}, f)})
}

// parseAssignmentFilter reads and checks the shared read filters.
func (e *Emulator) parseAssignmentFilter(w http.ResponseWriter, get func(string) string, q map[string][]string) (assignmentFilter, bool) {
	f := assignmentFilter{permissionType: get("permission_type"), managementType: get("management_type"),
		scopeType: get("scope_type"), scopeID: get("scope_id")}
	if !enumValue(w, "permission_type", f.permissionType, permissionTypes) ||
		!enumValue(w, "management_type", f.managementType, managementTypes) ||
		!enumValue(w, "scope_type", f.scopeType, scopeTypes) {
		return f, false
	}
	c, ok := parseContentFilter(w, q)
	f.content = c
	return f, ok
}

// principalChange is one (principal, role) pair of an add/remove request.
type principalChange struct {
	principalType, principalID string
	role                       *roleView
	scopeID                    *string
	params                     map[string]any
}

// checkAssignment validates where a role may be assigned and returns the
// normalized scope_id and parameters:
//   - account roles take no scope_id (400 if one is given);
//   - prodenv roles need a scope_id, an environment id (404 if unknown, the
//     document's ScopeNotFound) or "all";
//   - content roles need a concrete environment (folder and collection ids
//     are per environment, so "all" is refused) and policy_parameters with a
//     non-empty string for every placeholder their policies use, and no
//     other key (Cedar could not be rendered otherwise);
//   - global roles take no policy_parameters.
func (e *Emulator) checkAssignment(w http.ResponseWriter, c principalChange) (string, map[string]any, bool) {
	sid := ""
	if c.scopeID != nil {
		sid = *c.scopeID
	}
	switch c.role.ScopeType {
	case scopeAcct:
		if sid != "" {
			invalidField(w, "scope_id", sid, "role "+c.role.ID+" is an account role and takes no scope_id")
			return "", nil, false
		}
	case scopeEnv:
		if sid == "" {
			missingFields(w, "scope_id")
			return "", nil, false
		}
		if !e.scopeExists(sid) {
			notFound(w, "scope_id", sid)
			return "", nil, false
		}
	}
	if c.role.PermissionType != permContent {
		if len(c.params) > 0 {
			invalidField(w, "policy_parameters", c.params, "role "+c.role.ID+" is a global role and takes no policy_parameters")
			return "", nil, false
		}
		return sid, nil, true
	}
	if sid == scopeAll {
		invalidField(w, "scope_id", sid, "content roles apply to content of one product environment; scope_id cannot be all")
		return "", nil, false
	}
	need := policyParameterTypes(c.role.PolicyIDs)
	if len(c.params) == 0 {
		missingFields(w, "policy_parameters")
		return "", nil, false
	}
	for _, k := range need {
		v, ok := c.params[k]
		if !ok {
			missingFields(w, "policy_parameters."+k)
			return "", nil, false
		}
		if s, isStr := v.(string); !isStr || strings.TrimSpace(s) == "" {
			invalidField(w, "policy_parameters", c.params, k+" must be a non-empty string")
			return "", nil, false
		}
	}
	for k := range c.params {
		if !inEnum(k, need) {
			invalidField(w, "policy_parameters", c.params, "role "+c.role.ID+" takes policy_parameters "+strings.Join(need, ", ")+", not "+k)
			return "", nil, false
		}
	}
	return sid, c.params, true
}

// applyChanges validates every change first and applies them only if all
// are valid, so a request never half-succeeds.
//
// add: a principal that does not exist is 404 (provisioningKey ids are not
// checked, see principalExists). Adding an assignment identical to one held
// (same role, scope_id and policy_parameters) is a no-op, not an error, so
// retries after a lost answer are safe; the same role on another scope or
// content instance is a separate assignment.
//
// remove: scope_id and policy_parameters are optional filters; without them
// every assignment of the role to the principal goes. Removing something not
// held is a no-op for the same retry-safety reason; the role itself must
// exist (404), and an unknown principal is 404 as on add.
func (e *Emulator) applyChanges(w http.ResponseWriter, op string, changes []principalChange) bool {
	type add struct {
		c      principalChange
		scope  string
		params map[string]any
	}
	var adds []add
	for _, c := range changes {
		if !e.principalExists(c.principalType, c.principalID) {
			notFound(w, "principal_id", c.principalID)
			return false
		}
		if op == "add" {
			sid, params, ok := e.checkAssignment(w, c)
			if !ok {
				return false
			}
			adds = append(adds, add{c, sid, params})
		}
	}
	if op == "remove" {
		for _, c := range changes {
			e.perm.filterAssignments(func(a *roleAssignment) bool {
				match := a.PrincipalType == c.principalType && a.PrincipalID == c.principalID &&
					a.RoleID == c.role.ID &&
					(c.scopeID == nil || *c.scopeID == "" || a.ScopeID == *c.scopeID) &&
					(len(c.params) == 0 || sameParams(a.PolicyParameters, c.params))
				return !match
			})
		}
		return true
	}
	now := e.now().Unix()
	for _, ad := range adds {
		if e.perm.findAssignment(ad.c.principalType, ad.c.principalID, ad.c.role.ID, ad.scope, ad.params) != nil {
			continue
		}
		e.perm.Assignments = append(e.perm.Assignments, &roleAssignment{
			PrincipalType: ad.c.principalType, PrincipalID: ad.c.principalID, RoleID: ad.c.role.ID,
			ScopeType: ad.c.role.ScopeType, ScopeID: ad.scope, PolicyParameters: ad.params,
			CreatedAt: now, UpdatedAt: now, Seq: e.perm.nextSeq()})
	}
	return true
}

// findAssignment finds an identical assignment.
func (p *permStore) findAssignment(pType, pID, roleID, scopeID string, params map[string]any) *roleAssignment {
	for _, a := range p.Assignments {
		if a.PrincipalType == pType && a.PrincipalID == pID && a.RoleID == roleID &&
			a.ScopeID == scopeID && sameParams(a.PolicyParameters, params) {
			return a
		}
	}
	return nil
}

// updatePrincipalRoles adds or removes many roles for one principal. The
// document gives the 200 no body; we answer {"data": [...]} with the
// principal's roles afterwards (getPrincipalRoles' shape), since generated
// clients expect JSON.
func (e *Emulator) updatePrincipalRoles(w http.ResponseWriter, r *http.Request) {
	var b struct {
		Operation *string `json:"operation"`
		Principal *struct {
			Type *string `json:"type"`
			ID   *string `json:"id"`
		} `json:"principal"`
		Roles []struct {
			ID               *string        `json:"id"`
			ScopeID          *string        `json:"scope_id"`
			PolicyParameters map[string]any `json:"policy_parameters"`
		} `json:"roles"`
	}
	if err := decodeJSON(r, &b); err != nil {
		invalidBody(w, err)
		return
	}
	var missing []string
	if b.Operation == nil || *b.Operation == "" {
		missing = append(missing, "operation")
	}
	if b.Principal == nil || b.Principal.Type == nil || *b.Principal.Type == "" {
		missing = append(missing, "principal_type")
	}
	if b.Principal == nil || b.Principal.ID == nil || *b.Principal.ID == "" {
		missing = append(missing, "principal_id")
	}
	if len(b.Roles) == 0 {
		missing = append(missing, "roles")
	}
	for _, rl := range b.Roles {
		if rl.ID == nil || *rl.ID == "" {
			missing = appendOnce(missing, "role_id")
		}
	}
	if len(missing) > 0 {
		missingFields(w, missing...)
		return
	}
	if !enumValue(w, "operation", *b.Operation, operations) ||
		!enumValue(w, "principal_type", *b.Principal.Type, principalTypes) {
		return
	}
	pType, pID := *b.Principal.Type, *b.Principal.ID
	changes := make([]principalChange, 0, len(b.Roles))
	for _, rl := range b.Roles {
		role := e.perm.role(*rl.ID)
		if role == nil {
			notFound(w, "role_id", *rl.ID)
			return
		}
		changes = append(changes, principalChange{principalType: pType, principalID: pID,
			role: role, scopeID: rl.ScopeID, params: rl.PolicyParameters})
	}
	if !e.applyChanges(w, *b.Operation, changes) {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": e.rolesOf(principalKey{pType, pID}, assignmentFilter{})})
}

// principalInspectJSON is the document's PrincipalRolesInspectData.
type principalInspectJSON struct {
	Type  string              `json:"type"`
	ID    string              `json:"id"`
	Roles []principalRoleJSON `json:"roles"`
}

// inspect lists, a page of principals at a time, every principal holding a
// role in the given scope, with those roles. scope_type is required (as
// documented); scope_id narrows prodenv to one environment (404 if unknown)
// and, with scope_type account, is refused. principal_type and principal_id
// go together. Principals are ordered by type (user, group, apiKey,
// provisioningKey) then id; the cursor is the last principal of the page.
func (e *Emulator) inspect(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("scope_type") == "" {
		missingFields(w, "scope_type")
		return
	}
	f, ok := e.parseAssignmentFilter(w, q.Get, q)
	if !ok {
		return
	}
	// permission_type and management_type are not inspect parameters.
	f.permissionType, f.managementType = "", ""
	pType, pID := q.Get("principal_type"), q.Get("principal_id")
	if !enumValue(w, "principal_type", pType, principalTypes) || !e.checkInspectScope(w, f) {
		return
	}
	if pType != "" && pID == "" {
		missingFields(w, "principal_id")
		return
	}
	if pID != "" && pType == "" {
		missingFields(w, "principal_type")
		return
	}
	var after *principalKey
	if c := q.Get("cursor"); c != "" {
		s, ok := decodeCursor(w, c)
		if !ok {
			return
		}
		t, id, found := strings.Cut(s, "\x00")
		if !found || !inEnum(t, principalTypes) {
			invalidField(w, "cursor", c, "malformed cursor")
			return
		}
		after = &principalKey{t, id}
	}
	seen := map[principalKey]bool{}
	var keys []principalKey
	for _, a := range e.perm.Assignments {
		k := principalKey{a.PrincipalType, a.PrincipalID}
		if seen[k] || (pType != "" && (k.Type != pType || k.ID != pID)) || (after != nil && !principalLess(*after, k)) {
			continue
		}
		role := e.perm.role(a.RoleID)
		if role == nil || !f.matches(a, role) {
			continue
		}
		seen[k] = true
		keys = append(keys, k)
	}
	sortPrincipalKeys(keys)
	resp := map[string]any{}
	if len(keys) > inspectPageSize {
		keys = keys[:inspectPageSize]
		last := keys[len(keys)-1]
		resp["next_cursor"] = encodeCursor(last.Type + "\x00" + last.ID)
	}
	out := make([]principalInspectJSON, 0, len(keys))
	for _, k := range keys {
		out = append(out, principalInspectJSON{Type: k.Type, ID: k.ID, Roles: e.rolesOf(k, f)})
	}
	resp["data"] = map[string]any{"principals": out}
	writeJSON(w, http.StatusOK, resp)
}

// checkInspectScope applies inspect's scope rules (see inspect).
func (e *Emulator) checkInspectScope(w http.ResponseWriter, f assignmentFilter) bool {
	if f.scopeID == "" {
		return true
	}
	if f.scopeType == scopeAcct {
		invalidField(w, "scope_id", f.scopeID, "scope_id is only allowed when scope_type is prodenv")
		return false
	}
	if !e.scopeExists(f.scopeID) {
		notFound(w, "scope_id", f.scopeID)
		return false
	}
	return true
}

// inspectMultiple evaluates the listed principals (duplicates dropped, order
// kept) in one scope, optionally narrowed by policy_parameters. Every listed
// principal is answered, with an empty roles array when it holds nothing
// there, or no longer exists: a bulk read should not fail because one
// principal vanished. The body's cursor pages through the list.
func (e *Emulator) inspectMultiple(w http.ResponseWriter, r *http.Request) {
	var b struct {
		ScopeType  *string `json:"scope_type"`
		ScopeID    string  `json:"scope_id"`
		Principals []struct {
			Type *string `json:"type"`
			ID   *string `json:"id"`
		} `json:"principals"`
		PolicyParameters map[string]any `json:"policy_parameters"`
		Cursor           string         `json:"cursor"`
	}
	if err := decodeJSON(r, &b); err != nil {
		invalidBody(w, err)
		return
	}
	var missing []string
	if b.ScopeType == nil || *b.ScopeType == "" {
		missing = append(missing, "scope_type")
	}
	if len(b.Principals) == 0 {
		missing = append(missing, "principals")
	}
	for _, p := range b.Principals {
		if p.Type == nil || *p.Type == "" {
			missing = appendOnce(missing, "principals.type")
		}
		if p.ID == nil || *p.ID == "" {
			missing = appendOnce(missing, "principals.id")
		}
	}
	if len(missing) > 0 {
		missingFields(w, missing...)
		return
	}
	if !enumValue(w, "scope_type", *b.ScopeType, scopeTypes) {
		return
	}
	f := assignmentFilter{scopeType: *b.ScopeType, scopeID: b.ScopeID, content: contentFilter{}}
	for k, v := range b.PolicyParameters {
		f.content[k] = paramString(v)
	}
	if !e.checkInspectScope(w, f) {
		return
	}
	seen := map[principalKey]bool{}
	var keys []principalKey
	for _, p := range b.Principals {
		if !enumValue(w, "principal_type", *p.Type, principalTypes) {
			return
		}
		k := principalKey{*p.Type, *p.ID}
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	offset := 0
	if b.Cursor != "" {
		s, ok := decodeCursor(w, b.Cursor)
		if !ok {
			return
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > len(keys) {
			invalidField(w, "cursor", b.Cursor, "malformed cursor")
			return
		}
		offset = n
	}
	keys = keys[offset:]
	resp := map[string]any{}
	if len(keys) > inspectPageSize {
		keys = keys[:inspectPageSize]
		resp["next_cursor"] = encodeCursor(strconv.Itoa(offset + inspectPageSize))
	}
	out := make([]principalInspectJSON, 0, len(keys))
	for _, k := range keys {
		out = append(out, principalInspectJSON{Type: k.Type, ID: k.ID, Roles: e.rolesOf(k, f)})
	}
	resp["data"] = map[string]any{"principals": out}
	writeJSON(w, http.StatusOK, resp)
}
