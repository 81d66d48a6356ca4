package contract

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// specPath finds the document the way CI provides it. Without it there is
// nothing to check against, so these tests (and the contract suite) skip.
func loadForTest(t *testing.T) *Validator {
	t.Helper()
	v, err := FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if v == nil {
		t.Skip(SpecEnv + " is not set")
	}
	return v
}

func TestLoad_hasAll47Operations(t *testing.T) {
	v := loadForTest(t)
	if got := len(v.Operations()); got != 47 {
		t.Fatalf("document has %d operations, want 47", got)
	}
}

func TestTransport_flagsViolationsAndCountsOperations(t *testing.T) {
	v := loadForTest(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/user_groups") {
			// Valid: a UserGroupsListResponse-like body.
			_, _ = w.Write([]byte(`{"user_groups":[{"id":"g1","name":"eng"}]}`))
			return
		}
		// Invalid: a status the document does not list for this operation.
		w.WriteHeader(http.StatusTeapot)
		_, _ = w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	hc := &http.Client{Transport: v.Transport(nil)}
	get := func(url string) (*http.Response, error) {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		return hc.Do(req)
	}

	resp, err := get(srv.URL + "/v1_1/provisioning/accounts/acc/user_groups")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if vs := v.Violations(); len(vs) != 0 {
		t.Fatalf("valid exchange reported violations: %v", vs)
	}
	if v.Seen()["getUserGroups"] != 1 {
		t.Fatalf("getUserGroups not counted: %v", v.Seen())
	}

	resp, err = get(srv.URL + "/v1_1/provisioning/accounts/acc/users/u1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if vs := v.Violations(); len(vs) != 1 || !strings.Contains(vs[0], "getUser") {
		t.Fatalf("want one getUser violation, got %v", vs)
	}

	resp, err = get(srv.URL + "/v1_1/provisioning/accounts/acc/no_such_thing")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if vs := v.Violations(); len(vs) != 2 || !strings.Contains(vs[1], "no operation") {
		t.Fatalf("want an unknown-path violation, got %v", vs)
	}
}
