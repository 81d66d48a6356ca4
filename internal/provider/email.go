package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Email addresses are compared ignoring letter case: Cloudinary keeps the
// spelling it was given but treats addresses that differ only in case as the
// same (emails are unique "ignoring letter case", and an update that changes
// only the case sends nothing, see userUpdateRequest). So a configuration
// spelling `olivia@example.com` for a user Cloudinary knows as
// `Olivia@Example.com` (typically after an import) must plan no change:
//
//   - emailType's values are semantically equal when they differ in case
//     only, so a read, create or update that returns the other spelling keeps
//     the one in state (or plan);
//   - keepEquivalentEmail plans the prior value when the configured one
//     differs from it in case only, since the framework does not apply
//     semantic equality to plans (Terraform accepts the prior value in place
//     of the configured one as "functionally equivalent").

// emailType is the type of cloudinary_user.email.
type emailType struct {
	basetypes.StringType
}

var _ basetypes.StringTypable = emailType{}

func (t emailType) Equal(o attr.Type) bool {
	_, ok := o.(emailType)
	return ok
}

func (t emailType) String() string { return "emailType" }

func (t emailType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return emailValue{StringValue: in}, nil
}

func (t emailType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return emailValue{StringValue: s}, nil
}

func (t emailType) ValueType(context.Context) attr.Value { return emailValue{} }

// emailValue is a value of emailType.
type emailValue struct {
	basetypes.StringValue
}

var _ basetypes.StringValuableWithSemanticEquals = emailValue{}

// newEmailValue is a known email address.
func newEmailValue(s string) emailValue { return emailValue{StringValue: basetypes.NewStringValue(s)} }

func (v emailValue) Type(context.Context) attr.Type { return emailType{} }

func (v emailValue) Equal(o attr.Value) bool {
	other, ok := o.(emailValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals treats addresses that differ only in letter case as
// equal.
func (v emailValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	other, ok := newValuable.(emailValue)
	if !ok {
		diags.AddError("Semantic equality check error",
			fmt.Sprintf("Expected an emailValue, got %T. This is a bug in the provider; please report it.", newValuable))
		return false, diags
	}
	if v.IsNull() || v.IsUnknown() || other.IsNull() || other.IsUnknown() {
		return v.StringValue.Equal(other.StringValue), diags
	}
	return strings.EqualFold(v.ValueString(), other.ValueString()), diags
}

// keepEquivalentEmail plans the prior address when the configured one
// differs from it only in letter case, so that such a configuration plans
// no change (see the comment at the top of this file).
type keepEquivalentEmail struct{}

func (keepEquivalentEmail) Description(context.Context) string {
	return "Keeps the address in state when the configured one differs from it only in letter case."
}

func (m keepEquivalentEmail) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keepEquivalentEmail) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	if req.PlanValue.ValueString() != req.StateValue.ValueString() &&
		strings.EqualFold(req.PlanValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}
