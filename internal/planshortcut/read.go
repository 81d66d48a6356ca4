package planshortcut

// The ReadResource shortcut. Terraform reads every resource of every plan,
// and a refresh mostly finds each object as the state has it; the
// framework's answer, the same state, then costs its whole read path:
// a Configure of the resource, the model decoded and encoded again by
// reflection, a semantic-equality walk and a write-only walk over every
// attribute, and a logger set up for each attribute it visits (figures:
// BENCHMARKS.md, "Reading these figures"). The provider knows sooner, from
// the same data its Read would use, that nothing changed; this file lets it
// say so, and answers with the prior state's own bytes.
//
// Invariants (read_test.go, and the provider's read_unchanged tests):
//   - It answers only after the provider's Configure published an
//     UnchangedReads on this server (PublishUnchangedReads, with the
//     context the framework gave Configure): a provider not configured, or
//     configured with unknown values, goes to the framework, which answers
//     as it always does (not configured, or deferred).
//   - It answers only a current state in MessagePack that decodes with the
//     schema's type to a known, non-null object, with an empty private state
//     (an import leaves a mark there that makes the next read bypass the
//     cache) and, when Terraform sent one, a stored identity equal to the
//     one the provider names: anything else goes to the framework.
//   - Its answer is what the framework answers for such a read once the
//     provider's Read stores the prior state unchanged: the prior state (the
//     framework would re-encode the same value; the semantic-equality walk
//     keeps a value equal to the prior, and the write-only walk nulls what
//     Terraform never stores), the empty private state, the identity the
//     Read stores, no diagnostics, no deferral. Whether the Read would store
//     the prior state unchanged is the provider's to tell
//     (UnchangedReads); it says false whenever unsure, and a false sends
//     the read to the framework.
//   - NewVerifyingServer asks the framework too and reports any difference
//     (state, private state, identity, a diagnostic, a deferral) as an error
//     diagnostic; when they agree it answers the shortcut's, so that every
//     acceptance test also has Terraform take it.

import (
	"bytes"
	"context"
	"fmt"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// UnchangedReads is what a configured provider tells the read shortcut.
type UnchangedReads interface {
	// ReadsUnchanged reports whether the Read of a resource of typeName,
	// given prior (its state, decoded with the schema's type) and an empty
	// private state, would store prior unchanged, with no diagnostics,
	// and if so the identity it would store (a null Value for a type
	// without identity). It says false whenever it is not sure: on any
	// error, for a type it does not know, for an object that changed.
	ReadsUnchanged(ctx context.Context, typeName string, prior tftypes.Value) (identity tftypes.Value, unchanged bool)
}

// PublishUnchangedReads makes r answer the read shortcut of the server
// whose ConfigureProvider call ctx belongs to. A provider calls it from its
// Configure, once configured, with the context it was given; with any
// other context (a provider served without this package) it does nothing.
func PublishUnchangedReads(ctx context.Context, r UnchangedReads) {
	if slot, ok := ctx.Value(readSlotKey{}).(*readSlot); ok {
		slot.Store(&r)
	}
}

// readSlot holds what a server's provider published; one per server, as
// each server configures its own provider.
type readSlot struct{ atomic.Pointer[UnchangedReads] }

type readSlotKey struct{}

func (s unchangedPlanServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return s.frameworkServer.ConfigureProvider(context.WithValue(ctx, readSlotKey{}, s.reads), req)
}

func (s unchangedPlanServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	shortcut, ok := s.readUnchanged(ctx, req)
	if !ok {
		return s.frameworkServer.ReadResource(ctx, req)
	}
	if s.answered != nil {
		s.answered.read(req.TypeName)
	}
	if !s.verify {
		return shortcut, nil
	}
	framework, err := s.frameworkServer.ReadResource(ctx, req)
	if err != nil {
		return framework, err
	}
	if diff := readDifference(s.readTypes[req.TypeName], shortcut, framework); diff != "" {
		if framework == nil {
			framework = &tfprotov6.ReadResourceResponse{}
		}
		framework.Diagnostics = append(framework.Diagnostics, disagreement("Read shortcut", req.TypeName, diff))
		return framework, nil
	}
	return shortcut, nil
}

// readUnchanged is the shortcut's answer to req, or false when the
// framework must answer it (see the invariants).
func (s unchangedPlanServer) readUnchanged(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, bool) {
	published := s.reads.Load()
	typ, known := s.readTypes[req.TypeName]
	current := req.CurrentState
	if published == nil || !known || current == nil || len(current.MsgPack) == 0 || len(current.JSON) != 0 || !emptyPrivate(req.Private) {
		return nil, false
	}
	prior, err := current.Unmarshal(typ)
	if err != nil || !prior.IsFullyKnown() || prior.IsNull() {
		return nil, false
	}
	identity, unchanged := (*published).ReadsUnchanged(ctx, req.TypeName, prior)
	if !unchanged {
		return nil, false
	}
	answer := &tfprotov6.ReadResourceResponse{NewState: current, Private: req.Private}
	if identity.Type() != nil && !identity.IsNull() {
		data, err := tfprotov6.NewDynamicValue(identity.Type(), identity)
		if err != nil {
			return nil, false
		}
		answer.NewIdentity = &tfprotov6.ResourceIdentityData{IdentityData: &data}
		if stored := req.CurrentIdentity; stored != nil && !sameIdentity(stored, answer.NewIdentity) && !sameIdentity(stored, nil) {
			return nil, false // the framework reports a changed identity
		}
	}
	return answer, true
}

// emptyPrivate reports whether a private state holds nothing.
func emptyPrivate(private []byte) bool {
	p := bytes.TrimSpace(private)
	return len(p) == 0 || bytes.Equal(p, []byte("{}"))
}

// readDifference describes how the framework's answer differs from the
// shortcut's, states decoded with the schema's type; "" when they agree.
func readDifference(typ tftypes.Type, shortcut, framework *tfprotov6.ReadResourceResponse) string {
	switch {
	case framework == nil:
		return "the framework answered nothing"
	case len(framework.Diagnostics) > 0:
		return diagnosticsDifference(framework.Diagnostics)
	case framework.Deferred != nil:
		return fmt.Sprintf("the framework deferred the read (%v)", framework.Deferred.Reason)
	case framework.NewState == nil:
		return "the framework answered no state"
	case !sameJSONObject(framework.Private, shortcut.Private):
		return fmt.Sprintf("the framework answered private state %q, the prior was %q", framework.Private, shortcut.Private)
	case !sameIdentity(framework.NewIdentity, shortcut.NewIdentity):
		return "the framework answered another identity"
	}
	return valueDifference(typ, shortcut.NewState, framework.NewState, "the prior state", "read")
}

// readTypes is the state type of every resource type of p.
func readTypes(ctx context.Context, p provider.Provider) map[string]tftypes.Type {
	out := map[string]tftypes.Type{}
	eachResourceSchema(ctx, p, func(typeName string, _ resource.Resource, s schema.Schema) {
		out[typeName] = s.Type().TerraformType(ctx)
	})
	return out
}
