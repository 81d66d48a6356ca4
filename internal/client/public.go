package client

// Permissions API public endpoints (/v2/accounts/permissions/public/...): the
// catalog, Cedar validation and the Cedar schema. They need no authentication
// (requests are marked public); the server must accept them with or without
// credentials.

import (
	"context"
	"net/http"
)

// SystemRolesAndPoliciesCatalog mirrors SystemRolesAndPoliciesCatalogResponse.
// Catalog is an open object (overlay: additionalProperties) that holds, among
// others, "system_policies" and "system_roles" arrays.
type SystemRolesAndPoliciesCatalog struct {
	Catalog map[string]any `json:"catalog"`
}

// CedarSchema mirrors CedarSchemaResponse. Schema is an open object keyed by
// Cedar namespace ("Cloudinary", "MediaFlows", ...).
type CedarSchema struct {
	Schema map[string]any `json:"schema"`
}

// ValidateCedarPolicyRequest is the ValidateCedarPolicyRequest body.
type ValidateCedarPolicyRequest struct {
	Policy string `json:"policy"` // the Cedar policy statement to validate
}

// CedarError mirrors CedarError.
type CedarError struct {
	CedarMessage string `json:"cedar_message"`
	CedarCode    string `json:"cedar_code"`
}

// ValidateCedarPolicyResult mirrors ValidateCedarPolicyResponse.
type ValidateCedarPolicyResult struct {
	Valid  bool         `json:"valid"`
	Errors []CedarError `json:"errors"`
}

// GetSystemRolesAndPoliciesCatalog calls getSystemRolesAndPoliciesCatalog:
// GET /v2/accounts/permissions/public/catalog (no auth needed).
//
//meta:operation GET /v2/accounts/permissions/public/catalog
func (c *Client) GetSystemRolesAndPoliciesCatalog(ctx context.Context) (*SystemRolesAndPoliciesCatalog, error) {
	return call[SystemRolesAndPoliciesCatalog](ctx, c, request{
		op:     "getSystemRolesAndPoliciesCatalog",
		method: http.MethodGet,
		path:   publicPath("catalog"),
		want:   []int{http.StatusOK},
		public: true,
	})
}

// ValidateCedarPolicy calls validateCedarPolicy:
// POST /v2/accounts/permissions/public/validate (no auth needed). It is a
// read-only POST: an invalid policy is a 200 answer with Valid false and the
// Cedar errors, not an error.
//
//meta:operation POST /v2/accounts/permissions/public/validate
func (c *Client) ValidateCedarPolicy(ctx context.Context, req ValidateCedarPolicyRequest) (*ValidateCedarPolicyResult, error) {
	return call[ValidateCedarPolicyResult](ctx, c, request{
		op:     "validateCedarPolicy",
		method: http.MethodPost,
		path:   publicPath("validate"),
		body:   req,
		want:   []int{http.StatusOK},
		public: true,
	})
}

// GetCedarSchema calls getCedarSchema: GET /v2/accounts/permissions/public/schema
// (no auth needed).
//
//meta:operation GET /v2/accounts/permissions/public/schema
func (c *Client) GetCedarSchema(ctx context.Context) (*CedarSchema, error) {
	return call[CedarSchema](ctx, c, request{
		op:     "getCedarSchema",
		method: http.MethodGet,
		path:   publicPath("schema"),
		want:   []int{http.StatusOK},
		public: true,
	})
}
