package provider

import (
	"cmp"
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var _ list.ListResourceWithConfigure = &userListResource{}

// userListResource lists users for terraform query; each result is read by
// cloudinary_user's Read.
type userListResource struct{ userResource }

func NewUserListResource() list.ListResource {
	return &userListResource{userResource{resourceBase: resourceBase{typeName: "user"}}}
}

type userListConfig struct {
	ProductEnvironmentID types.String `tfsdk:"product_environment_id"`
	Role                 types.String `tfsdk:"role"`
	GroupID              types.String `tfsdk:"group_id"`
	EmailPrefix          types.String `tfsdk:"email_prefix"`
	Enabled              types.Bool   `tfsdk:"enabled"`
	Pending              types.Bool   `tfsdk:"pending"`
}

func (r *userListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the account's users, for `terraform query`. Every filter is optional; together they all apply.",
		Attributes: map[string]schema.Attribute{
			"product_environment_id": schema.StringAttribute{Optional: true, Validators: []validator.String{notBlank()},
				MarkdownDescription: "Only users who can reach this product environment (those with access to all environments included)."},
			"role": schema.StringAttribute{Optional: true, Validators: []validator.String{notBlank()},
				MarkdownDescription: "Only users with this role, e.g. `admin` or `media_library_user`."},
			"group_id": schema.StringAttribute{Optional: true, Validators: []validator.String{notBlank()},
				MarkdownDescription: "Only members of this user group."},
			"email_prefix": schema.StringAttribute{Optional: true, Validators: []validator.String{notBlank()},
				MarkdownDescription: "Only users whose email starts with this (ignoring letter case)."},
			"enabled": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Only enabled (`true`) or only disabled (`false`) users."},
			"pending": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Only users who have (`false`) or have not yet (`true`) accepted their invitation."},
		},
	}
}

func (r *userListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg userListConfig
	r.data.answerList(ctx, req, stream, &cfg, "users", r.Read, func() ([]listedObject, error) {
		// Every user, whichever environments it reaches, filtered here: no
		// result depends on the API honouring a filter.
		users, err := r.data.client.ListAllUsers(ctx, nil)
		if err != nil {
			return nil, err
		}
		inEnv, members, err := r.reachAndMembers(ctx, cfg)
		if err != nil {
			return nil, err
		}
		slices.SortFunc(users, func(a, b client.User) int { return cmp.Compare(a.ID, b.ID) })
		var found []listedObject
		for _, u := range users {
			if matches(cfg.Role, u.Role) && hasPrefixFold(cfg.EmailPrefix, u.Email) &&
				matchesBool(cfg.Enabled, u.Enabled == nil || *u.Enabled) && matchesBool(cfg.Pending, u.Pending != nil && *u.Pending) &&
				(inEnv == nil || inEnv(u)) && (members == nil || members[u.ID]) {
				found = append(found, listedByID(u.Email, u.ID))
			}
		}
		return found, nil
	})
}

// reachAndMembers prepares the environment and group filters: nil when
// unset.
func (r *userListResource) reachAndMembers(ctx context.Context, cfg userListConfig) (inEnv func(client.User) bool, members map[string]bool, err error) {
	if v := cfg.ProductEnvironmentID; !v.IsNull() && !v.IsUnknown() {
		matrix, _, err := r.data.reads.UserEnvironments(ctx)
		if err != nil {
			return nil, nil, err
		}
		envID := v.ValueString()
		inEnv = func(u client.User) bool {
			all := u.Role == client.UserRoleMasterAdmin || u.AllSubAccounts == nil || *u.AllSubAccounts
			return all || slices.Contains(matrix.Envs[u.ID], envID)
		}
	}
	if v := cfg.GroupID; !v.IsNull() && !v.IsUnknown() {
		groups, err := r.data.reads.UserGroups(ctx)
		if err != nil {
			return nil, nil, err
		}
		members = map[string]bool{}
		for _, m := range groups[v.ValueString()].Users {
			members[m.ID] = true
		}
	}
	return inEnv, members, nil
}
