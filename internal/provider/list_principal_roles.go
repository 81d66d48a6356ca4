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

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/readcache"
)

var _ list.ListResourceWithConfigure = &principalRolesListResource{}

// principalRolesListResource lists, for terraform query, every principal
// that holds roles, as the authoritative cloudinary_principal_roles reads it.
type principalRolesListResource struct{ principalRolesResource }

func NewPrincipalRolesListResource() list.ListResource {
	return &principalRolesListResource{principalRolesResource{resourceBase: resourceBase{typeName: "principal_roles"}}}
}

type principalRolesListConfig struct {
	PrincipalType types.String `tfsdk:"principal_type"`
}

func (r *principalRolesListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds every principal that holds roles, one result each with all its roles, for `terraform query`. " +
			mixAssignmentWarning,
		Attributes: map[string]schema.Attribute{
			"principal_type": schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.OneOf(principalTypeValues...)},
				MarkdownDescription: principalTypeDescription + " Only principals of this kind."},
		},
	}
}

func (r *principalRolesListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg principalRolesListConfig
	r.data.answerList(ctx, req, stream, &cfg, "principal roles", r.Read, func() ([]listedObject, error) {
		all, err := r.data.reads.AllPrincipalRoles(ctx)
		if err != nil {
			return nil, err
		}
		var principals []readcache.Principal
		for p := range all {
			if matches(cfg.PrincipalType, string(p.Type)) {
				principals = append(principals, p)
			}
		}
		slices.SortFunc(principals, func(a, b readcache.Principal) int {
			return cmp.Compare(joinID(string(a.Type), a.ID), joinID(string(b.Type), b.ID))
		})
		found := make([]listedObject, 0, len(principals))
		for _, p := range principals {
			found = append(found, listedObject{name: string(p.Type) + " " + p.ID, keys: map[string]attr.Value{
				"id": types.StringValue(joinID(string(p.Type), p.ID)), "principal_type": types.StringValue(string(p.Type)),
				"principal_id": types.StringValue(p.ID),
			}})
		}
		return found, nil
	})
}
