package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var _ datasource.DataSourceWithConfigValidators = (*productEnvironmentDataSource)(nil)

// NewProductEnvironmentDataSource is the cloudinary_product_environment data source.
func NewProductEnvironmentDataSource() datasource.DataSource {
	return &productEnvironmentDataSource{dataSourceBase: dataSourceBase{typeName: "product_environment"}}
}

// productEnvironmentDataSource reads one product environment by id,
// cloud_name or name.
type productEnvironmentDataSource struct{ dataSourceBase }

func (d *productEnvironmentDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := productEnvironmentDataAttributes()
	notEmpty := []validator.String{stringvalidator.LengthAtLeast(1)}
	attrs["id"] = schema.StringAttribute{
		Optional: true, Computed: true, Validators: notEmpty,
		MarkdownDescription: "Id to look up. Exactly one of `id`, `cloud_name` and `name` must be set.",
	}
	attrs["cloud_name"] = schema.StringAttribute{
		Optional: true, Computed: true, Validators: notEmpty,
		MarkdownDescription: "Cloud name to look up. Exactly one of `id`, `cloud_name` and `name` must be set.",
	}
	attrs["name"] = schema.StringAttribute{
		Optional: true, Computed: true, Validators: notEmpty,
		MarkdownDescription: "Display name to look up (exact match). Names need not be unique: the lookup fails when " +
			"several environments have this name. Exactly one of `id`, `cloud_name` and `name` must be set.",
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one product environment by `id`, `cloud_name` or `name` (exactly one of them).",
		Attributes:          attrs,
	}
}

func (d *productEnvironmentDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("cloud_name"), path.MatchRoot("name")),
	}
}

func (d *productEnvironmentDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m productEnvironmentDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	var (
		found []client.ProductEnvironment
		by    string
		key   string
		err   error
	)
	switch {
	case !m.ID.IsNull():
		by, key = "id", m.ID.ValueString()
		var pe *client.ProductEnvironment
		pe, err = d.data.reads.ProductEnvironment(ctx, key)
		if client.IsNotFound(err) {
			err = nil
		} else if err == nil {
			found = append(found, *pe)
		}
	case !m.CloudName.IsNull():
		by, key = "cloud_name", m.CloudName.ValueString()
		var pe *client.ProductEnvironment
		pe, err = d.data.readProductEnvironmentByCloudName(ctx, key)
		if pe != nil {
			found = append(found, *pe)
		}
	default:
		by, key = "name", m.Name.ValueString()
		found, err = d.data.readProductEnvironmentsNamed(ctx, key)
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "product environment", err)
		return
	}
	switch len(found) {
	case 0:
		resp.Diagnostics.AddAttributeError(path.Root(by), "Product environment not found",
			fmt.Sprintf("No product environment has the %s %q.", by, key))
		return
	case 1:
	default:
		ids := make([]string, 0, len(found))
		for _, pe := range found {
			ids = append(ids, fmt.Sprintf("%s (cloud_name %s)", pe.ID, pe.CloudName))
		}
		resp.Diagnostics.AddAttributeError(path.Root(by), "More than one product environment matches",
			fmt.Sprintf("%d product environments have the %s %q: %s. Look it up by id or cloud_name instead.",
				len(found), by, key, strings.Join(ids, ", ")))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, productEnvironmentDataFromAPI(found[0]))...)
}
