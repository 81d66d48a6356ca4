package emulator

import (
	"encoding/json"
	"strings"
	"testing"

	cedar "github.com/cedar-policy/cedar-go"
	"github.com/cedar-policy/cedar-go/x/exp/schema"
)

// TestCedarSchemaIsValidCedarSchema: the schema getCedarSchema serves is a
// real Cedar JSON schema (cedar-go parses and resolves it), not just JSON.
func TestCedarSchemaIsValidCedarSchema(t *testing.T) {
	data, err := json.Marshal(cedarSchema)
	if err != nil {
		t.Fatal(err)
	}
	var s schema.Schema
	if err := s.UnmarshalJSON(data); err != nil {
		t.Fatalf("schema does not parse: %v", err)
	}
	res, err := s.Resolve()
	if err != nil {
		t.Fatalf("schema does not resolve: %v", err)
	}
	for _, want := range []string{"Cloudinary::User", "Cloudinary::Group", "Cloudinary::APIKey", "Cloudinary::Folder",
		"Cloudinary::Collection", "Cloudinary::Asset", "MediaFlows::EasyFlow"} {
		found := false
		for et := range res.Entities {
			if string(et) == want {
				found = true
			}
		}
		if !found {
			t.Errorf("schema lacks entity type %s", want)
		}
	}
	if len(res.Actions) < 5 {
		t.Errorf("schema has %d actions", len(res.Actions))
	}
}

// TestCedarParse covers parseCedar: valid multi-policy statements, syntax
// errors carrying cedar-go's line:column, unknown entity types (the
// document's "invalid_principal" example) and empty statements.
func TestCedarParse(t *testing.T) {
	ok := "permit(principal == Cloudinary::User::\"u1\", action == Cloudinary::Action::\"read\", resource is Cloudinary::Folder)\n" +
		"  when { resource.ancestor_ids.contains(\"f1\") };\n" +
		"forbid(principal in Cloudinary::Group::\"g\", action in [Cloudinary::Action::\"delete\"], resource);"
	pols, errs := parseCedar(ok)
	if errs != nil || len(pols) != 2 {
		t.Fatalf("valid statement: %v %v", pols, errs)
	}
	if pols[0].Principal.Op != "==" || pols[1].Principal.Op != "in" {
		t.Fatalf("scopes not in statement order: %+v", pols)
	}

	_, errs = parseCedar("permit(principal, action, resource);\nforbid(principal")
	if len(errs) != 1 || !strings.Contains(errs[0].Message, ":2:") || errs[0].Code != cedarErrorCode {
		t.Fatalf("syntax error should carry line 2: %+v", errs)
	}
	// The error text is cedar-go's own.
	_, want := cedar.NewPolicySetFromBytes("x", []byte("permit(principal, action, resource);\nforbid(principal"))
	if want == nil || errs[0].Message != want.Error() {
		t.Fatalf("message %q, cedar-go says %v", errs[0].Message, want)
	}

	_, errs = parseCedar(`permit(principal == Cloudinary::APIKy::"1234", action == Cloudinary::Action::"read", resource is Cloudinary::Folder);`)
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Message, "invalid_principal") || !strings.Contains(errs[0].Message, "1:1") {
		t.Fatalf("unknown principal type: %+v", errs)
	}
	_, errs = parseCedar(`permit(principal, action == Foo::Action::"x", resource is Cloudinary::Nope);`)
	if len(errs) != 2 || !strings.HasPrefix(errs[0].Message, "invalid_action") || !strings.HasPrefix(errs[1].Message, "invalid_resource") {
		t.Fatalf("unknown action/resource types: %+v", errs)
	}
	for _, empty := range []string{"", "   \n", "// only a comment\n"} {
		if _, errs := parseCedar(empty); len(errs) != 1 {
			t.Fatalf("empty statement %q accepted", empty)
		}
	}
}

// TestCedarStatementAppliesTo covers the principal matching used by
// getEffectivePolicies.
func TestCedarStatementAppliesTo(t *testing.T) {
	cases := []struct {
		stmt, pType, pID string
		want             bool
	}{
		{`permit(principal, action, resource);`, "user", "u1", true},
		{`permit(principal == Cloudinary::User::"u1", action, resource);`, "user", "u1", true},
		{`permit(principal == Cloudinary::User::"u1", action, resource);`, "user", "u2", false},
		{`permit(principal == Cloudinary::User::"u1", action, resource);`, "group", "u1", false},
		{`permit(principal in Cloudinary::Group::"g1", action, resource);`, "group", "g1", true},
		{`permit(principal in Cloudinary::Group::"g1", action, resource);`, "user", "u1", false},
		{`permit(principal is Cloudinary::APIKey, action, resource);`, "apiKey", "k", true},
		{`permit(principal is Cloudinary::APIKey, action, resource);`, "user", "k", false},
		{"permit(principal == Cloudinary::User::\"x\", action, resource);\npermit(principal == Cloudinary::APIKey::\"k\", action, resource);", "apiKey", "k", true},
	}
	for _, c := range cases {
		pols, errs := parseCedar(c.stmt)
		if errs != nil {
			t.Fatalf("%s: %v", c.stmt, errs)
		}
		if got := statementAppliesTo(pols, c.pType, c.pID); got != c.want {
			t.Errorf("%s for %s %s = %v, want %v", c.stmt, c.pType, c.pID, got, c.want)
		}
	}
}

// TestCedarRendering: binding a principal and filling placeholders keep
// statements valid Cedar, even with hostile ids.
func TestCedarRendering(t *testing.T) {
	sp := systemPolicyByID["cld::policy::content::folder::view_download"]
	got := bindPrincipal(fillParameters(sp.Statement, map[string]any{"folder_id": `f"1\`}), "user", "u\"1")
	if strings.Contains(got, "<folder_id>") || !strings.Contains(got, `principal == Cloudinary::User::"u\"1"`) ||
		!strings.Contains(got, `contains("f\"1\\")`) {
		t.Fatalf("rendered: %s", got)
	}
	pols, errs := parseCedar(got)
	if errs != nil || len(pols) != 2 || !statementAppliesTo(pols, "user", `u"1`) {
		t.Fatalf("rendered statement invalid: %v %v", errs, got)
	}
	for _, p := range systemPolicies {
		r := bindPrincipal(fillParameters(p.Statement, map[string]any{"folder_id": "f", "collection_id": "c"}), "provisioningKey", "pk")
		if _, errs := parseCedar(r); errs != nil {
			t.Errorf("%s rendered invalid: %v", p.ID, errs)
		}
	}
	if bindPrincipal("permit(principal, action, resource);", "bogus", "x") != "permit(principal, action, resource);" {
		t.Fatal("unknown principal type must leave the statement alone")
	}
}
