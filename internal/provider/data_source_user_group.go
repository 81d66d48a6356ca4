package provider

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var _ datasource.DataSourceWithConfigValidators = (*userGroupDataSource)(nil)

// NewUserGroupDataSource is the cloudinary_user_group data source.
func NewUserGroupDataSource() datasource.DataSource {
	return &userGroupDataSource{dataSourceBase: dataSourceBase{typeName: "user_group"}}
}

// userGroupDataSource reads one group by id or name, with its members.
type userGroupDataSource struct{ dataSourceBase }

// userGroupDataModel is the cloudinary_user_group data source; each entry
// of cloudinary_user_groups has the same shape.
type userGroupDataModel struct {
	ID      types.String          `tfsdk:"id"`
	Name    types.String          `tfsdk:"name"`
	UserIDs types.Set             `tfsdk:"user_ids"`
	Users   []userGroupDataMember `tfsdk:"users"`
}

// userGroupDataMember is one member of a group.
type userGroupDataMember struct {
	ID    types.String `tfsdk:"id"`
	Name  types.String `tfsdk:"name"`
	Email types.String `tfsdk:"email"`
}

// userGroupDataMemberAttributes describe the members of a group, in both
// group data sources.
func userGroupDataMemberAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"user_ids": schema.SetAttribute{
			Computed: true, ElementType: types.StringType,
			MarkdownDescription: "Ids of the group's members.",
		},
		"users": schema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: "The group's members, sorted by email.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id":    schema.StringAttribute{Computed: true, MarkdownDescription: "User id."},
				"name":  schema.StringAttribute{Computed: true, MarkdownDescription: "User name."},
				"email": schema.StringAttribute{Computed: true, MarkdownDescription: "User email."},
			}},
		},
	}
}

func (d *userGroupDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := userGroupDataMemberAttributes()
	attrs["id"] = schema.StringAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: "Group id to look up. Exactly one of `id` and `name` must be set.",
		Validators:          []validator.String{notBlank()},
	}
	attrs["name"] = schema.StringAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: "Exact group name to look up. Exactly one of `id` and `name` must be set; " +
			"it is an error when no group or more than one group has the name.",
		Validators: []validator.String{notBlank()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one user group by `id` or by `name`, with its members.",
		Attributes:          attrs,
	}
}

func (d *userGroupDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

// userGroupDataFromAPI converts a group read with its members.
func userGroupDataFromAPI(g *client.UserGroup) userGroupDataModel {
	m := userGroupDataModel{
		ID:      types.StringValue(g.ID),
		Name:    types.StringValue(g.Name),
		UserIDs: stringSet(userGroupMemberIDs(g)),
		Users:   []userGroupDataMember{},
	}
	users := append([]client.UserGroupUser(nil), g.Users...)
	sort.Slice(users, func(i, j int) bool {
		if users[i].Email != users[j].Email {
			return users[i].Email < users[j].Email
		}
		return users[i].ID < users[j].ID
	})
	for _, u := range users {
		m.Users = append(m.Users, userGroupDataMember{
			ID: types.StringValue(u.ID), Name: types.StringValue(u.Name), Email: types.StringValue(u.Email),
		})
	}
	return m
}

func (d *userGroupDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg userGroupDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || d.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	var g *client.UserGroup
	if !cfg.ID.IsNull() {
		var err error
		g, err = d.data.reads.UserGroup(ctx, cfg.ID.ValueString())
		if client.IsNotFound(err) {
			resp.Diagnostics.AddError("User group not found", fmt.Sprintf("No user group with id %q exists in the account.", cfg.ID.ValueString()))
			return
		}
		if err != nil {
			addAPIError(&resp.Diagnostics, "read", "user group", err)
			return
		}
	} else {
		name := cfg.Name.ValueString()
		groups, err := d.data.client.GetUserGroups(ctx, groupsWithMembers())
		if err != nil {
			addAPIError(&resp.Diagnostics, "list", "user groups", err)
			return
		}
		g, err = pickUserGroupByName(groups, name)
		switch {
		case errors.Is(err, errUserGroupNameNotFound):
			resp.Diagnostics.AddError("User group not found", fmt.Sprintf("No user group named %q exists in the account (names are matched exactly).", name))
			return
		case errors.Is(err, errUserGroupNameAmbiguous):
			resp.Diagnostics.AddError("Ambiguous user group name", err.Error()+".")
			return
		}
	}
	m := userGroupDataFromAPI(g)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
