package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// NewProductEnvironmentsDataSource is the cloudinary_product_environments data source.
func NewProductEnvironmentsDataSource() datasource.DataSource {
	return &productEnvironmentsDataSource{dataSourceBase: dataSourceBase{typeName: "product_environments"}}
}

// productEnvironmentsDataSource lists product environments, optionally
// filtered.
type productEnvironmentsDataSource struct{ dataSourceBase }

// productEnvironmentsDataModel is the cloudinary_product_environments data source.
type productEnvironmentsDataModel struct {
	Enabled             types.Bool                    `tfsdk:"enabled"`
	Prefix              types.String                  `tfsdk:"prefix"`
	IDs                 types.Set                     `tfsdk:"ids"`
	CloudNames          types.Set                     `tfsdk:"cloud_names"`
	ProductEnvironments []productEnvironmentDataModel `tfsdk:"product_environments"`
}

// productEnvironmentDataModel is one product environment as the data
// sources show it (also the cloudinary_product_environment data source).
type productEnvironmentDataModel struct {
	ID        types.String `tfsdk:"id"`
	Name      types.String `tfsdk:"name"`
	CloudName types.String `tfsdk:"cloud_name"`
	Enabled   types.Bool   `tfsdk:"enabled"`
	CreatedAt types.String `tfsdk:"created_at"`
	UpdatedAt types.String `tfsdk:"updated_at"`
}

func productEnvironmentDataFromAPI(pe client.ProductEnvironment) productEnvironmentDataModel {
	enabled := types.BoolValue(true) // the documented default
	if pe.Enabled != nil {
		enabled = types.BoolValue(*pe.Enabled)
	}
	return productEnvironmentDataModel{
		ID:        types.StringValue(pe.ID),
		Name:      types.StringValue(pe.Name),
		CloudName: types.StringValue(pe.CloudName),
		Enabled:   enabled,
		CreatedAt: stringOrNull(&pe.CreatedAt),
		UpdatedAt: stringOrNull(&pe.UpdatedAt),
	}
}

// productEnvironmentDataAttributes are the computed attributes of one
// environment; lookup keys are made optional by the caller.
func productEnvironmentDataAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":         schema.StringAttribute{Computed: true, MarkdownDescription: "Product environment id."},
		"name":       schema.StringAttribute{Computed: true, MarkdownDescription: "Display name."},
		"cloud_name": schema.StringAttribute{Computed: true, MarkdownDescription: "Cloud name."},
		"enabled":    schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the environment is enabled."},
		"created_at": schema.StringAttribute{Computed: true, MarkdownDescription: "When the environment was created (RFC 3339)."},
		"updated_at": schema.StringAttribute{Computed: true, MarkdownDescription: "When the environment was last updated (RFC 3339)."},
	}
}

func (d *productEnvironmentsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's product environments, optionally filtered. All filters combine " +
			"(an environment must match every filter set); without filters every environment is listed. Sorted by " +
			"`cloud_name`.",
		Attributes: map[string]schema.Attribute{
			"enabled": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Only enabled (`true`) or only disabled (`false`) environments. Default: both.",
			},
			"prefix": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only environments whose name starts with this text (letter case does not matter).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"ids": schema.SetAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Only environments with these ids (1 to 100).",
				Validators: []validator.Set{
					setvalidator.SizeBetween(1, 100),
					setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
				},
			},
			"cloud_names": schema.SetAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Only environments with these cloud names (1 to 100).",
				Validators: []validator.Set{
					setvalidator.SizeBetween(1, 100),
					setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
				},
			},
			"product_environments": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching product environments, sorted by `cloud_name`.",
				NestedObject:        schema.NestedAttributeObject{Attributes: productEnvironmentDataAttributes()},
			},
		},
	}
}

func (d *productEnvironmentsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m productEnvironmentsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	f := client.ProductEnvironmentListOptions{
		IDs:        setStrings(ctx, m.IDs, &resp.Diagnostics),
		CloudNames: setStrings(ctx, m.CloudNames, &resp.Diagnostics),
	}
	if !m.Enabled.IsNull() {
		f.Enabled = client.Ptr(m.Enabled.ValueBool())
	}
	if !m.Prefix.IsNull() {
		f.Prefix = client.Ptr(m.Prefix.ValueString())
	}
	if resp.Diagnostics.HasError() {
		return
	}
	envs, err := d.data.client.GetProductEnvironments(ctx, &f)
	if err == nil {
		envs, err = d.data.confirmMissingProductEnvironments(ctx, envs, f.IDs, f.CloudNames)
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "product environments", err)
		return
	}
	m.ProductEnvironments = []productEnvironmentDataModel{}
	for _, pe := range filterProductEnvironments(envs, f) {
		m.ProductEnvironments = append(m.ProductEnvironments, productEnvironmentDataFromAPI(pe))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// filterProductEnvironments applies every filter again on our side (the API
// ignores the others when ids are given) and sorts by cloud_name, so the
// result does not depend on the API's order.
func filterProductEnvironments(envs []client.ProductEnvironment, f client.ProductEnvironmentListOptions) []client.ProductEnvironment {
	var out []client.ProductEnvironment
	for _, pe := range envs {
		enabled := pe.Enabled == nil || *pe.Enabled
		switch {
		case len(f.IDs) > 0 && !slices.Contains(f.IDs, pe.ID),
			len(f.CloudNames) > 0 && !slices.Contains(f.CloudNames, pe.CloudName),
			f.Enabled != nil && enabled != *f.Enabled,
			f.Prefix != nil && !strings.HasPrefix(strings.ToLower(pe.Name), strings.ToLower(*f.Prefix)):
			continue
		}
		out = append(out, pe)
	}
	slices.SortFunc(out, func(a, b client.ProductEnvironment) int { return strings.Compare(a.CloudName, b.CloudName) })
	return out
}
