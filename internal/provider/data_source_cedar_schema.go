package provider

import (
	"context"
	"encoding/json"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSource = (*cedarSchemaDataSource)(nil)

// NewCedarSchemaDataSource is cloudinary_cedar_schema.
func NewCedarSchemaDataSource() datasource.DataSource {
	return &cedarSchemaDataSource{dataSourceBase: dataSourceBase{typeName: "cedar_schema"}}
}

type cedarSchemaDataSource struct {
	dataSourceBase
}

type cedarSchemaModel struct {
	Schema     types.String `tfsdk:"schema"`
	Namespaces []string     `tfsdk:"namespaces"`
}

func (d *cedarSchemaDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Cedar schema (entity types and actions) that custom policy statements are checked " +
			"against, in Cedar's JSON schema format. It is public and the same for every account.",
		Attributes: map[string]schema.Attribute{
			"schema": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The schema as a JSON string, keyed by namespace (`Cloudinary`, ...); decode it with " +
					"`jsondecode()`. Keys are sorted, so the value is stable.",
			},
			"namespaces": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The schema's namespaces, sorted.",
			},
		},
	}
}

func (d *cedarSchemaDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	s, err := d.data.client.GetCedarSchema(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "the Cedar schema", err)
		return
	}
	m, err := cedarSchemaModelFromAPI(s.Schema)
	if err != nil {
		resp.Diagnostics.AddError("Unable to encode the Cedar schema", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// cedarSchemaModelFromAPI renders the open schema object as JSON (Go sorts
// map keys, so equal schemas give equal strings).
func cedarSchemaModelFromAPI(s map[string]any) (cedarSchemaModel, error) {
	if s == nil {
		s = map[string]any{}
	}
	b, err := json.Marshal(s)
	if err != nil {
		return cedarSchemaModel{}, err
	}
	ns := make([]string, 0, len(s))
	for k := range s {
		ns = append(ns, k)
	}
	sort.Strings(ns)
	return cedarSchemaModel{Schema: types.StringValue(string(b)), Namespaces: ns}, nil
}
