package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ list.ListResourceWithConfigure = &userGroupMembersListResource{}

// userGroupMembersListResource lists, for terraform query, every user group
// with its whole member list, as the authoritative
// cloudinary_user_group_members reads it.
type userGroupMembersListResource struct{ userGroupMembersResource }

func NewUserGroupMembersListResource() list.ListResource {
	return &userGroupMembersListResource{userGroupMembersResource{resourceBase: resourceBase{typeName: "user_group_members"}}}
}

type userGroupMembersListConfig struct {
	NamePrefix types.String `tfsdk:"name_prefix"`
}

func (r *userGroupMembersListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the account's user groups with their whole member lists, one result per group, for " +
			"`terraform query`. Use it or `cloudinary_user_group_membership`, not both, for one group.",
		Attributes: map[string]schema.Attribute{
			"name_prefix": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only groups whose name starts with this (ignoring letter case)."},
		},
	}
}

func (r *userGroupMembersListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg userGroupMembersListConfig
	r.data.answerList(ctx, req, stream, &cfg, "user group members", r.Read, func() ([]listedObject, error) {
		groups, err := r.data.groupsNamedFrom(ctx, cfg.NamePrefix)
		found := make([]listedObject, 0, len(groups))
		for _, g := range groups {
			found = append(found, listedObject{name: g.Name, keys: map[string]attr.Value{
				"id": types.StringValue(g.ID), "group_id": types.StringValue(g.ID),
			}})
		}
		return found, err
	})
}
