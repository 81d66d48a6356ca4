package planshortcut

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
)

// How the shortcut reads a resource's schema: it asks each attribute what the
// framework asks when it plans, through the same methods, not by reading
// struct fields by name:
//   - write-only: Attribute.IsWriteOnly, part of schema.Attribute;
//   - a default: the <Kind>DefaultValue methods that the framework's
//     TransformDefaults (internal/fwschemadata) type-switches on, in its
//     order (the defaulter interfaces below);
//   - nesting: GetNestedObject of nested attributes and blocks, then
//     GetAttributes and GetBlocks, as the framework walks a schema.
//
// So a method the framework renames or drops breaks the build here
// (IsWriteOnly and GetNestedObject are in its exported interfaces; every
// schema type with a Default is asserted below to have its method), where a
// renamed struct field would have made a scan by name see nothing and the
// shortcut answer more plans, silently. It also covers attribute types from
// outside resource/schema, as the framework does. What a build cannot catch,
// a schema type or a field the framework adds (another way to plan a value
// the proposed state lacks), fails TestSchemaTypes_fields, and
// TestSchemaTypes_everyDefaultAndWriteOnlySeen checks, for every schema type,
// that setting its Default, WriteOnly or anything nested in it is seen here.

// The framework's fwschema.AttributeWith<Kind>DefaultValue interfaces, less
// the Attribute part (internal to the framework).
type (
	boolDefaulter    interface{ BoolDefaultValue() defaults.Bool }
	float32Defaulter interface{ Float32DefaultValue() defaults.Float32 }
	float64Defaulter interface{ Float64DefaultValue() defaults.Float64 }
	int32Defaulter   interface{ Int32DefaultValue() defaults.Int32 }
	int64Defaulter   interface{ Int64DefaultValue() defaults.Int64 }
	listDefaulter    interface{ ListDefaultValue() defaults.List }
	mapDefaulter     interface{ MapDefaultValue() defaults.Map }
	numberDefaulter  interface{ NumberDefaultValue() defaults.Number }
	objectDefaulter  interface{ ObjectDefaultValue() defaults.Object }
	setDefaulter     interface{ SetDefaultValue() defaults.Set }
	stringDefaulter  interface{ StringDefaultValue() defaults.String }
	dynamicDefaulter interface{ DynamicDefaultValue() defaults.Dynamic }
)

// Every schema type with a Default field has the method the framework reads
// it through; a rename fails the build here.
var (
	_ boolDefaulter    = schema.BoolAttribute{}
	_ float32Defaulter = schema.Float32Attribute{}
	_ float64Defaulter = schema.Float64Attribute{}
	_ int32Defaulter   = schema.Int32Attribute{}
	_ int64Defaulter   = schema.Int64Attribute{}
	_ listDefaulter    = schema.ListAttribute{}
	_ listDefaulter    = schema.ListNestedAttribute{}
	_ mapDefaulter     = schema.MapAttribute{}
	_ mapDefaulter     = schema.MapNestedAttribute{}
	_ numberDefaulter  = schema.NumberAttribute{}
	_ objectDefaulter  = schema.ObjectAttribute{}
	_ objectDefaulter  = schema.SingleNestedAttribute{}
	_ setDefaulter     = schema.SetAttribute{}
	_ setDefaulter     = schema.SetNestedAttribute{}
	_ stringDefaulter  = schema.StringAttribute{}
	_ dynamicDefaulter = schema.DynamicAttribute{}
)

// hasDefault reports whether the framework would plan a default for a, as
// TransformDefaults decides it.
func hasDefault(a schema.Attribute) bool {
	switch a := a.(type) {
	case boolDefaulter:
		return a.BoolDefaultValue() != nil
	case float32Defaulter:
		return a.Float32DefaultValue() != nil
	case float64Defaulter:
		return a.Float64DefaultValue() != nil
	case int32Defaulter:
		return a.Int32DefaultValue() != nil
	case int64Defaulter:
		return a.Int64DefaultValue() != nil
	case listDefaulter:
		return a.ListDefaultValue() != nil
	case mapDefaulter:
		return a.MapDefaultValue() != nil
	case numberDefaulter:
		return a.NumberDefaultValue() != nil
	case objectDefaulter:
		return a.ObjectDefaultValue() != nil
	case setDefaulter:
		return a.SetDefaultValue() != nil
	case stringDefaulter:
		return a.StringDefaultValue() != nil
	case dynamicDefaulter:
		return a.DynamicDefaultValue() != nil
	}
	return false
}

// plansUnproposed reports whether the framework may plan for a a value other
// than the proposed one even when the proposed state is the prior state: a
// default (planned when the configuration leaves a out) or write-only
// (proposed as null whatever the configuration says).
func plansUnproposed(a schema.Attribute) bool {
	return a.IsWriteOnly() || hasDefault(a)
}

// inAttribute reports whether pred holds for a or for any attribute nested
// in it.
func inAttribute(a schema.Attribute, pred func(schema.Attribute) bool) bool {
	if pred(a) {
		return true
	}
	if n, ok := a.(schema.NestedAttribute); ok {
		if o := n.GetNestedObject(); o != nil {
			for _, c := range o.GetAttributes() {
				if inAttribute(c, pred) {
					return true
				}
			}
		}
	}
	return false
}

// inBlock reports whether pred holds for any attribute of b, or of a block
// nested in it.
func inBlock(b schema.Block, pred func(schema.Attribute) bool) bool {
	o := b.GetNestedObject()
	if o == nil {
		return false
	}
	for _, a := range o.GetAttributes() {
		if inAttribute(a, pred) {
			return true
		}
	}
	for _, c := range o.GetBlocks() {
		if inBlock(c, pred) {
			return true
		}
	}
	return false
}

// shortcutTypes lists the provider's resource types the shortcut may answer
// for: those whose only defaults are top-level bools (checked against the
// prior state), with no write-only attribute, and whose ModifyPlan, if any,
// leaves unchanged plans alone. Every plan of any other type goes to the
// framework.
func shortcutTypes(ctx context.Context, p provider.Provider) map[string]shortcutType {
	out := map[string]shortcutType{}
	eachResourceSchema(ctx, p, func(typeName string, r resource.Resource, s schema.Schema) {
		if _, modifies := r.(resource.ResourceWithModifyPlan); modifies {
			if _, alone := r.(LeavesUnchangedPlansAlone); !alone {
				return
			}
		}
		if t, ok := checkableType(ctx, s); ok {
			out[typeName] = t
		}
	})
	return out
}

// eachResourceSchema calls f with every resource type of p, as the framework
// names it, a new instance and its schema; a type whose schema reports an
// error is left out (the framework would refuse to serve it).
func eachResourceSchema(ctx context.Context, p provider.Provider, f func(typeName string, r resource.Resource, s schema.Schema)) {
	var meta provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &meta)
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &md)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		if !sr.Diagnostics.HasError() {
			f(md.TypeName, r, sr.Schema)
		}
	}
}

// checkableType is what the shortcut needs of a resource schema, or false
// when it has something plansUnproposed that the shortcut cannot check
// against the prior state: anything but a top-level bool default with a
// known value.
func checkableType(ctx context.Context, s schema.Schema) (shortcutType, bool) {
	t := shortcutType{state: s.Type().TerraformType(ctx), boolDefaults: map[string]bool{}}
	for name, a := range s.Attributes {
		if a.IsWriteOnly() {
			return t, false
		}
		if b, ok := a.(boolDefaulter); ok && b.BoolDefaultValue() != nil {
			var resp defaults.BoolResponse
			b.BoolDefaultValue().DefaultBool(ctx, defaults.BoolRequest{Path: path.Root(name)}, &resp)
			if resp.Diagnostics.HasError() || resp.PlanValue.IsNull() || resp.PlanValue.IsUnknown() {
				return t, false
			}
			t.boolDefaults[name] = resp.PlanValue.ValueBool()
			continue
		}
		if inAttribute(a, plansUnproposed) {
			return t, false
		}
	}
	for _, b := range s.Blocks {
		if inBlock(b, plansUnproposed) {
			return t, false
		}
	}
	return t, true
}
