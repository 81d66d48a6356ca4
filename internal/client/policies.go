package client

// Permissions API: system, custom and effective policies
// (/v2/accounts/{account_id}/permissions/policies/...), plus the types shared by
// every Permissions API file (public.go, roles.go, principals.go).
//
// Permissions objects carry epoch-second timestamps (int64), unlike the RFC 3339
// strings of the provisioning API.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// ScopeType says where a role or policy applies: the account itself or
// product environments.
type ScopeType string

// ScopeType values.
const (
	ScopeTypeAccount ScopeType = "account"
	ScopeTypeProdenv ScopeType = "prodenv"
)

// PermissionType says whether permissions apply globally within the scope or to
// designated content instances (folders, collections).
type PermissionType string

// PermissionType values.
const (
	PermissionTypeGlobal  PermissionType = "global"
	PermissionTypeContent PermissionType = "content"
)

// ManagementType says whether a role is managed by Cloudinary (system, read-only)
// or by the account (custom).
type ManagementType string

// ManagementType values.
const (
	ManagementTypeSystem ManagementType = "system"
	ManagementTypeCustom ManagementType = "custom"
)

// ScopeIDAll is the scope_id that applies a prodenv custom policy to every
// product environment (valid on create and update only).
const ScopeIDAll = "all"

// PolicyParameters is an open map naming the content instance a content role
// applies to, e.g. {"folder_id": "asdfjkl12347890"}. The document declares these
// objects free-form (additionalProperties: true); values are ids, so they are
// kept as strings. Decoding is tolerant: a non-string value is kept as its
// compact JSON text and a null value is dropped, so an unexpected answer never
// fails a whole read.
type PolicyParameters map[string]string

// UnmarshalJSON implements json.Unmarshaler.
func (p *PolicyParameters) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if raw == nil { // JSON null
		*p = nil
		return nil
	}
	out := make(PolicyParameters, len(raw))
	for k, v := range raw {
		v = bytes.TrimSpace(v)
		if bytes.Equal(v, []byte("null")) {
			continue
		}
		var s string
		if err := json.Unmarshal(v, &s); err == nil {
			out[k] = s
			continue
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, v); err != nil {
			return err
		}
		out[k] = buf.String()
	}
	*p = out
	return nil
}

// ContentFilter holds the content-instance query parameters shared by getRole,
// getPrincipalRoles, inspect and getRolePrincipals. ParamKey and ParamValue
// are arrays and go out as repeated keys (param_key=a&param_key=b).
type ContentFilter struct {
	FolderID     *string  // folder_id
	AssetID      *string  // asset_id (documented as not currently supported)
	CollectionID *string  // collection_id
	ParamKey     []string // param_key
	ParamValue   []string // param_value
}

func (f *ContentFilter) apply(q url.Values) {
	if f == nil {
		return
	}
	setString(q, "folder_id", f.FolderID)
	setString(q, "asset_id", f.AssetID)
	setString(q, "collection_id", f.CollectionID)
	addAll(q, "param_key", f.ParamKey)
	addAll(q, "param_value", f.ParamValue)
}

// permSetString is setString for string-typed enums: it sets key when v is
// non-nil (an empty string is still sent).
func permSetString[T ~string](q url.Values, key string, v *T) {
	if v != nil {
		q.Set(key, string(*v))
	}
}

// permSetNonEmpty sets key to a required value; an empty value is left out
// so the server answers its own "missing fields" 400.
func permSetNonEmpty[T ~string](q url.Values, key string, v T) {
	if v != "" {
		q.Set(key, string(v))
	}
}

// permData is the {"data": ...} envelope of most permissions responses.
type permData[T any] struct {
	Data *T `json:"data"`
}

// permUnwrap returns the data object of a success answer, or an error when it
// lacks one: a zero-valued object would otherwise pass for a real one. For a
// create the error is an *OutcomeUnknownError (the object was most likely
// created but its id is unknown).
func permUnwrap[T any](c *Client, r request, e *permData[T]) (*T, error) {
	if e.Data == nil {
		err := fmt.Errorf("cloudinary: %s (%s %s): response has no data object", r.op, r.method, r.path)
		return nil, c.unknownIfCreate(r, err)
	}
	return e.Data, nil
}

// ---------------------------------------------------------------------------
// System policies

// SystemPolicy mirrors SystemPolicyResponseData: a predefined policy managed by
// Cloudinary. It is also the element type of a role's policies array.
type SystemPolicy struct {
	ID              string         `json:"id"`
	Name            string         `json:"name"`
	Description     *string        `json:"description"`
	ScopeType       ScopeType      `json:"scope_type"`
	PermissionType  PermissionType `json:"permission_type"`
	PolicyStatement string         `json:"policy_statement"`
	// PolicyParameters lists the content types the policy takes
	// (e.g. ["folder_id"]); here it is an array, not a map.
	PolicyParameters []string `json:"policy_parameters"`
	Category         string   `json:"category"`
	SubCategory      string   `json:"sub_category"`
	CreatedAt        int64    `json:"created_at"`
	UpdatedAt        int64    `json:"updated_at"`
}

// SystemPoliciesPage mirrors SystemPoliciesResponse.
type SystemPoliciesPage struct {
	Data       []SystemPolicy `json:"data"`
	NextCursor string         `json:"next_cursor"`
}

// GetSystemPoliciesOptions are the query parameters of getSystemPolicies.
type GetSystemPoliciesOptions struct {
	PermissionType *PermissionType // permission_type
	ScopeType      *ScopeType      // scope_type; the server defaults to account
	// Cursor is not a documented parameter of getSystemPolicies, but its
	// response documents next_cursor; it is sent only when set, so a first
	// page request is exactly the documented one.
	Cursor *string // cursor
}

func (o *GetSystemPoliciesOptions) query() url.Values {
	q := url.Values{}
	if o == nil {
		return q
	}
	permSetString(q, "permission_type", o.PermissionType)
	permSetString(q, "scope_type", o.ScopeType)
	setString(q, "cursor", o.Cursor)
	return q
}

// GetSystemPolicies calls getSystemPolicies: GET .../permissions/policies/system.
//
//meta:operation GET /v2/accounts/{account_id}/permissions/policies/system
func (c *Client) GetSystemPolicies(ctx context.Context, opts *GetSystemPoliciesOptions) (*SystemPoliciesPage, error) {
	return call[SystemPoliciesPage](ctx, c, request{
		op:     "getSystemPolicies",
		method: http.MethodGet,
		path:   c.permissionsPath("policies", "system"),
		query:  opts.query(),
		want:   []int{http.StatusOK},
	})
}

// ListAllSystemPolicies follows next_cursor from the cursor in opts (or the
// first page) to the end and returns every system policy.
func (c *Client) ListAllSystemPolicies(ctx context.Context, opts *GetSystemPoliciesOptions) ([]SystemPolicy, error) {
	var o GetSystemPoliciesOptions
	if opts != nil {
		o = *opts
	}
	return collectCursor(ctx, o.Cursor, func(ctx context.Context, cursor *string) ([]SystemPolicy, string, error) {
		o.Cursor = cursor
		page, err := c.GetSystemPolicies(ctx, &o)
		if err != nil {
			return nil, "", err
		}
		return page.Data, page.NextCursor, nil
	})
}

// ---------------------------------------------------------------------------
// Custom policies

// CustomPolicy mirrors CustomPolicyResponseData.
type CustomPolicy struct {
	ID              string    `json:"id"`
	PolicyStatement string    `json:"policy_statement"`
	Description     *string   `json:"description"`
	ScopeType       ScopeType `json:"scope_type"`
	// ScopeID is returned only for prodenv policies: an environment id or "all".
	ScopeID   *string `json:"scope_id"`
	Name      string  `json:"name"`
	Enabled   bool    `json:"enabled"`
	CreatedAt int64   `json:"created_at"`
	UpdatedAt int64   `json:"updated_at"`
}

// CustomPoliciesPage mirrors CustomPoliciesResponse.
type CustomPoliciesPage struct {
	Data       []CustomPolicy `json:"data"`
	NextCursor string         `json:"next_cursor"`
}

// GetCustomPoliciesOptions are the query parameters of getCustomPolicies.
type GetCustomPoliciesOptions struct {
	ScopeType *ScopeType // scope_type; the server defaults to account
	ScopeID   *string    // scope_id; required when ScopeType is prodenv
	Enabled   *bool      // enabled
	Cursor    *string    // cursor
}

func (o *GetCustomPoliciesOptions) query() url.Values {
	q := url.Values{}
	if o == nil {
		return q
	}
	permSetString(q, "scope_type", o.ScopeType)
	setString(q, "scope_id", o.ScopeID)
	setBool(q, "enabled", o.Enabled)
	setString(q, "cursor", o.Cursor)
	return q
}

// GetCustomPolicies calls getCustomPolicies: GET .../permissions/policies/custom
// (one page).
//
//meta:operation GET /v2/accounts/{account_id}/permissions/policies/custom
func (c *Client) GetCustomPolicies(ctx context.Context, opts *GetCustomPoliciesOptions) (*CustomPoliciesPage, error) {
	return call[CustomPoliciesPage](ctx, c, request{
		op:     "getCustomPolicies",
		method: http.MethodGet,
		path:   c.permissionsPath("policies", "custom"),
		query:  opts.query(),
		want:   []int{http.StatusOK},
	})
}

// ListAllCustomPolicies follows next_cursor from the cursor in opts (or the
// first page) to the end and returns every matching custom policy.
func (c *Client) ListAllCustomPolicies(ctx context.Context, opts *GetCustomPoliciesOptions) ([]CustomPolicy, error) {
	var o GetCustomPoliciesOptions
	if opts != nil {
		o = *opts
	}
	return collectCursor(ctx, o.Cursor, func(ctx context.Context, cursor *string) ([]CustomPolicy, string, error) {
		o.Cursor = cursor
		page, err := c.GetCustomPolicies(ctx, &o)
		if err != nil {
			return nil, "", err
		}
		return page.Data, page.NextCursor, nil
	})
}

// CreateCustomPolicyRequest is the CreateCustomPolicy body.
type CreateCustomPolicyRequest struct {
	PolicyStatement string    `json:"policy_statement"`
	Description     *string   `json:"description,omitempty"`
	ScopeType       ScopeType `json:"scope_type"`
	// ScopeID is an environment id or ScopeIDAll; only for prodenv.
	ScopeID *string `json:"scope_id,omitempty"`
	Name    string  `json:"name"`
	// Enabled defaults to true on the server when omitted.
	Enabled *bool `json:"enabled,omitempty"`
}

// UpdateCustomPolicyRequest is the UpdateCustomPolicy body. The PUT replaces the
// whole policy, so:
//   - Enabled is a plain bool and is ALWAYS sent: the schema requires it and
//     generated clients default an omitted value to true, which would silently
//     re-enable a disabled policy.
//   - Description is sent as null when nil (the schema allows null), which
//     clears it whether the server reads an omitted field as "clear" or "keep".
//
// An update whose policy_statement equals the current one answers 409.
type UpdateCustomPolicyRequest struct {
	PolicyStatement string    `json:"policy_statement"`
	Description     *string   `json:"description"`
	ScopeType       ScopeType `json:"scope_type"`
	ScopeID         *string   `json:"scope_id,omitempty"`
	Name            string    `json:"name"`
	Enabled         bool      `json:"enabled"`
}

// CreateCustomPolicy calls createCustomPolicy: POST .../permissions/policies/custom
// (201).
//
//meta:operation POST /v2/accounts/{account_id}/permissions/policies/custom
func (c *Client) CreateCustomPolicy(ctx context.Context, req CreateCustomPolicyRequest) (*CustomPolicy, error) {
	r := request{
		op:     "createCustomPolicy",
		method: http.MethodPost,
		path:   c.permissionsPath("policies", "custom"),
		body:   req,
		want:   []int{http.StatusCreated},
		create: true,
	}
	var out permData[CustomPolicy]
	if err := c.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return permUnwrap(c, r, &out)
}

// GetCustomPolicy calls getCustomPolicy: GET .../permissions/policies/custom/{policy_id}.
//
//meta:operation GET /v2/accounts/{account_id}/permissions/policies/custom/{policy_id}
func (c *Client) GetCustomPolicy(ctx context.Context, policyID string) (*CustomPolicy, error) {
	if err := requireID("policy_id", policyID); err != nil {
		return nil, err
	}
	r := request{
		op:     "getCustomPolicy",
		method: http.MethodGet,
		path:   c.permissionsPath("policies", "custom", policyID),
		want:   []int{http.StatusOK},
	}
	var out permData[CustomPolicy]
	if err := c.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return permUnwrap(c, r, &out)
}

// UpdateCustomPolicy calls updateCustomPolicy: PUT .../permissions/policies/custom/{policy_id}.
//
//meta:operation PUT /v2/accounts/{account_id}/permissions/policies/custom/{policy_id}
func (c *Client) UpdateCustomPolicy(ctx context.Context, policyID string, req UpdateCustomPolicyRequest) (*CustomPolicy, error) {
	if err := requireID("policy_id", policyID); err != nil {
		return nil, err
	}
	r := request{
		op:     "updateCustomPolicy",
		method: http.MethodPut,
		path:   c.permissionsPath("policies", "custom", policyID),
		body:   req,
		want:   []int{http.StatusOK},
	}
	var out permData[CustomPolicy]
	if err := c.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return permUnwrap(c, r, &out)
}

// DeleteCustomPolicy calls deleteCustomPolicy: DELETE .../permissions/policies/custom/{policy_id}
// (204).
//
//meta:operation DELETE /v2/accounts/{account_id}/permissions/policies/custom/{policy_id}
func (c *Client) DeleteCustomPolicy(ctx context.Context, policyID string) error {
	if err := requireID("policy_id", policyID); err != nil {
		return err
	}
	return c.do(ctx, request{
		op:     "deleteCustomPolicy",
		method: http.MethodDelete,
		path:   c.permissionsPath("policies", "custom", policyID),
		want:   []int{http.StatusNoContent},
	}, nil)
}

// ---------------------------------------------------------------------------
// Effective policies

// EffectivePolicy mirrors EffectivePolicy: a policy id and its Cedar statement
// as it applies to the principal.
type EffectivePolicy struct {
	ID              string `json:"id"`
	PolicyStatement string `json:"policy_statement"`
}

// EffectiveRole mirrors EffectiveRole.
type EffectiveRole struct {
	ID             string            `json:"id"`
	SystemPolicies []EffectivePolicy `json:"system_policies"`
}

// EffectivePrincipal mirrors PrincipalRole: a principal and its roles.
type EffectivePrincipal struct {
	PrincipalType PrincipalType   `json:"principal_type"`
	PrincipalID   string          `json:"principal_id"`
	Roles         []EffectiveRole `json:"roles"`
}

// EffectivePolicies is the data object of EffectivePoliciesResponse.
type EffectivePolicies struct {
	Principals     []EffectivePrincipal `json:"principals"`
	CustomPolicies []EffectivePolicy    `json:"custom_policies"`
}

// GetEffectivePoliciesOptions are the query parameters of getEffectivePolicies.
type GetEffectivePoliciesOptions struct {
	ScopeType     *ScopeType     // scope_type
	ScopeID       *string        // scope_id
	PrincipalType *PrincipalType // principal_type
	PrincipalID   *string        // principal_id; mandatory with PrincipalType
}

func (o *GetEffectivePoliciesOptions) query() url.Values {
	q := url.Values{}
	if o == nil {
		return q
	}
	permSetString(q, "scope_type", o.ScopeType)
	setString(q, "scope_id", o.ScopeID)
	permSetString(q, "principal_type", o.PrincipalType)
	setString(q, "principal_id", o.PrincipalID)
	return q
}

// GetEffectivePolicies calls getEffectivePolicies: GET .../permissions/policies/effective.
// A success answer without a data object yields an empty result.
//
//meta:operation GET /v2/accounts/{account_id}/permissions/policies/effective
func (c *Client) GetEffectivePolicies(ctx context.Context, opts *GetEffectivePoliciesOptions) (*EffectivePolicies, error) {
	var out permData[EffectivePolicies]
	err := c.do(ctx, request{
		op:     "getEffectivePolicies",
		method: http.MethodGet,
		path:   c.permissionsPath("policies", "effective"),
		query:  opts.query(),
		want:   []int{http.StatusOK},
	}, &out)
	if err != nil {
		return nil, err
	}
	if out.Data == nil {
		return &EffectivePolicies{}, nil
	}
	return out.Data, nil
}
