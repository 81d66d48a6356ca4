package client

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
)

const assignedRolesJSON = `[
  {"id":"cld::role::account::reports","name":"Reports","description":null,"management_type":"system",
   "permission_type":"global","scope_type":"account","created_at":1719475216,"updated_at":1719475216},
  {"id":"marketing_content_contributor","name":"Marketing","description":"View assets.","management_type":"custom",
   "permission_type":"content","scope_type":"prodenv","scope_id":"env1","policy_parameters":{"folder_id":"asdf"},
   "created_at":1719475215,"updated_at":1719475216}]`

func wantAssignedRoles() []AssignedRole {
	return []AssignedRole{
		{ID: "cld::role::account::reports", Name: "Reports", ManagementType: ManagementTypeSystem,
			PermissionType: PermissionTypeGlobal, ScopeType: ScopeTypeAccount, CreatedAt: 1719475216, UpdatedAt: 1719475216},
		{ID: "marketing_content_contributor", Name: "Marketing", Description: Ptr("View assets."), ManagementType: ManagementTypeCustom,
			PermissionType: PermissionTypeContent, ScopeType: ScopeTypeProdenv, ScopeID: Ptr("env1"),
			PolicyParameters: PolicyParameters{"folder_id": "asdf"}, CreatedAt: 1719475215, UpdatedAt: 1719475216},
	}
}

func TestPermGetPrincipalRoles(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{"data":`+assignedRolesJSON+`}`))
	got, err := c.GetPrincipalRoles(t.Context(), GetPrincipalRolesOptions{
		PrincipalType:  PrincipalTypeAPIKey,
		PrincipalID:    "key 1",
		PermissionType: PermissionTypeContent,
		ManagementType: Ptr(ManagementTypeCustom),
		ScopeType:      Ptr(ScopeTypeProdenv),
		ScopeID:        Ptr("env1"),
		ContentFilter: ContentFilter{
			FolderID:     Ptr("f1"),
			AssetID:      Ptr("a1"),
			CollectionID: Ptr("c1"),
			ParamKey:     []string{"folder_id", "folder_id"},
			ParamValue:   []string{"f1", "f,2"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodGet, accountPermissionsPath+"/principal_roles", url.Values{
		"principal_type": {"apiKey"}, "principal_id": {"key 1"}, "permission_type": {"content"},
		"management_type": {"custom"}, "scope_type": {"prodenv"}, "scope_id": {"env1"},
		"folder_id": {"f1"}, "asset_id": {"a1"}, "collection_id": {"c1"},
		"param_key": {"folder_id", "folder_id"}, "param_value": {"f1", "f,2"},
	})
	expectJSONBody(t, call, "")
	expectEqual(t, "roles", got, wantAssignedRoles())
}

func TestPermGetPrincipalRolesRequiredOnly(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{"data":[]}`))
	got, err := c.GetPrincipalRoles(t.Context(), GetPrincipalRolesOptions{
		PrincipalType: PrincipalTypeProvisioningKey, PrincipalID: "pk", PermissionType: PermissionTypeGlobal,
	})
	if err != nil {
		t.Fatal(err)
	}
	expectCall(t, rec.only(t), http.MethodGet, accountPermissionsPath+"/principal_roles", url.Values{
		"principal_type": {"provisioningKey"}, "principal_id": {"pk"}, "permission_type": {"global"},
	})
	if len(got) != 0 {
		t.Errorf("got %v, want none", got)
	}
}

func TestPermUpdatePrincipalRoles(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, ""))
	err := c.UpdatePrincipalRoles(t.Context(), UpdatePrincipalRolesRequest{
		Operation: OperationAdd,
		Principal: Principal{Type: PrincipalTypeGroup, ID: "g1"},
		Roles: []RoleToManage{
			{ID: systemRoleID, ScopeID: Ptr("env1")},
			{ID: "content_role", ScopeID: Ptr("env1"), PolicyParameters: PolicyParameters{"folder_id": "f1"}},
			{ID: "cld::role::account::admin"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodPut, accountPermissionsPath+"/principal_roles", nil)
	expectJSONBody(t, call, `{"operation":"add","principal":{"type":"group","id":"g1"},"roles":[
		{"id":"cld::role::prodenv::master_admin","scope_id":"env1"},
		{"id":"content_role","scope_id":"env1","policy_parameters":{"folder_id":"f1"}},
		{"id":"cld::role::account::admin"}]}`)
}

func TestPermUpdatePrincipalRolesRemoveAcceptsJSONBody(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{"message":"ok"}`))
	err := c.UpdatePrincipalRoles(t.Context(), UpdatePrincipalRolesRequest{
		Operation: OperationRemove,
		Principal: Principal{Type: PrincipalTypeUser, ID: "u1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	expectJSONBody(t, rec.only(t), `{"operation":"remove","principal":{"type":"user","id":"u1"},"roles":[]}`)
}

const inspectJSON = `{"data":{"principals":[
  {"type":"user","id":"1234abc","roles":[
    {"id":"marketing","name":"Marketing","description":null,"management_type":"custom","permission_type":"content",
     "scope_type":"prodenv","scope_id":"env1","policy_parameters":{"folder_id":"asdf"},"created_at":1,"updated_at":2}]},
  {"type":"apiKey","id":"a382","roles":[]}]},
  "next_cursor":"nc"}`

func wantInspect() *InspectPage {
	return &InspectPage{
		Principals: []InspectedPrincipal{
			{Type: PrincipalTypeUser, ID: "1234abc", Roles: []AssignedRole{{
				ID: "marketing", Name: "Marketing", ManagementType: ManagementTypeCustom, PermissionType: PermissionTypeContent,
				ScopeType: ScopeTypeProdenv, ScopeID: Ptr("env1"), PolicyParameters: PolicyParameters{"folder_id": "asdf"},
				CreatedAt: 1, UpdatedAt: 2,
			}}},
			{Type: PrincipalTypeAPIKey, ID: "a382", Roles: []AssignedRole{}},
		},
		NextCursor: "nc",
	}
}

func TestPermInspect(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, inspectJSON))
	got, err := c.Inspect(t.Context(), InspectOptions{
		ScopeType:     ScopeTypeProdenv,
		ScopeID:       Ptr("env1"),
		PrincipalType: Ptr(PrincipalTypeUser),
		PrincipalID:   Ptr("1234abc"),
		ContentFilter: ContentFilter{
			FolderID: Ptr("asdf"), AssetID: Ptr("a"), CollectionID: Ptr("c"),
			ParamKey: []string{"folder_id", "collection_id"}, ParamValue: []string{"asdf", "c"},
		},
		Cursor: Ptr("cur"),
	})
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodGet, accountPermissionsPath+"/principal_roles/inspect", url.Values{
		"scope_type": {"prodenv"}, "scope_id": {"env1"}, "principal_type": {"user"}, "principal_id": {"1234abc"},
		"folder_id": {"asdf"}, "asset_id": {"a"}, "collection_id": {"c"},
		"param_key": {"folder_id", "collection_id"}, "param_value": {"asdf", "c"}, "cursor": {"cur"},
	})
	expectJSONBody(t, call, "")
	expectEqual(t, "page", got, wantInspect())
}

func TestPermInspectAll(t *testing.T) {
	c, rec := newRecordingServer(t, func(call recordedCall) cannedReply {
		switch call.Query.Get("cursor") {
		case "":
			return cannedReply{Body: `{"data":{"principals":[{"type":"user","id":"u1","roles":[]}]},"next_cursor":"p/2"}`}
		case "p/2":
			return cannedReply{Body: `{"data":{"principals":[{"type":"group","id":"g1","roles":[]},{"type":"apiKey","id":"k1","roles":[]}]},"next_cursor":"p3"}`}
		case "p3":
			return cannedReply{Body: `{"data":{"principals":[{"type":"provisioningKey","id":"pk","roles":[]}]}}`}
		}
		return cannedReply{Status: 400, Body: `{"error":{"message":"bad cursor"}}`}
	})
	opts := InspectOptions{ScopeType: ScopeTypeAccount, PrincipalType: Ptr(PrincipalTypeUser)}
	all, err := c.InspectAll(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	var got []Principal
	for _, p := range all {
		got = append(got, Principal{Type: p.Type, ID: p.ID})
	}
	expectEqual(t, "principals", got, []Principal{
		{PrincipalTypeUser, "u1"}, {PrincipalTypeGroup, "g1"}, {PrincipalTypeAPIKey, "k1"}, {PrincipalTypeProvisioningKey, "pk"},
	})
	calls := rec.all()
	if len(calls) != 3 {
		t.Fatalf("got %d requests, want 3", len(calls))
	}
	for i, cursor := range []string{"", "p/2", "p3"} {
		want := url.Values{"scope_type": {"account"}, "principal_type": {"user"}}
		if cursor != "" {
			want.Set("cursor", cursor)
		}
		expectCall(t, calls[i], http.MethodGet, accountPermissionsPath+"/principal_roles/inspect", want)
	}
	if opts.Cursor != nil {
		t.Error("caller's options were modified")
	}
}

func TestPermInspectMultiple(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, inspectJSON))
	got, err := c.InspectMultiple(t.Context(), InspectMultipleRequest{
		ScopeType: ScopeTypeProdenv,
		ScopeID:   Ptr("env1"),
		Principals: []Principal{
			{Type: PrincipalTypeUser, ID: "1234abc"},
			{Type: PrincipalTypeAPIKey, ID: "a382"},
		},
		PolicyParameters: PolicyParameters{"folder_id": "asdf"},
		Cursor:           Ptr("cur"),
	})
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodPost, accountPermissionsPath+"/principal_roles/inspect", nil)
	expectJSONBody(t, call, `{"scope_type":"prodenv","scope_id":"env1",
		"principals":[{"type":"user","id":"1234abc"},{"type":"apiKey","id":"a382"}],
		"policy_parameters":{"folder_id":"asdf"},"cursor":"cur"}`)
	expectEqual(t, "page", got, wantInspect())
}

func TestPermInspectMultipleMinimalBody(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{"data":{"principals":[]}}`))
	got, err := c.InspectMultiple(t.Context(), InspectMultipleRequest{ScopeType: ScopeTypeAccount})
	if err != nil {
		t.Fatal(err)
	}
	expectJSONBody(t, rec.only(t), `{"scope_type":"account","principals":[]}`)
	if len(got.Principals) != 0 || got.NextCursor != "" {
		t.Errorf("got %+v, want an empty page", got)
	}
}

func TestPermInspectMultipleAll(t *testing.T) {
	c, rec := newRecordingServer(t, func(call recordedCall) cannedReply {
		var body struct {
			Cursor *string `json:"cursor"`
		}
		_ = json.Unmarshal(call.Body, &body)
		switch {
		case body.Cursor == nil:
			return cannedReply{Body: `{"data":{"principals":[{"type":"user","id":"u1","roles":[]}]},"next_cursor":"c2"}`}
		case *body.Cursor == "c2":
			return cannedReply{Body: `{"data":{"principals":[{"type":"user","id":"u2","roles":[]}]},"next_cursor":""}`}
		}
		return cannedReply{Status: 400, Body: `{"error":{"message":"bad cursor"}}`}
	})
	req := InspectMultipleRequest{ScopeType: ScopeTypeAccount, Principals: []Principal{{PrincipalTypeUser, "u1"}, {PrincipalTypeUser, "u2"}}}
	all, err := c.InspectMultipleAll(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].ID != "u1" || all[1].ID != "u2" {
		t.Fatalf("got %+v, want u1, u2", all)
	}
	calls := rec.all()
	if len(calls) != 2 {
		t.Fatalf("got %d requests, want 2", len(calls))
	}
	expectJSONBody(t, calls[0], `{"scope_type":"account","principals":[{"type":"user","id":"u1"},{"type":"user","id":"u2"}]}`)
	expectJSONBody(t, calls[1], `{"scope_type":"account","principals":[{"type":"user","id":"u1"},{"type":"user","id":"u2"}],"cursor":"c2"}`)
	for _, call := range calls {
		expectCall(t, call, http.MethodPost, accountPermissionsPath+"/principal_roles/inspect", nil)
	}
}

func TestPermGetRolePrincipals(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{"data":[
	  {"id":"1234abc","type":"user","role_id":"`+systemRoleID+`","policy_parameters":{"folder_id":"asdf"},
	   "scope_type":"prodenv","scope_id":"env1","created_at":1719475216,"updated_at":1719475217},
	  {"id":"akwut","type":"apiKey"}]}`))
	got, err := c.GetRolePrincipals(t.Context(), systemRoleID, &GetRolePrincipalsOptions{
		ScopeType: Ptr(ScopeTypeProdenv),
		ScopeID:   Ptr("env1"),
		Verbose:   Ptr(true),
		ContentFilter: ContentFilter{
			FolderID: Ptr("asdf"), AssetID: Ptr("a"), CollectionID: Ptr("c"),
			ParamKey: []string{"folder_id"}, ParamValue: []string{"asdf"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodGet, accountPermissionsPath+"/roles/"+systemRoleID+"/principals", url.Values{
		"scope_type": {"prodenv"}, "scope_id": {"env1"}, "verbose": {"true"},
		"folder_id": {"asdf"}, "asset_id": {"a"}, "collection_id": {"c"},
		"param_key": {"folder_id"}, "param_value": {"asdf"},
	})
	expectJSONBody(t, call, "")
	want := []RolePrincipal{
		{ID: "1234abc", Type: PrincipalTypeUser, RoleID: systemRoleID, PolicyParameters: PolicyParameters{"folder_id": "asdf"},
			ScopeType: ScopeTypeProdenv, ScopeID: Ptr("env1"), CreatedAt: 1719475216, UpdatedAt: 1719475217},
		{ID: "akwut", Type: PrincipalTypeAPIKey},
	}
	expectEqual(t, "principals", got, want)
}

func TestPermGetRolePrincipalsEscapesID(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{"data":[]}`))
	if _, err := c.GetRolePrincipals(t.Context(), slashSpaceID, nil); err != nil {
		t.Fatal(err)
	}
	expectCall(t, rec.only(t), http.MethodGet, accountPermissionsPath+"/roles/"+slashSpaceIDEscaped+"/principals", nil)
	if _, err := c.GetRolePrincipals(t.Context(), "", nil); err == nil {
		t.Error("want an error for an empty role id")
	}
}

func TestPermUpdateRolePrincipals(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, ""))
	err := c.UpdateRolePrincipals(t.Context(), systemRoleID, UpdateRolePrincipalsRequest{
		Operation: OperationAdd,
		Principals: []RolePrincipalUpdate{
			{PrincipalType: PrincipalTypeUser, PrincipalID: "u1", ScopeID: Ptr("env1"), PolicyParameters: PolicyParameters{"folder_id": "f1"}},
			{PrincipalType: PrincipalTypeProvisioningKey, PrincipalID: "pk"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodPut, accountPermissionsPath+"/roles/"+systemRoleID+"/principals", nil)
	expectJSONBody(t, call, `{"operation":"add","principals":[
		{"principal_type":"user","principal_id":"u1","scope_id":"env1","policy_parameters":{"folder_id":"f1"}},
		{"principal_type":"provisioningKey","principal_id":"pk"}]}`)
}

func TestPermUpdateRolePrincipalsEmpty(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, ""))
	if err := c.UpdateRolePrincipals(t.Context(), systemRoleID, UpdateRolePrincipalsRequest{Operation: OperationRemove}); err != nil {
		t.Fatal(err)
	}
	expectJSONBody(t, rec.only(t), `{"operation":"remove","principals":[]}`)
}
