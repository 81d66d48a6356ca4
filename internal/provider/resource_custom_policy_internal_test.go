package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

func TestCustomPolicyModelFromAPI(t *testing.T) {
	cp := &client.CustomPolicy{
		ID: "p1", Name: "n", PolicyStatement: "permit(principal, action, resource);", ScopeType: client.ScopeTypeProdenv,
		ScopeID: client.Ptr("env1"), Enabled: false, CreatedAt: 1719475216, UpdatedAt: 1719475216,
	}
	m := customPolicyModelFromAPI(cp, customPolicyModel{})
	if m.ID.ValueString() != "p1" || m.ScopeID.ValueString() != "env1" || m.Enabled.ValueBool() || !m.Description.IsNull() ||
		m.PolicyStatement.ValueString() != cp.PolicyStatement || m.UpdatedAt.ValueString() != "2024-06-27T08:00:16Z" {
		t.Errorf("model %+v", m)
	}
	// A prodenv answer without scope_id keeps the configured one.
	cp.ScopeID = nil
	m = customPolicyModelFromAPI(cp, customPolicyModel{ScopeType: types.StringValue("prodenv"), ScopeID: types.StringValue("all")})
	if m.ScopeID.ValueString() != "all" {
		t.Errorf("scope_id = %v", m.ScopeID)
	}
	// An account policy has none.
	cp.ScopeType, cp.Description = client.ScopeTypeAccount, client.Ptr("d")
	m = customPolicyModelFromAPI(cp, customPolicyModel{ScopeType: types.StringValue("prodenv"), ScopeID: types.StringValue("all")})
	if !m.ScopeID.IsNull() || m.Description.ValueString() != "d" {
		t.Errorf("account: %+v", m)
	}
}

func TestValidatePolicyScope(t *testing.T) {
	for name, c := range map[string]struct {
		scopeType, scopeID types.String
		want               string
	}{
		"account":            {types.StringValue("account"), types.StringNull(), ""},
		"account with id":    {types.StringValue("account"), types.StringValue("x"), `scope_id must not be set when scope_type is "account" (got "x")`},
		"prodenv":            {types.StringValue("prodenv"), types.StringValue("all"), ""},
		"prodenv without id": {types.StringValue("prodenv"), types.StringNull(), `scope_id is required when scope_type is "prodenv"`},
		"unknown id":         {types.StringValue("prodenv"), types.StringUnknown(), ""},
		"unknown type":       {types.StringUnknown(), types.StringNull(), ""},
	} {
		var diags diag.Diagnostics
		validatePolicyScope(c.scopeType, c.scopeID, &diags)
		if c.want == "" {
			if diags.HasError() {
				t.Errorf("%s: %v", name, diags)
			}
			continue
		}
		if !diags.HasError() || !strings.Contains(diags[0].Detail(), c.want) {
			t.Errorf("%s: got %v, want %q", name, diags, c.want)
		}
	}
}
