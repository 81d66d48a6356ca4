package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// userGroupMembershipModels is shared by the descriptions of both membership
// resources, so the two models are always explained side by side.
const userGroupMembershipModels = "\n\nTwo resources manage group membership:\n\n" +
	"| | `cloudinary_user_group_membership` | `cloudinary_user_group_members` |\n" +
	"|---|---|---|\n" +
	"| Manages | one (group, user) pair | the complete member list of one group |\n" +
	"| Members added outside Terraform | left alone | removed on the next apply |\n" +
	"| Typical use | several configurations each add their own users | one configuration owns the group |\n\n" +
	"~> **Do not mix them on one group.** `cloudinary_user_group_members` removes every member it does not list, " +
	"including users added with `cloudinary_user_group_membership`, and the two then undo each other on every apply."

var (
	_ resource.ResourceWithImportState = (*userGroupMembershipResource)(nil)
	_ resource.ResourceWithIdentity    = (*userGroupMembershipResource)(nil)
)

// NewUserGroupMembershipResource is the cloudinary_user_group_membership
// resource.
func NewUserGroupMembershipResource() resource.Resource {
	return &userGroupMembershipResource{resourceBase: resourceBase{typeName: "user_group_membership"}}
}

// userGroupMembershipResource manages one user's membership of one group,
// non-authoritatively: it never reads, rewrites or removes other members, so
// any number of them can be applied in parallel without lost updates.
type userGroupMembershipResource struct{ resourceBase }

// userGroupMembershipModel is the cloudinary_user_group_membership state.
type userGroupMembershipModel struct {
	ID       types.String   `tfsdk:"id"`
	GroupID  types.String   `tfsdk:"group_id"`
	UserID   types.String   `tfsdk:"user_id"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// userGroupMembershipIdentity identifies a membership.
type userGroupMembershipIdentity struct {
	GroupID types.String `tfsdk:"group_id"`
	UserID  types.String `tfsdk:"user_id"`
}

func (r *userGroupMembershipResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Adds one user to one user group, leaving the group's other members alone (non-authoritative). " +
			"If the user is already a member when it is created, the membership is simply adopted." +
			userGroupMembershipModels + "\n\n" + referencesNote("`group_id` and `user_id` are") +
			"Import a membership by `<group_id>/<user_id>`, or with the group's name in place of its id and the " +
			"user's email in place of the user id (`<group name>/<email>`). " +
			"Importing one that does not exist fails with the group's members, each with its import id." +
			identityImportNote("cloudinary_user_group_membership", "`group_id` and `user_id`",
				`{ group_id = "<group_id>", user_id = "<user_id>" }`),
		Blocks: map[string]schema.Block{timeoutsAttr: timeoutsBlock(ctx, createDeleteTimeouts)},
		Attributes: map[string]schema.Attribute{
			"id": withPlanModifiers(idAttribute("`<group_id>/<user_id>`, also the import id."), idFromAttributes{"group_id", "user_id"}),
			"group_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the user group. Changing it replaces the membership.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{notBlank()},
			},
			"user_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the user. Changing it replaces the membership.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{notBlank()},
			},
		},
	}
}

// IdentitySchema: a membership is identified by its group and its user.
func (r *userGroupMembershipResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"group_id": identityschema.StringAttribute{RequiredForImport: true, Description: "Id of the user group."},
			"user_id":  identityschema.StringAttribute{RequiredForImport: true, Description: "Id of the user."},
		},
	}
}

func (m userGroupMembershipModel) identity() userGroupMembershipIdentity {
	return userGroupMembershipIdentity{GroupID: m.GroupID, UserID: m.UserID}
}

// userGroupHasMember reports whether userID is among the group's users.
func userGroupHasMember(g *client.UserGroup, userID string) bool {
	return slices.ContainsFunc(g.Users, func(u client.UserGroupUser) bool { return u.ID == userID })
}

func (r *userGroupMembershipResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan userGroupMembershipModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	c := r.data.apiClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, done := withTimeout(ctx, "create", plan.Timeouts, &resp.Diagnostics)
	defer done()
	gid, uid := plan.GroupID.ValueString(), plan.UserID.ValueString()
	if err := addUserGroupMember(ctx, c, gid, uid); err != nil && !landedAfterContextEnded(ctx, &resp.Diagnostics,
		fmt.Sprintf("the addition of user %q to user group %q", uid, gid), func(ctx context.Context) (bool, error) {
			g, err := r.data.reads.UserGroup(ctx, gid)
			return err == nil && userGroupHasMember(g, uid), err
		}) {
		addAPIError(&resp.Diagnostics, "add", fmt.Sprintf("user %q to user group %q", uid, gid), err)
		return
	}
	plan.ID = types.StringValue(joinID(gid, uid))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, plan.identity(), &resp.Diagnostics)
}

// addUserGroupMember adds one member. A 409 means the user is already a
// member — also what a retry sees after its first attempt landed but the
// answer was lost — so it counts as success. A 404 is retried briefly: the
// user or group may have been created a moment ago.
func addUserGroupMember(ctx context.Context, c *client.Client, groupID, userID string) error {
	_, err := readAfterWrite(ctx, func() (*client.UserGroupUser, error) {
		return c.AddUserToUserGroup(ctx, groupID, userID)
	})
	if client.IsConflict(err) {
		tflog.Debug(ctx, "user already in group", map[string]any{"group_id": groupID, "user_id": userID})
		return nil
	}
	return err
}

// removeUserGroupMember removes one member; 404 (not a member, or the user or
// group is gone) is success.
func removeUserGroupMember(ctx context.Context, c *client.Client, groupID, userID string) error {
	_, err := c.RemoveUserFromUserGroup(ctx, groupID, userID)
	return ignoreNotFound(err)
}

// Read is readOne's steps written out: after an import of something that
// does not exist it explains, from the same answer, what does
// (import_missing.go), which readOne has no step for.
func (r *userGroupMembershipResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx = r.data.beginRead(ctx, req.Private, resp.Private, &resp.Diagnostics)
	var state userGroupMembershipModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || r.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	if importedRead(ctx) {
		r.readImported(ctx, state, resp) // by name and email, or what the group holds; import_missing.go
		return
	}
	setIdentity(ctx, resp.Identity, state.identity(), &resp.Diagnostics)
	gid, uid := state.GroupID.ValueString(), state.UserID.ValueString()
	if err := r.held(ctx, gid, uid); err != nil {
		if removeWhenGone(ctx, err, resp, "user group membership", joinID(gid, uid)) {
			return
		}
		addAPIError(&resp.Diagnostics, "read", "user group membership", err)
		return
	}
	state.ID = types.StringValue(joinID(gid, uid))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// readsUnchanged tells the read shortcut whether Read would keep prior as
// it is (read_unchanged.go): the group, read as Read reads it, still holds
// the user.
func (r *userGroupMembershipResource) readsUnchanged(ctx context.Context, prior tfsdk.State) (any, bool) {
	var state userGroupMembershipModel
	if prior.Get(ctx, &state).HasError() {
		return nil, false
	}
	gid, uid := state.GroupID.ValueString(), state.UserID.ValueString()
	if r.held(ctx, gid, uid) != nil {
		return nil, false
	}
	return state.identity(), state.ID.Equal(types.StringValue(joinID(gid, uid)))
}

// held reads the group as every read of a membership does; the error
// matches client.IsNotFound when the group or the membership is gone.
func (r *userGroupMembershipResource) held(ctx context.Context, gid, uid string) error {
	g, err := r.data.reads.UserGroup(ctx, gid)
	if err == nil && !userGroupHasMember(g, uid) {
		err = notFound("user group membership", joinID(gid, uid))
	}
	return err
}

// Update only stores the plan: both attributes require replacement, so only
// the timeouts block can change in place.
func (r *userGroupMembershipResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan userGroupMembershipModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, plan.identity(), &resp.Diagnostics)
}

func (r *userGroupMembershipResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state userGroupMembershipModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.data.apiClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, done := withTimeout(ctx, "delete", state.Timeouts, &resp.Diagnostics)
	defer done()
	gid, uid := state.GroupID.ValueString(), state.UserID.ValueString()
	if err := removeUserGroupMember(ctx, c, gid, uid); err != nil {
		addAPIError(&resp.Diagnostics, "remove", fmt.Sprintf("user %q from user group %q", uid, gid), err)
		return
	}
}

// ImportState takes "<group_id>/<user_id>", or an identity with both.
func (r *userGroupMembershipResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	markImported(ctx, resp.Private, &resp.Diagnostics)
	var ident userGroupMembershipIdentity
	if importIdentity(ctx, req, &ident, &resp.Diagnostics) {
		gid := requiredIdentityString(ident.GroupID, "group_id", &resp.Diagnostics)
		uid := requiredIdentityString(ident.UserID, "user_id", &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), joinID(gid, uid))...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("group_id"), gid)...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("user_id"), uid)...)
		return
	}
	parts, err := splitImportID(req.ID, "group_id", "user_id")
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), joinID(parts...))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("group_id"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("user_id"), parts[1])...)
}
