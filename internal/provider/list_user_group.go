package provider

import (
	"context"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var _ list.ListResourceWithConfigure = &userGroupListResource{}

// userGroupListResource lists user groups for terraform query; each result
// is read by cloudinary_user_group's Read.
type userGroupListResource struct{ userGroupResource }

func NewUserGroupListResource() list.ListResource {
	return &userGroupListResource{userGroupResource{resourceBase: resourceBase{typeName: "user_group"}}}
}

type userGroupListConfig struct {
	NamePrefix types.String `tfsdk:"name_prefix"`
}

func (r *userGroupListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the account's user groups, for `terraform query`.",
		Attributes: map[string]schema.Attribute{
			"name_prefix": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only groups whose name starts with this (ignoring letter case)."},
		},
	}
}

func (r *userGroupListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg userGroupListConfig
	r.data.answerList(ctx, req, stream, &cfg, "user groups", r.Read, func() ([]listedObject, error) {
		groups, err := r.data.groupsNamedFrom(ctx, cfg.NamePrefix)
		found := make([]listedObject, 0, len(groups))
		for _, g := range groups {
			found = append(found, listedByID(g.Name, g.ID))
		}
		return found, err
	})
}

// groupsNamedFrom returns the user groups whose name starts with prefix
// (ignoring letter case; all when it is unset), by id: what the group and
// group-members list resources find.
func (d *providerData) groupsNamedFrom(ctx context.Context, prefix types.String) ([]client.UserGroup, error) {
	groups, err := d.reads.UserGroups(ctx)
	if err != nil {
		return nil, err
	}
	var named []client.UserGroup
	for _, id := range slices.Sorted(maps.Keys(groups)) {
		if g := groups[id]; hasPrefixFold(prefix, g.Name) {
			named = append(named, g)
		}
	}
	return named, nil
}
