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
	ID       types.String   `tfsdk:"id"`
	GroupID  types.String   `tfsdk:"group_id"`
	UserIDs  types.Set      `tfsdk:"user_ids"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// userGroupMembersIdentity identifies the member list: by its group.
type userGroupMembersIdentity struct {
	GroupID types.String `tfsdk:"group_id"`
}

func (r *userGroupMembersResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sets the complete member list of one user group (authoritative). Creating it and every apply " +
			"add the listed users that are missing and remove every other member, including users added outside " +
			"Terraform, which the plan shows as removals. Only the difference is sent, one user at a time. " +
			"Destroying it removes the listed users from the group (the group itself stays)." +
			userGroupMembershipModels + "\n\nImport the members of a group by the group id or by the group name." +
			identityImportNote("cloudinary_user_group_members", "`group_id`", `{ group_id = "<group_id>" }`),
		Blocks: map[string]schema.Block{timeoutsAttr: timeoutsBlock(ctx, crudTimeouts)},
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("The group id, also the import id."),
			"group_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the user group. Changing it replaces the resource.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{userNotBlank()},
			},
			"user_ids": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Ids of every user who should be in the group; nobody else will be. An empty set " +
					"empties the group.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(userNotBlank())},
			},
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

// reconcile makes the group's members exactly desired, sending only the
// difference against a fresh read of the group.
func (r *userGroupMembersResource) reconcile(ctx context.Context, c *client.Client, groupID string, desired []string) error {
	g, err := readAfterWrite(ctx, func() (*client.UserGroup, error) { return r.data.readUserGroup(ctx, groupID) })
	if err != nil {
		return err
	}
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
	if len(add)+len(remove) > 0 {
		r.data.invalidate(kindUserGroups)
	}
	return err
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
	if err := r.reconcile(ctx, c, gid, desired); err != nil {
		addAPIError(diags, action, "members of user group "+gid, err)
		return
	}
	plan.ID = types.StringValue(gid)
	diags.Append(state.Set(ctx, &plan)...)
	setIdentity(ctx, ident, userGroupMembersIdentity{GroupID: plan.GroupID}, diags)
}

func (r *userGroupMembersResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx = readFreshAfterImport(ctx, req.Private, resp.Private, &resp.Diagnostics)
	var state userGroupMembersModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || r.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	setIdentity(ctx, resp.Identity, userGroupMembersIdentity{GroupID: state.GroupID}, &resp.Diagnostics)
	gid := state.GroupID.ValueString()
	g, err := r.data.readUserGroup(ctx, gid)
	if err != nil {
		if removeWhenGone(ctx, err, resp, "user group", gid) {
			return
		}
		addAPIError(&resp.Diagnostics, "read", "user group members", err)
		return
	}
	state.ID = types.StringValue(gid)
	state.UserIDs = stringSet(userGroupMemberIDs(g))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
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
	if len(ids) > 0 {
		r.data.invalidate(kindUserGroups)
	}
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
