package emulator

import (
	"bytes"
	"context"
	"crypto/subtle"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// handlerFunc is what an API operation implements. It runs under e.mu and
// writes into a buffered recorder, never straight to the client.
type handlerFunc = func(w http.ResponseWriter, r *http.Request)

// routeInfo describes one registered operation.
type routeInfo struct {
	pattern string
	opID    string
	public  bool
}

// routeOpt tunes a route at registration.
type routeOpt func(*routeInfo)

// publicRoute marks an operation that needs no authentication (the
// /v2/accounts/permissions/public/* endpoints). Credentials, if sent, are
// ignored: NOTES says a server must accept the call with or without them.
func publicRoute() routeOpt { return func(ri *routeInfo) { ri.public = true } }

// route registers an operation under a Go 1.22 mux pattern, wrapping it in the
// pipeline every API request goes through: count, latency, reset fault, auth,
// budget, 5xx/429/420 faults, handler under the lock, persistence, drop
// fault, then the buffered response. Auth comes before the budget so that an
// unauthenticated request neither spends it nor learns about it (no
// X-FeatureRateLimit-* headers); public routes have no auth step and spend
// the budget like any other request.
func (e *Emulator) route(mux *http.ServeMux, pattern, opID string, h handlerFunc, opts ...routeOpt) {
	ri := &routeInfo{pattern: pattern, opID: opID}
	for _, o := range opts {
		o(ri)
	}
	h = e.gate(ri, h) // account gates and limits (gating.go)
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) { e.serveAPI(ri, h, w, r) })
}

// isPermPath tells which error shape a path uses.
func isPermPath(p string) bool { return strings.HasPrefix(p, "/v2/") || p == "/v2" }

func isWrite(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// faultDraw is the outcome of the per-request dice.
type faultDraw struct {
	reset, f5xx, f429, f420, drop bool
	status5xx                     int
}

// drawFaults always consumes the same number of values from the seeded
// source, so one seed gives one fault sequence whatever the knobs are.
func (e *Emulator) drawFaults() faultDraw {
	e.ctl.Lock()
	defer e.ctl.Unlock()
	o := e.opts
	var d faultDraw
	d.reset = e.faultRNG.Float64() < o.FaultReset
	d.f5xx = e.faultRNG.Float64() < o.Fault5xx
	d.f429 = e.faultRNG.Float64() < o.Fault429
	d.f420 = e.faultRNG.Float64() < o.Fault420
	d.drop = e.faultRNG.Float64() < o.FaultDrop
	d.status5xx = []int{500, 502, 503, 504}[e.faultRNG.Intn(4)]
	return d
}

func (e *Emulator) count(opID string) {
	e.ctl.Lock()
	defer e.ctl.Unlock()
	e.stats.Total++
	e.stats.ByOperation[opID]++
}

func (e *Emulator) countFault(kind string) {
	e.ctl.Lock()
	defer e.ctl.Unlock()
	e.stats.Faults[kind]++
}

// budgetState is what the X-FeatureRateLimit-* headers report.
type budgetState struct {
	enabled   bool
	limit     int
	remaining int
	reset     time.Time
}

// takeBudget spends one request of the hourly budget. Windows are fixed and
// aligned on the emulator's start (the real service's reset is likewise a
// fixed point in time, announced in X-FeatureRateLimit-Reset).
func (e *Emulator) takeBudget() (budgetState, bool) {
	e.ctl.Lock()
	defer e.ctl.Unlock()
	now := e.opts.Now()
	e.advanceWindowLocked(now)
	b := budgetState{limit: e.opts.HourlyBudget, reset: e.windowStart.Add(e.opts.BudgetWindow)}
	if e.opts.HourlyBudget <= 0 {
		return b, true
	}
	b.enabled = true
	if e.windowUsed >= e.opts.HourlyBudget {
		return b, false
	}
	e.windowUsed++
	b.remaining = e.opts.HourlyBudget - e.windowUsed
	return b, true
}

func (e *Emulator) advanceWindowLocked(now time.Time) {
	win := e.opts.BudgetWindow
	if elapsed := now.Sub(e.windowStart); elapsed >= win {
		e.windowStart = e.windowStart.Add(elapsed.Truncate(win))
		e.windowUsed = 0
	}
}

func setBudgetHeaders(h http.Header, b budgetState) {
	h.Set("X-FeatureRateLimit-Limit", strconv.Itoa(b.limit))
	h.Set("X-FeatureRateLimit-Remaining", strconv.Itoa(b.remaining))
	h.Set("X-FeatureRateLimit-Reset", b.reset.UTC().Format(http.TimeFormat))
}

// apiError writes an error in the error shape of the request's path.
func apiError(w http.ResponseWriter, r *http.Request, status int, category, code, msg string) {
	if isPermPath(r.URL.Path) {
		permError(w, status, category, code, msg, nil)
		return
	}
	provError(w, status, msg)
}

func (e *Emulator) serveAPI(ri *routeInfo, h handlerFunc, w http.ResponseWriter, r *http.Request) {
	e.count(ri.opID)
	defer e.recordSpan(time.Now())
	if e.opts.Latency > 0 {
		if !sleepCtx(r.Context(), e.opts.Latency) {
			return // client went away
		}
	}
	f := e.drawFaults()
	if f.reset {
		e.countFault("reset")
		abortConn(w, true)
		return
	}
	if !ri.public && !e.authorized(r) {
		apiError(w, r, http.StatusUnauthorized, "user_error", "ACCOUNTS_00006", "Invalid credentials")
		return
	}
	b, ok := e.takeBudget()
	if !ok {
		e.countFault("budget")
		setBudgetHeaders(w.Header(), b)
		retry := int(math.Ceil(b.reset.Sub(e.opts.Now()).Seconds()))
		if retry < 1 {
			retry = 1
		}
		w.Header().Set("Retry-After", strconv.Itoa(retry))
		apiError(w, r, 420, "user_error", "ACCOUNTS_00007", "Rate Limit Exceeded")
		return
	}
	if b.enabled {
		setBudgetHeaders(w.Header(), b)
	}
	switch {
	case f.f5xx:
		e.countFault("5xx")
		apiError(w, r, f.status5xx, "server_error", "ACCOUNTS_00001", "something went wrong")
		return
	case f.f429:
		// Injected throttling is transient: ask for a one second back-off so
		// retrying clients stay fast in tests.
		e.countFault("429")
		w.Header().Set("Retry-After", "1")
		apiError(w, r, http.StatusTooManyRequests, "user_error", "ACCOUNTS_00007", "Too Many Requests")
		return
	case f.f420:
		e.countFault("420")
		limit := e.opts.HourlyBudget
		if limit <= 0 {
			limit = 2000 // Cloudinary's usual paid hourly figure
		}
		setBudgetHeaders(w.Header(), budgetState{limit: limit, remaining: 0, reset: e.opts.Now().Add(time.Second)})
		w.Header().Set("Retry-After", "1")
		apiError(w, r, 420, "user_error", "ACCOUNTS_00007", "Rate Limit Exceeded")
		return
	}

	rec := newRecorder()
	var saveErr error
	func() {
		// Deferred unlock: a panicking handler must not wedge the emulator.
		e.mu.Lock()
		defer e.mu.Unlock()
		h(rec, r)
		if e.opts.StatePath != "" && isWrite(r.Method) && rec.status < 300 {
			saveErr = e.saveLocked()
		}
	}()

	if f.drop && isWrite(r.Method) {
		// The effect is committed (and persisted); the client never hears
		// about it — the case that makes create operations hard to retry.
		e.countFault("drop")
		abortConn(w, false)
		return
	}
	if saveErr != nil {
		apiError(w, r, http.StatusInternalServerError, "server_error", "ACCOUNTS_00001", "emulator could not persist state: "+saveErr.Error())
		return
	}
	for k, vs := range rec.header {
		w.Header()[k] = vs
	}
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body.Bytes()) // a client that went away needs no answer
}

// authorized checks HTTP Basic credentials and the path's account_id.
func (e *Emulator) authorized(r *http.Request) bool {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return false
	}
	if subtle.ConstantTimeCompare([]byte(user), []byte(e.opts.APIKey)) != 1 ||
		subtle.ConstantTimeCompare([]byte(pass), []byte(e.opts.APISecret)) != 1 {
		return false
	}
	if id := r.PathValue("account_id"); id != "" && id != e.opts.AccountID {
		// The real service answers a foreign account with an auth error too:
		// the credentials are not valid for that account.
		return false
	}
	return true
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// abortConn closes the client connection without a response. With rst the
// socket is closed with SO_LINGER 0 so the peer sees a connection reset.
// Where the connection cannot be hijacked (HTTP/2, recorders) the handler
// aborts, which the server turns into a broken connection or stream.
func abortConn(w http.ResponseWriter, rst bool) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok && rst {
		_ = tcp.SetLinger(0) // best effort: Close sends a FIN instead
	}
	conn.Close()
}

// recorder buffers a handler's response so faults can replace or drop it
// after the handler has run.
type recorder struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}, status: http.StatusOK} }

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.wrote {
		return
	}
	r.wrote = true
	r.status = status
}

func (r *recorder) Write(p []byte) (int, error) {
	r.wrote = true
	return r.body.Write(p)
}
