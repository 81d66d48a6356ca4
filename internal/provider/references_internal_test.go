package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// The checks of references cost one list per kind for a whole plan, nothing
// for an unchanged plan or for values known only at apply, and nothing at
// all while the provider is unconfigured.
func TestReferences_cost(t *testing.T) {
	f := newRemovalFixture(t)
	r := &userGroupMembershipResource{resourceBase{typeName: "user_group_membership", data: f.d}}
	plan := func(group, user types.String) userGroupMembershipModel {
		return userGroupMembershipModel{ID: types.StringUnknown(), GroupID: group, UserID: user,
			Timeouts: nullTimeouts(createDeleteTimeouts)}
	}

	// Right references: the group list, the environment list and one user
	// list per environment (one here) serve every check.
	for _, u := range f.users {
		if resp := modifyPlan(t, r, plan(types.StringValue(f.group), types.StringValue(u.ID)), nil); len(resp.Diagnostics) != 0 {
			t.Errorf("user %s: diagnostics %v", u.ID, resp.Diagnostics)
		}
	}
	if n := f.requests(); n != 3 {
		t.Errorf("checking %d memberships cost %d requests, want 3: %v", len(f.users), n, f.c.RequestCounts())
	}

	// Unchanged, or known only at apply: nothing read.
	f.d = newProviderData(f.c)
	r.data = f.d
	f.c.ResetCounts()
	same := plan(types.StringValue(f.group), types.StringValue(f.users[0].ID))
	if resp := modifyPlan(t, r, same, &same); len(resp.Diagnostics) != 0 {
		t.Errorf("unchanged: diagnostics %v", resp.Diagnostics)
	}
	if resp := modifyPlan(t, r, plan(types.StringUnknown(), types.StringUnknown()), nil); len(resp.Diagnostics) != 0 {
		t.Errorf("unknown: diagnostics %v", resp.Diagnostics)
	}
	if n := f.requests(); n != 0 {
		t.Errorf("unchanged and unknown references cost %d requests: %v", n, f.c.RequestCounts())
	}

	// Unconfigured: nothing judged, even a wrong value.
	unconfigured := &userGroupMembershipResource{resourceBase{typeName: "user_group_membership"}}
	if resp := modifyPlan(t, unconfigured, plan(types.StringValue("eng"), types.StringValue("ann@example.com")), nil); len(resp.Diagnostics) != 0 {
		t.Errorf("unconfigured: diagnostics %v", resp.Diagnostics)
	}

	// Wrong: one error per attribute, with what the value is.
	resp := modifyPlan(t, r, plan(types.StringValue("holder"), types.StringValue("ann@example.com")), nil)
	errs := resp.Diagnostics.Errors()
	if len(errs) != 2 {
		t.Fatalf("wrong references: diagnostics %v, want 2 errors", resp.Diagnostics)
	}
	for i, want := range []string{
		`group_id: "holder" is not the id of any user group. It is a name: user group "holder" has id "` + f.group + `".`,
		`user_id: "ann@example.com" is not the id of any user. It is an email: user "ann@example.com" has email ` +
			`"ann@example.com" and id "` + f.users[0].ID + `".`,
	} {
		if !strings.Contains(errs[i].Detail(), want) {
			t.Errorf("error %d: %q lacks %q", i, errs[i].Detail(), want)
		}
	}

	// A process that created users (an apply) does not judge user ids: the
	// API may not show a user it just created.
	if _, err := f.c.CreateUser(t.Context(), client.UserCreateRequest{Name: "new", Email: "new@example.com", Role: client.Ptr("admin")}); err != nil {
		t.Fatal(err)
	}
	f.c.ResetCounts()
	if resp := modifyPlan(t, r, plan(types.StringValue(f.group), types.StringValue("just-created")), nil); resp.Diagnostics.HasError() {
		t.Errorf("after a user was written: diagnostics %v, want none", resp.Diagnostics)
	}
	// Nor does it read them: during an apply each would be a direct read,
	// one per reference (the group list is still at hand).
	if n := f.requests(); n != 0 {
		t.Errorf("a user id not judged still cost %d requests: %v", n, f.c.RequestCounts())
	}
}

func TestReferences_lookalike(t *testing.T) {
	for _, tc := range []struct {
		kind  refKind
		value string
		want  string
	}{
		{refEnvironment, "team-alpha", "It looks like a cloud_name"},
		{refEnvironment, "0123456789abcdef0123456789abcdef", "It looks like an id, but no product environment has it"},
		{refUser, "Jane Doe", "It looks like a name, but no user has that name either."},
		{refAccessKey, "123456789012345", "It looks like an api_key"},
		{refGroup, "eng", ""},
	} {
		if got := lookalike(tc.kind, tc.value); tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("lookalike(%v, %q) = %q, want %q", tc.kind, tc.value, got, tc.want)
		}
	}
}

func TestReferences_closestOf(t *testing.T) {
	ids := []string{"cld::role::prodenv::ml_user", "cld::role::prodenv::ml_admin", "cld::role::account::admin"}
	if got, ok := closestOf("cld::role::prodenv::ml_usr", ids); !ok || got != "cld::role::prodenv::ml_user" {
		t.Errorf("closestOf(ml_usr) = %q, %v", got, ok)
	}
	if got, ok := closestOf("cld::role::nothing::like::it", ids); ok {
		t.Errorf("closestOf(unlike) = %q, want no suggestion", got)
	}
}
