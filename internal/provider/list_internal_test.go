package provider

import (
	"context"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// listTestModel is the state of the fake listed type below.
type listTestModel struct {
	ID        types.String `tfsdk:"id"`
	Name      types.String `tfsdk:"name"`
	APISecret types.String `tfsdk:"api_secret"`
}

// listTestRequest lists a fake type: id, name and a secret.
func listTestRequest(include bool, limit int64) list.ListRequest {
	return list.ListRequest{
		IncludeResource: include,
		Limit:           limit,
		ResourceSchema: schema.Schema{Attributes: map[string]schema.Attribute{
			"id":         schema.StringAttribute{Computed: true},
			"name":       schema.StringAttribute{Optional: true},
			"api_secret": schema.StringAttribute{Computed: true, Sensitive: true},
		}},
		ResourceIdentitySchema: identityschema.Schema{Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{RequiredForImport: true},
		}},
	}
}

// listTestRead is a Read: "gone" no longer exists, "broken" cannot be read,
// any other id reads with a name and a secret. priors records the name each
// Read started from.
func listTestRead(priors *[]types.String) func(context.Context, resource.ReadRequest, *resource.ReadResponse) {
	return func(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
		var prior listTestModel
		resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
		*priors = append(*priors, prior.Name)
		switch id := prior.ID.ValueString(); id {
		case "gone":
			resp.State.RemoveResource(ctx)
		case "broken":
			resp.Diagnostics.AddError("Unable to read", "broken")
		default:
			resp.Diagnostics.Append(resp.State.Set(ctx, listTestModel{
				ID: prior.ID, Name: types.StringValue("name of " + id), APISecret: types.StringValue("s3cr3t"),
			})...)
			resp.Diagnostics.Append(resp.Identity.SetAttribute(ctx, path.Root("id"), prior.ID)...)
		}
	}
}

func listTestObjects(ids ...string) []listedObject {
	out := make([]listedObject, len(ids))
	for i, id := range ids {
		out[i] = listedObject{name: "display " + id, keys: map[string]attr.Value{"id": types.StringValue(id)}}
	}
	return out
}

// collectList runs listAnswer and gathers what it pushes.
func collectList(t *testing.T, req list.ListRequest, read func(context.Context, resource.ReadRequest, *resource.ReadResponse),
	objects []listedObject, secret ...string) []list.ListResult {
	t.Helper()
	var stream list.ListResultsStream
	listAnswer(t.Context(), req, &stream, read, objects, secret...)
	return slices.Collect(stream.Results)
}

// A listed object's result is what Read makes of a prior state holding only
// its keys; an object gone since the listing is left out; the secret is
// null; the identity is Read's.
func TestListAnswer_readsEachObjectLikeAnImport(t *testing.T) {
	var priors []types.String
	results := collectList(t, listTestRequest(true, 0), listTestRead(&priors), listTestObjects("a", "gone", "b"), "api_secret")
	if len(results) != 2 {
		t.Fatalf("%d results, want 2 (the gone object left out)", len(results))
	}
	for _, p := range priors {
		if !p.IsNull() {
			t.Errorf("Read started from a prior name %v, want null: the prior state holds only the keys", p)
		}
	}
	for i, id := range []string{"a", "b"} {
		r := results[i]
		if r.Diagnostics.HasError() {
			t.Fatalf("%s: %v", id, r.Diagnostics)
		}
		if r.DisplayName != "display "+id {
			t.Errorf("display name %q", r.DisplayName)
		}
		var state listTestModel
		if d := r.Resource.Get(t.Context(), &state); d.HasError() {
			t.Fatal(d)
		}
		if state.ID.ValueString() != id || state.Name.ValueString() != "name of "+id || !state.APISecret.IsNull() {
			t.Errorf("%s: state %+v, want Read's state with a null secret", id, state)
		}
		var ident types.String
		if d := r.Identity.GetAttribute(t.Context(), path.Root("id"), &ident); d.HasError() || ident.ValueString() != id {
			t.Errorf("%s: identity %v (%v)", id, ident, d)
		}
	}
}

// At most Limit results, counting only those answered.
func TestListAnswer_honoursTheLimit(t *testing.T) {
	var priors []types.String
	results := collectList(t, listTestRequest(true, 2), listTestRead(&priors), listTestObjects("gone", "a", "b", "c"))
	if len(results) != 2 || results[0].DisplayName != "display a" || results[1].DisplayName != "display b" {
		t.Errorf("results %v, want a and b", results)
	}
	if len(priors) != 3 {
		t.Errorf("read %d objects, want 3: none after the limit is reached", len(priors))
	}
}

// Without include_resource no state is answered, only the identity.
func TestListAnswer_withoutIncludeResource(t *testing.T) {
	var priors []types.String
	results := collectList(t, listTestRequest(false, 0), listTestRead(&priors), listTestObjects("a"))
	if len(results) != 1 || !results[0].Resource.Raw.IsNull() {
		t.Fatalf("results %v, want one without a resource", results)
	}
	var ident types.String
	if d := results[0].Identity.GetAttribute(t.Context(), path.Root("id"), &ident); d.HasError() || ident.ValueString() != "a" {
		t.Errorf("identity %v (%v)", ident, d)
	}
}

// A Read that fails answers its error for that object, and the others are
// still listed.
func TestListAnswer_readErrorIsAnswered(t *testing.T) {
	var priors []types.String
	results := collectList(t, listTestRequest(true, 0), listTestRead(&priors), listTestObjects("broken", "a"))
	if len(results) != 2 || !results[0].Diagnostics.HasError() || results[1].Diagnostics.HasError() {
		t.Errorf("results %v, want the broken one's error, then a", results)
	}
}
