package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var _ datasource.DataSourceWithValidateConfig = (*customPoliciesDataSource)(nil)

// NewCustomPoliciesDataSource is cloudinary_custom_policies.
func NewCustomPoliciesDataSource() datasource.DataSource {
	return &customPoliciesDataSource{dataSourceBase: dataSourceBase{typeName: "custom_policies"}}
}

type customPoliciesDataSource struct {
	dataSourceBase
}

type customPoliciesModel struct {
	ScopeType types.String               `tfsdk:"scope_type"`
	ScopeID   types.String               `tfsdk:"scope_id"`
	Enabled   types.Bool                 `tfsdk:"enabled"`
	IDs       []string                   `tfsdk:"ids"`
	Policies  []customPolicySummaryModel `tfsdk:"policies"`
}

type customPolicySummaryModel struct {
	ID              types.String `tfsdk:"id"`
	Name            types.String `tfsdk:"name"`
	Description     types.String `tfsdk:"description"`
	PolicyStatement types.String `tfsdk:"policy_statement"`
	ScopeType       types.String `tfsdk:"scope_type"`
	ScopeID         types.String `tfsdk:"scope_id"`
	Enabled         types.Bool   `tfsdk:"enabled"`
	CreatedAt       types.String `tfsdk:"created_at"`
	UpdatedAt       types.String `tfsdk:"updated_at"`
}

func (d *customPoliciesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The custom policies of one scope (the account, or one product environment), optionally " +
			"only enabled or disabled ones. Every page of the list is read.",
		Attributes: map[string]schema.Attribute{
			"scope_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "`account` (the default, as in the API) or `prodenv`.",
				Validators:          []validator.String{stringvalidator.OneOf(scopeTypeValues...)},
			},
			"scope_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The product environment id. Required when `scope_type` is `prodenv`, where the list " +
					"also holds the policies scoped to `all` environments; must not be set for `account`.",
				Validators: []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^\S+$`), "must be a product environment id, without spaces")},
			},
			"enabled": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Only enabled (`true`) or disabled (`false`) policies. Default: both.",
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
					"name":             schema.StringAttribute{Computed: true, MarkdownDescription: "Policy name."},
					"description":      schema.StringAttribute{Computed: true, MarkdownDescription: "Policy description; null when it has none."},
					"policy_statement": schema.StringAttribute{Computed: true, MarkdownDescription: "The Cedar statement."},
					"scope_type":       schema.StringAttribute{Computed: true, MarkdownDescription: "`account` or `prodenv`."},
					"scope_id":         schema.StringAttribute{Computed: true, MarkdownDescription: "For `prodenv` policies, the environment id or `all`; null for `account`."},
					"enabled":          schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the policy is in force."},
					"created_at":       schema.StringAttribute{Computed: true, MarkdownDescription: "Creation time (RFC 3339)."},
					"updated_at":       schema.StringAttribute{Computed: true, MarkdownDescription: "Last update time (RFC 3339)."},
				}},
			},
		},
	}
}

func (d *customPoliciesDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m customPoliciesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	scopeType := m.ScopeType
	if scopeType.IsNull() {
		scopeType = types.StringValue(string(client.ScopeTypeAccount))
	}
	validatePolicyScope(scopeType, m.ScopeID, &resp.Diagnostics)
}

func (d *customPoliciesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m customPoliciesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || d.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	var opts client.GetCustomPoliciesOptions
	if !m.ScopeType.IsNull() {
		opts.ScopeType = client.Ptr(client.ScopeType(m.ScopeType.ValueString()))
	}
	opts.ScopeID = m.ScopeID.ValueStringPointer()
	opts.Enabled = m.Enabled.ValueBoolPointer()
	list, err := d.data.client.ListAllCustomPolicies(ctx, &opts)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "custom policies", err)
		return
	}
	m.IDs, m.Policies = []string{}, []customPolicySummaryModel{}
	for _, p := range list {
		m.IDs = append(m.IDs, p.ID)
		m.Policies = append(m.Policies, customPolicySummaryModel{
			ID: types.StringValue(p.ID), Name: types.StringValue(p.Name), Description: stringOrNull(p.Description),
			PolicyStatement: types.StringValue(p.PolicyStatement), ScopeType: types.StringValue(string(p.ScopeType)),
			ScopeID: stringOrNull(p.ScopeID), Enabled: types.BoolValue(p.Enabled),
			CreatedAt: epochString(p.CreatedAt), UpdatedAt: epochString(p.UpdatedAt),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
