package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// costWarning returns the one diagnostic of diags, failing unless it is a
// warning on the attribute at.
func costWarning(t *testing.T, diags diag.Diagnostics, at path.Path) diag.Diagnostic {
	t.Helper()
	if len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning {
		t.Fatalf("want one warning, got %v", diags)
	}
	if d, ok := diags[0].(diag.DiagnosticWithPath); !ok || !d.Path().Equal(at) {
		t.Fatalf("warning not on %s: %v", at, diags[0])
	}
	return diags[0]
}

func mustContain(t *testing.T, what, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("%s lacks %q:\n%s", what, p, text)
		}
	}
}

func testProductEnvironmentModel(cloudName string) productEnvironmentModel {
	return productEnvironmentModel{
		ID: types.StringValue("e1"), Name: types.StringValue("Production"), CloudName: types.StringValue(cloudName),
		BaseProductEnvironmentID: types.StringNull(), CustomAttributes: types.StringNull(),
		Enabled: types.BoolValue(true), DeletionProtection: types.BoolValue(true),
		CreatedAt: types.StringValue("2024-01-01T00:00:00Z"), UpdatedAt: types.StringValue("2024-01-02T00:00:00Z"),
		Timeouts: nullTimeouts(crudTimeouts),
	}
}

// TestProductEnvironmentModifyPlan_cloudNameWarning: a cloud_name change,
// an in-place update, warns that every delivery URL changes and that
// Cloudinary allows it only below 1,000 assets; nothing else warns.
func TestProductEnvironmentModifyPlan_cloudNameWarning(t *testing.T) {
	r := &productEnvironmentResource{}
	state := testProductEnvironmentModel("acme-prod")
	plan := testProductEnvironmentModel("acme-production")
	resp := modifyPlan(t, r, plan, &state)
	w := costWarning(t, resp.Diagnostics, path.Root("cloud_name"))
	mustContain(t, "warning", w.Summary(), "Changing cloud_name changes every delivery URL of the environment")
	mustContain(t, "warning", w.Detail(), `from "acme-prod" to "acme-production", in place`,
		"https://res.cloudinary.com/<cloud_name>/", "fewer than 1,000 assets", `set cloud_name back to "acme-prod"`)

	plan = testProductEnvironmentModel("acme-prod")
	plan.Name = types.StringValue("Prod")
	if resp := modifyPlan(t, r, plan, &state); len(resp.Diagnostics) != 0 {
		t.Errorf("a rename warns: %v", resp.Diagnostics)
	}
	plan = testProductEnvironmentModel("")
	plan.CloudName = types.StringUnknown()
	resp = modifyPlan(t, r, plan, &state)
	mustContain(t, "warning", costWarning(t, resp.Diagnostics, path.Root("cloud_name")).Detail(), "to a value known only at apply")
}

func testCustomPolicyModel(statement string) customPolicyModel {
	return customPolicyModel{
		ID: types.StringValue("p1"), Name: types.StringValue("no-deletes"), Description: types.StringValue("a"),
		PolicyStatement: cedarStatementValue(statement), ScopeType: types.StringValue("account"), ScopeID: types.StringNull(),
		Enabled: types.BoolValue(true), CreatedAt: types.StringValue("2024-01-01T00:00:00Z"),
		UpdatedAt: types.StringValue("2024-01-02T00:00:00Z"), Timeouts: nullTimeouts(crudTimeouts),
	}
}

// TestCustomPolicyModifyPlan_replacementWarning: a plan that replaces a
// custom policy says that the policy is deleted first (a forbid policy's
// restrictions lift meanwhile), that create_before_destroy fails within a
// scope, and what to do instead; a statement change, an update in place,
// says nothing.
func TestCustomPolicyModifyPlan_replacementWarning(t *testing.T) {
	r := &customPolicyResource{}
	const forbid = `forbid(principal, action == Cloudinary::Action::"delete", resource);`
	state := testCustomPolicyModel(forbid)
	plan := testCustomPolicyModel(forbid)
	plan.Description = types.StringValue("b")
	w := costWarning(t, modifyPlan(t, r, plan, &state).Diagnostics, path.Root("description"))
	mustContain(t, "warning", w.Summary(), `Replacing custom policy "no-deletes" deletes it before creating it again`)
	mustContain(t, "warning", w.Detail(), "changing description alone replaces policy", "Terraform deletes it, then creates",
		"it holds a forbid policy, so what it forbids is allowed",
		"Do not add create_before_destroy", "the apply would fail", "change policy_statement in the same apply")

	// A permit policy: no word of forbid.
	permit := testCustomPolicyModel(`permit(principal, action, resource);`)
	plan = permit
	plan.Name, plan.Enabled = types.StringValue("renamed"), types.BoolValue(false)
	w = costWarning(t, modifyPlan(t, r, plan, &permit).Diagnostics, path.Root("name"))
	mustContain(t, "warning", w.Detail(), "changing name, enabled alone", "the policy is in force nowhere.")
	if strings.Contains(w.Detail(), "forbid") {
		t.Errorf("a permit policy is said to forbid:\n%s", w.Detail())
	}

	// A new scope: create_before_destroy works.
	plan = permit
	plan.ScopeType, plan.ScopeID = types.StringValue("prodenv"), types.StringValue("all")
	w = costWarning(t, modifyPlan(t, r, plan, &permit).Diagnostics, path.Root("scope_type"))
	mustContain(t, "warning", w.Detail(), "changing scope_type, scope_id alone", "create_before_destroy = true } avoids the gap")

	// With the statement: an update in place, whitespace aside.
	plan = testCustomPolicyModel(`permit(principal, action == Cloudinary::Action::"read", resource);`)
	plan.Description = types.StringValue("b")
	if d := modifyPlan(t, r, plan, &permit).Diagnostics; len(d) != 0 {
		t.Errorf("an update in place warns: %v", d)
	}
	plan = testCustomPolicyModel("permit (principal, action,\n  resource);")
	plan.Description = types.StringValue("b")
	if len(modifyPlan(t, r, plan, &permit).Diagnostics) != 1 {
		t.Error("a whitespace-only statement change with a description change is a replacement and must warn")
	}
	if d := modifyPlan(t, r, permit, &permit).Diagnostics; len(d) != 0 {
		t.Errorf("an unchanged plan warns: %v", d)
	}
}

// TestPolicyReplacedTwin: a create refused because the scope holds a policy
// with the same statement (what create_before_destroy of a replacement
// does) is explained as such; a policy that only shares the name is not.
func TestPolicyReplacedTwin(t *testing.T) {
	const stmt = `permit(principal, action, resource);`
	same := &client.CustomPolicy{ID: "p1", Name: "a", PolicyStatement: "permit (principal, action, resource);\n"}
	other := &client.CustomPolicy{ID: "p2", Name: "a", PolicyStatement: `forbid(principal, action, resource);`}
	if got := policyReplacedTwin("create", stmt, other, same); got != same {
		t.Errorf("twin = %v, want p1", got)
	}
	if got := policyReplacedTwin("create", stmt, other, nil); got != nil {
		t.Errorf("a name clash is a twin: %v", got)
	}
	if got := policyReplacedTwin("update", stmt, same); got != nil {
		t.Errorf("an update has a twin: %v", got)
	}
	mustContain(t, "detail", policyTwinDetail(same, "account"), `"a" (id "p1") in scope account`,
		"create_before_destroy = true", "do not import it: it is the policy being replaced",
		"remove create_before_destroy", "change policy_statement in the same apply",
		"terraform import cloudinary_custom_policy.<name> p1")
}

// TestPlanCosts_unchangedPlansAlone: none of the warnings fires on a plan
// equal to the state, as the unchanged-plan shortcut requires (internal/planshortcut).
func TestPlanCosts_unchangedPlansAlone(t *testing.T) {
	pe := testProductEnvironmentModel("acme")
	pe.DeletionProtection = types.BoolValue(false)
	if d := modifyPlan(t, &productEnvironmentResource{}, pe, &pe).Diagnostics; len(d) != 0 {
		t.Errorf("product environment: %v", d)
	}
}
