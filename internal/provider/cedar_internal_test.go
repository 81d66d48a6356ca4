package provider

import (
	"errors"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestParseCedarStatement(t *testing.T) {
	cases := map[string]struct {
		in   string
		want string // "" = valid
	}{
		"one policy":      {in: `permit(principal, action, resource);`},
		"several":         {in: "permit(principal, action, resource);\nforbid(principal, action, resource) when { context.x };"},
		"annotated":       {in: "@id(\"a\")\npermit(principal == Cloudinary::User::\"1\", action, resource is Cloudinary::Folder);"},
		"missing ;":       {in: "permit(principal, action, resource)\n\n", want: `line 1, column 36: syntax error: expected ";", found the end of the statement`},
		"bad keyword":     {in: "permit(principal, action, resourcex);", want: `line 1, column 27: syntax error: expected "resource", found "resourcex"`},
		"missing comma":   {in: "permit (\n  principal,\n  action == Cloudinary::Action::\"read\"\n  resource\n);", want: `line 4, column 3: syntax error: expected ",", found "resource"`},
		"bad expression":  {in: "permit(principal, action,\n resource) when { resource.x == };", want: `line 2, column 34: syntax error: invalid primary (near ";")`},
		"unicode columns": {in: "permit(principal, action, resource) when { \"é\" == };", want: `line 1, column 52: syntax error: invalid primary (near ";")`},
		"empty":           {in: "", want: "the statement holds no Cedar policy; write at least one permit(...) or forbid(...) policy"},
		"comment only":    {in: "// nothing\n", want: "the statement holds no Cedar policy; write at least one permit(...) or forbid(...) policy"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			err := parseCedarStatement(c.in)
			if c.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || err.Error() != c.want {
				t.Fatalf("error = %v, want %q", err, c.want)
			}
			var se *cedarSyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error type %T", err)
			}
		})
	}
}

func TestCanonicalCedar(t *testing.T) {
	base := `permit(principal == Cloudinary::User::"a b", action, resource is Cloudinary::Folder) when { resource.ancestor_ids.contains("x") };`
	same := map[string]string{
		"spread over lines": "permit (\n  principal == Cloudinary::User::\"a b\",\n  action,\n  resource is Cloudinary::Folder\n)\nwhen {\n  resource.ancestor_ids.contains(\"x\")\n};\n",
		"tabs and CRLF":     "permit(\tprincipal == Cloudinary::User::\"a b\",\r\n action, resource is Cloudinary::Folder) when {resource.ancestor_ids.contains(\"x\")};",
		"leading space":     "   " + base + "   \n\n",
	}
	for name, s := range same {
		if !cedarStatementsEqual(base, s) {
			t.Errorf("%s: not equal:\n%s\n%s", name, canonicalCedar(base), canonicalCedar(s))
		}
	}
	different := map[string]string{
		"string content":    `permit(principal == Cloudinary::User::"a  b", action, resource is Cloudinary::Folder) when { resource.ancestor_ids.contains("x") };`,
		"joined words":      `permit(principal == Cloudinary::User::"a b", action, resource isCloudinary::Folder) when { resource.ancestor_ids.contains("x") };`,
		"other identifier":  `permit(principal == Cloudinary::User::"a b", action, resource is Cloudinary::Asset) when { resource.ancestor_ids.contains("x") };`,
		"comment hides end": "// c permit(principal, action, resource);",
	}
	for name, s := range different {
		if cedarStatementsEqual(base, s) {
			t.Errorf("%s: equal but should differ", name)
		}
	}
	// A line comment keeps its line break: joining the next line into it
	// would comment the policy out.
	a := "// note\npermit(principal, action, resource);"
	b := "// note permit(principal, action, resource);"
	if cedarStatementsEqual(a, b) {
		t.Error("comment line break ignored")
	}
	if !cedarStatementsEqual(a, "// note   \n\n   permit (principal,action,resource) ;") {
		t.Error("whitespace around a comment should not matter")
	}
	// Escaped quotes do not end a string.
	if cedarStatementsEqual(`permit(principal, action, resource) when { "a\" b" == "x" };`, `permit(principal, action, resource) when { "a\"  b" == "x" };`) {
		t.Error("whitespace inside a string with an escaped quote must count")
	}
}

func TestCedarStatementSemanticEquals(t *testing.T) {
	ctx := t.Context()
	a := cedarStatementValue("permit(principal, action, resource);")
	b := cedarStatementValue("permit (\n  principal,\n  action,\n  resource\n);\n")
	c := cedarStatementValue("forbid(principal, action, resource);")
	if eq, diags := a.StringSemanticEquals(ctx, b); !eq || diags.HasError() {
		t.Errorf("a ~ b: %v %v", eq, diags)
	}
	if eq, _ := a.StringSemanticEquals(ctx, c); eq {
		t.Error("a ~ c")
	}
	if _, diags := a.StringSemanticEquals(ctx, types.StringValue("x")); !diags.HasError() {
		t.Error("a foreign value type must be reported")
	}
	v, err := cedarStatementType{}.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.String, "permit(principal, action, resource);"))
	if err != nil || !v.Equal(a) {
		t.Errorf("ValueFromTerraform = %v, %v", v, err)
	}
}

func TestKeepEquivalentStatement(t *testing.T) {
	ctx := t.Context()
	state := types.StringValue("permit(principal, action, resource);")
	for name, c := range map[string]struct {
		plan types.String
		want types.String
	}{
		"whitespace only": {types.StringValue("permit ( principal , action , resource ) ;\n"), state},
		"real change":     {types.StringValue("forbid(principal, action, resource);"), types.StringValue("forbid(principal, action, resource);")},
		"unknown":         {types.StringUnknown(), types.StringUnknown()},
	} {
		resp := &planmodifier.StringResponse{PlanValue: c.plan}
		keepEquivalentStatement{}.PlanModifyString(ctx, planmodifier.StringRequest{StateValue: state, PlanValue: c.plan}, resp)
		if !resp.PlanValue.Equal(c.want) {
			t.Errorf("%s: plan = %v, want %v", name, resp.PlanValue, c.want)
		}
	}
}

func TestCedarStatementValidator(t *testing.T) {
	ctx := t.Context()
	resp := &validator.StringResponse{}
	cedarStatementValidator{}.ValidateString(ctx, validator.StringRequest{
		Path: path.Root("policy_statement"), ConfigValue: types.StringValue("permit(principal, action, resource)"),
	}, resp)
	if !resp.Diagnostics.HasError() {
		t.Fatal("no error")
	}
	want := `policy_statement is not valid Cedar: line 1, column 36: syntax error: expected ";", found the end of the statement.`
	if got := resp.Diagnostics[0].Detail(); got != want {
		t.Errorf("detail = %q, want %q", got, want)
	}
	resp = &validator.StringResponse{}
	cedarStatementValidator{}.ValidateString(ctx, validator.StringRequest{Path: path.Root("p"), ConfigValue: types.StringUnknown()}, resp)
	if resp.Diagnostics.HasError() {
		t.Error("unknown values are not validated")
	}
}
