package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/readcache"
)

// Plan-time checks of references.
//
// Many attributes name another object by its id: product_environment_ids of
// cloudinary_user, user_ids and group_id of the membership resources,
// principal_id, role_id and scope_id of the role assignment resources,
// product_environment_id of cloudinary_access_key, scope_id of
// cloudinary_custom_policy. A value written by hand is easily the wrong key
// of the right object (a cloud_name, an email, a name) or the id of an
// object of another kind. The API answers such a value with a bare 404 at
// apply time, after the other resources of the configuration were created.
// So ModifyPlan checks every such value that is known at plan time and new
// (on create, or changed since the state), and fails the plan with what the
// value is and, when a natural key matches, the id it should have been.
//
// The rules:
//   - A value unknown at plan time refers to an object created in the same
//     apply, and is not judged. The ids of environments, users, groups and
//     keys are made by the API, so a known value that no object has can
//     never name an object created later in the same apply. (Custom role
//     ids can be chosen, so role_id is judged only when it is a system role
//     id or a role's name; see missingRole.) During the apply, once the
//     process has created objects of a kind, a value of that kind is no
//     longer judged (refChecker.writtenHere).
//   - Only values that are new or changed are checked, so an unchanged plan
//     costs no request (the unchanged-plan shortcut, internal/planshortcut,
//     relies on it).
//   - Existence is answered by the read cache (internal/readcache): one list
//     per kind serves every check of the plan, and the same lists serve the
//     refresh.
//     A value the lists lack is read directly before it is called wrong,
//     like any read (the lists may predate the object). Only a wrong value
//     costs more: finding out what it is instead.
//   - Nothing is checked while the provider is unconfigured (its
//     credentials unknown at plan time): Terraform plans again during
//     apply, configured, and the checks run then, before anything is sent.

// refKind is a kind of object that attributes refer to by id.
type refKind int

const (
	refEnvironment refKind = iota
	refUser
	refGroup
	refAccessKey
)

// refKindInfo is how messages name a kind of object and how configurations
// should refer to one.
type refKindInfo struct {
	noun       string // "product environment"
	summary    string // the diagnostic's summary
	idName     string // what the reference holds: "id", or "api_key"
	resource   string // the resource type that manages the kind
	idAttr     string // its attribute holding the referenced value
	dataSource string // the data source that looks one up
}

var refKinds = map[refKind]refKindInfo{
	refEnvironment: {noun: "product environment", summary: "Unknown product environment", idName: "id",
		resource: "cloudinary_product_environment", idAttr: "id", dataSource: "cloudinary_product_environment"},
	refUser: {noun: "user", summary: "Unknown user", idName: "id",
		resource: "cloudinary_user", idAttr: "id", dataSource: "cloudinary_user"},
	refGroup: {noun: "user group", summary: "Unknown user group", idName: "id",
		resource: "cloudinary_user_group", idAttr: "id", dataSource: "cloudinary_user_group"},
	refAccessKey: {noun: "access key", summary: "Unknown access key", idName: "api_key",
		resource: "cloudinary_access_key", idAttr: "api_key", dataSource: "cloudinary_access_keys"},
}

// refChecker checks the references of one ModifyPlan call. It is nil when
// the provider is not configured, and a nil checker checks nothing.
type refChecker struct{ d *providerData }

func newRefChecker(d *providerData) *refChecker {
	if d == nil || d.client == nil {
		return nil
	}
	return &refChecker{d: d}
}

// environment checks a product environment id.
func (rc *refChecker) environment(ctx context.Context, at path.Path, label string, v types.String) diag.Diagnostics {
	return rc.check(ctx, refEnvironment, at, label, v, false)
}

// scope checks a scope_id: a product environment id, or "all".
func (rc *refChecker) scope(ctx context.Context, at path.Path, label string, v types.String) diag.Diagnostics {
	if v.ValueString() == client.ScopeIDAll {
		return nil
	}
	return rc.environment(ctx, at, label, v)
}

// user checks a user id.
func (rc *refChecker) user(ctx context.Context, at path.Path, label string, v types.String) diag.Diagnostics {
	return rc.check(ctx, refUser, at, label, v, false)
}

// group checks a user group id.
func (rc *refChecker) group(ctx context.Context, at path.Path, label string, v types.String) diag.Diagnostics {
	return rc.check(ctx, refGroup, at, label, v, false)
}

// principal checks a principal id against its principal_type. Account API
// keys (provisioningKey) cannot be listed, so they are left to the API.
func (rc *refChecker) principal(ctx context.Context, at path.Path, label string, principalType, v types.String) diag.Diagnostics {
	if principalType.IsNull() || principalType.IsUnknown() {
		return nil
	}
	kind, ok := map[client.PrincipalType]refKind{
		client.PrincipalTypeUser:   refUser,
		client.PrincipalTypeGroup:  refGroup,
		client.PrincipalTypeAPIKey: refAccessKey,
	}[client.PrincipalType(principalType.ValueString())]
	if !ok {
		return nil
	}
	return rc.check(ctx, kind, at, label, v, true)
}

// check reports a known value that is not the id of an object of the kind.
func (rc *refChecker) check(ctx context.Context, kind refKind, at path.Path, label string, v types.String, principal bool) diag.Diagnostics {
	if rc == nil || v.IsNull() || v.IsUnknown() || v.ValueString() == "" {
		return nil
	}
	if rc.writtenHere(kind) {
		// The value may name an object this apply just created; it is not
		// judged, so it is not read either: during an apply every such
		// read would be a direct one (the kind was written), one per
		// reference.
		return nil
	}
	info, value := refKinds[kind], v.ValueString()
	var diags diag.Diagnostics
	found, err := rc.exists(ctx, kind, value)
	if err != nil {
		addAPIError(&diags, "read", fmt.Sprintf("the %s %q named by %s", info.noun, value, label), err)
		return diags
	}
	if !found {
		diags.AddAttributeError(at, info.summary, rc.explain(ctx, kind, label, value, principal))
	}
	return diags
}

// refReadKinds maps a kind of reference to its collection in the read layer.
var refReadKinds = map[refKind]readcache.Kind{
	refEnvironment: readcache.ProductEnvironments, refUser: readcache.Users, refGroup: readcache.UserGroups, refAccessKey: readcache.AccessKeys,
}

// writtenHere reports whether this provider process has written objects of
// the kind: it is applying, and the value may be the id of an object it just
// created, which the API is not promised to show yet (it is not
// read-your-writes). Such a value is not judged. Nothing is lost: the plan,
// made before any write, judged every value known then, and values known
// only now are ids that the API itself handed out.
func (rc *refChecker) writtenHere(kind refKind) bool {
	return rc.d.reads.WrittenHere(refReadKinds[kind])
}

// noSuchObject reports whether a read's error means that nothing has the
// id: a 404, or a 400 for an id the API cannot even parse.
func noSuchObject(err error) bool {
	var apiErr *client.APIError
	return client.IsNotFound(err) || errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusBadRequest
}

// exists reports whether an object of the kind has the id.
func (rc *refChecker) exists(ctx context.Context, kind refKind, id string) (bool, error) {
	var err error
	switch kind {
	case refEnvironment:
		_, err = rc.d.reads.ProductEnvironment(ctx, id)
	case refUser:
		_, err = rc.d.reads.UserWithoutEnvironments(ctx, id)
	case refGroup:
		_, err = rc.d.reads.UserGroup(ctx, id)
	case refAccessKey:
		var envID string
		envID, err = rc.d.reads.AccessKeyEnvironment(ctx, id)
		if err == nil && envID == "" {
			return false, nil
		}
	}
	if err == nil {
		return true, nil
	}
	if noSuchObject(err) {
		return false, nil
	}
	return false, err
}

// ---------------------------------------------------------------------------
// What a wrong value is.

// refFinding is what a wrong value turned out to be.
type refFinding struct {
	what string // one or more sentences
	// id is the id of the wanted kind that the value's natural key maps
	// to; "" when none does.
	id string
	// lookup is the data source argument that finds that object, such as
	// `cloud_name = "team-alpha"`.
	lookup string
	// principalType is set when the value is the id of another kind of
	// principal: the principal_type that would make it right.
	principalType client.PrincipalType
}

// explain words the error for a value that no object of the kind has.
func (rc *refChecker) explain(ctx context.Context, kind refKind, label, value string, principal bool) string {
	info := refKinds[kind]
	f := rc.identify(ctx, kind, value, principal)
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %q is not the %s of any %s.", label, value, info.idName, info.noun)
	if f.what != "" {
		b.WriteString(" " + f.what)
	}
	if principal && f.principalType != "" {
		fmt.Fprintf(&b, " If that object is the principal meant, set principal_type = %q.", f.principalType)
	}
	fmt.Fprintf(&b, " Refer to a %s by its %s: use `%s.<x>.%s` or the `%s` data source", info.noun, info.idName,
		info.resource, info.idAttr, info.dataSource)
	if f.lookup != "" {
		fmt.Fprintf(&b, " (%s)", f.lookup)
	}
	if f.id != "" {
		fmt.Fprintf(&b, ", or the %s %q itself", info.idName, f.id)
	}
	b.WriteString(".")
	return b.String()
}

// Shapes of values, for the last resort of identify.
var (
	// hexIDShape is the shape of environment, user and group ids.
	hexIDShape = regexp.MustCompile(`^[0-9a-f]{20,}$`)
	// apiKeyShape is the shape of an access key's api_key.
	apiKeyShape = regexp.MustCompile(`^[0-9]{6,}$`)
)

// identify finds what a value that no object of the kind has is: the
// natural key of an object of the kind, or the id or key of an object of
// another kind; failing that, what it looks like. It reads only on this
// path: a plan whose references are right never gets here.
func (rc *refChecker) identify(ctx context.Context, kind refKind, value string, principal bool) refFinding {
	probes := map[refKind][]func(context.Context, refKind, string) *refFinding{
		refEnvironment: {rc.probeEnvironments, rc.probeEmail, rc.probeGroups, rc.probeUserID},
		refUser:        {rc.probeEmail, rc.probeUserName, rc.probeGroups, rc.probeEnvironments, rc.probeAccessKey},
		refGroup:       {rc.probeGroups, rc.probeEmail, rc.probeUserID, rc.probeEnvironments, rc.probeAccessKey},
		refAccessKey:   {rc.probeEmail, rc.probeGroups, rc.probeUserID, rc.probeEnvironments},
	}[kind]
	for _, probe := range probes {
		if f := probe(ctx, kind, value); f != nil {
			if !principal {
				f.principalType = ""
			}
			return *f
		}
	}
	return refFinding{what: lookalike(kind, value)}
}

// lookalike says what a value that matched nothing looks like.
func lookalike(kind refKind, value string) string {
	noun := refKinds[kind].noun
	switch {
	case kind == refAccessKey && apiKeyShape.MatchString(value):
		return "It looks like an api_key, but no product environment has an access key with it: was the key deleted, " +
			"or does it belong to another account?"
	case hexIDShape.MatchString(value):
		return fmt.Sprintf("It looks like an id, but no %s has it: was the %s deleted, or does the id belong to "+
			"another account?", noun, noun)
	case kind == refEnvironment && cloudNamePattern.MatchString(value):
		return "It looks like a cloud_name, but no product environment has it as cloud_name or name either."
	case strings.ContainsAny(value, " \t") || strings.ToLower(value) != value:
		return fmt.Sprintf("It looks like a name, but no %s has that name either.", noun)
	}
	return ""
}

// probeEnvironments: the value is an environment's cloud_name or name, or
// (for other kinds) its id.
func (rc *refChecker) probeEnvironments(ctx context.Context, want refKind, value string) *refFinding {
	envs, err := rc.d.reads.ProductEnvironments(ctx)
	if err != nil {
		return nil
	}
	ids := slices.Sorted(maps.Keys(envs))
	label := func(e client.ProductEnvironment) string {
		return fmt.Sprintf("product environment %q (cloud_name %q)", e.Name, e.CloudName)
	}
	if e, ok := envs[value]; ok && want != refEnvironment {
		return &refFinding{what: fmt.Sprintf("It is the id of %s, not of a %s.", label(e), refKinds[want].noun)}
	}
	for _, id := range ids {
		if e := envs[id]; e.CloudName == value {
			if want != refEnvironment {
				return &refFinding{what: fmt.Sprintf("It is the cloud_name of %s, not a %s.", label(e), refKinds[want].noun)}
			}
			return &refFinding{what: fmt.Sprintf("It is a cloud_name: product environment %q has cloud_name %q and id %q.",
				e.Name, e.CloudName, e.ID), id: e.ID, lookup: fmt.Sprintf("cloud_name = %q", e.CloudName)}
		}
	}
	var named []client.ProductEnvironment
	for _, id := range ids {
		if envs[id].Name == value {
			named = append(named, envs[id])
		}
	}
	switch {
	case len(named) == 0:
		return nil
	case want != refEnvironment:
		return &refFinding{what: fmt.Sprintf("It is the name of %s, not a %s.", label(named[0]), refKinds[want].noun)}
	case len(named) == 1:
		return &refFinding{what: fmt.Sprintf("It is a name: product environment %q has cloud_name %q and id %q.",
			value, named[0].CloudName, named[0].ID), id: named[0].ID, lookup: fmt.Sprintf("cloud_name = %q", named[0].CloudName)}
	}
	var parts []string
	for _, e := range named {
		parts = append(parts, fmt.Sprintf("%q (cloud_name %q)", e.ID, e.CloudName))
	}
	return &refFinding{what: fmt.Sprintf("It is a name, of %d product environments: ids %s.", len(named), strings.Join(parts, ", "))}
}

// probeGroups: the value is a group's name, or (for other kinds) its id.
func (rc *refChecker) probeGroups(ctx context.Context, want refKind, value string) *refFinding {
	groups, err := rc.d.reads.UserGroups(ctx)
	if err != nil {
		return nil
	}
	if g, ok := groups[value]; ok && want != refGroup {
		return &refFinding{what: fmt.Sprintf("It is the id of user group %q, not of a %s.", g.Name, refKinds[want].noun),
			principalType: client.PrincipalTypeGroup}
	}
	var all []client.UserGroup
	for _, id := range slices.Sorted(maps.Keys(groups)) {
		all = append(all, groups[id])
	}
	named := userGroupsNamed(all, value, false)
	if len(named) == 0 {
		named = userGroupsNamed(all, value, true)
	}
	if len(named) == 0 {
		return nil
	}
	g := named[0]
	if want != refGroup {
		return &refFinding{what: fmt.Sprintf("It is the name of user group %q (id %q), not a %s.", g.Name, g.ID, refKinds[want].noun),
			principalType: client.PrincipalTypeGroup}
	}
	return &refFinding{what: fmt.Sprintf("It is a name: user group %q has id %q.", g.Name, g.ID), id: g.ID,
		lookup: fmt.Sprintf("name = %q", g.Name)}
}

// probeEmail: the value is an email, a user's or nobody's.
func (rc *refChecker) probeEmail(ctx context.Context, want refKind, value string) *refFinding {
	if !strings.Contains(value, "@") {
		return nil
	}
	u, err := rc.d.reads.UserWithEmail(ctx, value)
	switch {
	case err != nil || u == nil:
		if want == refUser {
			return &refFinding{what: "It is an email, and no user of the account has it."}
		}
		return &refFinding{what: fmt.Sprintf("It is an email, not a %s %s.", refKinds[want].noun, refKinds[want].idName)}
	case want == refUser:
		return &refFinding{what: fmt.Sprintf("It is an email: user %q has email %q and id %q.", u.Name, u.Email, u.ID),
			id: u.ID, lookup: fmt.Sprintf("email = %q", u.Email)}
	}
	return &refFinding{what: fmt.Sprintf("It is the email of user %q (id %q), not a %s %s.", u.Name, u.ID,
		refKinds[want].noun, refKinds[want].idName), principalType: client.PrincipalTypeUser}
}

// probeUserName: the value is a user's name (users checked through the
// users list, which the check itself loaded).
func (rc *refChecker) probeUserName(ctx context.Context, _ refKind, value string) *refFinding {
	matrix, ok, err := rc.d.reads.UserEnvironments(ctx)
	if err != nil || !ok {
		return nil
	}
	for _, id := range slices.Sorted(maps.Keys(matrix.Users)) {
		if u := matrix.Users[id]; u.Name != "" && u.Name == value {
			return &refFinding{what: fmt.Sprintf("It is a name: user %q has email %q and id %q.", u.Name, u.Email, u.ID),
				id: u.ID, lookup: fmt.Sprintf("email = %q", u.Email)}
		}
	}
	return nil
}

// probeUserID: the value is a user's id, where another kind was wanted.
func (rc *refChecker) probeUserID(ctx context.Context, want refKind, value string) *refFinding {
	if strings.ContainsAny(value, "@ /") {
		return nil
	}
	u, err := rc.d.reads.UserWithoutEnvironments(ctx, value)
	if err != nil {
		return nil
	}
	return &refFinding{what: fmt.Sprintf("It is the id of user %q (%s), not of a %s.", u.Name, u.Email, refKinds[want].noun),
		principalType: client.PrincipalTypeUser}
}

// probeAccessKey: the value is an access key's api_key, where a user or
// group was wanted. Only values shaped like one are looked up: it takes a
// key list per environment.
func (rc *refChecker) probeAccessKey(ctx context.Context, want refKind, value string) *refFinding {
	if !apiKeyShape.MatchString(value) {
		return nil
	}
	envID, err := rc.d.reads.AccessKeyEnvironment(ctx, value)
	if err != nil || envID == "" {
		return nil
	}
	return &refFinding{what: fmt.Sprintf("It is the api_key of an access key of product environment %q, not a %s id.",
		envID, refKinds[want].noun), principalType: client.PrincipalTypeAPIKey}
}

// ---------------------------------------------------------------------------
// Roles.

// systemRolePrefix starts the id of every system role, and of no custom
// role (cloudinary_role refuses it).
const systemRolePrefix = "cld::"

// missingRole reports a role_id that no role has (the role read answered
// 404). A system role id (cld::...) or a role's name is an error: no apply
// can create a system role, and a name is never an id. Any other value gets
// a warning: a custom role with a chosen id may be created in the same
// apply, and the API judges the assignment then.
func (rc *refChecker) missingRole(ctx context.Context, at path.Path, label, id string) diag.Diagnostics {
	var diags diag.Diagnostics
	if strings.HasPrefix(id, systemRolePrefix) {
		detail := fmt.Sprintf("%s: %q is not a system role. Role ids that start with %q are Cloudinary's system "+
			"roles, which every account has and which cannot be created in this or any apply.", label, id, systemRolePrefix)
		ids := rc.systemRoleIDs(ctx)
		if slices.Contains(ids, id) {
			detail += " It is in Cloudinary's public catalog, but this account does not offer it."
		} else if near, ok := closestOf(id, ids); ok {
			detail += fmt.Sprintf(" Did you mean %q?", near)
		}
		detail += " The cloudinary_permissions_catalog data source lists the system roles."
		diags.AddAttributeError(at, "Unknown system role", detail)
		return diags
	}
	if named := rc.rolesNamed(ctx, id); len(named) > 0 {
		var parts []string
		for _, r := range named {
			parts = append(parts, fmt.Sprintf("%q (%s role, permission_type %s, scope_type %s)",
				r.ID, r.ManagementType, r.PermissionType, r.ScopeType))
		}
		detail := fmt.Sprintf("%s: %q is not a role id: it is the name of the role with id %s.", label, id, strings.Join(parts, ", "))
		if len(named) > 1 {
			detail = fmt.Sprintf("%s: %q is not a role id: it is the name of %d roles, with ids %s.", label, id, len(named),
				strings.Join(parts, ", "))
		}
		detail += fmt.Sprintf(" Set %s to the id, or use `cloudinary_role.<x>.id` or the `cloudinary_role` data source "+
			"(name = %q).", label, id)
		diags.AddAttributeError(at, "Role named instead of its id", detail)
		return diags
	}
	diags.AddAttributeWarning(at, "Role not found",
		fmt.Sprintf("Role %q does not exist (yet), so its scope and policy_parameters rules cannot be checked "+
			"at plan time. If the role is created in this same apply this is expected; otherwise check %s.", id, label))
	return diags
}

// systemRoleIDs lists the system role ids, sorted: from Cloudinary's public
// catalog (one request per process), else from the role lists.
func (rc *refChecker) systemRoleIDs(ctx context.Context) []string {
	var ids []string
	if cat, err := rc.d.readPermissionsCatalog(ctx); err == nil {
		for _, r := range cat.Roles {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		for _, r := range rc.roleList(ctx, client.ManagementTypeSystem) {
			ids = append(ids, r.ID)
		}
	}
	sort.Strings(ids)
	return slices.Compact(ids)
}

// rolesNamed lists the roles, custom and system, named name: exactly, or
// else ignoring letter case.
func (rc *refChecker) rolesNamed(ctx context.Context, name string) []client.Role {
	all := rc.roleList(ctx, "")
	for _, fold := range []bool{false, true} {
		var out []client.Role
		for _, r := range all {
			if r.Name == name || fold && strings.EqualFold(r.Name, name) {
				out = append(out, r)
			}
		}
		if len(out) > 0 {
			sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
			return out
		}
	}
	return nil
}

// roleList lists the roles of both permission types, of one management type
// ("" for both). Failures leave roles out: this only words a message.
func (rc *refChecker) roleList(ctx context.Context, mt client.ManagementType) []client.Role {
	var out []client.Role
	for _, pt := range []client.PermissionType{client.PermissionTypeGlobal, client.PermissionTypeContent} {
		opts := client.GetRolesOptions{PermissionType: pt}
		if mt != "" {
			opts.ManagementType = &mt
		}
		roles, err := rc.d.client.GetRoles(ctx, opts)
		if err != nil {
			continue
		}
		out = append(out, roles...)
	}
	return out
}

// closestOf returns the candidate nearest to id by edit distance, when it is
// near enough to be a typo: at most a quarter of the id's length (at least
// 2) edits away. Ties go to the first candidate in sorted order.
func closestOf(id string, candidates []string) (string, bool) {
	limit := max(len(id)/4, 2)
	best, bestDist := "", limit+1
	sorted := slices.Sorted(slices.Values(candidates))
	for _, cand := range sorted {
		if d := levenshtein(strings.ToLower(id), strings.ToLower(cand)); d < bestDist {
			best, bestDist = cand, d
		}
	}
	return best, best != ""
}

// ---------------------------------------------------------------------------
// The references of each resource type. Each checks only what is new or
// changed since the state, so that an unchanged plan costs nothing.

// priorString reads a string attribute of the prior state (null on create).
func priorString(ctx context.Context, state tfsdk.State, name string, diags *diag.Diagnostics) types.String {
	var v types.String
	if !state.Raw.IsNull() {
		diags.Append(state.GetAttribute(ctx, path.Root(name), &v)...)
	}
	return v
}

// plannedString reads a string attribute of the plan, and whether it
// differs from the prior state (always, on create).
func plannedString(ctx context.Context, req resource.ModifyPlanRequest, name string, diags *diag.Diagnostics) (types.String, bool) {
	var v types.String
	diags.Append(req.Plan.GetAttribute(ctx, path.Root(name), &v)...)
	return v, !v.Equal(priorString(ctx, req.State, name, diags))
}

// newSetStrings returns the known elements of a planned set of strings that
// the prior state's set lacks.
func newSetStrings(ctx context.Context, req resource.ModifyPlanRequest, name string, diags *diag.Diagnostics) []string {
	var planned, prior types.Set
	diags.Append(req.Plan.GetAttribute(ctx, path.Root(name), &planned)...)
	if !req.State.Raw.IsNull() {
		diags.Append(req.State.GetAttribute(ctx, path.Root(name), &prior)...)
	}
	values, _ := knownSetStrings(planned)
	had := map[string]bool{}
	if !prior.IsNull() && !prior.IsUnknown() {
		old, _ := knownSetStrings(prior)
		for _, v := range old {
			had[v] = true
		}
	}
	var out []string
	for _, v := range values {
		if !had[v] {
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}

// roleAssignmentReferences checks principal_id and scope_id of a
// cloudinary_role_assignment plan (role_id is checked with the role rules).
func roleAssignmentReferences(ctx context.Context, d *providerData, req resource.ModifyPlanRequest) diag.Diagnostics {
	rc := newRefChecker(d)
	if rc == nil || req.Plan.Raw.IsNull() {
		return nil
	}
	var diags diag.Diagnostics
	pt, ptChanged := plannedString(ctx, req, "principal_type", &diags)
	pid, pidChanged := plannedString(ctx, req, "principal_id", &diags)
	scope, scopeChanged := plannedString(ctx, req, "scope_id", &diags)
	if diags.HasError() {
		return diags
	}
	if ptChanged || pidChanged {
		diags.Append(rc.principal(ctx, path.Root("principal_id"), "principal_id", pt, pid)...)
	}
	if scopeChanged {
		diags.Append(rc.scope(ctx, path.Root("scope_id"), "scope_id", scope)...)
	}
	return diags
}

// principalRolesReferences checks principal_id of a
// cloudinary_principal_roles plan, and the scope_id of each roles entry
// that the state lacks (role_id is checked with the role rules).
func principalRolesReferences(ctx context.Context, d *providerData, req resource.ModifyPlanRequest) diag.Diagnostics {
	rc := newRefChecker(d)
	if rc == nil || req.Plan.Raw.IsNull() {
		return nil
	}
	var diags diag.Diagnostics
	pt, ptChanged := plannedString(ctx, req, "principal_type", &diags)
	pid, pidChanged := plannedString(ctx, req, "principal_id", &diags)
	var planned, prior types.Set
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("roles"), &planned)...)
	if !req.State.Raw.IsNull() {
		diags.Append(req.State.GetAttribute(ctx, path.Root("roles"), &prior)...)
	}
	if diags.HasError() {
		return diags
	}
	if ptChanged || pidChanged {
		diags.Append(rc.principal(ctx, path.Root("principal_id"), "principal_id", pt, pid)...)
	}
	if planned.IsNull() || planned.IsUnknown() {
		return diags
	}
	had := map[string]bool{}
	if !prior.IsNull() && !prior.IsUnknown() {
		for _, v := range prior.Elements() {
			had[v.String()] = true
		}
	}
	checked := map[string]bool{}
	for _, v := range planned.Elements() {
		obj, ok := v.(types.Object)
		if !ok || had[v.String()] || obj.IsUnknown() || obj.IsNull() {
			continue
		}
		var e principalRoleEntryModel
		if errs := obj.As(ctx, &e, basetypes.ObjectAsOptions{}); errs.HasError() {
			continue
		}
		if e.ScopeID.IsUnknown() || e.ScopeID.IsNull() || checked[e.ScopeID.ValueString()] {
			continue
		}
		checked[e.ScopeID.ValueString()] = true
		at := path.Root("roles").AtSetValue(v).AtName("scope_id")
		diags.Append(rc.scope(ctx, at, "roles entry "+entryLabel(e)+": scope_id", e.ScopeID)...)
	}
	return diags
}

// userReferences checks the product_environment_ids of a cloudinary_user
// plan that the state lacks.
func userReferences(ctx context.Context, d *providerData, req resource.ModifyPlanRequest) diag.Diagnostics {
	rc := newRefChecker(d)
	if rc == nil || req.Plan.Raw.IsNull() {
		return nil
	}
	var diags diag.Diagnostics
	for _, id := range newSetStrings(ctx, req, "product_environment_ids", &diags) {
		at := path.Root("product_environment_ids").AtSetValue(types.StringValue(id))
		diags.Append(rc.environment(ctx, at, "product_environment_ids", types.StringValue(id))...)
	}
	return diags
}

// userGroupMembersReferences checks group_id of a
// cloudinary_user_group_members plan and the user_ids the state lacks.
func userGroupMembersReferences(ctx context.Context, d *providerData, req resource.ModifyPlanRequest) diag.Diagnostics {
	rc := newRefChecker(d)
	if rc == nil || req.Plan.Raw.IsNull() {
		return nil
	}
	var diags diag.Diagnostics
	if gid, changed := plannedString(ctx, req, "group_id", &diags); changed {
		diags.Append(rc.group(ctx, path.Root("group_id"), "group_id", gid)...)
	}
	for _, id := range newSetStrings(ctx, req, "user_ids", &diags) {
		at := path.Root("user_ids").AtSetValue(types.StringValue(id))
		diags.Append(rc.user(ctx, at, "user_ids", types.StringValue(id))...)
	}
	return diags
}

// customPolicyReferences checks scope_id of a cloudinary_custom_policy plan.
func customPolicyReferences(ctx context.Context, d *providerData, req resource.ModifyPlanRequest) diag.Diagnostics {
	rc := newRefChecker(d)
	if rc == nil || req.Plan.Raw.IsNull() {
		return nil
	}
	var diags diag.Diagnostics
	scopeType, _ := plannedString(ctx, req, "scope_type", &diags)
	scope, changed := plannedString(ctx, req, "scope_id", &diags)
	if diags.HasError() || !changed || scopeType.ValueString() != string(client.ScopeTypeProdenv) {
		return diags
	}
	diags.Append(rc.scope(ctx, path.Root("scope_id"), "scope_id", scope)...)
	return diags
}

// ---------------------------------------------------------------------------
// ModifyPlan of the resource types whose only plan-time work is checking
// their references.

var (
	_ resource.ResourceWithModifyPlan = (*userGroupMembershipResource)(nil)
	_ resource.ResourceWithModifyPlan = (*accessKeyResource)(nil)
)

// ModifyPlanLeavesUnchangedPlansAlone lets the unchanged-plan shortcut answer
// for this type (internal/planshortcut): ModifyPlan checks only group_id and user_id
// when they change.
func (*userGroupMembershipResource) ModifyPlanLeavesUnchangedPlansAlone() {}

// ModifyPlan checks group_id and user_id when they are new or changed.
func (r *userGroupMembershipResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	rc := newRefChecker(r.data)
	if rc == nil || req.Plan.Raw.IsNull() {
		return
	}
	if gid, changed := plannedString(ctx, req, "group_id", &resp.Diagnostics); changed {
		resp.Diagnostics.Append(rc.group(ctx, path.Root("group_id"), "group_id", gid)...)
	}
	if uid, changed := plannedString(ctx, req, "user_id", &resp.Diagnostics); changed {
		resp.Diagnostics.Append(rc.user(ctx, path.Root("user_id"), "user_id", uid)...)
	}
}

// ModifyPlanLeavesUnchangedPlansAlone lets the unchanged-plan shortcut answer
// for this type (internal/planshortcut): ModifyPlan checks only product_environment_id
// when it changes.
func (*accessKeyResource) ModifyPlanLeavesUnchangedPlansAlone() {}

// ModifyPlan checks product_environment_id when it is new or changed.
func (r *accessKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	rc := newRefChecker(r.data)
	if rc == nil || req.Plan.Raw.IsNull() {
		return
	}
	if envID, changed := plannedString(ctx, req, "product_environment_id", &resp.Diagnostics); changed {
		resp.Diagnostics.Append(rc.environment(ctx, path.Root("product_environment_id"), "product_environment_id", envID)...)
	}
}

// referencesNote documents the checks in a resource's description; attrs
// names the checked attributes ("`group_id` and `user_id` are").
func referencesNote(attrs string) string {
	return "When known at plan time, " + attrs + " checked against the account: a value that is not the id of " +
		"an existing object of the right kind (such as a cloud_name, an email, a name, or the id of another kind of " +
		"object) fails the plan, saying what the value is and, when it is the name or key of an object, that " +
		"object's id. Values known only at apply (such as the ids of objects created in the same apply) are not " +
		"judged at plan time.\n\n"
}
