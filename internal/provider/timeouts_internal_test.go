package provider

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestTimeoutValueValidator(t *testing.T) {
	cases := map[string]struct {
		v    types.String
		want string // "" for valid
	}{
		"seconds":  {types.StringValue("30s"), ""},
		"compound": {types.StringValue("1h30m"), ""},
		"null":     {types.StringNull(), ""},
		"unknown":  {types.StringUnknown(), ""},
		"zero":     {types.StringValue("0s"), `timeouts.create: value must be a positive duration`},
		"negative": {types.StringValue("-5m"), `got "-5m"`},
		"no unit":  {types.StringValue("30"), `got "30"`},
		"words":    {types.StringValue("soon"), `such as "30s", "10m" or "1h30m", got "soon"`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var resp validator.StringResponse
			timeoutValueValidator{}.ValidateString(t.Context(), validator.StringRequest{
				Path: path.Root("timeouts").AtName("create"), ConfigValue: tc.v,
			}, &resp)
			switch {
			case tc.want == "" && resp.Diagnostics.HasError():
				t.Errorf("unexpected error: %v", resp.Diagnostics)
			case tc.want != "" && (!resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics[0].Detail(), tc.want)):
				t.Errorf("want an error containing %q, got %v", tc.want, resp.Diagnostics)
			}
		})
	}
}

func TestTimeoutsBlock(t *testing.T) {
	for _, tc := range []struct {
		opts timeouts.Opts
		want []string
	}{
		{crudTimeouts, []string{"create", "delete", "update"}},
		{createDeleteTimeouts, []string{"create", "delete"}},
	} {
		block, ok := timeoutsBlock(t.Context(), tc.opts).(schema.SingleNestedBlock)
		if !ok {
			t.Fatalf("timeouts block is %T", timeoutsBlock(t.Context(), tc.opts))
		}
		if !strings.Contains(block.MarkdownDescription, "the default is `20m`") {
			t.Errorf("block description %q", block.MarkdownDescription)
		}
		if len(block.Attributes) != len(tc.want) {
			t.Errorf("attributes %v, want %v", block.Attributes, tc.want)
		}
		for _, name := range tc.want {
			a, ok := block.Attributes[name].(schema.StringAttribute)
			if !ok || !a.Optional {
				t.Fatalf("%s is %#v", name, block.Attributes[name])
			}
			if !strings.Contains(a.MarkdownDescription, "Default `20m`") {
				t.Errorf("%s description %q", name, a.MarkdownDescription)
			}
			if len(a.Validators) != 1 {
				t.Errorf("%s validators %v", name, a.Validators)
			} else if _, ok := a.Validators[0].(timeoutValueValidator); !ok {
				t.Errorf("%s validator %T", name, a.Validators[0])
			}
		}
		// nullTimeouts has the block's type, so models built from scratch fit.
		if got, want := nullTimeouts(tc.opts).Type(t.Context()), block.CustomType; !got.Equal(want) {
			t.Errorf("nullTimeouts type %s, block type %s", got, want)
		}
	}
}

func timeoutsTestValue(values map[string]string) timeouts.Value {
	attrTypes := map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType}
	elems := map[string]attr.Value{}
	for name := range attrTypes {
		if v, ok := values[name]; ok {
			elems[name] = types.StringValue(v)
		} else {
			elems[name] = types.StringNull()
		}
	}
	return timeouts.Value{Object: types.ObjectValueMust(attrTypes, elems)}
}

func TestWithTimeout(t *testing.T) {
	deadlineIn := func(ctx context.Context) time.Duration {
		d, ok := ctx.Deadline()
		if !ok {
			t.Fatal("no deadline")
		}
		return time.Until(d)
	}
	var diags diag.Diagnostics

	// Unset: the 20 minute default, for null blocks too.
	for _, v := range []timeouts.Value{nullTimeouts(crudTimeouts), timeoutsTestValue(nil)} {
		ctx, done := withTimeout(t.Context(), "update", v, &diags)
		if d := deadlineIn(ctx); d < 19*time.Minute || d > 20*time.Minute {
			t.Errorf("default deadline in %s", d)
		}
		done()
	}
	// Each operation reads its own attribute.
	v := timeoutsTestValue(map[string]string{"create": "1m", "update": "2m", "delete": "3m"})
	for op, want := range map[string]time.Duration{"create": time.Minute, "update": 2 * time.Minute, "delete": 3 * time.Minute} {
		ctx, done := withTimeout(t.Context(), op, v, &diags)
		if d := deadlineIn(ctx); d > want || d < want-10*time.Second {
			t.Errorf("%s deadline in %s, want %s", op, d, want)
		}
		done()
	}
	if diags.HasError() {
		t.Fatalf("diagnostics: %v", diags)
	}

	// A failure caused by the deadline is explained; a success is not, nor
	// is a failure before the deadline.
	ctx, done := withTimeout(t.Context(), "create", timeoutsTestValue(map[string]string{"create": "20ms"}), &diags)
	<-ctx.Done()
	done()
	if diags.HasError() {
		t.Errorf("a successful operation got %v", diags)
	}
	diags = nil
	_, done = withTimeout(t.Context(), "create", timeoutsTestValue(map[string]string{"create": "1h"}), &diags)
	diags.AddError("Unable to create user", "HTTP 500")
	done()
	if len(diags) != 1 {
		t.Errorf("a failure before the deadline got %v", diags)
	}
	diags = nil
	ctx, done = withTimeout(t.Context(), "delete", timeoutsTestValue(map[string]string{"delete": "20ms"}), &diags)
	<-ctx.Done()
	diags.AddError("Unable to delete user", ctx.Err().Error())
	done()
	if len(diags) != 2 || diags[1].Summary() != "Operation timed out" ||
		!strings.Contains(diags[1].Detail(), "The delete did not finish within its timeout of 20ms") ||
		!strings.Contains(diags[1].Detail(), `timeouts { delete = "40m" }`) {
		t.Errorf("timeout not explained: %v", diags)
	}
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Errorf("context error %v", ctx.Err())
	}
}
