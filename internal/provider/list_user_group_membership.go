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
)

var _ list.ListResourceWithConfigure = &userGroupMembershipListResource{}

// userGroupMembershipListResource lists group memberships for terraform
// query; each result is read by cloudinary_user_group_membership's Read.
type userGroupMembershipListResource struct{ userGroupMembershipResource }

func NewUserGroupMembershipListResource() list.ListResource {
	return &userGroupMembershipListResource{userGroupMembershipResource{resourceBase: resourceBase{typeName: "user_group_membership"}}}
}

type userGroupMembershipListConfig struct {
	GroupID types.String `tfsdk:"group_id"`
}

func (r *userGroupMembershipListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the members of the account's user groups, one result per group and user, for `terraform query`.",
		Attributes: map[string]schema.Attribute{
			"group_id": schema.StringAttribute{Optional: true, Validators: []validator.String{notBlank()},
				MarkdownDescription: "Only the members of this user group."},
		},
	}
}

func (r *userGroupMembershipListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg userGroupMembershipListConfig
	r.data.answerList(ctx, req, stream, &cfg, "user group memberships", r.Read, func() ([]listedObject, error) {
		groups, err := r.data.reads.UserGroups(ctx)
		if err != nil {
			return nil, err
		}
		var found []listedObject
		for _, gid := range slices.Sorted(maps.Keys(groups)) {
			if !matches(cfg.GroupID, gid) {
				continue
			}
			g := groups[gid]
			for _, u := range g.Users {
				found = append(found, listedObject{name: g.Name + " / " + u.Email, keys: map[string]attr.Value{
					"id": types.StringValue(joinID(gid, u.ID)), "group_id": types.StringValue(gid), "user_id": types.StringValue(u.ID),
				}})
			}
		}
		return found, nil
	})
}
