package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Operation timeouts. Every resource has a `timeouts` block (the block form,
// so that configurations written before it existed stay valid) with one
// attribute per operation it implements. The operation's context is wrapped
// with the timeout, and the client's retry and rate-limit waits all use the
// request context, so they stop at the deadline.

// defaultOperationTimeout bounds create, update and delete when the
// configuration sets no timeout. It is long because one operation may wait
// for Cloudinary's hourly rate limit (max_rate_limit_wait, 5m by default)
// more than once.
const defaultOperationTimeout = 20 * time.Minute

// timeoutsAttr is the name of the block in every resource schema.
const timeoutsAttr = "timeouts"

// Which timeouts a resource takes: crudTimeouts for resources that update in
// place, createDeleteTimeouts for those whose every change replaces them.
var (
	crudTimeouts         = timeouts.Opts{Create: true, Update: true, Delete: true}
	createDeleteTimeouts = timeouts.Opts{Create: true, Delete: true}
)

// timeoutsBlock is the `timeouts` block for opts, with descriptions and
// timeoutValueValidator in place of the library's validator, which accepts
// "-1h" (that would fail every operation at once) and does not name the
// attribute in its message.
func timeoutsBlock(ctx context.Context, opts timeouts.Opts) schema.Block {
	described := opts
	described.CreateDescription = timeoutDescription("create", "creating the object, including the lookup that follows a create whose outcome is unknown")
	described.UpdateDescription = timeoutDescription("update", "updating the object in place")
	described.DeleteDescription = timeoutDescription("delete", "deleting the object")
	block, ok := timeouts.Block(ctx, described).(schema.SingleNestedBlock)
	if !ok {
		// timeouts.Block has always returned a SingleNestedBlock; keep
		// whatever it returns should that change.
		return timeouts.Block(ctx, described)
	}
	block.MarkdownDescription = "How long each operation may take before Terraform gives up on it. Each value is a " +
		"duration such as `\"30s\"`, `\"10m\"` or `\"1h\"`; the default is `20m`. The time includes the provider's " +
		"retries and any wait for Cloudinary's rate limit to reset."
	attrs := make(map[string]schema.Attribute, len(block.Attributes))
	for name, a := range block.Attributes {
		s, ok := a.(schema.StringAttribute)
		if !ok {
			attrs[name] = a
			continue
		}
		s.MarkdownDescription = s.Description
		s.Validators = []validator.String{timeoutValueValidator{}}
		attrs[name] = s
	}
	block.Attributes = attrs
	return block
}

func timeoutDescription(op, what string) string {
	return fmt.Sprintf("Longest time for %s, as a duration such as `\"30s\"` or `\"1h\"`; must be positive. "+
		"Default `20m`. When it runs out, the %s fails with an error saying the deadline was exceeded.", what, op)
}

// nullTimeouts is the value of a `timeouts` block that is not configured,
// typed for opts: models built from scratch (imports) carry it.
func nullTimeouts(opts timeouts.Opts) timeouts.Value {
	attrTypes := map[string]attr.Type{}
	for name, on := range map[string]bool{"create": opts.Create, "read": opts.Read, "update": opts.Update, "delete": opts.Delete} {
		if on {
			attrTypes[name] = types.StringType
		}
	}
	return timeouts.Value{Object: types.ObjectNull(attrTypes)}
}

// withTimeout bounds ctx by the configured (or default) timeout of op
// ("create", "update" or "delete"). Call done when the operation ends: it
// releases the context and, when the operation failed because the deadline
// passed, adds an error that says which timeout ran out and how to raise it.
// A configured value that cannot be used (the plan-time validators make that
// impossible) adds a diagnostic and keeps the default.
func withTimeout(ctx context.Context, op string, t timeouts.Value, diags *diag.Diagnostics) (context.Context, func()) {
	var d time.Duration
	var dd diag.Diagnostics
	switch op {
	case "create":
		d, dd = t.Create(ctx, defaultOperationTimeout)
	case "update":
		d, dd = t.Update(ctx, defaultOperationTimeout)
	default:
		d, dd = t.Delete(ctx, defaultOperationTimeout)
	}
	diags.Append(dd...)
	if d <= 0 {
		d = defaultOperationTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, func() {
		if diags.HasError() && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			diags.AddError("Operation timed out", timeoutDetail(op, d))
		}
		cancel()
	}
}

// timeoutDetail explains a timeout that ran out.
func timeoutDetail(op string, d time.Duration) string {
	return fmt.Sprintf("The %s did not finish within its timeout of %s: the deadline was exceeded, and the "+
		"operation was abandoned. The time includes the provider's retries and any wait for Cloudinary's rate "+
		"limit to reset. To allow more time, raise it in the resource's timeouts block, e.g. "+
		"timeouts { %s = \"40m\" } (the default is 20m).", op, d, op)
}

// timeoutValueValidator accepts a positive Go duration ("30s", "10m",
// "1h30m").
type timeoutValueValidator struct{}

func (timeoutValueValidator) Description(context.Context) string {
	return "value must be a positive duration: a number and a unit (\"s\", \"m\" or \"h\"), such as \"30s\", \"10m\" or \"1h30m\""
}

func (v timeoutValueValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v timeoutValueValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err == nil && d > 0 {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid timeout",
		fmt.Sprintf("%s: %s, got %q.", req.Path, v.Description(ctx), req.ConfigValue.ValueString()))
}
