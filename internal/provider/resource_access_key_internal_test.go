package provider

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

func TestAccessKeyUpdateRequest(t *testing.T) {
	state := accessKeyModel{Name: types.StringValue("k"), Enabled: types.BoolValue(true), DedicatedFor: types.StringNull()}

	if _, send := accessKeyUpdateRequest(state, state); send {
		t.Error("unchanged plan sends an update")
	}

	plan := state
	plan.Name, plan.Enabled, plan.DedicatedFor = types.StringValue("k2"), types.BoolValue(false), types.StringValue("webhooks")
	body, send := accessKeyUpdateRequest(plan, state)
	if !send || *body.Name != "k2" || *body.Enabled || *body.DedicatedFor != "webhooks" {
		t.Errorf("changed: body = %+v, send = %v", body, send)
	}

	// Removing dedicated_for cannot be sent (the API has no "none").
	state.DedicatedFor = types.StringValue("webhooks")
	plan = state
	plan.DedicatedFor = types.StringNull()
	if body, send := accessKeyUpdateRequest(plan, state); send {
		t.Errorf("removed dedicated_for sends %+v", body)
	}
}

func TestApplyAccessKey(t *testing.T) {
	m := accessKeyModel{APIKey: types.StringUnknown(), APISecret: types.StringUnknown(), Name: types.StringUnknown(),
		CreatedAt: types.StringUnknown(), UpdatedAt: types.StringUnknown(), Enabled: types.BoolValue(true),
		DedicatedFor: types.StringValue("webhooks")}
	m = accessKeyFromAPI(&client.AccessKey{APIKey: "123", APISecret: "s3cr3t", Enabled: client.Ptr(false), CreatedAt: "2024-01-01T00:00:00Z"}, "env1", m)
	if m.ID.ValueString() != "env1/123" || m.APISecret.ValueString() != "s3cr3t" || !m.Name.IsNull() ||
		m.Enabled.ValueBool() || m.DedicatedFor.ValueString() != "webhooks" || !m.UpdatedAt.IsNull() {
		t.Errorf("applied: %+v", m)
	}
	// A list or update answer without the secret keeps the known one.
	m = accessKeyFromAPI(&client.AccessKey{APIKey: "123", Name: "named"}, "env1", m)
	if m.APISecret.ValueString() != "s3cr3t" || m.Name.ValueString() != "named" {
		t.Errorf("re-applied: %+v", m)
	}
}

func TestSortedAccessKeys(t *testing.T) {
	got := sortedAccessKeys([]client.AccessKey{
		{APIKey: "3", CreatedAt: "2024-01-02T00:00:00Z"},
		{APIKey: "2", CreatedAt: "2024-01-01T00:00:00Z", Name: "b"},
		{APIKey: "1", CreatedAt: "2024-01-02T00:00:00Z", APISecret: "s"},
	})
	var order []string
	for _, k := range got {
		order = append(order, k.APIKey.ValueString())
	}
	if strings.Join(order, ",") != "2,1,3" {
		t.Errorf("order = %v, want oldest first, then by key", order)
	}
	if !got[0].Name.Equal(types.StringValue("b")) || !got[2].Name.IsNull() || !got[2].APISecret.IsNull() || !got[2].Enabled.ValueBool() {
		t.Errorf("converted: %+v", got)
	}
}

// TestAccessKeyCreateOnce: after an unknown outcome a named key is adopted,
// and an unnamed one stops with an explanation instead of guessing or
// generating a second key.
func TestAccessKeyCreateOnce(t *testing.T) {
	ctx := t.Context()
	var mu sync.Mutex
	now := time.Now()
	c, data := peDroppingEmulator(t, &now, &mu)
	_, _ = c.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: "env", CloudName: client.Ptr("env")})
	envs, err := c.GetProductEnvironments(ctx, nil)
	if err != nil || len(envs) != 1 {
		t.Fatalf("environments: %v, %v", envs, err)
	}
	envID := envs[0].ID
	r := &accessKeyResource{resourceBase: resourceBase{typeName: "access_key", data: data}}
	create := func(name *string) (*client.AccessKey, error) {
		return createOnce(ctx, c, accessKeyCreated(envID, name), &diag.Diagnostics{},
			func() (*client.AccessKey, error) {
				return c.GenerateAccessKey(ctx, envID, client.AccessKeyCreateRequest{Name: name})
			},
			func(ctx context.Context) (*client.AccessKey, bool, error) { return r.findCreated(ctx, envID, name) })
	}
	keys := func() int {
		ks, err := c.ListAllAccessKeys(ctx, envID, nil)
		if err != nil {
			t.Fatal(err)
		}
		return len(ks)
	}
	before := keys()

	k, err := create(client.Ptr("named"))
	if err != nil || k.Name != "named" || k.APISecret == "" || keys() != before+1 {
		t.Fatalf("named: got %+v, %v, %d keys (had %d)", k, err, keys(), before)
	}

	_, err = create(nil)
	if err == nil || !strings.Contains(err.Error(), "cannot be identified safely") ||
		!strings.Contains(err.Error(), "terraform import cloudinary_access_key.<name> "+envID+"/<api_key>") {
		t.Fatalf("unnamed: error = %v", err)
	}
	if keys() != before+2 {
		t.Fatalf("unnamed: %d keys, want exactly one more (%d)", keys(), before+2)
	}
}
