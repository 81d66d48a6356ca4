package provider

import (
	"context"
	"fmt"
	"strings"

	cedar "github.com/cedar-policy/cedar-go"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/cedarlimit"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// What a change costs, said in the plan.
//
// Some plans are valid and yet do more than the diff suggests: a cloud_name
// change rewrites every delivery URL of an environment, a custom policy
// "replacement" leaves a moment without the policy. The plan warns about
// them, in words, with what to do instead; and where the configuration can
// only be wrong (an empty description), the error says how to write it.
// Every check here needs a change to fire, so none fires on an unchanged
// plan (internal/planshortcut).

// warnCloudNameChange warns that a cloud_name change, an in-place update,
// changes every delivery URL of the environment, and that Cloudinary allows
// it only below 1,000 assets.
func warnCloudNameChange(state, plan productEnvironmentModel, diags *diag.Diagnostics) {
	from, to := state.CloudName, plan.CloudName
	if from.IsNull() || from.IsUnknown() || to.IsNull() || from.Equal(to) {
		return
	}
	newName := "a value known only at apply"
	if !to.IsUnknown() {
		newName = fmt.Sprintf("%q", to.ValueString())
	}
	diags.AddAttributeWarning(path.Root("cloud_name"), "Changing cloud_name changes every delivery URL of the environment",
		fmt.Sprintf("This plan changes the cloud_name of product environment %q (id %s) from %q to %s, in place. "+
			"Every delivery URL of the environment contains its cloud name (https://res.cloudinary.com/<cloud_name>/...), "+
			"so the apply changes all of them: websites, apps, emails and anything else that links to the "+
			"environment's assets with the old name must be updated.\n\n"+
			"Cloudinary allows the change only while the environment holds fewer than 1,000 assets, and only to a "+
			"name no other Cloudinary account holds; otherwise the apply fails and nothing changes.\n\n"+
			"If this is not intended, set cloud_name back to %q (or leave it out: the environment keeps its name).",
			state.Name.ValueString(), state.ID.ValueString(), from.ValueString(), newName, from.ValueString()))
}

// deletionProtectionRemovedHint completes the deletion-protection error of a
// plan that destroys an environment: the provider cannot tell terraform
// destroy from a resource block taken out of the configuration, and for the
// latter turning the protection off is not what people want.
const deletionProtectionRemovedHint = "\n\nIf the resource block was taken out of the configuration to stop managing " +
	"the environment with Terraform (and keep it), put a removed block in its place instead (Terraform 1.7 or later); " +
	"the environment then leaves the state and is not deleted:\n\n" +
	"  removed {\n    from = cloudinary_product_environment.<name>\n    lifecycle {\n      destroy = false\n    }\n  }\n\n" +
	"or run terraform state rm cloudinary_product_environment.<name>."

// policyReplacement describes a custom policy plan that replaces the policy
// (see policyReplaceNote): which attributes force it, and whether the scope
// changes. ok is false when the plan does not replace it.
func policyReplacement(plan, state customPolicyModel) (attrs []string, scopeChanges, ok bool) {
	if plan.PolicyStatement.IsUnknown() || !plan.PolicyStatement.Equal(state.PolicyStatement) &&
		!cedarStatementsEqual(plan.PolicyStatement.ValueString(), state.PolicyStatement.ValueString()) {
		return nil, false, false // a statement change updates in place
	}
	if !plan.Name.Equal(state.Name) {
		attrs = append(attrs, "name")
	}
	if !plan.Description.Equal(state.Description) {
		attrs = append(attrs, "description")
	}
	if !plan.Enabled.Equal(state.Enabled) {
		attrs = append(attrs, "enabled")
	}
	if !plan.ScopeType.Equal(state.ScopeType) {
		attrs, scopeChanges = append(attrs, "scope_type"), true
	}
	if !plan.ScopeID.Equal(state.ScopeID) {
		attrs, scopeChanges = append(attrs, "scope_id"), true
	}
	return attrs, scopeChanges, len(attrs) > 0
}

// cedarForbids reports whether a statement holds a forbid policy. A
// statement beyond the bounds of cedarlimit is not parsed (see
// parseNamedCedarStatement).
func cedarForbids(statement string) bool {
	if cedarlimit.CheckNamed("policy_statement", statement) != nil {
		return false
	}
	ps, err := cedar.NewPolicySetFromBytes("policy_statement", []byte(statement))
	if err != nil {
		return false
	}
	for _, p := range ps.All() {
		if p.Effect() == cedar.Forbid {
			return true
		}
	}
	return false
}

// warnPolicyReplacement warns that replacing a custom policy deletes it
// before creating it again, and that create_before_destroy cannot avoid
// that within one scope.
func warnPolicyReplacement(plan, state customPolicyModel, diags *diag.Diagnostics) {
	attrs, scopeChanges, ok := policyReplacement(plan, state)
	if !ok {
		return
	}
	gap := "the policy is in force nowhere"
	if cedarForbids(state.PolicyStatement.ValueString()) {
		gap += ": it holds a forbid policy, so what it forbids is allowed"
	}
	order := "Do not add create_before_destroy to avoid the gap: the new policy would be created while the old one " +
		"still holds its name and statement in the same scope, which Cloudinary refuses (both are unique within a " +
		"scope), so the apply would fail."
	if scopeChanges {
		order = "As the scope changes, lifecycle { create_before_destroy = true } avoids the gap: the new policy is " +
			"created in its scope first, then the old one is deleted."
	}
	diags.AddAttributeWarning(path.Root(attrs[0]),
		fmt.Sprintf("Replacing custom policy %q deletes it before creating it again", state.Name.ValueString()),
		fmt.Sprintf("Cloudinary refuses an update that does not change policy_statement, so changing %s alone "+
			"replaces policy %q (id %s): Terraform deletes it, then creates a new one with a new id. In between, "+
			"%s.\n\n%s\n\nTo change it in place, with no gap, change policy_statement in the same apply (a change "+
			"of whitespace alone does not count).",
			strings.Join(attrs, ", "), state.Name.ValueString(), state.ID.ValueString(), gap, order))
}

// policyReplacedTwin returns, when a create is refused with 409, the
// conflicting policy if it has the statement being created in the same
// scope: most likely the policy this resource replaces, created before it
// is destroyed (create_before_destroy), rather than an unrelated one.
func policyReplacedTwin(action, statement string, conflicting ...*client.CustomPolicy) *client.CustomPolicy {
	if action != "create" {
		return nil
	}
	for _, p := range conflicting {
		if p != nil && cedarStatementsEqual(p.PolicyStatement, statement) {
			return p
		}
	}
	return nil
}

// policyTwinDetail explains a create refused because a policy with the same
// statement exists in the scope, which create_before_destroy causes.
func policyTwinDetail(twin *client.CustomPolicy, scope string) string {
	return fmt.Sprintf("The custom policy %q (id %q) in scope %s already has this policy_statement, and Cloudinary "+
		"allows a name or a statement only once per scope.\n\n"+
		"If this create replaces that very policy with lifecycle { create_before_destroy = true } (Terraform "+
		"creates the new policy before it destroys the old one), do not import it: it is the policy being "+
		"replaced, already managed by this resource. A custom policy cannot be replaced create-before-destroy "+
		"within one scope. Instead, either remove create_before_destroy (the replacement then deletes the old "+
		"policy first, so that for a moment neither is in force), or change policy_statement in the same apply, "+
		"which updates the policy in place with no gap.\n\n"+
		"Otherwise, to manage the existing policy with Terraform, import it instead of creating it:\n\n"+
		"  terraform import cloudinary_custom_policy.<name> %s", twin.Name, twin.ID, scope, twin.ID)
}

// descriptionValidator refuses an empty description and says how to write
// "no description": modules often default such variables to "".
func descriptionValidator(noun string) validator.String { return emptyDescription{noun: noun} }

type emptyDescription struct{ noun string }

func (v emptyDescription) Description(context.Context) string {
	return "value must not be empty; leave it out or use null for no description"
}

func (v emptyDescription) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v emptyDescription) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() != "" {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Empty description",
		fmt.Sprintf("%s is an empty string. For a %s without a description, leave %s out or set it to null. "+
			"(A module variable passed to it should default to null, not \"\": variable \"description\" { "+
			"type = string, default = null }.)", req.Path, v.noun, req.Path))
}
