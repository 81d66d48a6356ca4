package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSource = (*permissionsCatalogDataSource)(nil)

// NewPermissionsCatalogDataSource is cloudinary_permissions_catalog: the
// public catalog of system roles and system policies.
func NewPermissionsCatalogDataSource() datasource.DataSource {
	return &permissionsCatalogDataSource{dataSourceBase: dataSourceBase{typeName: "permissions_catalog"}}
}

type permissionsCatalogDataSource struct {
	dataSourceBase
}

type permissionsCatalogModel struct {
	SystemPolicies []catalogPolicyModel `tfsdk:"system_policies"`
	SystemRoles    []catalogRoleModel   `tfsdk:"system_roles"`
}

type catalogPolicyModel struct {
	ID               types.String `tfsdk:"id"`
	Name             types.String `tfsdk:"name"`
	Description      types.String `tfsdk:"description"`
	Category         types.String `tfsdk:"category"`
	SubCategory      types.String `tfsdk:"sub_category"`
	PermissionType   types.String `tfsdk:"permission_type"`
	ScopeType        types.String `tfsdk:"scope_type"`
	PolicyStatement  types.String `tfsdk:"policy_statement"`
	PolicyParameters []string     `tfsdk:"policy_parameters"`
}

type catalogRoleModel struct {
	ID               types.String `tfsdk:"id"`
	Name             types.String `tfsdk:"name"`
	Description      types.String `tfsdk:"description"`
	PermissionType   types.String `tfsdk:"permission_type"`
	ScopeType        types.String `tfsdk:"scope_type"`
	SystemPolicyIDs  []string     `tfsdk:"system_policy_ids"`
	PolicyParameters []string     `tfsdk:"policy_parameters"`
}

func (d *permissionsCatalogDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	strs := func(desc string) schema.ListAttribute {
		return schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Cloudinary's catalog of system roles and system policies, the building blocks of custom " +
			"roles (`cloudinary_role`). It is public and the same for every account. Read once per Terraform run.",
		Attributes: map[string]schema.Attribute{
			"system_policies": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Every system policy, in catalog order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":               schema.StringAttribute{Computed: true, MarkdownDescription: "Policy id, e.g. `cld::policy::global::ml::access`; use it in a role's `system_policy_ids`."},
					"name":             schema.StringAttribute{Computed: true, MarkdownDescription: "Display name."},
					"description":      schema.StringAttribute{Computed: true, MarkdownDescription: "What the policy permits."},
					"category":         schema.StringAttribute{Computed: true, MarkdownDescription: "Catalog category, e.g. `Management`."},
					"sub_category":     schema.StringAttribute{Computed: true, MarkdownDescription: "Catalog sub-category."},
					"permission_type":  schema.StringAttribute{Computed: true, MarkdownDescription: "`global` or `content`."},
					"scope_type":       schema.StringAttribute{Computed: true, MarkdownDescription: "`account` or `prodenv`."},
					"policy_statement": schema.StringAttribute{Computed: true, MarkdownDescription: "The policy's Cedar statement (content policies carry placeholders such as `<folder_id>`)."},
					"policy_parameters": strs("The content types the policy takes when assigned, e.g. `[\"folder_id\"]`; " +
						"empty for global policies."),
				}},
			},
			"system_roles": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Every system role, in catalog order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                schema.StringAttribute{Computed: true, MarkdownDescription: "Role id, e.g. `cld::role::prodenv::admin`."},
					"name":              schema.StringAttribute{Computed: true, MarkdownDescription: "Display name."},
					"description":       schema.StringAttribute{Computed: true, MarkdownDescription: "What the role is for."},
					"permission_type":   schema.StringAttribute{Computed: true, MarkdownDescription: "`global` or `content`."},
					"scope_type":        schema.StringAttribute{Computed: true, MarkdownDescription: "`account` or `prodenv`."},
					"system_policy_ids": strs("Ids of the system policies the role grants."),
					"policy_parameters": strs("The content types the role takes when assigned; empty for global roles."),
				}},
			},
		},
	}
}

func (d *permissionsCatalogDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	cat, err := d.data.readPermissionsCatalog(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "the permissions catalog", err)
		return
	}
	state := permissionsCatalogModelFromAPI(cat)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// permissionsCatalogModelFromAPI converts the typed catalog.
func permissionsCatalogModelFromAPI(cat *permissionsCatalog) permissionsCatalogModel {
	m := permissionsCatalogModel{
		SystemPolicies: make([]catalogPolicyModel, 0, len(cat.Policies)),
		SystemRoles:    make([]catalogRoleModel, 0, len(cat.Roles)),
	}
	for _, p := range cat.Policies {
		m.SystemPolicies = append(m.SystemPolicies, catalogPolicyModel{
			ID: types.StringValue(p.ID), Name: types.StringValue(p.Name), Description: types.StringValue(p.Description),
			Category: types.StringValue(p.Category), SubCategory: types.StringValue(p.SubCategory),
			PermissionType: types.StringValue(p.PermissionType), ScopeType: types.StringValue(p.ScopeType),
			PolicyStatement: types.StringValue(p.Policy), PolicyParameters: nonNilStrings(p.PolicyParameters),
		})
	}
	for _, r := range cat.Roles {
		m.SystemRoles = append(m.SystemRoles, catalogRoleModel{
			ID: types.StringValue(r.ID), Name: types.StringValue(r.Name), Description: types.StringValue(r.Description),
			PermissionType: types.StringValue(r.PermissionType), ScopeType: types.StringValue(r.ScopeType),
			SystemPolicyIDs: nonNilStrings(r.SystemPolicyIDs), PolicyParameters: nonNilStrings(r.PolicyParameters),
		})
	}
	return m
}

// nonNilStrings turns nil into an empty slice, so list attributes are []
// rather than null.
func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
