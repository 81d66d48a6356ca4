package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
)

// removalFixture is an emulator with a product environment, a group that
// holds cld::role::folder::editor and has two members, an empty group and
// a third user; and one provider process over it.
type removalFixture struct {
	c                 *client.Client
	d                 *providerData
	env, group, empty string
	users             []client.User
	editor            assignment
	accountRole       string
}

func newRemovalFixture(t *testing.T) *removalFixture {
	t.Helper()
	emu := emulatortest.Start(t)
	c, err := client.New(client.Config{AccountID: emu.AccountID, APIKey: emu.APIKey, APISecret: emu.APISecret, BaseURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	f := &removalFixture{c: c, accountRole: "cld::role::account::billing"}
	pe, err := c.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: "prod"})
	if err != nil {
		t.Fatal(err)
	}
	f.env = pe.ID
	for i, name := range []string{"holder", "empty"} {
		g, err := c.CreateUserGroup(ctx, client.UserGroupRequest{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			f.group = g.ID
		} else {
			f.empty = g.ID
		}
	}
	for i, email := range []string{"ann@example.com", "bob@example.com", "cy@example.com"} {
		u, err := c.CreateUser(ctx, client.UserCreateRequest{Name: email, Email: email})
		if err != nil {
			t.Fatal(err)
		}
		f.users = append(f.users, *u)
		if i < 2 {
			if _, err := c.AddUserToUserGroup(ctx, f.group, u.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	f.editor = assignment{PrincipalType: client.PrincipalTypeGroup, PrincipalID: f.group, RoleID: "cld::role::folder::editor",
		ScopeID: f.env, Params: map[string]string{"folder_id": "f1"}}
	if err := c.UpdatePrincipalRoles(ctx, client.UpdatePrincipalRolesRequest{Operation: client.OperationAdd,
		Principal: client.Principal{Type: client.PrincipalTypeGroup, ID: f.group},
		Roles:     []client.RoleToManage{f.editor.roleToManage()}}); err != nil {
		t.Fatal(err)
	}
	f.d = newProviderData(c)
	c.ResetCounts()
	return f
}

func (f *removalFixture) requests() int {
	n := 0
	for _, k := range f.c.RequestCounts() {
		n += k
	}
	return n
}

// modifyPlan runs r's ModifyPlan on plan (and state, nil for a create) as
// the framework would, and returns the response.
func modifyPlan[M any](t *testing.T, r resource.ResourceWithModifyPlan, plan M, state *M) *resource.ModifyPlanResponse {
	t.Helper()
	ctx := t.Context()
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(ctx)
	req := resource.ModifyPlanRequest{
		Plan:  tfsdk.Plan{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)},
		State: tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)},
	}
	mustNoDiags(t, req.Plan.Set(ctx, &plan))
	if state != nil {
		mustNoDiags(t, req.State.Set(ctx, state))
	}
	req.Config = tfsdk.Config{Schema: sr.Schema, Raw: req.Plan.Raw}
	resp := &resource.ModifyPlanResponse{Plan: req.Plan}
	r.ModifyPlan(ctx, req, resp)
	return resp
}

func mustNoDiags(t *testing.T, d diag.Diagnostics) {
	t.Helper()
	if d.HasError() {
		t.Fatal(d)
	}
}

// plannedRemovals returns removed_on_create from a plan.
func plannedRemovals(t *testing.T, resp *resource.ModifyPlanResponse) types.List {
	t.Helper()
	var l types.List
	mustNoDiags(t, resp.Plan.GetAttribute(t.Context(), path.Root(removedOnCreateAttr), &l))
	return l
}

// onlyWarning returns the single diagnostic of resp, which must be a
// warning.
func onlyWarning(t *testing.T, d diag.Diagnostics) diag.Diagnostic {
	t.Helper()
	if len(d) != 1 || d[0].Severity() != diag.SeverityWarning {
		t.Fatalf("want exactly one warning, got %v", d)
	}
	return d[0]
}

func wantContains(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("missing %q in:\n%s", p, text)
		}
	}
}

func (f *removalFixture) rolesPlan(principalType, principalID types.String, roles types.Set) principalRolesModel {
	return principalRolesModel{
		ID: types.StringUnknown(), PrincipalType: principalType, PrincipalID: principalID, Roles: roles,
		RemovedOnCreate: types.ListUnknown(principalRoleEntryType), Timeouts: nullTimeouts(crudTimeouts),
	}
}

func (f *removalFixture) accountRoles(pid string) types.Set {
	return principalRolesSet([]assignment{{PrincipalType: client.PrincipalTypeGroup, PrincipalID: pid, RoleID: f.accountRole}})
}

// The plan of a create warns about each role the apply removes, with the
// count and how to import instead, and lists them in removed_on_create.
func TestPrincipalRolesModifyPlan_removedOnCreate(t *testing.T) {
	f := newRemovalFixture(t)
	r := &principalRolesResource{resourceBase{typeName: "principal_roles", data: f.d}}
	resp := modifyPlan(t, r, f.rolesPlan(types.StringValue("group"), types.StringValue(f.group), f.accountRoles(f.group)), nil)

	w := onlyWarning(t, resp.Diagnostics)
	if got, want := w.Summary(), "Creating cloudinary_principal_roles removes 1 role"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	wantContains(t, w.Detail(),
		`makes group "`+f.group+`" hold exactly the roles that `+"`roles`"+` lists, so it removes the following 1 role, `+
			`which group "`+f.group+`" holds now:`,
		"\n  - cld::role::folder::editor (scope_id \""+f.env+"\", policy_parameters { folder_id = \"f1\" })\n",
		"The plan lists the same in `removed_on_create`",
		"import {\n  to = cloudinary_principal_roles.<name>\n  id = \"group/"+f.group+"\"\n}",
		"terraform import cloudinary_principal_roles.<name> 'group/"+f.group+"'",
	)
	if wp, ok := w.(diag.DiagnosticWithPath); !ok || !wp.Path().Equal(path.Root("roles")) {
		t.Errorf("warning not on roles: %v", w)
	}
	want := principalRolesRemovedList([]assignment{f.editor})
	if got := plannedRemovals(t, resp); !got.Equal(want) {
		t.Errorf("removed_on_create %v, want %v", got, want)
	}

	// Several roles: counted, each listed.
	second := assignment{PrincipalType: client.PrincipalTypeGroup, PrincipalID: f.group, RoleID: "cld::role::account::reports"}
	if err := f.c.UpdatePrincipalRoles(t.Context(), client.UpdatePrincipalRolesRequest{Operation: client.OperationAdd,
		Principal: client.Principal{Type: client.PrincipalTypeGroup, ID: f.group},
		Roles:     []client.RoleToManage{second.roleToManage()}}); err != nil {
		t.Fatal(err)
	}
	r.data = newProviderData(f.c)
	resp = modifyPlan(t, r, f.rolesPlan(types.StringValue("group"), types.StringValue(f.group), f.accountRoles(f.group)), nil)
	w = onlyWarning(t, resp.Diagnostics)
	if got, want := w.Summary(), "Creating cloudinary_principal_roles removes 2 roles"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	wantContains(t, w.Detail(), "removes the following 2 roles", "  - cld::role::account::reports\n", "  - cld::role::folder::editor (")
	if got := plannedRemovals(t, resp); len(got.Elements()) != 2 {
		t.Errorf("removed_on_create %v, want 2 roles", got)
	}
}

// A create on a principal holding no role, or on a group created in the
// same apply, warns nothing and plans an empty list; for a user created in
// the same apply removed_on_create stays unknown.
func TestPrincipalRolesModifyPlan_createRemovesNothing(t *testing.T) {
	f := newRemovalFixture(t)
	r := &principalRolesResource{resourceBase{typeName: "principal_roles", data: f.d}}
	empty := emptyList(principalRoleEntryType)

	resp := modifyPlan(t, r, f.rolesPlan(types.StringValue("group"), types.StringValue(f.empty), f.accountRoles(f.empty)), nil)
	if len(resp.Diagnostics) != 0 {
		t.Errorf("empty group: diagnostics %v", resp.Diagnostics)
	}
	if got := plannedRemovals(t, resp); !got.Equal(empty) {
		t.Errorf("empty group: removed_on_create %v, want []", got)
	}

	f.c.ResetCounts()
	resp = modifyPlan(t, r, f.rolesPlan(types.StringValue("group"), types.StringUnknown(), types.SetUnknown(principalRoleEntryType)), nil)
	if len(resp.Diagnostics) != 0 || !plannedRemovals(t, resp).Equal(empty) {
		t.Errorf("new group: diagnostics %v, removed_on_create %v, want none and []", resp.Diagnostics, plannedRemovals(t, resp))
	}
	resp = modifyPlan(t, r, f.rolesPlan(types.StringValue("user"), types.StringUnknown(), types.SetUnknown(principalRoleEntryType)), nil)
	if len(resp.Diagnostics) != 0 || !plannedRemovals(t, resp).IsUnknown() {
		t.Errorf("new user: diagnostics %v, removed_on_create %v, want none and unknown", resp.Diagnostics, plannedRemovals(t, resp))
	}
	if n := f.requests(); n != 0 {
		t.Errorf("unknown principals cost %d requests: %v", n, f.c.RequestCounts())
	}

	// No such principal: the plan fails, saying so (references.go).
	resp = modifyPlan(t, r, f.rolesPlan(types.StringValue("group"), types.StringValue("no-such-group"), f.accountRoles("no-such-group")), nil)
	if errs := resp.Diagnostics.Errors(); len(errs) != 1 || errs[0].Summary() != "Unknown user group" {
		t.Errorf("missing group: diagnostics %v, want one \"Unknown user group\" error", resp.Diagnostics)
	}
}

// With roles known only at apply, the plan warns about the roles that no
// known entry keeps, and removed_on_create stays unknown; when every role
// held is kept by a known entry, it is an empty list.
func TestPrincipalRolesModifyPlan_rolesKnownAtApply(t *testing.T) {
	f := newRemovalFixture(t)
	r := &principalRolesResource{resourceBase{typeName: "principal_roles", data: f.d}}
	unknownEntry := types.ObjectValueMust(principalRoleEntryAttrTypes, map[string]attr.Value{
		"role_id": types.StringUnknown(), "scope_id": types.StringNull(), "policy_parameters": types.MapNull(types.StringType),
	})
	known := principalRoleValues([]assignment{{RoleID: f.accountRole}})
	roles := types.SetValueMust(principalRoleEntryType, append(known, unknownEntry))
	resp := modifyPlan(t, r, f.rolesPlan(types.StringValue("group"), types.StringValue(f.group), roles), nil)
	w := onlyWarning(t, resp.Diagnostics)
	if got, want := w.Summary(), "Creating cloudinary_principal_roles may remove 1 role"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	wantContains(t, w.Detail(), "  - cld::role::folder::editor (", "unless one of those values turns out to keep it")
	if got := plannedRemovals(t, resp); !got.IsUnknown() {
		t.Errorf("removed_on_create %v, want unknown", got)
	}

	keeps := types.SetValueMust(principalRoleEntryType, append(principalRoleValues([]assignment{f.editor}), unknownEntry))
	resp = modifyPlan(t, r, f.rolesPlan(types.StringValue("group"), types.StringValue(f.group), keeps), nil)
	if len(resp.Diagnostics) != 0 || !plannedRemovals(t, resp).Equal(emptyList(principalRoleEntryType)) {
		t.Errorf("diagnostics %v, removed_on_create %v, want none and []", resp.Diagnostics, plannedRemovals(t, resp))
	}
}

// An update plans removed_on_create empty, reads nothing and warns nothing,
// even when the principal holds roles the configuration does not list (the
// plan's diff of roles shows those).
func TestPrincipalRolesModifyPlan_update(t *testing.T) {
	f := newRemovalFixture(t)
	r := &principalRolesResource{resourceBase{typeName: "principal_roles", data: f.d}}
	state := f.rolesPlan(types.StringValue("group"), types.StringValue(f.group), f.accountRoles(f.group))
	state.ID = types.StringValue("group/" + f.group)
	state.RemovedOnCreate = principalRolesRemovedList([]assignment{f.editor})
	plan := state
	plan.RemovedOnCreate = types.ListUnknown(principalRoleEntryType)
	resp := modifyPlan(t, r, plan, &state)
	if len(resp.Diagnostics) != 0 || !plannedRemovals(t, resp).Equal(emptyList(principalRoleEntryType)) {
		t.Errorf("diagnostics %v, removed_on_create %v, want none and []", resp.Diagnostics, plannedRemovals(t, resp))
	}
	if n := f.requests(); n != 0 {
		t.Errorf("an update plan cost %d requests: %v", n, f.c.RequestCounts())
	}
}

// The apply keeps exactly the planned removed_on_create, and warns about
// any role it removed that the plan did not list; with no planned value it
// records what it removed.
func TestPrincipalRoles_removedOnCreateAfterApply(t *testing.T) {
	ctx := t.Context()
	r := &principalRolesResource{resourceBase{typeName: "principal_roles"}}
	a := assignment{PrincipalType: client.PrincipalTypeGroup, PrincipalID: "g1", RoleID: "cld::role::account::admin"}
	b := assignment{PrincipalType: client.PrincipalTypeGroup, PrincipalID: "g1", RoleID: "cld::role::account::reports"}
	plan := principalRolesModel{PrincipalType: types.StringValue("group"), PrincipalID: types.StringValue("g1"),
		RemovedOnCreate: principalRolesRemovedList([]assignment{a})}

	var diags diag.Diagnostics
	if got := r.removedOnCreateAfterApply(ctx, plan, []assignment{a}, &diags); !got.Equal(plan.RemovedOnCreate) || len(diags) != 0 {
		t.Errorf("as planned: %v, %v", got, diags)
	}
	if got := r.removedOnCreateAfterApply(ctx, plan, []assignment{a, b}, &diags); !got.Equal(plan.RemovedOnCreate) {
		t.Errorf("more than planned: removed_on_create %v, want the planned value", got)
	}
	w := onlyWarning(t, diags)
	wantContains(t, w.Summary(), "removed 1 role the plan did not list")
	wantContains(t, w.Detail(), "  - cld::role::account::reports", "appeared after the plan was made")

	diags = nil
	plan.RemovedOnCreate = types.ListUnknown(principalRoleEntryType)
	if got := r.removedOnCreateAfterApply(ctx, plan, []assignment{b}, &diags); !got.Equal(principalRolesRemovedList([]assignment{b})) {
		t.Errorf("unknown in the plan: removed_on_create %v, want what was removed", got)
	}
	wantContains(t, onlyWarning(t, diags).Detail(), "  - cld::role::account::reports", "The plan could not tell")
}

func (f *removalFixture) membersPlan(groupID types.String, userIDs types.Set) userGroupMembersModel {
	return userGroupMembersModel{ID: types.StringUnknown(), GroupID: groupID, UserIDs: userIDs,
		RemovedOnCreate: types.ListUnknown(removedMemberType), Timeouts: nullTimeouts(crudTimeouts)}
}

// The plan of a create warns about each member the apply removes, by email
// and id, with the count and how to import instead, and lists them in
// removed_on_create.
func TestUserGroupMembersModifyPlan_removedOnCreate(t *testing.T) {
	f := newRemovalFixture(t)
	r := &userGroupMembersResource{resourceBase{typeName: "user_group_members", data: f.d}}
	ann, bob, cy := f.users[0], f.users[1], f.users[2]

	resp := modifyPlan(t, r, f.membersPlan(types.StringValue(f.group), stringSet([]string{bob.ID, cy.ID})), nil)
	w := onlyWarning(t, resp.Diagnostics)
	if got, want := w.Summary(), "Creating cloudinary_user_group_members removes 1 member"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	wantContains(t, w.Detail(),
		`makes user group "`+f.group+`" have exactly the members that `+"`user_ids`"+` lists, so it removes the `+
			`following 1 member, which user group "`+f.group+`" has now:`,
		"\n  - ann@example.com (user_id \""+ann.ID+"\")\n",
		"import {\n  to = cloudinary_user_group_members.<name>\n  id = \""+f.group+"\"\n}",
		"terraform import cloudinary_user_group_members.<name> "+f.group,
	)
	if wp, ok := w.(diag.DiagnosticWithPath); !ok || !wp.Path().Equal(path.Root("user_ids")) {
		t.Errorf("warning not on user_ids: %v", w)
	}
	if got, want := plannedRemovals(t, resp), removedMembersList([]client.UserGroupUser{{ID: ann.ID, Email: ann.Email}}); !got.Equal(want) {
		t.Errorf("removed_on_create %v, want %v", got, want)
	}

	resp = modifyPlan(t, r, f.membersPlan(types.StringValue(f.group), stringSet([]string{cy.ID})), nil)
	w = onlyWarning(t, resp.Diagnostics)
	wantContains(t, w.Summary(), "removes 2 members")
	wantContains(t, w.Detail(), "removes the following 2 members", "  - ann@example.com", "  - bob@example.com")
}

// A create on a group without members, or on a group created in the same
// apply, warns nothing and plans an empty list, also when user_ids holds
// ids known only at apply. With such ids and a group that has members, the
// plan warns that they may go and leaves removed_on_create unknown.
func TestUserGroupMembersModifyPlan_createRemovesNothing(t *testing.T) {
	f := newRemovalFixture(t)
	r := &userGroupMembersResource{resourceBase{typeName: "user_group_members", data: f.d}}
	empty := emptyList(removedMemberType)
	laterIDs := types.SetValueMust(types.StringType, []attr.Value{types.StringUnknown()})

	for name, plan := range map[string]userGroupMembersModel{
		"empty group":                 f.membersPlan(types.StringValue(f.empty), stringSet([]string{f.users[2].ID})),
		"empty group, ids at apply":   f.membersPlan(types.StringValue(f.empty), laterIDs),
		"new group":                   f.membersPlan(types.StringUnknown(), laterIDs),
		"group keeps all its members": f.membersPlan(types.StringValue(f.group), stringSet([]string{f.users[0].ID, f.users[1].ID})),
	} {
		resp := modifyPlan(t, r, plan, nil)
		if len(resp.Diagnostics) != 0 || !plannedRemovals(t, resp).Equal(empty) {
			t.Errorf("%s: diagnostics %v, removed_on_create %v, want none and []", name, resp.Diagnostics, plannedRemovals(t, resp))
		}
	}
	// No such group: the plan fails, saying so (references.go).
	if errs := modifyPlan(t, r, f.membersPlan(types.StringValue("no-such-group"), laterIDs), nil).Diagnostics.Errors(); len(errs) != 1 ||
		errs[0].Summary() != "Unknown user group" {
		t.Errorf("missing group: errors %v, want one \"Unknown user group\" error", errs)
	}

	resp := modifyPlan(t, r, f.membersPlan(types.StringValue(f.group), laterIDs), nil)
	w := onlyWarning(t, resp.Diagnostics)
	wantContains(t, w.Summary(), "may remove 2 members")
	if got := plannedRemovals(t, resp); !got.IsUnknown() {
		t.Errorf("removed_on_create %v, want unknown", got)
	}
}

// An update plans removed_on_create empty and reads nothing.
func TestUserGroupMembersModifyPlan_update(t *testing.T) {
	f := newRemovalFixture(t)
	r := &userGroupMembersResource{resourceBase{typeName: "user_group_members", data: f.d}}
	state := f.membersPlan(types.StringValue(f.group), stringSet([]string{f.users[2].ID}))
	state.ID = types.StringValue(f.group)
	state.RemovedOnCreate = removedMembersList([]client.UserGroupUser{{ID: f.users[0].ID, Email: f.users[0].Email}})
	plan := state
	plan.RemovedOnCreate = types.ListUnknown(removedMemberType)
	resp := modifyPlan(t, r, plan, &state)
	if len(resp.Diagnostics) != 0 || !plannedRemovals(t, resp).Equal(emptyList(removedMemberType)) {
		t.Errorf("diagnostics %v, removed_on_create %v, want none and []", resp.Diagnostics, plannedRemovals(t, resp))
	}
	if n := f.requests(); n != 0 {
		t.Errorf("an update plan cost %d requests: %v", n, f.c.RequestCounts())
	}
}

// The apply keeps exactly the planned removed_on_create, and warns about
// any member it removed that the plan did not list.
func TestUserGroupMembers_removedOnCreateAfterApply(t *testing.T) {
	ctx := t.Context()
	ann := client.UserGroupUser{ID: "u1", Email: "ann@example.com"}
	bob := client.UserGroupUser{ID: "u2", Email: "bob@example.com"}
	plan := userGroupMembersModel{GroupID: types.StringValue("g1"), RemovedOnCreate: removedMembersList([]client.UserGroupUser{ann})}
	var diags diag.Diagnostics
	if got := removedMembersAfterApply(ctx, plan, []client.UserGroupUser{ann, bob}, &diags); !got.Equal(plan.RemovedOnCreate) {
		t.Errorf("removed_on_create %v, want the planned value", got)
	}
	wantContains(t, onlyWarning(t, diags).Detail(), "  - bob@example.com (user_id \"u2\")", "appeared after the plan was made")
}
