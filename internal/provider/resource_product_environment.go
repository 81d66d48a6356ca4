package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var (
	_ resource.ResourceWithImportState = (*productEnvironmentResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*productEnvironmentResource)(nil)
	_ resource.ResourceWithIdentity    = (*productEnvironmentResource)(nil)
)

// NewProductEnvironmentResource is the cloudinary_product_environment resource.
func NewProductEnvironmentResource() resource.Resource {
	return &productEnvironmentResource{resourceBase: resourceBase{typeName: "product_environment"}}
}

// productEnvironmentResource manages a product environment (the API's
// "sub-account").
type productEnvironmentResource struct{ resourceBase }

// productEnvironmentModel is the resource's state.
type productEnvironmentModel struct {
	ID                       types.String   `tfsdk:"id"`
	Name                     types.String   `tfsdk:"name"`
	CloudName                types.String   `tfsdk:"cloud_name"`
	BaseProductEnvironmentID types.String   `tfsdk:"base_product_environment_id"`
	CustomAttributes         types.String   `tfsdk:"custom_attributes"`
	Enabled                  types.Bool     `tfsdk:"enabled"`
	DeletionProtection       types.Bool     `tfsdk:"deletion_protection"`
	CreatedAt                types.String   `tfsdk:"created_at"`
	UpdatedAt                types.String   `tfsdk:"updated_at"`
	Timeouts                 timeouts.Value `tfsdk:"timeouts"`
}

// cloudNamePattern is what the API accepts as a cloud name (the emulator
// answers 400 to anything else, see cloudNameRE there).
var cloudNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

const cloudNameRule = "lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters"

const deletionProtectionSummary = "Product environment is protected from deletion"

func deletionProtectionDetail(what string) string {
	return what + " Deleting a product environment permanently deletes all of its media (images, videos and raw files) " +
		"and its settings; Cloudinary cannot restore them.\n\n" +
		"If that is really intended, turn the protection off first: set `deletion_protection = false` on the resource, " +
		"run terraform apply, then run terraform destroy (or apply the change that removes or replaces it)."
}

func (r *productEnvironmentResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Cloudinary product environment (called a *sub-account* in the API): a cloud with its own " +
			"media, settings and access keys.\n\n" +
			"~> **Deleting a product environment deletes all of its media for good.** `deletion_protection` is on by " +
			"default and makes any destroy or replacement fail until it is turned off.\n\n" +
			"Import a product environment by its id or by its `cloud_name`." +
			identityImportNote("cloudinary_product_environment", "`id`", `{ id = "0aaaaa1bbbbb2ccccc3ddddd4eeeee5f" }`),
		Blocks: map[string]schema.Block{timeoutsAttr: timeoutsBlock(ctx, crudTimeouts)},
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("The product environment id (the API's `sub_account_id`)."),
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Display name. Must not be empty. Names need not be unique.",
				Validators: []validator.String{
					notBlank(),
				},
			},
			"cloud_name": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The cloud name used in delivery URLs; unique across Cloudinary. Allowed: " + cloudNameRule +
					". When omitted, Cloudinary derives one from `name` (lowercase, `_` becoming `-`). Changing it updates the " +
					"environment in place, which Cloudinary only allows for environments with fewer than 1,000 assets (and " +
					"only a name no other Cloudinary account holds).",
				Validators: []validator.String{
					stringvalidator.RegexMatches(cloudNamePattern, "must consist of "+cloudNameRule),
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"base_product_environment_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Id of another product environment whose settings are copied when this one is created. " +
					"Used only on create and never returned by the API, so Terraform keeps the configured value and cannot " +
					"detect drift in it. Changing it from one id to another replaces the environment (refused while " +
					"`deletion_protection` is on). Adding it to an existing environment (for example after an import) or " +
					"removing it only records the change.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(
					baseChangeRequiresReplace,
					"Changing the base environment from one id to another replaces the environment.",
					"Changing the base environment from one id to another replaces the environment.",
				)},
			},
			"custom_attributes": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Free-form custom attributes, as a JSON object string; write it with `jsonencode({ ... })`. " +
					"Cloudinary returns them (although its OpenAPI document does not say so), so a change made outside " +
					"Terraform shows as drift and an import reads them; an answer without them keeps the configured value " +
					"(an empty object and no attributes count as the same). A JSON string is used rather than " +
					"`map(string)` so that values keep their JSON types (numbers, booleans, nested objects). It is compared " +
					"by meaning, not text: a change of whitespace or key order alone plans no update. Removing it sends an " +
					"empty object.",
				Validators:    []validator.String{jsonObjectValidator{}},
				PlanModifiers: []planmodifier.String{jsonSemanticEqualPlan{}},
			},
			"enabled": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
				MarkdownDescription: "Whether the product environment is enabled. Default `true`.",
			},
			"deletion_protection": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "Default `true`. While `true`, a plan that destroys or replaces this environment fails, " +
					"because deleting an environment deletes all of its media for good. To delete it, set it to `false`, " +
					"apply, then destroy. To stop managing it with Terraform and keep it, replace the resource block with " +
					"a `removed` block with `lifecycle { destroy = false }`. A Terraform-only setting: it is not sent to Cloudinary, and an import sets it to `true`.",
			},
			"created_at": createdAtAttribute("environment"),
			"updated_at": updatedAtAttribute("environment"),
		},
	}
}

// IdentitySchema: a product environment is identified by its id.
func (r *productEnvironmentResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("product environment")
}

// baseChangeRequiresReplace replaces the environment only when the base
// changes from one id to another (or to a value not known yet). A null prior
// value means either "created without a base" or "imported" (the API never
// returns the base); replacing, and so deleting the media, on those grounds
// would be far worse than recording the value.
func baseChangeRequiresReplace(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = baseChangeReplaces(req.StateValue, req.PlanValue)
}

// baseChangeReplaces is the rule above; ModifyPlan applies it too.
func baseChangeReplaces(state, plan types.String) bool {
	return !state.IsNull() && !plan.IsNull() && !plan.Equal(state)
}

// apiFieldsChange reports whether the plan changes anything the API holds;
// the other attributes (deletion_protection, base_product_environment_id)
// live only in Terraform's state.
func (m productEnvironmentModel) apiFieldsChange(state productEnvironmentModel) bool {
	return !m.Name.Equal(state.Name) || !m.CloudName.Equal(state.CloudName) ||
		!m.Enabled.Equal(state.Enabled) || !m.CustomAttributes.Equal(state.CustomAttributes)
}

// ModifyPlanLeavesUnchangedPlansAlone lets the unchanged-plan shortcut answer
// for this type (internal/planshortcut). ModifyPlan reports only destroys, replacements
// and a newly set base environment, and keeps updated_at as it is in state.
func (*productEnvironmentResource) ModifyPlanLeavesUnchangedPlansAlone() {}

// ModifyPlan enforces deletion_protection at plan time, so that neither a
// destroy nor a replacement gets as far as the apply.
func (r *productEnvironmentResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		return // create
	}
	var state productEnvironmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	protected := state.DeletionProtection.ValueBool()
	if req.Plan.Raw.IsNull() {
		if protected {
			resp.Diagnostics.AddError(deletionProtectionSummary, deletionProtectionDetail(fmt.Sprintf(
				"This plan destroys product environment %q (cloud_name %q, id %s), but its deletion_protection is true.",
				state.Name.ValueString(), state.CloudName.ValueString(), state.ID.ValueString()))+deletionProtectionRemovedHint)
		}
		return
	}
	var plan productEnvironmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if protected && baseChangeReplaces(state.BaseProductEnvironmentID, plan.BaseProductEnvironmentID) {
		resp.Diagnostics.AddAttributeError(path.Root("base_product_environment_id"), deletionProtectionSummary,
			deletionProtectionDetail(fmt.Sprintf(
				"Changing base_product_environment_id replaces product environment %q (cloud_name %q, id %s): the "+
					"existing environment would be deleted and a new one created, but its deletion_protection is true.",
				state.Name.ValueString(), state.CloudName.ValueString(), state.ID.ValueString())))
		return
	}
	if state.BaseProductEnvironmentID.IsNull() && !plan.BaseProductEnvironmentID.IsNull() {
		resp.Diagnostics.AddAttributeWarning(path.Root("base_product_environment_id"),
			"Base environment is recorded, not applied",
			"base_product_environment_id only takes effect when an environment is created, and the API never "+
				"returns it. This plan records the value in state without changing the existing environment. "+
				"To rebuild the environment from the base, replace it (terraform apply -replace=...), which deletes its media.")
	}
	warnCloudNameChange(state, plan, &resp.Diagnostics) // plan_costs.go
	// updated_at only moves when the API is written to.
	if !plan.apiFieldsChange(state) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("updated_at"), state.UpdatedAt)...)
	}
}

func (r *productEnvironmentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan productEnvironmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.apiClient(&resp.Diagnostics)
	if c == nil {
		return
	}
	body, err := productEnvironmentCreateRequest(plan)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("custom_attributes"), "Invalid custom_attributes", err.Error())
		return
	}
	ctx, done := withTimeout(ctx, "create", plan.Timeouts, &resp.Diagnostics)
	defer done()
	started := time.Now()
	pe, err := createOnce(ctx, c, productEnvironmentCreated(body), &resp.Diagnostics,
		func() (*client.ProductEnvironment, error) { return c.CreateProductEnvironment(ctx, body) },
		func(ctx context.Context) (*client.ProductEnvironment, bool, error) {
			return r.findCreated(ctx, body, started)
		})
	if err != nil {
		if client.IsConflict(err) && body.CloudName != nil {
			r.addCloudNameConflict(ctx, &resp.Diagnostics, "create", *body.CloudName, err)
			return
		}
		addAPIError(&resp.Diagnostics, "create", "product environment", err)
		return
	}
	wantEnabled := plan.Enabled.ValueBool()
	plan = productEnvironmentFromAPI(pe, plan)

	// The create request has no "enabled": disable it with an update. Save
	// the state first, so that if the update fails the environment is
	// tracked (as tainted) rather than orphaned.
	if !wantEnabled && plan.Enabled.ValueBool() {
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		setIdentity(ctx, resp.Identity, idIdentityModel{ID: plan.ID}, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		upd, err := readAfterWrite(ctx, func() (*client.ProductEnvironment, error) {
			return c.UpdateProductEnvironment(ctx, pe.ID, client.ProductEnvironmentUpdateRequest{Enabled: client.Ptr(false)})
		})
		if err != nil {
			addAPIError(&resp.Diagnostics, "disable", "the new product environment", err)
			return
		}
		plan = productEnvironmentFromAPI(upd, plan)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	setIdentity(ctx, resp.Identity, idIdentityModel{ID: plan.ID}, &resp.Diagnostics)
}

// productEnvironmentCreated names the environment a create makes: by
// cloud_name, which imports it, when one was sent; else by name, which does
// not (names are not unique).
func productEnvironmentCreated(body client.ProductEnvironmentCreateRequest) createdObject {
	if body.CloudName != nil {
		return createdObject{kind: "product environment", key: fmt.Sprintf("cloud_name %q", *body.CloudName),
			importHint: importCommand("cloudinary_product_environment", *body.CloudName)}
	}
	return createdObject{kind: "product environment", key: fmt.Sprintf("name %q", body.Name),
		importHint: "terraform import cloudinary_product_environment.<name> <id> (the cloudinary_product_environments data source lists the environments with their names and ids)"}
}

// findCreated is createOnce's lookup after an unknown outcome. The natural
// key is the cloud_name when one was sent (unique). Without it, the name is
// used, but only when exactly one environment has that name and it was not
// created before this create started (allowing for clock skew): names are
// not unique, and adopting somebody else's environment would be far worse
// than failing.
func (r *productEnvironmentResource) findCreated(ctx context.Context, body client.ProductEnvironmentCreateRequest, started time.Time) (*client.ProductEnvironment, bool, error) {
	if body.CloudName != nil {
		pe, err := r.data.readProductEnvironmentByCloudName(ctx, *body.CloudName)
		if err != nil || pe == nil || pe.Name != body.Name {
			return nil, false, err
		}
		return pe, true, nil
	}
	named, err := r.data.readProductEnvironmentsNamed(ctx, body.Name)
	if err != nil {
		return nil, false, err
	}
	const skew = 10 * time.Minute
	var found []client.ProductEnvironment
	for _, e := range named {
		if t, err := time.Parse(time.RFC3339, e.CreatedAt); err == nil && t.Before(started.Add(-skew)) {
			continue
		}
		found = append(found, e)
	}
	switch len(found) {
	case 0:
		return nil, false, nil
	case 1:
		return &found[0], true, nil
	}
	ids := make([]string, 0, len(found))
	for _, e := range found {
		ids = append(ids, e.ID)
	}
	return nil, false, fmt.Errorf("the create request may have succeeded, but %d recently created product environments are "+
		"named %q (ids %s), so the provider cannot tell which one is this resource's; delete the extra one or import "+
		"the right one with: terraform import cloudinary_product_environment.<name> <id>; setting cloud_name lets the "+
		"provider recover from such failures on its own",
		len(found), body.Name, strings.Join(ids, ", "))
}

// addCloudNameConflict explains a 409: which environment holds the cloud
// name, and how to import it.
func (r *productEnvironmentResource) addCloudNameConflict(ctx context.Context, diags *diag.Diagnostics, action, cloudName string, err error) {
	if e, lerr := r.data.readProductEnvironmentByCloudName(ctx, cloudName); lerr == nil && e != nil {
		diags.AddAttributeError(path.Root("cloud_name"), fmt.Sprintf("Unable to %s product environment", action),
			fmt.Sprintf("A product environment with cloud_name %q already exists (id %s, name %q). To manage it with "+
				"Terraform, import it with:\n\n  terraform import cloudinary_product_environment.<name> %s\n\n"+
				"or choose another cloud_name.\n\nAPI error: %s", cloudName, e.ID, e.Name, e.ID, err))
		return
	}
	diags.AddAttributeError(path.Root("cloud_name"), fmt.Sprintf("Unable to %s product environment", action),
		fmt.Sprintf("The cloud_name %q is already taken by another Cloudinary account. Cloud names are unique across "+
			"all of Cloudinary, not only within this account, so no product environment of this account can have it, "+
			"and it cannot be imported. Choose another cloud_name (or, when creating, leave it out and Cloudinary "+
			"derives one from the name).\n\nAPI error: %s", cloudName, err))
}

// assetLimitRefused reports whether err is Cloudinary refusing a cloud_name
// change or a delete because the environment holds 1,000 assets or more
// (FIDELITY.md row 7): a 403 whose message speaks of assets. definite is
// false for a 403 that does not say why.
func assetLimitRefused(err error) (refused, definite bool) {
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || !client.IsForbidden(err) {
		return false, false
	}
	msg := strings.ToLower(apiErr.Message)
	return true, strings.Contains(msg, "asset") || strings.Contains(msg, "1000") || strings.Contains(msg, "1,000")
}

// apiMessage is the API's own message when err carries one, else err.
func apiMessage(err error) string {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) && apiErr.Message != "" {
		return apiErr.Message
	}
	return err.Error()
}

// addAssetLimitError explains a 403 on a cloud_name change or a delete:
// Cloudinary allows both only while the environment holds fewer than 1,000
// assets.
func addAssetLimitError(diags *diag.Diagnostics, action string, state productEnvironmentModel, newCloudName string, err error) {
	_, definite := assetLimitRefused(err)
	why := "because it holds 1,000 assets or more"
	if !definite {
		why = "most likely because it holds 1,000 assets or more (or because this Account API key may not do it)"
	}
	what := fmt.Sprintf("Cloudinary refused to delete product environment %q (cloud_name %q, id %s) %s: a product "+
		"environment can only be deleted while it holds fewer than 1,000 assets.\n\nTo delete it, first delete "+
		"assets (for example in the Media Library, or with the Admin API) until fewer than 1,000 remain, then run "+
		"terraform destroy again. To stop managing it with Terraform but keep it, remove it from the state instead: "+
		"terraform state rm <address>.",
		state.Name.ValueString(), state.CloudName.ValueString(), state.ID.ValueString(), why)
	attr := path.Empty()
	if action == "update" {
		attr = path.Root("cloud_name")
		what = fmt.Sprintf("Cloudinary refused to change the cloud_name of product environment %q (id %s) from %q "+
			"to %q %s: a cloud name can only be changed while the environment holds fewer than 1,000 assets.\n\n"+
			"Set cloud_name back to %q in the configuration, or delete assets until fewer than 1,000 remain and "+
			"apply again. The other attributes can change at any time.",
			state.Name.ValueString(), state.ID.ValueString(), state.CloudName.ValueString(), newCloudName, why,
			state.CloudName.ValueString())
	}
	what += "\n\nAPI error: " + apiMessage(err)
	if attr.Equal(path.Empty()) {
		diags.AddError(fmt.Sprintf("Unable to %s product environment", action), what)
		return
	}
	diags.AddAttributeError(attr, fmt.Sprintf("Unable to %s product environment", action), what)
}

func (r *productEnvironmentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readOne(ctx, r.data, req, resp, r.reading())
}

// readsUnchanged tells the read shortcut whether Read would keep prior
// as it is (read_unchanged.go).
func (r *productEnvironmentResource) readsUnchanged(ctx context.Context, prior tfsdk.State) (any, bool) {
	return unchangedBy(ctx, prior, r.reading())
}

// reading is how Read finds the object and maps it into state.
func (r *productEnvironmentResource) reading() objectRead[productEnvironmentModel, *client.ProductEnvironment] {
	return objectRead[productEnvironmentModel, *client.ProductEnvironment]{
		what:     "product environment",
		key:      func(m productEnvironmentModel) string { return m.ID.ValueString() },
		identity: func(m productEnvironmentModel) any { return idIdentityModel{ID: m.ID} },
		fetch: func(ctx context.Context, m productEnvironmentModel) (*client.ProductEnvironment, error) {
			return r.data.reads.ProductEnvironment(ctx, m.ID.ValueString())
		},
		toState: func(pe *client.ProductEnvironment, state productEnvironmentModel) productEnvironmentModel {
			state = productEnvironmentFromAPI(pe, state)
			state.CustomAttributes = customAttributesFromAPI(pe, state.CustomAttributes)
			if state.DeletionProtection.IsNull() {
				state.DeletionProtection = types.BoolValue(true)
			}
			return state
		},
	}
}

func (r *productEnvironmentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state productEnvironmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = state.ID
	if !plan.apiFieldsChange(state) {
		// Only Terraform-side attributes (or the timeouts) changed.
		plan.UpdatedAt = state.UpdatedAt
		plan.CreatedAt = state.CreatedAt
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		setIdentity(ctx, resp.Identity, idIdentityModel{ID: plan.ID}, &resp.Diagnostics)
		return
	}
	c := r.data.apiClient(&resp.Diagnostics)
	if c == nil {
		return
	}
	body, err := productEnvironmentUpdateRequest(plan, state)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("custom_attributes"), "Invalid custom_attributes", err.Error())
		return
	}
	ctx, done := withTimeout(ctx, "update", plan.Timeouts, &resp.Diagnostics)
	defer done()
	pe, err := c.UpdateProductEnvironment(ctx, state.ID.ValueString(), body)
	if err != nil {
		if client.IsConflict(err) && body.CloudName != nil {
			r.addCloudNameConflict(ctx, &resp.Diagnostics, "update", *body.CloudName, err)
			return
		}
		if refused, _ := assetLimitRefused(err); refused && body.CloudName != nil {
			addAssetLimitError(&resp.Diagnostics, "update", state, *body.CloudName, err)
			return
		}
		addAPIError(&resp.Diagnostics, "update", "product environment", err)
		return
	}
	plan = productEnvironmentFromAPI(pe, plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	setIdentity(ctx, resp.Identity, idIdentityModel{ID: plan.ID}, &resp.Diagnostics)
}

func (r *productEnvironmentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state productEnvironmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The plan already refused; this catches what plans cannot see, such as
	// terraform apply -replace or a tainted environment.
	if state.DeletionProtection.IsNull() || state.DeletionProtection.ValueBool() {
		resp.Diagnostics.AddError(deletionProtectionSummary, deletionProtectionDetail(fmt.Sprintf(
			"Refusing to delete product environment %q (cloud_name %q, id %s): its deletion_protection is true.",
			state.Name.ValueString(), state.CloudName.ValueString(), state.ID.ValueString()))+
			"\n\nIf Terraform is replacing it because it is tainted (for example after a failed apply) or because of "+
			"-replace, and that is not intended, run terraform untaint on its address instead.")
		return
	}
	c := r.data.apiClient(&resp.Diagnostics)
	if c == nil {
		return
	}
	ctx, done := withTimeout(ctx, "delete", state.Timeouts, &resp.Diagnostics)
	defer done()
	if err := ignoreNotFound(c.DeleteProductEnvironment(ctx, state.ID.ValueString())); err != nil {
		if primaryEnvironmentRefused(err) {
			addPrimaryEnvironmentError(&resp.Diagnostics, state, err)
			return
		}
		if refused, _ := assetLimitRefused(err); refused {
			addAssetLimitError(&resp.Diagnostics, "delete", state, "", err)
			return
		}
		addAPIError(&resp.Diagnostics, "delete", "product environment", err)
		return
	}
}

// ImportState accepts an id or, when no environment has that id, a
// cloud_name; or an identity with the id.
func (r *productEnvironmentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	markImported(ctx, resp.Private, &resp.Diagnostics)
	key := strings.TrimSpace(req.ID)
	var ident idIdentityModel
	byIdentity := importIdentity(ctx, req, &ident, &resp.Diagnostics)
	if byIdentity {
		key = requiredIdentityString(ident.ID, "id", &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if key == "" {
		resp.Diagnostics.AddError("Invalid import id",
			"Import a product environment by its id or its cloud_name, e.g. terraform import cloudinary_product_environment.main 0aaaaa1bbbbb2ccccc3ddddd4eeeee5f")
		return
	}
	if r.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	pe, err := r.data.reads.ProductEnvironment(ctx, key)
	if client.IsNotFound(err) && byIdentity {
		resp.Diagnostics.AddError("Cannot import product environment",
			fmt.Sprintf("No product environment has the id %q.", key))
		return
	}
	if client.IsNotFound(err) {
		pe, err = r.data.readProductEnvironmentByCloudName(ctx, key)
		if err == nil && pe == nil {
			resp.Diagnostics.AddError("Cannot import product environment",
				fmt.Sprintf("No product environment has the id or the cloud_name %q.", key))
			return
		}
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "import", "product environment", err)
		return
	}
	m := productEnvironmentModel{
		BaseProductEnvironmentID: types.StringNull(),
		CustomAttributes:         types.StringNull(),
		DeletionProtection:       types.BoolValue(true),
		Timeouts:                 nullTimeouts(crudTimeouts),
	}
	m = productEnvironmentFromAPI(pe, m)
	m.CustomAttributes = customAttributesFromAPI(pe, m.CustomAttributes)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// customAttributesFromAPI returns custom_attributes from a read, when the
// answer carries them as an object (the real service does, FIDELITY.md row
// 4; the document says nothing of it). A value meaning the same object as
// the state keeps the state's text; an empty object matches no attributes.
// Without them in the answer the state keeps its value, as before. Creates
// and updates do not call this: their answer cannot disagree with the plan
// without Terraform reporting an inconsistent result, and the next read
// sees any difference.
func customAttributesFromAPI(pe *client.ProductEnvironment, cur types.String) types.String {
	obj, ok := pe.CustomAttributesObject()
	if !ok {
		return cur
	}
	if len(obj) == 0 && (cur.IsNull() || cur.IsUnknown()) {
		return cur
	}
	canonical, err := json.Marshal(obj) // sorted keys; json.Number keeps numbers exact
	if err != nil {
		return cur
	}
	if !cur.IsNull() && !cur.IsUnknown() && jsonObjectsEqual(cur.ValueString(), string(canonical)) {
		return cur
	}
	return types.StringValue(string(canonical))
}

// productEnvironmentFromAPI returns prior with what the API returned,
// leaving the attributes it never returns (base, custom attributes,
// protection) alone. Missing fields keep their previous known value: no
// response field is marked required.
func productEnvironmentFromAPI(pe *client.ProductEnvironment, prior productEnvironmentModel) productEnvironmentModel {
	m := prior
	m.ID = keepIfEmpty(m.ID, pe.ID)
	m.Name = keepIfEmpty(m.Name, pe.Name)
	m.CloudName = keepIfEmpty(m.CloudName, pe.CloudName)
	m.CreatedAt = keepIfEmpty(m.CreatedAt, pe.CreatedAt)
	m.UpdatedAt = keepIfEmpty(m.UpdatedAt, pe.UpdatedAt)
	switch {
	case pe.Enabled != nil:
		m.Enabled = types.BoolValue(*pe.Enabled)
	case m.Enabled.IsNull() || m.Enabled.IsUnknown():
		m.Enabled = types.BoolValue(true) // the documented default
	}
	return m
}

// keepIfEmpty returns v, or the previous value when the API left v out.
func keepIfEmpty(prev types.String, v string) types.String {
	if v != "" {
		return types.StringValue(v)
	}
	if prev.IsUnknown() {
		return types.StringNull()
	}
	return prev
}

func productEnvironmentCreateRequest(m productEnvironmentModel) (client.ProductEnvironmentCreateRequest, error) {
	body := client.ProductEnvironmentCreateRequest{Name: m.Name.ValueString()}
	if v := m.CloudName; !v.IsNull() && !v.IsUnknown() {
		body.CloudName = client.Ptr(v.ValueString())
	}
	if v := m.BaseProductEnvironmentID; !v.IsNull() && !v.IsUnknown() {
		body.BaseSubAccountID = client.Ptr(v.ValueString())
	}
	if v := m.CustomAttributes; !v.IsNull() && !v.IsUnknown() {
		attrs, err := parseJSONObject(v.ValueString())
		if err != nil {
			return body, err
		}
		body.CustomAttributes = attrs
	}
	return body, nil
}

// productEnvironmentUpdateRequest sends only what changed.
func productEnvironmentUpdateRequest(plan, state productEnvironmentModel) (client.ProductEnvironmentUpdateRequest, error) {
	var body client.ProductEnvironmentUpdateRequest
	if !plan.Name.Equal(state.Name) {
		body.Name = client.Ptr(plan.Name.ValueString())
	}
	if !plan.CloudName.IsUnknown() && !plan.CloudName.IsNull() && !plan.CloudName.Equal(state.CloudName) {
		body.CloudName = client.Ptr(plan.CloudName.ValueString())
	}
	if !plan.Enabled.Equal(state.Enabled) {
		body.Enabled = client.Ptr(plan.Enabled.ValueBool())
	}
	if !plan.CustomAttributes.Equal(state.CustomAttributes) {
		body.CustomAttributes = map[string]any{} // removed: clear them
		if !plan.CustomAttributes.IsNull() {
			attrs, err := parseJSONObject(plan.CustomAttributes.ValueString())
			if err != nil {
				return body, err
			}
			body.CustomAttributes = attrs
		}
	}
	return body, nil
}

// parseJSONObject decodes a JSON object, keeping numbers exact.
func parseJSONObject(s string) (map[string]any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	if dec.More() {
		return nil, errors.New("not valid JSON: unexpected data after the object")
	}
	obj, ok := v.(map[string]any)
	if !ok || obj == nil {
		return nil, fmt.Errorf("must be a JSON object ({...}), got %s", jsonKind(v))
	}
	return obj, nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

// jsonObjectsEqual reports whether two JSON object texts mean the same
// object (whitespace and key order aside). Invalid JSON is never equal.
func jsonObjectsEqual(a, b string) bool {
	oa, err := parseJSONObject(a)
	if err != nil {
		return false
	}
	ob, err := parseJSONObject(b)
	if err != nil {
		return false
	}
	ca, err1 := json.Marshal(oa) // Marshal sorts map keys: a canonical form
	cb, err2 := json.Marshal(ob)
	return err1 == nil && err2 == nil && bytes.Equal(ca, cb)
}

// jsonObjectValidator accepts a JSON object text.
type jsonObjectValidator struct{}

func (jsonObjectValidator) Description(context.Context) string {
	return "value must be a JSON object, e.g. jsonencode({ team = \"web\" })"
}

func (v jsonObjectValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v jsonObjectValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseJSONObject(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid JSON object",
			fmt.Sprintf("%s %s; %s.", req.Path, err, v.Description(ctx)))
	}
}

// jsonObjectEquivalence is the equivalence of JSON object texts: formatting and
// key order do not count.
type jsonObjectEquivalence struct{}

func (jsonObjectEquivalence) name() string                { return "JSON object" }
func (jsonObjectEquivalence) differs() string             { return "only in formatting or key order" }
func (jsonObjectEquivalence) equivalent(a, b string) bool { return jsonObjectsEqual(a, b) }

// jsonSemanticEqualPlan keeps the prior text when the configured JSON means
// the same object, so reformatting plans no change.
type jsonSemanticEqualPlan = keepEquivalent[jsonObjectEquivalence]
