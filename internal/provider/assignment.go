package provider

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// A role assignment, its id format and the rules a role puts on it, shared
// by cloudinary_role_assignment (one assignment) and
// cloudinary_principal_roles (all of a principal's).

// ---------------------------------------------------------------------------
// The assignment itself, free of the framework.

// assignment is one role held by one principal, in one scope and on one
// content instance: the unit both assignment resources manage.
type assignment struct {
	PrincipalType client.PrincipalType
	PrincipalID   string
	RoleID        string
	ScopeID       string            // "" when unscoped
	Params        map[string]string // nil when none
}

// idEscaper percent-encodes the characters that separate the parts of an
// assignment id.
var idEscaper = strings.NewReplacer("%", "%25", "/", "%2F", ",", "%2C", "=", "%3D")

// id renders the assignment's import id (see the id attribute).
func (a assignment) id() string {
	parts := []string{string(a.PrincipalType), idEscaper.Replace(a.PrincipalID), idEscaper.Replace(a.RoleID)}
	if a.ScopeID != "" {
		parts = append(parts, idEscaper.Replace(a.ScopeID))
	}
	if len(a.Params) > 0 {
		keys := slices.Sorted(maps.Keys(a.Params))
		pairs := make([]string, 0, len(keys))
		for _, k := range keys {
			pairs = append(pairs, idEscaper.Replace(k)+"="+idEscaper.Replace(a.Params[k]))
		}
		parts = append(parts, strings.Join(pairs, ","))
	}
	return joinID(parts...)
}

// key identifies the assignment among a principal's roles.
func (a assignment) key() string { return a.id() }

const assignmentIDShape = "<principal_type>/<principal_id>/<role_id>[/<scope_id>][/<key>=<value>[,<key>=<value>...]]"

// parseAssignmentID is the inverse of assignment.id. The optional parts are
// told apart by "=": a scope id never contains one (it would be written
// %3D), a policy parameter always does.
func parseAssignmentID(id string) (assignment, error) {
	fail := func(reason string) (assignment, error) {
		return assignment{}, fmt.Errorf("import id must look like %s (%s), got %q", assignmentIDShape, reason, id)
	}
	parts := strings.Split(id, importSeparator)
	if len(parts) < 3 || len(parts) > 5 {
		return fail(fmt.Sprintf("3 to 5 parts separated by %q, found %d", importSeparator, len(parts)))
	}
	dec := make([]string, 3)
	for i, name := range []string{"principal_type", "principal_id", "role_id"} {
		v, err := url.PathUnescape(parts[i])
		if err != nil || strings.TrimSpace(v) == "" {
			return fail(name + " is empty or badly escaped")
		}
		dec[i] = v
	}
	if !slices.Contains(principalTypeValues, dec[0]) {
		return fail(fmt.Sprintf("principal_type must be one of %s", strings.Join(principalTypeValues, ", ")))
	}
	a := assignment{PrincipalType: client.PrincipalType(dec[0]), PrincipalID: dec[1], RoleID: dec[2]}
	rest := parts[3:]
	if len(rest) == 2 && strings.Contains(rest[0], "=") {
		return fail("the scope_id part comes before the policy parameters and contains no \"=\"")
	}
	if len(rest) > 0 && !strings.Contains(rest[0], "=") {
		v, err := url.PathUnescape(rest[0])
		if err != nil || strings.TrimSpace(v) == "" {
			return fail("scope_id is empty or badly escaped")
		}
		a.ScopeID = v
		rest = rest[1:]
	}
	if len(rest) == 1 {
		a.Params = map[string]string{}
		for _, pair := range strings.Split(rest[0], ",") {
			k, v, ok := strings.Cut(pair, "=")
			dk, errK := url.PathUnescape(k)
			dv, errV := url.PathUnescape(v)
			if !ok || errK != nil || errV != nil || strings.TrimSpace(dk) == "" || strings.TrimSpace(dv) == "" {
				return fail(fmt.Sprintf("policy parameter %q is not <key>=<value>", pair))
			}
			if _, dup := a.Params[dk]; dup {
				return fail(fmt.Sprintf("policy parameter %q is given twice", dk))
			}
			a.Params[dk] = dv
		}
	}
	return a, nil
}

// roleToManage is the assignment as the PUT principal_roles body wants it.
// Removing sends scope_id and policy_parameters too, so that only this
// assignment goes, not the same role held elsewhere.
func (a assignment) roleToManage() client.RoleToManage {
	r := client.RoleToManage{ID: a.RoleID}
	if a.ScopeID != "" {
		r.ScopeID = client.Ptr(a.ScopeID)
	}
	if len(a.Params) > 0 {
		r.PolicyParameters = client.PolicyParameters(maps.Clone(a.Params))
	}
	return r
}

// assignmentFromAPI converts one of a principal's roles.
func assignmentFromAPI(pt client.PrincipalType, pid string, r client.AssignedRole) assignment {
	a := assignment{PrincipalType: pt, PrincipalID: pid, RoleID: r.ID}
	if r.ScopeID != nil {
		a.ScopeID = *r.ScopeID
	}
	if len(r.PolicyParameters) > 0 {
		a.Params = maps.Clone(map[string]string(r.PolicyParameters))
	}
	return a
}

// findAssignment looks a among a principal's roles, matching role, scope and
// policy parameters exactly.
func findAssignment(a assignment, held []client.AssignedRole) bool {
	for _, r := range held {
		if assignmentFromAPI(a.PrincipalType, a.PrincipalID, r).key() == a.key() {
			return true
		}
	}
	return false
}

// importCommand is the command that adopts an existing assignment.
func (a assignment) importCommand(typeName string) string {
	return fmt.Sprintf("terraform import %s.<name> '%s'", typeName, a.id())
}

// ---------------------------------------------------------------------------
// Rules that depend on the role, checked at plan time.

// optString is a planned string: unknown, null ("" with Known) or a value.
type optString struct {
	Known bool
	Value string
}

// optParams is a planned policy_parameters map: unknown, or its keys (null
// and empty give no keys). Values may still be unknown; only keys matter here.
type optParams struct {
	Known bool
	Keys  []string
}

// assignmentProblem is one broken rule, naming the attribute it concerns.
type assignmentProblem struct {
	Attribute string // scope_id or policy_parameters
	Message   string
}

// checkAssignmentRules checks an assignment's scope and parameters against
// the role's scope_type and permission_type. Unknown values are not judged:
// Terraform plans again with the final values before applying.
func checkAssignmentRules(role *client.Role, scope optString, params optParams) []assignmentProblem {
	var out []assignmentProblem
	add := func(attribute, format string, args ...any) {
		out = append(out, assignmentProblem{attribute, fmt.Sprintf(format, args...)})
	}
	switch role.ScopeType {
	case client.ScopeTypeAccount:
		if scope.Known && scope.Value != "" {
			add("scope_id", "scope_id is not allowed: role %q is an account role (scope_type account) and applies to "+
				"the whole account; remove scope_id.", role.ID)
		}
	case client.ScopeTypeProdenv:
		if scope.Known && scope.Value == "" {
			add("scope_id", "scope_id is required: role %q is a product environment role (scope_type prodenv); set "+
				"scope_id to a product environment id or \"all\".", role.ID)
		}
	}
	allowed := role.PolicyParameters
	switch role.PermissionType {
	case client.PermissionTypeContent:
		if role.ScopeType == client.ScopeTypeProdenv && scope.Known && scope.Value == client.ScopeIDAll {
			add("scope_id", "scope_id cannot be \"all\" for content role %q: folders and collections belong to one "+
				"product environment; set scope_id to that environment's id.", role.ID)
		}
		if !params.Known {
			break
		}
		if len(params.Keys) == 0 {
			add("policy_parameters", "policy_parameters is required: role %q is a content role; set %s.",
				role.ID, paramsExample(allowed))
			break
		}
		if len(allowed) == 0 {
			break // the role did not say which keys it takes: let the API judge
		}
		for _, k := range params.Keys {
			if !slices.Contains(allowed, k) {
				add("policy_parameters", "policy_parameters key %q is not allowed for role %q: allowed keys are %s.",
					k, role.ID, strings.Join(allowed, ", "))
			}
		}
		for _, k := range allowed {
			if !slices.Contains(params.Keys, k) {
				add("policy_parameters", "policy_parameters must set %q: role %q needs a value for each of %s.",
					k, role.ID, strings.Join(allowed, ", "))
			}
		}
	default:
		if params.Known && len(params.Keys) > 0 {
			add("policy_parameters", "policy_parameters is not allowed: role %q is a global role (permission_type "+
				"global) and applies to everything in its scope; remove policy_parameters.", role.ID)
		}
	}
	return out
}

// paramsExample shows the policy_parameters a content role wants.
func paramsExample(keys []string) string {
	if len(keys) == 0 {
		return "policy_parameters to the folder or collection it applies to, e.g. { folder_id = \"...\" }"
	}
	pairs := make([]string, 0, len(keys))
	for _, k := range keys {
		pairs = append(pairs, k+" = \"...\"")
	}
	return "policy_parameters = { " + strings.Join(pairs, ", ") + " }"
}

// scopeOf and paramsOf read planned values for checkAssignmentRules.
func scopeOf(v types.String) optString {
	if v.IsUnknown() {
		return optString{}
	}
	return optString{Known: true, Value: v.ValueString()}
}

func paramsOf(v types.Map) optParams {
	if v.IsUnknown() {
		return optParams{}
	}
	keys := slices.Sorted(maps.Keys(v.Elements()))
	return optParams{Known: true, Keys: keys}
}

// roleRules reads roles for plan-time checks, once per role id per call. A
// custom role that does not exist yet gets a warning rather than an error: it
// may be created in the same apply under an id known at plan time, and the
// API then judges the assignment. A system role id or a role's name that no
// role has is an error (refChecker.missingRole).
type roleRules struct {
	data  *providerData
	cache map[string]*client.Role
}

func newRoleRules(d *providerData) *roleRules {
	return &roleRules{data: d, cache: map[string]*client.Role{}}
}

// role returns the role, or nil (with a diagnostic when it could not be read).
func (rr *roleRules) role(ctx context.Context, id string, at path.Path, diags *diag.Diagnostics) *client.Role {
	if r, ok := rr.cache[id]; ok {
		return r
	}
	role, err := rr.data.reads.Role(ctx, id)
	switch {
	case err == nil:
	case client.IsNotFound(err):
		// An error for a system role id or a role's name, else a warning.
		diags.Append(newRefChecker(rr.data).missingRole(ctx, at, "role_id", id)...)
		role = nil
	default:
		addAPIError(diags, "read", fmt.Sprintf("role %q to check the assignment", id), err)
		role = nil
	}
	rr.cache[id] = role
	return role
}

// sortAssignments orders assignments by key, for stable state.
func sortAssignments(as []assignment) {
	sort.Slice(as, func(i, j int) bool { return as[i].key() < as[j].key() })
}
