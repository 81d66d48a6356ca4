package planshortcut

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// NewServer returns p's plugin protocol 6 server: the framework's server
// with the shortcut in front of it, for plans that change nothing.
func NewServer(p provider.Provider) func() (tfprotov6.ProviderServer, error) {
	return newServer(p, false, nil)
}

// NewVerifyingServer is NewServer for tests: every plan and state upgrade
// the shortcuts would answer also goes through the framework, and any
// difference between the two answers is an error diagnostic, so that every
// acceptance test's plans check the shortcuts against what they replace.
// answered, when not nil, counts what they answered, so that a test can tell
// they were exercised at all: with none answered, every check above would
// pass vacuously.
func NewVerifyingServer(p provider.Provider, answered *Answered) func() (tfprotov6.ProviderServer, error) {
	return newServer(p, true, answered)
}

// Answered counts what the shortcuts answered, each separately.
type Answered struct {
	// Plans counts the plans the unchanged-plan shortcut answered.
	Plans atomic.Int64
	// Upgrades counts the states the upgrade shortcut answered (upgrade.go).
	Upgrades atomic.Int64
	// Reads counts the reads the read shortcut answered (read.go).
	Reads atomic.Int64

	mu          sync.Mutex
	readsByType map[string]int64
}

// ReadsOf is how many reads of resource type typeName the read shortcut
// answered.
func (a *Answered) ReadsOf(typeName string) int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.readsByType[typeName]
}

// read counts one read of typeName the read shortcut answered.
func (a *Answered) read(typeName string) {
	a.Reads.Add(1)
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.readsByType == nil {
		a.readsByType = map[string]int64{}
	}
	a.readsByType[typeName]++
}

func newServer(p provider.Provider, verify bool, answered *Answered) func() (tfprotov6.ProviderServer, error) {
	framework := providerserver.NewProtocol6WithError(p)
	types := shortcutTypes(context.Background(), p)
	upgrades := upgradeTypes(context.Background(), p)
	reads := readTypes(context.Background(), p)
	return func() (tfprotov6.ProviderServer, error) {
		s, err := framework()
		if err != nil {
			return nil, err
		}
		full, ok := s.(frameworkServer)
		if !ok {
			return nil, fmt.Errorf("the framework's server %T lacks an optional RPC interface the shortcut forwards", s)
		}
		return unchangedPlanServer{
			frameworkServer: full, types: types, upgradeTypes: upgrades,
			readTypes: reads, reads: &readSlot{},
			verify: verify, answered: answered,
		}, nil
	}
}

// frameworkServer is every RPC interface the framework's server implements.
// Terraform's gRPC layer finds the optional ones (list resources, actions,
// state stores) by asserting tfprotov6.ProviderServerWith... interfaces, so
// a wrapper that embedded only tfprotov6.ProviderServer would answer them
// "not implemented" even once the provider has them. (Those interfaces are
// deprecated, to be folded into ProviderServer, so their parts are named
// here.) TestUnchangedPlanServer_forwardsEveryFrameworkMethod catches an
// interface added to the framework later.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// unchangedPlanServer answers PlanResourceChange itself when Terraform
// proposes exactly the prior state (see the package doc), and
// UpgradeResourceState when the state is at the current version
// (upgrade.go); it passes everything else to the framework.
type unchangedPlanServer struct {
	frameworkServer
	// types are the resource types the plan shortcut may answer for.
	types map[string]shortcutType
	// upgradeTypes are the resource types the upgrade shortcut may answer
	// for.
	upgradeTypes map[string]upgradeType
	// readTypes are the state types of the resource types the read
	// shortcut may answer for, and reads what the provider published for
	// it once configured (read.go).
	readTypes map[string]tftypes.Type
	reads     *readSlot
	verify    bool
	answered  *Answered // nil, or counts what the shortcuts answered
}

// shortcutType is what the shortcut needs to know of one resource type.
type shortcutType struct {
	state tftypes.Type
	// boolDefaults are the top-level bool attributes with a Default, and
	// that default.
	boolDefaults map[string]bool
}

func (s unchangedPlanServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if !proposesPriorState(req) || !s.priorHoldsDefaults(req) {
		return s.frameworkServer.PlanResourceChange(ctx, req)
	}
	shortcut := &tfprotov6.PlanResourceChangeResponse{
		PlannedState:    req.ProposedNewState,
		PlannedPrivate:  req.PriorPrivate,
		PlannedIdentity: req.PriorIdentity,
	}
	if s.answered != nil {
		s.answered.Plans.Add(1)
	}
	if !s.verify {
		return shortcut, nil
	}
	framework, err := s.frameworkServer.PlanResourceChange(ctx, req)
	if err != nil {
		return framework, err
	}
	if diff := planDifference(shortcut, framework); diff != "" {
		if framework == nil {
			framework = &tfprotov6.PlanResourceChangeResponse{}
		}
		framework.Diagnostics = append(framework.Diagnostics, disagreement("Unchanged-plan shortcut", req.TypeName, diff))
	}
	return framework, nil
}

// disagreement is the error a verifying server adds to the framework's
// answer when shortcut (named in the summary) would have answered
// otherwise for a resource of typeName.
func disagreement(shortcut, typeName, diff string) *tfprotov6.Diagnostic {
	return &tfprotov6.Diagnostic{
		Severity: tfprotov6.DiagnosticSeverityError,
		Summary:  shortcut + " disagrees with the framework",
		Detail:   fmt.Sprintf("%s: %s", typeName, diff),
	}
}

// proposesPriorState reports whether Terraform proposes exactly the prior
// state of an existing object (not a create, not a destroy).
func proposesPriorState(req *tfprotov6.PlanResourceChangeRequest) bool {
	prior, proposed := req.PriorState, req.ProposedNewState
	return prior != nil && proposed != nil &&
		len(prior.MsgPack) > 0 && len(prior.JSON) == 0 && len(proposed.JSON) == 0 &&
		bytes.Equal(prior.MsgPack, proposed.MsgPack)
}

// priorHoldsDefaults reports whether every attribute of the type that has a
// default holds it in the prior state, so that the framework's defaults
// cannot change the plan (see unchangedPlanServer).
func (s unchangedPlanServer) priorHoldsDefaults(req *tfprotov6.PlanResourceChangeRequest) bool {
	t, ok := s.types[req.TypeName]
	if !ok {
		return false
	}
	if len(t.boolDefaults) == 0 {
		return true
	}
	prior, err := req.PriorState.Unmarshal(t.state)
	if err != nil {
		return false
	}
	var attrs map[string]tftypes.Value
	if prior.As(&attrs) != nil {
		return false
	}
	for name, def := range t.boolDefaults {
		var b bool
		v := attrs[name]
		if !v.IsKnown() || v.IsNull() || v.As(&b) != nil || b != def {
			return false
		}
	}
	return true
}

// LeavesUnchangedPlansAlone is implemented by every resource type whose
// ModifyPlan, given a plan equal to the prior state, changes nothing, reports
// nothing and calls no API. A type with a ModifyPlan that does not say so
// is left to the framework: the shortcut would skip its ModifyPlan.
type LeavesUnchangedPlansAlone interface {
	ModifyPlanLeavesUnchangedPlansAlone()
}

// planDifference describes how the framework's answer differs from the
// shortcut's; "" when they agree.
func planDifference(shortcut, framework *tfprotov6.PlanResourceChangeResponse) string {
	switch {
	case framework == nil:
		return "the framework answered nothing"
	case len(framework.Diagnostics) > 0:
		return diagnosticsDifference(framework.Diagnostics)
	case framework.Deferred != nil:
		return fmt.Sprintf("the framework deferred the change (%v)", framework.Deferred.Reason)
	case len(framework.RequiresReplace) > 0:
		return fmt.Sprintf("the framework requires replacement for %v", framework.RequiresReplace)
	case framework.PlannedState == nil || !bytes.Equal(framework.PlannedState.MsgPack, shortcut.PlannedState.MsgPack):
		return "the framework planned a state other than the prior state"
	case !sameJSONObject(framework.PlannedPrivate, shortcut.PlannedPrivate):
		return fmt.Sprintf("the framework planned private state %q, the prior was %q", framework.PlannedPrivate, shortcut.PlannedPrivate)
	case !sameIdentity(framework.PlannedIdentity, shortcut.PlannedIdentity):
		return "the framework planned an identity other than the prior identity"
	}
	return ""
}

// sameJSONObject compares private states by content: the framework may
// re-encode them, and empty means the same as absent.
func sameJSONObject(a, b []byte) bool {
	decode := func(raw []byte) (map[string]any, bool) {
		m := map[string]any{}
		if len(bytes.TrimSpace(raw)) == 0 {
			return m, true
		}
		return m, json.Unmarshal(raw, &m) == nil
	}
	ma, okA := decode(a)
	mb, okB := decode(b)
	return okA && okB && reflect.DeepEqual(ma, mb)
}

// sameIdentity compares planned identities. Absent and null are the same: the
// framework answers a null identity where Terraform (before 1.12) sent none.
func sameIdentity(a, b *tfprotov6.ResourceIdentityData) bool {
	empty := func(d *tfprotov6.ResourceIdentityData) bool {
		if d == nil || d.IdentityData == nil {
			return true
		}
		v := d.IdentityData
		return len(v.JSON) == 0 && (len(v.MsgPack) == 0 || bytes.Equal(v.MsgPack, msgpackNil))
	}
	if empty(a) || empty(b) {
		return empty(a) && empty(b)
	}
	return bytes.Equal(a.IdentityData.MsgPack, b.IdentityData.MsgPack) && bytes.Equal(a.IdentityData.JSON, b.IdentityData.JSON)
}

// msgpackNil is how MessagePack encodes a null value.
var msgpackNil = []byte{0xc0}

// AnsweredTypes lists the resource types of p the shortcut answers plans
// for, each with the bool attributes that have a default and that default:
// what a provider's tests pin.
func AnsweredTypes(ctx context.Context, p provider.Provider) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for name, t := range shortcutTypes(ctx, p) {
		out[name] = t.boolDefaults
	}
	return out
}
