package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Strings that mean the same to Cloudinary although spelled differently (an
// email in another letter case, a Cedar statement reformatted, a JSON object
// with its keys in another order) must plan no change. Two mechanisms do it,
// both parameterised here by one equivalence so each rule is said once:
//
//   - equivalentStringType[E]: a custom string type whose values are
//     semantically equal when E says so, so a read, create or update that
//     returns the other spelling keeps the one in state (or plan);
//   - keepEquivalent[E]: a plan modifier that plans the prior value when the
//     configured one is equivalent to it, because the framework does not
//     apply semantic equality to plans (Terraform accepts a planned value
//     equal to the prior state as "functionally equivalent" to the
//     configuration).
//
// Invariants (equivalent_strings_internal_test.go): null and unknown values
// are equal only to themselves; identical strings are always equivalent; a
// plan is only ever replaced by the prior state, never by anything else.

// equivalence is one rule of sameness; its zero value is used.
type equivalence interface {
	// name names the type in messages ("email").
	name() string
	// differs says how equivalent values may differ ("only in letter case").
	differs() string
	equivalent(a, b string) bool
}

// equivalentStringType is a string type whose values compare with E.
type equivalentStringType[E equivalence] struct {
	basetypes.StringType
}

var _ basetypes.StringTypable = equivalentStringType[caseInsensitiveEmail]{}

func (t equivalentStringType[E]) Equal(o attr.Type) bool {
	_, ok := o.(equivalentStringType[E])
	return ok
}

func (t equivalentStringType[E]) String() string {
	var e E
	return "equivalentStringType[" + e.name() + "]"
}

func (t equivalentStringType[E]) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return equivalentString[E]{StringValue: in}, nil
}

func (t equivalentStringType[E]) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return equivalentString[E]{StringValue: s}, nil
}

func (t equivalentStringType[E]) ValueType(context.Context) attr.Value { return equivalentString[E]{} }

// equivalentString is a value of equivalentStringType[E].
type equivalentString[E equivalence] struct {
	basetypes.StringValue
}

var _ basetypes.StringValuableWithSemanticEquals = equivalentString[caseInsensitiveEmail]{}

func (v equivalentString[E]) Type(context.Context) attr.Type { return equivalentStringType[E]{} }

func (v equivalentString[E]) Equal(o attr.Value) bool {
	other, ok := o.(equivalentString[E])
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals reports E's equivalence for known values.
func (v equivalentString[E]) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	var e E
	other, ok := newValuable.(equivalentString[E])
	if !ok {
		diags.AddError("Semantic equality check error",
			fmt.Sprintf("Expected a %s value, got %T. This is a bug in the provider; please report it.", e.name(), newValuable))
		return false, diags
	}
	if v.IsNull() || v.IsUnknown() || other.IsNull() || other.IsUnknown() {
		return v.StringValue.Equal(other.StringValue), diags
	}
	return e.equivalent(v.ValueString(), other.ValueString()), diags
}

// keepEquivalent plans the prior value when the configured one is
// equivalent to it under E, so such an edit plans no change.
type keepEquivalent[E equivalence] struct{}

func (keepEquivalent[E]) Description(context.Context) string {
	var e E
	return fmt.Sprintf("Keeps the %s in state when the configured one differs from it %s.", e.name(), e.differs())
}

func (m keepEquivalent[E]) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keepEquivalent[E]) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	var e E
	if req.PlanValue.ValueString() != req.StateValue.ValueString() &&
		e.equivalent(req.PlanValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}
