package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var (
	_ resource.ResourceWithImportState = (*roleAssignmentResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*roleAssignmentResource)(nil)
	_ resource.ResourceWithIdentity    = (*roleAssignmentResource)(nil)
)

// NewRoleAssignmentResource is the constructor of cloudinary_role_assignment.
func NewRoleAssignmentResource() resource.Resource {
	return &roleAssignmentResource{resourceBase: resourceBase{typeName: "role_assignment"}}
}

// roleAssignmentResource manages one role held by one principal, and nothing
// else: it adds and removes exactly its own assignment, so any number of them
// (and roles granted outside Terraform) coexist on one principal.
type roleAssignmentResource struct {
	resourceBase
}

type roleAssignmentModel struct {
	ID               types.String   `tfsdk:"id"`
	PrincipalType    types.String   `tfsdk:"principal_type"`
	PrincipalID      types.String   `tfsdk:"principal_id"`
	RoleID           types.String   `tfsdk:"role_id"`
	ScopeID          types.String   `tfsdk:"scope_id"`
	PolicyParameters types.Map      `tfsdk:"policy_parameters"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

// roleAssignmentIdentity identifies an assignment: the principal, the role,
// and the scope and content instance it is held in. An identity cannot hold
// a map, so policy_parameters is a list of "<key>=<value>" strings, sorted
// by key; scope_id and policy_parameters are null when the assignment has
// none.
type roleAssignmentIdentity struct {
	PrincipalType    types.String `tfsdk:"principal_type"`
	PrincipalID      types.String `tfsdk:"principal_id"`
	RoleID           types.String `tfsdk:"role_id"`
	ScopeID          types.String `tfsdk:"scope_id"`
	PolicyParameters types.List   `tfsdk:"policy_parameters"`
}

func (r *roleAssignmentResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Grants one role to one principal (a user, user group, access key or account API key), " +
			"optionally in one product environment and on one folder or collection.\n\n" +
			"This resource is **non-authoritative**: it adds and removes only its own assignment, so any number of " +
			"`cloudinary_role_assignment` resources, and roles granted outside Terraform, can coexist on one principal. " +
			"To make Terraform own the complete set of roles of a principal, use `cloudinary_principal_roles` instead.\n\n" +
			mixAssignmentWarning + "\n\n" +
			"Every attribute forces a new assignment when changed. The rules that depend on the role (whether " +
			"`scope_id` and `policy_parameters` are required or refused) are checked at plan time.\n\n" +
			referencesNote("`principal_id` (of a user, group or access key) and `scope_id` are") +
			"A `role_id` that starts with `cld::` but is no system role, or that is a role's name, fails the plan too, " +
			"with the closest system role id or the role's id.\n\n" +
			"Import an assignment by the id described under `id`. Importing one that does not exist fails with the " +
			"assignments the principal holds, each with its import id." +
			identityImportNote("cloudinary_role_assignment",
				"`principal_type`, `principal_id`, `role_id`, and `scope_id` and `policy_parameters` when the assignment has "+
					"them; `policy_parameters` is a list of `\"<key>=<value>\"` strings",
				"{\n    principal_type    = \"user\"\n    principal_id      = \"<user_id>\"\n"+
					"    role_id           = \"cld::role::folder::editor\"\n    scope_id          = \"<environment_id>\"\n"+
					"    policy_parameters = [\"folder_id=<folder_id>\"]\n  }"),
		Blocks: map[string]schema.Block{timeoutsAttr: timeoutsBlock(ctx, createDeleteTimeouts)},
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("Import id of the assignment, which can be written by hand: " +
				"`<principal_type>/<principal_id>/<role_id>`, then `/<scope_id>` when the assignment has a scope, " +
				"then `/<key>=<value>` for the policy parameters, several joined with `,` in key order " +
				"(`/folder_id=abc,collection_id=def`). A `%`, `/`, `,` or `=` inside a value is written " +
				"percent-encoded (`%25`, `%2F`, `%2C`, `%3D`)."),
			"principal_type": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: principalTypeDescription,
				Validators:          []validator.String{stringvalidator.OneOf(principalTypeValues...)},
				PlanModifiers:       replace,
			},
			"principal_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: principalIDDescription,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       replace,
			},
			"role_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the role to grant: a system role (such as `cld::role::account::billing`) or a custom role.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       replace,
			},
			"scope_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: assignmentScopeIDDescription,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       replace,
			},
			"policy_parameters": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: assignmentParamsDescription,
				Validators:          policyParametersValidators(),
				PlanModifiers:       []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
		},
	}
}

// IdentitySchema: see roleAssignmentIdentity.
func (r *roleAssignmentResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"principal_type": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "Kind of principal: user, group, apiKey or provisioningKey.",
			},
			"principal_id": identityschema.StringAttribute{RequiredForImport: true, Description: "Id of the principal."},
			"role_id":      identityschema.StringAttribute{RequiredForImport: true, Description: "Id of the role."},
			"scope_id": identityschema.StringAttribute{
				OptionalForImport: true,
				Description:       "Product environment id or \"all\"; null when the assignment has no scope.",
			},
			"policy_parameters": identityschema.ListAttribute{
				OptionalForImport: true,
				ElementType:       types.StringType,
				Description:       "The policy parameters as \"<key>=<value>\" strings sorted by key; null when there are none.",
			},
		},
	}
}

// identity renders the assignment as its resource identity.
func (a assignment) identity() roleAssignmentIdentity {
	ident := roleAssignmentIdentity{
		PrincipalType:    types.StringValue(string(a.PrincipalType)),
		PrincipalID:      types.StringValue(a.PrincipalID),
		RoleID:           types.StringValue(a.RoleID),
		ScopeID:          stringOrNull(&a.ScopeID),
		PolicyParameters: types.ListNull(types.StringType),
	}
	if len(a.Params) > 0 {
		keys := slices.Sorted(maps.Keys(a.Params))
		elems := make([]attr.Value, 0, len(keys))
		for _, k := range keys {
			elems = append(elems, types.StringValue(k+"="+a.Params[k]))
		}
		ident.PolicyParameters = types.ListValueMust(types.StringType, elems)
	}
	return ident
}

// assignmentFromIdentity is the inverse of assignment.identity, checking
// what an import identity must hold.
func assignmentFromIdentity(ctx context.Context, ident roleAssignmentIdentity, diags *diag.Diagnostics) assignment {
	pt := requiredIdentityString(ident.PrincipalType, "principal_type", diags)
	a := assignment{
		PrincipalType: client.PrincipalType(pt),
		PrincipalID:   requiredIdentityString(ident.PrincipalID, "principal_id", diags),
		RoleID:        requiredIdentityString(ident.RoleID, "role_id", diags),
	}
	if pt != "" && !slices.Contains(principalTypeValues, pt) {
		diags.AddError("Invalid import identity", fmt.Sprintf("principal_type must be one of %s, got %q.",
			strings.Join(principalTypeValues, ", "), pt))
	}
	if !ident.ScopeID.IsNull() && !ident.ScopeID.IsUnknown() {
		a.ScopeID = requiredIdentityString(ident.ScopeID, "scope_id (when set)", diags)
	}
	var pairs []string
	if !ident.PolicyParameters.IsNull() && !ident.PolicyParameters.IsUnknown() {
		diags.Append(ident.PolicyParameters.ElementsAs(ctx, &pairs, false)...)
	}
	for _, pair := range pairs {
		k, v, ok := strings.Cut(pair, "=")
		if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(v) == "" {
			diags.AddError("Invalid import identity",
				fmt.Sprintf("Each policy_parameters element must look like \"<key>=<value>\", got %q.", pair))
			continue
		}
		if a.Params == nil {
			a.Params = map[string]string{}
		}
		if _, dup := a.Params[k]; dup {
			diags.AddError("Invalid import identity", fmt.Sprintf("policy_parameters sets %q twice.", k))
		}
		a.Params[k] = v
	}
	return a
}

// policyParametersValidators check the shape of a policy_parameters map; the
// keys a role accepts are checked against the role in ModifyPlan.
func policyParametersValidators() []validator.Map {
	return []validator.Map{
		mapvalidator.SizeAtLeast(1),
		mapvalidator.KeysAre(stringvalidator.LengthAtLeast(1)),
		mapvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
	}
}

// ---------------------------------------------------------------------------
// Model conversion.

// paramsMap converts policy_parameters from the API (nil or empty: null).
func paramsMap(p map[string]string) types.Map {
	if len(p) == 0 {
		return types.MapNull(types.StringType)
	}
	elems := make(map[string]attr.Value, len(p))
	for k, v := range p {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}

// mapStrings reads a known map of strings (null gives nil).
func mapStrings(ctx context.Context, m types.Map, diags *diag.Diagnostics) map[string]string {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	out := map[string]string{}
	diags.Append(m.ElementsAs(ctx, &out, false)...)
	if len(out) == 0 {
		return nil
	}
	return out
}

func (m roleAssignmentModel) assignment(ctx context.Context, diags *diag.Diagnostics) assignment {
	return assignment{
		PrincipalType: client.PrincipalType(m.PrincipalType.ValueString()),
		PrincipalID:   m.PrincipalID.ValueString(),
		RoleID:        m.RoleID.ValueString(),
		ScopeID:       m.ScopeID.ValueString(),
		Params:        mapStrings(ctx, m.PolicyParameters, diags),
	}
}

// roleAssignmentModelFromAssignment is the state of an assignment, with the timeouts
// block t.
func roleAssignmentModelFromAssignment(a assignment, t timeouts.Value) roleAssignmentModel {
	return roleAssignmentModel{
		Timeouts:         t,
		ID:               types.StringValue(a.id()),
		PrincipalType:    types.StringValue(string(a.PrincipalType)),
		PrincipalID:      types.StringValue(a.PrincipalID),
		RoleID:           types.StringValue(a.RoleID),
		ScopeID:          stringOrNull(&a.ScopeID),
		PolicyParameters: paramsMap(a.Params),
	}
}

// ---------------------------------------------------------------------------
// CRUD.

// ModifyPlanLeavesUnchangedPlansAlone lets the unchanged-plan shortcut answer
// for this type (internal/planshortcut). ModifyPlan returns at once when nothing it
// checks changes.
func (*roleAssignmentResource) ModifyPlanLeavesUnchangedPlansAlone() {}

func (r *roleAssignmentResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan roleAssignmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// principal_id and scope_id (references.go), reported after the role
	// rules, which stop at earlier errors.
	refs := roleAssignmentReferences(ctx, r.data, req)
	defer func() { resp.Diagnostics.Append(refs...) }()
	if !req.State.Raw.IsNull() {
		var state roleAssignmentModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if plan.RoleID.Equal(state.RoleID) && plan.ScopeID.Equal(state.ScopeID) &&
			plan.PolicyParameters.Equal(state.PolicyParameters) {
			return // nothing the rules look at changes: no request spent
		}
	}
	known := !plan.PrincipalType.IsUnknown() && !plan.PrincipalID.IsUnknown() && !plan.RoleID.IsUnknown() &&
		!plan.ScopeID.IsUnknown() && !plan.PolicyParameters.IsUnknown()
	if known && plan.ID.IsUnknown() {
		for _, v := range plan.PolicyParameters.Elements() {
			known = known && !v.IsUnknown()
		}
		if known {
			a := plan.assignment(ctx, &resp.Diagnostics)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), types.StringValue(a.id()))...)
		}
	}
	if plan.RoleID.IsUnknown() || plan.RoleID.IsNull() || r.data == nil || r.data.client == nil {
		// An unconfigured provider (credentials unknown until apply) plans
		// again during apply, configured, and the rules are checked then.
		return
	}
	role := newRoleRules(r.data).role(ctx, plan.RoleID.ValueString(), path.Root("role_id"), &resp.Diagnostics)
	if role == nil {
		return
	}
	for _, p := range checkAssignmentRules(role, scopeOf(plan.ScopeID), paramsOf(plan.PolicyParameters)) {
		resp.Diagnostics.AddAttributeError(path.Root(p.Attribute), "Invalid role assignment", p.Message)
	}
}

func (r *roleAssignmentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan roleAssignmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	c := r.data.apiClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	a := plan.assignment(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, done := withTimeout(ctx, "create", plan.Timeouts, &resp.Diagnostics)
	defer done()
	// PUT principal_roles is idempotent (adding a held role changes nothing),
	// so an unknown outcome needs no lookup: the client retries it as is.
	err := c.UpdatePrincipalRoles(ctx, client.UpdatePrincipalRolesRequest{
		Operation: client.OperationAdd,
		Principal: client.Principal{Type: a.PrincipalType, ID: a.PrincipalID},
		Roles:     []client.RoleToManage{a.roleToManage()},
	})
	if client.IsConflict(err) {
		resp.Diagnostics.AddError("Role assignment already exists",
			fmt.Sprintf("%s %q already holds role %q in this scope (%s). To manage that assignment with Terraform, "+
				"import it:\n\n  %s\n\nAPI answer: %s",
				a.PrincipalType, a.PrincipalID, a.RoleID, a.id(), a.importCommand("cloudinary_role_assignment"), err))
		return
	}
	if err != nil && !landedAfterContextEnded(ctx, &resp.Diagnostics, "the role assignment "+a.id(),
		func(ctx context.Context) (bool, error) {
			held, err := r.data.reads.PrincipalRoles(ctx, a.PrincipalType, a.PrincipalID)
			return err == nil && findAssignment(a, held), err
		}) {
		addAPIError(&resp.Diagnostics, "create", "role assignment", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, roleAssignmentModelFromAssignment(a, plan.Timeouts))...)
	setIdentity(ctx, resp.Identity, a.identity(), &resp.Diagnostics)
}

// Read is readOne's steps written out: after an import of something that
// does not exist it explains, from the same answer, what does
// (import_missing.go), which readOne has no step for.
func (r *roleAssignmentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx = r.data.beginRead(ctx, req.Private, resp.Private, &resp.Diagnostics)
	var state roleAssignmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	a := state.assignment(ctx, &resp.Diagnostics)
	setIdentity(ctx, resp.Identity, a.identity(), &resp.Diagnostics)
	held, err := r.data.reads.PrincipalRoles(ctx, a.PrincipalType, a.PrincipalID)
	if failMissingImport(ctx, &resp.Diagnostics, "Cannot import role assignment",
		func() string { return missingAssignmentImport(a, held, err) }) { // import_missing.go
		return
	}
	if err != nil {
		if removeWhenGone(ctx, err, resp, "role assignment", a.id()) {
			return
		}
		addAPIError(&resp.Diagnostics, "read", "role assignment", err)
		return
	}
	if !findAssignment(a, held) {
		tflog.Info(ctx, "role assignment no longer exists; removing it from state", map[string]any{"id": a.id()})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, roleAssignmentModelFromAssignment(a, state.Timeouts))...)
}

// readsUnchanged tells the read shortcut whether Read would keep prior as
// it is (read_unchanged.go): the assignment is still held, from the same
// answer Read looks it up in.
func (r *roleAssignmentResource) readsUnchanged(ctx context.Context, prior tfsdk.State) (any, bool) {
	var state roleAssignmentModel
	var diags diag.Diagnostics
	diags.Append(prior.Get(ctx, &state)...)
	a := state.assignment(ctx, &diags)
	if diags.HasError() {
		return nil, false
	}
	held, err := r.data.reads.PrincipalRoles(ctx, a.PrincipalType, a.PrincipalID)
	if err != nil || !findAssignment(a, held) {
		return nil, false
	}
	return a.identity(), sameModel(roleAssignmentModelFromAssignment(a, state.Timeouts), state)
}

// Update only stores the plan: every attribute forces a new assignment, so
// only the timeouts block can change in place.
func (r *roleAssignmentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state roleAssignmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	a := state.assignment(ctx, &resp.Diagnostics)
	if plan.assignment(ctx, &resp.Diagnostics).key() != a.key() {
		resp.Diagnostics.AddError("Role assignments cannot be updated",
			"Every attribute of cloudinary_role_assignment forces a new assignment. This is a bug in the provider; please report it.")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, roleAssignmentModelFromAssignment(a, plan.Timeouts))...)
	setIdentity(ctx, resp.Identity, a.identity(), &resp.Diagnostics)
}

func (r *roleAssignmentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state roleAssignmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.data.apiClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	a := state.assignment(ctx, &resp.Diagnostics)
	ctx, done := withTimeout(ctx, "delete", state.Timeouts, &resp.Diagnostics)
	defer done()
	err := c.UpdatePrincipalRoles(ctx, client.UpdatePrincipalRolesRequest{
		Operation: client.OperationRemove,
		Principal: client.Principal{Type: a.PrincipalType, ID: a.PrincipalID},
		Roles:     []client.RoleToManage{a.roleToManage()},
	})
	if err := ignoreNotFound(err); err != nil {
		addAPIError(&resp.Diagnostics, "delete", "role assignment", err)
		return
	}
}

// ImportState takes the id described in the schema, or an identity.
func (r *roleAssignmentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	markImported(ctx, resp.Private, &resp.Diagnostics)
	var ident roleAssignmentIdentity
	if importIdentity(ctx, req, &ident, &resp.Diagnostics) {
		a := assignmentFromIdentity(ctx, ident, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, roleAssignmentModelFromAssignment(a, nullTimeouts(createDeleteTimeouts)))...)
		return
	}
	a, err := parseAssignmentID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error()+
			". Examples: group/<group_id>/cld::role::account::billing, "+
			"user/<user_id>/cld::role::prodenv::admin/all, "+
			"user/<user_id>/cld::role::folder::viewer/<environment_id>/folder_id=<folder_id>.")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, roleAssignmentModelFromAssignment(a, nullTimeouts(createDeleteTimeouts)))...)
}
