package client

import (
	"context"
	"net/http"
	"net/url"
)

// AccessKey mirrors the AccessKey schema (api_key/api_secret), plus what the
// real service adds (FIDELITY.md row 5): root, and dedicated_for as an
// array once the key is dedicated (a string is accepted too).
type AccessKey struct {
	Name      string `json:"name"`
	APIKey    string `json:"api_key"`
	APISecret string `json:"api_secret"`
	Enabled   *bool  `json:"enabled"`
	CreatedAt string `json:"created_at"` // RFC 3339
	UpdatedAt string `json:"updated_at"` // RFC 3339
	// Root marks the key the environment was created with, which cannot be
	// deleted; nil when not returned.
	Root *bool `json:"root"`
	// DedicatedFor lists what the key is dedicated to ("webhooks"); nil
	// when not returned.
	DedicatedFor StringList `json:"dedicated_for"`
}

// IsRoot reports whether the answer marked the key as the root key.
func (k *AccessKey) IsRoot() bool { return k != nil && k.Root != nil && *k.Root }

// AccessKeysResponse mirrors the getAccessKeys answer. Total counts every key
// of the environment, not just this page (nil when absent).
type AccessKeysResponse struct {
	AccessKeys []AccessKey `json:"access_keys"`
	Total      *int        `json:"total"`
}

// Values of AccessKeyUpdateRequest.DedicatedFor.
const AccessKeyDedicatedForWebhooks = "webhooks"

// AccessKeyListOptions are the getAccessKeys paging and sorting parameters.
// Without Page the API returns all pages.
type AccessKeyListOptions struct {
	PageSize  *int
	Page      *int    // 1..100
	SortBy    *string // api_key, created_at, name, enabled
	SortOrder *string // desc (default), asc
}

func (o *AccessKeyListOptions) values() url.Values {
	q := url.Values{}
	if o == nil {
		return q
	}
	setInt(q, "page_size", o.PageSize)
	setInt(q, "page", o.Page)
	setString(q, "sort_by", o.SortBy)
	setString(q, "sort_order", o.SortOrder)
	return q
}

// AccessKeyCreateRequest is the AccessKeyRequest body of generateAccessKey.
type AccessKeyCreateRequest struct {
	Name    *string `json:"name,omitempty"`
	Enabled *bool   `json:"enabled,omitempty"`
}

// AccessKeyUpdateRequest is the AccessKeyUpdateRequest body; nil fields are
// left unchanged.
type AccessKeyUpdateRequest struct {
	Name         *string `json:"name,omitempty"`
	Enabled      *bool   `json:"enabled,omitempty"`
	DedicatedFor *string `json:"dedicated_for,omitempty"` // "webhooks": replaces any key assigned before
}

// GetAccessKeys lists one page (or, without opts.Page, all) of a product
// environment's access keys. There is no endpoint to read a single key.
//
//meta:operation GET /v1_1/provisioning/accounts/{account_id}/sub_accounts/{sub_account_id}/access_keys
func (c *Client) GetAccessKeys(ctx context.Context, subAccountID string, opts *AccessKeyListOptions) (*AccessKeysResponse, error) {
	if err := requireID("sub_account_id", subAccountID); err != nil {
		return nil, err
	}
	return call[AccessKeysResponse](ctx, c, request{
		op:     "getAccessKeys",
		method: http.MethodGet,
		path:   c.provisioningPath("sub_accounts", subAccountID, "access_keys"),
		query:  opts.values(),
		want:   []int{http.StatusOK},
	})
}

// AccessKeysPageSize is the page size ListAllAccessKeys asks for.
const AccessKeysPageSize = 100

// accessKeysMaxPages is the documented page limit of getAccessKeys.
const accessKeysMaxPages = 100

// ListAllAccessKeys returns every access key of a product environment,
// walking the pages (usually one request; stops at the announced total).
// opts may set the sort; its Page and PageSize are ignored.
func (c *Client) ListAllAccessKeys(ctx context.Context, subAccountID string, opts *AccessKeyListOptions) ([]AccessKey, error) {
	var o AccessKeyListOptions
	if opts != nil {
		o = *opts
	}
	return CollectPages(ctx, PageWalk[AccessKey]{
		PageSize: AccessKeysPageSize,
		MaxPages: accessKeysMaxPages,
		Key:      func(k AccessKey) string { return k.APIKey },
	}, func(ctx context.Context, page, pageSize int) ([]AccessKey, int, error) {
		o.Page, o.PageSize = &page, &pageSize
		resp, err := c.GetAccessKeys(ctx, subAccountID, &o)
		if err != nil {
			return nil, 0, err
		}
		total := -1
		if resp.Total != nil {
			total = *resp.Total
		}
		return resp.AccessKeys, total, nil
	})
}

// GenerateAccessKey creates an access key; the answer carries its secret.
// An *OutcomeUnknownError means it may exist (look it up by name).
//
//meta:operation POST /v1_1/provisioning/accounts/{account_id}/sub_accounts/{sub_account_id}/access_keys
func (c *Client) GenerateAccessKey(ctx context.Context, subAccountID string, req AccessKeyCreateRequest) (*AccessKey, error) {
	if err := requireID("sub_account_id", subAccountID); err != nil {
		return nil, err
	}
	return call[AccessKey](ctx, c, request{
		op:     "generateAccessKey",
		method: http.MethodPost,
		path:   c.provisioningPath("sub_accounts", subAccountID, "access_keys"),
		body:   req,
		want:   []int{http.StatusOK},
		create: true,
	})
}

// DeleteAccessKeyByName deletes the access key with this name.
//
//meta:operation DELETE /v1_1/provisioning/accounts/{account_id}/sub_accounts/{sub_account_id}/access_keys
func (c *Client) DeleteAccessKeyByName(ctx context.Context, subAccountID, name string) error {
	if err := requireID("sub_account_id", subAccountID); err != nil {
		return err
	}
	if err := requireID("name", name); err != nil {
		return err
	}
	return c.do(ctx, request{
		op:     "deleteAccessKeyByName",
		method: http.MethodDelete,
		path:   c.provisioningPath("sub_accounts", subAccountID, "access_keys"),
		query:  url.Values{"name": {name}},
		want:   []int{http.StatusOK},
	}, &SuccessResponse{})
}

// UpdateAccessKey updates the name, status or dedication of an access key.
//
//meta:operation PUT /v1_1/provisioning/accounts/{account_id}/sub_accounts/{sub_account_id}/access_keys/{key}
func (c *Client) UpdateAccessKey(ctx context.Context, subAccountID, apiKey string, req AccessKeyUpdateRequest) (*AccessKey, error) {
	if err := requireID("sub_account_id", subAccountID); err != nil {
		return nil, err
	}
	if err := requireID("key", apiKey); err != nil {
		return nil, err
	}
	return call[AccessKey](ctx, c, request{
		op:     "updateAccessKey",
		method: http.MethodPut,
		path:   c.provisioningPath("sub_accounts", subAccountID, "access_keys", apiKey),
		body:   req,
		want:   []int{http.StatusOK},
	})
}

// DeleteAccessKey deletes an access key by its API key.
//
//meta:operation DELETE /v1_1/provisioning/accounts/{account_id}/sub_accounts/{sub_account_id}/access_keys/{key}
func (c *Client) DeleteAccessKey(ctx context.Context, subAccountID, apiKey string) error {
	if err := requireID("sub_account_id", subAccountID); err != nil {
		return err
	}
	if err := requireID("key", apiKey); err != nil {
		return err
	}
	return c.do(ctx, request{
		op:     "deleteAccessKey",
		method: http.MethodDelete,
		path:   c.provisioningPath("sub_accounts", subAccountID, "access_keys", apiKey),
		want:   []int{http.StatusOK},
	}, &SuccessResponse{})
}
