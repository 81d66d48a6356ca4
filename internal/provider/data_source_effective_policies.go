package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var (
	_ datasource.DataSource                   = (*effectivePoliciesDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*effectivePoliciesDataSource)(nil)
)

// NewEffectivePoliciesDataSource is the constructor of cloudinary_effective_policies.
func NewEffectivePoliciesDataSource() datasource.DataSource {
	return &effectivePoliciesDataSource{dataSourceBase: dataSourceBase{typeName: "effective_policies"}}
}

// effectivePoliciesDataSource answers what one principal may do in one scope.
type effectivePoliciesDataSource struct {
	dataSourceBase
}

type effectivePoliciesModel struct {
	ID             types.String `tfsdk:"id"`
	PrincipalType  types.String `tfsdk:"principal_type"`
	PrincipalID    types.String `tfsdk:"principal_id"`
	ScopeType      types.String `tfsdk:"scope_type"`
	ScopeID        types.String `tfsdk:"scope_id"`
	Roles          types.List   `tfsdk:"roles"`
	CustomPolicies types.List   `tfsdk:"custom_policies"`
}

var (
	effectivePolicyAttrTypes = map[string]attr.Type{
		"id":               types.StringType,
		"policy_statement": types.StringType,
	}
	effectiveRoleAttrTypes = map[string]attr.Type{
		"role_id":         types.StringType,
		"system_policies": types.ListType{ElemType: types.ObjectType{AttrTypes: effectivePolicyAttrTypes}},
	}
)

func (d *effectivePoliciesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	policyAttrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{Computed: true, MarkdownDescription: "Policy id."},
		"policy_statement": schema.StringAttribute{Computed: true,
			MarkdownDescription: "The policy's Cedar statement as it applies to this principal (with the principal and, " +
				"for content roles, the folder or collection filled in)."},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Everything one principal may do in one scope: the roles it holds there, each with its " +
			"system policies, and the custom policies that apply to it. Roles a user holds through a user group are " +
			"granted to the group: read them with the group as principal. Fails when the principal does not exist.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<principal_type>/<principal_id>/<scope_type>[/<scope_id>]`.",
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
			"scope_type": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "`account` (the default: account-level roles and policies) or `prodenv` " +
					"(product environment roles and policies).",
				Validators: []validator.String{stringvalidator.OneOf(
					string(client.ScopeTypeAccount), string(client.ScopeTypeProdenv))},
			},
			"scope_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "With `scope_type = \"prodenv\"` only: one product environment id (what applies " +
					"there, including what is scoped to `all`), or `all`. Omitted: every environment.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"roles": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The roles the principal holds in the scope, one entry per assignment.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"role_id": schema.StringAttribute{Computed: true, MarkdownDescription: "Role id."},
						"system_policies": schema.ListNestedAttribute{
							Computed:            true,
							MarkdownDescription: "The role's system policies.",
							NestedObject:        schema.NestedAttributeObject{Attributes: policyAttrs},
						},
					},
				},
			},
			"custom_policies": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The enabled custom policies of the scope that apply to the principal.",
				NestedObject:        schema.NestedAttributeObject{Attributes: policyAttrs},
			},
		},
	}
}

// ValidateConfig refuses scope_id outside the prodenv scope.
func (d *effectivePoliciesDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m effectivePoliciesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.ScopeID.IsNull() || m.ScopeType.IsUnknown() {
		return
	}
	if m.ScopeType.ValueString() != string(client.ScopeTypeProdenv) {
		resp.Diagnostics.AddAttributeError(path.Root("scope_id"), "Invalid scope_id",
			"scope_id is only allowed with scope_type = \"prodenv\": set scope_type to \"prodenv\" or remove scope_id.")
	}
}

// effectivePolicyList converts policies.
func effectivePolicyList(ps []client.EffectivePolicy) types.List {
	objType := types.ObjectType{AttrTypes: effectivePolicyAttrTypes}
	elems := make([]attr.Value, 0, len(ps))
	for _, p := range ps {
		elems = append(elems, types.ObjectValueMust(effectivePolicyAttrTypes, map[string]attr.Value{
			"id":               types.StringValue(p.ID),
			"policy_statement": types.StringValue(p.PolicyStatement),
		}))
	}
	return types.ListValueMust(objType, elems)
}

// effectiveRolesList picks the principal's entry out of the answer (which
// may list several principals) and converts its roles, in the API's order.
func effectiveRolesList(ep *client.EffectivePolicies, pt client.PrincipalType, pid string) types.List {
	objType := types.ObjectType{AttrTypes: effectiveRoleAttrTypes}
	var elems []attr.Value
	for _, p := range ep.Principals {
		if p.PrincipalType != pt || p.PrincipalID != pid {
			continue
		}
		for _, r := range p.Roles {
			elems = append(elems, types.ObjectValueMust(effectiveRoleAttrTypes, map[string]attr.Value{
				"role_id":         types.StringValue(r.ID),
				"system_policies": effectivePolicyList(r.SystemPolicies),
			}))
		}
	}
	return types.ListValueMust(objType, append([]attr.Value{}, elems...))
}

func (d *effectivePoliciesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m effectivePoliciesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || d.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	if m.ScopeType.IsNull() {
		m.ScopeType = types.StringValue(string(client.ScopeTypeAccount))
	}
	pt, pid := client.PrincipalType(m.PrincipalType.ValueString()), m.PrincipalID.ValueString()
	scope := client.ScopeType(m.ScopeType.ValueString())
	opts := client.GetEffectivePoliciesOptions{ScopeType: &scope, PrincipalType: &pt, PrincipalID: &pid}
	idParts := []string{string(pt), pid, string(scope)}
	if !m.ScopeID.IsNull() {
		opts.ScopeID = client.Ptr(m.ScopeID.ValueString())
		idParts = append(idParts, m.ScopeID.ValueString())
	}
	ep, err := d.data.client.GetEffectivePolicies(ctx, &opts)
	if client.IsNotFound(err) {
		resp.Diagnostics.AddError("Principal or scope not found",
			fmt.Sprintf("The API found no %s %q (or no product environment %q): %s", pt, pid, m.ScopeID.ValueString(), err))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", fmt.Sprintf("the effective policies of %s %q", pt, pid), err)
		return
	}
	m.ID = types.StringValue(joinID(idParts...))
	m.Roles = effectiveRolesList(ep, pt, pid)
	m.CustomPolicies = effectivePolicyList(ep.CustomPolicies)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
