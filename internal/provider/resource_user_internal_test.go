package provider

import (
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

func TestUserEmailPattern(t *testing.T) {
	for email, want := range map[string]bool{
		"jane@example.com":        true,
		"j.doe+tag@mail.co.uk":    true,
		"JANE@EXAMPLE.COM":        true,
		"jane":                    false,
		"jane@":                   false,
		"@example.com":            false,
		"jane@example":            false,
		"jane doe@example.com":    false,
		"jane@@example.com":       false,
		"jane@example.com.":       false,
		"":                        false,
		"jane@exa mple.com":       false,
		"first.last@sub.dom.tld2": true,
	} {
		if got := userEmailPattern.MatchString(email); got != want {
			t.Errorf("%q: got %v, want %v", email, got, want)
		}
	}
}

func TestUserEnvironmentsFromAPI(t *testing.T) {
	restricted := stringSet([]string{"a"})
	null := types.SetNull(types.StringType)
	cases := map[string]struct {
		all      *bool
		envs     []string
		prior    types.Set
		wantIDs  types.Set
		wantAll  bool
		checkIDs bool
	}{
		"all":                      {client.Ptr(true), []string{"a", "b"}, restricted, null, true, true},
		"restricted":               {client.Ptr(false), []string{"b", "a"}, null, stringSet([]string{"a", "b"}), false, true},
		"restricted to none":       {client.Ptr(false), nil, restricted, stringSet([]string{}), false, true},
		"unsaid, prior all":        {nil, []string{"a", "b"}, null, null, true, true},
		"unsaid, prior restricted": {nil, []string{"a"}, restricted, restricted, false, true},
	}
	for name, c := range cases {
		ids, all := userEnvironmentsFromAPI(c.all, c.envs, c.prior)
		if !ids.Equal(c.wantIDs) || all.ValueBool() != c.wantAll {
			t.Errorf("%s: got %v %v, want %v %v", name, ids, all, c.wantIDs, c.wantAll)
		}
	}
}

func TestUserFromAPI(t *testing.T) {
	u := &client.User{
		ID: "u1", Name: "Jane", Email: "jane@example.com", Role: "admin",
		Pending: client.Ptr(true), Enabled: client.Ptr(false), CreatedAt: "2024-01-02T03:04:05Z",
		AllSubAccounts: client.Ptr(true), LastLogin: "2024-05-05T00:00:00Z",
	}
	prior := userModel{Email: newEmailValue("Jane@Example.com"), ProductEnvironmentIDs: types.SetNull(types.StringType)}
	m := userFromAPI(u, []string{"x"}, prior)
	if m.ID.ValueString() != "u1" || m.Name.ValueString() != "Jane" || m.Role.ValueString() != "admin" ||
		!m.Pending.ValueBool() || m.Enabled.ValueBool() || m.CreatedAt.ValueString() != "2024-01-02T03:04:05Z" ||
		!m.AllProductEnvironments.ValueBool() || !m.ProductEnvironmentIDs.IsNull() {
		t.Errorf("converted %+v", m)
	}
	if m.Email.ValueString() != "Jane@Example.com" {
		t.Errorf("email case not kept: %s", m.Email)
	}
	// A real change of email is taken from the API.
	m = userFromAPI(u, nil, userModel{Email: newEmailValue("other@example.com"), ProductEnvironmentIDs: types.SetNull(types.StringType)})
	if m.Email.ValueString() != "jane@example.com" {
		t.Errorf("email = %s", m.Email)
	}
	// Import: no prior state; missing optional fields get their defaults.
	m = userFromAPI(&client.User{ID: "u2"}, nil, userModel{})
	if !m.Enabled.ValueBool() || m.Pending.ValueBool() || !m.CreatedAt.IsNull() || !m.AllProductEnvironments.ValueBool() {
		t.Errorf("defaults %+v", m)
	}
}

func userTestModel(role string, ids []string) userModel {
	m := userModel{
		ID: types.StringValue("u1"), Name: types.StringValue("Jane"), Email: newEmailValue("jane@example.com"),
		Role: types.StringValue(role), Enabled: types.BoolValue(true), Pending: types.BoolValue(true),
		ProductEnvironmentIDs: types.SetNull(types.StringType),
	}
	if ids != nil {
		m.ProductEnvironmentIDs = stringSet(ids)
	}
	return m
}

func TestUserCreateRequest(t *testing.T) {
	req := userCreateRequest(userTestModel("admin", []string{"a"}), []string{"a"})
	if req.Name != "Jane" || req.Email != "jane@example.com" || *req.Role != "admin" || !*req.Enabled || !slices.Equal(req.SubAccountIDs, []string{"a"}) {
		t.Errorf("request %+v", req)
	}
	if req := userCreateRequest(userTestModel("admin", nil), nil); req.SubAccountIDs != nil {
		t.Errorf("all environments must omit sub_account_ids: %+v", req)
	}
}

func TestUserUpdateRequest(t *testing.T) {
	state := userTestModel("admin", []string{"a"})

	if req := userUpdateRequest(state, state, []string{"a"}); req.Name != nil || req.Email != nil || req.Role != nil || req.Enabled != nil || req.SubAccountIDs != nil {
		t.Errorf("no change should send nothing: %+v", req)
	}

	plan := userTestModel("billing", []string{"a"})
	plan.Name = types.StringValue("Janet")
	plan.Email = newEmailValue("JANE@example.com") // case only: not sent
	plan.Enabled = types.BoolValue(false)
	req := userUpdateRequest(plan, state, []string{"a"})
	if req.Name == nil || *req.Name != "Janet" || req.Email != nil || req.Role == nil || *req.Role != "billing" ||
		req.Enabled == nil || *req.Enabled || req.SubAccountIDs != nil {
		t.Errorf("request %+v", req)
	}

	plan = userTestModel("admin", nil) // back to all environments
	req = userUpdateRequest(plan, state, nil)
	if req.SubAccountIDs == nil || len(req.SubAccountIDs) != 0 {
		t.Errorf("dropping the list must send []: %#v", req.SubAccountIDs)
	}

	plan = userTestModel("admin", []string{"a", "b"})
	plan.Email = newEmailValue("new@example.com")
	req = userUpdateRequest(plan, state, []string{"a", "b"})
	if req.Email == nil || *req.Email != "new@example.com" || !slices.Equal(req.SubAccountIDs, []string{"a", "b"}) {
		t.Errorf("request %+v", req)
	}

	plan = userTestModel("master_admin", nil) // list is ignored for master admins
	if req := userUpdateRequest(plan, state, nil); req.SubAccountIDs != nil || *req.Role != "master_admin" {
		t.Errorf("request %+v", req)
	}
}

func TestUserAllEnvironments(t *testing.T) {
	null := types.SetNull(types.StringType)
	cases := []struct {
		role types.String
		ids  types.Set
		want types.Bool
	}{
		{types.StringValue("admin"), null, types.BoolValue(true)},
		{types.StringValue("admin"), stringSet([]string{"a"}), types.BoolValue(false)},
		{types.StringValue("master_admin"), null, types.BoolValue(true)},
		{types.StringUnknown(), null, types.BoolUnknown()},
		{types.StringValue("admin"), types.SetUnknown(types.StringType), types.BoolUnknown()},
	}
	for _, c := range cases {
		if got := userAllEnvironments(c.role, c.ids); !got.Equal(c.want) {
			t.Errorf("%v %v: got %v, want %v", c.role, c.ids, got, c.want)
		}
	}
}

func TestUserPlannedPending(t *testing.T) {
	accepted := userTestModel("admin", nil)
	accepted.Pending = types.BoolValue(false)
	invited := userTestModel("admin", nil)

	plan := userTestModel("billing", nil)
	if got := userPlannedPending(plan, accepted); !got.Equal(types.BoolValue(false)) {
		t.Errorf("accepted user: %v, want false", got)
	}
	if got := userPlannedPending(plan, invited); !got.Equal(types.BoolValue(true)) {
		t.Errorf("invited user: %v, want true (the apply keeps it; a refresh records an acceptance)", got)
	}
	plan.Email = newEmailValue("new@example.com")
	if got := userPlannedPending(plan, accepted); !got.IsUnknown() {
		t.Errorf("new email: %v, want unknown", got)
	}
	plan.Email = newEmailValue("JANE@example.com")
	if got := userPlannedPending(plan, accepted); !got.Equal(types.BoolValue(false)) {
		t.Errorf("email case change: %v, want false", got)
	}
	plan.Email = emailValue{StringValue: types.StringUnknown()}
	if got := userPlannedPending(plan, accepted); !got.IsUnknown() {
		t.Errorf("unknown email: %v, want unknown", got)
	}
}

func TestUserMasterAdminConflict(t *testing.T) {
	cases := []struct {
		role    types.String
		ids     types.Set
		wantErr bool
	}{
		{types.StringValue("master_admin"), stringSet([]string{"a"}), true},
		{types.StringValue("master_admin"), types.SetUnknown(types.StringType), false}, // checked once known
		{types.StringValue("master_admin"), types.SetNull(types.StringType), false},
		{types.StringValue("admin"), stringSet([]string{"a"}), false},
		{types.StringUnknown(), stringSet([]string{"a"}), false},
	}
	for _, c := range cases {
		var diags diag.Diagnostics
		userMasterAdminConflict(c.role, c.ids, &diags)
		if diags.HasError() != c.wantErr {
			t.Errorf("%v %v: error %v, want %v", c.role, c.ids, diags, c.wantErr)
		}
	}
}
