package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var _ datasource.DataSource = (*systemPoliciesDataSource)(nil)

// NewSystemPoliciesDataSource is cloudinary_system_policies.
func NewSystemPoliciesDataSource() datasource.DataSource {
	return &systemPoliciesDataSource{dataSourceBase: dataSourceBase{typeName: "system_policies"}}
}

type systemPoliciesDataSource struct {
	dataSourceBase
}

type systemPoliciesModel struct {
	PermissionType types.String        `tfsdk:"permission_type"`
	ScopeType      types.String        `tfsdk:"scope_type"`
	IDs            []string            `tfsdk:"ids"`
	Policies       []systemPolicyModel `tfsdk:"policies"`
}

type systemPolicyModel struct {
	ID               types.String `tfsdk:"id"`
	Name             types.String `tfsdk:"name"`
	Description      types.String `tfsdk:"description"`
	Category         types.String `tfsdk:"category"`
	SubCategory      types.String `tfsdk:"sub_category"`
	PermissionType   types.String `tfsdk:"permission_type"`
	ScopeType        types.String `tfsdk:"scope_type"`
	PolicyStatement  types.String `tfsdk:"policy_statement"`
	PolicyParameters []string     `tfsdk:"policy_parameters"`
	CreatedAt        types.String `tfsdk:"created_at"`
	UpdatedAt        types.String `tfsdk:"updated_at"`
}

func (d *systemPoliciesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The system policies (predefined by Cloudinary) of one scope type, optionally of one " +
			"permission type: the ids a `cloudinary_role` can hold.",
		Attributes: map[string]schema.Attribute{
			"permission_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only policies of this permission type: `global` or `content`. Default: both.",
				Validators:          []validator.String{stringvalidator.OneOf(permissionTypeValues...)},
			},
			"scope_type": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Policies of this scope type: `account` or `prodenv`. When not set, the API returns the " +
					"`account` policies.",
				Validators: []validator.String{stringvalidator.OneOf(scopeTypeValues...)},
			},
			"ids": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The ids of the policies, in the API's order.",
			},
			"policies": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The policies, in the API's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":               schema.StringAttribute{Computed: true, MarkdownDescription: "Policy id."},
					"name":             schema.StringAttribute{Computed: true, MarkdownDescription: "Display name."},
					"description":      schema.StringAttribute{Computed: true, MarkdownDescription: "What the policy permits."},
					"category":         schema.StringAttribute{Computed: true, MarkdownDescription: "Catalog category."},
					"sub_category":     schema.StringAttribute{Computed: true, MarkdownDescription: "Catalog sub-category."},
					"permission_type":  schema.StringAttribute{Computed: true, MarkdownDescription: "`global` or `content`."},
					"scope_type":       schema.StringAttribute{Computed: true, MarkdownDescription: "`account` or `prodenv`."},
					"policy_statement": schema.StringAttribute{Computed: true, MarkdownDescription: "The Cedar statement."},
					"policy_parameters": schema.ListAttribute{Computed: true, ElementType: types.StringType,
						MarkdownDescription: "The content types the policy takes when assigned, e.g. `[\"folder_id\"]`."},
					"created_at": schema.StringAttribute{Computed: true, MarkdownDescription: "Creation time (RFC 3339)."},
					"updated_at": schema.StringAttribute{Computed: true, MarkdownDescription: "Last update time (RFC 3339)."},
				}},
			},
		},
	}
}

func (d *systemPoliciesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m systemPoliciesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || d.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	var opts client.GetSystemPoliciesOptions
	if !m.PermissionType.IsNull() {
		opts.PermissionType = client.Ptr(client.PermissionType(m.PermissionType.ValueString()))
	}
	if !m.ScopeType.IsNull() {
		opts.ScopeType = client.Ptr(client.ScopeType(m.ScopeType.ValueString()))
	}
	list, err := d.data.client.ListAllSystemPolicies(ctx, &opts)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "system policies", err)
		return
	}
	m.IDs, m.Policies = []string{}, []systemPolicyModel{}
	for _, p := range list {
		// The API filters; checking again keeps the result exact whatever
		// a server does with an unexpected filter.
		if opts.PermissionType != nil && p.PermissionType != *opts.PermissionType {
			continue
		}
		m.IDs = append(m.IDs, p.ID)
		m.Policies = append(m.Policies, systemPolicyModelFromAPI(p))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func systemPolicyModelFromAPI(p client.SystemPolicy) systemPolicyModel {
	return systemPolicyModel{
		ID: types.StringValue(p.ID), Name: types.StringValue(p.Name), Description: stringOrNull(p.Description),
		Category: types.StringValue(p.Category), SubCategory: types.StringValue(p.SubCategory),
		PermissionType: types.StringValue(string(p.PermissionType)), ScopeType: types.StringValue(string(p.ScopeType)),
		PolicyStatement: types.StringValue(p.PolicyStatement), PolicyParameters: nonNilStrings(p.PolicyParameters),
		CreatedAt: epochString(p.CreatedAt), UpdatedAt: epochString(p.UpdatedAt),
	}
}
