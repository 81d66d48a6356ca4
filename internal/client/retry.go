package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Retry policy (one place, applied by go-retryablehttp):
//
//   - 420/429: wait Retry-After (seconds or HTTP date), else
//     X-FeatureRateLimit-Reset (HTTP date or epoch seconds), when that wait is
//     within MaxRateLimitWait; a later reset fails at once with
//     *RateLimitError. Without either header: exponential backoff.
//   - 500, 502, 503, 504 and transport errors: exponential backoff with full
//     jitter between RetryWaitMin and RetryWaitMax.
//   - A create POST is retried only on 420/429 and on dial errors (connection
//     refused: the request never left). Any other failure of a create
//     (connection dropped after sending, 5xx, timeout) returns at once an
//     *OutcomeUnknownError so the caller looks the object up before creating
//     it again: never a duplicate.
//   - Everything else (400, 401, 403, 404, 409, ...) is final.
//   - Redirects (3xx with a Location) are not followed and final:
//     *RedirectError, or for a create answered 303 See Other an
//     *OutcomeUnknownError.
//
// The whole call is bounded by MaxRetries and by the caller's context; a
// cancel during a wait returns at once with ctx.Err().

// callKey keys the *callInfo of one do() call in the request context, so that
// checkRetry, backoff and attemptTransport know the operation.
type callKey struct{}

type callInfo struct {
	op, method, path string
	create           bool
	body             []byte // the request body, for trace logs

	attempts atomic.Int32
	// rateLimitWait is set by checkRetry for backoff: the wait announced by
	// the last 420/429 (0 = none, use exponential backoff).
	rateLimitWait atomic.Int64
}

func callFrom(ctx context.Context) *callInfo {
	if ctx == nil {
		return nil
	}
	info, _ := ctx.Value(callKey{}).(*callInfo)
	return info
}

// retryableStatus lists the statuses an idempotent request is retried on
// (besides 420/429, handled with the rate-limit headers).
func retryableStatus(code int) bool {
	switch code {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// checkRetry is the retryablehttp.CheckRetry. Returning a non-nil error stops
// the call with that error (do() adds the response details).
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	info := callFrom(ctx)
	if info == nil {
		info = &callInfo{op: "unknown"}
	}
	info.rateLimitWait.Store(0)

	if err != nil {
		var re *RedirectError
		if errors.As(err, &re) {
			// A 3xx is an answer, and a retry would get the same one. For a
			// create it is a plain final error, not an unknown outcome:
			// 301, 302, 307 and 308 say the resource is elsewhere, so the
			// server did not carry out the POST. 303 See Other is the one
			// that may answer a POST it did carry out (post/redirect/get),
			// so that one leaves the outcome unknown.
			if info.create && re.StatusCode == http.StatusSeeOther {
				return false, &OutcomeUnknownError{Operation: info.op, Method: info.method, Path: info.path, Err: re}
			}
			return false, re
		}
		if info.create {
			if isDialError(err) {
				// The request never reached the server: safe to try again.
				if ctx.Err() != nil {
					return false, ctx.Err()
				}
				c.logRetry(ctx, info, "connection failed before the request was sent", err)
				return true, nil
			}
			return false, &OutcomeUnknownError{Operation: info.op, Method: info.method, Path: info.path,
				Err: c.redactErr(err)}
		}
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		if permanentTransportError(err) {
			return false, err
		}
		c.logRetry(ctx, info, "transport error", err)
		return true, nil
	}

	code := resp.StatusCode
	switch {
	case isRateLimitStatus(code):
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		wait, reset, announced := rateLimitWait(resp.Header, time.Now())
		if announced && wait > c.maxRateLimitWait {
			return false, &RateLimitError{
				StatusCode: code, Operation: info.op, Method: info.method, Path: info.path,
				Limit:     c.redactCut(resp.Header.Get("X-FeatureRateLimit-Limit"), 40),
				Remaining: c.redactCut(resp.Header.Get("X-FeatureRateLimit-Remaining"), 40),
				Reset:     reset, Wait: wait, MaxWait: c.maxRateLimitWait,
			}
		}
		if announced {
			info.rateLimitWait.Store(int64(wait))
		}
		c.logRetry(ctx, info, "rate limited (HTTP "+strconv.Itoa(code)+")", nil)
		return true, nil
	case info.create && code >= 500 && code != http.StatusNotImplemented:
		return false, &OutcomeUnknownError{Operation: info.op, Method: info.method, Path: info.path}
	case retryableStatus(code):
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		c.logRetry(ctx, info, "server error (HTTP "+strconv.Itoa(code)+")", nil)
		return true, nil
	}
	return false, nil
}

func (c *Client) logRetry(ctx context.Context, info *callInfo, why string, err error) {
	fields := map[string]any{
		"operation":   info.op,
		"attempt":     int(info.attempts.Load()),
		"max_retries": c.maxRetries,
		"reason":      why,
	}
	if err != nil {
		fields["error"] = c.redactString(err.Error())
	}
	tflog.SubsystemDebug(ctx, LogSubsystem, "Cloudinary API attempt failed; retrying if retries remain", fields)
}

// backoff is the retryablehttp.Backoff: the rate-limit wait checkRetry found,
// else exponential backoff with full jitter in [min, min(max, min*2^n)].
func (c *Client) backoff(minWait, maxWait time.Duration, attemptNum int, resp *http.Response) time.Duration {
	if resp != nil && resp.Request != nil {
		if info := callFrom(resp.Request.Context()); info != nil {
			if w := time.Duration(info.rateLimitWait.Load()); w > 0 {
				return w
			}
		}
	}
	return jitterBackoff(minWait, maxWait, attemptNum)
}

func jitterBackoff(minWait, maxWait time.Duration, attemptNum int) time.Duration {
	if maxWait < minWait {
		maxWait = minWait
	}
	ceiling := float64(minWait) * math.Pow(2, float64(attemptNum))
	if ceiling > float64(maxWait) || math.IsInf(ceiling, 0) {
		ceiling = float64(maxWait)
	}
	span := int64(ceiling) - int64(minWait)
	if span <= 0 {
		return minWait
	}
	return minWait + time.Duration(rand.Int64N(span+1))
}

// rateLimitWait reads how long a 420/429 asks us to wait: Retry-After (delay
// seconds or HTTP date), else X-FeatureRateLimit-Reset (HTTP date, RFC 3339,
// epoch seconds, or, for small numbers, delay seconds). announced is false
// when neither header gives a usable time; a reset in the past gives 0.
func rateLimitWait(h http.Header, now time.Time) (wait time.Duration, reset time.Time, announced bool) {
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
			return clampWait(time.Duration(secs)*time.Second, now)
		}
		if t, err := http.ParseTime(v); err == nil {
			return clampWait(t.Sub(now), now)
		}
	}
	if v := strings.TrimSpace(h.Get("X-FeatureRateLimit-Reset")); v != "" {
		if t, ok := parseResetTime(v, now); ok {
			return clampWait(t.Sub(now), now)
		}
	}
	return 0, time.Time{}, false
}

func clampWait(d time.Duration, now time.Time) (time.Duration, time.Time, bool) {
	if d < 0 {
		d = 0
	}
	return d, now.Add(d), true
}

// epochCutoff separates delay seconds from epoch seconds (2001-09-09).
const epochCutoff = 1_000_000_000

func parseResetTime(v string, now time.Time) (time.Time, bool) {
	if n, err := strconv.ParseFloat(v, 64); err == nil && n >= 0 && !math.IsInf(n, 0) {
		if n >= epochCutoff {
			sec, frac := math.Modf(n)
			return time.Unix(int64(sec), int64(frac*1e9)), true
		}
		return now.Add(time.Duration(n * float64(time.Second))), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return t, true
	}
	for _, layout := range []string{time.RFC3339Nano, time.RFC1123Z, "Mon, 2 Jan 2006 15:04:05 MST"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// isDialError reports a failure to connect: the request never left, so even a
// create may be retried.
func isDialError(err error) bool {
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// permanentTransportError reports transport errors a retry cannot fix.
func permanentTransportError(err error) bool {
	var (
		unknownAuthority x509.UnknownAuthorityError
		invalidCert      x509.CertificateInvalidError
		hostname         x509.HostnameError
		verification     *tls.CertificateVerificationError
	)
	if errors.As(err, &unknownAuthority) || errors.As(err, &invalidCert) ||
		errors.As(err, &hostname) || errors.As(err, &verification) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "stopped after") && strings.Contains(msg, "redirects") ||
		strings.Contains(msg, "unsupported protocol scheme")
}
