package provider

import (
	"reflect"
	"strings"
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

func TestAssignmentID_roundTrip(t *testing.T) {
	cases := map[string]struct {
		a    assignment
		want string
	}{
		"account role": {
			a:    assignment{PrincipalType: "group", PrincipalID: "g1", RoleID: "cld::role::account::billing"},
			want: "group/g1/cld::role::account::billing",
		},
		"scoped": {
			a:    assignment{PrincipalType: "user", PrincipalID: "u1", RoleID: "cld::role::prodenv::admin", ScopeID: "all"},
			want: "user/u1/cld::role::prodenv::admin/all",
		},
		"content, keys sorted": {
			a: assignment{PrincipalType: "apiKey", PrincipalID: "123", RoleID: "cld::role::folder::viewer", ScopeID: "env1",
				Params: map[string]string{"folder_id": "f1", "collection_id": "c1"}},
			want: "apiKey/123/cld::role::folder::viewer/env1/collection_id=c1,folder_id=f1",
		},
		"params without scope": {
			a:    assignment{PrincipalType: "provisioningKey", PrincipalID: "k", RoleID: "r", Params: map[string]string{"folder_id": "f"}},
			want: "provisioningKey/k/r/folder_id=f",
		},
		"separators escaped": {
			a: assignment{PrincipalType: "group", PrincipalID: "a/b", RoleID: "r%", ScopeID: "x=y",
				Params: map[string]string{"folder_id": "p,q=r/s"}},
			want: "group/a%2Fb/r%25/x%3Dy/folder_id=p%2Cq%3Dr%2Fs",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := tc.a.id(); got != tc.want {
				t.Fatalf("id() = %q, want %q", got, tc.want)
			}
			back, err := parseAssignmentID(tc.want)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, tc.a) {
				t.Fatalf("parse(%q) = %+v, want %+v", tc.want, back, tc.a)
			}
		})
	}
}

func TestParseAssignmentID_anyKeyOrder(t *testing.T) {
	a, err := parseAssignmentID("user/u/r/env/folder_id=f,collection_id=c")
	if err != nil {
		t.Fatal(err)
	}
	if a.id() != "user/u/r/env/collection_id=c,folder_id=f" {
		t.Fatalf("canonical id = %q", a.id())
	}
}

func TestParseAssignmentID_malformed(t *testing.T) {
	cases := map[string]string{
		"":                           "3 to 5 parts",
		"group/g1":                   "3 to 5 parts",
		"group/g1/r/s/k=v/extra":     "3 to 5 parts",
		"team/g1/r":                  "principal_type must be one of",
		"group//r":                   "principal_id is empty",
		"group/g1/":                  "role_id is empty",
		"group/g1/r/":                "scope_id is empty",
		"group/g1/r/k=v/env":         "scope_id part comes before",
		"group/g1/r/env/folder_id":   "is not <key>=<value>",
		"group/g1/r/env/=v":          "is not <key>=<value>",
		"group/g1/r/env/k=":          "is not <key>=<value>",
		"group/g1/r/env/k=a,k=b":     "given twice",
		"group/g1/r/env/k=a%zz":      "is not <key>=<value>",
		"group/g1%zz/r":              "badly escaped",
		"group/g1/r/env/k=a,,j=b":    "is not <key>=<value>",
		"user/u/r/env/extra/k=v":     "3 to 5 parts",
		"group/g1/r/env/folder_id=f": "-", // valid: skipped below
	}
	for id, want := range cases {
		if want == "-" {
			continue
		}
		_, err := parseAssignmentID(id)
		if err == nil {
			t.Errorf("parseAssignmentID(%q) succeeded", id)
			continue
		}
		if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "<principal_type>/<principal_id>/<role_id>") {
			t.Errorf("parseAssignmentID(%q) = %v, want it to contain %q and the shape", id, err, want)
		}
	}
}

func TestCheckAssignmentRules(t *testing.T) {
	account := &client.Role{ID: "acct", ScopeType: client.ScopeTypeAccount, PermissionType: client.PermissionTypeGlobal}
	prodenv := &client.Role{ID: "env", ScopeType: client.ScopeTypeProdenv, PermissionType: client.PermissionTypeGlobal}
	content := &client.Role{ID: "folder", ScopeType: client.ScopeTypeProdenv, PermissionType: client.PermissionTypeContent,
		PolicyParameters: []string{"folder_id"}}
	null := optString{Known: true}
	unknown := optString{}
	val := func(s string) optString { return optString{Known: true, Value: s} }
	keys := func(k ...string) optParams { return optParams{Known: true, Keys: k} }

	cases := map[string]struct {
		role   *client.Role
		scope  optString
		params optParams
		want   []string // attribute: message fragment
	}{
		"account ok":                  {account, null, keys(), nil},
		"account with scope":          {account, val("all"), keys(), []string{"scope_id: scope_id is not allowed"}},
		"account unknown scope":       {account, unknown, keys(), nil},
		"account with params":         {account, null, keys("folder_id"), []string{"policy_parameters: policy_parameters is not allowed"}},
		"prodenv ok":                  {prodenv, val("all"), keys(), nil},
		"prodenv without scope":       {prodenv, null, keys(), []string{"scope_id: scope_id is required"}},
		"prodenv unknown params":      {prodenv, val("e"), optParams{}, nil},
		"content ok":                  {content, val("e1"), keys("folder_id"), nil},
		"content without params":      {content, val("e1"), keys(), []string{"policy_parameters: policy_parameters is required"}},
		"content with all":            {content, val("all"), keys("folder_id"), []string{"scope_id: scope_id cannot be \"all\""}},
		"content wrong key":           {content, val("e1"), keys("collection_id"), []string{"key \"collection_id\" is not allowed", "must set \"folder_id\""}},
		"content extra key":           {content, val("e1"), keys("folder_id", "x"), []string{"key \"x\" is not allowed"}},
		"content without scope":       {content, null, keys("folder_id"), []string{"scope_id: scope_id is required"}},
		"content unknown params":      {content, val("e1"), optParams{}, nil},
		"content role without params": {&client.Role{ID: "c", ScopeType: client.ScopeTypeProdenv, PermissionType: client.PermissionTypeContent}, val("e"), keys("anything"), nil},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := checkAssignmentRules(tc.role, tc.scope, tc.params)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d problems %+v, want %d", len(got), got, len(tc.want))
			}
			for i, w := range tc.want {
				s := got[i].Attribute + ": " + got[i].Message
				if !strings.Contains(s, w) {
					t.Errorf("problem %d = %q, want it to contain %q", i, s, w)
				}
				if !strings.Contains(got[i].Message, tc.role.ID) {
					t.Errorf("problem %d does not name role %q: %q", i, tc.role.ID, got[i].Message)
				}
			}
		})
	}
}

func TestDiffAssignments(t *testing.T) {
	a := func(role, scope string, params map[string]string) assignment {
		return assignment{PrincipalType: "group", PrincipalID: "g", RoleID: role, ScopeID: scope, Params: params}
	}
	current := []assignment{a("r1", "", nil), a("r2", "all", nil), a("r3", "e", map[string]string{"folder_id": "f1"})}
	desired := []assignment{a("r1", "", nil), a("r2", "e", nil), a("r3", "e", map[string]string{"folder_id": "f2"}), a("r1", "", nil)}
	add, remove := diffAssignments(current, desired)
	ids := func(as []assignment) []string {
		var out []string
		for _, x := range as {
			out = append(out, x.id())
		}
		return out
	}
	if got, want := ids(add), []string{"group/g/r2/e", "group/g/r3/e/folder_id=f2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("add = %v, want %v", got, want)
	}
	if got, want := ids(remove), []string{"group/g/r2/all", "group/g/r3/e/folder_id=f1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("remove = %v, want %v", got, want)
	}
	if add, remove := diffAssignments(current, current); len(add)+len(remove) != 0 {
		t.Errorf("no-op diff = %v, %v", add, remove)
	}
}

func TestAssignmentFromAPIAndRoleToManage(t *testing.T) {
	scope := "e1"
	got := assignmentFromAPI("user", "u", client.AssignedRole{ID: "r", ScopeID: &scope,
		PolicyParameters: client.PolicyParameters{"folder_id": "f"}})
	want := assignment{PrincipalType: "user", PrincipalID: "u", RoleID: "r", ScopeID: "e1", Params: map[string]string{"folder_id": "f"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("assignmentFromAPI = %+v, want %+v", got, want)
	}
	if !findAssignment(want, []client.AssignedRole{{ID: "r", ScopeID: &scope, PolicyParameters: client.PolicyParameters{"folder_id": "f"}}}) {
		t.Error("findAssignment missed an identical assignment")
	}
	if findAssignment(want, []client.AssignedRole{{ID: "r", ScopeID: &scope, PolicyParameters: client.PolicyParameters{"folder_id": "g"}}}) {
		t.Error("findAssignment matched other parameters")
	}
	if findAssignment(want, []client.AssignedRole{{ID: "r", PolicyParameters: client.PolicyParameters{"folder_id": "f"}}}) {
		t.Error("findAssignment matched another scope")
	}
	rt := want.roleToManage()
	if rt.ID != "r" || rt.ScopeID == nil || *rt.ScopeID != "e1" || rt.PolicyParameters["folder_id"] != "f" {
		t.Errorf("roleToManage = %+v", rt)
	}
	bare := assignment{RoleID: "r"}.roleToManage()
	if bare.ScopeID != nil || bare.PolicyParameters != nil {
		t.Errorf("roleToManage of an unscoped global assignment = %+v", bare)
	}
}

func TestScopeFilterMatches(t *testing.T) {
	for _, tc := range []struct {
		filter, scope string
		want          bool
	}{
		{"", "", true}, {"", "e1", true}, {"e1", "e1", true}, {"e1", "all", true},
		{"e1", "e2", false}, {"all", "all", true}, {"all", "e1", false}, {"e1", "", false},
	} {
		if got := scopeFilterMatches(tc.filter, tc.scope); got != tc.want {
			t.Errorf("scopeFilterMatches(%q, %q) = %v, want %v", tc.filter, tc.scope, got, tc.want)
		}
	}
}
