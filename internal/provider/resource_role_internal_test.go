package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

func TestRoleModelFromAPI(t *testing.T) {
	role := &client.Role{
		ID: "r1", Name: "Uploader", ManagementType: client.ManagementTypeCustom,
		PermissionType: client.PermissionTypeContent, ScopeType: client.ScopeTypeProdenv,
		PolicyParameters: []string{"folder_id"}, CreatedAt: 1719475216, UpdatedAt: 1719475217,
		Policies: []client.SystemPolicy{{ID: "p2"}, {ID: "p1"}, {ID: "p2"}},
	}
	prior := roleModel{ForceDelete: types.BoolValue(true), SystemPolicyIDs: stringSet([]string{"old"})}
	m := roleModelFromAPI(role, prior)
	if m.ID.ValueString() != "r1" || m.RoleID.ValueString() != "r1" || m.Name.ValueString() != "Uploader" {
		t.Errorf("ids/name: %+v", m)
	}
	if !m.Description.IsNull() {
		t.Errorf("description = %v, want null", m.Description)
	}
	if !m.SystemPolicyIDs.Equal(stringSet([]string{"p1", "p2"})) {
		t.Errorf("system_policy_ids = %v", m.SystemPolicyIDs)
	}
	if len(m.PolicyParameters.Elements()) != 1 || m.CreatedAt.ValueString() != "2024-06-27T08:00:16Z" {
		t.Errorf("parameters/created: %v %v", m.PolicyParameters, m.CreatedAt)
	}
	if !m.ForceDelete.ValueBool() {
		t.Error("force_delete must come from the prior state")
	}

	// No policies array (a list answer): keep the known ids; no prior
	// force_delete (import): false.
	role.Policies, role.Description, role.PolicyParameters = nil, client.Ptr("d"), nil
	m = roleModelFromAPI(role, roleModel{SystemPolicyIDs: stringSet([]string{"old"})})
	if !m.SystemPolicyIDs.Equal(stringSet([]string{"old"})) || m.ForceDelete.ValueBool() || m.ForceDelete.IsNull() {
		t.Errorf("fallbacks: %v %v", m.SystemPolicyIDs, m.ForceDelete)
	}
	if m.Description.ValueString() != "d" || m.PolicyParameters.IsNull() || len(m.PolicyParameters.Elements()) != 0 {
		t.Errorf("description/parameters: %v %v", m.Description, m.PolicyParameters)
	}
}

func TestRoleCreateRequest(t *testing.T) {
	var diags diag.Diagnostics
	m := roleModel{
		RoleID: types.StringUnknown(), Name: types.StringValue("n"), Description: types.StringNull(),
		PermissionType: types.StringValue("global"), ScopeType: types.StringValue("account"),
		SystemPolicyIDs: stringSet([]string{"b", "a"}),
	}
	req := roleCreateRequest(t.Context(), m, &diags)
	if diags.HasError() || req.ID != nil || req.Description != nil || req.Name != "n" ||
		req.PermissionType != client.PermissionTypeGlobal || req.ScopeType != client.ScopeTypeAccount ||
		strings.Join(req.SystemPolicyIDs, ",") != "a,b" {
		t.Errorf("request %+v %v", req, diags)
	}
	m.RoleID, m.Description = types.StringValue("mine"), types.StringValue("d")
	req = roleCreateRequest(t.Context(), m, &diags)
	if req.ID == nil || *req.ID != "mine" || req.Description == nil || *req.Description != "d" {
		t.Errorf("request %+v", req)
	}
}

func TestDescribeRolePrincipals(t *testing.T) {
	got := describeRolePrincipals([]client.RolePrincipal{
		{Type: client.PrincipalTypeUser, ID: "u1"}, {Type: client.PrincipalTypeGroup, ID: "g1"},
		{Type: client.PrincipalTypeUser, ID: "u1"},
	})
	if want := `2 principals: group "g1", user "u1"`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := describeRolePrincipals([]client.RolePrincipal{{Type: client.PrincipalTypeAPIKey, ID: "k"}}); got != `1 principal: apiKey "k"` {
		t.Errorf("got %q", got)
	}
}

func TestRoleIDValidator(t *testing.T) {
	for in, wantErr := range map[string]string{
		"upload_manager_1":       "",
		"a.b-c:d":                "",
		"has space":              "value must be 1 to 255 letters",
		"a/b":                    "value must be 1 to 255 letters",
		"":                       "value must be 1 to 255 letters",
		strings.Repeat("x", 256): "value must be 1 to 255 letters",
		"cld::role::x":           `the "cld::" prefix is reserved`,
	} {
		resp := &validator.StringResponse{}
		roleIDValidator{}.ValidateString(t.Context(), validator.StringRequest{Path: path.Root("role_id"), ConfigValue: types.StringValue(in)}, resp)
		switch {
		case wantErr == "" && resp.Diagnostics.HasError():
			t.Errorf("%q: unexpected %v", in, resp.Diagnostics)
		case wantErr != "" && (!resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics[0].Detail(), wantErr)):
			t.Errorf("%q: got %v, want %q", in, resp.Diagnostics, wantErr)
		case wantErr != "" && !strings.HasPrefix(resp.Diagnostics[0].Detail(), "role_id"):
			t.Errorf("%q: the message must name the attribute: %s", in, resp.Diagnostics[0].Detail())
		}
	}
}

func TestCheckRolePolicies(t *testing.T) {
	cat := testCatalog(t)
	var diags diag.Diagnostics
	checkRolePolicies(cat, []string{"cld::policy::global::users_and_groups::veiw", "cld::policy::content::folder::view_download",
		"cld::policy::global::users_and_groups::view"}, types.StringValue("global"), types.StringValue("account"), &diags)
	if len(diags) != 2 {
		t.Fatalf("diags = %v", diags)
	}
	if d := diags[0].Detail(); !strings.Contains(d, `Did you mean "cld::policy::global::users_and_groups::view"?`) {
		t.Errorf("typo: %s", d)
	}
	if d := diags[1].Detail(); !strings.Contains(d, `"cld::policy::content::folder::view_download" is a content policy with scope_type prodenv`) ||
		!strings.Contains(d, "lists the 2 that fit") {
		t.Errorf("mismatch: %s", d)
	}

	diags = nil
	checkRolePolicies(cat, []string{"cld::policy::content::folder::view_download"}, types.StringValue("content"), types.StringValue("account"), &diags)
	if len(diags) != 1 || !strings.Contains(diags[0].Detail(), `No system policy has permission_type "content" and scope_type "account"`) {
		t.Errorf("no fitting policy: %v", diags)
	}

	// Unknown types: only existence is checked.
	diags = nil
	checkRolePolicies(cat, []string{"cld::policy::content::folder::view_download"}, types.StringUnknown(), types.StringValue("account"), &diags)
	if diags.HasError() {
		t.Errorf("unknown types: %v", diags)
	}
}

func TestPickCustomRoleByName(t *testing.T) {
	roles := []client.Role{
		{ID: "a_1", Name: "A", ManagementType: client.ManagementTypeCustom},
		{ID: "dup_2", Name: "Dup", ManagementType: client.ManagementTypeCustom},
		{ID: "dup_1", Name: "Dup", ManagementType: client.ManagementTypeCustom},
		{ID: "dup_1", Name: "Dup", ManagementType: client.ManagementTypeCustom}, // listed twice
		{ID: "cld::role::account::admin", Name: "Admin", ManagementType: client.ManagementTypeSystem},
	}
	if r, err := pickCustomRoleByName(roles, "A"); err != nil || r.ID != "a_1" {
		t.Errorf("unique: %v %v", r, err)
	}
	if _, err := pickCustomRoleByName(roles, "a"); !client.IsNotFound(err) {
		t.Errorf("names match exactly: %v", err)
	}
	if _, err := pickCustomRoleByName(roles, "Admin"); !client.IsNotFound(err) {
		t.Errorf("system roles are not candidates: %v", err)
	}
	_, err := pickCustomRoleByName(roles, "Dup")
	if err == nil || client.IsNotFound(err) || !strings.Contains(err.Error(), `2 custom roles are named "Dup" (role ids "dup_1", "dup_2")`) {
		t.Errorf("ambiguous: %v", err)
	}
}
