package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var (
	_ resource.ResourceWithImportState = (*principalRolesResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*principalRolesResource)(nil)
	_ resource.ResourceWithIdentity    = (*principalRolesResource)(nil)
)

// NewPrincipalRolesResource is the constructor of cloudinary_principal_roles.
func NewPrincipalRolesResource() resource.Resource {
	return &principalRolesResource{resourceBase: resourceBase{typeName: "principal_roles"}}
}

// principalRolesResource owns the complete set of roles of one principal: a
// role the principal holds that is not listed is removed.
type principalRolesResource struct {
	resourceBase
}

type principalRolesModel struct {
	ID              types.String   `tfsdk:"id"`
	PrincipalType   types.String   `tfsdk:"principal_type"`
	PrincipalID     types.String   `tfsdk:"principal_id"`
	Roles           types.Set      `tfsdk:"roles"`
	RemovedOnCreate types.List     `tfsdk:"removed_on_create"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

// principalRolesIdentity identifies the resource: by its principal.
type principalRolesIdentity struct {
	PrincipalType types.String `tfsdk:"principal_type"`
	PrincipalID   types.String `tfsdk:"principal_id"`
}

func (m principalRolesModel) identity() principalRolesIdentity {
	return principalRolesIdentity{PrincipalType: m.PrincipalType, PrincipalID: m.PrincipalID}
}

// principalRoleEntryModel is one element of roles.
type principalRoleEntryModel struct {
	RoleID           types.String `tfsdk:"role_id"`
	ScopeID          types.String `tfsdk:"scope_id"`
	PolicyParameters types.Map    `tfsdk:"policy_parameters"`
}

var principalRoleEntryAttrTypes = map[string]attr.Type{
	"role_id":           types.StringType,
	"scope_id":          types.StringType,
	"policy_parameters": types.MapType{ElemType: types.StringType},
}

// principalRoleEntryType is the type of one element of roles and of
// removed_on_create.
var principalRoleEntryType = types.ObjectType{AttrTypes: principalRoleEntryAttrTypes}

func (r *principalRolesResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The complete, **authoritative** set of roles of one principal (a user, user group, access " +
			"key or account API key), for teams that want Terraform to own everything a principal may do.\n\n" +
			"Terraform makes the principal hold exactly the listed roles: on create and on every apply, a role the " +
			"principal holds that is not listed (for example one granted in the Console) is removed, and shows in " +
			"the plan first: on update as a change to `roles`, on create as a warning and in `removed_on_create`. " +
			"Changes are applied as a difference: only the roles added or removed are sent. " +
			"Destroying the resource removes the listed roles. To grant single roles while leaving the others alone, " +
			"use `cloudinary_role_assignment` instead.\n\n" + mixAssignmentWarning + "\n\n" +
			referencesNote("`principal_id` (of a user, group or access key) and the `scope_id` of each entry of `roles` are") +
			"A `role_id` that starts with `cld::` but is no system role, or that is a role's name, fails the plan too.\n\n" +
			"Import it by `<principal_type>/<principal_id>`." +
			identityImportNote("cloudinary_principal_roles", "`principal_type` and `principal_id`",
				`{ principal_type = "group", principal_id = "<group_id>" }`),
		Blocks: map[string]schema.Block{timeoutsAttr: timeoutsBlock(ctx, crudTimeouts)},
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("`<principal_type>/<principal_id>`, which is also the import id."),
			"principal_type": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: principalTypeDescription + " Changing it manages another principal.",
				Validators:          []validator.String{stringvalidator.OneOf(principalTypeValues...)},
				PlanModifiers:       replace,
			},
			"principal_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: principalIDDescription + " Changing it manages another principal.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       replace,
			},
			"roles": schema.SetNestedAttribute{
				Required: true,
				MarkdownDescription: "Every role the principal holds; an empty set (`roles = []`) removes them all. " +
					"The same role may appear several times with different `scope_id` or `policy_parameters`.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"role_id": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "Id of the role: a system role (such as `cld::role::account::billing`) or a custom role.",
							Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
						},
						"scope_id": schema.StringAttribute{
							Optional:            true,
							MarkdownDescription: assignmentScopeIDDescription,
							Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
						},
						"policy_parameters": schema.MapAttribute{
							Optional:            true,
							ElementType:         types.StringType,
							MarkdownDescription: assignmentParamsDescription,
							Validators:          policyParametersValidators(),
						},
					},
				},
			},
			removedOnCreateAttr: removedOnCreateAttribute(
				removedOnCreateDescription("the principal", "roles", "roles",
					"When `principal_id` is known only at apply, it is an empty list for a group (a new group holds no "+
						"role) and unknown for other principals (Cloudinary may give a new user or key roles from the start)."),
				map[string]schema.Attribute{
					"role_id":  schema.StringAttribute{Computed: true, MarkdownDescription: "Id of the role."},
					"scope_id": schema.StringAttribute{Computed: true, MarkdownDescription: "Product environment the role applies in, or null."},
					"policy_parameters": schema.MapAttribute{Computed: true, ElementType: types.StringType,
						MarkdownDescription: "Content the role applies to (such as `folder_id`), or null."},
				}),
		},
	}
}

// IdentitySchema: the resource is identified by its principal.
func (r *principalRolesResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"principal_type": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "Kind of principal: user, group, apiKey or provisioningKey.",
			},
			"principal_id": identityschema.StringAttribute{RequiredForImport: true, Description: "Id of the principal."},
		},
	}
}

// ---------------------------------------------------------------------------
// Conversion.

// entries reads the roles set; unknown elements are skipped.
func (m principalRolesModel) entries(ctx context.Context, diags *diag.Diagnostics) []principalRoleEntryModel {
	if m.Roles.IsNull() || m.Roles.IsUnknown() {
		return nil
	}
	var out []principalRoleEntryModel
	diags.Append(m.Roles.ElementsAs(ctx, &out, false)...)
	return out
}

// assignments converts the roles set of a known plan or state.
func (m principalRolesModel) assignments(ctx context.Context, diags *diag.Diagnostics) []assignment {
	pt, pid := client.PrincipalType(m.PrincipalType.ValueString()), m.PrincipalID.ValueString()
	var out []assignment
	for _, e := range m.entries(ctx, diags) {
		out = append(out, assignment{PrincipalType: pt, PrincipalID: pid, RoleID: e.RoleID.ValueString(),
			ScopeID: e.ScopeID.ValueString(), Params: mapStrings(ctx, e.PolicyParameters, diags)})
	}
	return out
}

// principalRolesSet renders assignments as the roles attribute.
func principalRolesSet(as []assignment) types.Set {
	var sorted []assignment
	seen := map[string]bool{}
	for _, a := range as {
		if !seen[a.key()] {
			seen[a.key()] = true
			sorted = append(sorted, a)
		}
	}
	sortAssignments(sorted)
	return types.SetValueMust(principalRoleEntryType, principalRoleValues(sorted))
}

// principalRoleValues renders assignments as elements of roles.
func principalRoleValues(as []assignment) []attr.Value {
	elems := make([]attr.Value, 0, len(as))
	for _, a := range as {
		elems = append(elems, types.ObjectValueMust(principalRoleEntryAttrTypes, map[string]attr.Value{
			"role_id":           types.StringValue(a.RoleID),
			"scope_id":          stringOrNull(&a.ScopeID),
			"policy_parameters": paramsMap(a.Params),
		}))
	}
	return elems
}

// principalRolesRemovedList renders the roles a create removes (sorted, no
// duplicates, as diffAssignments returns them) as removed_on_create.
func principalRolesRemovedList(as []assignment) types.List {
	return types.ListValueMust(principalRoleEntryType, principalRoleValues(as))
}

// diffAssignments returns what to add and what to remove so that a principal
// holding current ends up holding exactly desired. Both come back sorted.
func diffAssignments(current, desired []assignment) (add, remove []assignment) {
	have := map[string]bool{}
	for _, a := range current {
		have[a.key()] = true
	}
	want := map[string]bool{}
	for _, a := range desired {
		if !want[a.key()] {
			want[a.key()] = true
			if !have[a.key()] {
				add = append(add, a)
			}
		}
	}
	seen := map[string]bool{}
	for _, a := range current {
		if !want[a.key()] && !seen[a.key()] {
			seen[a.key()] = true
			remove = append(remove, a)
		}
	}
	sortAssignments(add)
	sortAssignments(remove)
	return add, remove
}

// entryLabel names one element of roles in a diagnostic.
func entryLabel(e principalRoleEntryModel) string {
	s := fmt.Sprintf("role_id = %q", e.RoleID.ValueString())
	if !e.ScopeID.IsNull() && !e.ScopeID.IsUnknown() {
		s += fmt.Sprintf(", scope_id = %q", e.ScopeID.ValueString())
	}
	return "{ " + s + " }"
}

// ---------------------------------------------------------------------------
// CRUD.

// ModifyPlanLeavesUnchangedPlansAlone lets the unchanged-plan shortcut answer
// for this type (internal/planshortcut). ModifyPlan checks only roles not yet in state,
// and an unchanged plan has none; it reads the principal's roles only on
// create, checks references only when new (references.go), and touches
// removed_on_create of an existing resource only when the framework marked
// it unknown, which it does only for a changing plan.
func (*principalRolesResource) ModifyPlanLeavesUnchangedPlansAlone() {}

// ModifyPlan checks each role that is new in the plan against the role's
// types, reading each distinct role once; roles already in state were
// checked when they were added and cost nothing. On create it also plans
// removed_on_create, and warns about what the create removes
// (removal_warning.go).
func (r *principalRolesResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan principalRolesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.ID.IsUnknown() && !plan.PrincipalType.IsUnknown() && !plan.PrincipalID.IsUnknown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"),
			types.StringValue(joinID(plan.PrincipalType.ValueString(), plan.PrincipalID.ValueString())))...)
	}
	creating := req.State.Raw.IsNull()
	if !creating {
		planRemovedOnCreateOnUpdate(ctx, plan.RemovedOnCreate, &resp.Plan, principalRoleEntryType, &resp.Diagnostics)
	}
	r.checkNewRoles(ctx, req, plan, resp)
	resp.Diagnostics.Append(principalRolesReferences(ctx, r.data, req)...) // references.go
	if creating && !resp.Diagnostics.HasError() {
		r.planRemovedOnCreate(ctx, plan, resp)
	}
}

// checkNewRoles checks the roles of the plan that are not in state.
func (r *principalRolesResource) checkNewRoles(ctx context.Context, req resource.ModifyPlanRequest, plan principalRolesModel,
	resp *resource.ModifyPlanResponse) {
	if plan.Roles.IsUnknown() || r.data == nil || r.data.client == nil {
		return
	}
	inState := map[string]bool{}
	if !req.State.Raw.IsNull() {
		var state principalRolesModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if !state.Roles.IsNull() && !state.Roles.IsUnknown() {
			for _, v := range state.Roles.Elements() {
				inState[v.String()] = true
			}
		}
	}
	var planned []principalRoleEntryModel
	var values []attr.Value
	for _, v := range plan.Roles.Elements() {
		if inState[v.String()] || v.IsUnknown() {
			continue
		}
		var e principalRoleEntryModel
		obj, ok := v.(basetypes.ObjectValue)
		if !ok {
			continue
		}
		resp.Diagnostics.Append(obj.As(ctx, &e, basetypes.ObjectAsOptions{})...)
		planned = append(planned, e)
		values = append(values, v)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	rules := newRoleRules(r.data)
	for i, e := range planned {
		if e.RoleID.IsUnknown() || e.RoleID.IsNull() {
			continue
		}
		at := path.Root("roles").AtSetValue(values[i])
		role := rules.role(ctx, e.RoleID.ValueString(), at.AtName("role_id"), &resp.Diagnostics)
		if role == nil {
			continue
		}
		for _, p := range checkAssignmentRules(role, scopeOf(e.ScopeID), paramsOf(e.PolicyParameters)) {
			resp.Diagnostics.AddAttributeError(at.AtName(p.Attribute), "Invalid role in roles",
				fmt.Sprintf("roles entry %s: %s", entryLabel(e), p.Message))
		}
	}
}

// principalNoun names a principal in messages: `group "g-1"`.
func principalNoun(pt client.PrincipalType, pid string) string {
	noun := map[client.PrincipalType]string{"apiKey": "access key", "provisioningKey": "account API key"}[pt]
	if noun == "" {
		noun = string(pt)
	}
	return fmt.Sprintf("%s %q", noun, pid)
}

// assignmentLabel names one role of a principal in a diagnostic.
func assignmentLabel(a assignment) string {
	var extra []string
	if a.ScopeID != "" {
		extra = append(extra, fmt.Sprintf("scope_id %q", a.ScopeID))
	}
	if len(a.Params) > 0 {
		keys := slices.Sorted(maps.Keys(a.Params))
		pairs := make([]string, 0, len(keys))
		for _, k := range keys {
			pairs = append(pairs, fmt.Sprintf("%s = %q", k, a.Params[k]))
		}
		extra = append(extra, "policy_parameters { "+strings.Join(pairs, ", ")+" }")
	}
	if len(extra) == 0 {
		return a.RoleID
	}
	return a.RoleID + " (" + strings.Join(extra, ", ") + ")"
}

// assignmentLabels names several roles of a principal.
func assignmentLabels(as []assignment) []string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		out = append(out, assignmentLabel(a))
	}
	return out
}

// removalNotice words the warnings about the roles of principal pid.
func (r *principalRolesResource) removalNotice(pt client.PrincipalType, pid string) removalNotice {
	return removalNotice{typeName: "cloudinary_principal_roles", object: principalNoun(pt, pid), listAttr: "roles",
		noun: "role", exactly: "hold exactly the roles that `roles` lists", holds: "holds", whatOf: "the roles of",
		importID: joinID(string(pt), pid)}
}

// planRemovedOnCreate plans removed_on_create of a create: the roles the
// principal holds now that roles does not list, read through the read layer
// (one inspect walk serves every principal of the plan), with a warning
// when there are any. It stays unknown when they cannot be known now.
func (r *principalRolesResource) planRemovedOnCreate(ctx context.Context, plan principalRolesModel, resp *resource.ModifyPlanResponse) {
	if plan.PrincipalType.IsUnknown() {
		return
	}
	pt := client.PrincipalType(plan.PrincipalType.ValueString())
	if plan.PrincipalID.IsUnknown() {
		// The principal is created in the same apply. A new group holds no
		// role (groups have no role of their own, and cloudinary_user_group
		// never adopts an existing group); Terraform plans the create again
		// at apply time and stops if that turns out wrong. A new user or key
		// may come with roles (the API document does not say), so for them
		// the plan cannot tell.
		if pt == client.PrincipalTypeGroup {
			planRemovedOnCreateEmpty(ctx, &resp.Plan, principalRoleEntryType, &resp.Diagnostics)
		}
		return
	}
	if r.data == nil || r.data.client == nil {
		return
	}
	pid := plan.PrincipalID.ValueString()
	notice := r.removalNotice(pt, pid)
	held, err := r.data.reads.PrincipalRoles(ctx, pt, pid)
	if client.IsNotFound(err) {
		// No such principal: nothing to remove (the apply reports it).
		planRemovedOnCreateEmpty(ctx, &resp.Plan, principalRoleEntryType, &resp.Diagnostics)
		return
	}
	if err != nil {
		notice.warnUnreadable(&resp.Diagnostics, err)
		return
	}
	current := make([]assignment, 0, len(held))
	for _, h := range held {
		current = append(current, assignmentFromAPI(pt, pid, h))
	}
	desired, complete := plan.knownAssignments(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	_, remove := diffAssignments(current, desired)
	if !complete && len(remove) > 0 {
		// Values known only at apply may keep some of these.
		notice.warnPossibleRemovals(&resp.Diagnostics, assignmentLabels(remove))
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(removedOnCreateAttr), principalRolesRemovedList(remove))...)
	if len(remove) > 0 {
		notice.warnRemovals(&resp.Diagnostics, assignmentLabels(remove))
	}
}

// knownAssignments converts the entries of roles that are fully known;
// complete is false when roles or any entry holds an unknown value.
func (m principalRolesModel) knownAssignments(ctx context.Context, diags *diag.Diagnostics) (out []assignment, complete bool) {
	if m.Roles.IsUnknown() {
		return nil, false
	}
	pt, pid := client.PrincipalType(m.PrincipalType.ValueString()), m.PrincipalID.ValueString()
	complete = true
	for _, v := range m.Roles.Elements() {
		obj, ok := v.(basetypes.ObjectValue)
		if !ok || !fullyKnown(ctx, v) {
			complete = false
			continue
		}
		var e principalRoleEntryModel
		diags.Append(obj.As(ctx, &e, basetypes.ObjectAsOptions{})...)
		out = append(out, assignment{PrincipalType: pt, PrincipalID: pid, RoleID: e.RoleID.ValueString(),
			ScopeID: e.ScopeID.ValueString(), Params: mapStrings(ctx, e.PolicyParameters, diags)})
	}
	return out, complete
}

// removedAssignments reads removed_on_create back as assignments.
func (m principalRolesModel) removedAssignments(ctx context.Context, diags *diag.Diagnostics) []assignment {
	pt, pid := client.PrincipalType(m.PrincipalType.ValueString()), m.PrincipalID.ValueString()
	var entries []principalRoleEntryModel
	diags.Append(m.RemovedOnCreate.ElementsAs(ctx, &entries, false)...)
	out := make([]assignment, 0, len(entries))
	for _, e := range entries {
		out = append(out, assignment{PrincipalType: pt, PrincipalID: pid, RoleID: e.RoleID.ValueString(),
			ScopeID: e.ScopeID.ValueString(), Params: mapStrings(ctx, e.PolicyParameters, diags)})
	}
	return out
}

// removedOnCreateAfterApply is removed_on_create after a create removed
// removed: exactly the planned value when the plan knew it (Terraform
// requires that), with a warning about any role removed that the plan did
// not list; otherwise what was removed.
func (r *principalRolesResource) removedOnCreateAfterApply(ctx context.Context, plan principalRolesModel, removed []assignment,
	diags *diag.Diagnostics) types.List {
	pt, pid := client.PrincipalType(plan.PrincipalType.ValueString()), plan.PrincipalID.ValueString()
	notice := r.removalNotice(pt, pid)
	if plan.RemovedOnCreate.IsUnknown() || plan.RemovedOnCreate.IsNull() {
		if len(removed) > 0 {
			notice.warnRemovedAtApply(diags, assignmentLabels(removed), false)
		}
		return principalRolesRemovedList(removed)
	}
	planned := map[string]bool{}
	for _, a := range plan.removedAssignments(ctx, diags) {
		planned[a.key()] = true
	}
	var extra []assignment
	for _, a := range removed {
		if !planned[a.key()] {
			extra = append(extra, a)
		}
	}
	if len(extra) > 0 {
		notice.warnRemovedAtApply(diags, assignmentLabels(extra), true)
	}
	return plan.RemovedOnCreate
}

// apply makes the principal hold exactly desired: it reads what the
// principal holds now, then adds what is missing (one request) before
// removing what is not wanted (one request), so that a role moving to
// another scope is never absent in between. It returns what it removed.
func (r *principalRolesResource) apply(ctx context.Context, c *client.Client, pt client.PrincipalType, pid string,
	desired []assignment, diags *diag.Diagnostics) []assignment {
	held, err := r.data.reads.PrincipalRoles(ctx, pt, pid)
	if err != nil {
		addAPIError(diags, "read", fmt.Sprintf("the roles of %s %q", pt, pid), err)
		return nil
	}
	current := make([]assignment, 0, len(held))
	for _, h := range held {
		current = append(current, assignmentFromAPI(pt, pid, h))
	}
	add, remove := diffAssignments(current, desired)
	for _, step := range []struct {
		op   client.Operation
		list []assignment
		verb string
	}{{client.OperationAdd, add, "add"}, {client.OperationRemove, remove, "remove"}} {
		if len(step.list) == 0 {
			continue
		}
		roles := make([]client.RoleToManage, 0, len(step.list))
		names := make([]string, 0, len(step.list))
		for _, a := range step.list {
			roles = append(roles, a.roleToManage())
			names = append(names, a.id())
		}
		err := c.UpdatePrincipalRoles(ctx, client.UpdatePrincipalRolesRequest{
			Operation: step.op, Principal: client.Principal{Type: pt, ID: pid}, Roles: roles,
		})
		if err != nil {
			addAPIError(diags, step.verb, "roles ("+strings.Join(names, ", ")+")", err)
			return nil
		}
	}
	return remove
}

func (r *principalRolesResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.write(ctx, "create", req.Plan.Get, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *principalRolesResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.write(ctx, "update", req.Plan.Get, &resp.State, resp.Identity, &resp.Diagnostics)
}

// write is Create and Update (op, which also selects the timeout): both
// apply the difference to the principal's current roles.
func (r *principalRolesResource) write(ctx context.Context, op string, get func(context.Context, any) diag.Diagnostics, state interface {
	Set(context.Context, any) diag.Diagnostics
}, ident *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	var plan principalRolesModel
	diags.Append(get(ctx, &plan)...)
	c := r.data.apiClient(diags)
	if diags.HasError() {
		return
	}
	ctx, done := withTimeout(ctx, op, plan.Timeouts, diags)
	defer done()
	desired := plan.assignments(ctx, diags)
	if diags.HasError() {
		return
	}
	pt, pid := client.PrincipalType(plan.PrincipalType.ValueString()), plan.PrincipalID.ValueString()
	removed := r.apply(ctx, c, pt, pid, desired, diags)
	if diags.HasError() {
		return
	}
	switch {
	case op == "create":
		plan.RemovedOnCreate = r.removedOnCreateAfterApply(ctx, plan, removed, diags)
	case plan.RemovedOnCreate.IsUnknown():
		plan.RemovedOnCreate = emptyList(principalRoleEntryType)
	}
	plan.ID = types.StringValue(joinID(string(pt), pid))
	plan.Roles = principalRolesSet(desired)
	diags.Append(state.Set(ctx, plan)...)
	setIdentity(ctx, ident, plan.identity(), diags)
}

func (r *principalRolesResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readOne(ctx, r.data, req, resp, r.reading())
}

// readsUnchanged tells the read shortcut whether Read would keep prior
// as it is (read_unchanged.go).
func (r *principalRolesResource) readsUnchanged(ctx context.Context, prior tfsdk.State) (any, bool) {
	return unchangedBy(ctx, prior, r.reading())
}

// reading is how Read finds the object and maps it into state.
func (r *principalRolesResource) reading() objectRead[principalRolesModel, []client.AssignedRole] {
	return objectRead[principalRolesModel, []client.AssignedRole]{
		what: "principal roles",
		key: func(m principalRolesModel) string {
			return joinID(m.PrincipalType.ValueString(), m.PrincipalID.ValueString())
		},
		identity: func(m principalRolesModel) any { return m.identity() },
		fetch: func(ctx context.Context, m principalRolesModel) ([]client.AssignedRole, error) {
			return r.data.reads.PrincipalRoles(ctx, client.PrincipalType(m.PrincipalType.ValueString()), m.PrincipalID.ValueString())
		},
		toState: func(held []client.AssignedRole, state principalRolesModel) principalRolesModel {
			pt, pid := client.PrincipalType(state.PrincipalType.ValueString()), state.PrincipalID.ValueString()
			as := make([]assignment, 0, len(held))
			for _, h := range held {
				as = append(as, assignmentFromAPI(pt, pid, h))
			}
			state.ID = types.StringValue(joinID(string(pt), pid))
			state.Roles = principalRolesSet(as)
			// What the create removed is shown by its plan and kept until
			// here: a refresh reads it back empty, like every later plan.
			state.RemovedOnCreate = emptyList(principalRoleEntryType)
			return state
		},
	}
}

// Delete removes the roles in state (which the refresh before it brought up
// to date), and nothing else.
func (r *principalRolesResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state principalRolesModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.data.apiClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	as := state.assignments(ctx, &resp.Diagnostics)
	if len(as) == 0 || resp.Diagnostics.HasError() {
		return
	}
	ctx, done := withTimeout(ctx, "delete", state.Timeouts, &resp.Diagnostics)
	defer done()
	roles := make([]client.RoleToManage, 0, len(as))
	for _, a := range as {
		roles = append(roles, a.roleToManage())
	}
	err := c.UpdatePrincipalRoles(ctx, client.UpdatePrincipalRolesRequest{
		Operation: client.OperationRemove,
		Principal: client.Principal{Type: as[0].PrincipalType, ID: as[0].PrincipalID},
		Roles:     roles,
	})
	if err := ignoreNotFound(err); err != nil {
		addAPIError(&resp.Diagnostics, "delete", "principal roles", err)
		return
	}
}

// ImportState takes "<principal_type>/<principal_id>", or an identity with
// both.
func (r *principalRolesResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	markImported(ctx, resp.Private, &resp.Diagnostics)
	var parts []string
	var err error
	var ident principalRolesIdentity
	if importIdentity(ctx, req, &ident, &resp.Diagnostics) {
		parts = []string{
			requiredIdentityString(ident.PrincipalType, "principal_type", &resp.Diagnostics),
			requiredIdentityString(ident.PrincipalID, "principal_id", &resp.Diagnostics),
		}
		if resp.Diagnostics.HasError() {
			return
		}
		if !slices.Contains(principalTypeValues, parts[0]) {
			resp.Diagnostics.AddError("Invalid import identity", fmt.Sprintf("principal_type must be one of %s, got %q.",
				strings.Join(principalTypeValues, ", "), parts[0]))
			return
		}
	} else {
		parts, err = splitImportID(req.ID, "principal_type", "principal_id")
		if err == nil && !slices.Contains(principalTypeValues, parts[0]) {
			err = fmt.Errorf("principal_type in import id %q must be one of %s", req.ID, strings.Join(principalTypeValues, ", "))
		}
		if err != nil {
			resp.Diagnostics.AddError("Invalid import id", err.Error()+". Example: group/<group_id>.")
			return
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, principalRolesModel{
		ID:              types.StringValue(joinID(parts...)),
		PrincipalType:   types.StringValue(parts[0]),
		PrincipalID:     types.StringValue(parts[1]),
		Roles:           types.SetNull(principalRoleEntryType),
		RemovedOnCreate: types.ListNull(principalRoleEntryType),
		Timeouts:        nullTimeouts(crudTimeouts),
	})...)
}
