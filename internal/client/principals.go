package client

// Permissions API role assignments: a principal's roles
// (.../permissions/principal_roles[/inspect]) and a role's principals
// (.../permissions/roles/{role_id}/principals).

import (
	"context"
	"net/http"
	"net/url"
)

// PrincipalType is the kind of principal a role is assigned to.
type PrincipalType string

// PrincipalType values.
const (
	PrincipalTypeUser            PrincipalType = "user"
	PrincipalTypeGroup           PrincipalType = "group"
	PrincipalTypeAPIKey          PrincipalType = "apiKey"
	PrincipalTypeProvisioningKey PrincipalType = "provisioningKey"
)

// Operation says whether an assignment update adds or removes.
type Operation string

// Operation values.
const (
	OperationAdd    Operation = "add"
	OperationRemove Operation = "remove"
)

// Principal mirrors Principal: a principal's type and id.
type Principal struct {
	Type PrincipalType `json:"type"`
	ID   string        `json:"id"`
}

// AssignedRole mirrors PrincipalRolesData: a role as assigned to a principal,
// with the scope and content instance of the assignment.
type AssignedRole struct {
	ID             string         `json:"id"`
	Name           string         `json:"name"`
	Description    *string        `json:"description"`
	ManagementType ManagementType `json:"management_type"`
	PermissionType PermissionType `json:"permission_type"`
	ScopeType      ScopeType      `json:"scope_type"`
	// ScopeID is returned only for prodenv roles.
	ScopeID *string `json:"scope_id"`
	// PolicyParameters is the assignment's content instance, e.g.
	// {"folder_id": "..."}; nil when absent or null.
	PolicyParameters PolicyParameters `json:"policy_parameters"`
	CreatedAt        int64            `json:"created_at"`
	UpdatedAt        int64            `json:"updated_at"`
}

// RolePrincipal mirrors PrincipalResponseData: a principal holding a role.
// With verbose=false the server may return only ID and Type.
type RolePrincipal struct {
	ID               string           `json:"id"`
	Type             PrincipalType    `json:"type"`
	RoleID           string           `json:"role_id"`
	PolicyParameters PolicyParameters `json:"policy_parameters"`
	ScopeType        ScopeType        `json:"scope_type"`
	ScopeID          *string          `json:"scope_id"`
	CreatedAt        int64            `json:"created_at"`
	UpdatedAt        int64            `json:"updated_at"`
}

// InspectedPrincipal mirrors PrincipalRolesInspectData.
type InspectedPrincipal struct {
	Type  PrincipalType  `json:"type"`
	ID    string         `json:"id"`
	Roles []AssignedRole `json:"roles"`
}

// InspectPage mirrors PrincipalRolesInspectResponse, with data.principals
// lifted to Principals.
type InspectPage struct {
	Principals []InspectedPrincipal
	NextCursor string
}

type inspectResponse struct {
	Data *struct {
		Principals []InspectedPrincipal `json:"principals"`
	} `json:"data"`
	NextCursor string `json:"next_cursor"`
}

func (r *inspectResponse) page() *InspectPage {
	p := &InspectPage{NextCursor: r.NextCursor}
	if r.Data != nil {
		p.Principals = r.Data.Principals
	}
	return p
}

// ---------------------------------------------------------------------------
// A principal's roles

// GetPrincipalRolesOptions are the query parameters of getPrincipalRoles.
// PrincipalType, PrincipalID and PermissionType are required by the document,
// so reading every role of a principal takes one call per permission type.
type GetPrincipalRolesOptions struct {
	PrincipalType  PrincipalType   // principal_type (required)
	PrincipalID    string          // principal_id (required)
	PermissionType PermissionType  // permission_type (required)
	ManagementType *ManagementType // management_type
	ScopeType      *ScopeType      // scope_type
	ScopeID        *string         // scope_id
	ContentFilter
}

func (o *GetPrincipalRolesOptions) query() url.Values {
	q := url.Values{}
	permSetNonEmpty(q, "principal_type", o.PrincipalType)
	permSetNonEmpty(q, "principal_id", o.PrincipalID)
	permSetNonEmpty(q, "permission_type", o.PermissionType)
	permSetString(q, "management_type", o.ManagementType)
	permSetString(q, "scope_type", o.ScopeType)
	setString(q, "scope_id", o.ScopeID)
	o.apply(q)
	return q
}

// GetPrincipalRoles calls getPrincipalRoles: GET .../permissions/principal_roles.
//
//meta:operation GET /v2/accounts/{account_id}/permissions/principal_roles
func (c *Client) GetPrincipalRoles(ctx context.Context, opts GetPrincipalRolesOptions) ([]AssignedRole, error) {
	var out struct {
		Data []AssignedRole `json:"data"`
	}
	err := c.do(ctx, request{
		op:     "getPrincipalRoles",
		method: http.MethodGet,
		path:   c.permissionsPath("principal_roles"),
		query:  opts.query(),
		want:   []int{http.StatusOK},
	}, &out)
	if err != nil {
		return nil, err
	}
	return out.Data, nil
}

// RoleToManage mirrors RoleToManage: one role to add to or remove from a
// principal.
type RoleToManage struct {
	ID string `json:"id"`
	// ScopeID is the product environment of the assignment (prodenv roles).
	ScopeID *string `json:"scope_id,omitempty"`
	// PolicyParameters is the content instance, e.g. {"folder_id": "..."}.
	PolicyParameters PolicyParameters `json:"policy_parameters,omitempty"`
}

// UpdatePrincipalRolesRequest is the UpdatePrincipalRolesRequest body: one
// principal, many roles. The schema marks no field required, but the endpoint
// cannot act without all three.
type UpdatePrincipalRolesRequest struct {
	Operation Operation      `json:"operation"`
	Principal Principal      `json:"principal"`
	Roles     []RoleToManage `json:"roles"`
}

// UpdatePrincipalRoles calls updatePrincipalRoles: PUT .../permissions/principal_roles
// (200, no documented body). Adding a held role or removing an absent one is
// idempotent, so the call is not a create.
//
//meta:operation PUT /v2/accounts/{account_id}/permissions/principal_roles
func (c *Client) UpdatePrincipalRoles(ctx context.Context, req UpdatePrincipalRolesRequest) error {
	if req.Roles == nil {
		req.Roles = []RoleToManage{}
	}
	return c.do(ctx, request{
		op:     "updatePrincipalRoles",
		method: http.MethodPut,
		path:   c.permissionsPath("principal_roles"),
		body:   req,
		want:   []int{http.StatusOK},
	}, nil)
}

// ---------------------------------------------------------------------------
// Inspect

// InspectOptions are the query parameters of inspect.
type InspectOptions struct {
	ScopeType     ScopeType      // scope_type (required)
	ScopeID       *string        // scope_id
	PrincipalType *PrincipalType // principal_type
	PrincipalID   *string        // principal_id; mandatory with PrincipalType
	ContentFilter
	Cursor *string // cursor
}

func (o *InspectOptions) query() url.Values {
	q := url.Values{}
	permSetNonEmpty(q, "scope_type", o.ScopeType)
	setString(q, "scope_id", o.ScopeID)
	permSetString(q, "principal_type", o.PrincipalType)
	setString(q, "principal_id", o.PrincipalID)
	o.apply(q)
	setString(q, "cursor", o.Cursor)
	return q
}

// Inspect calls inspect: GET .../permissions/principal_roles/inspect (one page).
//
//meta:operation GET /v2/accounts/{account_id}/permissions/principal_roles/inspect
func (c *Client) Inspect(ctx context.Context, opts InspectOptions) (*InspectPage, error) {
	var out inspectResponse
	err := c.do(ctx, request{
		op:     "inspect",
		method: http.MethodGet,
		path:   c.permissionsPath("principal_roles", "inspect"),
		query:  opts.query(),
		want:   []int{http.StatusOK},
	}, &out)
	if err != nil {
		return nil, err
	}
	return out.page(), nil
}

// InspectAll follows next_cursor from opts.Cursor (or the first page) to the
// end and returns every matching principal.
func (c *Client) InspectAll(ctx context.Context, opts InspectOptions) ([]InspectedPrincipal, error) {
	return collectCursor(ctx, opts.Cursor, func(ctx context.Context, cursor *string) ([]InspectedPrincipal, string, error) {
		opts.Cursor = cursor
		page, err := c.Inspect(ctx, opts)
		if err != nil {
			return nil, "", err
		}
		return page.Principals, page.NextCursor, nil
	})
}

// InspectMultipleRequest is the InspectRequest body.
type InspectMultipleRequest struct {
	ScopeType        ScopeType        `json:"scope_type"`
	ScopeID          *string          `json:"scope_id,omitempty"`
	Principals       []Principal      `json:"principals"`
	PolicyParameters PolicyParameters `json:"policy_parameters,omitempty"`
	Cursor           *string          `json:"cursor,omitempty"`
}

// InspectMultiple calls inspectMultiple: POST .../permissions/principal_roles/inspect
// (one page). It is a read-only POST, not a create.
//
//meta:operation POST /v2/accounts/{account_id}/permissions/principal_roles/inspect
func (c *Client) InspectMultiple(ctx context.Context, req InspectMultipleRequest) (*InspectPage, error) {
	if req.Principals == nil {
		req.Principals = []Principal{}
	}
	var out inspectResponse
	err := c.do(ctx, request{
		op:     "inspectMultiple",
		method: http.MethodPost,
		path:   c.permissionsPath("principal_roles", "inspect"),
		body:   req,
		want:   []int{http.StatusOK},
	}, &out)
	if err != nil {
		return nil, err
	}
	return out.page(), nil
}

// InspectMultipleAll follows next_cursor (sent back as the body's cursor) from
// req.Cursor (or the first page) to the end.
func (c *Client) InspectMultipleAll(ctx context.Context, req InspectMultipleRequest) ([]InspectedPrincipal, error) {
	return collectCursor(ctx, req.Cursor, func(ctx context.Context, cursor *string) ([]InspectedPrincipal, string, error) {
		req.Cursor = cursor
		page, err := c.InspectMultiple(ctx, req)
		if err != nil {
			return nil, "", err
		}
		return page.Principals, page.NextCursor, nil
	})
}

// ---------------------------------------------------------------------------
// A role's principals

// GetRolePrincipalsOptions are the query parameters of getRolePrincipals.
type GetRolePrincipalsOptions struct {
	ScopeType *ScopeType // scope_type
	ScopeID   *string    // scope_id
	// Verbose (verbose) asks for every field; the server's default (false)
	// returns only id and type.
	Verbose *bool
	ContentFilter
}

func (o *GetRolePrincipalsOptions) query() url.Values {
	q := url.Values{}
	if o == nil {
		return q
	}
	permSetString(q, "scope_type", o.ScopeType)
	setString(q, "scope_id", o.ScopeID)
	setBool(q, "verbose", o.Verbose)
	o.apply(q)
	return q
}

// GetRolePrincipals calls getRolePrincipals: GET .../permissions/roles/{role_id}/principals.
// opts may be nil.
//
//meta:operation GET /v2/accounts/{account_id}/permissions/roles/{role_id}/principals
func (c *Client) GetRolePrincipals(ctx context.Context, roleID string, opts *GetRolePrincipalsOptions) ([]RolePrincipal, error) {
	if err := requireID("role_id", roleID); err != nil {
		return nil, err
	}
	var out struct {
		Data []RolePrincipal `json:"data"`
	}
	err := c.do(ctx, request{
		op:     "getRolePrincipals",
		method: http.MethodGet,
		path:   c.permissionsPath("roles", roleID, "principals"),
		query:  opts.query(),
		want:   []int{http.StatusOK},
	}, &out)
	if err != nil {
		return nil, err
	}
	return out.Data, nil
}

// RolePrincipalUpdate mirrors UpdateRolePrincipal: one principal to add to or
// remove from a role.
type RolePrincipalUpdate struct {
	PrincipalType PrincipalType `json:"principal_type"`
	PrincipalID   string        `json:"principal_id"`
	// ScopeID is the product environment of the assignment (prodenv roles).
	ScopeID          *string          `json:"scope_id,omitempty"`
	PolicyParameters PolicyParameters `json:"policy_parameters,omitempty"`
}

// UpdateRolePrincipalsRequest is the UpdateRolePrincipalsRequest body: one
// role, many principals.
type UpdateRolePrincipalsRequest struct {
	Operation  Operation             `json:"operation"`
	Principals []RolePrincipalUpdate `json:"principals"`
}

// UpdateRolePrincipals calls updateRolePrincipals: PUT .../permissions/roles/{role_id}/principals
// (200, no documented body). Idempotent, not a create.
//
//meta:operation PUT /v2/accounts/{account_id}/permissions/roles/{role_id}/principals
func (c *Client) UpdateRolePrincipals(ctx context.Context, roleID string, req UpdateRolePrincipalsRequest) error {
	if err := requireID("role_id", roleID); err != nil {
		return err
	}
	if req.Principals == nil {
		req.Principals = []RolePrincipalUpdate{}
	}
	return c.do(ctx, request{
		op:     "updateRolePrincipals",
		method: http.MethodPut,
		path:   c.permissionsPath("roles", roleID, "principals"),
		body:   req,
		want:   []int{http.StatusOK},
	}, nil)
}
