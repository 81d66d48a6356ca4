// Package provider implements the Cloudinary Terraform provider on top of
// terraform-plugin-framework. Resources and data sources talk to the API only
// through internal/client.
package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/readcache"
)

var (
	_ provider.Provider                       = (*cloudinaryProvider)(nil)
	_ provider.ProviderWithFunctions          = (*cloudinaryProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*cloudinaryProvider)(nil)
	_ provider.ProviderWithListResources      = (*cloudinaryProvider)(nil)
)

// Option adjusts how the provider builds its API client. main passes
// WithRequestLogs; the acceptance harness uses WithTransport to validate
// traffic against the OpenAPI document.
type Option func(*cloudinaryProvider)

// WithTransport makes every client the provider builds send its requests
// through rt.
func WithTransport(rt http.RoundTripper) Option {
	return func(p *cloudinaryProvider) { p.transport = rt }
}

// WithRequestLogs says whether to log each API request and response (with
// the redaction work that takes). The process decides it once, at start
// (main: Terraform drops plugin logs unless TF_LOG* asks for them). Without
// this option the provider asks client.LogsRequested of the environment
// when it is configured.
func WithRequestLogs(on bool) Option {
	return func(p *cloudinaryProvider) { p.requestLogs = &on }
}

// New returns a constructor for the provider, as providerserver expects.
func New(version string, opts ...Option) func() provider.Provider {
	return func() provider.Provider {
		p := &cloudinaryProvider{version: version}
		for _, opt := range opts {
			opt(p)
		}
		return p
	}
}

type cloudinaryProvider struct {
	version     string
	transport   http.RoundTripper
	requestLogs *bool // nil: decided from the environment at Configure
}

// providerModel is the provider block. Every attribute is optional because
// each has an environment fallback (see resolveConfig).
type providerModel struct {
	AccountID        types.String `tfsdk:"account_id"`
	APIKey           types.String `tfsdk:"api_key"`
	APISecret        types.String `tfsdk:"api_secret"`
	AccountURL       types.String `tfsdk:"account_url"`
	Region           types.String `tfsdk:"region"`
	Endpoint         types.String `tfsdk:"endpoint"`
	MaxRetries       types.Int64  `tfsdk:"max_retries"`
	RequestTimeout   types.String `tfsdk:"request_timeout"`
	MaxRateLimitWait types.String `tfsdk:"max_rate_limit_wait"`

	MaxParallelRequests types.Int64 `tfsdk:"max_parallel_requests"`
	Prefetch            types.Bool  `tfsdk:"prefetch"`
	RateLimitReserve    types.Int64 `tfsdk:"rate_limit_reserve"`
}

// defaultRateLimitReserve is rate_limit_reserve's default: the requests of
// the hourly budget that a prefetch leaves for the reads and writes that
// follow it.
const defaultRateLimitReserve = 100

func (p *cloudinaryProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "cloudinary"
	resp.Version = p.version
}

func (p *cloudinaryProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a Cloudinary account through the Account Provisioning and Permissions APIs: " +
			"product environments, users, user groups, access keys, custom roles, custom policies and role assignments.",
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Cloudinary account id. Falls back to `account_url`, then `CLOUDINARY_ACCOUNT_ID`, then `CLOUDINARY_ACCOUNT_URL`.",
			},
			"api_key": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Account API key (formerly the provisioning key). Falls back to `account_url`, then `CLOUDINARY_PROVISIONING_API_KEY`, then `CLOUDINARY_ACCOUNT_URL`.",
			},
			"api_secret": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Account API secret. Falls back to `account_url`, then `CLOUDINARY_PROVISIONING_API_SECRET`, then `CLOUDINARY_ACCOUNT_URL`.",
			},
			"account_url": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "All three credentials in one value, `account://API_KEY:API_SECRET@ACCOUNT_ID`, as Cloudinary's SDKs read it. Falls back to `CLOUDINARY_ACCOUNT_URL`. Individual attributes win over it.",
			},
			"region": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "API region: `api` (default, US), `api-eu` or `api-ap`. Ignored when `endpoint` is set.",
				Validators:          []validator.String{stringvalidator.OneOf(client.Regions...)},
			},
			"endpoint": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Full base URL of the API, overriding `region`: for the bundled emulator or a proxy. " +
					"Must be `https://`, except for loopback hosts. Falls back to `CLOUDINARY_ENDPOINT`.",
				Validators: []validator.String{endpointValidator{}},
			},
			"max_retries": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "How many times a failed request is retried (rate limits, 5xx, network errors). Default 5.",
				Validators:          []validator.Int64{int64validator.Between(0, 20)},
			},
			"request_timeout": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Timeout of one HTTP attempt, as a Go duration such as `30s` or `2m`. Default `60s`.",
				Validators:          []validator.String{durationValidator{}},
			},
			"max_rate_limit_wait": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Longest time to wait for an hourly rate limit to reset before failing, as a Go duration. " +
					"Default `5m`. A limit that resets later fails at once with the reset time.",
				Validators: []validator.String{durationValidator{}},
			},
			"max_parallel_requests": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many API requests the provider has in flight at once, at most. Default %d. "+
					"A refresh loads whole lists of objects side by side; at 100-300 ms per request, fewer requests in flight "+
					"make a large plan wait longer.", client.DefaultMaxParallelRequests),
				Validators: []validator.Int64{int64validator.Between(1, 64)},
			},
			"prefetch": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "At the first read of a refresh, start loading every kind of object the provider reads in lists " +
					"(environments, their access keys and users, user groups, custom policies, role assignments), instead of each kind " +
					"at its own first read. Default `true`: a refresh then waits for one round of list calls instead of one per kind. " +
					"It costs a few list calls for the kinds the workspace does not manage (about one per product environment and kind); " +
					"set `false` for a small workspace in a large account, or for an account without Roles and Permissions (where the " +
					"permissions lists fail, each once per refresh).",
			},
			"rate_limit_reserve": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Requests of the hourly budget that `prefetch` leaves untouched. When the API's "+
					"`X-FeatureRateLimit-Remaining` says fewer would be left, the prefetch skips those loads (a log line names them) "+
					"and each kind loads when a read needs it. Default %d.", defaultRateLimitReserve),
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
		},
	}
}

func (p *cloudinaryProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var model providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if anyUnknown(model) {
		// Credentials that come from another resource are unknown during the
		// first plan. Leave the provider unconfigured; anything that needs the
		// API then reports errProviderNotConfigured instead of crashing.
		tflog.Warn(ctx, "provider configuration has unknown values; API calls are deferred")
		return
	}

	cfg, diags := resolveConfig(model, environ{})
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.UserAgent = client.UserAgent(p.version, req.TerraformVersion)
	cfg.Transport = p.transport
	if p.requestLogs != nil {
		cfg.QuietLogs = !*p.requestLogs
	} else {
		cfg.QuietLogs = !client.LogsRequested(os.Environ())
	}
	cfg.WrapError = newAccountGates(cfg.APIKey).wrap // gating.go

	c, err := client.New(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Cloudinary provider configuration", err.Error())
		return
	}
	data := newProviderData(c)
	prefetch := readcache.PrefetchOptions{
		Disabled: !model.Prefetch.IsNull() && !model.Prefetch.ValueBool(),
		Reserve:  defaultRateLimitReserve,
	}
	if !model.RateLimitReserve.IsNull() {
		prefetch.Reserve = model.RateLimitReserve.ValueInt64()
	}
	data.reads.SetPrefetch(prefetch)
	// One request up front turns wrong credentials into one clear diagnostic
	// instead of one per resource. It is not wasted: the environments it
	// reads seed the read cache that refresh reads use. Other failures are
	// left to the resources, which retry and report them in context (an
	// account with only Permissions API access answers 403 here). An hourly
	// rate limit that resets later than max_rate_limit_wait is also reported
	// once, here: every resource would otherwise fail with the same error.
	_, err = data.reads.ProductEnvironments(ctx)
	var rateLimited *client.RateLimitError
	switch {
	case client.IsUnauthorized(err):
		resp.Diagnostics.AddError("Invalid Cloudinary credentials", err.Error())
		return
	case errors.As(err, &rateLimited):
		resp.Diagnostics.AddError("Cloudinary rate limit exhausted", err.Error())
		return
	}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
	publishUnchangedReads(ctx, p, data)
}

func anyUnknown(m providerModel) bool {
	for _, v := range []interface{ IsUnknown() bool }{
		m.AccountID, m.APIKey, m.APISecret, m.AccountURL, m.Region, m.Endpoint,
		m.MaxRetries, m.RequestTimeout, m.MaxRateLimitWait, m.MaxParallelRequests, m.Prefetch, m.RateLimitReserve,
	} {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}

func (p *cloudinaryProvider) Resources(_ context.Context) []func() resource.Resource {
	return resourceConstructors
}

func (p *cloudinaryProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return dataSourceConstructors
}

func (p *cloudinaryProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return ephemeralConstructors
}

func (p *cloudinaryProvider) Functions(_ context.Context) []func() function.Function {
	return functionConstructors
}

func (p *cloudinaryProvider) ListResources(_ context.Context) []func() list.ListResource {
	return listConstructors
}
