package provider

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var (
	_ resource.ResourceWithImportState = (*roleResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*roleResource)(nil)
	_ resource.ResourceWithIdentity    = (*roleResource)(nil)
)

// NewRoleResource is the cloudinary_role resource: a custom role of the
// Permissions API.
func NewRoleResource() resource.Resource {
	return &roleResource{resourceBase: resourceBase{typeName: "role"}}
}

type roleResource struct {
	resourceBase
}

// roleModel is the cloudinary_role state.
type roleModel struct {
	ID               types.String   `tfsdk:"id"`
	RoleID           types.String   `tfsdk:"role_id"`
	Name             types.String   `tfsdk:"name"`
	Description      types.String   `tfsdk:"description"`
	PermissionType   types.String   `tfsdk:"permission_type"`
	ScopeType        types.String   `tfsdk:"scope_type"`
	SystemPolicyIDs  types.Set      `tfsdk:"system_policy_ids"`
	ManagementType   types.String   `tfsdk:"management_type"`
	PolicyParameters types.List     `tfsdk:"policy_parameters"`
	CreatedAt        types.String   `tfsdk:"created_at"`
	UpdatedAt        types.String   `tfsdk:"updated_at"`
	ForceDelete      types.Bool     `tfsdk:"force_delete"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

// roleIdentity identifies a custom role: by its role id.
type roleIdentity struct {
	RoleID types.String `tfsdk:"role_id"`
}

// customRoleIDPattern is what a caller-chosen role id may contain: it becomes a URL
// path segment and an import id, so no "/", spaces or other punctuation.
var customRoleIDPattern = regexp.MustCompile(`^[A-Za-z0-9_.:-]+$`)

// systemRoleIDPrefix starts every system role id; custom roles cannot use it.
const systemRoleIDPrefix = "cld::"

func (r *roleResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A custom role of the Cloudinary Permissions API: a named bundle of system policies that can be " +
			"assigned to users, groups and API keys. `permission_type` and `scope_type` cannot change after creation " +
			"(changing them replaces the role).\n\n" +
			"At plan time every id in `system_policy_ids` is checked against Cloudinary's public permissions catalog " +
			"(fetched once per Terraform run): an unknown id is refused with the nearest valid id, and a policy whose " +
			"permission or scope type differs from the role's is refused. System roles (managed by Cloudinary) are " +
			"read-only: read them with the `cloudinary_role` data source.\n\n" +
			"Import a custom role by its role id or by its name (custom role names are unique in the account)." +
			identityImportNote("cloudinary_role", "`role_id`", `{ role_id = "user_administrator_1a2b3c4d5e" }`),
		Blocks: map[string]schema.Block{timeoutsAttr: timeoutsBlock(ctx, crudTimeouts)},
		Attributes: map[string]schema.Attribute{
			"id": withPlanModifiers(idAttribute("The role id (same as `role_id`)."), idFromAttributes{"role_id"}),
			"role_id": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The role id. Optional: Cloudinary generates one from the name when it is not set. " +
					"Up to 255 letters, digits, `_`, `-`, `.` and `:`; the `cld::` prefix is reserved for system roles. " +
					"Changing it replaces the role.",
				Validators: []validator.String{roleIDValidator{}},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
					stringplanmodifier.RequiresReplace(),
				},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The role name, unique among the account's custom roles. Updated in place.",
				Validators:          []validator.String{permsNonBlank()},
			},
			"description": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "A short description of the role. Updated in place; omit it (rather than setting `\"\"`) for none.",
				Validators:          []validator.String{descriptionValidator("role")},
			},
			"permission_type": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "`global` (the permissions apply to everything in the scope) or `content` (they apply " +
					"to the folder or collection given when the role is assigned). Immutable: changing it replaces the role.",
				Validators:    []validator.String{stringvalidator.OneOf(permissionTypeValues...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"scope_type": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "`account` (the role grants account-level permissions) or `prodenv` (it is assigned " +
					"within product environments). Immutable: changing it replaces the role.",
				Validators:    []validator.String{stringvalidator.OneOf(scopeTypeValues...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"system_policy_ids": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Ids of the system policies the role grants (at least one), all of the role's " +
					"`permission_type` and `scope_type`. The `cloudinary_system_policies` and " +
					"`cloudinary_permissions_catalog` data sources list them. Updated in place.",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
				},
			},
			"management_type": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Always `custom` for roles managed by this resource.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(),
					plannedConstant(client.ManagementTypeCustom)},
			},
			"policy_parameters": schema.ListAttribute{
				Computed:    true,
				ElementType: types.StringType,
				MarkdownDescription: "The content types the role's policies take when it is assigned (for content roles, " +
					"e.g. `[\"folder_id\"]`), derived by Cloudinary from the policies; empty for global roles.",
			},
			"created_at": createdAtAttribute("role"),
			"updated_at": updatedAtAttribute("role"),
			"force_delete": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Whether destroying the role also removes it from every user, group and API key that " +
					"holds it. Default `false`: destroying a role that principals still hold fails and lists them. " +
					"Only Terraform uses this setting (it is not sent to the API until the role is destroyed), so apply " +
					"a change to it before the destroy that needs it.",
			},
		},
	}
}

// IdentitySchema: a custom role is identified by its role id.
func (r *roleResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"role_id": identityschema.StringAttribute{RequiredForImport: true, Description: "The role id."},
		},
	}
}

// ModifyPlanLeavesUnchangedPlansAlone lets the unchanged-plan shortcut answer
// for this type (internal/planshortcut). On an unchanged plan ModifyPlan sets
// policy_parameters and updated_at to their values in state and checks
// nothing.
func (*roleResource) ModifyPlanLeavesUnchangedPlansAlone() {}

// ModifyPlan checks system_policy_ids against the public catalog (when the
// provider is configured and the policies or the role's types change) and
// keeps the computed values that an update cannot change.
func (r *roleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan roleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	idsChanged := true
	if !req.State.Raw.IsNull() {
		var state roleModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		idsChanged = !plan.SystemPolicyIDs.Equal(state.SystemPolicyIDs) ||
			!plan.PermissionType.Equal(state.PermissionType) || !plan.ScopeType.Equal(state.ScopeType)
		if !idsChanged {
			// The policies decide policy_parameters.
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("policy_parameters"), state.PolicyParameters)...)
		}
		if !idsChanged && plan.Name.Equal(state.Name) && plan.Description.Equal(state.Description) {
			// Only force_delete or the timeouts change: nothing is sent to
			// the API.
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("updated_at"), state.UpdatedAt)...)
		}
	}
	if !idsChanged || plan.SystemPolicyIDs.IsUnknown() || r.data == nil || r.data.client == nil {
		// Nothing to check, or no API to check against yet (the provider's
		// own configuration is unknown): the API validates on apply.
		return
	}
	cat, err := r.data.readPermissionsCatalog(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "the permissions catalog (needed to check system_policy_ids)", err)
		return
	}
	// Elements still unknown (computed elsewhere) are checked by the API.
	var ids []string
	for _, e := range plan.SystemPolicyIDs.Elements() {
		if s, ok := e.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
			ids = append(ids, s.ValueString())
		}
	}
	sort.Strings(ids)
	checkRolePolicies(cat, ids, plan.PermissionType, plan.ScopeType, &resp.Diagnostics)
	if !resp.Diagnostics.HasError() {
		planRolePolicyParameters(ctx, cat, plan, &resp.Plan, &resp.Diagnostics)
	}
}

// checkRolePolicies reports every id that is not in the catalog (with a
// "did you mean" for near misses) or whose types do not fit the role's.
func checkRolePolicies(cat *permissionsCatalog, ids []string, permissionType, scopeType types.String, diags *diag.Diagnostics) {
	typesKnown := !permissionType.IsNull() && !permissionType.IsUnknown() && !scopeType.IsNull() && !scopeType.IsUnknown()
	perm, scope := permissionType.ValueString(), scopeType.ValueString()
	for _, id := range ids {
		at := path.Root("system_policy_ids").AtSetValue(types.StringValue(id))
		p := cat.policy(id)
		if p == nil {
			detail := fmt.Sprintf("system_policy_ids: %q is not the id of a system policy.", id)
			if near, ok := cat.closestPolicyID(id); ok {
				detail += fmt.Sprintf(" Did you mean %q?", near)
			}
			detail += " The cloudinary_system_policies data source lists the valid ids."
			diags.AddAttributeError(at, "Unknown system policy", detail)
			continue
		}
		if typesKnown && (p.PermissionType != perm || p.ScopeType != scope) {
			detail := fmt.Sprintf("system_policy_ids: %q is a %s policy with scope_type %s, but this role has "+
				"permission_type %q and scope_type %q; a role can hold only policies of its own permission and scope type.",
				id, p.PermissionType, p.ScopeType, perm, scope)
			if fit := cat.policiesOfType(perm, scope); len(fit) == 0 {
				detail += fmt.Sprintf(" No system policy has permission_type %q and scope_type %q, so no role of these types can exist.", perm, scope)
			} else {
				detail += fmt.Sprintf(" The cloudinary_system_policies data source with permission_type = %q and scope_type = %q lists the %d that fit.",
					perm, scope, len(fit))
			}
			diags.AddAttributeError(at, "System policy does not fit the role", detail)
		}
	}
}

func (r *roleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan roleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.apiClient(&resp.Diagnostics)
	if c == nil {
		return
	}
	body := roleCreateRequest(ctx, plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, done := withTimeout(ctx, "create", plan.Timeouts, &resp.Diagnostics)
	defer done()
	role, err := createOnce(ctx, c, roleCreated(body), &resp.Diagnostics,
		func() (*client.Role, error) { return c.CreateRole(ctx, body) },
		func(ctx context.Context) (*client.Role, bool, error) { return r.lookupRole(ctx, body) })
	if err != nil {
		if client.IsConflict(err) {
			r.addConflict(ctx, &resp.Diagnostics, "create", body.ID, body.Name, "", err)
			return
		}
		addAPIError(&resp.Diagnostics, "create", "role", err)
		return
	}
	if role.Policies == nil {
		// An answer without the policies array (not the documented
		// RoleResponse): read the role for them.
		if role, err = readAfterWrite(ctx, func() (*client.Role, error) { return r.data.reads.Role(ctx, role.ID) }); err != nil {
			addAPIError(&resp.Diagnostics, "read", "role after creating it", err)
			return
		}
	}
	state := roleModelFromAPI(role, plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, roleIdentity{RoleID: state.ID}, &resp.Diagnostics)
}

// roleCreated names the role a create makes, by role_id when one was
// chosen, else by name; import takes either.
func roleCreated(body client.CreateRoleRequest) createdObject {
	if body.ID != nil {
		return createdObject{kind: "role", key: fmt.Sprintf("role_id %q", *body.ID),
			importHint: importCommand("cloudinary_role", *body.ID)}
	}
	return createdObject{kind: "role", key: fmt.Sprintf("name %q", body.Name),
		importHint: importCommand("cloudinary_role", body.Name)}
}

// lookupRole finds the role a create may already have made: by role_id
// when one was chosen, else by name among the custom roles of its types,
// when exactly one has it.
func (r *roleResource) lookupRole(ctx context.Context, body client.CreateRoleRequest) (*client.Role, bool, error) {
	if body.ID != nil {
		role, err := r.data.reads.Role(ctx, *body.ID)
		if client.IsNotFound(err) {
			return nil, false, nil
		}
		if err != nil {
			return nil, false, err
		}
		return role, role.ManagementType == client.ManagementTypeCustom && role.Name == body.Name, nil
	}
	match, err := r.findCustomRoleByName(ctx, body.Name, body.PermissionType, body.ScopeType)
	if err != nil || match == "" {
		return nil, false, err
	}
	role, err := r.data.reads.Role(ctx, match)
	if client.IsNotFound(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return role, true, nil
}

// findCustomRoleByName returns the id of the only custom role with this name
// among the roles of the given types ("" when none or several).
func (r *roleResource) findCustomRoleByName(ctx context.Context, name string, perm client.PermissionType, scope client.ScopeType) (string, error) {
	custom := client.ManagementTypeCustom
	opts := client.GetRolesOptions{PermissionType: perm, ManagementType: &custom}
	if scope != "" {
		opts.ScopeType = &scope
	}
	roles, err := r.data.client.GetRoles(ctx, opts)
	if err != nil {
		return "", err
	}
	match := ""
	for _, role := range roles {
		if role.Name == name && role.ManagementType == client.ManagementTypeCustom {
			if match != "" {
				return "", nil
			}
			match = role.ID
		}
	}
	return match, nil
}

// addConflict explains a 409: which role holds the id or the name, and how
// to import it. selfID is the role being updated ("" on create).
func (r *roleResource) addConflict(ctx context.Context, diags *diag.Diagnostics, action string, id *string, name, selfID string, err error) {
	var detail string
	if id != nil {
		if role, rerr := r.data.reads.Role(ctx, *id); rerr == nil {
			if role.ManagementType == client.ManagementTypeSystem {
				detail = fmt.Sprintf("The role id %q belongs to the system role %q, which Cloudinary manages. Choose another role_id.", *id, role.Name)
			} else {
				detail = fmt.Sprintf("A custom role with role_id %q already exists (named %q). To manage it with Terraform, import it "+
					"instead of creating it:\n\n  terraform import cloudinary_role.<name> %s\n\nor choose another role_id.", *id, role.Name, *id)
			}
		}
	}
	if detail == "" {
		var found []string
		for _, perm := range []client.PermissionType{client.PermissionTypeGlobal, client.PermissionTypeContent} {
			custom := client.ManagementTypeCustom
			roles, lerr := r.data.client.GetRoles(ctx, client.GetRolesOptions{PermissionType: perm, ManagementType: &custom})
			if lerr != nil {
				break
			}
			for _, role := range roles {
				if role.Name == name && role.ID != selfID {
					found = append(found, role.ID)
				}
			}
		}
		switch {
		case len(found) == 1 && action == "create":
			detail = fmt.Sprintf("A custom role named %q already exists (role id %q); custom role names are unique in the account. "+
				"To manage it with Terraform, import it instead of creating it:\n\n  terraform import cloudinary_role.<name> %s\n\n"+
				"or choose another name.", name, found[0], found[0])
		case len(found) > 0:
			detail = fmt.Sprintf("Another custom role is already named %q (role id %q); custom role names are unique in the "+
				"account. Choose another name, or import that role with terraform import cloudinary_role.<name> %s.",
				name, found[0], found[0])
		default:
			detail = "A role with this id or name already exists."
		}
	}
	diags.AddError(fmt.Sprintf("Unable to %s role: it already exists", action), detail+"\n\nAPI answer: "+err.Error())
}

func (r *roleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readOne(ctx, r.data, req, resp, r.reading())
}

// readsUnchanged tells the read shortcut whether Read would keep prior
// as it is (read_unchanged.go).
func (r *roleResource) readsUnchanged(ctx context.Context, prior tfsdk.State) (any, bool) {
	return unchangedBy(ctx, prior, r.reading())
}

// reading is how Read finds the object and maps it into state.
func (r *roleResource) reading() objectRead[roleModel, *client.Role] {
	return objectRead[roleModel, *client.Role]{
		what:     "role",
		key:      func(m roleModel) string { return m.ID.ValueString() },
		identity: func(m roleModel) any { return roleIdentity{RoleID: m.ID} },
		fetch: func(ctx context.Context, m roleModel) (*client.Role, error) {
			return r.data.reads.Role(ctx, m.ID.ValueString())
		},
		toState: roleModelFromAPI,
	}
}

func (r *roleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state roleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.Name.Equal(state.Name) && plan.Description.Equal(state.Description) &&
		plan.SystemPolicyIDs.Equal(state.SystemPolicyIDs) {
		// Only force_delete or the timeouts changed: they live in state
		// alone.
		state.ForceDelete = plan.ForceDelete
		state.Timeouts = plan.Timeouts
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		setIdentity(ctx, resp.Identity, roleIdentity{RoleID: state.ID}, &resp.Diagnostics)
		return
	}
	c := r.data.apiClient(&resp.Diagnostics)
	if c == nil {
		return
	}
	body := client.UpdateRoleRequest{
		Name:            plan.Name.ValueString(),
		Description:     plan.Description.ValueStringPointer(),
		SystemPolicyIDs: setStrings(ctx, plan.SystemPolicyIDs, &resp.Diagnostics),
	}
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, done := withTimeout(ctx, "update", plan.Timeouts, &resp.Diagnostics)
	defer done()
	id := state.ID.ValueString()
	role, err := c.UpdateRole(ctx, id, body)
	if err != nil {
		if client.IsConflict(err) {
			r.addConflict(ctx, &resp.Diagnostics, "update", nil, body.Name, id, err)
			return
		}
		addAPIError(&resp.Diagnostics, "update", "role", err)
		return
	}
	if role.Policies == nil {
		if role, err = readAfterWrite(ctx, func() (*client.Role, error) { return r.data.reads.Role(ctx, id) }); err != nil {
			addAPIError(&resp.Diagnostics, "read", "role after updating it", err)
			return
		}
	}
	next := roleModelFromAPI(role, plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
	setIdentity(ctx, resp.Identity, roleIdentity{RoleID: next.ID}, &resp.Diagnostics)
}

func (r *roleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state roleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.apiClient(&resp.Diagnostics)
	if c == nil {
		return
	}
	ctx, done := withTimeout(ctx, "delete", state.Timeouts, &resp.Diagnostics)
	defer done()
	id := state.ID.ValueString()
	force := state.ForceDelete.ValueBool()
	// Delete first and ask who holds the role only when the API refuses:
	// the common case then costs one request. Without force the API itself
	// refuses while principals hold the role, so nothing is taken from
	// anyone by accident.
	err := ignoreNotFound(c.DeleteRole(ctx, id, &client.DeleteRoleOptions{Force: client.Ptr(force)}))
	if err != nil {
		if !force && (client.IsForbidden(err) || client.IsConflict(err)) {
			// A destroy must see the current holders, never a cached list:
			// this asks the API directly, not the read layer.
			holders, herr := c.GetRolePrincipals(ctx, id, &client.GetRolePrincipalsOptions{Verbose: client.Ptr(true)})
			if herr == nil && len(holders) > 0 {
				resp.Diagnostics.AddError("Role is still assigned",
					fmt.Sprintf("Role %q is held by %s. Destroying it would take their permissions away, so it was not deleted. "+
						"Remove those assignments first, or set force_delete = true on the role, apply, and destroy again "+
						"(the role is then removed from every principal).", id, describeRolePrincipals(holders)))
				return
			}
			resp.Diagnostics.AddError("Unable to delete role",
				err.Error()+"\n\nIf principals hold the role, remove those assignments or set "+
					"force_delete = true on the role, apply, and destroy again.")
			return
		}
		addAPIError(&resp.Diagnostics, "delete", "role", err)
		return
	}
}

// describeRolePrincipals lists holders as `user "id"`, once per principal.
func describeRolePrincipals(holders []client.RolePrincipal) string {
	seen := map[string]bool{}
	var parts []string
	for _, h := range holders {
		s := fmt.Sprintf("%s %q", h.Type, h.ID)
		if seen[s] {
			continue
		}
		seen[s] = true
		parts = append(parts, s)
	}
	sort.Strings(parts)
	n := "1 principal"
	if len(parts) != 1 {
		n = fmt.Sprintf("%d principals", len(parts))
	}
	return n + ": " + strings.Join(parts, ", ")
}

// ImportState imports a custom role by its id or, when no role has that id,
// by its name (custom role names are unique; should several roles share it
// anyway, the error lists them); or by an identity with the role id.
// System roles are refused: they are read-only and belong to the
// cloudinary_role data source.
func (r *roleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	markImported(ctx, resp.Private, &resp.Diagnostics)
	key := strings.TrimSpace(req.ID)
	var ident roleIdentity
	byIdentity := importIdentity(ctx, req, &ident, &resp.Diagnostics)
	if byIdentity {
		key = requiredIdentityString(ident.RoleID, "role_id", &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if key == "" {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("Import a role by its role id or its name, e.g. terraform import cloudinary_role.example upload_manager_1a2b3c; got %q.", req.ID))
		return
	}
	if r.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	var role *client.Role
	err := notFound("role", key)
	if customRoleIDPattern.MatchString(key) {
		// Only something shaped like a role id can be one; a name with
		// spaces or "/" goes straight to the name lookup.
		role, err = r.data.reads.Role(ctx, key)
	}
	if client.IsNotFound(err) && !byIdentity {
		role, err = r.roleByName(ctx, key)
	}
	if client.IsNotFound(err) {
		how := "id or the custom role name"
		if byIdentity {
			how = "id"
		}
		resp.Diagnostics.AddError("Role not found",
			fmt.Sprintf("No role has the %s %q. The cloudinary_roles data source lists the account's roles.", how, key))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot import role", err.Error())
		return
	}
	if role.ManagementType == client.ManagementTypeSystem {
		resp.Diagnostics.AddError("Cannot import a system role",
			fmt.Sprintf("%q is a system role (%s), managed by Cloudinary and read-only, so cloudinary_role cannot manage it. "+
				"Read it with the cloudinary_role data source instead:\n\n  data \"cloudinary_role\" \"this\" {\n    id = %q\n  }",
				role.ID, role.Name, role.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), role.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("role_id"), role.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("force_delete"), false)...)
}

// roleByName finds the custom role named name among the account's custom
// roles of both permission types. It answers a not-found error when none
// has it.
func (r *roleResource) roleByName(ctx context.Context, name string) (*client.Role, error) {
	var all []client.Role
	custom := client.ManagementTypeCustom
	for _, perm := range []client.PermissionType{client.PermissionTypeGlobal, client.PermissionTypeContent} {
		roles, err := r.data.client.GetRoles(ctx, client.GetRolesOptions{PermissionType: perm, ManagementType: &custom})
		if err != nil {
			return nil, fmt.Errorf("listing custom roles to find the one named %q: %w", name, err)
		}
		all = append(all, roles...)
	}
	return pickCustomRoleByName(all, name)
}

// pickCustomRoleByName returns the one custom role with exactly this name.
// None is a not-found error; several is an error listing their ids.
func pickCustomRoleByName(roles []client.Role, name string) (*client.Role, error) {
	var found []client.Role
	seen := map[string]bool{}
	for _, role := range roles {
		if role.Name == name && role.ManagementType == client.ManagementTypeCustom && !seen[role.ID] {
			seen[role.ID] = true
			found = append(found, role)
		}
	}
	switch len(found) {
	case 0:
		return nil, notFound("custom role named", name)
	case 1:
		return &found[0], nil
	}
	ids := make([]string, 0, len(found))
	for _, role := range found {
		ids = append(ids, fmt.Sprintf("%q", role.ID))
	}
	sort.Strings(ids)
	return nil, fmt.Errorf("%d custom roles are named %q (role ids %s), so the name does not say which one to import; "+
		"import one of them by its role id instead", len(found), name, strings.Join(ids, ", "))
}

// roleCreateRequest builds the createRole body from the plan.
func roleCreateRequest(ctx context.Context, m roleModel, diags *diag.Diagnostics) client.CreateRoleRequest {
	body := client.CreateRoleRequest{
		PermissionType:  client.PermissionType(m.PermissionType.ValueString()),
		ScopeType:       client.ScopeType(m.ScopeType.ValueString()),
		Name:            m.Name.ValueString(),
		Description:     m.Description.ValueStringPointer(),
		SystemPolicyIDs: setStrings(ctx, m.SystemPolicyIDs, diags),
	}
	if !m.RoleID.IsNull() && !m.RoleID.IsUnknown() {
		body.ID = client.Ptr(m.RoleID.ValueString())
	}
	return body
}

// roleModelFromAPI converts an API role. prior supplies what the API does
// not return: force_delete, and system_policy_ids when the answer lacks the
// policies array.
func roleModelFromAPI(role *client.Role, prior roleModel) roleModel {
	m := roleModel{
		ID:             types.StringValue(role.ID),
		RoleID:         types.StringValue(role.ID),
		Name:           types.StringValue(role.Name),
		Description:    stringOrNull(role.Description),
		PermissionType: types.StringValue(string(role.PermissionType)),
		ScopeType:      types.StringValue(string(role.ScopeType)),
		ManagementType: types.StringValue(string(role.ManagementType)),
		CreatedAt:      epochString(role.CreatedAt),
		UpdatedAt:      epochString(role.UpdatedAt),
		ForceDelete:    prior.ForceDelete,
		Timeouts:       prior.Timeouts,
	}
	if m.ForceDelete.IsNull() || m.ForceDelete.IsUnknown() {
		m.ForceDelete = types.BoolValue(false)
	}
	if ids := role.SystemPolicyIDs(); ids != nil {
		m.SystemPolicyIDs = stringSet(ids)
	} else {
		m.SystemPolicyIDs = prior.SystemPolicyIDs
	}
	params := make([]attr.Value, 0, len(role.PolicyParameters))
	for _, p := range role.PolicyParameters {
		params = append(params, types.StringValue(p))
	}
	m.PolicyParameters = samePolicyParameters(prior.PolicyParameters, types.ListValueMust(types.StringType, params))
	if role.ManagementType == "" {
		m.ManagementType = types.StringValue(string(client.ManagementTypeCustom)) // what this resource manages
	}
	return m
}

// roleIDValidator checks a caller-chosen role id.
type roleIDValidator struct{}

func (roleIDValidator) Description(context.Context) string {
	return "value must be 1 to 255 letters, digits, '_', '-', '.' or ':' and must not start with \"cld::\""
}

func (v roleIDValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v roleIDValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	switch {
	case len(s) == 0 || len(s) > 255 || !customRoleIDPattern.MatchString(s):
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid role id",
			fmt.Sprintf("%s: %s, got %q.", req.Path, v.Description(ctx), s))
	case strings.HasPrefix(s, systemRoleIDPrefix):
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid role id",
			fmt.Sprintf("%s: the %q prefix is reserved for Cloudinary's system roles, got %q; choose an id without it.", req.Path, systemRoleIDPrefix, s))
	}
}

// permsNonBlank refuses empty and whitespace-only strings.
func permsNonBlank() validator.String {
	return stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must contain a non-whitespace character")
}
