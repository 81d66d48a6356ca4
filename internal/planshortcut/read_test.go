package planshortcut

import (
	"bytes"
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// readWorld is the API of the read tests' provider: item names by id, and
// how many reads reached the framework's Read.
type readWorld struct {
	names          map[string]string
	frameworkReads atomic.Int64
	// publish makes Configure publish reads; lie makes them say unchanged
	// whatever the names hold.
	publish, lie bool
}

// ReadsUnchanged is the provider's side of the shortcut: an item is
// unchanged when the world still names it as the state does.
func (w *readWorld) ReadsUnchanged(_ context.Context, typeName string, prior tftypes.Value) (tftypes.Value, bool) {
	var attrs map[string]tftypes.Value
	var id, name string
	if typeName != "fake_item" || prior.As(&attrs) != nil || attrs["id"].As(&id) != nil || attrs["name"].As(&name) != nil {
		return tftypes.Value{}, false
	}
	current, ok := w.names[id]
	if !w.lie && (!ok || current != name) {
		return tftypes.Value{}, false
	}
	return itemIdentity(id), true
}

var itemIdentityType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}}

func itemIdentity(id string) tftypes.Value {
	return tftypes.NewValue(itemIdentityType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, id)})
}

type readProvider struct{ world *readWorld }

func (p *readProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "fake"
}
func (p *readProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (p *readProvider) Configure(ctx context.Context, _ provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	resp.ResourceData = p.world
	if p.world.publish {
		PublishUnchangedReads(ctx, p.world)
	}
}
func (p *readProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return &itemResource{world: p.world} }}
}
func (p *readProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// itemResource reads its name from the world, and is removed when the
// world no longer holds it.
type itemResource struct {
	fakeResource
	world *readWorld
}

type itemModel struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
}

func (r *itemResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_item"
}
func (r *itemResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":   schema.StringAttribute{Computed: true},
		"name": schema.StringAttribute{Optional: true},
	}}
}
func (r *itemResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true},
	}}
}
func (r *itemResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.world.frameworkReads.Add(1)
	var m itemModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	name, ok := r.world.names[m.ID.ValueString()]
	if !ok {
		resp.State.RemoveResource(ctx)
		return
	}
	m.Name = types.StringValue(name)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, struct {
		ID types.String `tfsdk:"id"`
	}{m.ID})...)
}

var itemType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String, "name": tftypes.String}}

func itemState(t *testing.T, id, name string) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(itemType, tftypes.NewValue(itemType, map[string]tftypes.Value{
		"id": tftypes.NewValue(tftypes.String, id), "name": tftypes.NewValue(tftypes.String, name),
	}))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// readServer is a configured server in front of world's provider.
func readServer(t *testing.T, world *readWorld, verify bool) (tfprotov6.ProviderServer, *Answered) {
	t.Helper()
	answered := &Answered{}
	s, err := newServer(&readProvider{world: world}, verify, answered)()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		t.Fatal(err)
	}
	cfg, err := tfprotov6.NewDynamicValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{}}, tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{}}, map[string]tftypes.Value{}))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.ConfigureProvider(t.Context(), &tfprotov6.ConfigureProviderRequest{Config: &cfg})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("configure: %v %v", err, resp.Diagnostics)
	}
	return s, answered
}

func readErrors(resp *tfprotov6.ReadResourceResponse) string {
	var out []string
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			out = append(out, d.Summary+": "+d.Detail)
		}
	}
	return strings.Join(out, "; ")
}

// An object the provider finds unchanged is answered with the prior
// state's own bytes and the identity the provider names, without the
// framework's Read; the verifying server asks the framework too, which
// agrees, and still answers the shortcut's.
func TestReadResource_answersUnchangedWithPriorBytes(t *testing.T) {
	for _, verify := range []bool{false, true} {
		world := &readWorld{names: map[string]string{"i1": "alpha"}, publish: true}
		s, answered := readServer(t, world, verify)
		prior := itemState(t, "i1", "alpha")
		resp, err := s.ReadResource(t.Context(), &tfprotov6.ReadResourceRequest{TypeName: "fake_item", CurrentState: prior})
		if err != nil || readErrors(resp) != "" {
			t.Fatalf("verify=%v: %v %s", verify, err, readErrors(resp))
		}
		if resp.NewState != prior || !bytes.Equal(resp.NewState.MsgPack, prior.MsgPack) {
			t.Errorf("verify=%v: answered %x, want the prior state's bytes %x", verify, resp.NewState.MsgPack, prior.MsgPack)
		}
		want, _ := tfprotov6.NewDynamicValue(itemIdentityType, itemIdentity("i1"))
		if resp.NewIdentity == nil || !bytes.Equal(resp.NewIdentity.IdentityData.MsgPack, want.MsgPack) {
			t.Errorf("verify=%v: answered identity %+v, want {id = i1}", verify, resp.NewIdentity)
		}
		if n, of := answered.Reads.Load(), answered.ReadsOf("fake_item"); n != 1 || of != 1 {
			t.Errorf("verify=%v: the shortcut answered %d reads, %d of fake_item, want 1", verify, n, of)
		}
		if n, want := world.frameworkReads.Load(), map[bool]int64{false: 0, true: 1}[verify]; n != want {
			t.Errorf("verify=%v: the framework's Read ran %d time(s), want %d", verify, n, want)
		}
	}
}

// Everything the shortcut does not answer reaches the framework, whose
// answer Terraform gets.
func TestReadResource_passesOthersToTheFramework(t *testing.T) {
	cases := map[string]struct {
		world *readWorld
		req   func(t *testing.T) *tfprotov6.ReadResourceRequest
		// wantName is the name the framework's read stores ("" for a
		// removed object).
		wantName string
	}{
		"not published (provider not configured for it)": {
			world: &readWorld{names: map[string]string{"i1": "alpha"}},
			req: func(t *testing.T) *tfprotov6.ReadResourceRequest {
				return &tfprotov6.ReadResourceRequest{TypeName: "fake_item", CurrentState: itemState(t, "i1", "alpha")}
			},
			wantName: "alpha",
		},
		"changed outside Terraform": {
			world: &readWorld{names: map[string]string{"i1": "beta"}, publish: true},
			req: func(t *testing.T) *tfprotov6.ReadResourceRequest {
				return &tfprotov6.ReadResourceRequest{TypeName: "fake_item", CurrentState: itemState(t, "i1", "alpha")}
			},
			wantName: "beta",
		},
		"deleted outside Terraform": {
			world: &readWorld{names: map[string]string{}, publish: true},
			req: func(t *testing.T) *tfprotov6.ReadResourceRequest {
				return &tfprotov6.ReadResourceRequest{TypeName: "fake_item", CurrentState: itemState(t, "i1", "alpha")}
			},
		},
		"private state (an import's mark)": {
			world: &readWorld{names: map[string]string{"i1": "alpha"}, publish: true, lie: true},
			req: func(t *testing.T) *tfprotov6.ReadResourceRequest {
				return &tfprotov6.ReadResourceRequest{TypeName: "fake_item", CurrentState: itemState(t, "i1", "alpha"), Private: []byte(`{"imported":"dHJ1ZQ=="}`)}
			},
			wantName: "alpha",
		},
		"a stored identity other than the provider's": {
			world: &readWorld{names: map[string]string{"i1": "alpha"}, publish: true},
			req: func(t *testing.T) *tfprotov6.ReadResourceRequest {
				other, _ := tfprotov6.NewDynamicValue(itemIdentityType, itemIdentity("i2"))
				return &tfprotov6.ReadResourceRequest{TypeName: "fake_item", CurrentState: itemState(t, "i1", "alpha"),
					CurrentIdentity: &tfprotov6.ResourceIdentityData{IdentityData: &other}}
			},
			wantName: "alpha", // and the framework's error: the identity changed
		},
		"a state in JSON": {
			world: &readWorld{names: map[string]string{"i1": "alpha"}, publish: true, lie: true},
			req: func(t *testing.T) *tfprotov6.ReadResourceRequest {
				return &tfprotov6.ReadResourceRequest{TypeName: "fake_item", CurrentState: &tfprotov6.DynamicValue{JSON: []byte(`{"id":"i1","name":"alpha"}`)}}
			},
			wantName: "alpha",
		},
		"an unknown type": {
			world: &readWorld{names: map[string]string{"i1": "alpha"}, publish: true, lie: true},
			req: func(t *testing.T) *tfprotov6.ReadResourceRequest {
				return &tfprotov6.ReadResourceRequest{TypeName: "fake_other", CurrentState: itemState(t, "i1", "alpha")}
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s, answered := readServer(t, tc.world, false)
			resp, err := s.ReadResource(t.Context(), tc.req(t))
			if err != nil {
				t.Fatal(err)
			}
			if n := answered.Reads.Load(); n != 0 {
				t.Fatalf("the shortcut answered %d read(s), want the framework to", n)
			}
			if name == "an unknown type" {
				if readErrors(resp) == "" {
					t.Fatal("the framework's error for an unknown type was not answered")
				}
				return
			}
			if tc.world.frameworkReads.Load() != 1 {
				t.Fatalf("the framework's Read ran %d time(s), want once", tc.world.frameworkReads.Load())
			}
			got, err := resp.NewState.Unmarshal(itemType)
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantName == "" {
				if !got.IsNull() {
					t.Fatalf("answered %v, want the object removed", got)
				}
				return
			}
			var attrs map[string]tftypes.Value
			var stored string
			if got.As(&attrs) != nil || attrs["name"].As(&stored) != nil || stored != tc.wantName {
				t.Fatalf("answered %v, want name %q", got, tc.wantName)
			}
		})
	}
}

// The verifying server reports a shortcut that answers unchanged where the
// framework's Read finds a change, and answers the framework's read.
func TestReadResource_verifyingReportsDisagreement(t *testing.T) {
	world := &readWorld{names: map[string]string{"i1": "beta"}, publish: true, lie: true}
	s, _ := readServer(t, world, true)
	resp, err := s.ReadResource(t.Context(), &tfprotov6.ReadResourceRequest{TypeName: "fake_item", CurrentState: itemState(t, "i1", "alpha")})
	if err != nil {
		t.Fatal(err)
	}
	if got := readErrors(resp); !strings.Contains(got, "Read shortcut disagrees") || !strings.Contains(got, `AttributeName("name")`) {
		t.Fatalf("errors %q, want the shortcut's disagreement at name", got)
	}
}

// readDifference names each way the framework's answer can differ.
func TestReadDifference(t *testing.T) {
	prior := itemState(t, "i1", "alpha")
	ident, _ := tfprotov6.NewDynamicValue(itemIdentityType, itemIdentity("i1"))
	other, _ := tfprotov6.NewDynamicValue(itemIdentityType, itemIdentity("i2"))
	shortcut := &tfprotov6.ReadResourceResponse{NewState: prior, NewIdentity: &tfprotov6.ResourceIdentityData{IdentityData: &ident}}
	answer := func(edit func(*tfprotov6.ReadResourceResponse)) *tfprotov6.ReadResourceResponse {
		r := &tfprotov6.ReadResourceResponse{NewState: itemState(t, "i1", "alpha"), Private: []byte("{}"), NewIdentity: &tfprotov6.ResourceIdentityData{IdentityData: &ident}}
		edit(r)
		return r
	}
	cases := map[string]struct {
		framework *tfprotov6.ReadResourceResponse
		want      string
	}{
		"agrees":       {answer(func(*tfprotov6.ReadResourceResponse) {}), ""},
		"nothing":      {nil, "answered nothing"},
		"other state":  {answer(func(r *tfprotov6.ReadResourceResponse) { r.NewState = itemState(t, "i1", "beta") }), "another value"},
		"no state":     {answer(func(r *tfprotov6.ReadResourceResponse) { r.NewState = nil }), "no state"},
		"private":      {answer(func(r *tfprotov6.ReadResourceResponse) { r.Private = []byte(`{"k":"dg=="}`) }), "private state"},
		"identity":     {answer(func(r *tfprotov6.ReadResourceResponse) { r.NewIdentity.IdentityData = &other }), "another identity"},
		"no identity":  {answer(func(r *tfprotov6.ReadResourceResponse) { r.NewIdentity = nil }), "another identity"},
		"deferred":     {answer(func(r *tfprotov6.ReadResourceResponse) { r.Deferred = &tfprotov6.Deferred{} }), "deferred"},
		"diagnostic":   {answer(func(r *tfprotov6.ReadResourceResponse) { r.Diagnostics = []*tfprotov6.Diagnostic{{Summary: "careful"}} }), `"careful"`},
		"undecodable":  {answer(func(r *tfprotov6.ReadResourceResponse) { r.NewState = &tfprotov6.DynamicValue{MsgPack: []byte{0xc1}} }), "does not decode"},
		"removed":      {answer(func(r *tfprotov6.ReadResourceResponse) { r.NewState = nullItem(t) }), "another value"},
		"same, as new": {answer(func(r *tfprotov6.ReadResourceResponse) { r.Private = nil }), ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := readDifference(itemType, shortcut, tc.framework)
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Fatalf("difference %q, want one mentioning %q", got, tc.want)
			}
		})
	}
}

func nullItem(t *testing.T) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(itemType, tftypes.NewValue(itemType, nil))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}
