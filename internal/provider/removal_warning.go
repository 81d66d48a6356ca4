package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Removals on create.
//
// cloudinary_principal_roles and cloudinary_user_group_members are
// authoritative: creating one makes an object that already exists (a
// principal, a group) hold exactly what the configuration lists, so the
// create removes whatever else the object holds. An update shows such
// removals in the plan's diff, against the refreshed state; a create has no
// state to diff against. So on create, ModifyPlan reads what the object holds
// (through the read layer, which shares one list between all resources of a
// plan) and shows what the apply will remove twice: as a warning, for people,
// and as the computed attribute removed_on_create, which `terraform show
// -json` carries for pipelines to check.
//
// removed_on_create is known in the plan whenever the object's id and the
// configured list are (and when nothing can be removed whatever the unknown
// values turn out to be). Terraform plans a create again at apply time and
// refuses a different answer ("Provider produced inconsistent final plan"),
// so an apply never removes more, or other, than its plan listed: if the
// object changed in between, the apply stops before changing anything and the
// next plan shows the new list. (Create itself still makes the object hold
// exactly the configured list, keeps the planned value, and warns about
// anything else it removed in the moment between that second plan and its
// own read.) An update plans it empty and every refresh reads it back empty,
// so the value never causes a diff of its own.

// removedOnCreateAttr is the attribute's name in both resources.
const removedOnCreateAttr = "removed_on_create"

// removedOnCreateDescription describes the attribute: what names the
// object ("the principal", "the group"), what it holds ("roles",
// "members"), the list attribute of the configuration, and what an id known
// only at apply plans.
func removedOnCreateDescription(object, items, listAttr, unknownID string) string {
	return "What creating this resource removes: the " + items + " " + object + " has when the plan is made that `" +
		listAttr + "` does not list, sorted. The plan shows it as a known value, also in `terraform show -json` " +
		"(`resource_changes[].change.after." + removedOnCreateAttr + "`) for pipelines to check, and warns with the " +
		"same list; an empty list means the create removes nothing. " + unknownID + " It is unknown in the plan " +
		"only when the " + items + " cannot be read, or when `" + listAttr + "` holds values known only at apply " +
		"that may keep some of them. Terraform plans the create again at apply time: if the list has changed by " +
		"then, it stops with \"Provider produced inconsistent final plan\" before anything is changed, and the next " +
		"plan shows the new list. The value stays in state until the next refresh; updates and refreshes set it " +
		"to an empty list."
}

// removedOnCreateAttribute is the schema of removed_on_create: a computed
// list of objects with the given attributes, each computed.
func removedOnCreateAttribute(description string, attrs map[string]schema.Attribute) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: description,
		NestedObject:        schema.NestedAttributeObject{Attributes: attrs},
	}
}

// emptyList is a known list with no elements.
func emptyList(elem attr.Type) types.List { return types.ListValueMust(elem, []attr.Value{}) }

// planRemovedOnCreateEmpty sets removed_on_create in the plan to an empty
// list.
func planRemovedOnCreateEmpty(ctx context.Context, plan *tfsdk.Plan, elem attr.Type, diags *diag.Diagnostics) {
	diags.Append(plan.SetAttribute(ctx, path.Root(removedOnCreateAttr), emptyList(elem))...)
}

// planRemovedOnCreateOnUpdate plans removed_on_create of an existing
// resource: an update removes nothing "on create", so when the framework has
// marked the attribute unknown (the plan changes something else) it becomes
// an empty list. A plan that changes nothing keeps the prior value and calls
// no API, as the unchanged-plan shortcut requires (internal/planshortcut).
func planRemovedOnCreateOnUpdate(ctx context.Context, planned types.List, plan *tfsdk.Plan, elem attr.Type, diags *diag.Diagnostics) {
	if planned.IsUnknown() {
		planRemovedOnCreateEmpty(ctx, plan, elem, diags)
	}
}

// removalNotice words the warnings about what a create removes.
type removalNotice struct {
	typeName string // "cloudinary_principal_roles"
	object   string // `group "g-1"`
	listAttr string // "roles"
	noun     string // "role", made plural with "s"
	exactly  string // what the apply makes object do: "hold exactly the roles that `roles` lists"
	holds    string // "holds" / "has"
	whatOf   string // "the roles of" / "the members of"
	importID string // the resource's import id for this object
}

func (n removalNotice) count(k int) string {
	if k == 1 {
		return "1 " + n.noun
	}
	return fmt.Sprintf("%d %ss", k, n.noun)
}

// importHint tells how to keep items, or take the object's current
// contents over instead.
func (n removalNotice) importHint() string {
	return fmt.Sprintf("To keep one, add it to `%s`. To take over what %s %s instead, import this resource rather than "+
		"create it; the plan then shows each removal as a change to `%s`:\n\n"+
		"import {\n  to = %s.<name>\n  id = %s\n}\n\nor: terraform import %s.<name> %s",
		n.listAttr, n.object, n.holds, n.listAttr, n.typeName, strconv.Quote(n.importID), n.typeName, shellQuoteArg(n.importID))
}

// bullets renders a list of items for a diagnostic.
func bullets(items []string) string {
	return "  - " + strings.Join(items, "\n  - ")
}

// warnRemovals is the plan's warning: creating the resource removes items.
func (n removalNotice) warnRemovals(diags *diag.Diagnostics, items []string) {
	diags.AddAttributeWarning(path.Root(n.listAttr),
		fmt.Sprintf("Creating %s removes %s", n.typeName, n.count(len(items))),
		fmt.Sprintf("%s is authoritative: the apply makes %s %s, so it removes the following %s, which %s %s now:"+
			"\n\n%s\n\nThe plan lists the same in `%s` (see `terraform show -json`). %s",
			n.typeName, n.object, n.exactly, n.count(len(items)), n.object, n.holds, bullets(items),
			removedOnCreateAttr, n.importHint()))
}

// warnPossibleRemovals is the plan's warning when the configured list holds
// values known only at apply: items are what no known value keeps.
func (n removalNotice) warnPossibleRemovals(diags *diag.Diagnostics, items []string) {
	diags.AddAttributeWarning(path.Root(n.listAttr),
		fmt.Sprintf("Creating %s may remove %s", n.typeName, n.count(len(items))),
		fmt.Sprintf("%s is authoritative: the apply makes %s %s. `%s` holds values known only at apply, so `%s` "+
			"is unknown until then; the apply removes each of the following %s, which %s %s now, unless one of "+
			"those values turns out to keep it:\n\n%s\n\n%s",
			n.typeName, n.object, n.exactly, n.listAttr, removedOnCreateAttr, n.count(len(items)), n.object, n.holds,
			bullets(items), n.importHint()))
}

// warnUnreadable is the plan's warning when what the object holds could not
// be read.
func (n removalNotice) warnUnreadable(diags *diag.Diagnostics, err error) {
	diags.AddAttributeWarning(path.Root(n.listAttr),
		fmt.Sprintf("Cannot tell what creating %s removes", n.typeName),
		fmt.Sprintf("Reading %s %s failed: %s\n\n`%s` is unknown until the apply, which makes %s %s and so "+
			"removes every other %s.", n.whatOf, n.object, err, removedOnCreateAttr, n.object, n.exactly, n.noun))
}

// warnRemovedAtApply is the apply's warning about removals the plan did not
// show: items that appeared after the plan was last made (the apply still
// makes the object hold exactly the configured list), or all that was
// removed when the plan could not tell.
func (n removalNotice) warnRemovedAtApply(diags *diag.Diagnostics, items []string, planned bool) {
	why := "The plan could not tell, so `" + removedOnCreateAttr + "` records what the apply removed."
	if planned {
		why = "They appeared after the plan was made; `" + removedOnCreateAttr + "` keeps what the plan showed."
	}
	diags.AddAttributeWarning(path.Root(n.listAttr),
		fmt.Sprintf("Creating %s removed %s the plan did not list", n.typeName, n.count(len(items))),
		fmt.Sprintf("%s is authoritative: the apply made %s %s, so it removed the following %s:\n\n%s\n\n%s",
			n.typeName, n.object, n.exactly, n.count(len(items)), bullets(items), why))
}

// shellQuoteArg quotes s for a POSIX shell when it needs it.
func shellQuoteArg(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,:=@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// knownSetStrings reads the known elements of a set of strings; complete
// is false when the set or any element is unknown.
func knownSetStrings(s types.Set) (values []string, complete bool) {
	if s.IsUnknown() {
		return nil, false
	}
	complete = true
	for _, v := range s.Elements() {
		str, ok := v.(types.String)
		if !ok || str.IsUnknown() {
			complete = false
			continue
		}
		if !str.IsNull() {
			values = append(values, str.ValueString())
		}
	}
	return values, complete
}

// fullyKnown reports whether a value holds no unknown anywhere.
func fullyKnown(ctx context.Context, v attr.Value) bool {
	tv, err := v.ToTerraformValue(ctx)
	return err == nil && tv.IsFullyKnown()
}
