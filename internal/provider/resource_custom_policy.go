package provider

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/cedarlimit"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var (
	_ resource.ResourceWithImportState    = (*customPolicyResource)(nil)
	_ resource.ResourceWithValidateConfig = (*customPolicyResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*customPolicyResource)(nil)
	_ resource.ResourceWithIdentity       = (*customPolicyResource)(nil)
)

// NewCustomPolicyResource is the cloudinary_custom_policy resource: a Cedar
// policy of the Permissions API.
func NewCustomPolicyResource() resource.Resource {
	return &customPolicyResource{resourceBase: resourceBase{typeName: "custom_policy"}}
}

type customPolicyResource struct {
	resourceBase
}

// customPolicyModel is the cloudinary_custom_policy state.
type customPolicyModel struct {
	ID              types.String   `tfsdk:"id"`
	Name            types.String   `tfsdk:"name"`
	Description     types.String   `tfsdk:"description"`
	PolicyStatement cedarStatement `tfsdk:"policy_statement"`
	ScopeType       types.String   `tfsdk:"scope_type"`
	ScopeID         types.String   `tfsdk:"scope_id"`
	Enabled         types.Bool     `tfsdk:"enabled"`
	CreatedAt       types.String   `tfsdk:"created_at"`
	UpdatedAt       types.String   `tfsdk:"updated_at"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

// NOTE: the Permissions API answers 409 to an update whose policy_statement
// is identical to the current one ("Updating a policy with an identical
// policy_statement will trigger a 409"), and the UpdateCustomPolicy body
// requires policy_statement, so it cannot be left out either. An update is
// therefore only possible together with a statement change: a change to any
// other attribute alone replaces the policy (delete, then create), and the
// same change made together with a statement change is an in-place update.
// Sending a reformatted copy of the statement to dodge the 409 was rejected:
// whether the service compares the text or the parsed policy is not
// documented, and the stored text would then differ from the configuration.
const policyReplaceNote = " Cloudinary refuses an update that does not change `policy_statement`, so changing this " +
	"alone replaces the policy (it gets a new id); changed together with `policy_statement` it is updated in place."

func (r *customPolicyResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A custom policy of the Cloudinary Permissions API: a Cedar statement that permits or forbids " +
			"principals (users, groups, API keys) actions on resources, at account level or in product environments.\n\n" +
			"`policy_statement` is parsed at validate time, so `terraform validate` shows Cedar syntax errors with their " +
			"line and column; differences in whitespace alone never plan a change. Cloudinary only accepts an update that " +
			"changes `policy_statement`: changing `name`, `description`, `enabled`, `scope_type` or `scope_id` without " +
			"it replaces the policy.\n\n" +
			referencesNote("`scope_id` (other than `all`) is") +
			"Import a policy by its id or by its name (when exactly one policy, in any scope, has that name)." +
			identityImportNote("cloudinary_custom_policy", "`id`", `{ id = "12jf789l12hwiuencl7aaqey" }`),
		Blocks: map[string]schema.Block{timeoutsAttr: timeoutsBlock(ctx, crudTimeouts)},
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("The policy id."),
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The policy name, unique within its scope." + policyReplaceNote,
				Validators:          []validator.String{permsNonBlank()},
				PlanModifiers:       []planmodifier.String{replaceUnlessStatementChanges()},
			},
			"description": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "A short description of the policy; omit it (rather than setting `\"\"`) for none." + policyReplaceNote,
				Validators:          []validator.String{descriptionValidator("custom policy")},
				PlanModifiers:       []planmodifier.String{replaceUnlessStatementChanges()},
			},
			"policy_statement": schema.StringAttribute{
				Required:   true,
				CustomType: cedarStatementType{},
				MarkdownDescription: "The policy in [Cedar](https://cloudinary.com/documentation/permissions_api_guide), one or " +
					"more `permit(...)`/`forbid(...)` policies, e.g. `permit(principal == Cloudinary::User::\"123\", action, " +
					"resource is Cloudinary::Folder) when { resource.ancestor_ids.contains(\"abc\") };`. Checked for syntax at " +
					"validate time (entity and action types are checked by Cloudinary against the schema of the " +
					"`cloudinary_cedar_schema` data source). " + fmt.Sprintf("At most %d bytes long and nested at most %d "+
					"levels deep (brackets, parentheses, braces and unary `!` or `-` operators nested in one another); "+
					"these bounds are checked before parsing. ", cedarlimit.MaxBytes, cedarlimit.MaxDepth) +
					"Whitespace-only differences are ignored. Updated in place; two policies of one scope cannot have the " +
					"same statement.",
				Validators:    []validator.String{cedarStatementValidator{}},
				PlanModifiers: []planmodifier.String{keepEquivalentStatement{}},
			},
			"scope_type": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "`account` (the policy applies to the account) or `prodenv` (it applies in the product " +
					"environment named by `scope_id`)." + policyReplaceNote,
				Validators:    []validator.String{stringvalidator.OneOf(scopeTypeValues...)},
				PlanModifiers: []planmodifier.String{replaceUnlessStatementChanges()},
			},
			"scope_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The product environment id the policy applies in, or `all` for every product " +
					"environment. Required when `scope_type` is `prodenv`; must not be set when it is `account`." + policyReplaceNote,
				Validators:    []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^\S+$`), "must be a product environment id or \"all\", without spaces")},
				PlanModifiers: []planmodifier.String{replaceUnlessStatementChanges()},
			},
			"enabled": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "Whether the policy is in force. Default `true`. Always sent on update, so a " +
					"disabled policy is never re-enabled by accident." + policyReplaceNote,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplaceIf(
					func(ctx context.Context, req planmodifier.BoolRequest, resp *boolplanmodifier.RequiresReplaceIfFuncResponse) {
						resp.RequiresReplace = !policyStatementChanges(ctx, req.State, req.Plan, &resp.Diagnostics)
					}, replaceUnlessStatementDescription, replaceUnlessStatementDescription)},
			},
			"created_at": createdAtAttribute("policy"),
			"updated_at": updatedAtAttribute("policy"),
		},
	}
}

// IdentitySchema: a custom policy is identified by its id.
func (r *customPolicyResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("custom policy")
}

const replaceUnlessStatementDescription = "Replaces the policy unless policy_statement changes too (Cloudinary refuses updates with an unchanged statement)."

// replaceUnlessStatementChanges requires replacement when the attribute
// changes but policy_statement does not (see policyReplaceNote).
func replaceUnlessStatementChanges() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !policyStatementChanges(ctx, req.State, req.Plan, &resp.Diagnostics)
		}, replaceUnlessStatementDescription, replaceUnlessStatementDescription)
}

// policyStatementChanges reports whether the plan changes policy_statement
// beyond whitespace. An unknown planned statement counts as a change.
func policyStatementChanges(ctx context.Context, state tfsdk.State, plan tfsdk.Plan, diags *diag.Diagnostics) bool {
	var before, after cedarStatement
	diags.Append(state.GetAttribute(ctx, path.Root("policy_statement"), &before)...)
	diags.Append(plan.GetAttribute(ctx, path.Root("policy_statement"), &after)...)
	if after.IsUnknown() {
		return true
	}
	if before.IsNull() || after.IsNull() {
		return !before.IsNull() || !after.IsNull()
	}
	return !cedarStatementsEqual(before.ValueString(), after.ValueString())
}

// ModifyPlanLeavesUnchangedPlansAlone lets the unchanged-plan shortcut answer
// for this type (internal/planshortcut). On an unchanged plan ModifyPlan sets updated_at
// to its value in state.
func (*customPolicyResource) ModifyPlanLeavesUnchangedPlansAlone() {}

// ModifyPlan checks a new or changed scope_id (references.go), and keeps
// updated_at when nothing is left to change: the framework
// marks it unknown as soon as the configuration differs from the state, even
// when the only difference is whitespace in policy_statement, which
// keepEquivalentStatement then plans away.
func (r *customPolicyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	resp.Diagnostics.Append(customPolicyReferences(ctx, r.data, req)...) // scope_id; references.go
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return
	}
	var plan, state customPolicyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.sameInAPI(state) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("updated_at"), state.UpdatedAt)...)
	}
	warnPolicyReplacement(plan, state, &resp.Diagnostics) // plan_costs.go
}

// sameInAPI reports whether m and other agree on everything the API holds
// (they may differ in the timeouts, which live in Terraform alone).
func (m customPolicyModel) sameInAPI(other customPolicyModel) bool {
	return m.Name.Equal(other.Name) && m.Description.Equal(other.Description) &&
		m.PolicyStatement.Equal(other.PolicyStatement) && m.ScopeType.Equal(other.ScopeType) &&
		m.ScopeID.Equal(other.ScopeID) && m.Enabled.Equal(other.Enabled)
}

// ValidateConfig enforces the scope rules: scope_id is required for prodenv
// and refused for account.
func (r *customPolicyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var scopeType, scopeID types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("scope_type"), &scopeType)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("scope_id"), &scopeID)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validatePolicyScope(scopeType, scopeID, &resp.Diagnostics)
}

// validatePolicyScope checks scope_id against scope_type (shared with the
// cloudinary_custom_policies data source).
func validatePolicyScope(scopeType, scopeID types.String, diags *diag.Diagnostics) {
	if scopeType.IsUnknown() || scopeID.IsUnknown() || scopeType.IsNull() {
		return
	}
	switch scopeType.ValueString() {
	case string(client.ScopeTypeProdenv):
		if scopeID.IsNull() {
			diags.AddAttributeError(path.Root("scope_id"), "Missing scope_id",
				`scope_id is required when scope_type is "prodenv": set it to a product environment id, or "all" for every product environment.`)
		}
	case string(client.ScopeTypeAccount):
		if !scopeID.IsNull() {
			diags.AddAttributeError(path.Root("scope_id"), "Unexpected scope_id",
				fmt.Sprintf(`scope_id must not be set when scope_type is "account" (got %q): account policies have no product environment. Remove scope_id, or set scope_type = "prodenv".`,
					scopeID.ValueString()))
		}
	}
}

func (r *customPolicyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan customPolicyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.apiClient(&resp.Diagnostics)
	if c == nil {
		return
	}
	body := client.CreateCustomPolicyRequest{
		PolicyStatement: plan.PolicyStatement.ValueString(),
		Description:     plan.Description.ValueStringPointer(),
		ScopeType:       client.ScopeType(plan.ScopeType.ValueString()),
		ScopeID:         plan.ScopeID.ValueStringPointer(),
		Name:            plan.Name.ValueString(),
		Enabled:         client.Ptr(plan.Enabled.ValueBool()),
	}
	ctx, done := withTimeout(ctx, "create", plan.Timeouts, &resp.Diagnostics)
	defer done()
	cp, err := createOnce(ctx, c, createdObject{kind: "custom policy", key: fmt.Sprintf("name %q", body.Name),
		importHint: importCommand("cloudinary_custom_policy", body.Name)}, &resp.Diagnostics,
		func() (*client.CustomPolicy, error) { return c.CreateCustomPolicy(ctx, body) },
		func(ctx context.Context) (*client.CustomPolicy, bool, error) {
			found, err := r.findInScope(ctx, body.ScopeType, body.ScopeID, func(p *client.CustomPolicy) bool { return p.Name == body.Name })
			return found, found != nil, err
		})
	if err != nil {
		if client.IsConflict(err) {
			r.addConflict(ctx, &resp.Diagnostics, "create", body.ScopeType, body.ScopeID, body.Name, body.PolicyStatement, "", err)
			return
		}
		addAPIError(&resp.Diagnostics, "create", "custom policy", err)
		return
	}
	state := customPolicyModelFromAPI(cp, plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, idIdentityModel{ID: state.ID}, &resp.Diagnostics)
}

// findInScope returns the policy of exactly this scope (not one scoped to
// "all" that a per-environment list also shows) that match accepts.
func (r *customPolicyResource) findInScope(ctx context.Context, scopeType client.ScopeType, scopeID *string,
	match func(*client.CustomPolicy) bool) (*client.CustomPolicy, error) {
	opts := client.GetCustomPoliciesOptions{ScopeType: &scopeType}
	want := ""
	if scopeType == client.ScopeTypeProdenv && scopeID != nil {
		opts.ScopeID = scopeID
		want = *scopeID
	}
	all, err := r.data.client.ListAllCustomPolicies(ctx, &opts)
	if err != nil {
		return nil, err
	}
	for i := range all {
		p := &all[i]
		got := ""
		if p.ScopeID != nil {
			got = *p.ScopeID
		}
		if p.ScopeType == scopeType && (scopeType != client.ScopeTypeProdenv || got == want) && match(p) {
			return p, nil
		}
	}
	return nil, nil
}

// addConflict explains a 409: the policy of the scope that has the same name
// or the same statement, and how to import it. selfID is the policy being
// updated ("" on create).
func (r *customPolicyResource) addConflict(ctx context.Context, diags *diag.Diagnostics, action string, scopeType client.ScopeType,
	scopeID *string, name, statement, selfID string, err error) {
	scope := string(scopeType)
	if scopeID != nil {
		scope += " " + *scopeID
	}
	detail := ""
	if selfID != "" {
		if cur, gerr := r.data.reads.CustomPolicy(ctx, selfID); gerr == nil && cur.PolicyStatement == statement {
			detail = "The new policy_statement is identical to the current one, and Cloudinary refuses such updates. " +
				"Change the statement, or run terraform apply -replace on this policy."
		}
	}
	if detail == "" {
		sameName, _ := r.findInScope(ctx, scopeType, scopeID, func(p *client.CustomPolicy) bool { return p.ID != selfID && p.Name == name })
		sameStatement, _ := r.findInScope(ctx, scopeType, scopeID, func(p *client.CustomPolicy) bool {
			return p.ID != selfID && cedarStatementsEqual(p.PolicyStatement, statement)
		})
		twin := policyReplacedTwin(action, statement, sameName, sameStatement) // plan_costs.go
		switch {
		case twin != nil:
			detail = policyTwinDetail(twin, scope)
		case sameName != nil:
			detail = fmt.Sprintf("A custom policy named %q already exists in scope %s (id %q); names are unique within a scope.", name, scope, sameName.ID)
			if action == "create" {
				detail += fmt.Sprintf(" To manage it with Terraform, import it instead of creating it:\n\n  terraform import cloudinary_custom_policy.<name> %s\n\nor choose another name.", sameName.ID)
			}
		case sameStatement != nil:
			detail = fmt.Sprintf("The custom policy %q (id %q) in scope %s already has this policy_statement; a scope cannot hold the same statement twice.",
				sameStatement.Name, sameStatement.ID, scope)
			if action == "create" {
				detail += fmt.Sprintf(" To manage it with Terraform, import it:\n\n  terraform import cloudinary_custom_policy.<name> %s", sameStatement.ID)
			}
		default:
			detail = fmt.Sprintf("A custom policy with this name or statement already exists in scope %s.", scope)
		}
	}
	diags.AddError(fmt.Sprintf("Unable to %s custom policy: it conflicts with an existing one", action), detail+"\n\nAPI answer: "+err.Error())
}

func (r *customPolicyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readOne(ctx, r.data, req, resp, r.reading())
}

// readsUnchanged tells the read shortcut whether Read would keep prior
// as it is (read_unchanged.go).
func (r *customPolicyResource) readsUnchanged(ctx context.Context, prior tfsdk.State) (any, bool) {
	return unchangedBy(ctx, prior, r.reading())
}

// reading is how Read finds the object and maps it into state.
func (r *customPolicyResource) reading() objectRead[customPolicyModel, *client.CustomPolicy] {
	return objectRead[customPolicyModel, *client.CustomPolicy]{
		what:     "custom policy",
		key:      func(m customPolicyModel) string { return m.ID.ValueString() },
		identity: func(m customPolicyModel) any { return idIdentityModel{ID: m.ID} },
		fetch: func(ctx context.Context, m customPolicyModel) (*client.CustomPolicy, error) {
			return r.data.reads.CustomPolicy(ctx, m.ID.ValueString())
		},
		toState: customPolicyModelFromAPI,
	}
}

func (r *customPolicyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state customPolicyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.sameInAPI(state) {
		// Only the timeouts changed. Sending the update anyway would fail:
		// Cloudinary refuses an update with an unchanged statement.
		state.Timeouts = plan.Timeouts
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		setIdentity(ctx, resp.Identity, idIdentityModel{ID: state.ID}, &resp.Diagnostics)
		return
	}
	c := r.data.apiClient(&resp.Diagnostics)
	if c == nil {
		return
	}
	ctx, done := withTimeout(ctx, "update", plan.Timeouts, &resp.Diagnostics)
	defer done()
	id := state.ID.ValueString()
	body := client.UpdateCustomPolicyRequest{
		PolicyStatement: plan.PolicyStatement.ValueString(),
		Description:     plan.Description.ValueStringPointer(),
		ScopeType:       client.ScopeType(plan.ScopeType.ValueString()),
		ScopeID:         plan.ScopeID.ValueStringPointer(),
		Name:            plan.Name.ValueString(),
		Enabled:         plan.Enabled.ValueBool(),
	}
	cp, err := c.UpdateCustomPolicy(ctx, id, body)
	if err != nil {
		if client.IsConflict(err) {
			r.addConflict(ctx, &resp.Diagnostics, "update", body.ScopeType, body.ScopeID, body.Name, body.PolicyStatement, id, err)
			return
		}
		addAPIError(&resp.Diagnostics, "update", "custom policy", err)
		return
	}
	next := customPolicyModelFromAPI(cp, plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
	setIdentity(ctx, resp.Identity, idIdentityModel{ID: next.ID}, &resp.Diagnostics)
}

func (r *customPolicyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state customPolicyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.apiClient(&resp.Diagnostics)
	if c == nil {
		return
	}
	ctx, done := withTimeout(ctx, "delete", state.Timeouts, &resp.Diagnostics)
	defer done()
	if err := ignoreNotFound(c.DeleteCustomPolicy(ctx, state.ID.ValueString())); err != nil {
		addAPIError(&resp.Diagnostics, "delete", "custom policy", err)
		return
	}
}

// ImportState imports a policy by id or, when no policy has that id, by
// name, provided exactly one policy (in any scope) has it; or by an identity
// with the id.
func (r *customPolicyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	markImported(ctx, resp.Private, &resp.Diagnostics)
	key := req.ID
	var ident idIdentityModel
	byIdentity := importIdentity(ctx, req, &ident, &resp.Diagnostics)
	if byIdentity {
		key = requiredIdentityString(ident.ID, "id", &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if strings.TrimSpace(key) == "" {
		resp.Diagnostics.AddError("Invalid import id",
			"Import a custom policy by its id or its name, e.g. terraform import cloudinary_custom_policy.example 12jf789l12hwiuencl7aaqey.")
		return
	}
	if r.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	cp, err := r.data.reads.CustomPolicy(ctx, key)
	switch {
	case err == nil:
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), cp.ID)...)
		return
	case !client.IsNotFound(err):
		addAPIError(&resp.Diagnostics, "read", "custom policy to import", err)
		return
	case byIdentity:
		resp.Diagnostics.AddError("Custom policy not found", fmt.Sprintf("No custom policy has the id %q.", key))
		return
	}
	matches, err := r.findByName(ctx, key)
	if err != nil {
		addAPIError(&resp.Diagnostics, "look up", "custom policy to import by name", err)
		return
	}
	switch len(matches) {
	case 0:
		resp.Diagnostics.AddError("Custom policy not found",
			fmt.Sprintf("No custom policy has the id or the name %q. The cloudinary_custom_policies data source lists them.", key))
	case 1:
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), matches[0].ID)...)
	default:
		var list []string
		for _, m := range matches {
			list = append(list, fmt.Sprintf("%s (%s)", m.ID, policyScopeString(&m)))
		}
		resp.Diagnostics.AddError("Ambiguous custom policy name",
			fmt.Sprintf("%d custom policies are named %q: %s. Import one of them by id.", len(matches), key, strings.Join(list, ", ")))
	}
}

// findByName lists the policies named name in every scope: the account,
// and each product environment (with those scoped to "all").
func (r *customPolicyResource) findByName(ctx context.Context, name string) ([]client.CustomPolicy, error) {
	seen := map[string]bool{}
	var out []client.CustomPolicy
	collect := func(opts client.GetCustomPoliciesOptions) error {
		list, err := r.data.client.ListAllCustomPolicies(ctx, &opts)
		if err != nil {
			return err
		}
		for _, p := range list {
			if p.Name == name && !seen[p.ID] {
				seen[p.ID] = true
				out = append(out, p)
			}
		}
		return nil
	}
	account, prodenv := client.ScopeTypeAccount, client.ScopeTypeProdenv
	if err := collect(client.GetCustomPoliciesOptions{ScopeType: &account}); err != nil {
		return nil, err
	}
	envs, err := r.data.client.GetProductEnvironments(ctx, nil)
	if err != nil {
		return nil, err
	}
	for _, e := range envs {
		if err := collect(client.GetCustomPoliciesOptions{ScopeType: &prodenv, ScopeID: client.Ptr(e.ID)}); err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func policyScopeString(p *client.CustomPolicy) string {
	if p.ScopeID != nil && *p.ScopeID != "" {
		return string(p.ScopeType) + " " + *p.ScopeID
	}
	return string(p.ScopeType)
}

// customPolicyModelFromAPI converts an API policy. prior keeps scope_id when
// the answer leaves it out (the document returns it "only if the scope type
// is product environment").
func customPolicyModelFromAPI(cp *client.CustomPolicy, prior customPolicyModel) customPolicyModel {
	m := customPolicyModel{
		ID:              types.StringValue(cp.ID),
		Name:            types.StringValue(cp.Name),
		Description:     stringOrNull(cp.Description),
		PolicyStatement: cedarStatementValue(cp.PolicyStatement),
		ScopeType:       types.StringValue(string(cp.ScopeType)),
		ScopeID:         stringOrNull(cp.ScopeID),
		Enabled:         types.BoolValue(cp.Enabled),
		CreatedAt:       epochString(cp.CreatedAt),
		UpdatedAt:       epochString(cp.UpdatedAt),
		Timeouts:        prior.Timeouts,
	}
	if m.ScopeID.IsNull() && cp.ScopeType == client.ScopeTypeProdenv && prior.ScopeType.ValueString() == string(client.ScopeTypeProdenv) {
		m.ScopeID = prior.ScopeID
	}
	return m
}
