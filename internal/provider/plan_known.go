package provider

import (
	"context"
	"slices"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Computed values known at plan time.
//
// A computed attribute the provider can know before the apply is planned as
// a known value, so that the plan shows it (and whatever depends on it can
// be planned too) instead of "(known after apply)". The plan modifiers here
// act only on a value the framework left unknown, which it does only when the
// plan changes something: an unchanged plan has nothing unknown, so they are
// no-ops there, as the unchanged-plan shortcut requires (internal/planshortcut). What the
// provider cannot know (ids and times Cloudinary assigns, a cloud name it
// derives) stays unknown; docs/guides/plan-reference.md lists both.

// idFromAttributes plans a computed id that is the given attributes joined
// with importSeparator (joinID), once all of them are known.
type idFromAttributes []string

func (m idFromAttributes) Description(context.Context) string {
	return "The id is known in the plan as soon as the attributes it is made of are."
}

func (m idFromAttributes) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m idFromAttributes) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.PlanValue.IsUnknown() || req.Plan.Raw.IsNull() {
		return
	}
	parts := make([]string, 0, len(m))
	for _, name := range m {
		var v types.String
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(name), &v)...)
		if resp.Diagnostics.HasError() || v.IsUnknown() || v.IsNull() || v.ValueString() == "" {
			return
		}
		parts = append(parts, v.ValueString())
	}
	resp.PlanValue = types.StringValue(joinID(parts...))
}

// plannedConstant plans a computed string that always has one value for the
// resources of a type (management_type of a custom role is always "custom").
type plannedConstant string

func (m plannedConstant) Description(context.Context) string {
	return "Always " + string(m) + ", known in the plan."
}

func (m plannedConstant) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m plannedConstant) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.PlanValue.IsUnknown() {
		resp.PlanValue = types.StringValue(string(m))
	}
}

// keepUnlessSent plans the value in state for a computed attribute that only
// an API write changes (such as updated_at), when the plan sends nothing:
// sends tells, from the configuration, the plan and the state, whether the
// apply will write to the API. (The plan handed to attribute plan modifiers
// is the framework's, before any of them ran: an Optional+Computed attribute
// left out of the configuration is still unknown there, so sends should
// judge such attributes by the configuration.)
type keepUnlessSent struct {
	description string
	sends       func(ctx context.Context, config tfsdk.Config, plan tfsdk.Plan, state tfsdk.State, diags *diag.Diagnostics) bool
}

func (m keepUnlessSent) Description(context.Context) string { return m.description }

func (m keepUnlessSent) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m keepUnlessSent) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.PlanValue.IsUnknown() || req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || req.StateValue.IsUnknown() {
		return
	}
	if !m.sends(ctx, req.Config, req.Plan, req.State, &resp.Diagnostics) && !resp.Diagnostics.HasError() {
		resp.PlanValue = req.StateValue
	}
}

// accessKeyUpdatedAt keeps updated_at of an access key when the update sends
// nothing (accessKeyUpdateRequest): dedicated_for removed, or only the
// timeouts changed.
func accessKeyUpdatedAt() planmodifier.String {
	return keepUnlessSent{
		description: "Known in the plan when the update sends nothing to Cloudinary.",
		sends: func(ctx context.Context, config tfsdk.Config, plan tfsdk.Plan, state tfsdk.State, diags *diag.Diagnostics) bool {
			var cfgName, stateName, planDedicated, stateDedicated types.String
			var planEnabled, stateEnabled types.Bool
			diags.Append(config.GetAttribute(ctx, path.Root("name"), &cfgName)...)
			diags.Append(state.GetAttribute(ctx, path.Root("name"), &stateName)...)
			diags.Append(plan.GetAttribute(ctx, path.Root("enabled"), &planEnabled)...)
			diags.Append(state.GetAttribute(ctx, path.Root("enabled"), &stateEnabled)...)
			diags.Append(plan.GetAttribute(ctx, path.Root("dedicated_for"), &planDedicated)...)
			diags.Append(state.GetAttribute(ctx, path.Root("dedicated_for"), &stateDedicated)...)
			if diags.HasError() {
				return true
			}
			// A name left out keeps the one in state (UseStateForUnknown).
			nameSent := cfgName.IsUnknown() || (!cfgName.IsNull() && !cfgName.Equal(stateName))
			dedicatedSent := planDedicated.IsUnknown() || (!planDedicated.IsNull() && !planDedicated.Equal(stateDedicated))
			return nameSent || dedicatedSent || !planEnabled.Equal(stateEnabled)
		},
	}
}

// rolePolicyParameters derives a custom role's policy_parameters from the
// public catalog as Cloudinary does: the parameters every one of its system
// policies takes, each once, in the order of the sorted policy ids (the
// order the provider sends them in). ok is false when a policy is not in the
// catalog, which the API then judges.
func rolePolicyParameters(cat *permissionsCatalog, ids []string) (types.List, bool) {
	sorted := slices.Clone(ids)
	sort.Strings(sorted)
	var params []attr.Value
	seen := map[string]bool{}
	for _, id := range sorted {
		p := cat.policy(id)
		if p == nil {
			return types.ListUnknown(types.StringType), false
		}
		for _, k := range p.PolicyParameters {
			if !seen[k] {
				seen[k] = true
				params = append(params, types.StringValue(k))
			}
		}
	}
	return types.ListValueMust(types.StringType, append([]attr.Value{}, params...)), true
}

// planRolePolicyParameters plans policy_parameters of a role whose policies
// are all known, from the catalog, when the framework left it unknown.
func planRolePolicyParameters(ctx context.Context, cat *permissionsCatalog, plan roleModel, resp *tfsdk.Plan, diags *diag.Diagnostics) {
	if !plan.PolicyParameters.IsUnknown() || plan.SystemPolicyIDs.IsUnknown() || plan.SystemPolicyIDs.IsNull() {
		return
	}
	ids, complete := knownSetStrings(plan.SystemPolicyIDs)
	if !complete {
		return
	}
	if params, ok := rolePolicyParameters(cat, ids); ok {
		diags.Append(resp.SetAttribute(ctx, path.Root("policy_parameters"), params)...)
	}
}

// samePolicyParameters keeps prior's order of policy_parameters when the
// API's answer holds the same parameters: the plan derived them in its own
// order (rolePolicyParameters), and the order carries no meaning.
func samePolicyParameters(prior, answer types.List) types.List {
	if prior.IsNull() || prior.IsUnknown() || len(prior.Elements()) != len(answer.Elements()) {
		return answer
	}
	for _, v := range answer.Elements() {
		if !slices.ContainsFunc(prior.Elements(), v.Equal) {
			return answer
		}
	}
	for _, v := range prior.Elements() {
		if !slices.ContainsFunc(answer.Elements(), v.Equal) {
			return answer
		}
	}
	return prior
}

// withPlanModifiers is a string attribute with more plan modifiers, run
// after its own.
func withPlanModifiers(a schema.StringAttribute, more ...planmodifier.String) schema.StringAttribute {
	a.PlanModifiers = append(slices.Clone(a.PlanModifiers), more...)
	return a
}
