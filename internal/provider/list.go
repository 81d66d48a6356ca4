package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// List resources (terraform query, Terraform 1.14 and later). Each managed
// resource type has one: it finds the objects of the account through the
// read cache, with the filters users reach for, and answers each as an
// identity (what an import block needs) and, with include_resource, a full
// state.
//
// Invariants:
//   - A listed object's state is what the resource's own Read makes of it
//     after an import: the list only finds the objects and names their
//     identifying attributes, and Read does the rest. So a configuration
//     generated from the results plans no change once imported
//     (TestListAnswer_readsEachObjectLikeAnImport,
//     TestAccList_generateConfigRoundTrip).
//   - Every read goes through the read cache: a query of the whole account
//     costs about what a refresh of it costs, and the Reads of the listed
//     objects are answered from the collections the listing loaded
//     (TestAccList_generateConfigRoundTrip compares the two).
//   - Secrets are never in a result: the attributes a type names as secret
//     are null in every state it answers (TestListAnswer_*, TestAccList_query).
//   - An object gone between the listing and its Read is left out, not
//     answered as an error; at most Limit results are answered
//     (TestListAnswer_readsEachObjectLikeAnImport, _honoursTheLimit).

// listedObject is one object a listing found.
type listedObject struct {
	// name is what terraform query shows for it.
	name string
	// keys are the attributes that identify it in state; the resource's
	// Read fills in the rest.
	keys map[string]attr.Value
	// prior, when set, is the whole prior state instead (a model of the
	// resource, as its ImportState sets it).
	prior any
}

// listedByID is a listedObject identified by its id alone.
func listedByID(name, id string) listedObject {
	return listedObject{name: name, keys: map[string]attr.Value{"id": types.StringValue(id)}}
}

// listAnswer answers a List: it streams, for each object (at most
// req.Limit), the state read would make of it. secret names attributes that
// are always null in the answers.
func listAnswer(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream,
	read func(context.Context, resource.ReadRequest, *resource.ReadResponse), objects []listedObject, secret ...string) {
	stream.Results = func(push func(list.ListResult) bool) {
		pushed := int64(0)
		for _, obj := range objects {
			if req.Limit > 0 && pushed >= req.Limit {
				return
			}
			result, found := listResult(ctx, req, read, obj, secret)
			if !found {
				continue
			}
			pushed++
			if !push(result) {
				return
			}
		}
	}
}

// listResult reads one listed object with read, from a prior state that
// holds only its keys, as Terraform's Read after an import does.
func listResult(ctx context.Context, req list.ListRequest, read func(context.Context, resource.ReadRequest, *resource.ReadResponse),
	obj listedObject, secret []string) (list.ListResult, bool) {
	result := req.NewListResult(ctx)
	result.DisplayName = obj.name
	prior, diags := priorStateOf(ctx, req, obj)
	if diags.HasError() {
		result.Diagnostics = diags
		return result, true
	}
	resp := resource.ReadResponse{State: prior, Identity: result.Identity}
	read(ctx, resource.ReadRequest{State: prior}, &resp)
	if resp.Diagnostics.HasError() {
		result.Diagnostics = resp.Diagnostics
		return result, true
	}
	if resp.State.Raw.IsNull() {
		return result, false // gone since the listing
	}
	for _, name := range secret {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), types.StringNull())...)
	}
	result.Identity = resp.Identity
	if req.IncludeResource {
		result.Resource.Raw = resp.State.Raw
	}
	result.Diagnostics = resp.Diagnostics
	return result, true
}

// priorStateOf is the state Read starts from: obj.prior, or every
// attribute null except obj.keys.
func priorStateOf(ctx context.Context, req list.ListRequest, obj listedObject) (tfsdk.State, diag.Diagnostics) {
	var diags diag.Diagnostics
	typ, ok := req.ResourceSchema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		diags.AddError("Unexpected resource schema", "The listed resource's schema is not an object. This is a bug in the provider; please report it.")
		return tfsdk.State{}, diags
	}
	if obj.prior != nil {
		state := tfsdk.State{Schema: req.ResourceSchema, Raw: tftypes.NewValue(typ, nil)}
		diags.Append(state.Set(ctx, obj.prior)...)
		return state, diags
	}
	keys := obj.keys
	values := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, t := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(t, nil)
		if v, found := keys[name]; found {
			tv, err := v.ToTerraformValue(ctx)
			if err != nil {
				diags.AddError("Cannot build the listed object's state", err.Error())
				continue
			}
			values[name] = tv
		}
	}
	return tfsdk.State{Schema: req.ResourceSchema, Raw: tftypes.NewValue(typ, values)}, diags
}

// answerList is every List: it reads the block's filters into cfg, checks
// that the provider is configured, finds the objects, and answers with what
// read (the resource's Read) makes of each. what names the objects in an
// error; secret is as for listAnswer.
func (d *providerData) answerList(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, cfg any, what string,
	read func(context.Context, resource.ReadRequest, *resource.ReadResponse), find func() ([]listedObject, error), secret ...string) {
	diags := req.Config.Get(ctx, cfg)
	if !diags.HasError() {
		d.apiClient(&diags)
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	found, err := find()
	if err != nil {
		addAPIError(&diags, "list", what, err)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	listAnswer(ctx, req, stream, read, found, secret...)
}

// matches reports whether a filter is unset or equals v.
func matches(filter types.String, v string) bool {
	return filter.IsNull() || filter.IsUnknown() || filter.ValueString() == v
}

// matchesBool reports whether a filter is unset or equals v.
func matchesBool(filter types.Bool, v bool) bool {
	return filter.IsNull() || filter.IsUnknown() || filter.ValueBool() == v
}

// hasPrefixFold reports whether a prefix filter is unset or starts v,
// ignoring letter case.
func hasPrefixFold(prefix types.String, v string) bool {
	return prefix.IsNull() || prefix.IsUnknown() || strings.HasPrefix(strings.ToLower(v), strings.ToLower(prefix.ValueString()))
}
