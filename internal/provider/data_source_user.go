package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var _ datasource.DataSourceWithConfigValidators = (*userDataSource)(nil)

// NewUserDataSource is the cloudinary_user data source.
func NewUserDataSource() datasource.DataSource {
	return &userDataSource{dataSourceBase: dataSourceBase{typeName: "user"}}
}

// userDataSource reads one user by id or email, with the volatile fields
// the resource leaves out.
type userDataSource struct{ dataSourceBase }

// userDataModel is the cloudinary_user data source.
type userDataModel struct {
	ID                     types.String           `tfsdk:"id"`
	Email                  types.String           `tfsdk:"email"`
	Name                   types.String           `tfsdk:"name"`
	Role                   types.String           `tfsdk:"role"`
	Enabled                types.Bool             `tfsdk:"enabled"`
	Pending                types.Bool             `tfsdk:"pending"`
	LastLogin              types.String           `tfsdk:"last_login"`
	CreatedAt              types.String           `tfsdk:"created_at"`
	UpdatedAt              types.String           `tfsdk:"updated_at"`
	AllProductEnvironments types.Bool             `tfsdk:"all_product_environments"`
	ProductEnvironmentIDs  types.Set              `tfsdk:"product_environment_ids"`
	Groups                 []userDataGroupSummary `tfsdk:"groups"`
}

// userDataGroupSummary is one group the user belongs to.
type userDataGroupSummary struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
}

func (d *userDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one user of the account by `id` or by `email` (exactly one of them), with its " +
			"invitation status, last login, groups and product environments.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "User id to look up. Exactly one of `id` and `email` must be set.",
				Validators:          []validator.String{notBlank()},
			},
			"email": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Email to look up (letter case does not matter). Exactly one of `id` and `email` must be set.",
				Validators:          []validator.String{userEmailValidator()},
			},
			"name":                     schema.StringAttribute{Computed: true, MarkdownDescription: "Display name."},
			"role":                     schema.StringAttribute{Computed: true, MarkdownDescription: "Account role."},
			"enabled":                  schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the user can log in."},
			"pending":                  schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the user has not accepted the invitation yet."},
			"last_login":               schema.StringAttribute{Computed: true, MarkdownDescription: "Last login (RFC 3339); null if the user never logged in."},
			"created_at":               schema.StringAttribute{Computed: true, MarkdownDescription: "When the user was created (RFC 3339)."},
			"updated_at":               schema.StringAttribute{Computed: true, MarkdownDescription: "When the user was last changed (RFC 3339)."},
			"all_product_environments": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the user can access every product environment, including future ones."},
			"product_environment_ids": schema.SetAttribute{
				Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Ids of the product environments the user can access now (all of them when `all_product_environments` is true).",
			},
			"groups": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The user groups the user belongs to, by name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":   schema.StringAttribute{Computed: true, MarkdownDescription: "Group id."},
					"name": schema.StringAttribute{Computed: true, MarkdownDescription: "Group name."},
				}},
			},
		},
	}
}

func (d *userDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("email")),
	}
}

// userDataFromAPI converts a user, its environments and its groups.
func userDataFromAPI(u *client.User, envIDs []string, groups []client.UserGroupSummary) userDataModel {
	m := userDataModel{
		ID:                     types.StringValue(u.ID),
		Email:                  types.StringValue(u.Email),
		Name:                   types.StringValue(u.Name),
		Role:                   types.StringValue(u.Role),
		Enabled:                types.BoolValue(u.Enabled == nil || *u.Enabled),
		Pending:                types.BoolValue(u.Pending != nil && *u.Pending),
		LastLogin:              stringOrNull(&u.LastLogin),
		CreatedAt:              stringOrNull(&u.CreatedAt),
		UpdatedAt:              stringOrNull(&u.UpdatedAt),
		AllProductEnvironments: types.BoolValue(u.AllSubAccounts != nil && *u.AllSubAccounts),
		ProductEnvironmentIDs:  stringSet(envIDs),
		Groups:                 []userDataGroupSummary{},
	}
	sorted := append([]client.UserGroupSummary(nil), groups...)
	sort.Slice(sorted, func(i, j int) bool {
		if sorted[i].Name != sorted[j].Name {
			return sorted[i].Name < sorted[j].Name
		}
		return sorted[i].ID < sorted[j].ID
	})
	for _, g := range sorted {
		m.Groups = append(m.Groups, userDataGroupSummary{ID: types.StringValue(g.ID), Name: types.StringValue(g.Name)})
	}
	return m
}

func (d *userDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg userDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || d.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	var (
		u      *client.User
		envIDs []string
		err    error
		by     string
	)
	if !cfg.Email.IsNull() {
		by = fmt.Sprintf("email %q", cfg.Email.ValueString())
		u, envIDs, err = d.data.reads.UserByEmail(ctx, cfg.Email.ValueString())
	} else {
		by = fmt.Sprintf("id %q", cfg.ID.ValueString())
		u, envIDs, err = d.data.reads.User(ctx, cfg.ID.ValueString())
	}
	if client.IsNotFound(err) {
		resp.Diagnostics.AddError("User not found", fmt.Sprintf("No user with %s exists in the account.", by))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "user", err)
		return
	}
	// A user read directly carries its groups on the real service
	// (FIDELITY.md row 3); a listed one does not.
	groups := u.Groups
	if groups == nil {
		groups, err = d.data.client.GetGroupsForUser(ctx, u.ID)
		if err != nil {
			addAPIError(&resp.Diagnostics, "read", "groups of user "+u.ID, err)
			return
		}
	}
	m := userDataFromAPI(u, envIDs, groups)
	if !cfg.Email.IsNull() && strings.EqualFold(cfg.Email.ValueString(), u.Email) {
		m.Email = cfg.Email // keep the configured letter case
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
