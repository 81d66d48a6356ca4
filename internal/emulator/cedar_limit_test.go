package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/cedarlimit"
)

// Statements beyond the cedarlimit bounds never reach cedar-go, whose
// recursive parser would overflow the stack and end the emulator.

// limitPolicy wraps a condition in a policy that parses.
func limitPolicy(cond string) string {
	return "permit(principal, action, resource) when { " + cond + " };"
}

// TestPermValidateCedarLimits: the public validate route answers 400 naming
// the bound for `"!"*990000` (alone and in a condition, where cedar-go
// overflows the stack) and for nesting past MaxDepth, and the server keeps
// answering; statements at the bounds are validated as usual.
func TestPermValidateCedarLimits(t *testing.T) {
	h := newPM(t)
	srv := httptest.NewServer(h.emu)
	defer srv.Close()
	post := func(policy string) (int, map[string]any) {
		t.Helper()
		body, err := json.Marshal(map[string]any{"policy": policy})
		if err != nil {
			t.Fatal(err)
		}
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+pmPub+"/validate", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("POST validate: %v", err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("decoding %.300s: %v", b, err)
		}
		return resp.StatusCode, m
	}
	wantBound := func(policy, msg string) {
		t.Helper()
		status, m := post(policy)
		e, _ := m["error"].(map[string]any)
		got, _ := e["message"].(string)
		if status != http.StatusBadRequest || !strings.Contains(got, msg) || e["code"] != cedarErrorCode {
			t.Fatalf("status %d, body %.300v; want 400 with %q", status, m, msg)
		}
	}
	bang := strings.Repeat("!", 990000)
	wantBound(bang, fmt.Sprintf("policy is 990000 bytes; Cedar statements are limited to %d bytes", cedarlimit.MaxBytes))
	wantBound(limitPolicy(bang+"true"), fmt.Sprintf("policy is %d bytes; Cedar statements are limited to %d bytes",
		len(limitPolicy(bang+"true")), cedarlimit.MaxBytes))
	deep := limitPolicy(strings.Repeat("(", cedarlimit.MaxDepth) + "true" + strings.Repeat(")", cedarlimit.MaxDepth))
	wantBound(deep, "policy: nesting depth 65 exceeds the limit of 64")
	wantBound(limitPolicy(strings.Repeat("!", cedarlimit.MaxDepth)+"true"), "policy: nesting depth 65 exceeds the limit of 64")

	// Still answering, and the bounds themselves are fine.
	atDepth := limitPolicy(strings.Repeat("(", cedarlimit.MaxDepth-1) + "true" + strings.Repeat(")", cedarlimit.MaxDepth-1))
	padded := limitPolicy("true") + "\n// "
	atSize := padded + strings.Repeat("x", cedarlimit.MaxBytes-len(padded))
	for _, p := range []string{atDepth, atSize} {
		if status, m := post(p); status != http.StatusOK || m["valid"] != true {
			t.Fatalf("statement at the bounds (%d bytes): status %d, %v", len(p), status, m)
		}
	}
	if status, m := post("permit("); status != http.StatusOK || m["valid"] != false {
		t.Fatalf("syntax error after the bound errors: status %d, %v", status, m)
	}
}

// TestPermCustomPolicyCedarLimits: create and update answer 400 naming
// policy_statement and the bound, and store nothing.
func TestPermCustomPolicyCedarLimits(t *testing.T) {
	h := newPM(t)
	crash := limitPolicy(strings.Repeat("!", 990000) + "true")
	deep := limitPolicy(strings.Repeat("[", cedarlimit.MaxDepth) + strings.Repeat("]", cedarlimit.MaxDepth) + ".isEmpty()")
	for _, c := range []struct{ stmt, msg string }{
		{crash, fmt.Sprintf("policy_statement is %d bytes; Cedar statements are limited to %d bytes", len(crash), cedarlimit.MaxBytes)},
		{deep, "policy_statement: nesting depth 65 exceeds the limit of 64"},
	} {
		e := h.perm("POST", "/policies/custom", pmPolicy("deep", "account", "", c.stmt)).wantErr(t, 400)
		if msg, _ := e["message"].(string); !strings.Contains(msg, c.msg) || e["code"] != cedarErrorCode ||
			!strings.Contains(errFields(t, e), "policy_statement") {
			t.Fatalf("create: %.300v; want %q", e, c.msg)
		}
	}
	id := h.perm("POST", "/policies/custom", pmPolicy("ok", "account", "", limitPolicy("true"))).want(t, 201).dataObj(t)["id"].(string)
	e := h.perm("PUT", "/policies/custom/"+id, pmPolicy("ok", "account", "", crash)).wantErr(t, 400)
	if msg, _ := e["message"].(string); !strings.Contains(msg, "Cedar statements are limited to") {
		t.Fatalf("update: %.300v", e)
	}
	got := h.perm("GET", "/policies/custom", nil).want(t, 200).dataList(t)
	if len(got) != 1 || got[0]["policy_statement"] != limitPolicy("true") {
		t.Fatalf("failed creates or updates stored something: %v", got)
	}
}

// TestParseCedarLimits: parseCedar itself refuses a statement beyond the
// bounds (statements also come from persisted state files).
func TestParseCedarLimits(t *testing.T) {
	_, errs := parseCedar(limitPolicy(strings.Repeat("-", 990000) + "1 == 1"))
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "Cedar statements are limited to") || errs[0].Code != cedarErrorCode {
		t.Fatalf("parseCedar: %v", errs)
	}
}

// TestCatalogWithinCedarLimits: the bounds leave a wide margin over the
// system policies (the measure the bounds were chosen from): every statement,
// with its placeholders filled, is under an eighth of each bound.
func TestCatalogWithinCedarLimits(t *testing.T) {
	for _, p := range systemPolicies {
		s := fillParameters(p.Statement, map[string]any{"folder_id": strings.Repeat("f", 64), "collection_id": strings.Repeat("c", 64)})
		if len(s) > cedarlimit.MaxBytes/8 {
			t.Errorf("%s is %d bytes, over MaxBytes/8", p.ID, len(s))
		}
		if d := cedarlimit.Measure(s).Max; d > cedarlimit.MaxDepth/8 {
			t.Errorf("%s nests %d deep, over MaxDepth/8", p.ID, d)
		}
	}
}
