package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var _ datasource.DataSource = (*rolesDataSource)(nil)

// NewRolesDataSource is cloudinary_roles: the list endpoint with its
// filters.
func NewRolesDataSource() datasource.DataSource {
	return &rolesDataSource{dataSourceBase: dataSourceBase{typeName: "roles"}}
}

type rolesDataSource struct {
	dataSourceBase
}

type rolesModel struct {
	PermissionType   types.String       `tfsdk:"permission_type"`
	ScopeType        types.String       `tfsdk:"scope_type"`
	ManagementType   types.String       `tfsdk:"management_type"`
	PolicyParameters []string           `tfsdk:"policy_parameters"`
	IDs              []string           `tfsdk:"ids"`
	Roles            []roleSummaryModel `tfsdk:"roles"`
}

// roleSummaryModel is a role as the list endpoint returns it (no policies).
type roleSummaryModel struct {
	ID               types.String `tfsdk:"id"`
	Name             types.String `tfsdk:"name"`
	Description      types.String `tfsdk:"description"`
	ManagementType   types.String `tfsdk:"management_type"`
	PermissionType   types.String `tfsdk:"permission_type"`
	ScopeType        types.String `tfsdk:"scope_type"`
	PolicyParameters []string     `tfsdk:"policy_parameters"`
	CreatedAt        types.String `tfsdk:"created_at"`
	UpdatedAt        types.String `tfsdk:"updated_at"`
}

func roleSummaryFromAPI(r client.Role) roleSummaryModel {
	return roleSummaryModel{
		ID: types.StringValue(r.ID), Name: types.StringValue(r.Name), Description: stringOrNull(r.Description),
		ManagementType: types.StringValue(string(r.ManagementType)), PermissionType: types.StringValue(string(r.PermissionType)),
		ScopeType: types.StringValue(string(r.ScopeType)), PolicyParameters: nonNilStrings(r.PolicyParameters),
		CreatedAt: epochString(r.CreatedAt), UpdatedAt: epochString(r.UpdatedAt),
	}
}

func (d *rolesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The system and custom roles of one permission type, optionally filtered by scope type, " +
			"management type and content types. The list carries no policies: read one role's `system_policy_ids` " +
			"with the `cloudinary_role` data source.",
		Attributes: map[string]schema.Attribute{
			"permission_type": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Roles of this permission type: `global` or `content` (the API requires one).",
				Validators:          []validator.String{stringvalidator.OneOf(permissionTypeValues...)},
			},
			"scope_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only roles of this scope type: `account` or `prodenv`. Default: both.",
				Validators:          []validator.String{stringvalidator.OneOf(scopeTypeValues...)},
			},
			"management_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only `system` (managed by Cloudinary) or `custom` roles. Default: both.",
				Validators:          []validator.String{stringvalidator.OneOf(managementTypeValues...)},
			},
			"policy_parameters": schema.ListAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Only content roles that take all of these content types when assigned, e.g. " +
					"`[\"folder_id\"]`.",
				Validators: []validator.List{listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"ids": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The ids of the matching roles, in the API's order (system roles first).",
			},
			"roles": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching roles, in the API's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":              schema.StringAttribute{Computed: true, MarkdownDescription: "Role id."},
					"name":            schema.StringAttribute{Computed: true, MarkdownDescription: "Role name."},
					"description":     schema.StringAttribute{Computed: true, MarkdownDescription: "Role description; null when it has none."},
					"management_type": schema.StringAttribute{Computed: true, MarkdownDescription: "`system` or `custom`."},
					"permission_type": schema.StringAttribute{Computed: true, MarkdownDescription: "`global` or `content`."},
					"scope_type":      schema.StringAttribute{Computed: true, MarkdownDescription: "`account` or `prodenv`."},
					"policy_parameters": schema.ListAttribute{Computed: true, ElementType: types.StringType,
						MarkdownDescription: "The content types the role takes when assigned; empty for global roles."},
					"created_at": schema.StringAttribute{Computed: true, MarkdownDescription: "Creation time (RFC 3339)."},
					"updated_at": schema.StringAttribute{Computed: true, MarkdownDescription: "Last update time (RFC 3339)."},
				}},
			},
		},
	}
}

func (d *rolesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m rolesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || d.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	opts := client.GetRolesOptions{PermissionType: client.PermissionType(m.PermissionType.ValueString())}
	if !m.ScopeType.IsNull() {
		opts.ScopeType = client.Ptr(client.ScopeType(m.ScopeType.ValueString()))
	}
	if !m.ManagementType.IsNull() {
		opts.ManagementType = client.Ptr(client.ManagementType(m.ManagementType.ValueString()))
	}
	if len(m.PolicyParameters) > 0 {
		opts.PolicyParameters = m.PolicyParameters
	}
	roles, err := d.data.client.GetRoles(ctx, opts)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "roles", err)
		return
	}
	m.IDs, m.Roles = []string{}, []roleSummaryModel{}
	for _, r := range roles {
		m.IDs = append(m.IDs, r.ID)
		m.Roles = append(m.Roles, roleSummaryFromAPI(r))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
