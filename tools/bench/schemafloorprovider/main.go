// Command schemafloorprovider is the Cloudinary provider's schemas with
// nothing behind them: it serves exactly the schemas of internal/provider
// (the framework answers GetProviderSchema and the other schema RPCs), but
// configures nothing, calls no API and answers every resource RPC by echoing
// its input, as tools/bench/noopprovider does for its one-attribute resource.
//
// Why: Terraform core's own work per resource grows with the resource's
// schema (decoding, validating and comparing every attribute), so the plugin
// floor, whose resource has one string attribute, is below what Terraform
// spends on this provider's resources whatever the provider does. The bench
// (tools/bench, the "schema floor") plans the scenario's own configuration
// and state with this build: the least any provider with these schemas can
// cost, so that its figures tell Terraform's per-attribute cost from the
// provider's reads, requests and CPU.
//
// It serves registry.terraform.io/cloudinary-terraform/cloudinary, so a
// workspace reaches it through a dev_overrides entry to its own directory.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/provider"
)

const address = "registry.terraform.io/cloudinary-terraform/cloudinary"

func main() {
	// Like the noop provider: a measuring instrument, whose own SDK logs are
	// never wanted and would only slow it down.
	for _, key := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_PROVIDER"} {
		_ = os.Setenv(key, "OFF")
	}
	server, err := newServer()
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemafloorprovider:", err)
		os.Exit(1)
	}
	if err := tf6server.Serve(address, func() tfprotov6.ProviderServer { return server }); err != nil {
		fmt.Fprintln(os.Stderr, "schemafloorprovider:", err)
		os.Exit(1)
	}
}

// newServer is the framework's server for the Cloudinary provider with every
// RPC that a plan or apply of managed resources makes answered by echo.
func newServer() (tfprotov6.ProviderServer, error) {
	framework, err := providerserver.NewProtocol6WithError(provider.New("schemafloor")())()
	if err != nil {
		return nil, err
	}
	return echo{framework}, nil
}

// echo answers the resource RPCs from the request alone; the schema RPCs,
// and any RPC a plan of managed resources does not make, go to the
// framework's server it embeds.
type echo struct{ tfprotov6.ProviderServer }

// ConfigureProvider accepts any configuration and checks no credential.
func (echo) ConfigureProvider(context.Context, *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return &tfprotov6.ConfigureProviderResponse{}, nil
}

func (echo) ValidateResourceConfig(context.Context, *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

// UpgradeResourceState returns the stored state as it is: Terraform core
// accepts a JSON DynamicValue, so nothing is decoded.
func (echo) UpgradeResourceState(_ context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	if req.RawState == nil || len(req.RawState.JSON) == 0 {
		return &tfprotov6.UpgradeResourceStateResponse{Diagnostics: []*tfprotov6.Diagnostic{{
			Severity: tfprotov6.DiagnosticSeverityError,
			Summary:  "Unsupported",
			Detail:   "the schema floor provider upgrades only JSON states",
		}}}, nil
	}
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &tfprotov6.DynamicValue{JSON: req.RawState.JSON}}, nil
}

func (echo) ReadResource(_ context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private, NewIdentity: req.CurrentIdentity}, nil
}

func (echo) PlanResourceChange(_ context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, PlannedPrivate: req.PriorPrivate, PlannedIdentity: req.PriorIdentity}, nil
}
