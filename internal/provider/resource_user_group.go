package provider

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var (
	_ resource.ResourceWithImportState = (*userGroupResource)(nil)
	_ resource.ResourceWithIdentity    = (*userGroupResource)(nil)
)

// NewUserGroupResource is the cloudinary_user_group resource.
func NewUserGroupResource() resource.Resource {
	return &userGroupResource{resourceBase: resourceBase{typeName: "user_group"}}
}

// userGroupResource manages a user group (its name only; members are
// managed by the membership resources).
type userGroupResource struct{ resourceBase }

// userGroupModel is the cloudinary_user_group state.
type userGroupModel struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
	// Timeouts is the timeouts block; userGroupFromAPI leaves it unset.
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (r *userGroupResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a user group of the Cloudinary account. The group itself is only a name: add users " +
			"to it with `cloudinary_user_group_membership` (one user each, other members left alone) or " +
			"`cloudinary_user_group_members` (the complete member list). Deleting the group removes its memberships " +
			"and role assignments.\n\n" +
			"Import a group by its id or by its name." +
			identityImportNote("cloudinary_user_group", "`id`", `{ id = "0aaaaa1bbbbb2ccccc3ddddd4eeeee5f" }`),
		Blocks: map[string]schema.Block{timeoutsAttr: timeoutsBlock(ctx, crudTimeouts)},
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("User group id."),
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Name of the group; unique in the account. Must not be empty. Can be changed in place " +
					"(the id stays).",
				Validators: []validator.String{notBlank()},
			},
		},
	}
}

// IdentitySchema: a user group is identified by its id.
func (r *userGroupResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("user group")
}

// userGroupFromAPI converts an API group into state.
func userGroupFromAPI(g *client.UserGroup) userGroupModel {
	return userGroupModel{ID: types.StringValue(g.ID), Name: types.StringValue(g.Name)}
}

// userGroupsNamed returns the groups called name, exactly or, with fold,
// ignoring letter case.
func userGroupsNamed(groups []client.UserGroup, name string, fold bool) []client.UserGroup {
	var out []client.UserGroup
	for _, g := range groups {
		if g.Name == name || fold && strings.EqualFold(g.Name, name) {
			out = append(out, g)
		}
	}
	return out
}

// userGroupIDs lists the ids of groups, sorted, for messages.
func userGroupIDs(groups []client.UserGroup) string {
	ids := make([]string, 0, len(groups))
	for _, g := range groups {
		ids = append(ids, fmt.Sprintf("%q", g.ID))
	}
	sort.Strings(ids)
	return strings.Join(ids, ", ")
}

// errUserGroupNameNotFound and errUserGroupNameAmbiguous are what
// pickUserGroupByName reports.
var (
	errUserGroupNameNotFound  = errors.New("no user group has this name")
	errUserGroupNameAmbiguous = errors.New("more than one user group has this name")
)

// pickUserGroupByName finds the one group with exactly this name; the error
// wraps errUserGroupNameNotFound or errUserGroupNameAmbiguous and says what
// to do.
func pickUserGroupByName(groups []client.UserGroup, name string) (*client.UserGroup, error) {
	switch found := userGroupsNamed(groups, name, false); len(found) {
	case 1:
		return &found[0], nil
	case 0:
		return nil, fmt.Errorf("%w: no user group is named %q (names are matched exactly)", errUserGroupNameNotFound, name)
	default:
		return nil, fmt.Errorf("%w: %d user groups are named %q (ids %s); use the id instead",
			errUserGroupNameAmbiguous, len(found), name, userGroupIDs(found))
	}
}

// userGroupConflictDetail explains a 409 on a group name and how to adopt
// the existing group.
func userGroupConflictDetail(ctx context.Context, d *providerData, name string, err error) string {
	detail := fmt.Sprintf("A user group named %q already exists in the account (group names are unique).", name)
	importID := name
	if groups, lerr := d.client.GetUserGroups(ctx, groupsWithMembers()); lerr == nil {
		if found := userGroupsNamed(groups, name, true); len(found) == 1 {
			detail = fmt.Sprintf("A user group named %q already exists in the account (id %q; group names are unique, "+
				"ignoring letter case).", found[0].Name, found[0].ID)
			importID = found[0].ID
		}
	}
	return detail + "\n\nTo manage the existing group with Terraform, import it instead of creating it:\n\n" +
		fmt.Sprintf("  terraform import cloudinary_user_group.<name> %s\n\n", importID) +
		"(replace <name> with the resource's name), or choose another name.\n\nAPI error: " + err.Error()
}

func (r *userGroupResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan userGroupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	c := r.data.apiClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, done := withTimeout(ctx, "create", plan.Timeouts, &resp.Diagnostics)
	defer done()
	name := plan.Name.ValueString()
	g, err := createOnce(ctx, c, createdObject{kind: "user group", key: fmt.Sprintf("name %q", name),
		importHint: importCommand("cloudinary_user_group", name)}, &resp.Diagnostics,
		func() (*client.UserGroup, error) { return c.CreateUserGroup(ctx, client.UserGroupRequest{Name: name}) },
		func(ctx context.Context) (*client.UserGroup, bool, error) {
			groups, err := r.data.client.GetUserGroups(ctx, groupsWithMembers())
			if err != nil {
				return nil, false, err
			}
			if found := userGroupsNamed(groups, name, false); len(found) == 1 {
				return &found[0], true, nil
			}
			return nil, false, nil
		})
	if err != nil {
		if client.IsConflict(err) {
			resp.Diagnostics.AddAttributeError(path.Root("name"), "User group already exists", userGroupConflictDetail(ctx, r.data, name, err))
			return
		}
		addAPIError(&resp.Diagnostics, "create", "user group", err)
		return
	}
	plan.ID = types.StringValue(g.ID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, idIdentityModel{ID: plan.ID}, &resp.Diagnostics)
}

func (r *userGroupResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readOne(ctx, r.data, req, resp, r.reading())
}

// readsUnchanged tells the read shortcut whether Read would keep prior
// as it is (read_unchanged.go).
func (r *userGroupResource) readsUnchanged(ctx context.Context, prior tfsdk.State) (any, bool) {
	return unchangedBy(ctx, prior, r.reading())
}

// reading is how Read finds the object and maps it into state.
func (r *userGroupResource) reading() objectRead[userGroupModel, *client.UserGroup] {
	return objectRead[userGroupModel, *client.UserGroup]{
		what:     "user group",
		key:      func(m userGroupModel) string { return m.ID.ValueString() },
		identity: func(m userGroupModel) any { return idIdentityModel{ID: m.ID} },
		fetch: func(ctx context.Context, m userGroupModel) (*client.UserGroup, error) {
			return r.data.reads.UserGroup(ctx, m.ID.ValueString())
		},
		toState: func(g *client.UserGroup, state userGroupModel) userGroupModel {
			m := userGroupFromAPI(g)
			m.Timeouts = state.Timeouts
			return m
		},
	}
}

func (r *userGroupResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state userGroupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.data.apiClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, done := withTimeout(ctx, "update", plan.Timeouts, &resp.Diagnostics)
	defer done()
	name := plan.Name.ValueString()
	// Only the timeouts may have changed: then there is nothing to send.
	if !plan.Name.Equal(state.Name) {
		if _, err := c.UpdateUserGroup(ctx, state.ID.ValueString(), client.UserGroupRequest{Name: name}); err != nil {
			if client.IsConflict(err) {
				resp.Diagnostics.AddAttributeError(path.Root("name"), "User group already exists", userGroupConflictDetail(ctx, r.data, name, err))
				return
			}
			addAPIError(&resp.Diagnostics, "update", "user group", err)
			return
		}
	}
	plan.ID = state.ID
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, idIdentityModel{ID: plan.ID}, &resp.Diagnostics)
}

func (r *userGroupResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state userGroupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.data.apiClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, done := withTimeout(ctx, "delete", state.Timeouts, &resp.Diagnostics)
	defer done()
	if err := ignoreNotFound(c.DeleteUserGroup(ctx, state.ID.ValueString())); err != nil {
		addAPIError(&resp.Diagnostics, "delete", "user group", err)
		return
	}
}

// ImportState accepts a group id or, when no group has that id, a group name
// that exactly one group has; or an identity with the id.
func (r *userGroupResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	markImported(ctx, resp.Private, &resp.Diagnostics)
	var ident idIdentityModel
	if importIdentity(ctx, req, &ident, &resp.Diagnostics) {
		if id := requiredIdentityString(ident.ID, "id", &resp.Diagnostics); id != "" {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
		}
		return
	}
	if r.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	id, err := resolveUserGroupImportID(ctx, r.data, req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Cannot import user group", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// resolveUserGroupImportID turns a group id or unique group name into the id.
func resolveUserGroupImportID(ctx context.Context, d *providerData, raw string) (string, error) {
	id := strings.TrimSpace(raw)
	if id == "" {
		return "", fmt.Errorf("the import id must be a user group id or name, got an empty string")
	}
	g, err := d.reads.UserGroup(ctx, id)
	if err == nil {
		return g.ID, nil
	}
	if !client.IsNotFound(err) {
		return "", err
	}
	groups, err := d.client.GetUserGroups(ctx, groupsWithMembers())
	if err != nil {
		return "", err
	}
	g, err = pickUserGroupByName(groups, id)
	if errors.Is(err, errUserGroupNameNotFound) {
		return "", fmt.Errorf("no user group has the id or the name %q", id)
	}
	if err != nil {
		return "", err
	}
	return g.ID, nil
}
