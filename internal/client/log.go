package client

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// redacted replaces every secret in logs and error texts.
const redacted = "[REDACTED]"

// maxLoggedBody bounds a body written to the trace log.
const maxLoggedBody = 64 << 10

// secretKeys are JSON keys, query parameters and form fields whose values are
// never logged (compared case-insensitively).
var secretKeys = map[string]bool{
	"api_secret":    true,
	"secret":        true,
	"password":      true,
	"client_secret": true,
	"access_token":  true,
	"refresh_token": true,
	"token":         true,
	"private_key":   true,
	"authorization": true,
}

// secretHeaders are never logged.
var secretHeaders = map[string]bool{
	"Authorization":       true,
	"Proxy-Authorization": true,
	"Cookie":              true,
	"Set-Cookie":          true,
}

var (
	// account://KEY:SECRET@ACCOUNT_ID, cloudinary://KEY:SECRET@CLOUD, and
	// the userinfo of an http(s) URL (a redirect's Location, an endpoint).
	credentialURLRe = regexp.MustCompile(`(?i)\b(account|cloudinary|https?)://[^\s"'@/]*@`)
	// "api_secret": "..." in text that is not valid JSON (truncated, escaped).
	jsonSecretRe = regexp.MustCompile(`(?i)("(?:api_secret|secret|password|client_secret|access_token|refresh_token|token|private_key|authorization)"\s*:\s*)"(?:[^"\\]|\\.)*"`)
	// api_secret=... in form or query text.
	formSecretRe = regexp.MustCompile(`(?i)\b(api_secret|secret|password|client_secret|access_token|refresh_token|token|private_key)=[^&\s"]*`)
	// Basic/Bearer credentials in free text.
	authSchemeRe = regexp.MustCompile(`(?i)\b(basic|bearer)\s+[A-Za-z0-9+/=._~-]{8,}`)
)

// redactText removes secret patterns from free text.
func redactText(s string) string {
	s = credentialURLRe.ReplaceAllString(s, "${1}://"+redacted+"@")
	s = jsonSecretRe.ReplaceAllString(s, `${1}"`+redacted+`"`)
	s = formSecretRe.ReplaceAllString(s, "${1}="+redacted)
	s = authSchemeRe.ReplaceAllString(s, "${1} "+redacted)
	return s
}

// minSecretLen is the shortest secret redactString looks for: a shorter one
// would redact ordinary words.
const minSecretLen = 4

// minSecretRun is the shortest start of a secret form that is redacted on
// its own. A text cut before it reached us (by the server, a proxy, a read
// limit) may hold only the start of a secret; 8 characters of a random
// secret are never there by chance.
const minSecretRun = 8

// secretForms lists the texts that give away the client's secret: the
// secret as is, URL-escaped and JSON-escaped, and the Basic Authorization
// value (base64 of key:secret, padded or not, standard or URL alphabet). The
// key alone is not redacted, as the provider's api_key attribute is not
// sensitive: only together with the secret does it grant access.
func secretForms(key, secret string) []string {
	if len(secret) < minSecretLen {
		return nil
	}
	basic := []byte(key + ":" + secret)
	j, _ := json.Marshal(secret)
	forms := []string{
		secret,
		url.QueryEscape(secret),
		url.PathEscape(secret),
		string(j[1 : len(j)-1]),
		base64.StdEncoding.EncodeToString(basic),
		base64.RawStdEncoding.EncodeToString(basic),
		base64.URLEncoding.EncodeToString(basic),
		base64.RawURLEncoding.EncodeToString(basic),
	}
	slices.Sort(forms)
	return slices.Compact(forms)
}

// redactString is redactText plus the client's own secret in each of its
// forms, wherever it shows up, and any start of one (see minSecretRun).
func (c *Client) redactString(s string) string {
	s = redactText(s)
	if c == nil || len(c.secretForms) == 0 {
		return s
	}
	var b strings.Builder
	for {
		// The earliest match, as long as any form makes it: forms share
		// their start (the secret and its escaped forms), and redacting
		// only up to where one of them differs would leave the rest.
		at, n := -1, 0
		for _, f := range c.secretForms {
			i := strings.Index(s, f[:min(len(f), minSecretRun)])
			if i < 0 || (at >= 0 && i > at) {
				continue
			}
			m := 0
			for m < len(f) && i+m < len(s) && s[i+m] == f[m] {
				m++
			}
			if i < at || at < 0 || m > n {
				at, n = i, m
			}
		}
		if at < 0 {
			break
		}
		b.WriteString(s[:at])
		b.WriteString(redacted)
		s = s[at+n:]
	}
	if b.Len() == 0 {
		return s
	}
	b.WriteString(s)
	return b.String()
}

// redactCut redacts s, then cuts it to n bytes. In that order: a cut first
// could split a secret, and the part left would no longer match.
func (c *Client) redactCut(s string, n int) string {
	return truncate(c.redactString(s), n)
}

// redactBody renders a request or response body for the trace log: JSON with
// secret fields replaced, or redacted text.
func (c *Client) redactBody(body []byte) string {
	if len(body) == 0 {
		return ""
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&v); err == nil && !dec.More() {
		if out, err := json.Marshal(redactValue(v)); err == nil {
			return c.redactCut(string(out), maxLoggedBody)
		}
	}
	return c.redactCut(string(body), maxLoggedBody)
}

func redactValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			if secretKeys[strings.ToLower(k)] && val != nil {
				t[k] = redacted
				continue
			}
			t[k] = redactValue(val)
		}
		return t
	case []any:
		for i := range t {
			t[i] = redactValue(t[i])
		}
		return t
	case string:
		return redactText(t)
	}
	return v
}

// redactURL renders a URL without userinfo and with secret query values replaced.
func (c *Client) redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	cp := *u
	cp.User = nil
	if cp.RawQuery != "" {
		q := cp.Query()
		for k := range q {
			if secretKeys[strings.ToLower(k)] {
				q[k] = []string{redacted}
			}
		}
		cp.RawQuery = q.Encode()
	}
	return c.redactString(cp.String())
}

func (c *Client) redactHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if secretHeaders[http.CanonicalHeaderKey(k)] {
			out[k] = redacted
			continue
		}
		out[k] = c.redactString(strings.Join(h[k], ", "))
	}
	return out
}

// redactedError keeps the wrapped chain (errors.Is/As) but shows redacted text.
type redactedError struct {
	err  error
	text string
}

func (e *redactedError) Error() string { return e.text }
func (e *redactedError) Unwrap() error { return e.err }

// redactErr wraps err so that its text is redacted.
func (c *Client) redactErr(err error) error {
	return &redactedError{err: err, text: c.redactString(err.Error())}
}

// attemptTransport sits under retryablehttp: it sees every HTTP attempt, so it
// counts them by operation and logs each request and response (debug; bodies
// at trace), redacted.
type attemptTransport struct {
	client *Client
	next   http.RoundTripper
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	info := callFrom(ctx)
	if info == nil {
		return t.next.RoundTrip(req)
	}
	c := t.client
	attempt := info.attempts.Add(1)
	c.countAttempt(info.op)
	if c.quietLogs {
		// Nobody will read these logs: skip the redaction work too, which
		// otherwise costs a tenth of the provider's CPU in a large plan.
		return t.next.RoundTrip(req)
	}

	tflog.SubsystemDebug(ctx, LogSubsystem, "Sending Cloudinary API request", map[string]any{
		"operation": info.op,
		"method":    req.Method,
		"url":       c.redactURL(req.URL),
		"attempt":   int(attempt),
		"headers":   c.redactHeaders(req.Header),
	})
	if len(info.body) > 0 {
		tflog.SubsystemTrace(ctx, LogSubsystem, "Cloudinary API request body", map[string]any{
			"operation": info.op,
			"attempt":   int(attempt),
			"body":      c.redactBody(info.body),
		})
	}

	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		tflog.SubsystemDebug(ctx, LogSubsystem, "Cloudinary API request failed", map[string]any{
			"operation": info.op,
			"attempt":   int(attempt),
			"duration":  time.Since(start).String(),
			"error":     c.redactString(err.Error()),
		})
		return nil, err
	}
	if resp.Request == nil {
		resp.Request = req
	}
	// Read the body here, inside the attempt, so a connection that drops
	// mid-body is a transport error of this attempt (retried, or an unknown
	// outcome for a create), and so it can be logged.
	data, readErr := readBody(resp.Body)
	resp.Body.Close()
	if readErr != nil {
		tflog.SubsystemDebug(ctx, LogSubsystem, "Cloudinary API response body could not be read", map[string]any{
			"operation": info.op,
			"attempt":   int(attempt),
			"status":    resp.StatusCode,
			"error":     c.redactString(readErr.Error()),
		})
		return nil, readErr
	}
	resp.Body = io.NopCloser(bytes.NewReader(data))
	resp.ContentLength = int64(len(data))

	tflog.SubsystemDebug(ctx, LogSubsystem, "Received Cloudinary API response", map[string]any{
		"operation": info.op,
		"method":    req.Method,
		"url":       c.redactURL(req.URL),
		"attempt":   int(attempt),
		"status":    resp.StatusCode,
		"duration":  time.Since(start).String(),
		"headers":   c.redactHeaders(resp.Header),
	})
	if len(data) > 0 {
		tflog.SubsystemTrace(ctx, LogSubsystem, "Cloudinary API response body", map[string]any{
			"operation": info.op,
			"attempt":   int(attempt),
			"body":      c.redactBody(data),
		})
	}
	return resp, nil
}

// LogsRequested reports whether the environment asks Terraform for logs: a
// TF_LOG* variable set to anything but empty or "off". Terraform drops plugin
// logs otherwise, so callers set Config.QuietLogs to skip the work of
// producing them. A variable set to "off" asks for no logs.
func LogsRequested(environ []string) bool {
	for _, kv := range environ {
		key, value, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(key, "TF_LOG") && value != "" && !strings.EqualFold(value, "off") {
			return true
		}
	}
	return false
}
