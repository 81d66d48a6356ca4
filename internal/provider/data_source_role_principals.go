package provider

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var _ datasource.DataSource = (*rolePrincipalsDataSource)(nil)

// NewRolePrincipalsDataSource is the constructor of cloudinary_role_principals.
func NewRolePrincipalsDataSource() datasource.DataSource {
	return &rolePrincipalsDataSource{dataSourceBase: dataSourceBase{typeName: "role_principals"}}
}

// rolePrincipalsDataSource lists who holds a role.
type rolePrincipalsDataSource struct {
	dataSourceBase
}

type rolePrincipalsModel struct {
	ID               types.String `tfsdk:"id"`
	RoleID           types.String `tfsdk:"role_id"`
	PrincipalType    types.String `tfsdk:"principal_type"`
	ScopeID          types.String `tfsdk:"scope_id"`
	PolicyParameters types.Map    `tfsdk:"policy_parameters"`
	Principals       types.List   `tfsdk:"principals"`
}

var rolePrincipalAttrTypes = map[string]attr.Type{
	"principal_type":    types.StringType,
	"principal_id":      types.StringType,
	"scope_type":        types.StringType,
	"scope_id":          types.StringType,
	"policy_parameters": types.MapType{ElemType: types.StringType},
}

func (d *rolePrincipalsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Who holds a role: every assignment of one system or custom role, with its principal, " +
			"scope and content instance. Fails when the role does not exist.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The role id.",
			},
			"role_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the role: a system role (such as `cld::role::account::billing`) or a custom role.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"principal_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only principals of this kind: `user`, `group`, `apiKey` or `provisioningKey`.",
				Validators:          []validator.String{stringvalidator.OneOf(principalTypeValues...)},
			},
			"scope_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only assignments that apply in this product environment: those scoped to it " +
					"and those scoped to `all`. With `all`, only the assignments scoped to `all`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"policy_parameters": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Only assignments on this content instance: each key given must have this value " +
					"in the assignment's `policy_parameters`, e.g. `{ folder_id = \"...\" }`.",
				Validators: []validator.Map{
					mapvalidator.KeysAre(stringvalidator.LengthAtLeast(1)),
					mapvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
				},
			},
			"principals": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The matching assignments, ordered by principal type and id. A principal that " +
					"holds the role several times (in several scopes or on several folders) appears once per assignment.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"principal_type": schema.StringAttribute{Computed: true, MarkdownDescription: principalTypeDescription},
						"principal_id":   schema.StringAttribute{Computed: true, MarkdownDescription: principalIDDescription},
						"scope_type":     schema.StringAttribute{Computed: true, MarkdownDescription: "`account` or `prodenv`."},
						"scope_id": schema.StringAttribute{Computed: true,
							MarkdownDescription: "Product environment of the assignment (an id or `all`); null for account roles."},
						"policy_parameters": schema.MapAttribute{Computed: true, ElementType: types.StringType,
							MarkdownDescription: "Content instance of a content role's assignment; null otherwise."},
					},
				},
			},
		},
	}
}

// rolePrincipalsList filters and converts a role's assignments.
func rolePrincipalsList(rows []client.RolePrincipal, principalType, scopeID string, params map[string]string) types.List {
	rows = slices.DeleteFunc(slices.Clone(rows), func(p client.RolePrincipal) bool {
		if principalType != "" && string(p.Type) != principalType {
			return true
		}
		if !scopeFilterMatches(scopeID, scopeIDOf(p.ScopeID)) {
			return true
		}
		for k, v := range params {
			if got, ok := p.PolicyParameters[k]; !ok || got != v {
				return true
			}
		}
		return false
	})
	rank := func(t client.PrincipalType) int { return slices.Index(principalTypeValues, string(t)) }
	slices.SortStableFunc(rows, func(a, b client.RolePrincipal) int {
		return cmp.Or(cmp.Compare(rank(a.Type), rank(b.Type)), cmp.Compare(a.ID, b.ID),
			cmp.Compare(assignmentFromAPI("", "", client.AssignedRole{ScopeID: a.ScopeID, PolicyParameters: a.PolicyParameters}).key(),
				assignmentFromAPI("", "", client.AssignedRole{ScopeID: b.ScopeID, PolicyParameters: b.PolicyParameters}).key()))
	})
	objType := types.ObjectType{AttrTypes: rolePrincipalAttrTypes}
	elems := make([]attr.Value, 0, len(rows))
	for _, p := range rows {
		scopeType := types.StringNull()
		if p.ScopeType != "" {
			scopeType = types.StringValue(string(p.ScopeType))
		}
		elems = append(elems, types.ObjectValueMust(rolePrincipalAttrTypes, map[string]attr.Value{
			"principal_type":    types.StringValue(string(p.Type)),
			"principal_id":      types.StringValue(p.ID),
			"scope_type":        scopeType,
			"scope_id":          stringOrNull(p.ScopeID),
			"policy_parameters": paramsMap(p.PolicyParameters),
		}))
	}
	return types.ListValueMust(objType, elems)
}

func (d *rolePrincipalsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m rolePrincipalsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || d.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	roleID := m.RoleID.ValueString()
	params := mapStrings(ctx, m.PolicyParameters, &resp.Diagnostics)
	rows, err := d.data.client.GetRolePrincipals(ctx, roleID, &client.GetRolePrincipalsOptions{Verbose: client.Ptr(true)})
	if client.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("role_id"), "Role not found",
			fmt.Sprintf("No role with id %q exists in this account: %s", roleID, err))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", fmt.Sprintf("the principals of role %q", roleID), err)
		return
	}
	m.ID = types.StringValue(roleID)
	m.Principals = rolePrincipalsList(rows, m.PrincipalType.ValueString(), m.ScopeID.ValueString(), params)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
