package client

import (
	"context"
	"net/http"
	"net/url"
)

// UserGroup mirrors the UserGroup schema. Users, CreatedAt and UpdatedAt are
// only returned with extended details.
type UserGroup struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Users     []UserGroupUser `json:"users"`
	CreatedAt string          `json:"created_at"` // RFC 3339
	UpdatedAt string          `json:"updated_at"` // RFC 3339
}

// UserGroupUser mirrors UserGroupUser: a member of a group.
type UserGroupUser struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// UserGroupsResponse mirrors the getUserGroups answer.
type UserGroupsResponse struct {
	UserGroups []UserGroup `json:"user_groups"`
}

// UserGroupUsersResponse mirrors the getUsersInUserGroup and
// removeUserFromUserGroup answers.
type UserGroupUsersResponse struct {
	Users []UserGroupUser `json:"users"`
}

// UserGroupOptions are the getUserGroups/getUserGroup query parameters.
type UserGroupOptions struct {
	// ExtendedDetails adds each group's users and timestamps, so one list
	// call reads every group's membership.
	ExtendedDetails *bool
}

func (o *UserGroupOptions) values() url.Values {
	q := url.Values{}
	if o != nil {
		setBool(q, "extended_details", o.ExtendedDetails)
	}
	return q
}

// UserGroupRequest is the createUserGroup/updateUserGroup body.
type UserGroupRequest struct {
	Name            string `json:"name"`
	ExtendedDetails *bool  `json:"extended_details,omitempty"`
}

// GetUserGroups lists every user group (all in one answer).
//
//meta:operation GET /v1_1/provisioning/accounts/{account_id}/user_groups
func (c *Client) GetUserGroups(ctx context.Context, opts *UserGroupOptions) ([]UserGroup, error) {
	var out UserGroupsResponse
	err := c.do(ctx, request{
		op:     "getUserGroups",
		method: http.MethodGet,
		path:   c.provisioningPath("user_groups"),
		query:  opts.values(),
		want:   []int{http.StatusOK},
	}, &out)
	if err != nil {
		return nil, err
	}
	return out.UserGroups, nil
}

// CreateUserGroup creates a user group (natural key: name). An
// *OutcomeUnknownError means it may exist: look it up by name first.
//
//meta:operation POST /v1_1/provisioning/accounts/{account_id}/user_groups
func (c *Client) CreateUserGroup(ctx context.Context, req UserGroupRequest) (*UserGroup, error) {
	return call[UserGroup](ctx, c, request{
		op:     "createUserGroup",
		method: http.MethodPost,
		path:   c.provisioningPath("user_groups"),
		body:   req,
		want:   []int{http.StatusOK},
		create: true,
	})
}

// GetUserGroup reads one user group.
//
//meta:operation GET /v1_1/provisioning/accounts/{account_id}/user_groups/{group_id}
func (c *Client) GetUserGroup(ctx context.Context, groupID string, opts *UserGroupOptions) (*UserGroup, error) {
	if err := requireID("group_id", groupID); err != nil {
		return nil, err
	}
	return call[UserGroup](ctx, c, request{
		op:     "getUserGroup",
		method: http.MethodGet,
		path:   c.provisioningPath("user_groups", groupID),
		query:  opts.values(),
		want:   []int{http.StatusOK},
	})
}

// UpdateUserGroup renames a user group.
//
//meta:operation PUT /v1_1/provisioning/accounts/{account_id}/user_groups/{group_id}
func (c *Client) UpdateUserGroup(ctx context.Context, groupID string, req UserGroupRequest) (*UserGroup, error) {
	if err := requireID("group_id", groupID); err != nil {
		return nil, err
	}
	return call[UserGroup](ctx, c, request{
		op:     "updateUserGroup",
		method: http.MethodPut,
		path:   c.provisioningPath("user_groups", groupID),
		body:   req,
		want:   []int{http.StatusOK},
	})
}

// DeleteUserGroup deletes a user group.
//
//meta:operation DELETE /v1_1/provisioning/accounts/{account_id}/user_groups/{group_id}
func (c *Client) DeleteUserGroup(ctx context.Context, groupID string) error {
	if err := requireID("group_id", groupID); err != nil {
		return err
	}
	return c.do(ctx, request{
		op:     "deleteUserGroup",
		method: http.MethodDelete,
		path:   c.provisioningPath("user_groups", groupID),
		want:   []int{http.StatusOK},
	}, &SuccessResponse{})
}

// GetUsersInUserGroup lists the members of a user group.
//
//meta:operation GET /v1_1/provisioning/accounts/{account_id}/user_groups/{group_id}/users
func (c *Client) GetUsersInUserGroup(ctx context.Context, groupID string) ([]UserGroupUser, error) {
	if err := requireID("group_id", groupID); err != nil {
		return nil, err
	}
	var out UserGroupUsersResponse
	err := c.do(ctx, request{
		op:     "getUsersInUserGroup",
		method: http.MethodGet,
		path:   c.provisioningPath("user_groups", groupID, "users"),
		want:   []int{http.StatusOK},
	}, &out)
	if err != nil {
		return nil, err
	}
	return out.Users, nil
}

// addUserAnswer decodes both answers of addUserToUserGroup: the document's
// single UserGroupUser and the real service's {"users": [...]}, the group's
// members (FIDELITY.md row 1).
type addUserAnswer struct {
	UserGroupUser
	Users []UserGroupUser `json:"users"`
}

// AddUserToUserGroup adds one user to a group and returns that member. The
// service answers with the group's members rather than the one member the
// document describes; either is accepted, and when neither names the user
// the member is returned with its id only. It is retried like any
// idempotent write, so a retry after a lost answer may see 409 (already a
// member): callers should treat IsConflict as success.
//
//meta:operation POST /v1_1/provisioning/accounts/{account_id}/user_groups/{group_id}/users/{user_id}
func (c *Client) AddUserToUserGroup(ctx context.Context, groupID, userID string) (*UserGroupUser, error) {
	if err := requireID("group_id", groupID); err != nil {
		return nil, err
	}
	if err := requireID("user_id", userID); err != nil {
		return nil, err
	}
	out, err := call[addUserAnswer](ctx, c, request{
		op:     "addUserToUserGroup",
		method: http.MethodPost,
		path:   c.provisioningPath("user_groups", groupID, "users", userID),
		want:   []int{http.StatusOK},
	})
	if err != nil {
		return nil, err
	}
	for i := range out.Users {
		if out.Users[i].ID == userID {
			return &out.Users[i], nil
		}
	}
	if out.ID == userID {
		return &out.UserGroupUser, nil
	}
	return &UserGroupUser{ID: userID}, nil
}

// RemoveUserFromUserGroup removes one user from a group and returns the
// remaining members.
//
//meta:operation DELETE /v1_1/provisioning/accounts/{account_id}/user_groups/{group_id}/users/{user_id}
func (c *Client) RemoveUserFromUserGroup(ctx context.Context, groupID, userID string) ([]UserGroupUser, error) {
	if err := requireID("group_id", groupID); err != nil {
		return nil, err
	}
	if err := requireID("user_id", userID); err != nil {
		return nil, err
	}
	var out UserGroupUsersResponse
	err := c.do(ctx, request{
		op:     "removeUserFromUserGroup",
		method: http.MethodDelete,
		path:   c.provisioningPath("user_groups", groupID, "users", userID),
		want:   []int{http.StatusOK},
	}, &out)
	if err != nil {
		return nil, err
	}
	return out.Users, nil
}
