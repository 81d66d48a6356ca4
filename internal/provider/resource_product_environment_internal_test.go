package provider

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
)

func TestParseJSONObject(t *testing.T) {
	cases := map[string]struct {
		in      string
		wantErr string
	}{
		"object":         {in: `{"a": 1, "b": {"c": [true]}}`},
		"empty object":   {in: `{}`},
		"array":          {in: `[1]`, wantErr: "got an array"},
		"string":         {in: `"x"`, wantErr: "got a string"},
		"number":         {in: `12`, wantErr: "got a number"},
		"null":           {in: `null`, wantErr: "got null"},
		"invalid":        {in: `{a:1}`, wantErr: "not valid JSON"},
		"trailing data":  {in: `{} {}`, wantErr: "unexpected data after the object"},
		"empty string":   {in: ``, wantErr: "not valid JSON"},
		"big int intact": {in: `{"n": 12345678901234567890}`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := parseJSONObject(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || got == nil {
				t.Fatalf("got %v, %v", got, err)
			}
		})
	}
	obj, _ := parseJSONObject(`{"n": 12345678901234567890}`)
	if s := obj["n"].(interface{ String() string }).String(); s != "12345678901234567890" {
		t.Errorf("number changed to %s", s)
	}
}

func TestJSONObjectsEqual(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{`{"a":1,"b":"x"}`, `{ "b": "x",  "a": 1 }`, true},
		{`{"a":{"y":1,"x":2}}`, `{"a":{"x":2,"y":1}}`, true},
		{`{"a":1}`, `{"a":2}`, false},
		{`{"a":1}`, `{"a":"1"}`, false},
		{`{"a":[1,2]}`, `{"a":[2,1]}`, false},
		{`{"a":1}`, `not json`, false},
	}
	for _, tc := range cases {
		if got := jsonObjectsEqual(tc.a, tc.b); got != tc.want {
			t.Errorf("jsonObjectsEqual(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestJSONSemanticEqualPlan(t *testing.T) {
	run := func(state, plan types.String) types.String {
		resp := &planmodifier.StringResponse{PlanValue: plan}
		jsonSemanticEqualPlan{}.PlanModifyString(t.Context(), planmodifier.StringRequest{StateValue: state, PlanValue: plan}, resp)
		return resp.PlanValue
	}
	state := types.StringValue(`{"a":1,"b":2}`)
	if got := run(state, types.StringValue(`{ "b": 2, "a": 1 }`)); !got.Equal(state) {
		t.Errorf("reformatted JSON: plan = %s, want the state value", got)
	}
	changed := types.StringValue(`{"a":1,"b":3}`)
	if got := run(state, changed); !got.Equal(changed) {
		t.Errorf("changed JSON: plan = %s, want %s", got, changed)
	}
	if got := run(state, types.StringNull()); !got.IsNull() {
		t.Errorf("removed: plan = %s, want null", got)
	}
	if got := run(types.StringNull(), changed); !got.Equal(changed) {
		t.Errorf("added: plan = %s, want %s", got, changed)
	}
	if got := run(state, types.StringUnknown()); !got.IsUnknown() {
		t.Errorf("unknown: plan = %s, want unknown", got)
	}
}

func TestCloudNamePattern(t *testing.T) {
	for _, ok := range []string{"a", "product1", "my-cloud_2", "0abc", strings.Repeat("a", 64)} {
		if !cloudNamePattern.MatchString(ok) {
			t.Errorf("%q should be accepted", ok)
		}
	}
	for _, bad := range []string{"", "Upper", "has space", "-lead", "_lead", "dot.ted", strings.Repeat("a", 65), "ümlaut"} {
		if cloudNamePattern.MatchString(bad) {
			t.Errorf("%q should be rejected", bad)
		}
	}
}

func TestProductEnvironmentRequests(t *testing.T) {
	state := productEnvironmentModel{
		Name: types.StringValue("n"), CloudName: types.StringValue("c"), Enabled: types.BoolValue(true),
		CustomAttributes: types.StringValue(`{"a":1}`), BaseProductEnvironmentID: types.StringNull(),
	}

	create, err := productEnvironmentCreateRequest(productEnvironmentModel{
		Name: types.StringValue("n"), CloudName: types.StringUnknown(), BaseProductEnvironmentID: types.StringValue("base"),
		CustomAttributes: types.StringValue(`{"a":1}`),
	})
	if err != nil || create.CloudName != nil || *create.BaseSubAccountID != "base" || create.CustomAttributes["a"] == nil {
		t.Errorf("create request = %+v, %v", create, err)
	}

	// Nothing changed: an empty body.
	body, err := productEnvironmentUpdateRequest(state, state)
	if err != nil || body.Name != nil || body.CloudName != nil || body.Enabled != nil || body.CustomAttributes != nil {
		t.Errorf("unchanged: body = %+v, %v", body, err)
	}
	if state.apiFieldsChange(state) {
		t.Error("apiFieldsChange on an unchanged plan")
	}

	// Everything changed.
	plan := state
	plan.Name, plan.CloudName, plan.Enabled = types.StringValue("n2"), types.StringValue("c2"), types.BoolValue(false)
	plan.CustomAttributes = types.StringValue(`{"b":true}`)
	body, err = productEnvironmentUpdateRequest(plan, state)
	if err != nil || *body.Name != "n2" || *body.CloudName != "c2" || *body.Enabled || body.CustomAttributes["b"] != true {
		t.Errorf("changed: body = %+v, %v", body, err)
	}

	// custom_attributes removed: cleared with {}.
	plan = state
	plan.CustomAttributes = types.StringNull()
	body, _ = productEnvironmentUpdateRequest(plan, state)
	if body.CustomAttributes == nil || len(body.CustomAttributes) != 0 {
		t.Errorf("removed custom_attributes: body = %+v, want {}", body.CustomAttributes)
	}

	// Terraform-only attributes are not API changes.
	plan = state
	plan.DeletionProtection, plan.BaseProductEnvironmentID = types.BoolValue(false), types.StringValue("x")
	if plan.apiFieldsChange(state) {
		t.Error("deletion_protection/base counted as API changes")
	}
}

func TestApplyProductEnvironment(t *testing.T) {
	m := productEnvironmentModel{
		ID: types.StringUnknown(), CloudName: types.StringUnknown(), Enabled: types.BoolValue(true),
		CreatedAt: types.StringUnknown(), UpdatedAt: types.StringUnknown(),
		CustomAttributes: types.StringValue(`{"a":1}`), DeletionProtection: types.BoolValue(true),
	}
	m = productEnvironmentFromAPI(&client.ProductEnvironment{
		ID: "id1", Name: "n", CloudName: "c", Enabled: client.Ptr(false), CreatedAt: "2024-01-01T00:00:00Z",
	}, m)
	if m.ID.ValueString() != "id1" || m.CloudName.ValueString() != "c" || m.Enabled.ValueBool() ||
		m.CreatedAt.ValueString() != "2024-01-01T00:00:00Z" || !m.UpdatedAt.IsNull() {
		t.Errorf("applied: %+v", m)
	}
	if m.CustomAttributes.ValueString() != `{"a":1}` || !m.DeletionProtection.ValueBool() {
		t.Errorf("attributes the API never returns changed: %+v", m)
	}
	// A later answer without timestamps or enabled keeps what was known.
	m = productEnvironmentFromAPI(&client.ProductEnvironment{ID: "id1", Name: "n", CloudName: "c"}, m)
	if m.CreatedAt.ValueString() != "2024-01-01T00:00:00Z" || m.Enabled.ValueBool() {
		t.Errorf("missing fields overwrote known values: %+v", m)
	}
}

func TestFilterProductEnvironments(t *testing.T) {
	envs := []client.ProductEnvironment{
		{ID: "3", Name: "Prod web", CloudName: "c3", Enabled: client.Ptr(true)},
		{ID: "1", Name: "prod api", CloudName: "c1", Enabled: client.Ptr(false)},
		{ID: "2", Name: "staging", CloudName: "c2"}, // enabled missing: the default, true
	}
	ids := func(out []client.ProductEnvironment) string {
		var s []string
		for _, e := range out {
			s = append(s, e.ID)
		}
		return strings.Join(s, ",")
	}
	cases := map[string]struct {
		f    client.ProductEnvironmentListOptions
		want string
	}{
		"none, sorted by cloud_name": {want: "1,2,3"},
		"prefix, any case":           {f: client.ProductEnvironmentListOptions{Prefix: client.Ptr("PROD")}, want: "1,3"},
		"enabled":                    {f: client.ProductEnvironmentListOptions{Enabled: client.Ptr(true)}, want: "2,3"},
		"disabled":                   {f: client.ProductEnvironmentListOptions{Enabled: client.Ptr(false)}, want: "1"},
		"ids and enabled combine":    {f: client.ProductEnvironmentListOptions{IDs: []string{"1", "3"}, Enabled: client.Ptr(true)}, want: "3"},
		"cloud_names":                {f: client.ProductEnvironmentListOptions{CloudNames: []string{"c2", "zz"}}, want: "2"},
	}
	for name, tc := range cases {
		if got := ids(filterProductEnvironments(envs, tc.f)); got != tc.want {
			t.Errorf("%s: got %q, want %q", name, got, tc.want)
		}
	}
}

// TestProductEnvironmentDeleteRefusesProtected: Delete itself refuses (for
// replacements the plan cannot see, such as a tainted environment) before
// touching the API.
func TestProductEnvironmentDeleteRefusesProtected(t *testing.T) {
	ctx := t.Context()
	r := &productEnvironmentResource{resourceBase: resourceBase{typeName: "product_environment"}}
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	state := tfsdk.State{Schema: sr.Schema}
	m := productEnvironmentModel{
		ID: types.StringValue("id1"), Name: types.StringValue("n"), CloudName: types.StringValue("c"),
		BaseProductEnvironmentID: types.StringNull(), CustomAttributes: types.StringNull(),
		Enabled: types.BoolValue(true), DeletionProtection: types.BoolValue(true),
		CreatedAt: types.StringNull(), UpdatedAt: types.StringNull(), Timeouts: nullTimeouts(crudTimeouts),
	}
	if d := state.Set(ctx, m); d.HasError() {
		t.Fatal(d)
	}
	resp := resource.DeleteResponse{State: state}
	r.Delete(ctx, resource.DeleteRequest{State: state}, &resp)
	if !resp.Diagnostics.HasError() || resp.Diagnostics[0].Summary() != deletionProtectionSummary ||
		!strings.Contains(resp.Diagnostics[0].Detail(), "deletes all of its media") ||
		!strings.Contains(resp.Diagnostics[0].Detail(), "terraform untaint") {
		t.Fatalf("diagnostics = %v", resp.Diagnostics)
	}
}

// peDroppingEmulator serves an emulator whose every write is carried out but
// never answered (FaultDrop), so each create's outcome is unknown; now is
// its clock.
func peDroppingEmulator(t *testing.T, now *time.Time, mu *sync.Mutex) (*client.Client, *providerData) {
	t.Helper()
	srv := emulatortest.Start(t, func(o *emulator.Options) {
		o.FaultDrop = 1
		o.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return *now }
	})
	c, err := client.New(client.Config{
		AccountID: srv.AccountID, APIKey: srv.APIKey, APISecret: srv.APISecret, BaseURL: srv.URL,
		MaxRetries: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, newProviderData(c)
}

// TestProductEnvironmentCreateOnce runs createOnce with the resource's
// lookup against creates whose outcome is always unknown.
func TestProductEnvironmentCreateOnce(t *testing.T) {
	ctx := t.Context()
	var mu sync.Mutex
	now := time.Now()
	c, data := peDroppingEmulator(t, &now, &mu)
	r := &productEnvironmentResource{resourceBase: resourceBase{typeName: "product_environment", data: data}}
	create := func(body client.ProductEnvironmentCreateRequest) (*client.ProductEnvironment, error) {
		started := time.Now()
		return createOnce(ctx, c, productEnvironmentCreated(body), &diag.Diagnostics{},
			func() (*client.ProductEnvironment, error) { return c.CreateProductEnvironment(ctx, body) },
			func(ctx context.Context) (*client.ProductEnvironment, bool, error) {
				return r.findCreated(ctx, body, started)
			})
	}
	count := func(name string) int {
		envs, err := c.GetProductEnvironments(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range envs {
			if e.Name == name {
				n++
			}
		}
		return n
	}

	// By cloud_name.
	pe, err := create(client.ProductEnvironmentCreateRequest{Name: "by-cloud-name", CloudName: client.Ptr("cn1")})
	if err != nil || pe.CloudName != "cn1" || count("by-cloud-name") != 1 {
		t.Fatalf("cloud_name: got %+v, %v, %d environments", pe, err, count("by-cloud-name"))
	}

	// By a unique name; the cloud name is derived from it (FIDELITY.md
	// row 6), and the lookup by name still finds the environment.
	pe, err = create(client.ProductEnvironmentCreateRequest{Name: "solo"})
	if err != nil || pe.Name != "solo" || pe.CloudName != "solo" || count("solo") != 1 {
		t.Fatalf("unique name: got %+v, %v, %d environments", pe, err, count("solo"))
	}

	// A same-named environment from long ago is not ours.
	mu.Lock()
	now = time.Now().Add(-2 * time.Hour)
	mu.Unlock()
	_, _ = c.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: "dup"}) // outcome unknown, but done
	mu.Lock()
	now = time.Now()
	mu.Unlock()
	pe, err = create(client.ProductEnvironmentCreateRequest{Name: "dup"})
	if err != nil || count("dup") != 2 {
		t.Fatalf("old namesake: got %+v, %v, %d environments", pe, err, count("dup"))
	}
	if ts, _ := time.Parse(time.RFC3339, pe.CreatedAt); time.Since(ts) > time.Hour {
		t.Fatalf("adopted the old namesake %+v", pe)
	}

	// Two recent namesakes: no guessing.
	_, _ = c.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: "amb"})
	_, err = create(client.ProductEnvironmentCreateRequest{Name: "amb"})
	if err == nil || !strings.Contains(err.Error(), "cannot tell which one") || count("amb") != 2 {
		t.Fatalf("ambiguous: got %v, %d environments", err, count("amb"))
	}
}
