package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// APIError is a non-2xx answer from the API. It decodes both error shapes:
// provisioning's {"error":{"message"}} and permissions'
// {"error":{"category","code","message","details"}}; a non-JSON body becomes
// the message. Is compares status codes, so errors.Is(err, ErrNotFound)
// matches any 404.
type APIError struct {
	StatusCode int
	Message    string
	Category   string
	Code       string
	Details    map[string]any

	Method    string
	Path      string // without the query string
	Operation string // operationId
}

// Sentinels for errors.Is. ErrRateLimited matches both 420 and 429.
var (
	ErrNotFound     = &APIError{StatusCode: http.StatusNotFound}
	ErrConflict     = &APIError{StatusCode: http.StatusConflict}
	ErrRateLimited  = &APIError{StatusCode: http.StatusTooManyRequests}
	ErrUnauthorized = &APIError{StatusCode: http.StatusUnauthorized}
	ErrForbidden    = &APIError{StatusCode: http.StatusForbidden}
)

// ErrOutcomeUnknown matches every *OutcomeUnknownError.
var ErrOutcomeUnknown = errors.New("cloudinary: request outcome unknown")

// StatusMaxUsageRateExceeded is Cloudinary's 420 "max usage rate exceeded".
const StatusMaxUsageRateExceeded = 420

// Is reports whether target is an *APIError with the same status code
// (ErrRateLimited: 420 or 429).
func (e *APIError) Is(target error) bool {
	t, ok := target.(*APIError)
	if !ok {
		return false
	}
	if t == ErrRateLimited {
		return isRateLimitStatus(e.StatusCode)
	}
	return t.StatusCode == e.StatusCode
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("cloudinary: ")
	switch {
	case e.Operation != "" && e.Method != "":
		fmt.Fprintf(&b, "%s (%s %s): ", e.Operation, e.Method, e.Path)
	case e.Method != "":
		fmt.Fprintf(&b, "%s %s: ", e.Method, e.Path)
	}
	fmt.Fprintf(&b, "HTTP %d %s", e.StatusCode, statusText(e.StatusCode))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	var extra []string
	if e.Code != "" {
		extra = append(extra, "code "+e.Code)
	}
	if e.Category != "" {
		extra = append(extra, "category "+e.Category)
	}
	if len(e.Details) > 0 {
		if d, err := json.Marshal(e.Details); err == nil {
			extra = append(extra, "details "+truncate(redactText(string(d)), 500))
		}
	}
	if len(extra) > 0 {
		b.WriteString(" (" + strings.Join(extra, ", ") + ")")
	}
	if h := e.hint(); h != "" {
		b.WriteString(". ")
		b.WriteString(h)
	}
	return b.String()
}

func (e *APIError) hint() string {
	switch {
	case e.StatusCode == http.StatusUnauthorized:
		return "Check the Account API key and secret (and the account id): they are the Account API Keys " +
			"under Settings > Account API Keys in the Cloudinary Console, not a product environment's API key"
	case e.StatusCode == http.StatusForbidden:
		api := "Provisioning API or Permissions API"
		switch {
		case strings.HasPrefix(e.Path, "/v1_1/provisioning/"):
			api = "Provisioning API"
		case strings.HasPrefix(e.Path, "/v2/"):
			api = "Permissions API"
		}
		return "The account needs " + api + " access, an Enterprise plan feature that Cloudinary enables on request; " +
			"also check that this Account API key may perform the operation"
	case isRateLimitStatus(e.StatusCode):
		return "Cloudinary's Account API allows a limited number of requests per hour; " +
			"wait for the limit to reset, or raise max_retries or max_rate_limit_wait"
	}
	return ""
}

func statusText(code int) string {
	if code == StatusMaxUsageRateExceeded {
		return "Max Usage Rate Exceeded"
	}
	return http.StatusText(code)
}

func isRateLimitStatus(code int) bool {
	return code == http.StatusTooManyRequests || code == StatusMaxUsageRateExceeded
}

// Lengths APIError fields are cut to, after redaction.
const (
	maxMessageLen     = 1000
	maxTextMessageLen = 200 // a text body's first line: often a proxy's page
	maxCodeLen        = 200 // code and category
)

// newAPIError decodes an error response defensively: any JSON shape, or text.
// Every field the server wrote is redacted (the server may echo the
// request's credentials anywhere) before it is cut.
func (c *Client) newAPIError(r request, resp *http.Response, body []byte) *APIError {
	e := &APIError{StatusCode: resp.StatusCode, Method: r.method, Path: r.path, Operation: r.op}
	limit := maxMessageLen
	if decodeErrorBody(e, body) {
		limit = maxTextMessageLen
	}
	e.Message = c.redactCut(e.Message, limit)
	e.Code = c.redactCut(e.Code, maxCodeLen)
	e.Category = c.redactCut(e.Category, maxCodeLen)
	if e.Details != nil {
		e.Details, _ = c.redactDetails(e.Details).(map[string]any)
	}
	return e
}

// redactDetails is redactValue with the client's secret removed from every
// string, map keys included.
func (c *Client) redactDetails(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, val := range t {
			if secretKeys[strings.ToLower(k)] && val != nil {
				val = redacted
			}
			out[c.redactString(k)] = c.redactDetails(val)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i := range t {
			out[i] = c.redactDetails(t[i])
		}
		return out
	case string:
		return c.redactString(t)
	}
	return v
}

// decodeErrorBody fills e from body and reports whether the message is the
// body's text rather than a JSON field. It does not cut or redact.
func decodeErrorBody(e *APIError, body []byte) (text bool) {
	var env struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
	}
	if err := json.Unmarshal(body, &env); err == nil {
		if len(env.Error) > 0 {
			var obj struct {
				Message  string `json:"message"`
				Category string `json:"category"`
				Code     any    `json:"code"`
				Details  any    `json:"details"`
			}
			var s string
			switch {
			case json.Unmarshal(env.Error, &obj) == nil:
				e.Message, e.Category = obj.Message, obj.Category
				if obj.Code != nil {
					e.Code = fmt.Sprint(obj.Code)
				}
				switch d := obj.Details.(type) {
				case nil:
				case map[string]any:
					e.Details = d
				default:
					e.Details = map[string]any{"value": d}
				}
			case json.Unmarshal(env.Error, &s) == nil:
				e.Message = s
			}
		}
		if e.Message == "" {
			e.Message = env.Message
		}
		return false
	}
	msg := strings.TrimSpace(string(body))
	if msg == "" || !utf8.ValidString(msg) || strings.HasPrefix(msg, "<") {
		return false // empty, binary or an HTML error page: the status says it all
	}
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = strings.TrimSpace(msg[:i])
	}
	e.Message = msg
	return true
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// RateLimitError reports a 420/429 whose announced reset is later than
// MaxRateLimitWait: the client failed at once instead of waiting.
// errors.Is(err, ErrRateLimited) is true.
type RateLimitError struct {
	StatusCode int
	Operation  string
	Method     string
	Path       string
	Message    string // the API's own message, if any

	Limit     string        // X-FeatureRateLimit-Limit, as sent
	Remaining string        // X-FeatureRateLimit-Remaining, as sent
	Reset     time.Time     // when the limit resets
	Wait      time.Duration // how long that was from the moment of the answer
	MaxWait   time.Duration // the configured max_rate_limit_wait
}

func (e *RateLimitError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "cloudinary: %s (%s %s): rate limit exceeded (HTTP %d %s)",
		e.Operation, e.Method, e.Path, e.StatusCode, statusText(e.StatusCode))
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	b.WriteString(". ")
	if e.Limit != "" {
		fmt.Fprintf(&b, "The limit of %s requests", e.Limit)
	} else {
		b.WriteString("The limit")
	}
	reset := e.Reset.UTC().Format(time.RFC3339)
	fmt.Fprintf(&b, " resets at %s (in %s), later than max_rate_limit_wait (%s). "+
		"Retry after %s, or raise max_rate_limit_wait",
		reset, e.Wait.Round(time.Second), e.MaxWait, reset)
	return b.String()
}

// Is matches ErrRateLimited and an *APIError with the same status code.
func (e *RateLimitError) Is(target error) bool {
	if target == ErrRateLimited {
		return true
	}
	t, ok := target.(*APIError)
	return ok && t.StatusCode == e.StatusCode
}

// OutcomeUnknownError reports a create (POST) whose result cannot be known:
// the connection failed after the request was sent, the API answered 5xx, or
// a 2xx answer could not be read. The object may exist: look it up by its
// natural key before creating again. errors.Is(err, ErrOutcomeUnknown) is true.
type OutcomeUnknownError struct {
	Operation string
	Method    string
	Path      string
	Err       error
}

func (e *OutcomeUnknownError) Error() string {
	msg := fmt.Sprintf("cloudinary: %s (%s %s): outcome unknown, the object may or may not have been created",
		e.Operation, e.Method, e.Path)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Is matches ErrOutcomeUnknown.
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// Unwrap returns the underlying failure.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// RedirectError reports a 3xx answer that the client refused to follow (see
// refuseRedirect). The Cloudinary API never redirects: something in between
// does (a wrong endpoint, a proxy). It is final and never retried.
type RedirectError struct {
	StatusCode int
	Operation  string
	Method     string
	Path       string
	// Location is where the answer pointed, resolved against the request
	// URL, without userinfo and with secret query values redacted.
	Location string
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("cloudinary: %s (%s %s): HTTP %d %s redirecting to %s, which the client refused to follow: "+
		"the Cloudinary API never redirects, and following could send the credentials to another server or in "+
		"clear text; check the endpoint (or region) setting and any proxy in between",
		e.Operation, e.Method, e.Path, e.StatusCode, statusText(e.StatusCode), e.Location)
}

// IsNotFound reports whether err (or an error it wraps) is a 404.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// IsConflict reports whether err is a 409 (already exists).
func IsConflict(err error) bool { return errors.Is(err, ErrConflict) }

// IsRateLimited reports whether err is a 420 or 429, including *RateLimitError.
func IsRateLimited(err error) bool { return errors.Is(err, ErrRateLimited) }

// IsUnauthorized reports whether err is a 401.
func IsUnauthorized(err error) bool { return errors.Is(err, ErrUnauthorized) }

// IsForbidden reports whether err is a 403.
func IsForbidden(err error) bool { return errors.Is(err, ErrForbidden) }
