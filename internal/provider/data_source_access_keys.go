package provider

import (
	"cmp"
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// NewAccessKeysDataSource is the cloudinary_access_keys data source.
func NewAccessKeysDataSource() datasource.DataSource {
	return &accessKeysDataSource{dataSourceBase: dataSourceBase{typeName: "access_keys"}}
}

// accessKeysDataSource lists every access key of one product environment.
type accessKeysDataSource struct{ dataSourceBase }

// accessKeysDataModel is the cloudinary_access_keys data source.
type accessKeysDataModel struct {
	ProductEnvironmentID types.String         `tfsdk:"product_environment_id"`
	AccessKeys           []accessKeyDataModel `tfsdk:"access_keys"`
}

// accessKeyDataModel is one key of the list.
type accessKeyDataModel struct {
	Name      types.String `tfsdk:"name"`
	APIKey    types.String `tfsdk:"api_key"`
	APISecret types.String `tfsdk:"api_secret"`
	Enabled   types.Bool   `tfsdk:"enabled"`
	CreatedAt types.String `tfsdk:"created_at"`
	UpdatedAt types.String `tfsdk:"updated_at"`
	Root      types.Bool   `tfsdk:"root"`
}

func accessKeyDataFromAPI(k client.AccessKey) accessKeyDataModel {
	enabled := types.BoolValue(true)
	if k.Enabled != nil {
		enabled = types.BoolValue(*k.Enabled)
	}
	return accessKeyDataModel{
		Name:      stringOrNull(&k.Name),
		APIKey:    types.StringValue(k.APIKey),
		APISecret: stringOrNull(&k.APISecret),
		Enabled:   enabled,
		CreatedAt: stringOrNull(&k.CreatedAt),
		UpdatedAt: stringOrNull(&k.UpdatedAt),
		Root:      types.BoolPointerValue(k.Root),
	}
}

func (d *accessKeysDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every access key of one product environment, oldest first. The secrets are " +
			"sensitive and end up in the Terraform state.",
		Attributes: map[string]schema.Attribute{
			"product_environment_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the product environment.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"access_keys": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The environment's access keys, oldest first.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":       schema.StringAttribute{Computed: true, MarkdownDescription: "Name; null for an unnamed key."},
					"api_key":    schema.StringAttribute{Computed: true, MarkdownDescription: "The API key."},
					"api_secret": schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "The API secret; null when the API does not return it."},
					"enabled":    schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the key is enabled."},
					"created_at": schema.StringAttribute{Computed: true, MarkdownDescription: "When the key was created (RFC 3339)."},
					"updated_at": schema.StringAttribute{Computed: true, MarkdownDescription: "When the key was last updated (RFC 3339)."},
					"root": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether this is the environment's root key, " +
						"the one it was created with, which Cloudinary does not allow deleting; null when the API does not say " +
						"(Cloudinary returns it although its OpenAPI document does not list it)."},
				}},
			},
		},
	}
}

func (d *accessKeysDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m accessKeysDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	keys, err := d.data.client.ListAllAccessKeys(ctx, m.ProductEnvironmentID.ValueString(), nil)
	if err != nil {
		if client.IsNotFound(err) {
			resp.Diagnostics.AddError("Product environment not found",
				"No product environment has the id "+m.ProductEnvironmentID.ValueString()+": "+err.Error())
			return
		}
		addAPIError(&resp.Diagnostics, "list", "access keys", err)
		return
	}
	m.AccessKeys = sortedAccessKeys(keys)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// sortedAccessKeys converts and orders the keys oldest first (then by key),
// whatever order the API used.
func sortedAccessKeys(keys []client.AccessKey) []accessKeyDataModel {
	sorted := slices.Clone(keys)
	slices.SortStableFunc(sorted, func(a, b client.AccessKey) int {
		return cmp.Or(cmp.Compare(a.CreatedAt, b.CreatedAt), cmp.Compare(a.APIKey, b.APIKey))
	})
	out := make([]accessKeyDataModel, 0, len(sorted))
	for _, k := range sorted {
		out = append(out, accessKeyDataFromAPI(k))
	}
	return out
}
