package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// equivalenceCase is one rule with a pair it must call equivalent and a
// pair it must not.
type equivalenceCase struct {
	name                 string
	same, alsoSame, diff string
	semantic             func(a, b basetypes.StringValue) (bool, diag.Diagnostics)
	modifier             planmodifier.String
}

func semanticOf[E equivalence](t *testing.T) func(a, b basetypes.StringValue) (bool, diag.Diagnostics) {
	return func(a, b basetypes.StringValue) (bool, diag.Diagnostics) {
		return equivalentString[E]{StringValue: a}.StringSemanticEquals(t.Context(), equivalentString[E]{StringValue: b})
	}
}

// TestEquivalentStrings_invariants: the invariants at the top of
// equivalent_strings.go, for each equivalence the provider uses.
func TestEquivalentStrings_invariants(t *testing.T) {
	cases := []equivalenceCase{
		{"email", "Olivia@Example.com", "olivia@example.com", "olivia@example.org", semanticOf[caseInsensitiveEmail](t), keepEquivalentEmail{}},
		{"cedar", "permit(principal, action, resource);", "permit(\n  principal,\n  action,\n  resource\n);", "forbid(principal, action, resource);", semanticOf[whitespaceInsensitiveCedar](t), keepEquivalentStatement{}},
		{"json", `{"a":1,"b":[2]}`, "{\n  \"b\": [2],\n  \"a\": 1\n}", `{"a":1,"b":[3]}`, semanticOf[jsonObjectEquivalence](t), jsonSemanticEqualPlan{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := types.StringValue
			for _, p := range []struct {
				a, b basetypes.StringValue
				want bool
			}{
				{s(tc.same), s(tc.same), true},
				{s(tc.same), s(tc.alsoSame), true},
				{s(tc.same), s(tc.diff), false},
				{types.StringNull(), types.StringNull(), true},
				{types.StringUnknown(), types.StringUnknown(), true},
				{types.StringNull(), types.StringUnknown(), false},
				{types.StringNull(), s(""), false},
				{types.StringUnknown(), s(tc.same), false},
			} {
				got, diags := tc.semantic(p.a, p.b)
				if diags.HasError() || got != p.want {
					t.Errorf("semantic equality of %s and %s = %v (%v), want %v", p.a, p.b, got, diags, p.want)
				}
			}

			for _, p := range []struct {
				state, plan basetypes.StringValue
				want        basetypes.StringValue
			}{
				{s(tc.same), s(tc.alsoSame), s(tc.same)}, // the prior state, nothing else
				{s(tc.same), s(tc.diff), s(tc.diff)},
				{types.StringNull(), s(tc.alsoSame), s(tc.alsoSame)},
				{s(tc.same), types.StringUnknown(), types.StringUnknown()},
				{s(tc.same), types.StringNull(), types.StringNull()},
			} {
				resp := &planmodifier.StringResponse{PlanValue: p.plan}
				tc.modifier.PlanModifyString(t.Context(), planmodifier.StringRequest{StateValue: p.state, PlanValue: p.plan, ConfigValue: p.plan}, resp)
				if !resp.PlanValue.Equal(p.want) {
					t.Errorf("state %s, plan %s: planned %s, want %s", p.state, p.plan, resp.PlanValue, p.want)
				}
			}
		})
	}
}

// TestEquivalentStrings_types: each type round-trips through Terraform's
// values to its own value type, and types of different rules differ.
func TestEquivalentStrings_types(t *testing.T) {
	v, err := emailType{}.ValueFromTerraform(t.Context(), tftypes.NewValue(tftypes.String, "A@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	ev, ok := v.(emailValue)
	if !ok || ev.ValueString() != "A@example.com" || !ev.Type(t.Context()).Equal(emailType{}) {
		t.Fatalf("ValueFromTerraform = %#v", v)
	}
	if (emailType{}).Equal(cedarStatementType{}) || ev.Equal(cedarStatement(ev)) {
		t.Error("an email and a Cedar statement of the same text are of one type")
	}
	if a, b := (emailType{}).String(), (cedarStatementType{}).String(); a == b {
		t.Errorf("two rules' types print alike: %q", a)
	}
	_, diags := ev.StringSemanticEquals(t.Context(), cedarStatement(ev))
	if !diags.HasError() {
		t.Error("comparing values of two rules reports no bug")
	}
}
