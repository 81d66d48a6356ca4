package planshortcut

// The UpgradeResourceState shortcut. Terraform calls UpgradeResourceState
// for every resource of every plan and apply with the stored JSON state and
// its schema version; when that is the current version, the framework only
// decodes the JSON with the schema's type and re-encodes it as msgpack. The
// shortcut answers those calls with the stored JSON itself, which Terraform
// decodes with its own JSON decoder against the same schema.
//
// Invariants (upgrade_test.go):
//   - It answers only when the type is a resource type of the provider whose
//     schema (read once, at construction, as the framework reads it, through
//     Schema.GetVersion) is at version req.Version; when RawState is not nil,
//     has no Flatmap and has JSON; and when that JSON is an object that
//     matches the schema's type exactly and canonically (conformsTo): every
//     key at every depth names an attribute or block, every value is null or
//     the JSON kind the type has (a string for a string, a number for a
//     number, true or false for a bool, an array for a list or set, an
//     object for a map or object), and no number is a negative zero. A key
//     is compared as written: an escaped one matches no attribute (the
//     framework limits names to [a-z0-9_]) and goes to the framework.
//     Everything else, and every type holding a dynamic value or a tuple,
//     goes to the framework unchanged.
//   - What the framework (v1.19.0, internal/fwserver
//     server_upgraderesourcestate.go and proto6server) does for such a call,
//     and so all the shortcut skips: it builds the resource with its factory
//     (no side effect in this provider) and looks up its cached schema;
//     then, because req.Version equals the schema version, it returns before
//     anything else, having only decoded the JSON with tftypes, ignoring
//     keys not in the schema, into the state it answers as msgpack. It calls
//     neither the resource's Configure nor its UpgradeState (StateUpgraders
//     run only for an older version, even one keyed at the current version),
//     does not null write-only attributes (that too is only after an
//     upgrader), and touches no identity (UpgradeResourceIdentity is another
//     RPC, forwarded). So for a current-version state it can only drop
//     unknown keys or fail to decode: the two cases conformsTo leaves to it.
//   - For the JSON it accepts, both decoders give the same value: tftypes'
//     (the framework's, into msgpack, which Terraform decodes) and cty's
//     (Terraform's, for the shortcut's JSON). Both read a JSON null as null
//     of any type, a missing attribute as null, a string token as a string,
//     a number token with big.ParseFloat at 512 bits, an array element by
//     element and an object key by key (the last of a duplicated key wins in
//     both). conformsTo refuses every non-canonical form, whether the two
//     read it alike (a number or a bool sent as a string, a number or a bool
//     where a string is due) or not (the number 1 or 0 as a bool, which
//     tftypes reads and cty refuses), and a negative zero, which msgpack
//     encodes as the integer 0 and cty keeps, so that Terraform would store
//     "-0" where the framework's answer stores "0". The verifying server's
//     comparison (tftypes' Equal) cannot see that sign; TestConformsTo
//     checks, with cty's own decoders, that both decode every accepted
//     sample to the same value and the same stored JSON.
//   - NewVerifyingServer asks the framework too, decodes both answers with
//     the schema's type and reports any difference (or any framework
//     diagnostic) as an error diagnostic; when they agree it answers the
//     shortcut's JSON, so that every acceptance test also has Terraform
//     decode it.

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// upgradeType is what the upgrade shortcut needs of one resource type.
type upgradeType struct {
	// version is the schema's current version.
	version int64
	// state is the schema's type, to compare answers in verifying mode.
	state tftypes.Type
	// shape is state, compiled for conformsTo.
	shape *jsonShape
}

func (s unchangedPlanServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	t, ok := s.upgradeTypes[req.TypeName]
	if !ok || !t.answers(req) {
		return s.frameworkServer.UpgradeResourceState(ctx, req)
	}
	shortcut := &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &tfprotov6.DynamicValue{JSON: req.RawState.JSON}}
	if s.answered != nil {
		s.answered.Upgrades.Add(1)
	}
	if !s.verify {
		return shortcut, nil
	}
	framework, err := s.frameworkServer.UpgradeResourceState(ctx, req)
	if err != nil {
		return framework, err
	}
	if diff := upgradeDifference(t.state, shortcut, framework); diff != "" {
		if framework == nil {
			framework = &tfprotov6.UpgradeResourceStateResponse{}
		}
		framework.Diagnostics = append(framework.Diagnostics, disagreement("Upgrade-state shortcut", req.TypeName, diff))
		return framework, nil
	}
	return shortcut, nil
}

// answers reports whether the shortcut answers req (see the invariants).
func (t upgradeType) answers(req *tfprotov6.UpgradeResourceStateRequest) bool {
	raw := req.RawState
	return req.Version == t.version && raw != nil && len(raw.Flatmap) == 0 && len(raw.JSON) > 0 &&
		conformsTo(raw.JSON, t.shape)
}

// upgradeDifference describes how the framework's answer differs from the
// shortcut's, both decoded with the schema's type; "" when they agree.
func upgradeDifference(typ tftypes.Type, shortcut, framework *tfprotov6.UpgradeResourceStateResponse) string {
	switch {
	case framework == nil:
		return "the framework answered nothing"
	case len(framework.Diagnostics) > 0:
		return diagnosticsDifference(framework.Diagnostics)
	case framework.UpgradedState == nil:
		return "the framework answered no state"
	}
	return valueDifference(typ, shortcut.UpgradedState, framework.UpgradedState, "the stored state", "upgraded the state to")
}

// diagnosticsDifference describes diagnostics the framework answered where
// the shortcut answers none.
func diagnosticsDifference(diags []*tfprotov6.Diagnostic) string {
	return fmt.Sprintf("the framework answered %d diagnostic(s), the first %q", len(diags), diags[0].Summary)
}

// valueDifference compares the shortcut's value (named whose, in messages)
// with the framework's, both decoded with typ; "" when they are equal, or
// else "the framework <did> another value" and where.
func valueDifference(typ tftypes.Type, shortcut, framework *tfprotov6.DynamicValue, whose, did string) string {
	want, err := framework.Unmarshal(typ)
	if err != nil {
		return fmt.Sprintf("the framework's state does not decode: %v", err)
	}
	got, err := shortcut.Unmarshal(typ)
	if err != nil {
		return fmt.Sprintf("%s does not decode: %v", whose, err)
	}
	if !got.Equal(want) {
		diffs, _ := got.Diff(want)
		return fmt.Sprintf("the framework %s another value (%d difference(s), the first at %v)", did, len(diffs), firstPath(diffs))
	}
	return ""
}

func firstPath(diffs []tftypes.ValueDiff) string {
	if len(diffs) == 0 || diffs[0].Path == nil {
		return "the root"
	}
	return diffs[0].Path.String()
}

// upgradeTypes lists every resource type of p with its schema version and
// type: the upgrade shortcut does not depend on what keeps a type from the
// plan shortcut (defaults, ModifyPlan, write-only attributes). A type whose
// schema reports an error, or holds a dynamic value or a tuple, is left out.
func upgradeTypes(ctx context.Context, p provider.Provider) map[string]upgradeType {
	out := map[string]upgradeType{}
	eachResourceSchema(ctx, p, func(typeName string, _ resource.Resource, s schema.Schema) {
		typ := s.Type().TerraformType(ctx)
		if shape, ok := compileShape(typ); ok && shape.kind == shapeObject {
			out[typeName] = upgradeType{version: s.GetVersion(), state: typ, shape: shape}
		}
	})
	return out
}

// UpgradedTypes lists the resource types of p whose current-version states
// the upgrade shortcut answers, with that version: what a provider's tests
// pin.
func UpgradedTypes(ctx context.Context, p provider.Provider) map[string]int64 {
	out := map[string]int64{}
	for name, t := range upgradeTypes(ctx, p) {
		out[name] = t.version
	}
	return out
}

type shapeKind uint8

const (
	shapeString shapeKind = iota
	shapeNumber
	shapeBool
	shapeArray // a list or a set
	shapeMap
	shapeObject
)

// jsonShape is a tftypes.Type as conformsTo checks JSON against it.
type jsonShape struct {
	kind  shapeKind
	elem  *jsonShape            // shapeArray, shapeMap
	attrs map[string]*jsonShape // shapeObject
}

// compileShape is t's shape, or false when t holds a type the shortcut
// leaves to the framework: a dynamic value (its JSON carries its own type),
// a tuple or an object with optional attributes (no resource schema has
// them).
func compileShape(t tftypes.Type) (*jsonShape, bool) {
	switch t := t.(type) {
	case tftypes.Object:
		if len(t.OptionalAttributes) > 0 {
			return nil, false
		}
		s := &jsonShape{kind: shapeObject, attrs: make(map[string]*jsonShape, len(t.AttributeTypes))}
		for name, at := range t.AttributeTypes {
			a, ok := compileShape(at)
			if !ok {
				return nil, false
			}
			s.attrs[name] = a
		}
		return s, true
	case tftypes.List:
		return compileElem(shapeArray, t.ElementType)
	case tftypes.Set:
		return compileElem(shapeArray, t.ElementType)
	case tftypes.Map:
		return compileElem(shapeMap, t.ElementType)
	}
	switch {
	case t.Equal(tftypes.String):
		return &jsonShape{kind: shapeString}, true
	case t.Equal(tftypes.Number):
		return &jsonShape{kind: shapeNumber}, true
	case t.Equal(tftypes.Bool):
		return &jsonShape{kind: shapeBool}, true
	}
	return nil, false
}

func compileElem(kind shapeKind, elem tftypes.Type) (*jsonShape, bool) {
	e, ok := compileShape(elem)
	if !ok {
		return nil, false
	}
	return &jsonShape{kind: kind, elem: e}, true
}

// conformsTo reports whether data is a JSON object of shape s, canonically
// (see the invariants): then tftypes and cty decode it to the same value,
// and tftypes with IgnoreUndefinedAttributes ignores nothing. It checks the
// syntax with json.Valid and then walks the bytes without decoding them,
// which costs a fraction of a decode (BenchmarkUpgradeCheck).
func conformsTo(data []byte, s *jsonShape) bool {
	if !json.Valid(data) {
		return false
	}
	w := jsonWalker{b: data}
	w.space()
	if w.i >= len(w.b) || w.b[w.i] != '{' {
		return false
	}
	return w.value(s)
}

// jsonWalker walks valid JSON (json.Valid), so it finds every token where
// the grammar puts it; it still checks bounds, so that a bug returns false
// rather than panicking.
type jsonWalker struct {
	b []byte
	i int
}

func (w *jsonWalker) space() {
	for w.i < len(w.b) {
		switch w.b[w.i] {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return
		}
	}
}

// next skips space and returns the next byte, or 0 at the end.
func (w *jsonWalker) next() byte {
	w.space()
	if w.i >= len(w.b) {
		return 0
	}
	return w.b[w.i]
}

// value checks the value at w.i against s and moves past it.
func (w *jsonWalker) value(s *jsonShape) bool {
	switch c := w.next(); {
	case c == 'n': // null, of any type
		w.i += len("null")
		return true
	case s.kind == shapeString && c == '"':
		_, ok := w.str()
		return ok
	case s.kind == shapeNumber && (c == '-' || c >= '0' && c <= '9'):
		return w.number()
	case s.kind == shapeBool && c == 't':
		w.i += len("true")
		return true
	case s.kind == shapeBool && c == 'f':
		w.i += len("false")
		return true
	case s.kind == shapeArray && c == '[':
		w.i++
		if w.next() == ']' {
			w.i++
			return true
		}
		for {
			if !w.value(s.elem) {
				return false
			}
			if end, ok := w.endOfElement(']'); end || !ok {
				return ok
			}
		}
	case (s.kind == shapeMap || s.kind == shapeObject) && c == '{':
		w.i++
		if w.next() == '}' {
			w.i++
			return true
		}
		for {
			if w.next() != '"' {
				return false
			}
			key, ok := w.str()
			if !ok || w.next() != ':' {
				return false
			}
			w.i++
			elem := s.elem
			// The key as written: an escaped one (no attribute name has a
			// backslash) matches no attribute and is left to the framework.
			if s.kind == shapeObject {
				if elem = s.attrs[string(key)]; elem == nil {
					return false
				}
			}
			if !w.value(elem) {
				return false
			}
			if end, ok := w.endOfElement('}'); end || !ok {
				return ok
			}
		}
	}
	return false
}

// endOfElement moves past the ',' or the closing delimiter after an element
// of an array or object: end when it was the closing one, ok when it was
// either.
func (w *jsonWalker) endOfElement(closing byte) (end, ok bool) {
	switch w.next() {
	case ',':
		w.i++
		return false, true
	case closing:
		w.i++
		return true, true
	}
	return false, false
}

// str moves past the string at w.i and returns its bytes between the quotes,
// escapes undecoded.
func (w *jsonWalker) str() ([]byte, bool) {
	start := w.i + 1
	for j := start; j < len(w.b); j++ {
		switch w.b[j] {
		case '\\':
			j++ // the escaped byte; \uXXXX's hex digits are neither '"' nor '\\'
		case '"':
			w.i = j + 1
			return w.b[start:j], true
		}
	}
	return nil, false
}

// number moves past the number at w.i, and refuses a negative zero: the
// framework's msgpack encodes it as the integer 0, cty keeps its sign.
func (w *jsonWalker) number() bool {
	start := w.i
	nonzero := false
	mantissa := true
	for ; w.i < len(w.b); w.i++ {
		switch c := w.b[w.i]; {
		case c >= '1' && c <= '9':
			nonzero = nonzero || mantissa
		case c == '0', c == '-', c == '+', c == '.':
		case c == 'e', c == 'E':
			mantissa = false
		default:
			return nonzero || w.b[start] != '-'
		}
	}
	return nonzero || w.b[start] != '-'
}
