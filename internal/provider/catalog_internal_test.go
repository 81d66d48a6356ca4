package provider

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

func testCatalog(t *testing.T) *permissionsCatalog {
	t.Helper()
	cat, err := catalogFromAPI(&client.SystemRolesAndPoliciesCatalog{Catalog: map[string]any{
		"system_policies": []any{
			map[string]any{"id": "cld::policy::global::users_and_groups::manage", "permission_type": "global", "scope_type": "account", "name": "Manage users"},
			map[string]any{"id": "cld::policy::global::users_and_groups::view", "permission_type": "global", "scope_type": "account", "description": nil},
			map[string]any{"id": "cld::policy::content::folder::view_download", "permission_type": "content", "scope_type": "prodenv",
				"policy_parameters": []any{"folder_id"}, "policy": "permit(principal, action, resource);"},
		},
		"system_roles": []any{
			map[string]any{"id": "cld::role::folder::viewer", "system_policy_ids": []any{"cld::policy::content::folder::view_download"}},
		},
		"something_new": map[string]any{"ignored": true},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func TestCatalogFromAPI(t *testing.T) {
	cat := testCatalog(t)
	if len(cat.Policies) != 3 || len(cat.Roles) != 1 {
		t.Fatalf("catalog %+v", cat)
	}
	p := cat.policy("cld::policy::content::folder::view_download")
	if p == nil || p.PermissionType != "content" || p.Policy == "" || len(p.PolicyParameters) != 1 {
		t.Errorf("policy %+v", p)
	}
	if cat.policy("nope") != nil {
		t.Error("unknown id found")
	}
	if cat.Roles[0].SystemPolicyIDs[0] != "cld::policy::content::folder::view_download" {
		t.Errorf("role %+v", cat.Roles[0])
	}
	empty, err := catalogFromAPI(&client.SystemRolesAndPoliciesCatalog{})
	if err != nil || len(empty.Policies) != 0 || empty.policy("x") != nil {
		t.Errorf("empty catalog: %+v %v", empty, err)
	}
	if _, err := catalogFromAPI(&client.SystemRolesAndPoliciesCatalog{Catalog: map[string]any{"system_policies": "oops"}}); err == nil {
		t.Error("a malformed catalog must fail")
	}
}

func TestClosestPolicyID(t *testing.T) {
	cat := testCatalog(t)
	for in, want := range map[string]string{
		"cld::policy::global::users_and_groups::veiw":   "cld::policy::global::users_and_groups::view",
		"cld::policy::global::users_and_groups::manag":  "cld::policy::global::users_and_groups::manage",
		"cld::global::users_and_groups::manage":         "cld::policy::global::users_and_groups::manage",
		"CLD::POLICY::CONTENT::FOLDER::VIEW_DOWNLOAD":   "cld::policy::content::folder::view_download",
		"cld::policy::content::folders::view_downloads": "cld::policy::content::folder::view_download",
		"something else entirely":                       "",
		"x":                                             "",
	} {
		got, ok := cat.closestPolicyID(in)
		if got != want || ok != (want != "") {
			t.Errorf("closestPolicyID(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestLevenshtein(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"kitten", "sitting", 3}, {"view", "veiw", 2}, {"same", "same", 0}} {
		if got := levenshtein(c.a, c.b); got != c.want {
			t.Errorf("levenshtein(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestPoliciesOfType(t *testing.T) {
	cat := testCatalog(t)
	if got := cat.policiesOfType("global", "account"); len(got) != 2 || got[0] != "cld::policy::global::users_and_groups::manage" {
		t.Errorf("global/account = %v", got)
	}
	if got := cat.policiesOfType("content", "account"); len(got) != 0 {
		t.Errorf("content/account = %v", got)
	}
}

// TestCachedCatalog: one fetch per configured provider; failures are not
// cached.
func TestReadPermissionsCatalog_fetchedOncePerProviderProcess(t *testing.T) {
	calls := 0
	fail := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls++
		w.Header().Set("Content-Type", "application/json")
		if fail {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":{"message":"boom"}}`))
			return
		}
		_, _ = w.Write([]byte(`{"catalog":{"system_policies":[{"id":"p"}]}}`))
	}))
	defer srv.Close()
	c, err := client.New(client.Config{AccountID: "a", APIKey: "k", APISecret: "s", BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	d := newProviderData(c)
	if _, err := d.readPermissionsCatalog(t.Context()); err == nil {
		t.Fatal("error expected")
	}
	fail = false
	for range 3 {
		cat, err := d.readPermissionsCatalog(t.Context())
		if err != nil || cat.policy("p") == nil {
			t.Fatalf("catalog %v %v", cat, err)
		}
	}
	if calls != 2 {
		t.Errorf("fetched %d times, want 2 (one failure, then once)", calls)
	}
	if _, err := newProviderData(c).readPermissionsCatalog(t.Context()); err != nil || calls != 3 {
		t.Errorf("another provider process must fetch its own catalog: calls=%d err=%v", calls, err)
	}
}
