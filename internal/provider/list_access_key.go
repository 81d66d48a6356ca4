package provider

import (
	"context"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/readcache"
)

var _ list.ListResourceWithConfigure = &accessKeyListResource{}

// accessKeyListResource lists access keys for terraform query; each result
// is read by cloudinary_access_key's Read, and never carries the secret.
type accessKeyListResource struct{ accessKeyResource }

func NewAccessKeyListResource() list.ListResource {
	return &accessKeyListResource{accessKeyResource{resourceBase: resourceBase{typeName: "access_key"}}}
}

type accessKeyListConfig struct {
	ProductEnvironmentID types.String `tfsdk:"product_environment_id"`
}

func (r *accessKeyListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the access keys of the account's product environments, for `terraform query`. " +
			"No result carries a key's `api_secret`: an imported key reads it from the API.",
		Attributes: map[string]schema.Attribute{
			"product_environment_id": schema.StringAttribute{Optional: true, Validators: []validator.String{notBlank()},
				MarkdownDescription: "Only the keys of this product environment."},
		},
	}
}

func (r *accessKeyListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg accessKeyListConfig
	r.data.answerList(ctx, req, stream, &cfg, "access keys", r.Read, func() ([]listedObject, error) {
		envs, err := r.data.reads.ProductEnvironments(ctx)
		if err != nil {
			return nil, err
		}
		var envIDs []string
		for _, id := range slices.Sorted(maps.Keys(envs)) {
			if matches(cfg.ProductEnvironmentID, id) {
				envIDs = append(envIDs, id)
			}
		}
		keys, err := readcache.FetchAll(ctx, len(envIDs), func(ctx context.Context, i int) (map[string]client.AccessKey, error) {
			return r.data.reads.AccessKeys(ctx, envIDs[i])
		})
		if err != nil {
			return nil, err
		}
		var found []listedObject
		for i, envID := range envIDs {
			for _, apiKey := range slices.Sorted(maps.Keys(keys[i])) {
				if apiKey == "" {
					continue
				}
				name := keys[i][apiKey].Name
				if name == "" {
					name = apiKey
				}
				found = append(found, listedObject{name: envs[envID].CloudName + " / " + name, keys: map[string]attr.Value{
					"id":                     types.StringValue(joinID(envID, apiKey)),
					"product_environment_id": types.StringValue(envID),
					"api_key":                types.StringValue(apiKey),
				}})
			}
		}
		return found, nil
	}, "api_secret")
}
