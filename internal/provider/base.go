package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/readcache"
)

// providerData is what Configure hands to every resource, data source and
// ephemeral resource: one client (and its connection pool) per provider
// process.
type providerData struct {
	// client makes writes, and reads no cache helps with.
	client *client.Client
	// reads answers reads of objects from collections loaded with list
	// calls (internal/readcache); writes through client keep it current.
	reads *readcache.Reader
}

func newProviderData(c *client.Client) *providerData {
	return &providerData{client: c, reads: readcache.New(c)}
}

const errNotConfiguredSummary = "Cloudinary provider is not configured"

// providerDataFrom extracts the configured data. A nil value is normal: the
// framework calls Configure on resources before the provider is configured
// (and with unknown credentials it never is during plan).
func providerDataFrom(v any, diags *diag.Diagnostics) *providerData {
	if v == nil {
		return nil
	}
	d, ok := v.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", v))
		return nil
	}
	return d
}

// apiClient returns the configured client, or reports why there is none.
func (d *providerData) apiClient(diags *diag.Diagnostics) *client.Client {
	if d == nil || d.client == nil {
		diags.AddError(errNotConfiguredSummary,
			"The provider has no usable credentials yet. If they come from another resource, apply that resource first; "+
				"otherwise set account_id, api_key and api_secret (or account_url) in the provider block or the environment.")
		return nil
	}
	return d.client
}

// resourceBase supplies Metadata and Configure to every resource; embed it
// and set typeName to the part after "cloudinary_".
type resourceBase struct {
	typeName string
	data     *providerData
}

func (b *resourceBase) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + b.typeName
}

func (b *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// dataSourceBase is resourceBase for data sources.
type dataSourceBase struct {
	typeName string
	data     *providerData
}

func (b *dataSourceBase) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + b.typeName
}

func (b *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ephemeralBase is resourceBase for ephemeral resources.
type ephemeralBase struct {
	typeName string
	data     *providerData
}

func (b *ephemeralBase) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + b.typeName
}

func (b *ephemeralBase) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	b.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}
