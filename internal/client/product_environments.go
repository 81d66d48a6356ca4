package client

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// ProductEnvironment (a "sub-account") mirrors the ProductEnvironment schema.
// base_sub_account_id is never returned. custom_attributes is not in the
// document, but the real service returns it (FIDELITY.md row 4): see
// CustomAttributesObject.
type ProductEnvironment struct {
	ID            string         `json:"id"`
	Name          string         `json:"name"`
	CloudName     string         `json:"cloud_name"`
	Enabled       *bool          `json:"enabled"`
	APIAccessKeys []APIAccessKey `json:"api_access_keys"`
	CreatedAt     string         `json:"created_at"` // RFC 3339
	UpdatedAt     string         `json:"updated_at"` // RFC 3339
	// CustomAttributes is the custom_attributes JSON exactly as answered:
	// empty when absent, "null" when null.
	CustomAttributes json.RawMessage `json:"custom_attributes"`
}

// CustomAttributesObject returns the custom attributes when the answer
// carries them as an object (numbers kept exact as json.Number), and
// whether it did: absent, null or anything but an object reports false.
func (p *ProductEnvironment) CustomAttributesObject() (map[string]any, bool) {
	raw := bytes.TrimSpace(p.CustomAttributes)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, false
	}
	return m, true
}

// APIAccessKey is an access key as embedded in a product environment
// (key/secret, unlike AccessKey's api_key/api_secret).
type APIAccessKey struct {
	Key     string `json:"key"`
	Secret  string `json:"secret"`
	Enabled *bool  `json:"enabled"`
}

// ProductEnvironmentsResponse mirrors the getProductEnvironments answer.
type ProductEnvironmentsResponse struct {
	SubAccounts []ProductEnvironment `json:"sub_accounts"`
}

// SuccessResponse is the {"message":"ok"} answer of provisioning deletes.
// deleteUserGroup answers {"ok":true} instead (FIDELITY.md row 2): OK.
type SuccessResponse struct {
	Message string `json:"message"`
	OK      *bool  `json:"ok"`
}

// ProductEnvironmentListOptions are the getProductEnvironments filters.
// With IDs (up to 100) the API ignores the other filters.
type ProductEnvironmentListOptions struct {
	Enabled    *bool    // only enabled (true) or disabled (false); nil = both
	IDs        []string // up to 100
	CloudNames []string // up to 100
	Prefix     *string  // case-insensitive name prefix
}

func (o *ProductEnvironmentListOptions) values() url.Values {
	q := url.Values{}
	if o == nil {
		return q
	}
	setBool(q, "enabled", o.Enabled)
	addArray(q, "ids", o.IDs)
	addArray(q, "cloud_names", o.CloudNames)
	setString(q, "prefix", o.Prefix)
	return q
}

// ProductEnvironmentCreateRequest is the ProductEnvironmentRequest body.
type ProductEnvironmentCreateRequest struct {
	Name             string         `json:"name"`
	CloudName        *string        `json:"cloud_name,omitempty"`          // default: derived from the name
	BaseSubAccountID *string        `json:"base_sub_account_id,omitempty"` // copy settings from this environment
	CustomAttributes map[string]any `json:"custom_attributes,omitzero"`
}

// ProductEnvironmentUpdateRequest is the ProductEnvironmentUpdateRequest body;
// nil fields are left unchanged. A non-nil empty CustomAttributes sends {}.
type ProductEnvironmentUpdateRequest struct {
	Name             *string        `json:"name,omitempty"`
	CloudName        *string        `json:"cloud_name,omitempty"` // only for environments with < 1000 assets
	CustomAttributes map[string]any `json:"custom_attributes,omitzero"`
	Enabled          *bool          `json:"enabled,omitempty"`
}

// GetProductEnvironments lists product environments (all of them in one
// answer; the API does not page).
//
//meta:operation GET /v1_1/provisioning/accounts/{account_id}/sub_accounts
func (c *Client) GetProductEnvironments(ctx context.Context, opts *ProductEnvironmentListOptions) ([]ProductEnvironment, error) {
	var out ProductEnvironmentsResponse
	err := c.do(ctx, request{
		op:     "getProductEnvironments",
		method: http.MethodGet,
		path:   c.provisioningPath("sub_accounts"),
		query:  opts.values(),
		want:   []int{http.StatusOK},
	}, &out)
	if err != nil {
		return nil, err
	}
	return out.SubAccounts, nil
}

// CreateProductEnvironment creates a product environment (natural key:
// cloud_name, unique; 409 if taken). An *OutcomeUnknownError means it may exist.
//
//meta:operation POST /v1_1/provisioning/accounts/{account_id}/sub_accounts
func (c *Client) CreateProductEnvironment(ctx context.Context, req ProductEnvironmentCreateRequest) (*ProductEnvironment, error) {
	return call[ProductEnvironment](ctx, c, request{
		op:     "createProductEnvironment",
		method: http.MethodPost,
		path:   c.provisioningPath("sub_accounts"),
		body:   req,
		want:   []int{http.StatusOK},
		create: true,
	})
}

// GetProductEnvironment reads one product environment.
//
//meta:operation GET /v1_1/provisioning/accounts/{account_id}/sub_accounts/{sub_account_id}
func (c *Client) GetProductEnvironment(ctx context.Context, subAccountID string) (*ProductEnvironment, error) {
	if err := requireID("sub_account_id", subAccountID); err != nil {
		return nil, err
	}
	return call[ProductEnvironment](ctx, c, request{
		op:     "getProductEnvironment",
		method: http.MethodGet,
		path:   c.provisioningPath("sub_accounts", subAccountID),
		want:   []int{http.StatusOK},
	})
}

// UpdateProductEnvironment updates a product environment.
//
//meta:operation PUT /v1_1/provisioning/accounts/{account_id}/sub_accounts/{sub_account_id}
func (c *Client) UpdateProductEnvironment(ctx context.Context, subAccountID string, req ProductEnvironmentUpdateRequest) (*ProductEnvironment, error) {
	if err := requireID("sub_account_id", subAccountID); err != nil {
		return nil, err
	}
	return call[ProductEnvironment](ctx, c, request{
		op:     "updateProductEnvironment",
		method: http.MethodPut,
		path:   c.provisioningPath("sub_accounts", subAccountID),
		body:   req,
		want:   []int{http.StatusOK},
	})
}

// DeleteProductEnvironment deletes a product environment AND ITS MEDIA:
// irreversible.
//
//meta:operation DELETE /v1_1/provisioning/accounts/{account_id}/sub_accounts/{sub_account_id}
func (c *Client) DeleteProductEnvironment(ctx context.Context, subAccountID string) error {
	if err := requireID("sub_account_id", subAccountID); err != nil {
		return err
	}
	return c.do(ctx, request{
		op:     "deleteProductEnvironment",
		method: http.MethodDelete,
		path:   c.provisioningPath("sub_accounts", subAccountID),
		want:   []int{http.StatusOK},
	}, &SuccessResponse{})
}
