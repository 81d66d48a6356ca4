package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/readcache"
)

// Imports of objects that do not exist.
//
// An import of an id that nothing has ends, by default, with Terraform's
// "Cannot import non-existent remote object", which says neither what was
// looked for nor what is there. For a role assignment or a group membership
// the import id names a principal or a group that usually does exist, so the
// first Read after the import (ImportState leaves a mark for it, see
// markImported) says what that principal holds or who is in that group,
// each with the import id that adopts it. It reads nothing more than the Read
// does: the list comes from the same answer.

// importedRead reports whether this Read is the first after an import. It
// takes the context that readFreshAfterImport returned: that call consumes
// the mark (the framework hands Read one private state for request and
// response), and in a Read only it asks for direct reads.
func importedRead(ctx context.Context) bool { return readcache.IsDirect(ctx) }

// failMissingImport adds an error, and returns true, when this Read follows
// an import and problem (called only then) says why the imported object
// does not exist; problem returns "" when it does exist, or when the read
// failed in a way the Read reports itself.
func failMissingImport(ctx context.Context, diags *diag.Diagnostics, summary string, problem func() string) bool {
	if !importedRead(ctx) {
		return false
	}
	detail := problem()
	if detail == "" {
		return false
	}
	diags.AddError(summary, detail)
	return true
}

// maxListed bounds the objects an import error lists.
const maxListed = 50

// listLines renders lines as an indented list, at most maxListed of them.
func listLines(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i == maxListed {
			fmt.Fprintf(&b, "\n  ... and %d more", len(lines)-maxListed)
			break
		}
		b.WriteString("\n  - " + l)
	}
	return b.String()
}

// missingAssignmentImport explains an imported role assignment that the
// principal does not hold, listing those it does hold (held and err are the
// answer of the principal's roles read).
func missingAssignmentImport(a assignment, held []client.AssignedRole, err error) string {
	who := principalNoun(a.PrincipalType, a.PrincipalID)
	switch {
	case client.IsNotFound(err):
		return fmt.Sprintf("Cannot import role assignment %q: there is no %s, so it holds no role. Check principal_type "+
			"and principal_id (the import id starts with <principal_type>/<principal_id>).", a.id(), who)
	case err != nil || findAssignment(a, held):
		return ""
	}
	what := fmt.Sprintf("Cannot import role assignment %q: %s does not hold role %s.", a.id(), who, assignmentLabel(a))
	if len(held) == 0 {
		return what + " It holds no role at all."
	}
	lines := make([]string, 0, len(held))
	for _, r := range held {
		h := assignmentFromAPI(a.PrincipalType, a.PrincipalID, r)
		lines = append(lines, fmt.Sprintf("%s: import id %q", assignmentLabel(h), h.id()))
	}
	sort.Strings(lines)
	return fmt.Sprintf("%s It holds %d role assignment(s), each imported by the id shown:%s", what, len(held), listLines(lines))
}

// resolveImportedMembership finds the membership an import named: the group
// by id or, failing that, by its exact name; the member by user id or by
// email (ignoring letter case), among the group's members. It returns the
// group and the member's id, or an explanation of what is missing, listing
// the group's members.
func resolveImportedMembership(ctx context.Context, d *providerData, group, user string) (*client.UserGroup, string, string, error) {
	g, err := d.reads.UserGroup(ctx, group)
	if noSuchObject(err) {
		groups, lerr := d.client.GetUserGroups(ctx, groupsWithMembers())
		if lerr != nil {
			return nil, "", "", lerr
		}
		named := userGroupsNamed(groups, group, false)
		switch len(named) {
		case 0:
			return nil, "", fmt.Sprintf("Cannot import the membership %q: no user group has the id or the name %q. "+
				"The import id is <group_id or group name>/<user_id or email>.", joinID(group, user), group), nil
		case 1:
			g, err = &named[0], nil
		default:
			return nil, "", fmt.Sprintf("Cannot import the membership %q: %d user groups are named %q (ids %s); use "+
				"the group id instead.", joinID(group, user), len(named), group, userGroupIDs(named)), nil
		}
	}
	if err != nil {
		return nil, "", "", err
	}
	for _, u := range g.Users {
		if u.ID == user || strings.Contains(user, "@") && strings.EqualFold(u.Email, user) {
			return g, u.ID, "", nil
		}
	}
	what := fmt.Sprintf("Cannot import the membership %q: user group %q (id %q) has no member with the id or the email %q.",
		joinID(group, user), g.Name, g.ID, user)
	if len(g.Users) == 0 {
		return nil, "", what + " The group has no members.", nil
	}
	lines := make([]string, 0, len(g.Users))
	for _, u := range g.Users {
		lines = append(lines, fmt.Sprintf("%s: import id %q", u.Email, joinID(g.ID, u.ID)))
	}
	sort.Strings(lines)
	return nil, "", fmt.Sprintf("%s Its %d member(s), each imported by the id shown:%s", what, len(g.Users), listLines(lines)), nil
}

// readImported is the membership's Read after an import, which may name the
// group by name and the user by email (resolveImportedMembership): it
// stores the ids, or fails with what the group holds.
func (r *userGroupMembershipResource) readImported(ctx context.Context, state userGroupMembershipModel, resp *resource.ReadResponse) {
	g, uid, problem, err := resolveImportedMembership(ctx, r.data, state.GroupID.ValueString(), state.UserID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "user group membership", err)
		return
	}
	if problem != "" {
		resp.Diagnostics.AddError("Cannot import user group membership", problem)
		return
	}
	state.GroupID, state.UserID = types.StringValue(g.ID), types.StringValue(uid)
	state.ID = types.StringValue(joinID(g.ID, uid))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, state.identity(), &resp.Diagnostics)
}
