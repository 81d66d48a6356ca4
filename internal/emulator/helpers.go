package emulator

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// writeJSON answers v as JSON. Cloudinary's generated SDKs reject any other
// content type, so every answer, errors included, goes through here.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		data = []byte(`{"error":{"message":"emulator could not encode the response"}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(data) // a client that went away needs no answer
}

// provError answers the provisioning error shape {"error":{"message":...}}.
func provError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"message": msg}})
}

// permError answers the permissions error shape
// {"error":{"category","code","message","details"}}; details is omitted when nil.
func permError(w http.ResponseWriter, status int, category, code, msg string, details map[string]any) {
	body := map[string]any{"category": category, "code": code, "message": msg}
	if details != nil {
		body["details"] = details
	}
	writeJSON(w, status, map[string]any{"error": body})
}

// maxBody bounds request bodies; the API's bodies are small.
const maxBody = 1 << 20

// decodeJSON decodes the request body into v. Any error it returns is the
// client's fault (empty body, malformed JSON, wrong types, trailing data) and
// should be answered 400. Unknown fields are accepted, as the service does.
func decodeJSON(r *http.Request, v any) error {
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return fmt.Errorf("reading request body: %w", err)
	}
	if len(data) > maxBody {
		return errors.New("request body too large")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return errors.New("request body is required")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("malformed JSON body: %w", err)
	}
	if dec.More() {
		return errors.New("malformed JSON body: unexpected data after the JSON value")
	}
	return nil
}

// randHex returns n random bytes as lowercase hex.
func randHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b)
}

// newID returns 30 random lowercase hex characters, the
// style of the document's user and group ids ("0abed8dfcc039ea05e2a1d494fd442").
// crypto/rand rather than a seeded source so ids never collide with ids
// loaded from a persisted state file.
func (e *Emulator) newID() string { return randHex(15) }

// randDigits returns n random decimal digits (API keys look like "814814814814814").
func randDigits(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	if b[0] == '0' {
		b[0] = '1'
	}
	return string(b)
}

const secretAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// randSecret returns n random alphanumerics (API secrets look like
// "QcsQcsQcsQcsQcsQcsQcsQcsQcs").
func randSecret(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = secretAlphabet[int(b[i])%len(secretAlphabet)]
	}
	return string(b)
}

// queryBool parses an optional boolean query parameter.
func queryBool(q url.Values, name string) (val, present bool, err error) {
	s, ok := q[name]
	if !ok || len(s) == 0 {
		return false, false, nil
	}
	v, err := strconv.ParseBool(s[len(s)-1])
	if err != nil {
		return false, true, fmt.Errorf("invalid value for %s: %q is not a boolean", name, s[len(s)-1])
	}
	return v, true, nil
}

// queryInt parses an optional integer query parameter bounded to [lo, hi]
// (hi <= 0 means unbounded).
func queryInt(q url.Values, name string, lo, hi int) (val int, present bool, err error) {
	s, ok := q[name]
	if !ok || len(s) == 0 {
		return 0, false, nil
	}
	v, err := strconv.Atoi(s[len(s)-1])
	if err != nil {
		return 0, true, fmt.Errorf("invalid value for %s: %q is not an integer", name, s[len(s)-1])
	}
	if v < lo || (hi > 0 && v > hi) {
		if hi > 0 {
			return 0, true, fmt.Errorf("invalid value for %s: must be between %d and %d", name, lo, hi)
		}
		return 0, true, fmt.Errorf("invalid value for %s: must be at least %d", name, lo)
	}
	return v, true, nil
}

// queryEnum parses an optional query parameter restricted to allowed values.
func queryEnum(q url.Values, name string, allowed ...string) (string, error) {
	s := q.Get(name)
	if s == "" {
		return "", nil
	}
	for _, a := range allowed {
		if s == a {
			return s, nil
		}
	}
	return "", fmt.Errorf("invalid value for %s: %q (allowed: %s)", name, s, strings.Join(allowed, ", "))
}

// queryList reads an array query parameter sent as repeated keys
// (ids=a&ids=b), never comma-split since values may contain commas. The
// brackets form ids[]=a that some SDKs send is accepted too. At most
// maxListValues values are allowed.
func queryList(q url.Values, name string) ([]string, bool, error) {
	var out []string
	present := false
	for _, key := range []string{name, name + "[]"} {
		if vs, ok := q[key]; ok {
			present = true
			for _, v := range vs {
				if v != "" {
					out = append(out, v)
				}
			}
		}
	}
	if len(out) > maxListValues {
		return nil, true, fmt.Errorf("too many values for %s: at most %d allowed, got %d", name, maxListValues, len(out))
	}
	return out, present && len(out) > 0, nil
}
