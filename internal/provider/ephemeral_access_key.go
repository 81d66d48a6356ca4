package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var (
	_ ephemeral.EphemeralResourceWithClose     = (*accessKeyEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithConfigure = (*accessKeyEphemeralResource)(nil)
)

// NewAccessKeyEphemeralResource is the cloudinary_access_key ephemeral
// resource.
func NewAccessKeyEphemeralResource() ephemeral.EphemeralResource {
	return &accessKeyEphemeralResource{ephemeralBase: ephemeralBase{typeName: "access_key"}}
}

// accessKeyEphemeralResource generates an access key of a product
// environment when Terraform opens it and deletes the key when Terraform
// closes it, so a run gets credentials that live only as long as the run and
// whose secret is never written to the plan or the state.
type accessKeyEphemeralResource struct{ ephemeralBase }

// accessKeyEphemeralModel is the ephemeral resource's configuration and
// result.
type accessKeyEphemeralModel struct {
	ProductEnvironmentID types.String `tfsdk:"product_environment_id"`
	Name                 types.String `tfsdk:"name"`
	APIKey               types.String `tfsdk:"api_key"`
	APISecret            types.String `tfsdk:"api_secret"`
}

// ephemeralAccessKeyNamePrefix starts the name of a key opened without a
// configured name.
const ephemeralAccessKeyNamePrefix = "terraform-ephemeral-"

// ephemeralAccessKeyPrivateKey is the private data key under which Open
// hands the key to Close.
const ephemeralAccessKeyPrivateKey = "access_key"

// ephemeralAccessKeyRef is what Close needs to delete the key Open made.
type ephemeralAccessKeyRef struct {
	ProductEnvironmentID string `json:"product_environment_id"`
	APIKey               string `json:"api_key"`
	Name                 string `json:"name"`
}

func (r *accessKeyEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A short-lived access key (API key and secret) of a product environment, for the duration " +
			"of one Terraform run (Terraform 1.10 or later). Terraform generates the key when it opens the ephemeral " +
			"resource and deletes it when it closes it, at the end of the plan or apply that needed it; the secret " +
			"is never written to the plan or the state. Use it to give a pipeline step, or another provider " +
			"configured in the same run, credentials that stop working when the run ends. A plan and its apply each " +
			"open (and close) their own key.\n\nTo keep a key beyond the run, use the `cloudinary_access_key` resource " +
			"instead (its secret is stored in the state).",
		Attributes: map[string]schema.Attribute{
			"product_environment_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the product environment to generate the key in. Must not be empty.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"name": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Name of the key, unique within its environment. Default: `" + ephemeralAccessKeyNamePrefix +
					"` followed by random characters, so that parallel runs never collide. A name that another key of the " +
					"environment already has is an error. Must not be empty when set.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"api_key": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The API key. It stops working when Terraform closes the ephemeral resource.",
			},
			"api_secret": schema.StringAttribute{
				Computed:            true,
				Sensitive:           true,
				MarkdownDescription: "The API secret. Never stored in the plan or the state.",
			},
		},
	}
}

// ephemeralAccessKeyName returns the configured name, or a fresh default.
func ephemeralAccessKeyName(configured types.String) (string, error) {
	if !configured.IsNull() && !configured.IsUnknown() {
		return configured.ValueString(), nil
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return ephemeralAccessKeyNamePrefix + hex.EncodeToString(b), nil
}

func (r *accessKeyEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m accessKeyEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.apiClient(&resp.Diagnostics)
	if c == nil {
		return
	}
	envID := m.ProductEnvironmentID.ValueString()
	name, err := ephemeralAccessKeyName(m.Name)
	if err != nil {
		resp.Diagnostics.AddError("Unable to choose a name for the ephemeral access key", err.Error())
		return
	}
	body := client.AccessKeyCreateRequest{Name: client.Ptr(name), Enabled: client.Ptr(true)}
	// The key always has a name, so an unknown outcome is resolved by looking
	// the name up instead of generating a second key that nobody would close.
	key, err := createOnce(ctx, c, createdObject{kind: "ephemeral access key", key: fmt.Sprintf("name %q in product environment %s", name, envID)}, &resp.Diagnostics,
		func() (*client.AccessKey, error) { return c.GenerateAccessKey(ctx, envID, body) },
		func(ctx context.Context) (*client.AccessKey, bool, error) { return r.keyNamed(ctx, envID, name) })
	if err != nil {
		r.addOpenError(ctx, &resp.Diagnostics, envID, name, m.Name.IsNull(), err)
		return
	}

	ref, err := json.Marshal(ephemeralAccessKeyRef{ProductEnvironmentID: envID, APIKey: key.APIKey, Name: name})
	if err != nil {
		resp.Diagnostics.AddError("Unable to record the ephemeral access key", err.Error())
	} else {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, ephemeralAccessKeyPrivateKey, ref)...)
	}
	if resp.Diagnostics.HasError() {
		// Without the private data Close could not find the key: delete it now.
		r.deleteKey(ctx, &resp.Diagnostics, envID, key.APIKey)
		return
	}
	tflog.Info(ctx, "generated ephemeral access key", map[string]any{"product_environment_id": envID, "api_key": key.APIKey, "name": name})

	m.Name = types.StringValue(name)
	m.APIKey = types.StringValue(key.APIKey)
	m.APISecret = types.StringValue(key.APISecret)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}

// keyNamed looks the environment's keys up by name, after a generate whose
// outcome is unknown.
func (r *accessKeyEphemeralResource) keyNamed(ctx context.Context, envID, name string) (*client.AccessKey, bool, error) {
	keys, err := r.data.client.ListAllAccessKeys(ctx, envID, nil)
	if err != nil {
		return nil, false, err
	}
	for i := range keys {
		if keys[i].Name == name {
			return &keys[i], true, nil
		}
	}
	return nil, false, nil
}

// addOpenError explains a failed generate. A 409 names the key that holds
// the configured name.
func (r *accessKeyEphemeralResource) addOpenError(ctx context.Context, diags *diag.Diagnostics, envID, name string, defaultName bool, err error) {
	if !client.IsConflict(err) {
		addAPIError(diags, "generate", "ephemeral access key", err)
		return
	}
	holder := ""
	if k, ok, lerr := r.keyNamed(ctx, envID, name); lerr == nil && ok {
		holder = fmt.Sprintf(" (api_key %s)", k.APIKey)
	}
	advice := "Choose another name, or omit name to get a random one."
	if defaultName {
		advice = "The name was generated at random; run Terraform again."
	}
	diags.AddAttributeError(path.Root("name"), "Unable to generate ephemeral access key", fmt.Sprintf(
		"Product environment %s already has an access key named %q%s, and names are unique within an environment. %s\n\nAPI error: %s",
		envID, name, holder, advice, err))
}

func (r *accessKeyEphemeralResource) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	raw, diags := req.Private.GetKey(ctx, ephemeralAccessKeyPrivateKey)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || len(raw) == 0 {
		return // Open never got as far as generating a key
	}
	var ref ephemeralAccessKeyRef
	if err := json.Unmarshal(raw, &ref); err != nil {
		resp.Diagnostics.AddError("Unable to read the ephemeral access key to delete",
			fmt.Sprintf("The provider's private data is not what it wrote (%v). This is a bug in the provider; please report it. "+
				"The access key generated for this run may still exist: check the product environment's access keys "+
				"(the cloudinary_access_keys data source or the Cloudinary Console) and delete it.", err))
		return
	}
	r.deleteKey(ctx, &resp.Diagnostics, ref.ProductEnvironmentID, ref.APIKey)
}

// deleteKey deletes the key; already gone counts as deleted.
func (r *accessKeyEphemeralResource) deleteKey(ctx context.Context, diags *diag.Diagnostics, envID, apiKey string) {
	c := r.data.apiClient(diags)
	if c == nil {
		return
	}
	if err := ignoreNotFound(c.DeleteAccessKey(ctx, envID, apiKey)); err != nil {
		diags.AddError("Unable to delete ephemeral access key", fmt.Sprintf(
			"The access key %s of product environment %s was generated for this run but could not be deleted, so it "+
				"still works. Delete it in the Cloudinary Console (or through the Provisioning API: DELETE "+
				"/v1_1/provisioning/accounts/<account_id>/sub_accounts/%s/access_keys/%s).\n\nAPI error: %s",
			apiKey, envID, envID, apiKey, err))
		return
	}
	tflog.Info(ctx, "deleted ephemeral access key", map[string]any{"product_environment_id": envID, "api_key": apiKey})
}
