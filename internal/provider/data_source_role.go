package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var _ datasource.DataSourceWithConfigValidators = (*roleDataSource)(nil)

// NewRoleDataSource is cloudinary_role: one system or custom role, by id or
// by name.
func NewRoleDataSource() datasource.DataSource {
	return &roleDataSource{dataSourceBase: dataSourceBase{typeName: "role"}}
}

type roleDataSource struct {
	dataSourceBase
}

type roleDataModel struct {
	ID               types.String `tfsdk:"id"`
	Name             types.String `tfsdk:"name"`
	PermissionType   types.String `tfsdk:"permission_type"`
	ScopeType        types.String `tfsdk:"scope_type"`
	ManagementType   types.String `tfsdk:"management_type"`
	Description      types.String `tfsdk:"description"`
	SystemPolicyIDs  []string     `tfsdk:"system_policy_ids"`
	PolicyParameters []string     `tfsdk:"policy_parameters"`
	CreatedAt        types.String `tfsdk:"created_at"`
	UpdatedAt        types.String `tfsdk:"updated_at"`
}

func (d *roleDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One role, system (managed by Cloudinary) or custom, looked up by `id` or by `name`, with " +
			"the ids of its system policies. A name lookup must match exactly one role: system roles of different " +
			"scopes share names (`Admin`), so narrow it with `scope_type`, `permission_type` or `management_type`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "The role id, e.g. `cld::role::prodenv::admin`. Set exactly one of `id` and `name`.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"name": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "The role name (exact, case-sensitive). Set exactly one of `id` and `name`.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"permission_type": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "`global` or `content`. When set, the role must be of this type (narrows a name lookup).",
				Validators:          []validator.String{stringvalidator.OneOf(permissionTypeValues...)},
			},
			"scope_type": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "`account` or `prodenv`. When set, the role must be of this type (narrows a name lookup).",
				Validators:          []validator.String{stringvalidator.OneOf(scopeTypeValues...)},
			},
			"management_type": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "`system` or `custom`. When set, the role must be of this type (narrows a name lookup).",
				Validators:          []validator.String{stringvalidator.OneOf(managementTypeValues...)},
			},
			"description": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The role description; null when it has none.",
			},
			"system_policy_ids": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Ids of the system policies the role grants, sorted.",
			},
			"policy_parameters": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The content types the role takes when assigned, e.g. `[\"folder_id\"]`; empty for global roles.",
			},
			"created_at": schema.StringAttribute{Computed: true, MarkdownDescription: "Creation time (RFC 3339)."},
			"updated_at": schema.StringAttribute{Computed: true, MarkdownDescription: "Last update time (RFC 3339)."},
		},
	}
}

func (d *roleDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *roleDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m roleDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || d.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	id := m.ID.ValueString()
	if m.ID.IsNull() {
		found, ok := d.findByName(ctx, m, resp)
		if !ok {
			return
		}
		id = found
	}
	role, err := d.data.reads.Role(ctx, id)
	if client.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Role not found",
			fmt.Sprintf("No role has the id %q. The cloudinary_roles data source lists the account's roles.", id))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "role", err)
		return
	}
	for _, f := range []struct {
		name      string
		want, got string
		isSet     bool
	}{
		{"permission_type", m.PermissionType.ValueString(), string(role.PermissionType), !m.PermissionType.IsNull()},
		{"scope_type", m.ScopeType.ValueString(), string(role.ScopeType), !m.ScopeType.IsNull()},
		{"management_type", m.ManagementType.ValueString(), string(role.ManagementType), !m.ManagementType.IsNull()},
	} {
		if f.isSet && f.want != f.got {
			resp.Diagnostics.AddAttributeError(path.Root(f.name), "Role does not match",
				fmt.Sprintf("Role %q has %s %q, but the configuration asks for %q.", id, f.name, f.got, f.want))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	state := roleDataModelFromAPI(role)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// findByName returns the id of the only role with m's name among those
// matching m's filters, or reports none/several.
func (d *roleDataSource) findByName(ctx context.Context, m roleDataModel, resp *datasource.ReadResponse) (string, bool) {
	name := m.Name.ValueString()
	perms := []client.PermissionType{client.PermissionTypeGlobal, client.PermissionTypeContent}
	if !m.PermissionType.IsNull() {
		perms = []client.PermissionType{client.PermissionType(m.PermissionType.ValueString())}
	}
	var matches []client.Role
	for _, perm := range perms {
		opts := client.GetRolesOptions{PermissionType: perm}
		if !m.ScopeType.IsNull() {
			opts.ScopeType = client.Ptr(client.ScopeType(m.ScopeType.ValueString()))
		}
		if !m.ManagementType.IsNull() {
			opts.ManagementType = client.Ptr(client.ManagementType(m.ManagementType.ValueString()))
		}
		roles, err := d.data.client.GetRoles(ctx, opts)
		if err != nil {
			addAPIError(&resp.Diagnostics, "list", "roles", err)
			return "", false
		}
		for _, r := range roles {
			if r.Name == name && (opts.ScopeType == nil || r.ScopeType == *opts.ScopeType) &&
				(opts.ManagementType == nil || r.ManagementType == *opts.ManagementType) {
				matches = append(matches, r)
			}
		}
	}
	switch len(matches) {
	case 1:
		return matches[0].ID, true
	case 0:
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Role not found",
			fmt.Sprintf("No role is named %q%s. Names are exact and case-sensitive; the cloudinary_roles data source lists the roles.",
				name, roleFilterText(m)))
	default:
		var list []string
		for _, r := range matches {
			list = append(list, fmt.Sprintf("%s (%s, %s, %s)", r.ID, r.ManagementType, r.PermissionType, r.ScopeType))
		}
		sort.Strings(list)
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Ambiguous role name",
			fmt.Sprintf("%d roles are named %q%s: %s. Set id instead, or narrow the lookup with scope_type, "+
				"permission_type or management_type.", len(matches), name, roleFilterText(m), strings.Join(list, ", ")))
	}
	return "", false
}

// roleFilterText describes the filters set, for messages.
func roleFilterText(m roleDataModel) string {
	var parts []string
	for _, f := range []struct {
		name string
		v    types.String
	}{{"permission_type", m.PermissionType}, {"scope_type", m.ScopeType}, {"management_type", m.ManagementType}} {
		if !f.v.IsNull() {
			parts = append(parts, fmt.Sprintf("%s %q", f.name, f.v.ValueString()))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " with " + strings.Join(parts, " and ")
}

func roleDataModelFromAPI(role *client.Role) roleDataModel {
	ids := role.SystemPolicyIDs()
	ids = append([]string{}, ids...)
	sort.Strings(ids)
	return roleDataModel{
		ID: types.StringValue(role.ID), Name: types.StringValue(role.Name),
		PermissionType: types.StringValue(string(role.PermissionType)), ScopeType: types.StringValue(string(role.ScopeType)),
		ManagementType: types.StringValue(string(role.ManagementType)), Description: stringOrNull(role.Description),
		SystemPolicyIDs: ids, PolicyParameters: nonNilStrings(role.PolicyParameters),
		CreatedAt: epochString(role.CreatedAt), UpdatedAt: epochString(role.UpdatedAt),
	}
}
