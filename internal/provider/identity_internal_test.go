package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

func TestAssignmentIdentity_roundTrip(t *testing.T) {
	for _, a := range []assignment{
		{PrincipalType: client.PrincipalTypeGroup, PrincipalID: "g1", RoleID: "cld::role::account::billing"},
		{PrincipalType: client.PrincipalTypeUser, PrincipalID: "u1", RoleID: "r", ScopeID: "all"},
		{PrincipalType: client.PrincipalTypeAPIKey, PrincipalID: "k", RoleID: "cld::role::folder::editor", ScopeID: "env",
			Params: map[string]string{"folder_id": "a=b/c", "collection_id": "x"}},
	} {
		ident := a.identity()
		if a.ScopeID == "" && !ident.ScopeID.IsNull() {
			t.Errorf("%s: scope_id %s, want null", a.id(), ident.ScopeID)
		}
		if len(a.Params) == 0 && !ident.PolicyParameters.IsNull() {
			t.Errorf("%s: policy_parameters %s, want null", a.id(), ident.PolicyParameters)
		}
		var diags diag.Diagnostics
		back := assignmentFromIdentity(t.Context(), ident, &diags)
		if diags.HasError() || back.key() != a.key() {
			t.Errorf("%s: round trip gave %s (%v)", a.id(), back.id(), diags)
		}
	}
	// Parameters are listed sorted by key, values verbatim.
	ident := assignment{PrincipalType: client.PrincipalTypeUser, PrincipalID: "u", RoleID: "r", ScopeID: "e",
		Params: map[string]string{"folder_id": "f", "collection_id": "c=1"}}.identity()
	want := types.ListValueMust(types.StringType, []attr.Value{types.StringValue("collection_id=c=1"), types.StringValue("folder_id=f")})
	if !ident.PolicyParameters.Equal(want) {
		t.Errorf("policy_parameters %s, want %s", ident.PolicyParameters, want)
	}
}

func TestAssignmentFromIdentity_errors(t *testing.T) {
	list := func(s ...string) types.List {
		elems := make([]attr.Value, 0, len(s))
		for _, v := range s {
			elems = append(elems, types.StringValue(v))
		}
		return types.ListValueMust(types.StringType, elems)
	}
	ok := roleAssignmentIdentity{
		PrincipalType: types.StringValue("user"), PrincipalID: types.StringValue("u"), RoleID: types.StringValue("r"),
		ScopeID: types.StringNull(), PolicyParameters: types.ListNull(types.StringType),
	}
	cases := map[string]struct {
		edit func(*roleAssignmentIdentity)
		want string
	}{
		"principal type": {func(i *roleAssignmentIdentity) { i.PrincipalType = types.StringValue("robot") }, `principal_type must be one of user, group, apiKey, provisioningKey, got "robot"`},
		"no role":        {func(i *roleAssignmentIdentity) { i.RoleID = types.StringNull() }, "must set role_id"},
		"empty scope":    {func(i *roleAssignmentIdentity) { i.ScopeID = types.StringValue("") }, "must set scope_id (when set)"},
		"no equals":      {func(i *roleAssignmentIdentity) { i.PolicyParameters = list("folder_id") }, `got "folder_id"`},
		"empty value":    {func(i *roleAssignmentIdentity) { i.PolicyParameters = list("folder_id=") }, `got "folder_id="`},
		"twice":          {func(i *roleAssignmentIdentity) { i.PolicyParameters = list("folder_id=a", "folder_id=b") }, `sets "folder_id" twice`},
	}
	for name, tc := range cases {
		ident := ok
		tc.edit(&ident)
		var diags diag.Diagnostics
		assignmentFromIdentity(t.Context(), ident, &diags)
		if !diags.HasError() || !strings.Contains(identityTestDiagsText(diags), tc.want) {
			t.Errorf("%s: want an error containing %q, got %v", name, tc.want, diags)
		}
	}
	var diags diag.Diagnostics
	if a := assignmentFromIdentity(t.Context(), ok, &diags); diags.HasError() || a.id() != "user/u/r" {
		t.Errorf("valid identity: %s %v", a.id(), diags)
	}
}

func identityTestDiagsText(diags diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Summary() + ": " + d.Detail() + "\n")
	}
	return b.String()
}
