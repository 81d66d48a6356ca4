package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestSimulateLogin(t *testing.T) {
	e, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	call := func(method, path, body string) map[string]any {
		t.Helper()
		r := httptest.NewRequestWithContext(t.Context(), method, "/v1_1/provisioning/accounts/emu-account"+path, strings.NewReader(body))
		r.SetBasicAuth("emu-key", "emu-secret")
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			t.Fatalf("%s %s: %d %s", method, path, w.Code, w.Body)
		}
		var out map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	u := call("POST", "/users", `{"name":"Jo","email":"jo@example.com","role":"admin"}`)
	if u["pending"] != true || u["last_login"] != nil {
		t.Fatalf("new user %v", u)
	}
	id := u["id"].(string)
	at := time.Date(2025, 3, 4, 5, 6, 7, 800, time.UTC)
	if err := e.SimulateLogin(id, at); err != nil {
		t.Fatal(err)
	}
	got := call("GET", "/users/"+id, "")
	if got["pending"] != false || got["last_login"] != "2025-03-04T05:06:07Z" || got["status"] != "active" {
		t.Errorf("after login %v", got)
	}
	if err := e.SimulateLogin("nope", at); err == nil {
		t.Error("unknown user: no error")
	}
}
