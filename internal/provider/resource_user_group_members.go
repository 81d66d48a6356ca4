package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var (
	_ resource.ResourceWithImportState = (*userGroupMembersResource)(nil)
	_ resource.ResourceWithIdentity    = (*userGroupMembersResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*userGroupMembersResource)(nil)
)

// NewUserGroupMembersResource is the cloudinary_user_group_members resource.
func NewUserGroupMembersResource() resource.Resource {
	return &userGroupMembersResource{resourceBase: resourceBase{typeName: "user_group_members"}}
}

// userGroupMembersResource owns the complete member list of one group
// (authoritative).
type userGroupMembersResource struct{ resourceBase }

// userGroupMembersModel is the cloudinary_user_group_members state.
type userGroupMembersModel struct {
	ID              types.String   `tfsdk:"id"`
	GroupID         types.String   `tfsdk:"group_id"`
	UserIDs         types.Set      `tfsdk:"user_ids"`
	RemovedOnCreate types.List     `tfsdk:"removed_on_create"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

// removedMemberModel is one element of removed_on_create.
type removedMemberModel struct {
	UserID types.String `tfsdk:"user_id"`
	Email  types.String `tfsdk:"email"`
}

// removedMemberType is the type of removedMemberModel.
var removedMemberType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"user_id": types.StringType,
	"email":   types.StringType,
}}

// userGroupMembersIdentity identifies the member list: by its group.
type userGroupMembersIdentity struct {
	GroupID types.String `tfsdk:"group_id"`
}

func (r *userGroupMembersResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sets the complete member list of one user group (authoritative). Creating it and every apply " +
			"add the listed users that are missing and remove every other member, including users added outside " +
			"Terraform, which the plan shows first: on update as a change to `user_ids`, on create as a warning and " +
			"in `removed_on_create`. Only the difference is sent, one user at a time. " +
			"Destroying it removes the listed users from the group (the group itself stays)." +
			userGroupMembershipModels + "\n\n" + referencesNote("`group_id` and the ids in `user_ids` are") +
			"Import the members of a group by the group id or by the group name." +
			identityImportNote("cloudinary_user_group_members", "`group_id`", `{ group_id = "<group_id>" }`),
		Blocks: map[string]schema.Block{timeoutsAttr: timeoutsBlock(ctx, crudTimeouts)},
		Attributes: map[string]schema.Attribute{
			"id": withPlanModifiers(idAttribute("The group id, also the import id."), idFromAttributes{"group_id"}),
			"group_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the user group. Changing it replaces the resource.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{notBlank()},
			},
			"user_ids": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Ids of every user who should be in the group; nobody else will be. An empty set " +
					"empties the group.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(notBlank())},
			},
			removedOnCreateAttr: removedOnCreateAttribute(
				removedOnCreateDescription("the group", "members", "user_ids",
					"When `group_id` is known only at apply (the group is created in the same apply), it is an empty "+
						"list: a new group has no members."),
				map[string]schema.Attribute{
					"user_id": schema.StringAttribute{Computed: true, MarkdownDescription: "Id of the user."},
					"email":   schema.StringAttribute{Computed: true, MarkdownDescription: "Email of the user."},
				}),
		},
	}
}

// IdentitySchema: the member list is identified by its group.
func (r *userGroupMembersResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"group_id": identityschema.StringAttribute{RequiredForImport: true, Description: "Id of the user group."},
		},
	}
}

// userGroupMemberIDs lists a group's member ids.
func userGroupMemberIDs(g *client.UserGroup) []string {
	ids := make([]string, 0, len(g.Users))
	for _, u := range g.Users {
		ids = append(ids, u.ID)
	}
	return ids
}

// userGroupMembersDiff returns who to add and who to remove to turn current
// into desired, each sorted.
func userGroupMembersDiff(current, desired []string) (add, remove []string) {
	for _, id := range desired {
		if !slices.Contains(current, id) && !slices.Contains(add, id) {
			add = append(add, id)
		}
	}
	for _, id := range current {
		if !slices.Contains(desired, id) && !slices.Contains(remove, id) {
			remove = append(remove, id)
		}
	}
	slices.Sort(add)
	slices.Sort(remove)
	return add, remove
}

// userGroupMembersWorkers bounds the membership calls in flight for one
// group (the API changes membership one user per request).
const userGroupMembersWorkers = 4

// forEachMember runs fn for every id with a few workers and joins the errors.
func forEachMember(ids []string, fn func(id string) error) error {
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
		next = make(chan string)
	)
	for range min(userGroupMembersWorkers, len(ids)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range next {
				if err := fn(id); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	for _, id := range ids {
		next <- id
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

// memberRemovals are the members of g that desired does not list, sorted
// by id.
func memberRemovals(g *client.UserGroup, desired []string) []client.UserGroupUser {
	_, remove := userGroupMembersDiff(userGroupMemberIDs(g), desired)
	out := make([]client.UserGroupUser, 0, len(remove))
	for _, id := range remove {
		u := client.UserGroupUser{ID: id}
		for _, m := range g.Users {
			if m.ID == id {
				u = m
				break
			}
		}
		out = append(out, u)
	}
	return out
}

// removedMembersList renders removed members as removed_on_create.
func removedMembersList(users []client.UserGroupUser) types.List {
	elems := make([]attr.Value, 0, len(users))
	for _, u := range users {
		elems = append(elems, types.ObjectValueMust(removedMemberType.AttrTypes, map[string]attr.Value{
			"user_id": types.StringValue(u.ID),
			"email":   stringOrNull(&u.Email),
		}))
	}
	return types.ListValueMust(removedMemberType, elems)
}

// memberLabels name members in a diagnostic: by email, with the id.
func memberLabels(users []client.UserGroupUser) []string {
	out := make([]string, 0, len(users))
	for _, u := range users {
		if u.Email == "" {
			out = append(out, fmt.Sprintf("user_id %q", u.ID))
			continue
		}
		out = append(out, fmt.Sprintf("%s (user_id %q)", u.Email, u.ID))
	}
	return out
}

// membersRemovalNotice words the warnings about the members of group gid.
func membersRemovalNotice(gid string) removalNotice {
	return removalNotice{typeName: "cloudinary_user_group_members", object: fmt.Sprintf("user group %q", gid),
		listAttr: "user_ids", noun: "member", exactly: "have exactly the members that `user_ids` lists", holds: "has",
		whatOf: "the members of", importID: gid}
}

// ModifyPlanLeavesUnchangedPlansAlone lets the unchanged-plan shortcut answer
// for this type (internal/planshortcut): ModifyPlan reads only on create and for
// references new since the state (references.go), and touches
// removed_on_create of an existing resource only when the framework marked
// it unknown, which it does only for a changing plan.
func (*userGroupMembersResource) ModifyPlanLeavesUnchangedPlansAlone() {}

// ModifyPlan plans removed_on_create: on create, the members the group has
// now that user_ids does not list, with a warning when there are any
// (removal_warning.go); on update, an empty list.
func (r *userGroupMembersResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan userGroupMembersModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(userGroupMembersReferences(ctx, r.data, req)...) // references.go
	if resp.Diagnostics.HasError() {
		return
	}
	if !req.State.Raw.IsNull() {
		planRemovedOnCreateOnUpdate(ctx, plan.RemovedOnCreate, &resp.Plan, removedMemberType, &resp.Diagnostics)
		return
	}
	if plan.GroupID.IsUnknown() {
		// The group is created in the same apply, and a new group has no
		// members (cloudinary_user_group never adopts an existing group).
		// Terraform plans the create again at apply time, with the id, and
		// stops if that turns out wrong.
		planRemovedOnCreateEmpty(ctx, &resp.Plan, removedMemberType, &resp.Diagnostics)
		return
	}
	if r.data == nil || r.data.client == nil {
		return
	}
	gid := plan.GroupID.ValueString()
	notice := membersRemovalNotice(gid)
	g, err := r.data.reads.UserGroup(ctx, gid)
	if client.IsNotFound(err) {
		// No such group: nothing to remove (the apply reports it).
		planRemovedOnCreateEmpty(ctx, &resp.Plan, removedMemberType, &resp.Diagnostics)
		return
	}
	if err != nil {
		notice.warnUnreadable(&resp.Diagnostics, err)
		return
	}
	desired, complete := knownSetStrings(plan.UserIDs)
	remove := memberRemovals(g, desired)
	if !complete && len(remove) > 0 {
		// Values known only at apply may keep some of these.
		notice.warnPossibleRemovals(&resp.Diagnostics, memberLabels(remove))
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(removedOnCreateAttr), removedMembersList(remove))...)
	if len(remove) > 0 {
		notice.warnRemovals(&resp.Diagnostics, memberLabels(remove))
	}
}

// removedMembersAfterApply is removed_on_create after a create removed
// removed: exactly the planned value when the plan knew it (Terraform
// requires that), with a warning about any member removed that the plan did
// not list; otherwise who was removed.
func removedMembersAfterApply(ctx context.Context, plan userGroupMembersModel, removed []client.UserGroupUser,
	diags *diag.Diagnostics) types.List {
	notice := membersRemovalNotice(plan.GroupID.ValueString())
	if plan.RemovedOnCreate.IsUnknown() || plan.RemovedOnCreate.IsNull() {
		if len(removed) > 0 {
			notice.warnRemovedAtApply(diags, memberLabels(removed), false)
		}
		return removedMembersList(removed)
	}
	var planned []removedMemberModel
	diags.Append(plan.RemovedOnCreate.ElementsAs(ctx, &planned, false)...)
	var extra []client.UserGroupUser
	for _, u := range removed {
		if !slices.ContainsFunc(planned, func(p removedMemberModel) bool { return p.UserID.ValueString() == u.ID }) {
			extra = append(extra, u)
		}
	}
	if len(extra) > 0 {
		notice.warnRemovedAtApply(diags, memberLabels(extra), true)
	}
	return plan.RemovedOnCreate
}

// reconcile makes the group's members exactly desired, sending only the
// difference against a fresh read of the group. It returns who it removed.
func (r *userGroupMembersResource) reconcile(ctx context.Context, c *client.Client, groupID string,
	desired []string) ([]client.UserGroupUser, error) {
	g, err := readAfterWrite(ctx, func() (*client.UserGroup, error) { return r.data.reads.UserGroup(ctx, groupID) })
	if err != nil {
		return nil, err
	}
	removed := memberRemovals(g, desired)
	add, remove := userGroupMembersDiff(userGroupMemberIDs(g), desired)
	err = errors.Join(
		forEachMember(add, func(id string) error {
			if err := addUserGroupMember(ctx, c, groupID, id); err != nil {
				return fmt.Errorf("adding user %q: %w", id, err)
			}
			return nil
		}),
		forEachMember(remove, func(id string) error {
			if err := removeUserGroupMember(ctx, c, groupID, id); err != nil {
				return fmt.Errorf("removing user %q: %w", id, err)
			}
			return nil
		}),
	)
	return removed, err
}

func (r *userGroupMembersResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.write(ctx, req.Plan, &resp.State, resp.Identity, &resp.Diagnostics, "create")
}

func (r *userGroupMembersResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.write(ctx, req.Plan, &resp.State, resp.Identity, &resp.Diagnostics, "update")
}

// write reconciles the group with the plan and stores the plan. op is
// "create" or "update", which also selects the timeout.
func (r *userGroupMembersResource) write(ctx context.Context, planIn tfsdk.Plan, state *tfsdk.State, ident *tfsdk.ResourceIdentity,
	diags *diag.Diagnostics, op string) {
	var plan userGroupMembersModel
	diags.Append(planIn.Get(ctx, &plan)...)
	c := r.data.apiClient(diags)
	if diags.HasError() {
		return
	}
	ctx, done := withTimeout(ctx, op, plan.Timeouts, diags)
	defer done()
	action := op
	if op == "create" {
		action = "set"
	}
	desired := setStrings(ctx, plan.UserIDs, diags)
	if diags.HasError() {
		return
	}
	gid := plan.GroupID.ValueString()
	removed, err := r.reconcile(ctx, c, gid, desired)
	if err != nil {
		addAPIError(diags, action, "members of user group "+gid, err)
		return
	}
	switch {
	case op == "create":
		plan.RemovedOnCreate = removedMembersAfterApply(ctx, plan, removed, diags)
	case plan.RemovedOnCreate.IsUnknown():
		plan.RemovedOnCreate = emptyList(removedMemberType)
	}
	plan.ID = types.StringValue(gid)
	diags.Append(state.Set(ctx, &plan)...)
	setIdentity(ctx, ident, userGroupMembersIdentity{GroupID: plan.GroupID}, diags)
}

func (r *userGroupMembersResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readOne(ctx, r.data, req, resp, r.reading())
}

// readsUnchanged tells the read shortcut whether Read would keep prior
// as it is (read_unchanged.go).
func (r *userGroupMembersResource) readsUnchanged(ctx context.Context, prior tfsdk.State) (any, bool) {
	return unchangedBy(ctx, prior, r.reading())
}

// reading is how Read finds the object and maps it into state.
func (r *userGroupMembersResource) reading() objectRead[userGroupMembersModel, *client.UserGroup] {
	return objectRead[userGroupMembersModel, *client.UserGroup]{
		what:     "user group members",
		key:      func(m userGroupMembersModel) string { return m.GroupID.ValueString() },
		identity: func(m userGroupMembersModel) any { return userGroupMembersIdentity{GroupID: m.GroupID} },
		fetch: func(ctx context.Context, m userGroupMembersModel) (*client.UserGroup, error) {
			return r.data.reads.UserGroup(ctx, m.GroupID.ValueString())
		},
		toState: func(g *client.UserGroup, state userGroupMembersModel) userGroupMembersModel {
			state.ID = state.GroupID
			state.UserIDs = stringSet(userGroupMemberIDs(g))
			// What the create removed is shown by its plan and kept until
			// here: a refresh reads it back empty, like every later plan.
			state.RemovedOnCreate = emptyList(removedMemberType)
			return state
		},
	}
}

func (r *userGroupMembersResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state userGroupMembersModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.data.apiClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, done := withTimeout(ctx, "delete", state.Timeouts, &resp.Diagnostics)
	defer done()
	gid := state.GroupID.ValueString()
	ids := setStrings(ctx, state.UserIDs, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	err := forEachMember(ids, func(id string) error {
		if err := removeUserGroupMember(ctx, c, gid, id); err != nil {
			return fmt.Errorf("removing user %q: %w", id, err)
		}
		return nil
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, "remove", "members of user group "+gid, err)
	}
}

// ImportState takes the group id or, when no group has that id, a group
// name that exactly one group has; or an identity with the group id.
func (r *userGroupMembersResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	markImported(ctx, resp.Private, &resp.Diagnostics)
	var ident userGroupMembersIdentity
	if importIdentity(ctx, req, &ident, &resp.Diagnostics) {
		if gid := requiredIdentityString(ident.GroupID, "group_id", &resp.Diagnostics); gid != "" {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), gid)...)
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("group_id"), gid)...)
		}
		return
	}
	if strings.TrimSpace(req.ID) == "" {
		resp.Diagnostics.AddError("Invalid import id", "Import the members of a user group by the group id or name, "+
			"e.g. `terraform import cloudinary_user_group_members.eng <group_id>`.")
		return
	}
	if r.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	gid, err := resolveUserGroupImportID(ctx, r.data, req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Cannot import user group members", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), gid)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("group_id"), gid)...)
}
