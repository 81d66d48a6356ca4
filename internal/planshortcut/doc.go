// Package planshortcut answers, in front of the framework's provider
// server, the plans and refreshes that change nothing, and passes every
// other call to the framework.
//
// Why: a refresh plan of a large account is mostly plans in which Terraform
// proposes exactly the prior state, and the framework's full plan walk costs
// a lot of CPU to answer "no change" (figures: BENCHMARKS.md, "The
// unchanged-plan shortcut").
//
// It also answers UpgradeResourceState for a state stored at the type's
// current schema version with the stored JSON itself, when that JSON matches
// the schema exactly; its invariants are at the top of upgrade.go.
//
// And it answers ReadResource with the prior state when the provider, from
// the data its Read would use, says the Read would keep that state as it is
// (UnchangedReads, published from the provider's Configure); its invariants
// are at the top of read.go.
//
// Invariants of the plan shortcut (server_test.go; schema_fields_test.go):
//   - It answers only when the proposed state is byte-equal to the prior
//     state of an existing object. Terraform builds the proposed state from
//     the configuration and the prior state, so the configuration then asks
//     for nothing the prior state lacks, with one exception: an attribute
//     with a Default that the configuration leaves out is proposed at its
//     prior value, and the framework plans the default. So it also requires
//     every such attribute to hold its default in the prior state, and it is
//     off for a type with a default it cannot check (any but a top-level
//     bool) or with a write-only attribute (proposed as null whatever the
//     configuration says).
//   - A type with a ModifyPlan is answered only if it implements
//     LeavesUnchangedPlansAlone: its ModifyPlan, given such a plan, changes
//     nothing, reports nothing and calls no API. The provider's schema plan
//     modifiers are no-ops on such a plan (UseStateForUnknown has nothing
//     unknown to fill, RequiresReplace nothing changed to react to).
//   - Its answer is the framework's: the proposed state, the prior private
//     state and identity, no replacement, no diagnostics. NewVerifyingServer
//     asks the framework too and reports any difference as an error; every
//     acceptance test of the provider runs through it.
//   - The wrapper has every method of the framework's server, so that
//     Terraform finds the optional RPCs (list resources, actions, state
//     stores) by type assertion.
//   - It reads a schema through the methods the framework plans with
//     (IsWriteOnly, the <Kind>DefaultValue methods, GetNestedObject), not
//     struct fields by name, so a method the framework renames fails the
//     build (schema.go); and the framework's schema types are pinned, field
//     by field, each field either read or said to be inert: a type or field
//     added, renamed or removed fails a test (schema_fields_test.go), so that
//     the shortcut is reviewed before it answers plans it should not.
package planshortcut
