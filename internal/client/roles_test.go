package client

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
)

const roleJSON = `{"data":{
  "policies":[
    {"id":"cld::policy::global::upload_presets::manage","name":"Manage upload settings","description":null,
     "scope_type":"prodenv","permission_type":"global","policy_statement":"permit(principal, action, resource is Cloudinary::UploadPreset);",
     "category":"Settings","sub_category":"Upload Settings","created_at":1719475215,"updated_at":1719475215},
    ` + systemPolicyJSON + `],
  "id":"` + systemRoleID + `",
  "name":"Master admin",
  "description":"Full access.",
  "management_type":"system",
  "permission_type":"content",
  "policy_parameters":["folder_id"],
  "scope_type":"prodenv",
  "created_at":1719475216,
  "updated_at":1719475217}}`

func wantRole() *Role {
	return &Role{
		ID:               systemRoleID,
		Name:             "Master admin",
		Description:      Ptr("Full access."),
		ManagementType:   ManagementTypeSystem,
		PermissionType:   PermissionTypeContent,
		PolicyParameters: []string{"folder_id"},
		ScopeType:        ScopeTypeProdenv,
		CreatedAt:        1719475216,
		UpdatedAt:        1719475217,
		Policies: []SystemPolicy{
			{
				ID: "cld::policy::global::upload_presets::manage", Name: "Manage upload settings",
				ScopeType: ScopeTypeProdenv, PermissionType: PermissionTypeGlobal,
				PolicyStatement: "permit(principal, action, resource is Cloudinary::UploadPreset);",
				Category:        "Settings", SubCategory: "Upload Settings", CreatedAt: 1719475215, UpdatedAt: 1719475215,
			},
			wantSystemPolicy(),
		},
	}
}

func TestPermGetRoles(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{"data":[
	  {"id":"cld::role::account::master_admin","name":"Master Admin","description":"All.","management_type":"system",
	   "permission_type":"global","scope_type":"account","created_at":1719475216,"updated_at":1719475216},
	  {"id":"custom::role::x","name":"X","description":null,"management_type":"custom","permission_type":"content",
	   "policy_parameters":["folder_id","collection_id"],"scope_type":"prodenv","created_at":1,"updated_at":2}]}`))
	got, err := c.GetRoles(t.Context(), GetRolesOptions{
		ScopeType:        Ptr(ScopeTypeProdenv),
		PermissionType:   PermissionTypeContent,
		ManagementType:   Ptr(ManagementTypeCustom),
		PolicyParameters: []string{"folder_id", "collection_id"},
	})
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	// policy_parameters is declared with content application/json: one key
	// holding a JSON array.
	expectCall(t, call, http.MethodGet, accountPermissionsPath+"/roles", url.Values{
		"scope_type": {"prodenv"}, "permission_type": {"content"}, "management_type": {"custom"},
		"policy_parameters": {`["folder_id","collection_id"]`},
	})
	expectJSONBody(t, call, "")
	want := []Role{
		{ID: "cld::role::account::master_admin", Name: "Master Admin", Description: Ptr("All."), ManagementType: ManagementTypeSystem,
			PermissionType: PermissionTypeGlobal, ScopeType: ScopeTypeAccount, CreatedAt: 1719475216, UpdatedAt: 1719475216},
		{ID: "custom::role::x", Name: "X", ManagementType: ManagementTypeCustom, PermissionType: PermissionTypeContent,
			PolicyParameters: []string{"folder_id", "collection_id"}, ScopeType: ScopeTypeProdenv, CreatedAt: 1, UpdatedAt: 2},
	}
	expectEqual(t, "roles", got, want)
	if ids := got[0].SystemPolicyIDs(); ids != nil {
		t.Errorf("list entries carry no policies: SystemPolicyIDs = %v, want nil", ids)
	}
}

func TestPermGetRolesMinimalQuery(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, `{"data":[]}`))
	if _, err := c.GetRoles(t.Context(), GetRolesOptions{PermissionType: PermissionTypeGlobal, PolicyParameters: []string{}}); err != nil {
		t.Fatal(err)
	}
	expectCall(t, rec.only(t), http.MethodGet, accountPermissionsPath+"/roles",
		url.Values{"permission_type": {"global"}, "policy_parameters": {"[]"}})
}

func TestPermCreateRole(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(201, roleJSON))
	got, err := c.CreateRole(t.Context(), CreateRoleRequest{
		ID:              Ptr(systemRoleID),
		PermissionType:  PermissionTypeContent,
		ScopeType:       ScopeTypeProdenv,
		Name:            "Master admin",
		Description:     Ptr("Full access."),
		SystemPolicyIDs: []string{"cld::policy::global::upload_presets::manage", "cld::policy::content::folder::view_download"},
	})
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodPost, accountPermissionsPath+"/roles", nil)
	expectJSONBody(t, call, `{"id":"cld::role::prodenv::master_admin","permission_type":"content","scope_type":"prodenv",
		"name":"Master admin","description":"Full access.",
		"system_policy_ids":["cld::policy::global::upload_presets::manage","cld::policy::content::folder::view_download"]}`)
	expectEqual(t, "role", got, wantRole())
	expectEqual(t, "system policy ids", got.SystemPolicyIDs(),
		[]string{"cld::policy::global::upload_presets::manage", "cld::policy::content::folder::view_download"})
}

func TestPermCreateRoleMinimalBody(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(201, roleJSON))
	if _, err := c.CreateRole(t.Context(), CreateRoleRequest{PermissionType: PermissionTypeGlobal, ScopeType: ScopeTypeAccount, Name: "r"}); err != nil {
		t.Fatal(err)
	}
	expectJSONBody(t, rec.only(t), `{"permission_type":"global","scope_type":"account","name":"r"}`)
}

func TestPermGetRole(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, roleJSON))
	got, err := c.GetRole(t.Context(), systemRoleID, &GetRoleOptions{ContentFilter{
		FolderID:     Ptr("f1"),
		AssetID:      Ptr("a1"),
		CollectionID: Ptr("c1"),
		ParamKey:     []string{"folder_id", "collection_id"},
		ParamValue:   []string{"f,1", "c1"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodGet, accountPermissionsPath+"/roles/"+systemRoleID, url.Values{
		"folder_id": {"f1"}, "asset_id": {"a1"}, "collection_id": {"c1"},
		"param_key": {"folder_id", "collection_id"}, "param_value": {"f,1", "c1"},
	})
	if call.Path != accountPermissionsPath+"/roles/cld::role::prodenv::master_admin" {
		t.Errorf("decoded path = %q", call.Path)
	}
	expectJSONBody(t, call, "")
	expectEqual(t, "role", got, wantRole())
}

func TestPermGetRoleEscapesID(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, roleJSON))
	if _, err := c.GetRole(t.Context(), slashSpaceID, nil); err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodGet, accountPermissionsPath+"/roles/"+slashSpaceIDEscaped, nil)
	if call.Path != accountPermissionsPath+"/roles/"+slashSpaceID {
		t.Errorf("decoded path = %q", call.Path)
	}
}

func TestPermUpdateRole(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, roleJSON))
	got, err := c.UpdateRole(t.Context(), systemRoleID, UpdateRoleRequest{
		Name:            "Upload manager",
		Description:     Ptr("Uploads."),
		SystemPolicyIDs: []string{"cld::policy::global::upload_presets::manage"},
	})
	if err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodPut, accountPermissionsPath+"/roles/"+systemRoleID, nil)
	expectJSONBody(t, call, `{"name":"Upload manager","description":"Uploads.","system_policy_ids":["cld::policy::global::upload_presets::manage"]}`)
	expectEqual(t, "role", got, wantRole())
}

// The PUT replaces the role: a nil description goes out as null and nil
// policy ids as an empty array, never omitted.
func TestPermUpdateRoleSendsFullEntity(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(200, roleJSON))
	if _, err := c.UpdateRole(t.Context(), "r1", UpdateRoleRequest{Name: "n"}); err != nil {
		t.Fatal(err)
	}
	expectJSONBody(t, rec.only(t), `{"name":"n","description":null,"system_policy_ids":[]}`)
}

func TestPermDeleteRole(t *testing.T) {
	c, rec := newRecordingServer(t, fixedReply(204, ""))
	if err := c.DeleteRole(t.Context(), systemRoleID, &DeleteRoleOptions{Force: Ptr(true)}); err != nil {
		t.Fatal(err)
	}
	call := rec.only(t)
	expectCall(t, call, http.MethodDelete, accountPermissionsPath+"/roles/"+systemRoleID, url.Values{"force": {"true"}})
	expectJSONBody(t, call, "")
}

func TestPermDeleteRoleWithoutForce(t *testing.T) {
	for name, opts := range map[string]*DeleteRoleOptions{"nil": nil, "unset": {}} {
		t.Run(name, func(t *testing.T) {
			c, rec := newRecordingServer(t, fixedReply(204, ""))
			if err := c.DeleteRole(t.Context(), systemRoleID, opts); err != nil {
				t.Fatal(err)
			}
			expectCall(t, rec.only(t), http.MethodDelete, accountPermissionsPath+"/roles/"+systemRoleID, nil)
		})
	}
	c, rec := newRecordingServer(t, fixedReply(204, ""))
	if err := c.DeleteRole(t.Context(), systemRoleID, &DeleteRoleOptions{Force: Ptr(false)}); err != nil {
		t.Fatal(err)
	}
	expectCall(t, rec.only(t), http.MethodDelete, accountPermissionsPath+"/roles/"+systemRoleID, url.Values{"force": {"false"}})
}

func TestPermRoleSystemPolicyIDs(t *testing.T) {
	var nilRole *Role
	if nilRole.SystemPolicyIDs() != nil {
		t.Error("nil role: want nil")
	}
	if ids := (&Role{}).SystemPolicyIDs(); ids != nil {
		t.Errorf("no policies array: got %v, want nil", ids)
	}
	if ids := (&Role{Policies: []SystemPolicy{}}).SystemPolicyIDs(); ids == nil || len(ids) != 0 {
		t.Errorf("empty policies array: got %#v, want an empty non-nil slice", ids)
	}
	r := &Role{Policies: []SystemPolicy{{ID: "b"}, {ID: "a"}, {ID: ""}, {ID: "b"}, {ID: "c::d"}}}
	expectEqual(t, "ids", r.SystemPolicyIDs(), []string{"b", "a", "c::d"})

	// Decoded from an answer: absent vs empty policies array.
	var absent, empty Role
	if err := json.Unmarshal([]byte(`{"id":"x"}`), &absent); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(`{"id":"x","policies":[]}`), &empty); err != nil {
		t.Fatal(err)
	}
	if absent.SystemPolicyIDs() != nil || empty.SystemPolicyIDs() == nil {
		t.Errorf("absent = %#v, empty = %#v; want nil and []", absent.SystemPolicyIDs(), empty.SystemPolicyIDs())
	}
}
