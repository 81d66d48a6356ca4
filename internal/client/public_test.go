package client

import (
	"net/http"
	"testing"
)

func TestPermGetSystemRolesAndPoliciesCatalog(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{"catalog":{
	  "system_policies":[{"id":"cld::policy::global::ml::access","permission_type":"global","scope_type":"prodenv"}],
	  "system_roles":[{"id":"cld::role::folder::viewer","system_policy_ids":["cld::policy::content::folder::view_download"]}],
	  "future_key":{"nested":true}}}`))
	got, err := c.GetSystemRolesAndPoliciesCatalog(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodGet, publicPermissionsPath+"/catalog", nil)
	expectJSONBody(t, call, "")
	want := &SystemRolesAndPoliciesCatalog{Catalog: map[string]any{
		"system_policies": []any{map[string]any{"id": "cld::policy::global::ml::access", "permission_type": "global", "scope_type": "prodenv"}},
		"system_roles":    []any{map[string]any{"id": "cld::role::folder::viewer", "system_policy_ids": []any{"cld::policy::content::folder::view_download"}}},
		"future_key":      map[string]any{"nested": true},
	}}
	expectEqual(t, "catalog", got, want)
}

func TestPermValidateCedarPolicy(t *testing.T) {
	const policy = `permit(principal == Cloudinary::APIKy::"1234", action == Cloudinary::Action::"read", resource is Cloudinary::Folder);`
	c, rec := newRecordingServer(t, fixedReply(200, `{"valid":false,"errors":[{"cedar_message":"invalid_principal","cedar_code":"ACCOUNTS_00002"}]}`))
	got, err := c.ValidateCedarPolicy(t.Context(), ValidateCedarPolicyRequest{Policy: policy})
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodPost, publicPermissionsPath+"/validate", nil)
	expectJSONBody(t, call, `{"policy":"permit(principal == Cloudinary::APIKy::\"1234\", action == Cloudinary::Action::\"read\", resource is Cloudinary::Folder);"}`)
	want := &ValidateCedarPolicyResult{Valid: false, Errors: []CedarError{{CedarMessage: "invalid_principal", CedarCode: "ACCOUNTS_00002"}}}
	expectEqual(t, "result", got, want)
}

func TestPermValidateCedarPolicyValid(t *testing.T) {
	c, _ := newRecordingServer(t, fixedReply(200, `{"valid":true}`))
	got, err := c.ValidateCedarPolicy(t.Context(), ValidateCedarPolicyRequest{Policy: "permit(principal, action, resource);"})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Valid || len(got.Errors) != 0 {
		t.Errorf("got %+v, want valid without errors", got)
	}
}

func TestPermGetCedarSchema(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{"schema":{"Cloudinary":{"actions":{"read":{"appliesTo":{"principalTypes":["APIKey","User"]}}}},"MediaFlows":{"entityTypes":{"EasyFlow":{}}}}}`))
	got, err := c.GetCedarSchema(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodGet, publicPermissionsPath+"/schema", nil)
	expectJSONBody(t, call, "")
	want := &CedarSchema{Schema: map[string]any{
		"Cloudinary": map[string]any{"actions": map[string]any{"read": map[string]any{"appliesTo": map[string]any{"principalTypes": []any{"APIKey", "User"}}}}},
		"MediaFlows": map[string]any{"entityTypes": map[string]any{"EasyFlow": map[string]any{}}},
	}}
	expectEqual(t, "schema", got, want)
}
