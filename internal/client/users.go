package client

import (
	"context"
	"net/http"
	"net/url"
)

// User roles (UserRequest.role).
const (
	UserRoleMasterAdmin       = "master_admin"
	UserRoleAdmin             = "admin"
	UserRoleBilling           = "billing"
	UserRoleTechnicalAdmin    = "technical_admin"
	UserRoleReports           = "reports"
	UserRoleMediaLibraryAdmin = "media_library_admin"
	UserRoleMediaLibraryUser  = "media_library_user"
)

// UserRoles lists every role a user can be given.
var UserRoles = []string{
	UserRoleMasterAdmin, UserRoleAdmin, UserRoleBilling, UserRoleTechnicalAdmin,
	UserRoleReports, UserRoleMediaLibraryAdmin, UserRoleMediaLibraryUser,
}

// User mirrors the User schema, plus two fields the real service adds on
// getUser, createUser and updateUser (FIDELITY.md row 3): Groups and
// SubAccountIDs. Both are nil when the answer leaves them out (lists do, and
// so may the service): then read a user's environments with
// GetSubAccountsForUser and its groups with GetGroupsForUser.
type User struct {
	ID               string         `json:"id"`
	Name             string         `json:"name"`
	FirstName        string         `json:"first_name"`
	LastName         string         `json:"last_name"`
	Role             string         `json:"role"`
	Email            string         `json:"email"`
	Pending          *bool          `json:"pending"`
	Enabled          *bool          `json:"enabled"`
	CreatedAt        string         `json:"created_at"` // RFC 3339
	UpdatedAt        string         `json:"updated_at"` // RFC 3339
	LastLogin        string         `json:"last_login"` // RFC 3339
	AllSubAccounts   *bool          `json:"all_sub_accounts"`
	Providers        []string       `json:"providers"`
	EmailPreferences map[string]any `json:"email_preferences"`
	AccountID        string         `json:"account_id"`
	TwoFactor        *bool          `json:"two_factor"`
	Status           string         `json:"status"`
	Root             *bool          `json:"root"`
	TechnicalRole    string         `json:"technical_role"`
	GroupCount       *int           `json:"group_count"`
	SubAccountCount  *int           `json:"sub_account_count"`
	// Groups are the user's groups as {id, name}; nil when not returned.
	Groups []UserGroupSummary `json:"groups"`
	// SubAccountIDs are the environments a restricted user can reach; the
	// service sends them as one comma-joined string, StringList also takes
	// an array. nil when not returned (as for a user with every
	// environment, see AllSubAccounts).
	SubAccountIDs StringList `json:"sub_account_ids"`
}

// RestrictedSubAccountIDs returns the environments the user can reach when
// the answer says so without another request: the user is not marked as
// reaching all of them and sub_account_ids came back. ok is false when a
// GetSubAccountsForUser call is needed.
func (u *User) RestrictedSubAccountIDs() (ids []string, ok bool) {
	if u == nil || u.SubAccountIDs == nil || u.AllSubAccounts == nil || *u.AllSubAccounts {
		return nil, false
	}
	return append([]string{}, u.SubAccountIDs...), true
}

// UsersResponse mirrors the getUsers answer.
type UsersResponse struct {
	Users []User `json:"users"`
}

// UserGroupSummary mirrors UserGroupSummary (getGroupsForUser).
type UserGroupSummary struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// UserGroupsListResponse mirrors the getGroupsForUser answer.
type UserGroupsListResponse struct {
	Groups []UserGroupSummary `json:"groups"`
}

// SubAccountSummary mirrors SubAccountSummary (getSubAccountsForUser).
type SubAccountSummary struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	CloudName   string `json:"cloud_name"`
	Enabled     *bool  `json:"enabled"`
}

// UserSubAccountsResponse mirrors the getSubAccountsForUser answer.
type UserSubAccountsResponse struct {
	SubAccounts []SubAccountSummary `json:"sub_accounts"`
}

// UserListOptions are the getUsers filters. With IDs or Emails (up to 100
// each) the API ignores the other filters except Pending, which the real
// service applies (true: pending users only, false: users who are not
// pending; FIDELITY.md row 9). Callers must not rely on any filter being
// honoured.
type UserListOptions struct {
	Pending      *bool
	IDs          []string // up to 100 (ListAllUsers splits longer lists)
	Emails       []string // up to 100 (ListAllUsers splits longer lists)
	Prefix       *string  // case-insensitive name prefix
	SubAccountID *string  // only users with access to this environment
	LastLogin    *bool    // filter on the From/To last-login range
	From         *string  // yyyy-mm-dd
	To           *string  // yyyy-mm-dd
	UnionType    *string  // include (default) or exclude the range
	SortOrder    *string  // desc (default), asc
	SortBy       *string  // name, role, status, activity, created_at
	Page         *int
	PageSize     *int
}

func (o *UserListOptions) values() url.Values {
	q := url.Values{}
	if o == nil {
		return q
	}
	setBool(q, "pending", o.Pending)
	addArray(q, "ids", o.IDs)
	addArray(q, "emails", o.Emails)
	setString(q, "prefix", o.Prefix)
	setString(q, "sub_account_id", o.SubAccountID)
	setBool(q, "last_login", o.LastLogin)
	setString(q, "from", o.From)
	setString(q, "to", o.To)
	setString(q, "union_type", o.UnionType)
	setString(q, "sort_order", o.SortOrder)
	setString(q, "sort_by", o.SortBy)
	setInt(q, "page", o.Page)
	setInt(q, "page_size", o.PageSize)
	return q
}

// UserCreateRequest is the createUser body (UserRequest with name and email
// required).
type UserCreateRequest struct {
	Name  string  `json:"name"`
	Email string  `json:"email"` // unique: 409 if taken
	Role  *string `json:"role,omitempty"`
	// SubAccountIDs are the environments the user can reach; nil omits the
	// field (API default: all). Ignored for master_admin. Never returned.
	SubAccountIDs []string `json:"sub_account_ids,omitzero"`
	Enabled       *bool    `json:"enabled,omitempty"`
}

// UserUpdateRequest is the updateUser body (UserRequest); nil fields are
// left unchanged, a non-nil empty SubAccountIDs sends [].
type UserUpdateRequest struct {
	Name          *string  `json:"name,omitempty"`
	Email         *string  `json:"email,omitempty"`
	Role          *string  `json:"role,omitempty"`
	SubAccountIDs []string `json:"sub_account_ids,omitzero"`
	Enabled       *bool    `json:"enabled,omitempty"`
}

// GetUsers lists users matching opts (one page when opts.Page is set).
//
//meta:operation GET /v1_1/provisioning/accounts/{account_id}/users
func (c *Client) GetUsers(ctx context.Context, opts *UserListOptions) ([]User, error) {
	var out UsersResponse
	err := c.do(ctx, request{
		op:     "getUsers",
		method: http.MethodGet,
		path:   c.provisioningPath("users"),
		query:  opts.values(),
		want:   []int{http.StatusOK},
	}, &out)
	if err != nil {
		return nil, err
	}
	return out.Users, nil
}

// UsersPageSize is the page size ListAllUsers asks for unless opts sets one.
const UsersPageSize = 100

// maxUserFilter is the documented limit of the ids and emails filters.
const maxUserFilter = 100

// ListAllUsers returns every user matching opts, walking the pages; IDs and
// Emails longer than 100 are sent in chunks. opts.Page is ignored.
func (c *Client) ListAllUsers(ctx context.Context, opts *UserListOptions) ([]User, error) {
	var base UserListOptions
	if opts != nil {
		base = *opts
	}
	pageSize := UsersPageSize
	if base.PageSize != nil && *base.PageSize > 0 {
		pageSize = *base.PageSize
	}

	// One walk per chunk of ids/emails (a single walk when neither is long).
	var chunks []UserListOptions
	switch {
	case len(base.IDs) > maxUserFilter:
		for _, part := range chunk(base.IDs, maxUserFilter) {
			o := base
			o.IDs = part
			chunks = append(chunks, o)
		}
	case len(base.Emails) > maxUserFilter && len(base.IDs) == 0:
		for _, part := range chunk(base.Emails, maxUserFilter) {
			o := base
			o.Emails = part
			chunks = append(chunks, o)
		}
	default:
		chunks = []UserListOptions{base}
	}

	var all []User
	seen := map[string]bool{}
	for _, o := range chunks {
		users, err := CollectPages(ctx, PageWalk[User]{
			PageSize: pageSize,
			Key:      func(u User) string { return u.ID },
		}, func(ctx context.Context, page, size int) ([]User, int, error) {
			o.Page, o.PageSize = &page, &size
			users, err := c.GetUsers(ctx, &o)
			return users, -1, err
		})
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			if !seen[u.ID] {
				seen[u.ID] = true
				all = append(all, u)
			}
		}
	}
	return all, nil
}

func chunk(s []string, n int) [][]string {
	var out [][]string
	for len(s) > n {
		out = append(out, s[:n:n])
		s = s[n:]
	}
	if len(s) > 0 {
		out = append(out, s)
	}
	return out
}

// CreateUser creates a user (natural key: email). An *OutcomeUnknownError
// means the user may exist: look it up by email before creating again.
//
//meta:operation POST /v1_1/provisioning/accounts/{account_id}/users
func (c *Client) CreateUser(ctx context.Context, req UserCreateRequest) (*User, error) {
	return call[User](ctx, c, request{
		op:     "createUser",
		method: http.MethodPost,
		path:   c.provisioningPath("users"),
		body:   req,
		want:   []int{http.StatusOK},
		create: true,
	})
}

// GetUser reads one user.
//
//meta:operation GET /v1_1/provisioning/accounts/{account_id}/users/{user_id}
func (c *Client) GetUser(ctx context.Context, userID string) (*User, error) {
	if err := requireID("user_id", userID); err != nil {
		return nil, err
	}
	return call[User](ctx, c, request{
		op:     "getUser",
		method: http.MethodGet,
		path:   c.provisioningPath("users", userID),
		want:   []int{http.StatusOK},
	})
}

// UpdateUser updates a user.
//
//meta:operation PUT /v1_1/provisioning/accounts/{account_id}/users/{user_id}
func (c *Client) UpdateUser(ctx context.Context, userID string, req UserUpdateRequest) (*User, error) {
	if err := requireID("user_id", userID); err != nil {
		return nil, err
	}
	return call[User](ctx, c, request{
		op:     "updateUser",
		method: http.MethodPut,
		path:   c.provisioningPath("users", userID),
		body:   req,
		want:   []int{http.StatusOK},
	})
}

// DeleteUser deletes a user.
//
//meta:operation DELETE /v1_1/provisioning/accounts/{account_id}/users/{user_id}
func (c *Client) DeleteUser(ctx context.Context, userID string) error {
	if err := requireID("user_id", userID); err != nil {
		return err
	}
	return c.do(ctx, request{
		op:     "deleteUser",
		method: http.MethodDelete,
		path:   c.provisioningPath("users", userID),
		want:   []int{http.StatusOK},
	}, &SuccessResponse{})
}

// GetGroupsForUser lists the user groups a user belongs to.
//
//meta:operation GET /v1_1/provisioning/accounts/{account_id}/users/{user_id}/groups
func (c *Client) GetGroupsForUser(ctx context.Context, userID string) ([]UserGroupSummary, error) {
	if err := requireID("user_id", userID); err != nil {
		return nil, err
	}
	var out UserGroupsListResponse
	err := c.do(ctx, request{
		op:     "getGroupsForUser",
		method: http.MethodGet,
		path:   c.provisioningPath("users", userID, "groups"),
		want:   []int{http.StatusOK},
	}, &out)
	if err != nil {
		return nil, err
	}
	return out.Groups, nil
}

// GetSubAccountsForUser lists the product environments a user can reach.
//
//meta:operation GET /v1_1/provisioning/accounts/{account_id}/users/{user_id}/sub_accounts
func (c *Client) GetSubAccountsForUser(ctx context.Context, userID string) ([]SubAccountSummary, error) {
	if err := requireID("user_id", userID); err != nil {
		return nil, err
	}
	var out UserSubAccountsResponse
	err := c.do(ctx, request{
		op:     "getSubAccountsForUser",
		method: http.MethodGet,
		path:   c.provisioningPath("users", userID, "sub_accounts"),
		want:   []int{http.StatusOK},
	}, &out)
	if err != nil {
		return nil, err
	}
	return out.SubAccounts, nil
}
