package provider

import (
	"context"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ list.ListResourceWithConfigure = &productEnvironmentListResource{}

// productEnvironmentListResource lists product environments for terraform
// query; each result is read by cloudinary_product_environment's Read.
type productEnvironmentListResource struct{ productEnvironmentResource }

func NewProductEnvironmentListResource() list.ListResource {
	return &productEnvironmentListResource{productEnvironmentResource{resourceBase: resourceBase{typeName: "product_environment"}}}
}

type productEnvironmentListConfig struct {
	Enabled    types.Bool   `tfsdk:"enabled"`
	NamePrefix types.String `tfsdk:"name_prefix"`
}

func (r *productEnvironmentListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the account's product environments (the primary one included), for `terraform query`.",
		Attributes: map[string]schema.Attribute{
			"enabled": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Only enabled (`true`) or only disabled (`false`) environments."},
			"name_prefix": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only environments whose name starts with this (ignoring letter case)."},
		},
	}
}

func (r *productEnvironmentListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg productEnvironmentListConfig
	r.data.answerList(ctx, req, stream, &cfg, "product environments", r.Read, func() ([]listedObject, error) {
		envs, err := r.data.reads.ProductEnvironments(ctx)
		if err != nil {
			return nil, err
		}
		var found []listedObject
		for _, id := range slices.Sorted(maps.Keys(envs)) {
			e := envs[id]
			if matchesBool(cfg.Enabled, e.Enabled == nil || *e.Enabled) && hasPrefixFold(cfg.NamePrefix, e.Name) {
				found = append(found, listedByID(e.Name+" ("+e.CloudName+")", e.ID))
			}
		}
		return found, nil
	})
}
