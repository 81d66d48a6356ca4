package provider

// What the provider tells the read shortcut (internal/planshortcut,
// read.go): whether a resource's Read, given its prior state, would store
// that state unchanged. The shortcut then answers the read with the prior
// state's own bytes, and the framework's read path (a resource Configure,
// the model encoded again by reflection, the semantic-equality and
// write-only walks) is skipped.
//
// Invariants (TestSameModel; TestAccReadShortcut_answersEveryResourceType
// in server_test.go; and every acceptance test, which runs through
// planshortcut.NewVerifyingServer: it also asks the framework and fails on
// any difference, so the drift tests fail if a change were hidden):
//   - A resource answers with the same steps its Read takes, on the same
//     data: readOne's fetch and toState (unchangedBy), or its own Read's
//     lookups (role assignments, memberships). It never writes, and it
//     reads through the read cache exactly as Read does, so a read it
//     answers costs the API what Read would have.
//   - It says unchanged only when the state Read would store equals the
//     prior state attribute by attribute (attr.Value's Equal: a set's order
//     does not count, as it does not for Terraform); on any error, a gone
//     object or any difference it says false, and Read runs.
//   - A resource type without readsUnchanged is always left to its Read;
//     TestAccReadShortcut_answersEveryResourceType fails for it.

import (
	"context"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/planshortcut"
)

// unchangedReader is a resource that can tell, without its Read, that the
// Read would store prior unchanged, and the identity it would store.
type unchangedReader interface {
	readsUnchanged(ctx context.Context, prior tfsdk.State) (identity any, unchanged bool)
}

// unchangedReads is what a configured provider publishes for the read
// shortcut: every resource type that is an unchangedReader, configured with
// the provider's data.
type unchangedReads struct {
	data  *providerData
	types map[string]unchangedReadType
}

type unchangedReadType struct {
	reader   unchangedReader
	schema   schema.Schema
	identity *identityschema.Schema // nil: the type has no identity
}

// publishUnchangedReads makes the read shortcut of the server being
// configured (ctx is Configure's) answer from data.
func publishUnchangedReads(ctx context.Context, p provider.Provider, data *providerData) {
	var meta provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &meta)
	reads := unchangedReads{data: data, types: map[string]unchangedReadType{}}
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		reader, ok := r.(unchangedReader)
		if !ok {
			continue
		}
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &md)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		var cr resource.ConfigureResponse
		if c, ok := r.(resource.ResourceWithConfigure); ok {
			c.Configure(ctx, resource.ConfigureRequest{ProviderData: data}, &cr)
		}
		if sr.Diagnostics.HasError() || cr.Diagnostics.HasError() {
			continue
		}
		t := unchangedReadType{reader: reader, schema: sr.Schema}
		if ri, ok := r.(resource.ResourceWithIdentity); ok {
			var ir resource.IdentitySchemaResponse
			ri.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &ir)
			if ir.Diagnostics.HasError() {
				continue
			}
			t.identity = &ir.IdentitySchema
		}
		reads.types[md.TypeName] = t
	}
	planshortcut.PublishUnchangedReads(ctx, reads)
}

// ReadsUnchanged implements planshortcut.UnchangedReads.
func (u unchangedReads) ReadsUnchanged(ctx context.Context, typeName string, prior tftypes.Value) (tftypes.Value, bool) {
	t, ok := u.types[typeName]
	if !ok {
		return tftypes.Value{}, false
	}
	// Every Read starts the refresh's loads (beginRead); so does this.
	u.data.reads.Prefetch(ctx)
	ident, unchanged := t.reader.readsUnchanged(ctx, tfsdk.State{Schema: t.schema, Raw: prior})
	if !unchanged {
		return tftypes.Value{}, false
	}
	if t.identity == nil {
		return tftypes.Value{}, true
	}
	out := tfsdk.ResourceIdentity{Schema: t.identity, Raw: tftypes.NewValue(t.identity.Type().TerraformType(ctx), nil)}
	if out.Set(ctx, ident).HasError() {
		return tftypes.Value{}, false
	}
	return out.Raw, true
}

// unchangedBy is readOne's answer to the read shortcut: whether toState
// keeps the prior state as it is, the object fetched as Read fetches it.
func unchangedBy[M, T any](ctx context.Context, prior tfsdk.State, o objectRead[M, T]) (any, bool) {
	var state M
	if prior.Get(ctx, &state).HasError() {
		return nil, false
	}
	obj, err := o.fetch(ctx, state)
	if err != nil {
		return nil, false
	}
	return o.identity(state), sameModel(o.toState(obj, state), state)
}

// sameModel reports whether two models of a resource hold equal values,
// attribute by attribute: attr.Value's Equal for each field (order-blind
// for sets, as Terraform is), reflect.DeepEqual for any other field.
func sameModel[M any](a, b M) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Kind() != reflect.Struct {
		return reflect.DeepEqual(a, b)
	}
	for i := range va.NumField() {
		if !va.Type().Field(i).IsExported() {
			return reflect.DeepEqual(a, b)
		}
		fa, fb := va.Field(i).Interface(), vb.Field(i).Interface()
		av, isValue := fa.(attr.Value)
		bv, _ := fb.(attr.Value) // the same field's type as fa
		if isValue {
			if !av.Equal(bv) {
				return false
			}
		} else if !reflect.DeepEqual(fa, fb) {
			return false
		}
	}
	return true
}
