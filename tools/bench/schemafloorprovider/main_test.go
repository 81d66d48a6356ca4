package main

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/provider"
)

// The schema floor serves the provider's own schemas: a plan with it
// measures Terraform's cost of exactly these resources.
func TestSchemaFloor_servesTheProvidersSchemas(t *testing.T) {
	ctx := t.Context()
	floor, err := newServer()
	if err != nil {
		t.Fatal(err)
	}
	framework, err := providerserver.NewProtocol6WithError(provider.New("schemafloor")())()
	if err != nil {
		t.Fatal(err)
	}
	got, err := floor.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(want.ResourceSchemas) == 0 || !reflect.DeepEqual(got.ResourceSchemas, want.ResourceSchemas) {
		t.Errorf("the schema floor serves %d resource schemas, not the provider's %d", len(got.ResourceSchemas), len(want.ResourceSchemas))
	}
	gotIDs, err := floor.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	wantIDs, err := framework.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(wantIDs.IdentitySchemas) == 0 || !reflect.DeepEqual(gotIDs.IdentitySchemas, wantIDs.IdentitySchemas) {
		t.Error("the schema floor does not serve the provider's identity schemas")
	}
}

// Every resource RPC of a plan is answered from the request alone: no
// credential is checked, nothing is read.
func TestSchemaFloor_echoes(t *testing.T) {
	ctx := t.Context()
	floor, err := newServer()
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := floor.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{}); err != nil || len(resp.Diagnostics) > 0 {
		t.Errorf("ConfigureProvider without any setting: %v %v", err, resp)
	}
	state := &tfprotov6.DynamicValue{MsgPack: []byte{0x81, 0xa2, 'i', 'd', 0xa1, 'x'}}
	private := []byte(`{"k":"v"}`)
	read, err := floor.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "cloudinary_user", CurrentState: state, Private: private})
	if err != nil || read.NewState != state || !bytes.Equal(read.Private, private) {
		t.Errorf("ReadResource did not echo the current state and private state: %v %+v", err, read)
	}
	plan, err := floor.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: "cloudinary_user", PriorState: state, ProposedNewState: state, PriorPrivate: private})
	if err != nil || plan.PlannedState != state || !bytes.Equal(plan.PlannedPrivate, private) {
		t.Errorf("PlanResourceChange did not echo the proposed state and prior private state: %v %+v", err, plan)
	}
	raw := []byte(`{"id":"x"}`)
	up, err := floor.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: "cloudinary_user", RawState: &tfprotov6.RawState{JSON: raw}})
	if err != nil || up.UpgradedState == nil || !bytes.Equal(up.UpgradedState.JSON, raw) {
		t.Errorf("UpgradeResourceState did not echo the stored JSON: %v %+v", err, up)
	}
	up, err = floor.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: "cloudinary_user", RawState: &tfprotov6.RawState{Flatmap: map[string]string{"id": "x"}}})
	if err != nil || len(up.Diagnostics) != 1 {
		t.Errorf("UpgradeResourceState of a flatmap state: want one error diagnostic, got %v %+v", err, up)
	}
	if v, err := floor.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "cloudinary_user"}); err != nil || len(v.Diagnostics) > 0 {
		t.Errorf("ValidateResourceConfig: %v %+v", err, v)
	}
}
