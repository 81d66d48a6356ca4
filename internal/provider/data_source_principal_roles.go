package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var _ datasource.DataSource = (*principalRolesDataSource)(nil)

// NewPrincipalRolesDataSource is the constructor of the
// cloudinary_principal_roles data source.
func NewPrincipalRolesDataSource() datasource.DataSource {
	return &principalRolesDataSource{dataSourceBase: dataSourceBase{typeName: "principal_roles"}}
}

// principalRolesDataSource lists the roles one principal holds.
type principalRolesDataSource struct {
	dataSourceBase
}

type principalRolesDataModel struct {
	ID             types.String `tfsdk:"id"`
	PrincipalType  types.String `tfsdk:"principal_type"`
	PrincipalID    types.String `tfsdk:"principal_id"`
	PermissionType types.String `tfsdk:"permission_type"`
	ScopeID        types.String `tfsdk:"scope_id"`
	Roles          types.List   `tfsdk:"roles"`
}

var heldRoleAttrTypes = map[string]attr.Type{
	"role_id":           types.StringType,
	"name":              types.StringType,
	"description":       types.StringType,
	"management_type":   types.StringType,
	"permission_type":   types.StringType,
	"scope_type":        types.StringType,
	"scope_id":          types.StringType,
	"policy_parameters": types.MapType{ElemType: types.StringType},
}

func (d *principalRolesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The roles one principal (a user, user group, access key or account API key) holds, " +
			"with the scope and content instance of each assignment. Roles a user holds through a group are listed " +
			"on the group, not the user. Fails when the principal does not exist.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<principal_type>/<principal_id>`.",
			},
			"principal_type": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: principalTypeDescription,
				Validators:          []validator.String{stringvalidator.OneOf(principalTypeValues...)},
			},
			"principal_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: principalIDDescription,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"permission_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only roles of this permission type: `global` or `content`.",
				Validators: []validator.String{stringvalidator.OneOf(
					string(client.PermissionTypeGlobal), string(client.PermissionTypeContent))},
			},
			"scope_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only assignments that apply in this product environment: those scoped to it " +
					"and those scoped to `all`. With `all`, only the assignments scoped to `all`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"roles": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching assignments, ordered by role id, then scope and parameters.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"role_id":         schema.StringAttribute{Computed: true, MarkdownDescription: "Role id."},
						"name":            schema.StringAttribute{Computed: true, MarkdownDescription: "Role name."},
						"description":     schema.StringAttribute{Computed: true, MarkdownDescription: "Role description; null when it has none."},
						"management_type": schema.StringAttribute{Computed: true, MarkdownDescription: "`system` (managed by Cloudinary) or `custom`."},
						"permission_type": schema.StringAttribute{Computed: true, MarkdownDescription: "`global` or `content`."},
						"scope_type":      schema.StringAttribute{Computed: true, MarkdownDescription: "`account` or `prodenv`."},
						"scope_id": schema.StringAttribute{Computed: true,
							MarkdownDescription: "Product environment of the assignment (an id or `all`); null for account roles."},
						"policy_parameters": schema.MapAttribute{Computed: true, ElementType: types.StringType,
							MarkdownDescription: "Content instance of a content role's assignment, e.g. `{ folder_id = \"...\" }`; null otherwise."},
					},
				},
			},
		},
	}
}

// scopeFilterMatches applies a scope_id filter the way the API's own
// scope_id filters do: an assignment scoped to "all" applies in every
// environment; filtering on "all" shows only those.
func scopeFilterMatches(filter, scopeID string) bool {
	return filter == "" || scopeID == filter || (scopeID == client.ScopeIDAll && filter != "")
}

// heldRolesList converts and filters a principal's roles.
func heldRolesList(held []client.AssignedRole, permissionType, scopeID string) types.List {
	rows := slices.Clone(held)
	rows = slices.DeleteFunc(rows, func(r client.AssignedRole) bool {
		return (permissionType != "" && string(r.PermissionType) != permissionType) ||
			!scopeFilterMatches(scopeID, scopeIDOf(r.ScopeID))
	})
	slices.SortStableFunc(rows, func(a, b client.AssignedRole) int {
		ka := assignmentFromAPI("", "", a).key()
		kb := assignmentFromAPI("", "", b).key()
		switch {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return 0
	})
	objType := types.ObjectType{AttrTypes: heldRoleAttrTypes}
	elems := make([]attr.Value, 0, len(rows))
	for _, r := range rows {
		elems = append(elems, types.ObjectValueMust(heldRoleAttrTypes, map[string]attr.Value{
			"role_id":           types.StringValue(r.ID),
			"name":              types.StringValue(r.Name),
			"description":       stringOrNull(r.Description),
			"management_type":   types.StringValue(string(r.ManagementType)),
			"permission_type":   types.StringValue(string(r.PermissionType)),
			"scope_type":        types.StringValue(string(r.ScopeType)),
			"scope_id":          stringOrNull(r.ScopeID),
			"policy_parameters": paramsMap(r.PolicyParameters),
		}))
	}
	return types.ListValueMust(objType, elems)
}

// scopeIDOf reads an optional scope_id ("" when absent).
func scopeIDOf(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func (d *principalRolesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m principalRolesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || d.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	pt, pid := client.PrincipalType(m.PrincipalType.ValueString()), m.PrincipalID.ValueString()
	held, err := d.data.reads.PrincipalRoles(ctx, pt, pid)
	if client.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("principal_id"), "Principal not found",
			fmt.Sprintf("No %s with id %q exists in this account: %s", pt, pid, err))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", fmt.Sprintf("the roles of %s %q", pt, pid), err)
		return
	}
	m.ID = types.StringValue(joinID(string(pt), pid))
	m.Roles = heldRolesList(held, m.PermissionType.ValueString(), m.ScopeID.ValueString())
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
