package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// importSeparator joins the parts of composite import ids. It is "/" because
// system role ids contain "::".
const importSeparator = "/"

// splitImportID splits a composite import id into exactly len(parts) non-empty
// pieces; the error shows the expected shape, e.g. "<group_id>/<user_id>".
func splitImportID(id string, parts ...string) ([]string, error) {
	got := strings.Split(id, importSeparator)
	if len(got) == len(parts) {
		ok := true
		for _, p := range got {
			if strings.TrimSpace(p) == "" {
				ok = false
			}
		}
		if ok {
			return got, nil
		}
	}
	shape := "<" + strings.Join(parts, ">"+importSeparator+"<") + ">"
	return nil, fmt.Errorf("import id must look like %s, got %q", shape, id)
}

// joinID builds a composite id; the inverse of splitImportID.
func joinID(parts ...string) string { return strings.Join(parts, importSeparator) }

// stringSet converts API strings into a set attribute value (sorted, so
// equal inputs give equal values).
func stringSet(values []string) types.Set {
	sorted := append([]string(nil), values...)
	sort.Strings(sorted)
	elems := make([]attr.Value, 0, len(sorted))
	for _, v := range sorted {
		elems = append(elems, types.StringValue(v))
	}
	return types.SetValueMust(types.StringType, elems)
}

// setStrings reads a set (or list) of strings; null and unknown give nil.
func setStrings(ctx context.Context, s interface {
	IsNull() bool
	IsUnknown() bool
	ElementsAs(context.Context, any, bool) diag.Diagnostics
}, diags *diag.Diagnostics) []string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(s.ElementsAs(ctx, &out, false)...)
	sort.Strings(out)
	return out
}

// stringOrNull maps an optional API string (nil or "") to null.
func stringOrNull(v *string) types.String {
	if v == nil || *v == "" {
		return types.StringNull()
	}
	return types.StringValue(*v)
}

// epochString renders the permissions API's epoch seconds as RFC 3339, the
// same format the provisioning API uses, so every *_at attribute reads alike.
func epochString(sec int64) types.String {
	if sec == 0 {
		return types.StringNull()
	}
	return types.StringValue(time.Unix(sec, 0).UTC().Format(time.RFC3339))
}

// removeWhenGone handles an error from Read: on 404 the object was deleted
// outside Terraform, so it leaves state (the next plan creates it again) and
// reports true. Other errors are left to the caller.
func removeWhenGone(ctx context.Context, err error, resp *resource.ReadResponse, what, id string) bool {
	if !client.IsNotFound(err) {
		return false
	}
	tflog.Info(ctx, "object no longer exists; removing it from state", map[string]any{"object": what, "id": id})
	resp.State.RemoveResource(ctx)
	return true
}

// ignoreNotFound treats a 404 from a delete as success: the object is gone,
// which is what the delete wanted.
func ignoreNotFound(err error) error {
	if client.IsNotFound(err) {
		return nil
	}
	return err
}

// objectRead says how a resource's Read finds its one API object (or the
// one answer that holds it) and maps it into state. M is the resource's
// model, T what fetch returns.
type objectRead[M, T any] struct {
	// what names the object in messages: "access key".
	what string
	// key is the object's id in the prior state, for logs.
	key func(prior M) string
	// identity is the resource identity of a model.
	identity func(M) any
	// fetch reads the object through the read cache; an error matching
	// client.IsNotFound means it is gone.
	fetch func(ctx context.Context, prior M) (T, error)
	// toState maps the object into the next state.
	toState func(obj T, prior M) M
}

// readOne is the whole Read of every resource: it reads the object (fresh
// after an import), removes the resource from state when the object is gone
// (deleted outside Terraform), and otherwise stores what toState makes of
// it, with the identity.
func readOne[M, T any](ctx context.Context, data *providerData, req resource.ReadRequest, resp *resource.ReadResponse, o objectRead[M, T]) {
	ctx = data.beginRead(ctx, req.Private, resp.Private, &resp.Diagnostics)
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	setIdentity(ctx, resp.Identity, o.identity(state), &resp.Diagnostics)
	obj, err := o.fetch(ctx, state)
	if err != nil {
		if removeWhenGone(ctx, err, resp, o.what, o.key(state)) {
			return
		}
		addAPIError(&resp.Diagnostics, "read", o.what, err)
		return
	}
	next := o.toState(obj, state)
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
	setIdentity(ctx, resp.Identity, o.identity(next), &resp.Diagnostics)
}

// idAttribute is every resource's computed id: set once by the create (or
// the plan, where it can be derived), then kept in every later plan.
func idAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: description,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// createdAtAttribute is the computed creation time every resource reports;
// it never changes, so plans keep the known value.
func createdAtAttribute(noun string) schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: "When the " + noun + " was created (RFC 3339).",
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// updatedAtAttribute is the computed time of the last change; it changes on
// every update, so it is unknown in plans that update the object.
func updatedAtAttribute(noun string) schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: "When the " + noun + " was last updated (RFC 3339).",
	}
}
