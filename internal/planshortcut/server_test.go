package planshortcut

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// fakePlanner stands in for the framework's server: it answers every plan
// with answer and counts the calls.
type fakePlanner struct {
	frameworkServer
	answer *tfprotov6.PlanResourceChangeResponse
	calls  int
}

func (f *fakePlanner) PlanResourceChange(context.Context, *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	f.calls++
	return f.answer, nil
}

// testObjectType is the state type of the fake resource types below: a
// name, and an enabled flag that defaults to true.
var testObjectType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{"name": tftypes.String, "enabled": tftypes.Bool}}

// testTypes are the shortcut's types for the fake resources.
var testTypes = map[string]shortcutType{
	"cloudinary_user_group": {state: testObjectType, boolDefaults: map[string]bool{}},
	"cloudinary_role":       {state: testObjectType, boolDefaults: map[string]bool{"enabled": true}},
}

func msgpackOf(t *testing.T, name string) *tfprotov6.DynamicValue {
	t.Helper()
	return msgpackWith(t, name, true)
}

func msgpackWith(t *testing.T, name string, enabled bool) *tfprotov6.DynamicValue {
	t.Helper()
	v, err := tfprotov6.NewDynamicValue(testObjectType, tftypes.NewValue(testObjectType, map[string]tftypes.Value{
		"name": tftypes.NewValue(tftypes.String, name), "enabled": tftypes.NewValue(tftypes.Bool, enabled),
	}))
	if err != nil {
		t.Fatal(err)
	}
	return &v
}

func TestUnchangedPlanServer_answersUnchangedPlansItself(t *testing.T) {
	prior := msgpackOf(t, "a")
	req := &tfprotov6.PlanResourceChangeRequest{
		TypeName: "cloudinary_user_group", PriorState: prior, ProposedNewState: msgpackOf(t, "a"),
		PriorPrivate: []byte(`{"k":"dg=="}`),
	}
	inner := &fakePlanner{}
	resp, err := unchangedPlanServer{frameworkServer: inner, types: testTypes}.PlanResourceChange(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if inner.calls != 0 {
		t.Fatalf("the framework was asked %d time(s) about a plan that changes nothing", inner.calls)
	}
	if string(resp.PlannedState.MsgPack) != string(prior.MsgPack) || string(resp.PlannedPrivate) != string(req.PriorPrivate) ||
		len(resp.RequiresReplace) != 0 || len(resp.Diagnostics) != 0 {
		t.Fatalf("shortcut answer %+v, want the prior state and private state, nothing else", resp)
	}
}

func TestUnchangedPlanServer_passesOtherPlansToTheFramework(t *testing.T) {
	answer := &tfprotov6.PlanResourceChangeResponse{PlannedState: msgpackOf(t, "b")}
	for name, req := range map[string]*tfprotov6.PlanResourceChangeRequest{
		"change":  {TypeName: "cloudinary_user_group", PriorState: msgpackOf(t, "a"), ProposedNewState: msgpackOf(t, "b")},
		"create":  {TypeName: "cloudinary_user_group", ProposedNewState: msgpackOf(t, "b")},
		"destroy": {TypeName: "cloudinary_user_group", PriorState: msgpackOf(t, "a")},
		"json": {TypeName: "cloudinary_user_group", PriorState: &tfprotov6.DynamicValue{JSON: []byte(`{"name":"a","enabled":true}`)},
			ProposedNewState: &tfprotov6.DynamicValue{JSON: []byte(`{"name":"a","enabled":true}`)}},
		// A configuration without `enabled` proposes the prior false; the
		// framework then plans the default, true.
		"default not held": {TypeName: "cloudinary_role", PriorState: msgpackWith(t, "a", false), ProposedNewState: msgpackWith(t, "a", false)},
		"type not known":   {TypeName: "cloudinary_other", PriorState: msgpackOf(t, "a"), ProposedNewState: msgpackOf(t, "a")},
	} {
		t.Run(name, func(t *testing.T) {
			inner := &fakePlanner{answer: answer}
			resp, err := unchangedPlanServer{frameworkServer: inner, types: testTypes}.PlanResourceChange(t.Context(), req)
			if err != nil {
				t.Fatal(err)
			}
			if inner.calls != 1 || resp != answer {
				t.Fatalf("calls %d, response %p; want the framework's answer %p", inner.calls, resp, answer)
			}
		})
	}
}

// In verifying mode a framework answer that differs from the shortcut's is
// an error, whatever the difference; an equal one is not.
func TestUnchangedPlanServer_verifyingReportsDisagreement(t *testing.T) {
	prior := msgpackOf(t, "a")
	req := &tfprotov6.PlanResourceChangeRequest{TypeName: "cloudinary_role", PriorState: prior, ProposedNewState: msgpackOf(t, "a"), PriorPrivate: []byte(`{"a":"eA=="}`)}
	cases := map[string]struct {
		answer *tfprotov6.PlanResourceChangeResponse
		want   string
	}{
		"agrees (private re-encoded)": {&tfprotov6.PlanResourceChangeResponse{PlannedState: msgpackOf(t, "a"), PlannedPrivate: []byte(`{ "a": "eA==" }`)}, ""},
		"other state":                 {&tfprotov6.PlanResourceChangeResponse{PlannedState: msgpackOf(t, "b"), PlannedPrivate: req.PriorPrivate}, "other than the prior state"},
		"replacement":                 {&tfprotov6.PlanResourceChangeResponse{PlannedState: prior, PlannedPrivate: req.PriorPrivate, RequiresReplace: []*tftypes.AttributePath{tftypes.NewAttributePath().WithAttributeName("name")}}, "requires replacement"},
		"diagnostic": {&tfprotov6.PlanResourceChangeResponse{PlannedState: prior, PlannedPrivate: req.PriorPrivate,
			Diagnostics: []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: "careful"}}}, `"careful"`},
		"private state": {&tfprotov6.PlanResourceChangeResponse{PlannedState: prior, PlannedPrivate: []byte(`{"a":"eQ=="}`)}, "private state"},
		"deferred": {&tfprotov6.PlanResourceChangeResponse{PlannedState: prior, PlannedPrivate: req.PriorPrivate,
			Deferred: &tfprotov6.Deferred{Reason: tfprotov6.DeferredReasonProviderConfigUnknown}}, "deferred"},
		"nothing": {nil, "answered nothing"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			inner := &fakePlanner{answer: tc.answer}
			resp, err := unchangedPlanServer{frameworkServer: inner, types: testTypes, verify: true}.PlanResourceChange(t.Context(), req)
			if err != nil {
				t.Fatal(err)
			}
			if inner.calls != 1 {
				t.Fatalf("verifying mode asked the framework %d time(s), want 1", inner.calls)
			}
			var disagreement string
			for _, d := range resp.Diagnostics {
				if d.Severity == tfprotov6.DiagnosticSeverityError {
					disagreement = d.Detail
				}
			}
			switch {
			case tc.want == "" && disagreement != "":
				t.Fatalf("agreeing answers reported as a disagreement: %s", disagreement)
			case tc.want != "" && !strings.Contains(disagreement, tc.want):
				t.Fatalf("disagreement %q, want one mentioning %q", disagreement, tc.want)
			}
		})
	}
}

func TestSameIdentity(t *testing.T) {
	null := &tfprotov6.ResourceIdentityData{IdentityData: &tfprotov6.DynamicValue{MsgPack: msgpackNil}}
	id := func(name string) *tfprotov6.ResourceIdentityData {
		return &tfprotov6.ResourceIdentityData{IdentityData: msgpackOf(t, name)}
	}
	cases := []struct {
		name string
		a, b *tfprotov6.ResourceIdentityData
		want bool
	}{
		{"absent and null", nil, null, true},
		{"both absent", nil, nil, true},
		{"same identity", id("a"), id("a"), true},
		{"other identity", id("a"), id("b"), false},
		{"identity and absent", id("a"), nil, false},
		{"identity and null", null, id("a"), false},
	}
	for _, tc := range cases {
		if got := sameIdentity(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: sameIdentity = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPlansUnproposed(t *testing.T) {
	nested := func(a schema.Attribute) schema.NestedAttributeObject {
		return schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{"a": a}}
	}
	attributes := map[string]struct {
		a    schema.Attribute
		want bool
	}{
		"plain string":      {schema.StringAttribute{Optional: true}, false},
		"string default":    {schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("x")}, true},
		"write-only":        {schema.StringAttribute{Optional: true, WriteOnly: true}, true},
		"sensitive":         {schema.StringAttribute{Optional: true, Sensitive: true}, false},
		"nested no default": {schema.SetNestedAttribute{NestedObject: nested(schema.StringAttribute{Optional: true})}, false},
		"nested default": {schema.SetNestedAttribute{NestedObject: nested(
			schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true)})}, true},
		"nested twice write-only": {schema.ListNestedAttribute{NestedObject: nested(schema.SingleNestedAttribute{
			Attributes: map[string]schema.Attribute{"s": schema.StringAttribute{Optional: true, WriteOnly: true}}})}, true},
	}
	for name, tc := range attributes {
		if got := inAttribute(tc.a, plansUnproposed); got != tc.want {
			t.Errorf("%s: inAttribute = %v, want %v", name, got, tc.want)
		}
	}
	blocks := map[string]struct {
		b    schema.Block
		want bool
	}{
		"plain block": {schema.SingleNestedBlock{Attributes: map[string]schema.Attribute{"a": schema.Int64Attribute{Optional: true}}}, false},
		"block default": {schema.SingleNestedBlock{Attributes: map[string]schema.Attribute{
			"a": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(1)}}}, true},
		"nested block write-only": {schema.ListNestedBlock{NestedObject: schema.NestedBlockObject{Blocks: map[string]schema.Block{
			"b": schema.SingleNestedBlock{Attributes: map[string]schema.Attribute{"s": schema.StringAttribute{Optional: true, WriteOnly: true}}}}}}, true},
	}
	for name, tc := range blocks {
		if got := inBlock(tc.b, plansUnproposed); got != tc.want {
			t.Errorf("%s: inBlock = %v, want %v", name, got, tc.want)
		}
	}
}

// Terraform's gRPC layer finds optional RPCs (list resources, actions,
// state stores, and any added later) by type assertion on the server it is
// given: the wrapper must have every method the framework's server has, or
// those RPCs would quietly answer "not implemented".
func TestUnchangedPlanServer_forwardsEveryFrameworkMethod(t *testing.T) {
	p := &fakeProvider{}
	framework, err := providerserver.NewProtocol6WithError(p)()
	if err != nil {
		t.Fatal(err)
	}
	wrapped, err := NewServer(p)()
	if err != nil {
		t.Fatal(err)
	}
	wrappedType := reflect.TypeOf(wrapped)
	frameworkType := reflect.TypeOf(framework)
	for i := range frameworkType.NumMethod() {
		name := frameworkType.Method(i).Name
		if _, ok := wrappedType.MethodByName(name); !ok {
			t.Errorf("the wrapped server lacks the framework's %s: add its interface to frameworkServer", name)
		}
	}
}

// A type is answered by the shortcut only when nothing the shortcut skips
// could act on an unchanged plan: a ModifyPlan that does not declare it
// leaves such plans alone, a write-only attribute, or a default other than a
// top-level bool's, keeps it out.
func TestShortcutTypes_leavesOutTypesItCannotAnswer(t *testing.T) {
	types := shortcutTypes(t.Context(), &fakeProvider{resources: []func() resource.Resource{
		func() resource.Resource { return &fakeResource{name: "plain"} },
		func() resource.Resource { return &fakeModifyingResource{fakeResource{name: "modifies"}} },
		func() resource.Resource {
			return &fakeDeclaredResource{fakeModifyingResource{fakeResource{name: "declared"}}}
		},
		func() resource.Resource {
			return &fakeResource{name: "write_only", attrs: map[string]schema.Attribute{
				"secret": schema.StringAttribute{Optional: true, WriteOnly: true}}}
		},
		func() resource.Resource {
			return &fakeResource{name: "bool_default", attrs: map[string]schema.Attribute{
				"enabled": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true)}}}
		},
		func() resource.Resource {
			return &fakeResource{name: "string_default", attrs: map[string]schema.Attribute{
				"kind": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("x")}}}
		},
		func() resource.Resource {
			return &fakeResource{name: "block_default", blocks: map[string]schema.Block{
				"b": schema.SingleNestedBlock{Attributes: map[string]schema.Attribute{
					"on": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true)}}}}}
		},
	}})
	got := slices.Sorted(maps.Keys(types))
	if want := []string{"fake_bool_default", "fake_declared", "fake_plain"}; !slices.Equal(got, want) {
		t.Fatalf("shortcut types %v, want %v", got, want)
	}
	if d := types["fake_bool_default"].boolDefaults; !maps.Equal(d, map[string]bool{"enabled": true}) {
		t.Fatalf("bool defaults %v, want enabled: true", d)
	}
}

type fakeProvider struct{ resources []func() resource.Resource }

func (p *fakeProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "fake"
}
func (p *fakeProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (p *fakeProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (p *fakeProvider) Resources(context.Context) []func() resource.Resource       { return p.resources }
func (p *fakeProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type fakeResource struct {
	name   string
	attrs  map[string]schema.Attribute
	blocks map[string]schema.Block
}

func (r *fakeResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.name
}
func (r *fakeResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := map[string]schema.Attribute{"id": schema.StringAttribute{Computed: true}}
	maps.Copy(attrs, r.attrs)
	resp.Schema = schema.Schema{Attributes: attrs, Blocks: r.blocks}
}
func (r *fakeResource) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {}
func (r *fakeResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse)       {}
func (r *fakeResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}
func (r *fakeResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

type fakeModifyingResource struct{ fakeResource }

func (r *fakeModifyingResource) ModifyPlan(context.Context, resource.ModifyPlanRequest, *resource.ModifyPlanResponse) {
}

type fakeDeclaredResource struct{ fakeModifyingResource }

func (*fakeDeclaredResource) ModifyPlanLeavesUnchangedPlansAlone() {}
