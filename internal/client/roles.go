package client

// Permissions API roles (/v2/accounts/{account_id}/permissions/roles/...).
// Role ids contain "::" (e.g. "cld::role::prodenv::master_admin"); path
// segments are escaped by permissionsPath.

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// Role mirrors RoleResponseData; getRole, createRole and updateRole also
// return the role's system policies in Policies (RoleResponse), getRoles does
// not.
type Role struct {
	ID             string         `json:"id"`
	Name           string         `json:"name"`
	Description    *string        `json:"description"`
	ManagementType ManagementType `json:"management_type"`
	PermissionType PermissionType `json:"permission_type"`
	// PolicyParameters lists the content types a content role applies to,
	// e.g. ["folder_id"].
	PolicyParameters []string       `json:"policy_parameters"`
	ScopeType        ScopeType      `json:"scope_type"`
	CreatedAt        int64          `json:"created_at"`
	UpdatedAt        int64          `json:"updated_at"`
	Policies         []SystemPolicy `json:"policies"`
}

// SystemPolicyIDs derives the role's system_policy_ids from its policies array:
// roles are created with ids but read back with policy objects. Order is the
// server's, empty and repeated ids are dropped. It returns nil when the answer
// carried no policies array at all (as in getRoles lists), and a non-nil empty
// slice when the array was present but empty, so callers can tell "unknown"
// from "none".
func (r *Role) SystemPolicyIDs() []string {
	if r == nil || r.Policies == nil {
		return nil
	}
	ids := make([]string, 0, len(r.Policies))
	seen := make(map[string]bool, len(r.Policies))
	for _, p := range r.Policies {
		if p.ID == "" || seen[p.ID] {
			continue
		}
		seen[p.ID] = true
		ids = append(ids, p.ID)
	}
	return ids
}

// GetRolesOptions are the query parameters of getRoles.
type GetRolesOptions struct {
	ScopeType *ScopeType // scope_type
	// PermissionType is required by the document (permission_type).
	PermissionType PermissionType
	ManagementType *ManagementType // management_type
	// PolicyParameters (policy_parameters) is declared with
	// content application/json, so unlike the other array parameters it goes
	// out as one key holding a JSON array: policy_parameters=["folder_id"].
	// nil omits it; a non-nil empty slice sends [].
	PolicyParameters []string
}

func (o *GetRolesOptions) query() url.Values {
	q := url.Values{}
	permSetString(q, "scope_type", o.ScopeType)
	permSetNonEmpty(q, "permission_type", o.PermissionType)
	permSetString(q, "management_type", o.ManagementType)
	if o.PolicyParameters != nil {
		b, _ := json.Marshal(o.PolicyParameters) // a []string always encodes
		q.Set("policy_parameters", string(b))
	}
	return q
}

// GetRoles calls getRoles: GET .../permissions/roles. The list is not paged.
//
//meta:operation GET /v2/accounts/{account_id}/permissions/roles
func (c *Client) GetRoles(ctx context.Context, opts GetRolesOptions) ([]Role, error) {
	var out struct {
		Data []Role `json:"data"`
	}
	err := c.do(ctx, request{
		op:     "getRoles",
		method: http.MethodGet,
		path:   c.permissionsPath("roles"),
		query:  opts.query(),
		want:   []int{http.StatusOK},
	}, &out)
	if err != nil {
		return nil, err
	}
	return out.Data, nil
}

// CreateRoleRequest is the CreateRole body.
type CreateRoleRequest struct {
	// ID is optional: the server generates one when it is omitted.
	ID *string `json:"id,omitempty"`
	// PermissionType and ScopeType are required and immutable.
	PermissionType  PermissionType `json:"permission_type"`
	ScopeType       ScopeType      `json:"scope_type"`
	Name            string         `json:"name"`
	Description     *string        `json:"description,omitempty"`
	SystemPolicyIDs []string       `json:"system_policy_ids,omitempty"`
}

// UpdateRoleRequest is the UpdateRole body. The PUT replaces the role's
// details, so UpdateRole always sends system_policy_ids (an empty array when
// nil) and description (null when nil, which the schema allows).
type UpdateRoleRequest struct {
	Name            string   `json:"name"`
	Description     *string  `json:"description"`
	SystemPolicyIDs []string `json:"system_policy_ids"`
}

// GetRoleOptions are the query parameters of getRole: a content instance to
// substitute into the policy statements of the answer.
type GetRoleOptions struct {
	ContentFilter
}

// DeleteRoleOptions are the query parameters of deleteRole.
type DeleteRoleOptions struct {
	// Force (force) deletes the role even while principals hold it; the
	// server's default (false) refuses.
	Force *bool
}

// CreateRole calls createRole: POST .../permissions/roles (201).
//
//meta:operation POST /v2/accounts/{account_id}/permissions/roles
func (c *Client) CreateRole(ctx context.Context, req CreateRoleRequest) (*Role, error) {
	r := request{
		op:     "createRole",
		method: http.MethodPost,
		path:   c.permissionsPath("roles"),
		body:   req,
		want:   []int{http.StatusCreated},
		create: true,
	}
	var out permData[Role]
	if err := c.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return permUnwrap(c, r, &out)
}

// GetRole calls getRole: GET .../permissions/roles/{role_id}. opts may be nil.
//
//meta:operation GET /v2/accounts/{account_id}/permissions/roles/{role_id}
func (c *Client) GetRole(ctx context.Context, roleID string, opts *GetRoleOptions) (*Role, error) {
	if err := requireID("role_id", roleID); err != nil {
		return nil, err
	}
	q := url.Values{}
	if opts != nil {
		opts.apply(q)
	}
	r := request{
		op:     "getRole",
		method: http.MethodGet,
		path:   c.permissionsPath("roles", roleID),
		query:  q,
		want:   []int{http.StatusOK},
	}
	var out permData[Role]
	if err := c.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return permUnwrap(c, r, &out)
}

// UpdateRole calls updateRole: PUT .../permissions/roles/{role_id}.
//
//meta:operation PUT /v2/accounts/{account_id}/permissions/roles/{role_id}
func (c *Client) UpdateRole(ctx context.Context, roleID string, req UpdateRoleRequest) (*Role, error) {
	if err := requireID("role_id", roleID); err != nil {
		return nil, err
	}
	if req.SystemPolicyIDs == nil {
		req.SystemPolicyIDs = []string{}
	}
	r := request{
		op:     "updateRole",
		method: http.MethodPut,
		path:   c.permissionsPath("roles", roleID),
		body:   req,
		want:   []int{http.StatusOK},
	}
	var out permData[Role]
	if err := c.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return permUnwrap(c, r, &out)
}

// DeleteRole calls deleteRole: DELETE .../permissions/roles/{role_id} (204).
// opts may be nil.
//
//meta:operation DELETE /v2/accounts/{account_id}/permissions/roles/{role_id}
func (c *Client) DeleteRole(ctx context.Context, roleID string, opts *DeleteRoleOptions) error {
	if err := requireID("role_id", roleID); err != nil {
		return err
	}
	q := url.Values{}
	if opts != nil {
		setBool(q, "force", opts.Force)
	}
	return c.do(ctx, request{
		op:     "deleteRole",
		method: http.MethodDelete,
		path:   c.permissionsPath("roles", roleID),
		query:  q,
		want:   []int{http.StatusNoContent},
	}, nil)
}
