// Package client is a typed REST client for Cloudinary's Account API: the
// Provisioning API (product environments, access keys, users, user groups,
// billing usage) and the Permissions API (roles, policies, principals).
//
// Every call goes through one request path (Client.do) that authenticates,
// retries, logs with secrets redacted, refuses redirects, and maps errors to
// *APIError, *RateLimitError, *OutcomeUnknownError or *RedirectError. The
// package never imports the Terraform plugin framework: it only logs through
// terraform-plugin-log.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Defaults applied by New to zero (or, for MaxRetries, negative) Config fields.
const (
	DefaultRegion           = "api"
	DefaultHTTPTimeout      = 60 * time.Second
	DefaultMaxRetries       = 5
	DefaultMaxRateLimitWait = 5 * time.Minute
	DefaultRetryWaitMin     = 1 * time.Second
	DefaultRetryWaitMax     = 30 * time.Second

	// LogSubsystem is the terraform-plugin-log subsystem the client logs to.
	// Its level can be set on its own with TF_LOG_PROVIDER_CLOUDINARY_CLIENT.
	LogSubsystem = "cloudinary_client"

	// maxResponseBytes bounds how much of a response body is read.
	maxResponseBytes = 32 << 20
)

// Regions are the values Config.Region accepts (the empty string means DefaultRegion).
var Regions = []string{"api", "api-eu", "api-ap"}

// Config configures New. Only AccountID, APIKey and APISecret are required.
type Config struct {
	// AccountID, APIKey and APISecret are the Account API credentials
	// (Console: Settings > Account API Keys), not a product environment's key.
	AccountID, APIKey, APISecret string

	// Region selects https://{region}.cloudinary.com: "api" (default), "api-eu" or "api-ap".
	Region string
	// BaseURL overrides Region with a full base URL such as http://127.0.0.1:8787
	// (the emulator) or a proxy. It may carry a path prefix, no query or credentials.
	BaseURL string

	// HTTPTimeout bounds one HTTP attempt (not the whole call). Zero means 60s.
	HTTPTimeout time.Duration
	// MaxRetries is how many times a failed attempt is retried. Zero means no
	// retries; a negative value means DefaultMaxRetries (5).
	MaxRetries int
	// MaxRateLimitWait is the longest wait for a rate limit reset announced by
	// Retry-After or X-FeatureRateLimit-Reset; a later reset fails at once with
	// *RateLimitError. Zero means 5m; negative means never wait for a reset.
	MaxRateLimitWait time.Duration
	// RetryWaitMin and RetryWaitMax bound the exponential backoff (full jitter)
	// between retries that have no rate limit header. Zero means 1s and 30s.
	RetryWaitMin, RetryWaitMax time.Duration

	// UserAgent is sent on every request; see UserAgent(). Empty means a default.
	UserAgent string
	// Transport carries the requests; nil means a cleanhttp pooled transport.
	Transport http.RoundTripper
	// QuietLogs skips logging each request and response, and the redaction
	// that logging needs; set it when no one will read the logs (see
	// LogsRequested).
	QuietLogs bool

	// MaxParallelRequests bounds the calls in flight at once (a call holds
	// its slot through its retries). Zero means DefaultMaxParallelRequests;
	// negative means no bound.
	MaxParallelRequests int

	// WrapError, when set, is applied to every error a call returns, so
	// that the caller can attach what it knows (the provider marks errors
	// that need an account-wide explanation). It must return err, or an
	// error whose Unwrap chain leads to err, so errors.Is and errors.As keep
	// working.
	WrapError func(error) error
}

// Client calls the Cloudinary Account API. It is safe for concurrent use.
type Client struct {
	accountID string
	apiKey    string
	apiSecret string
	baseURL   string
	userAgent string
	// secretForms are the texts redactString removes (see secretForms).
	secretForms []string

	maxRetries       int
	maxRateLimitWait time.Duration
	retryWaitMin     time.Duration
	retryWaitMax     time.Duration

	http *retryablehttp.Client
	// quietLogs skips request logging entirely (see Config.QuietLogs).
	quietLogs bool
	// wrapError is Config.WrapError.
	wrapError func(error) error

	// afterWrite is the hook set with OnWrite.
	afterWrite atomic.Pointer[func(op string)]

	// inFlight bounds the calls in flight (flow.go); remaining is the last
	// X-FeatureRateLimit-Remaining seen, -1 until one is.
	inFlight  slots
	remaining atomic.Int64

	mu      sync.Mutex
	counts  map[string]int
	retries int
}

// OnWrite sets fn to be called with the operationId after every request
// that is not a GET has ended, whatever its outcome: a write whose answer
// was lost, refused or cut short may still have landed, so a cache of reads
// must drop what it may no longer know. (Some POSTs only read: inspect,
// validateCedarPolicy; fn decides what each operation means.) A later call
// replaces fn; nil removes it.
func (c *Client) OnWrite(fn func(op string)) {
	if fn == nil {
		c.afterWrite.Store(nil)
		return
	}
	c.afterWrite.Store(&fn)
}

// New validates cfg and builds a Client. Errors name the offending setting and
// never contain a secret.
func New(cfg Config) (*Client, error) {
	var problems []string
	if strings.TrimSpace(cfg.AccountID) == "" {
		problems = append(problems, "the account id is missing")
	}
	if strings.TrimSpace(cfg.APIKey) == "" {
		problems = append(problems, "the Account API key is missing")
	}
	if cfg.APISecret == "" {
		problems = append(problems, "the Account API secret is missing")
	}

	base := ""
	if cfg.BaseURL != "" {
		b, err := checkBaseURL(cfg.BaseURL)
		if err != nil {
			problems = append(problems, err.Error())
		}
		base = b
	} else {
		region := cfg.Region
		if region == "" {
			region = DefaultRegion
		}
		if !slices.Contains(Regions, region) {
			problems = append(problems, fmt.Sprintf("region %q is not one of %s", cfg.Region, strings.Join(Regions, ", ")))
		}
		base = "https://" + region + ".cloudinary.com"
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("cloudinary client configuration: %s", strings.Join(problems, "; "))
	}

	c := &Client{
		quietLogs:        cfg.QuietLogs,
		wrapError:        cfg.WrapError,
		accountID:        cfg.AccountID,
		apiKey:           cfg.APIKey,
		apiSecret:        cfg.APISecret,
		secretForms:      secretForms(cfg.APIKey, cfg.APISecret),
		baseURL:          base,
		userAgent:        cfg.UserAgent,
		maxRetries:       cfg.MaxRetries,
		maxRateLimitWait: cfg.MaxRateLimitWait,
		retryWaitMin:     cfg.RetryWaitMin,
		retryWaitMax:     cfg.RetryWaitMax,
		counts:           map[string]int{},
	}
	c.remaining.Store(-1)
	switch {
	case cfg.MaxParallelRequests == 0:
		c.inFlight = newSlots(DefaultMaxParallelRequests)
	case cfg.MaxParallelRequests > 0:
		c.inFlight = newSlots(cfg.MaxParallelRequests)
	}
	if c.userAgent == "" {
		c.userAgent = UserAgent("", "")
	}
	if c.maxRetries < 0 {
		c.maxRetries = DefaultMaxRetries
	}
	switch {
	case c.maxRateLimitWait == 0:
		c.maxRateLimitWait = DefaultMaxRateLimitWait
	case c.maxRateLimitWait < 0:
		c.maxRateLimitWait = 0
	}
	if c.retryWaitMin <= 0 {
		c.retryWaitMin = DefaultRetryWaitMin
	}
	if c.retryWaitMax <= 0 {
		c.retryWaitMax = DefaultRetryWaitMax
	}
	if c.retryWaitMax < c.retryWaitMin {
		c.retryWaitMax = c.retryWaitMin
	}
	timeout := cfg.HTTPTimeout
	if timeout <= 0 {
		timeout = DefaultHTTPTimeout
	}
	next := cfg.Transport
	if next == nil {
		next = cleanhttp.DefaultPooledTransport()
	}

	c.http = &retryablehttp.Client{
		HTTPClient: &http.Client{
			Transport:     &attemptTransport{client: c, next: next},
			CheckRedirect: c.refuseRedirect,
			Timeout:       timeout,
		},
		Logger:       nil, // attemptTransport and checkRetry log through tflog instead
		RetryWaitMin: c.retryWaitMin,
		RetryWaitMax: c.retryWaitMax,
		RetryMax:     c.maxRetries,
		CheckRetry:   c.checkRetry,
		Backoff:      c.backoff,
		ErrorHandler: func(resp *http.Response, err error, _ int) (*http.Response, error) { return resp, err },
	}
	return c, nil
}

func checkBaseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", errors.New("base URL is not a valid URL")
	}
	shown := showURL(u)
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("base URL %q must be an absolute http:// or https:// URL", shown)
	case u.Host == "":
		return "", fmt.Errorf("base URL %q has no host", shown)
	case u.User != nil:
		return "", errors.New("base URL must not contain credentials; set the API key and secret instead")
	case u.RawQuery != "" || u.Fragment != "":
		return "", fmt.Errorf("base URL %q must not have a query or fragment", shown)
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		// Enforced here, not only by CheckEndpoint, so no program built on
		// this package can send Basic credentials in clear text off
		// this machine.
		return "", fmt.Errorf("base URL %q uses http:// for a host that is not loopback: %s", shown, clearTextHint)
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.EscapedPath(), "/"), nil
}

// CheckEndpoint checks an endpoint setting (the provider's endpoint, the
// exporter's -endpoint, CLOUDINARY_ENDPOINT) before it reaches New: an
// absolute http(s) URL without credentials, and plain http only to this
// machine (the emulator, a local proxy), so that Basic credentials never
// cross the network in clear text. Errors never echo userinfo or a query.
func CheckEndpoint(raw string) error {
	const noCredentials = "endpoint must not contain credentials (user:password@): the Account API key and secret " +
		"have their own settings (api_key and api_secret, or account_url; or the CLOUDINARY_PROVISIONING_API_KEY, " +
		"CLOUDINARY_PROVISIONING_API_SECRET or CLOUDINARY_ACCOUNT_URL environment variables)"
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		if strings.Contains(raw, "@") {
			// Most likely userinfo, maybe with a secret that broke the
			// parse (a "/" in it): say so, and show nothing of it.
			return errors.New(noCredentials)
		}
		msg := "endpoint must be an absolute URL such as https://api.cloudinary.com"
		if err == nil && u.Opaque == "" {
			// "KEY:SECRET" parses as scheme KEY, opaque SECRET: only a
			// URL without an opaque part is safe to show.
			shown := raw
			if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
				shown = showURL(u)
			}
			msg += fmt.Sprintf(", got %q", shown)
		}
		return errors.New(msg)
	}
	if u.User != nil {
		return errors.New(noCredentials)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("endpoint %q must not have a query or fragment", showURL(u))
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return fmt.Errorf("endpoint %q uses http:// for a host that is not loopback: %s", showURL(u), clearTextHint)
	}
	return nil
}

const clearTextHint = "credentials would cross the network in clear text; use https:// (plain http is allowed only " +
	"for localhost, 127.0.0.0/8 and ::1, e.g. the bundled emulator)"

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// showURL renders a configured URL for an error: without userinfo, and with
// a query or fragment (which may carry a token) elided.
func showURL(u *url.URL) string {
	cp := *u
	cp.User = nil
	cp.RawQuery, cp.ForceQuery, cp.Fragment, cp.RawFragment = "", false, "", ""
	s := cp.String()
	if u.RawQuery != "" || u.ForceQuery {
		s += "?…"
	}
	if u.Fragment != "" {
		s += "#…"
	}
	return s
}

// refuseRedirect is the http.Client's CheckRedirect. The API never
// redirects, and following would be unsafe: net/http keeps the Authorization
// header for the same host name on another port or scheme (https to http
// sends the credentials in clear text; 127.0.0.1:A to 127.0.0.1:B sends them
// to another server), and resends a body anywhere.
func (c *Client) refuseRedirect(req *http.Request, via []*http.Request) error {
	e := &RedirectError{Location: c.redactURL(req.URL)}
	if req.Response != nil {
		e.StatusCode = req.Response.StatusCode
	}
	if info := callFrom(req.Context()); info != nil {
		e.Operation, e.Method, e.Path = info.op, info.method, info.path
	} else if len(via) > 0 {
		e.Method, e.Path = via[0].Method, via[0].URL.Path
	}
	return e
}

// AccountID is the account the client works on.
func (c *Client) AccountID() string { return c.accountID }

// BaseURL is the scheme, host and optional path prefix requests go to, without a trailing slash.
func (c *Client) BaseURL() string { return c.baseURL }

// MaxRetries is how many times the client retries a failed attempt. A create
// whose outcome is unknown is never retried here (it may have landed); the
// caller that can look the object up decides, within the same bound.
func (c *Client) MaxRetries() int { return c.maxRetries }

// UserAgent builds the User-Agent header value for the provider. Empty
// versions are reported as "dev" and left out, respectively.
func UserAgent(providerVersion, terraformVersion string) string {
	if providerVersion == "" {
		providerVersion = "dev"
	}
	ua := "terraform-provider-cloudinary/" + providerVersion +
		" (+https://registry.terraform.io/providers/cloudinary-terraform/cloudinary)"
	if terraformVersion != "" {
		ua += " Terraform/" + terraformVersion
	}
	return ua + " Go/" + strings.TrimPrefix(runtime.Version(), "go")
}

// Ptr returns a pointer to v, for the optional fields of request and option structs.
func Ptr[T any](v T) *T { return &v }

// RequestCounts returns a copy of the number of HTTP attempts made so far,
// keyed by operationId (retries included).
func (c *Client) RequestCounts() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.counts))
	for k, v := range c.counts {
		out[k] = v
	}
	return out
}

// Retries returns how many attempts so far were retries of an earlier attempt.
func (c *Client) Retries() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.retries
}

// ResetCounts zeroes RequestCounts and Retries.
func (c *Client) ResetCounts() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.counts = map[string]int{}
	c.retries = 0
}

func (c *Client) countAttempt(op string) {
	c.mu.Lock()
	c.counts[op]++
	c.mu.Unlock()
}

func (c *Client) countRetries(n int) {
	if n <= 0 {
		return
	}
	c.mu.Lock()
	c.retries += n
	c.mu.Unlock()
}

// request describes one API operation call.
type request struct {
	op           string     // operationId, e.g. "getUsers"
	method, path string     // path from provisioningPath/permissionsPath/publicPath
	query        url.Values // array values go out as repeated keys
	body         any        // JSON-encoded when non-nil
	want         []int      // accepted statuses
	create       bool       // a POST that creates an object: never blindly retried
	public       bool       // needs no auth; credentials are still sent when we have them
}

// provisioningPath builds /v1_1/provisioning/accounts/{account_id}/seg/seg,
// path-escaping every segment.
func (c *Client) provisioningPath(segments ...string) string {
	return joinPath("/v1_1/provisioning/accounts/"+url.PathEscape(c.accountID), segments)
}

// permissionsPath builds /v2/accounts/{account_id}/permissions/seg/seg.
func (c *Client) permissionsPath(segments ...string) string {
	return joinPath("/v2/accounts/"+url.PathEscape(c.accountID)+"/permissions", segments)
}

// publicPath builds /v2/accounts/permissions/public/seg/seg (no account id).
func publicPath(segments ...string) string {
	return joinPath("/v2/accounts/permissions/public", segments)
}

func joinPath(prefix string, segments []string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// requireID rejects an empty (or dot) path parameter, which would otherwise
// address a different endpoint (GET /users/ is the list, not a user).
func requireID(name, v string) error {
	if strings.TrimSpace(v) == "" || v == "." || v == ".." {
		return fmt.Errorf("cloudinary: %s must not be empty", name)
	}
	return nil
}

// call sends r and decodes the answer into a new T: the whole body of the
// typed methods whose answer is one object.
func call[T any](ctx context.Context, c *Client, r request) (*T, error) {
	var out T
	if err := c.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// do is send with Config.WrapError applied to its error, and the OnWrite
// hook called after a request that is not a GET.
func (c *Client) do(ctx context.Context, r request, out any) error {
	err := c.send(ctx, r, out)
	if fn := c.afterWrite.Load(); fn != nil && r.method != http.MethodGet {
		(*fn)(r.op)
	}
	if err != nil && c.wrapError != nil {
		err = c.wrapError(err)
	}
	return err
}

// send sends r (with retries), checks the status against r.want and decodes a
// JSON body into out when out is non-nil and the body is non-empty.
func (c *Client) send(ctx context.Context, r request, out any) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if len(r.want) == 0 {
		r.want = []int{http.StatusOK}
	}
	var body []byte
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return fmt.Errorf("cloudinary: %s: encoding request body: %w", r.op, err)
		}
		body = b
	}
	target := c.baseURL + r.path
	if len(r.query) > 0 {
		target += "?" + r.query.Encode()
	}

	info := &callInfo{op: r.op, method: r.method, path: r.path, create: r.create, body: body}
	ctx = tflog.NewSubsystem(ctx, LogSubsystem,
		tflog.WithLevelFromEnv("TF_LOG_PROVIDER_CLOUDINARY_CLIENT"), tflog.WithRootFields())
	ctx = context.WithValue(ctx, callKey{}, info)

	var raw any
	if body != nil {
		raw = body
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, r.method, target, raw)
	if err != nil {
		return fmt.Errorf("cloudinary: %s: building request: %w", r.op, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.apiKey != "" || c.apiSecret != "" {
		req.SetBasicAuth(c.apiKey, c.apiSecret)
	}

	if err := c.inFlight.acquire(ctx); err != nil {
		return fmt.Errorf("cloudinary: %s (%s %s): not sent: %w", r.op, r.method, r.path, err)
	}
	resp, err := c.http.Do(req)
	c.inFlight.release()
	c.recordRemaining(resp)
	c.countRetries(int(info.attempts.Load()) - 1)
	if err != nil {
		return c.finishError(r, info, resp, err)
	}
	defer resp.Body.Close()

	data, readErr := readBody(resp.Body)
	if readErr != nil {
		e := fmt.Errorf("cloudinary: %s (%s %s): reading response: %w", r.op, r.method, r.path, c.redactErr(readErr))
		return c.unknownIfCreate(r, e)
	}
	if !slices.Contains(r.want, resp.StatusCode) {
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			e := fmt.Errorf("cloudinary: %s (%s %s): unexpected HTTP status %d, the API contract says %s",
				r.op, r.method, r.path, resp.StatusCode, statusList(r.want))
			return c.unknownIfCreate(r, e)
		}
		return c.newAPIError(r, resp, data)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if !isJSONContentType(resp.Header.Get("Content-Type")) {
		e := fmt.Errorf("cloudinary: %s (%s %s): HTTP %d response has content type %q, expected application/json",
			r.op, r.method, r.path, resp.StatusCode, c.redactCut(resp.Header.Get("Content-Type"), 100))
		return c.unknownIfCreate(r, e)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		e := fmt.Errorf("cloudinary: %s (%s %s): decoding response: %w", r.op, r.method, r.path, err)
		return c.unknownIfCreate(r, e)
	}
	return nil
}

// finishError turns what retryablehttp gave up with into our error types.
func (c *Client) finishError(r request, info *callInfo, resp *http.Response, err error) error {
	var apiErr *APIError
	if resp != nil {
		data, _ := readBody(resp.Body)
		resp.Body.Close()
		apiErr = c.newAPIError(r, resp, data)
	}
	var rle *RateLimitError
	if errors.As(err, &rle) {
		if apiErr != nil {
			rle.Message = apiErr.Message
		}
		return rle
	}
	var oue *OutcomeUnknownError
	if errors.As(err, &oue) {
		if oue.Err == nil && apiErr != nil {
			oue.Err = apiErr
		}
		return oue
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("cloudinary: %s (%s %s): %w", r.op, r.method, r.path, c.redactErr(err))
	}
	// Before apiErr: the 3xx it would describe says less than the refusal.
	var re *RedirectError
	if errors.As(err, &re) {
		return re
	}
	if apiErr != nil {
		return apiErr
	}
	return fmt.Errorf("cloudinary: %s (%s %s) failed after %d attempt(s): %w",
		r.op, r.method, r.path, info.attempts.Load(), c.redactErr(err))
}

// unknownIfCreate wraps a failure that happened after a create was answered
// 2xx: the object most likely exists, so the caller must look it up.
func (c *Client) unknownIfCreate(r request, err error) error {
	if r.create {
		return &OutcomeUnknownError{Operation: r.op, Method: r.method, Path: r.path, Err: err}
	}
	return err
}

func readBody(body io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(body, maxResponseBytes+1))
	if err != nil {
		return data, err
	}
	if len(data) > maxResponseBytes {
		return data[:maxResponseBytes], fmt.Errorf("response body larger than %d bytes", maxResponseBytes)
	}
	return data, nil
}

func isJSONContentType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

func statusList(want []int) string {
	parts := make([]string, len(want))
	for i, w := range want {
		parts[i] = fmt.Sprint(w)
	}
	return strings.Join(parts, " or ")
}

// Query helpers for option structs.

func setString(q url.Values, key string, v *string) {
	if v != nil {
		q.Set(key, *v)
	}
}

func setBool(q url.Values, key string, v *bool) {
	if v != nil {
		q.Set(key, fmt.Sprint(*v))
	}
}

func setInt(q url.Values, key string, v *int) {
	if v != nil {
		q.Set(key, fmt.Sprint(*v))
	}
}

func addAll(q url.Values, key string, vs []string) {
	for _, v := range vs {
		q.Add(key, v)
	}
}
