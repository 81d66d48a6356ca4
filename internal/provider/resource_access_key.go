package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
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
	_ resource.ResourceWithImportState = (*accessKeyResource)(nil)
	_ resource.ResourceWithIdentity    = (*accessKeyResource)(nil)
)

// NewAccessKeyResource is the cloudinary_access_key resource.
func NewAccessKeyResource() resource.Resource {
	return &accessKeyResource{resourceBase: resourceBase{typeName: "access_key"}}
}

// accessKeyResource manages one API key/secret pair of a product environment.
type accessKeyResource struct{ resourceBase }

// accessKeyModel is the resource's state.
type accessKeyModel struct {
	ID                   types.String   `tfsdk:"id"`
	ProductEnvironmentID types.String   `tfsdk:"product_environment_id"`
	Name                 types.String   `tfsdk:"name"`
	Enabled              types.Bool     `tfsdk:"enabled"`
	DedicatedFor         types.String   `tfsdk:"dedicated_for"`
	APIKey               types.String   `tfsdk:"api_key"`
	APISecret            types.String   `tfsdk:"api_secret"`
	CreatedAt            types.String   `tfsdk:"created_at"`
	UpdatedAt            types.String   `tfsdk:"updated_at"`
	Timeouts             timeouts.Value `tfsdk:"timeouts"`
}

// accessKeyIdentity identifies a key: its environment and its api_key.
type accessKeyIdentity struct {
	ProductEnvironmentID types.String `tfsdk:"product_environment_id"`
	APIKey               types.String `tfsdk:"api_key"`
}

func (m accessKeyModel) identity() accessKeyIdentity {
	return accessKeyIdentity{ProductEnvironmentID: m.ProductEnvironmentID, APIKey: m.APIKey}
}

func (r *accessKeyResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An access key (API key and secret) of a product environment. The secret is stored in " +
			"the Terraform state: protect the state accordingly.\n\n" +
			referencesNote("`product_environment_id` is") +
			"Import a key by `<product_environment_id>/<api_key>`." +
			identityImportNote("cloudinary_access_key", "`product_environment_id` and `api_key`",
				`{ product_environment_id = "<product_environment_id>", api_key = "<api_key>" }`),
		Blocks: map[string]schema.Block{timeoutsAttr: timeoutsBlock(ctx, crudTimeouts)},
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("`<product_environment_id>/<api_key>`."),
			"product_environment_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the product environment the key belongs to. Changing it replaces the key.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Name of the key, unique within its environment; changes in place. When omitted, the key " +
					"keeps the name the API gives it (none, or the one it had). Setting a name also lets the provider " +
					"recover safely when the create request's outcome is unknown.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"enabled": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
				MarkdownDescription: "Whether the key is enabled. Default `true`.",
			},
			"dedicated_for": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Designates the key for a purpose; the only allowed value is `webhooks`. Applied with an " +
					"update right after the key is generated, and it takes the designation away from any other key of the " +
					"environment. The OpenAPI document never returns it (the service may, as an array), so Terraform keeps " +
					"the configured value and does not detect drift (after an import it is null until configured). " +
					"Removing it only updates the state: the API " +
					"has no way to clear a designation; set it on another key instead.",
				Validators: []validator.String{stringvalidator.OneOf(client.AccessKeyDedicatedForWebhooks)},
			},
			"api_key": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The API key.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"api_secret": schema.StringAttribute{
				Computed:            true,
				Sensitive:           true,
				MarkdownDescription: "The API secret, returned when the key is generated (and read from the key list on import, when the API returns it there).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"created_at": createdAtAttribute("key"),
			"updated_at": withPlanModifiers(updatedAtAttribute("key"), accessKeyUpdatedAt()),
		},
	}
}

// IdentitySchema: a key is identified by its environment and its api_key.
func (r *accessKeyResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"product_environment_id": identityschema.StringAttribute{
				RequiredForImport: true, Description: "Id of the product environment the key belongs to.",
			},
			"api_key": identityschema.StringAttribute{RequiredForImport: true, Description: "The API key."},
		},
	}
}

func (r *accessKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan accessKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.apiClient(&resp.Diagnostics)
	if c == nil {
		return
	}
	ctx, done := withTimeout(ctx, "create", plan.Timeouts, &resp.Diagnostics)
	defer done()
	envID := plan.ProductEnvironmentID.ValueString()
	body := client.AccessKeyCreateRequest{Enabled: client.Ptr(plan.Enabled.ValueBool())}
	if !plan.Name.IsNull() && !plan.Name.IsUnknown() {
		body.Name = client.Ptr(plan.Name.ValueString())
	}
	key, err := createOnce(ctx, c, accessKeyCreated(envID, body.Name), &resp.Diagnostics,
		func() (*client.AccessKey, error) { return c.GenerateAccessKey(ctx, envID, body) },
		func(ctx context.Context) (*client.AccessKey, bool, error) {
			return r.findCreated(ctx, envID, body.Name)
		})
	if err != nil {
		if client.IsConflict(err) && body.Name != nil {
			r.addNameConflict(ctx, &resp.Diagnostics, "create", envID, *body.Name, err)
			return
		}
		addAPIError(&resp.Diagnostics, "create", "access key", err)
		return
	}
	dedicatedFor := plan.DedicatedFor
	plan = accessKeyFromAPI(key, envID, plan)

	if !dedicatedFor.IsNull() {
		// dedicated_for exists only on update. Save the key first, so that a
		// failing update leaves it tracked (as tainted) rather than orphaned.
		plan.DedicatedFor = types.StringNull()
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		setIdentity(ctx, resp.Identity, plan.identity(), &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		upd, err := readAfterWrite(ctx, func() (*client.AccessKey, error) {
			return c.UpdateAccessKey(ctx, envID, key.APIKey, client.AccessKeyUpdateRequest{DedicatedFor: client.Ptr(dedicatedFor.ValueString())})
		})
		if err != nil {
			addAPIError(&resp.Diagnostics, "set dedicated_for on", "the new access key", err)
			return
		}
		plan.DedicatedFor = dedicatedFor
		plan = accessKeyFromAPI(upd, envID, plan)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	setIdentity(ctx, resp.Identity, plan.identity(), &resp.Diagnostics)
}

// accessKeyCreated names the key a create makes. Import needs its api_key,
// which only the environment's key list can tell.
func accessKeyCreated(envID string, name *string) createdObject {
	obj := createdObject{kind: "access key", key: "no name in product environment " + envID,
		importHint: "terraform import cloudinary_access_key.<name> " + envID + "/<api_key> (the cloudinary_access_keys data source lists the environment's keys with their names)"}
	if name != nil {
		obj.key = fmt.Sprintf("name %q in product environment %s", *name, envID)
	}
	return obj
}

// findCreated is createOnce's lookup after an unknown outcome. The natural
// key is the name, unique within the environment. An unnamed key cannot be
// told apart from the environment's other unnamed keys (there is nothing in
// the request to match, and the list carries no request id), so adopting
// one could take over a key that is in use elsewhere, and generating again
// could leave a stray working credential behind: the safe answer is to stop
// and let the user look.
func (r *accessKeyResource) findCreated(ctx context.Context, envID string, name *string) (*client.AccessKey, bool, error) {
	if name == nil {
		return nil, false, fmt.Errorf("the request to generate an unnamed access key in product environment %s may or may not "+
			"have succeeded, and an unnamed key cannot be identified safely. Check the environment's access keys (the "+
			"cloudinary_access_keys data source or the Cloudinary Console): delete a stray key, or import it with "+
			"terraform import cloudinary_access_key.<name> %s/<api_key>. Giving the key a name lets the provider "+
			"recover from such failures on its own", envID, envID)
	}
	k, err := r.keyByName(ctx, envID, *name)
	if err != nil || k == nil {
		return nil, false, err
	}
	return k, true, nil
}

func (r *accessKeyResource) keyByName(ctx context.Context, envID, name string) (*client.AccessKey, error) {
	keys, err := r.data.client.ListAllAccessKeys(ctx, envID, nil)
	if err != nil {
		return nil, err
	}
	for i := range keys {
		if keys[i].Name == name {
			return &keys[i], nil
		}
	}
	return nil, nil
}

// addNameConflict explains a 409: which key holds the name, and how to
// import it.
func (r *accessKeyResource) addNameConflict(ctx context.Context, diags *diag.Diagnostics, action, envID, name string, err error) {
	summary := fmt.Sprintf("Unable to %s access key", action)
	if k, lerr := r.keyByName(ctx, envID, name); lerr == nil && k != nil {
		diags.AddAttributeError(path.Root("name"), summary, fmt.Sprintf(
			"An access key named %q already exists in product environment %s (api_key %s). To manage it with "+
				"Terraform, import it with:\n\n  terraform import cloudinary_access_key.<name> %s\n\n"+
				"or choose another name.\n\nAPI error: %s", name, envID, k.APIKey, joinID(envID, k.APIKey), err))
		return
	}
	diags.AddAttributeError(path.Root("name"), summary, fmt.Sprintf(
		"The name %q is already used by another access key of product environment %s; choose another name.\n\nAPI error: %s",
		name, envID, err))
}

func (r *accessKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readOne(ctx, r.data, req, resp, r.reading())
}

// readsUnchanged tells the read shortcut whether Read would keep prior
// as it is (read_unchanged.go).
func (r *accessKeyResource) readsUnchanged(ctx context.Context, prior tfsdk.State) (any, bool) {
	return unchangedBy(ctx, prior, r.reading())
}

// reading is how Read finds the object and maps it into state.
func (r *accessKeyResource) reading() objectRead[accessKeyModel, *client.AccessKey] {
	return objectRead[accessKeyModel, *client.AccessKey]{
		what: "access key",
		key: func(m accessKeyModel) string {
			return joinID(m.ProductEnvironmentID.ValueString(), m.APIKey.ValueString())
		},
		identity: func(m accessKeyModel) any { return m.identity() },
		fetch: func(ctx context.Context, m accessKeyModel) (*client.AccessKey, error) {
			return r.data.reads.AccessKey(ctx, m.ProductEnvironmentID.ValueString(), m.APIKey.ValueString())
		},
		toState: func(key *client.AccessKey, state accessKeyModel) accessKeyModel {
			state = accessKeyFromAPI(key, state.ProductEnvironmentID.ValueString(), state)
			return state
		},
	}
}

func (r *accessKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state accessKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	envID := state.ProductEnvironmentID.ValueString()
	body, send := accessKeyUpdateRequest(plan, state)
	if !send {
		// Only dedicated_for was removed (nothing the API can do, see its
		// description), or only the timeouts changed.
		plan.UpdatedAt = state.UpdatedAt
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		setIdentity(ctx, resp.Identity, plan.identity(), &resp.Diagnostics)
		return
	}
	c := r.data.apiClient(&resp.Diagnostics)
	if c == nil {
		return
	}
	ctx, done := withTimeout(ctx, "update", plan.Timeouts, &resp.Diagnostics)
	defer done()
	key, err := c.UpdateAccessKey(ctx, envID, state.APIKey.ValueString(), body)
	if err != nil {
		if client.IsConflict(err) && body.Name != nil {
			r.addNameConflict(ctx, &resp.Diagnostics, "update", envID, *body.Name, err)
			return
		}
		addAPIError(&resp.Diagnostics, "update", "access key", err)
		return
	}
	plan = accessKeyFromAPI(key, envID, plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	setIdentity(ctx, resp.Identity, plan.identity(), &resp.Diagnostics)
}

func (r *accessKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state accessKeyModel
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
	if err := ignoreNotFound(c.DeleteAccessKey(ctx, state.ProductEnvironmentID.ValueString(), state.APIKey.ValueString())); err != nil {
		if r.isRootKeyRefusal(ctx, state, err) {
			resp.Diagnostics.AddError("Cannot delete the root access key",
				fmt.Sprintf("Access key %s is the root access key of product environment %s: the key the environment "+
					"was created with, which Cloudinary does not allow deleting (it goes only with the environment).\n\n"+
					"To stop managing it with Terraform and keep the key, remove it from the state instead: "+
					"terraform state rm <address>, or a removed block with lifecycle { destroy = false }. "+
					"The cloudinary_access_keys data source shows which key is the root key (root = true).\n\nAPI error: %s",
					state.APIKey.ValueString(), state.ProductEnvironmentID.ValueString(), apiMessage(err)))
			return
		}
		addAPIError(&resp.Diagnostics, "delete", "access key", err)
		return
	}
}

// isRootKeyRefusal reports whether a failed delete was Cloudinary refusing to
// delete the environment's root key (FIDELITY.md row 5): a 403 whose message
// says so, or a 403 for a key the key list marks as root. Only a refusal
// costs the extra read.
func (r *accessKeyResource) isRootKeyRefusal(ctx context.Context, state accessKeyModel, err error) bool {
	if !client.IsForbidden(err) {
		return false
	}
	if strings.Contains(strings.ToLower(apiMessage(err)), "root") {
		return true
	}
	k, rerr := r.data.reads.AccessKey(ctx, state.ProductEnvironmentID.ValueString(), state.APIKey.ValueString())
	return rerr == nil && k.IsRoot()
}

// ImportState takes <product_environment_id>/<api_key> (or an identity with
// both); Read then fills in the rest from the environment's key list.
func (r *accessKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	markImported(ctx, resp.Private, &resp.Diagnostics)
	var ident accessKeyIdentity
	if importIdentity(ctx, req, &ident, &resp.Diagnostics) {
		envID := requiredIdentityString(ident.ProductEnvironmentID, "product_environment_id", &resp.Diagnostics)
		apiKey := requiredIdentityString(ident.APIKey, "api_key", &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), joinID(envID, apiKey))...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("product_environment_id"), envID)...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("api_key"), apiKey)...)
		return
	}
	parts, err := splitImportID(req.ID, "product_environment_id", "api_key")
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error()+
			", e.g. terraform import cloudinary_access_key.webhooks 0aaaaa1bbbbb2ccccc3ddddd4eeeee5f/814814814814814")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), joinID(parts[0], parts[1]))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("product_environment_id"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("api_key"), parts[1])...)
}

// accessKeyFromAPI returns prior with what the API returned. dedicated_for
// is never returned; a secret the API leaves out keeps its previous value.
func accessKeyFromAPI(k *client.AccessKey, envID string, prior accessKeyModel) accessKeyModel {
	m := prior
	m.ProductEnvironmentID = types.StringValue(envID)
	m.APIKey = keepIfEmpty(m.APIKey, k.APIKey)
	m.ID = types.StringValue(joinID(envID, m.APIKey.ValueString()))
	m.Name = stringOrNull(&k.Name)
	m.APISecret = keepIfEmpty(m.APISecret, k.APISecret)
	m.CreatedAt = keepIfEmpty(m.CreatedAt, k.CreatedAt)
	m.UpdatedAt = keepIfEmpty(m.UpdatedAt, k.UpdatedAt)
	switch {
	case k.Enabled != nil:
		m.Enabled = types.BoolValue(*k.Enabled)
	case m.Enabled.IsNull() || m.Enabled.IsUnknown():
		m.Enabled = types.BoolValue(true)
	}
	return m
}

// accessKeyUpdateRequest sends what changed; send is false when nothing the
// API holds changed.
func accessKeyUpdateRequest(plan, state accessKeyModel) (body client.AccessKeyUpdateRequest, send bool) {
	if !plan.Name.IsUnknown() && !plan.Name.IsNull() && !plan.Name.Equal(state.Name) {
		body.Name = client.Ptr(plan.Name.ValueString())
		send = true
	}
	if !plan.Enabled.Equal(state.Enabled) {
		body.Enabled = client.Ptr(plan.Enabled.ValueBool())
		send = true
	}
	if !plan.DedicatedFor.IsNull() && !plan.DedicatedFor.Equal(state.DedicatedFor) {
		body.DedicatedFor = client.Ptr(plan.DedicatedFor.ValueString())
		send = true
	}
	return body, send
}
