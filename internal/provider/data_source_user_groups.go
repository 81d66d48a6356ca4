package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var _ datasource.DataSource = (*userGroupsDataSource)(nil)

// NewUserGroupsDataSource is the cloudinary_user_groups data source.
func NewUserGroupsDataSource() datasource.DataSource {
	return &userGroupsDataSource{dataSourceBase: dataSourceBase{typeName: "user_groups"}}
}

// userGroupsDataSource lists every group with its members, in one request.
type userGroupsDataSource struct{ dataSourceBase }

// userGroupsDataModel is the cloudinary_user_groups data source.
type userGroupsDataModel struct {
	UserGroups []userGroupDataModel `tfsdk:"user_groups"`
}

func (d *userGroupsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := userGroupDataMemberAttributes()
	attrs["id"] = schema.StringAttribute{Computed: true, MarkdownDescription: "Group id."}
	attrs["name"] = schema.StringAttribute{Computed: true, MarkdownDescription: "Group name."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every user group of the account with its members (one API request).",
		Attributes: map[string]schema.Attribute{
			"user_groups": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "All user groups, sorted by name.",
				NestedObject:        schema.NestedAttributeObject{Attributes: attrs},
			},
		},
	}
}

// userGroupsDataFromAPI converts every group, sorted by name then id.
func userGroupsDataFromAPI(groups []client.UserGroup) userGroupsDataModel {
	sorted := append([]client.UserGroup(nil), groups...)
	sort.Slice(sorted, func(i, j int) bool {
		if sorted[i].Name != sorted[j].Name {
			return sorted[i].Name < sorted[j].Name
		}
		return sorted[i].ID < sorted[j].ID
	})
	m := userGroupsDataModel{UserGroups: []userGroupDataModel{}}
	for i := range sorted {
		m.UserGroups = append(m.UserGroups, userGroupDataFromAPI(&sorted[i]))
	}
	return m
}

func (d *userGroupsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	groups, err := d.data.client.GetUserGroups(ctx, groupsWithMembers())
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "user groups", err)
		return
	}
	m := userGroupsDataFromAPI(groups)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
