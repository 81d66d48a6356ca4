package planshortcut

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
	ctymsgpack "github.com/zclconf/go-cty/cty/msgpack"
)

// upgradeAttrs and upgradeBlocks are a schema with every kind of value the
// walker checks: primitives, a list, a set, a map, a nested object, a list
// of nested objects and a block.
var (
	upgradeAttrs = map[string]schema.Attribute{
		"name":    schema.StringAttribute{Required: true},
		"enabled": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
		"count":   schema.Int64Attribute{Optional: true},
		"ratio":   schema.Float64Attribute{Optional: true},
		"tags":    schema.ListAttribute{Optional: true, ElementType: types.StringType},
		"ids":     schema.SetAttribute{Optional: true, ElementType: types.Int64Type},
		"labels":  schema.MapAttribute{Optional: true, ElementType: types.StringType},
		"secret":  schema.StringAttribute{Optional: true, WriteOnly: true},
		"owner": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{
			"email": schema.StringAttribute{Optional: true},
		}},
		"rules": schema.ListNestedAttribute{Optional: true, NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"scope": schema.StringAttribute{Optional: true},
			"flags": schema.MapAttribute{Optional: true, ElementType: types.BoolType},
		}}},
	}
	upgradeBlocks = map[string]schema.Block{
		"grant": schema.SetNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
			"role": schema.StringAttribute{Optional: true},
		}}},
	}
)

// currentState is a state of the fake type as Terraform stores it: every
// attribute, canonical JSON.
const currentState = `{"id":"x1","name":"a \"quoted\" name","enabled":true,"count":12,"ratio":0.25,` +
	`"tags":["b","a"],"ids":[3,1],"labels":{"k":"v","odd key":"\u00e9"},"secret":null,"owner":{"email":"o@example.com"},` +
	`"rules":[{"scope":"s","flags":{"x":false}},{"scope":null,"flags":null}],"grant":[{"role":"admin"}]}`

// versionedResource is a fake resource at schema version 1 with an
// upgrader from version 0 that renames everything "upgraded".
type versionedResource struct{ fakeResource }

func (r *versionedResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	r.fakeResource.Schema(ctx, req, resp)
	resp.Schema.Version = 1
}

func (r *versionedResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	upgrade := func(_ context.Context, _ resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
		resp.DynamicValue = &tfprotov6.DynamicValue{JSON: []byte(`{"id":"upgraded","name":"upgraded"}`)}
	}
	// One keyed at the current version too: the framework never calls it.
	return map[int64]resource.StateUpgrader{0: {StateUpgrader: upgrade}, 1: {StateUpgrader: upgrade}}
}

func upgradeProvider() *fakeProvider {
	return &fakeProvider{resources: []func() resource.Resource{
		func() resource.Resource {
			return &fakeResource{name: "thing", attrs: upgradeAttrs, blocks: upgradeBlocks}
		},
		func() resource.Resource {
			return &versionedResource{fakeResource{name: "versioned", attrs: map[string]schema.Attribute{"name": schema.StringAttribute{Optional: true}}}}
		},
	}}
}

// countingFramework is the framework's server, counting UpgradeResourceState
// calls.
type countingFramework struct {
	frameworkServer
	upgrades int
}

func (c *countingFramework) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	c.upgrades++
	return c.frameworkServer.UpgradeResourceState(ctx, req)
}

// upgradeServer is the shortcut in front of the framework's real server for
// upgradeProvider, and that server, counting.
func upgradeServer(t *testing.T, verify bool) (unchangedPlanServer, *countingFramework) {
	t.Helper()
	p := upgradeProvider()
	s, err := providerserver.NewProtocol6WithError(p)()
	if err != nil {
		t.Fatal(err)
	}
	framework := &countingFramework{frameworkServer: s.(frameworkServer)}
	return unchangedPlanServer{frameworkServer: framework, upgradeTypes: upgradeTypes(t.Context(), p), verify: verify, answered: &Answered{}}, framework
}

func upgradeRequest(typeName string, version int64, state string) *tfprotov6.UpgradeResourceStateRequest {
	return &tfprotov6.UpgradeResourceStateRequest{TypeName: typeName, Version: version, RawState: &tfprotov6.RawState{JSON: []byte(state)}}
}

func errorDetails(resp *tfprotov6.UpgradeResourceStateResponse) string {
	var details []string
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			details = append(details, d.Summary+": "+d.Detail)
		}
	}
	return strings.Join(details, "; ")
}

// A current-version state is answered with its JSON, without the framework;
// the verifying server asks the framework too, which agrees.
func TestUpgradeResourceState_answersCurrentVersionJSON(t *testing.T) {
	for _, verify := range []bool{false, true} {
		s, framework := upgradeServer(t, verify)
		resp, err := s.UpgradeResourceState(t.Context(), upgradeRequest("fake_thing", 0, currentState))
		if err != nil {
			t.Fatal(err)
		}
		if d := errorDetails(resp); d != "" || len(resp.Diagnostics) != 0 {
			t.Fatalf("verify %v: diagnostics %q", verify, d)
		}
		if resp.UpgradedState == nil || string(resp.UpgradedState.JSON) != currentState || len(resp.UpgradedState.MsgPack) != 0 {
			t.Fatalf("verify %v: answer %+v, want the stored JSON echoed", verify, resp.UpgradedState)
		}
		if want := map[bool]int{false: 0, true: 1}[verify]; framework.upgrades != want {
			t.Fatalf("verify %v: the framework was asked %d time(s), want %d", verify, framework.upgrades, want)
		}
		if n := s.answered.Upgrades.Load(); n != 1 {
			t.Fatalf("verify %v: %d upgrade(s) counted, want 1", verify, n)
		}
	}
}

// Anything but a canonical current-version JSON state of a known type goes
// to the framework, and the answer is the framework's.
func TestUpgradeResourceState_passesOthersToTheFramework(t *testing.T) {
	cases := map[string]struct {
		req *tfprotov6.UpgradeResourceStateRequest
		// check looks at the framework's answer.
		check func(t *testing.T, resp *tfprotov6.UpgradeResourceStateResponse)
	}{
		// The framework runs the version 0 upgrader.
		"older version": {upgradeRequest("fake_versioned", 0, `{"id":"x","name":"a"}`), func(t *testing.T, resp *tfprotov6.UpgradeResourceStateResponse) {
			if got := decodeAttr(t, resp, "name"); got != "upgraded" {
				t.Errorf("name %q, want the upgrader's", got)
			}
		}},
		"newer version": {upgradeRequest("fake_thing", 1, currentState), wantDiagnostic("Unable to Upgrade Resource State")},
		"flatmap": {&tfprotov6.UpgradeResourceStateRequest{TypeName: "fake_thing", RawState: &tfprotov6.RawState{Flatmap: map[string]string{"id": "x"}}},
			wantDiagnostic("Unable to Read Previously Saved State")},
		// Terraform sends one or the other; the framework reads the JSON.
		"flatmap and JSON": {&tfprotov6.UpgradeResourceStateRequest{TypeName: "fake_thing", RawState: &tfprotov6.RawState{
			JSON: []byte(`{"id":"x"}`), Flatmap: map[string]string{"id": "y"}}}, wantMsgPack},
		"no raw state": {&tfprotov6.UpgradeResourceStateRequest{TypeName: "fake_thing"}, func(t *testing.T, resp *tfprotov6.UpgradeResourceStateResponse) {
			if resp.UpgradedState != nil || len(resp.Diagnostics) != 0 {
				t.Errorf("answer %+v, want the framework's empty one", resp)
			}
		}},
		// The framework drops it; Terraform's decoder would refuse it.
		"attribute not in the schema": {upgradeRequest("fake_thing", 0, `{"id":"x","name":"a","removed":"r"}`), func(t *testing.T, resp *tfprotov6.UpgradeResourceStateResponse) {
			v := decodeState(t, resp)
			if _, err := v.ApplyTerraform5AttributePathStep(tftypes.AttributeName("removed")); err == nil {
				t.Error("the answer kept the removed attribute")
			}
			if got := decodeAttr(t, resp, "name"); got != "a" {
				t.Errorf("name %q, want a", got)
			}
		}},
		"nested attribute not in the schema": {upgradeRequest("fake_thing", 0, `{"id":"x","rules":[{"scope":"s","gone":1}]}`), wantMsgPack},
		"block attribute not in the schema":  {upgradeRequest("fake_thing", 0, `{"id":"x","grant":[{"role":"r","gone":true}]}`), wantMsgPack},
		"unknown type":                       {upgradeRequest("fake_other", 0, `{"id":"x"}`), wantDiagnostic("Resource Type Not Found")},
		// Forms tftypes reads and Terraform's decoder reads otherwise or not.
		"bool as a number":   {upgradeRequest("fake_thing", 0, `{"id":"x","enabled":1}`), wantMsgPack},
		"bool as a string":   {upgradeRequest("fake_thing", 0, `{"id":"x","enabled":"true"}`), wantMsgPack},
		"number as a string": {upgradeRequest("fake_thing", 0, `{"id":"x","count":"12"}`), wantMsgPack},
		"string as a number": {upgradeRequest("fake_thing", 0, `{"id":12}`), wantMsgPack},
		"negative zero":      {upgradeRequest("fake_thing", 0, `{"id":"x","ratio":-0.0}`), wantMsgPack},
		"escaped key":        {upgradeRequest("fake_thing", 0, `{"\u0069d":"x"}`), wantMsgPack},
		"wrong type":         {upgradeRequest("fake_thing", 0, `{"id":"x","tags":"a"}`), wantDiagnostic("Unable to Read Previously Saved State")},
		"not JSON":           {upgradeRequest("fake_thing", 0, `{"id":"x"`), wantDiagnostic("Unable to Read Previously Saved State")},
		"null state":         {upgradeRequest("fake_thing", 0, `null`), wantMsgPack},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s, framework := upgradeServer(t, true)
			resp, err := s.UpgradeResourceState(t.Context(), tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if framework.upgrades != 1 || s.answered.Upgrades.Load() != 0 {
				t.Fatalf("the framework was asked %d time(s) and the shortcut answered %d, want the framework once", framework.upgrades, s.answered.Upgrades.Load())
			}
			if resp.UpgradedState != nil && len(resp.UpgradedState.JSON) != 0 {
				t.Fatalf("answer is JSON %s, want the framework's msgpack", resp.UpgradedState.JSON)
			}
			if strings.Contains(errorDetails(resp), "shortcut") {
				t.Fatalf("a call the shortcut did not answer was reported: %s", errorDetails(resp))
			}
			tc.check(t, resp)
		})
	}
}

func wantMsgPack(t *testing.T, resp *tfprotov6.UpgradeResourceStateResponse) {
	t.Helper()
	if len(resp.Diagnostics) != 0 || resp.UpgradedState == nil || len(resp.UpgradedState.MsgPack) == 0 {
		t.Errorf("answer %+v (diagnostics %q), want the framework's msgpack state", resp.UpgradedState, errorDetails(resp))
	}
}

func wantDiagnostic(summary string) func(*testing.T, *tfprotov6.UpgradeResourceStateResponse) {
	return func(t *testing.T, resp *tfprotov6.UpgradeResourceStateResponse) {
		t.Helper()
		if !strings.Contains(errorDetails(resp), summary) {
			t.Errorf("diagnostics %q, want the framework's %q", errorDetails(resp), summary)
		}
	}
}

func decodeState(t *testing.T, resp *tfprotov6.UpgradeResourceStateResponse) tftypes.Value {
	t.Helper()
	if resp.UpgradedState == nil {
		t.Fatalf("no state; diagnostics %q", errorDetails(resp))
	}
	// The type of whichever fake the answer is for: decode as dynamic JSON
	// is not possible from msgpack, so read the object's own attributes.
	for _, typ := range upgradeTypes(t.Context(), upgradeProvider()) {
		if v, err := resp.UpgradedState.Unmarshal(typ.state); err == nil {
			return v
		}
	}
	t.Fatal("the answer decodes with no fake type")
	return tftypes.Value{}
}

func decodeAttr(t *testing.T, resp *tfprotov6.UpgradeResourceStateResponse, name string) string {
	t.Helper()
	v, err := decodeState(t, resp).ApplyTerraform5AttributePathStep(tftypes.AttributeName(name))
	if err != nil {
		t.Fatal(err)
	}
	var s string
	if err := v.(tftypes.Value).As(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// fakeUpgrader stands in for the framework: it answers every upgrade with
// answer.
type fakeUpgrader struct {
	frameworkServer
	answer *tfprotov6.UpgradeResourceStateResponse
}

func (f *fakeUpgrader) UpgradeResourceState(context.Context, *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return f.answer, nil
}

// In verifying mode a framework answer that differs from the shortcut's is
// an error, and the answer is then the framework's; an equal one, however
// encoded, is not, and the answer is the shortcut's JSON.
func TestUpgradeResourceState_verifyingReportsDisagreement(t *testing.T) {
	p := upgradeProvider()
	types := upgradeTypes(t.Context(), p)
	typ := types["fake_thing"].state
	msgpack := func(state string) *tfprotov6.DynamicValue {
		v, err := tftypes.ValueFromJSON([]byte(state), typ) //nolint:staticcheck // the framework's decoder
		if err != nil {
			t.Fatal(err)
		}
		dv, err := tfprotov6.NewDynamicValue(typ, v)
		if err != nil {
			t.Fatal(err)
		}
		return &dv
	}
	other := strings.Replace(currentState, `"count":12`, `"count":13`, 1)
	cases := map[string]struct {
		answer *tfprotov6.UpgradeResourceStateResponse
		want   string
	}{
		"agrees (msgpack)":           {&tfprotov6.UpgradeResourceStateResponse{UpgradedState: msgpack(currentState)}, ""},
		"agrees (JSON re-encoded)":   {&tfprotov6.UpgradeResourceStateResponse{UpgradedState: &tfprotov6.DynamicValue{JSON: []byte(strings.ReplaceAll(currentState, ",", ", "))}}, ""},
		"other value":                {&tfprotov6.UpgradeResourceStateResponse{UpgradedState: msgpack(other)}, `another value (1 difference(s), the first at AttributeName("count"))`},
		"set order is no difference": {&tfprotov6.UpgradeResourceStateResponse{UpgradedState: msgpack(strings.Replace(currentState, `[3,1]`, `[1,3]`, 1))}, ""},
		"list order is":              {&tfprotov6.UpgradeResourceStateResponse{UpgradedState: msgpack(strings.Replace(currentState, `["b","a"]`, `["a","b"]`, 1))}, "another value"},
		"no state":                   {&tfprotov6.UpgradeResourceStateResponse{}, "no state"},
		"nothing":                    {nil, "answered nothing"},
		"diagnostic": {&tfprotov6.UpgradeResourceStateResponse{UpgradedState: msgpack(currentState),
			Diagnostics: []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: "careful"}}}, `"careful"`},
		"undecodable": {&tfprotov6.UpgradeResourceStateResponse{UpgradedState: &tfprotov6.DynamicValue{MsgPack: []byte{0xc1}}}, "does not decode"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s := unchangedPlanServer{frameworkServer: &fakeUpgrader{answer: tc.answer}, upgradeTypes: types, verify: true}
			resp, err := s.UpgradeResourceState(t.Context(), upgradeRequest("fake_thing", 0, currentState))
			if err != nil {
				t.Fatal(err)
			}
			disagreement := errorDetails(resp)
			switch {
			case tc.want == "" && disagreement != "":
				t.Fatalf("agreeing answers reported as a disagreement: %s", disagreement)
			case tc.want == "" && string(resp.UpgradedState.JSON) != currentState:
				t.Fatalf("agreeing answers answered %+v, want the shortcut's JSON", resp.UpgradedState)
			case tc.want != "" && !strings.Contains(disagreement, tc.want):
				t.Fatalf("disagreement %q, want one mentioning %q", disagreement, tc.want)
			case tc.want != "" && !strings.Contains(disagreement, "Upgrade-state shortcut disagrees"):
				t.Fatalf("disagreement %q not reported as the shortcut's", disagreement)
			case tc.want != "" && resp.UpgradedState != nil && len(resp.UpgradedState.JSON) != 0 && tc.answer.UpgradedState.JSON == nil:
				t.Fatalf("a disagreement answered the shortcut's JSON, want the framework's answer")
			}
		})
	}
}

// The types the shortcut answers upgrades for, with their versions: every
// resource type, whatever keeps it from the plan shortcut (here a write-only
// attribute and a ModifyPlan), except one with a dynamic value.
func TestUpgradeTypes(t *testing.T) {
	got := UpgradedTypes(t.Context(), &fakeProvider{resources: append(upgradeProvider().resources,
		func() resource.Resource { return &fakeModifyingResource{fakeResource{name: "modifies"}} },
		func() resource.Resource {
			return &fakeResource{name: "dynamic", attrs: map[string]schema.Attribute{"d": schema.DynamicAttribute{Optional: true}}}
		},
	)})
	want := map[string]int64{"fake_thing": 0, "fake_versioned": 1, "fake_modifies": 0}
	if len(got) != len(want) {
		t.Fatalf("upgrade types %v, want %v", got, want)
	}
	for name, v := range want {
		if g, ok := got[name]; !ok || g != v {
			t.Fatalf("upgrade types %v, want %v", got, want)
		}
	}
}

// conformsTo accepts only what both decoders read alike: for every JSON it
// accepts, tftypes decodes it strictly (no key ignored) to the value the
// framework answers, and cty, Terraform's decoder, decodes the JSON to the
// value it decodes the framework's msgpack to; what it refuses is a form
// tftypes and cty read differently, or one that fails.
func TestConformsTo(t *testing.T) {
	typ := upgradeTypes(t.Context(), upgradeProvider())["fake_thing"]
	ctyType := ctyTypeOf(t, typ.state)
	cases := map[string]bool{
		currentState: true,
		`{}`:         true,
		` { "id" : "x" , "tags" : [ ] , "labels" : { } } `:               true,
		`{"id":null,"tags":null,"owner":null,"rules":[null],"grant":[]}`: true,
		`{"count":-12,"ratio":1.5e-3}`:                                   true,
		`{"count":123456789012345678901234567890}`:                       true,
		`{"ratio":-0.001}`:                                               true,
		`{"ratio":-1e-400}`:                                              true,
		`{"ratio":0}`:                                                    true,
		`{"id":"a","id":"b"}`:                                            true, // both take the last
		`{"labels":{"k":"a","k":"b"}}`:                                   true,
		`{"ids":[1,1,2]}`:                                                true, // a set: both keep one 1
		`{"id":"\ud83d\ude00 \u00e9 e\u0301"}`:                           true, // cty normalizes either way

		`{"removed":1}`:                   false,
		`{"owner":{"gone":1}}`:            false,
		`{"rules":[{"scope":"s","x":1}]}`: false,
		`{"grant":[{"role":"r","x":1}]}`:  false,
		`{"\u0069d":"x"}`:                 false,
		`{"enabled":1}`:                   false,
		`{"enabled":"true"}`:              false,
		`{"count":"12"}`:                  false,
		`{"id":12}`:                       false,
		`{"id":true}`:                     false,
		`{"tags":"a"}`:                    false,
		`{"tags":{"0":"a"}}`:              false,
		`{"labels":["a"]}`:                false,
		`{"owner":[]}`:                    false,
		`{"ratio":-0}`:                    false,
		`{"ratio":-0.0e5}`:                false,
		`{"ratio":-0e+0}`:                 false,
		`{"id":"x"`:                       false,
		`{"id":"x"} {}`:                   false,
		`["id"]`:                          false,
		`null`:                            false,
		``:                                false,
	}
	for data, want := range cases {
		if got := conformsTo([]byte(data), typ.shape); got != want {
			t.Errorf("conformsTo(%s) = %v, want %v", data, got, want)
			continue
		}
		if !want {
			continue
		}
		strict, err := tftypes.ValueFromJSONWithOpts([]byte(data), typ.state, tftypes.ValueFromJSONOpts{})
		if err != nil {
			t.Errorf("%s: accepted, but tftypes refuses it strictly: %v", data, err)
			continue
		}
		framework, err := tftypes.ValueFromJSONWithOpts([]byte(data), typ.state, tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true})
		if err != nil || !framework.Equal(strict) {
			t.Errorf("%s: the framework's decoding differs from the strict one (%v)", data, err)
			continue
		}
		msgpack, err := tfprotov6.NewDynamicValue(typ.state, framework)
		if err != nil {
			t.Fatal(err)
		}
		fromJSON, err := ctyjson.Unmarshal([]byte(data), ctyType)
		if err != nil {
			t.Errorf("%s: accepted, but cty refuses it: %v", data, err)
			continue
		}
		fromMsgpack, err := ctymsgpack.Unmarshal(msgpack.MsgPack, ctyType)
		if err != nil {
			t.Fatal(err)
		}
		// Terraform stores what it decodes as JSON (CompleteUpgrade), so
		// compare that too: it would keep a negative zero's sign.
		j1, _ := ctyjson.Marshal(fromJSON, ctyType)
		j2, _ := ctyjson.Marshal(fromMsgpack, ctyType)
		if !fromJSON.RawEquals(fromMsgpack) || string(j1) != string(j2) {
			t.Errorf("%s: cty decodes the JSON to %s and the framework's msgpack to %s", data, j1, j2)
		}
	}
}

func ctyTypeOf(t *testing.T, typ tftypes.Type) cty.Type {
	t.Helper()
	b, err := typ.MarshalJSON() //nolint:staticcheck // the wire form of a type
	if err != nil {
		t.Fatal(err)
	}
	ct, err := ctyjson.UnmarshalType(b)
	if err != nil {
		t.Fatal(err)
	}
	return ct
}

// BenchmarkUpgradeCheck compares, for one current-version state, the
// framework's UpgradeResourceState with the shortcut's check (conformsTo)
// and with the strict tftypes decode it replaces.
func BenchmarkUpgradeCheck(b *testing.B) {
	p := upgradeProvider()
	s, err := providerserver.NewProtocol6WithError(p)()
	if err != nil {
		b.Fatal(err)
	}
	typ := upgradeTypes(b.Context(), p)["fake_thing"]
	req := upgradeRequest("fake_thing", 0, currentState)
	b.Run("framework", func(b *testing.B) {
		for b.Loop() {
			if resp, err := s.UpgradeResourceState(b.Context(), req); err != nil || len(resp.Diagnostics) > 0 {
				b.Fatal(err, resp.Diagnostics)
			}
		}
	})
	b.Run("tftypes strict", func(b *testing.B) {
		for b.Loop() {
			if _, err := tftypes.ValueFromJSONWithOpts(req.RawState.JSON, typ.state, tftypes.ValueFromJSONOpts{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("conformsTo", func(b *testing.B) {
		for b.Loop() {
			if !conformsTo(req.RawState.JSON, typ.shape) {
				b.Fatal("refused")
			}
		}
	})
}
