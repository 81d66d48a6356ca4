package provider

import (
	"cmp"
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var _ list.ListResourceWithConfigure = &roleListResource{}

// roleListResource lists roles for terraform query; each result is read by
// cloudinary_role's Read.
type roleListResource struct{ roleResource }

func NewRoleListResource() list.ListResource {
	return &roleListResource{roleResource{resourceBase: resourceBase{typeName: "role"}}}
}

type roleListConfig struct {
	PermissionType types.String `tfsdk:"permission_type"`
	ScopeType      types.String `tfsdk:"scope_type"`
	ManagementType types.String `tfsdk:"management_type"`
}

func (r *roleListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the account's roles, for `terraform query`: the custom roles, unless `management_type` says otherwise.",
		Attributes: map[string]schema.Attribute{
			"permission_type": schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.OneOf(permissionTypeValues...)},
				MarkdownDescription: "Only `global` or only `content` roles."},
			"scope_type": schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.OneOf(scopeTypeValues...)},
				MarkdownDescription: "Only `account` or only `prodenv` roles."},
			"management_type": schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.OneOf(managementTypeValues...)},
				MarkdownDescription: "`custom` (the default: the roles `cloudinary_role` manages) or `system` (Cloudinary's " +
					"predefined roles, which can be read but not changed)."},
		},
	}
}

func (r *roleListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg roleListConfig
	r.data.answerList(ctx, req, stream, &cfg, "roles", r.Read, func() ([]listedObject, error) {
		management := client.ManagementTypeCustom
		if v := cfg.ManagementType; !v.IsNull() && !v.IsUnknown() {
			management = client.ManagementType(v.ValueString())
		}
		var found []listedObject
		for _, pt := range []client.PermissionType{client.PermissionTypeGlobal, client.PermissionTypeContent} {
			if !matches(cfg.PermissionType, string(pt)) {
				continue
			}
			roles, err := r.data.client.GetRoles(ctx, client.GetRolesOptions{PermissionType: pt, ManagementType: &management})
			if err != nil {
				return nil, err
			}
			slices.SortFunc(roles, func(a, b client.Role) int { return cmp.Compare(a.ID, b.ID) })
			for _, role := range roles {
				// The filters are the server's; keep only what they promised.
				if role.ManagementType == management && matches(cfg.ScopeType, string(role.ScopeType)) {
					found = append(found, listedObject{name: role.Name, keys: map[string]attr.Value{
						"id": types.StringValue(role.ID), "role_id": types.StringValue(role.ID), "force_delete": types.BoolValue(false),
					}})
				}
			}
		}
		return found, nil
	})
}
