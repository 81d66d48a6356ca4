package provider

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var _ datasource.DataSource = (*usersDataSource)(nil)

// NewUsersDataSource is the cloudinary_users data source.
func NewUsersDataSource() datasource.DataSource {
	return &usersDataSource{dataSourceBase: dataSourceBase{typeName: "users"}}
}

// usersDataSource lists users, filtered.
type usersDataSource struct{ dataSourceBase }

// usersDataModel is the cloudinary_users data source.
type usersDataModel struct {
	Pending              types.Bool      `tfsdk:"pending"`
	Prefix               types.String    `tfsdk:"prefix"`
	IDs                  types.Set       `tfsdk:"ids"`
	Emails               types.Set       `tfsdk:"emails"`
	ProductEnvironmentID types.String    `tfsdk:"product_environment_id"`
	Users                []usersDataUser `tfsdk:"users"`
}

// usersDataUser is one listed user.
type usersDataUser struct {
	ID                     types.String `tfsdk:"id"`
	Name                   types.String `tfsdk:"name"`
	Email                  types.String `tfsdk:"email"`
	Role                   types.String `tfsdk:"role"`
	Enabled                types.Bool   `tfsdk:"enabled"`
	Pending                types.Bool   `tfsdk:"pending"`
	LastLogin              types.String `tfsdk:"last_login"`
	CreatedAt              types.String `tfsdk:"created_at"`
	AllProductEnvironments types.Bool   `tfsdk:"all_product_environments"`
}

func (d *usersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the users of the account, sorted by email. Every filter is optional and they all " +
			"combine (a user must pass each one that is set); with none set, every user is listed.",
		Attributes: map[string]schema.Attribute{
			"pending": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "`true`: only users who have not accepted their invitation yet; `false`: only users " +
					"who have. Omit it for both.",
			},
			"prefix": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only users whose name starts with this text (letter case does not matter).",
				Validators:          []validator.String{notBlank()},
			},
			"ids": schema.SetAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Only these user ids. Ids that match no user are ignored.",
				Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(notBlank())},
			},
			"emails": schema.SetAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Only users with these emails (letter case does not matter). Emails that match no user are ignored.",
				Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(userEmailValidator())},
			},
			"product_environment_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only users who can access this product environment (including users with access to all).",
				Validators:          []validator.String{notBlank()},
			},
			"users": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching users, sorted by email.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                       schema.StringAttribute{Computed: true, MarkdownDescription: "User id."},
					"name":                     schema.StringAttribute{Computed: true, MarkdownDescription: "Display name."},
					"email":                    schema.StringAttribute{Computed: true, MarkdownDescription: "Email."},
					"role":                     schema.StringAttribute{Computed: true, MarkdownDescription: "Account role."},
					"enabled":                  schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the user can log in."},
					"pending":                  schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the user has not accepted the invitation yet."},
					"last_login":               schema.StringAttribute{Computed: true, MarkdownDescription: "Last login (RFC 3339); null if never."},
					"created_at":               schema.StringAttribute{Computed: true, MarkdownDescription: "When the user was created (RFC 3339)."},
					"all_product_environments": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the user can access every product environment."},
				}},
			},
		},
	}
}

// usersFilter is the part of the filtering the provider does itself: the API
// ignores every other filter when ids or emails are sent, and its pending
// filter cannot ask for accepted users only.
type usersFilter struct {
	Pending *bool
	Prefix  string
	IDs     []string
	Emails  []string
	// InEnvironment, when non-nil, is the set of ids of the users who can
	// access the requested environment.
	InEnvironment map[string]bool
}

// usersListOptions chooses the API filters: ids or emails when set (the API
// then ignores the others), otherwise pending, prefix and environment.
func usersListOptions(m usersDataModel, ids, emails []string) client.UserListOptions {
	switch {
	case len(ids) > 0:
		return client.UserListOptions{IDs: ids}
	case len(emails) > 0:
		return client.UserListOptions{Emails: emails}
	}
	var o client.UserListOptions
	if m.Pending.ValueBool() {
		o.Pending = client.Ptr(true)
	}
	if !m.Prefix.IsNull() {
		o.Prefix = client.Ptr(m.Prefix.ValueString())
	}
	if !m.ProductEnvironmentID.IsNull() {
		o.SubAccountID = client.Ptr(m.ProductEnvironmentID.ValueString())
	}
	return o
}

// filterUsers applies f to users and sorts the result by email.
func filterUsers(users []client.User, f usersFilter) []client.User {
	var out []client.User
	for _, u := range users {
		pending := u.Pending != nil && *u.Pending
		switch {
		case f.Pending != nil && pending != *f.Pending:
		case f.Prefix != "" && !strings.HasPrefix(strings.ToLower(u.Name), strings.ToLower(f.Prefix)):
		case len(f.IDs) > 0 && !slices.Contains(f.IDs, u.ID):
		case len(f.Emails) > 0 && !slices.ContainsFunc(f.Emails, func(e string) bool { return strings.EqualFold(e, u.Email) }):
		case f.InEnvironment != nil && !f.InEnvironment[u.ID]:
		default:
			out = append(out, u)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := strings.ToLower(out[i].Email), strings.ToLower(out[j].Email)
		if a != b {
			return a < b
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// usersDataUserFromAPI converts one listed user.
func usersDataUserFromAPI(u client.User) usersDataUser {
	return usersDataUser{
		ID:                     types.StringValue(u.ID),
		Name:                   types.StringValue(u.Name),
		Email:                  types.StringValue(u.Email),
		Role:                   types.StringValue(u.Role),
		Enabled:                types.BoolValue(u.Enabled == nil || *u.Enabled),
		Pending:                types.BoolValue(u.Pending != nil && *u.Pending),
		LastLogin:              stringOrNull(&u.LastLogin),
		CreatedAt:              stringOrNull(&u.CreatedAt),
		AllProductEnvironments: types.BoolValue(u.AllSubAccounts != nil && *u.AllSubAccounts),
	}
}

func (d *usersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m usersDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || d.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	ids := setStrings(ctx, m.IDs, &resp.Diagnostics)
	emails := setStrings(ctx, m.Emails, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	users, err := d.data.client.ListAllUsers(ctx, new(usersListOptions(m, ids, emails)))
	if err == nil {
		users, err = d.data.confirmMissingUsers(ctx, users, ids, emails)
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "users", err)
		return
	}
	f := usersFilter{Prefix: m.Prefix.ValueString(), IDs: ids, Emails: emails}
	if !m.Pending.IsNull() {
		f.Pending = client.Ptr(m.Pending.ValueBool())
	}
	if (len(ids) > 0 || len(emails) > 0) && !m.ProductEnvironmentID.IsNull() {
		// The API ignored sub_account_id: ask for that environment's users
		// separately and intersect.
		inEnv, err := d.data.client.ListAllUsers(ctx, &client.UserListOptions{SubAccountID: client.Ptr(m.ProductEnvironmentID.ValueString())})
		if err != nil {
			addAPIError(&resp.Diagnostics, "list", "users of product environment "+m.ProductEnvironmentID.ValueString(), err)
			return
		}
		f.InEnvironment = map[string]bool{}
		for _, u := range inEnv {
			f.InEnvironment[u.ID] = true
		}
	}
	m.Users = []usersDataUser{}
	for _, u := range filterUsers(users, f) {
		m.Users = append(m.Users, usersDataUserFromAPI(u))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
