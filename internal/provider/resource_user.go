package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var (
	_ resource.ResourceWithImportState    = (*userResource)(nil)
	_ resource.ResourceWithValidateConfig = (*userResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*userResource)(nil)
	_ resource.ResourceWithIdentity       = (*userResource)(nil)
)

// NewUserResource is the cloudinary_user resource.
func NewUserResource() resource.Resource {
	return &userResource{resourceBase: resourceBase{typeName: "user"}}
}

// userResource manages one account user (an invitation until the person
// accepts it).
type userResource struct{ resourceBase }

// userModel is the cloudinary_user state.
type userModel struct {
	ID                     types.String   `tfsdk:"id"`
	Name                   types.String   `tfsdk:"name"`
	Email                  emailValue     `tfsdk:"email"`
	Role                   types.String   `tfsdk:"role"`
	ProductEnvironmentIDs  types.Set      `tfsdk:"product_environment_ids"`
	AllProductEnvironments types.Bool     `tfsdk:"all_product_environments"`
	Enabled                types.Bool     `tfsdk:"enabled"`
	Pending                types.Bool     `tfsdk:"pending"`
	CreatedAt              types.String   `tfsdk:"created_at"`
	Timeouts               timeouts.Value `tfsdk:"timeouts"`
}

// userEmailPattern is a deliberately loose email check (something@domain.tld,
// no spaces): the API has the last word, the plan only catches typos.
var userEmailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s.]+$`)

const userEmailMessage = "must be an email address such as jane@example.com"

func userEmailValidator() validator.String {
	return stringvalidator.RegexMatches(userEmailPattern, userEmailMessage)
}

func (r *userResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a user of the Cloudinary account. Creating a user sends an invitation; the user stays " +
			"`pending` until the person accepts it, which Terraform notices without planning any change.\n\n" +
			"Users are unique by email: creating one whose email is taken fails with the `terraform import` command " +
			"that adopts the existing user instead. Group membership is managed with `cloudinary_user_group_membership` " +
			"or `cloudinary_user_group_members`.\n\n" +
			referencesNote("the ids in `product_environment_ids` are") +
			"Import a user by its id or by its email." +
			identityImportNote("cloudinary_user", "`id`", `{ id = "0aaaaa1bbbbb2ccccc3ddddd4eeeee5f" }`),
		Blocks: map[string]schema.Block{timeoutsAttr: timeoutsBlock(ctx, crudTimeouts)},
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("User id."),
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Display name of the user. Must not be empty.",
				Validators:          []validator.String{notBlank()},
			},
			"email": schema.StringAttribute{
				Required:   true,
				CustomType: emailType{},
				MarkdownDescription: "Email address the invitation goes to; unique in the account (ignoring letter case). " +
					"Can be changed in place. Addresses are compared ignoring letter case, as Cloudinary does: when the " +
					"configuration and Cloudinary spell the address in different letter case (for example after an " +
					"import), the spelling in state is kept and that is never reported as a change.",
				Validators:    []validator.String{userEmailValidator()},
				PlanModifiers: []planmodifier.String{keepEquivalentEmail{}},
			},
			"role": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Account role: one of `" + strings.Join(client.UserRoles, "`, `") + "`. " +
					"Can be changed in place.",
				Validators: []validator.String{stringvalidator.OneOf(client.UserRoles...)},
			},
			"product_environment_ids": schema.SetAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Ids of the product environments the user can access. Omit it to give access to all " +
					"of them, including environments created later (`all_product_environments` is then `true`); " +
					"removing it from the configuration gives the user all environments again. Must not be empty " +
					"when set. Must not be set when `role` is `master_admin`: a master admin always reaches every " +
					"environment and the API ignores the list, so the provider rejects the combination at plan time " +
					"instead of planning the same change forever.",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(notBlank()),
				},
			},
			"all_product_environments": schema.BoolAttribute{
				Computed: true,
				MarkdownDescription: "Whether the user can access every product environment: `true` when " +
					"`product_environment_ids` is omitted or `role` is `master_admin`.",
			},
			"enabled": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
				MarkdownDescription: "Whether the user can log in. Default `true`.",
			},
			"pending": schema.BoolAttribute{
				Computed: true,
				MarkdownDescription: "Whether the user has not accepted the invitation yet. It turns `false` when they do; " +
					"that is refreshed into state without planning a change. Plans keep the value in state " +
					"unless `email` changes (a new address may need a new invitation).",
			},
			"created_at": createdAtAttribute("user"),
		},
	}
}

// IdentitySchema: a user is identified by its id.
func (r *userResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("user")
}

// userMasterAdminConflict reports product_environment_ids set together with
// the master_admin role, which the API would silently ignore.
func userMasterAdminConflict(role types.String, ids types.Set, diags *diag.Diagnostics) {
	// Unknown values are checked again when the plan is made with them known.
	if role.IsNull() || role.IsUnknown() || role.ValueString() != client.UserRoleMasterAdmin || ids.IsNull() || ids.IsUnknown() {
		return
	}
	diags.AddAttributeError(path.Root("product_environment_ids"), "Invalid attribute combination",
		`product_environment_ids cannot be set when role is "master_admin": a master admin always has access to every `+
			"product environment and the API ignores the list. Remove product_environment_ids (all_product_environments "+
			"is then true), or choose another role.")
}

func (r *userResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var role types.String
	var ids types.Set
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("role"), &role)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("product_environment_ids"), &ids)...)
	if resp.Diagnostics.HasError() {
		return
	}
	userMasterAdminConflict(role, ids, &resp.Diagnostics)
}

// userAllEnvironments derives all_product_environments from the planned role
// and environment list; unknown while either is unknown.
func userAllEnvironments(role types.String, ids types.Set) types.Bool {
	if role.IsUnknown() || ids.IsUnknown() {
		return types.BoolUnknown()
	}
	return types.BoolValue(role.ValueString() == client.UserRoleMasterAdmin || ids.IsNull())
}

// userPlannedPending decides the planned pending value of an update: the
// value in state. A user never goes back to pending on its own, and an
// update that keeps the email sends no invitation, so the apply keeps the
// planned value (Update takes the API's answer only for an unknown one);
// should the person accept the invitation meanwhile, the next refresh
// records that without planning a change. A new email may need a new
// invitation, so it makes pending unknown.
func userPlannedPending(plan, state userModel) types.Bool {
	if !state.Pending.IsNull() && !state.Pending.IsUnknown() &&
		!plan.Email.IsUnknown() && strings.EqualFold(plan.Email.ValueString(), state.Email.ValueString()) {
		return state.Pending
	}
	return types.BoolUnknown()
}

// ModifyPlanLeavesUnchangedPlansAlone lets the unchanged-plan shortcut answer
// for this type (internal/planshortcut). On an unchanged plan ModifyPlan only repeats
// ValidateConfig's master-admin check, which passed for this configuration.
func (*userResource) ModifyPlanLeavesUnchangedPlansAlone() {}

func (r *userResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	userMasterAdminConflict(plan.Role, plan.ProductEnvironmentIDs, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(userReferences(ctx, r.data, req)...) // new product_environment_ids; references.go
	if !req.State.Raw.IsNull() && req.Plan.Raw.Equal(req.State.Raw) {
		return // no change: leave the refreshed computed values alone
	}
	plan.AllProductEnvironments = userAllEnvironments(plan.Role, plan.ProductEnvironmentIDs)
	if !req.State.Raw.IsNull() {
		var state userModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		plan.Pending = userPlannedPending(plan, state)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// userCreateRequest builds the createUser body from the plan.
func userCreateRequest(m userModel, envIDs []string) client.UserCreateRequest {
	req := client.UserCreateRequest{
		Name:    m.Name.ValueString(),
		Email:   m.Email.ValueString(),
		Role:    client.Ptr(m.Role.ValueString()),
		Enabled: client.Ptr(m.Enabled.ValueBool()),
	}
	if !m.ProductEnvironmentIDs.IsNull() && m.Role.ValueString() != client.UserRoleMasterAdmin {
		req.SubAccountIDs = envIDs
	}
	return req
}

// userUpdateRequest builds the updateUser body: only what changed.
// Dropping product_environment_ids sends an empty list, which the API reads
// as "all environments" (omitting it would keep the current restriction).
func userUpdateRequest(plan, state userModel, planIDs []string) client.UserUpdateRequest {
	var req client.UserUpdateRequest
	if !plan.Name.Equal(state.Name) {
		req.Name = client.Ptr(plan.Name.ValueString())
	}
	if !strings.EqualFold(plan.Email.ValueString(), state.Email.ValueString()) || state.Email.IsNull() {
		req.Email = client.Ptr(plan.Email.ValueString())
	}
	if !plan.Role.Equal(state.Role) {
		req.Role = client.Ptr(plan.Role.ValueString())
	}
	if !plan.Enabled.Equal(state.Enabled) {
		req.Enabled = client.Ptr(plan.Enabled.ValueBool())
	}
	if plan.Role.ValueString() != client.UserRoleMasterAdmin && !plan.ProductEnvironmentIDs.Equal(state.ProductEnvironmentIDs) {
		req.SubAccountIDs = planIDs
		if req.SubAccountIDs == nil {
			req.SubAccountIDs = []string{}
		}
	}
	return req
}

// userUpdateIsEmpty reports an update that would change nothing.
func userUpdateIsEmpty(r client.UserUpdateRequest) bool {
	return r.Name == nil && r.Email == nil && r.Role == nil && r.Enabled == nil && r.SubAccountIDs == nil
}

// userFromAPI converts what the API says about a user into state. prior is
// the state before the read: its email wins when it differs in letter case
// only, and its product_environment_ids decide the shape when the API does
// not say whether the user has all environments.
func userFromAPI(u *client.User, envIDs []string, prior userModel) userModel {
	m := userModel{
		ID:        types.StringValue(u.ID),
		Name:      types.StringValue(u.Name),
		Email:     newEmailValue(u.Email),
		Role:      types.StringValue(u.Role),
		Enabled:   types.BoolValue(u.Enabled == nil || *u.Enabled),
		Pending:   types.BoolValue(u.Pending != nil && *u.Pending),
		CreatedAt: stringOrNull(&u.CreatedAt),
	}
	if !prior.Email.IsNull() && !prior.Email.IsUnknown() && strings.EqualFold(prior.Email.ValueString(), u.Email) {
		m.Email = prior.Email
	}
	m.ProductEnvironmentIDs, m.AllProductEnvironments = userEnvironmentsFromAPI(u.AllSubAccounts, envIDs, prior.ProductEnvironmentIDs)
	return m
}

// userEnvironmentsFromAPI maps all_sub_accounts plus the reachable
// environments to product_environment_ids (null means all) and
// all_product_environments.
func userEnvironmentsFromAPI(all *bool, envIDs []string, prior types.Set) (types.Set, types.Bool) {
	switch {
	case all != nil && *all:
		return types.SetNull(types.StringType), types.BoolValue(true)
	case all != nil:
		if envIDs == nil {
			envIDs = []string{}
		}
		return stringSet(envIDs), types.BoolValue(false)
	case prior.IsNull() || prior.IsUnknown():
		// Not said: without a configured list the user was given all.
		return types.SetNull(types.StringType), types.BoolValue(true)
	default:
		return stringSet(envIDs), types.BoolValue(false)
	}
}

// userConflictDetail explains a 409 on an email and how to adopt the user.
func userConflictDetail(ctx context.Context, d *providerData, email string, creating bool, err error) string {
	detail := fmt.Sprintf("A user with email %q already exists in the account (emails are unique).", email)
	if u, _, lerr := d.reads.UserByEmail(ctx, email); lerr == nil {
		detail = fmt.Sprintf("A user with email %q already exists in the account (id %q; emails are unique).", email, u.ID)
	}
	if !creating {
		return detail + "\n\nChoose another email, or delete the other user first.\n\nAPI error: " + err.Error()
	}
	return detail + "\n\nTo manage the existing user with Terraform, import it instead of creating it:\n\n" +
		fmt.Sprintf("  terraform import cloudinary_user.<name> %s\n\n", email) +
		"(replace <name> with the resource's name), or remove the other user first.\n\nAPI error: " + err.Error()
}

func (r *userResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	c := r.data.apiClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	envIDs := setStrings(ctx, plan.ProductEnvironmentIDs, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, done := withTimeout(ctx, "create", plan.Timeouts, &resp.Diagnostics)
	defer done()
	email := plan.Email.ValueString()
	u, err := createOnce(ctx, c, createdObject{kind: "user", key: fmt.Sprintf("email %q", email),
		importHint: importCommand("cloudinary_user", email)}, &resp.Diagnostics,
		func() (*client.User, error) { return c.CreateUser(ctx, userCreateRequest(plan, envIDs)) },
		func(ctx context.Context) (*client.User, bool, error) {
			u, _, err := r.data.reads.UserByEmail(ctx, email)
			if client.IsNotFound(err) {
				return nil, false, nil
			}
			return u, err == nil, err
		})
	if err != nil {
		if client.IsConflict(err) {
			resp.Diagnostics.AddAttributeError(path.Root("email"), "User already exists", userConflictDetail(ctx, r.data, email, true, err))
			return
		}
		addAPIError(&resp.Diagnostics, "create", "user", err)
		return
	}

	plan.ID = types.StringValue(u.ID)
	plan.CreatedAt = stringOrNull(&u.CreatedAt)
	plan.AllProductEnvironments = userAllEnvironments(plan.Role, plan.ProductEnvironmentIDs)
	// A new invitation is pending; the answer says so, but no field is
	// promised by the document.
	plan.Pending = types.BoolValue(u.Pending == nil || *u.Pending)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, idIdentityModel{ID: plan.ID}, &resp.Diagnostics)
}

// userWithEnvironments is what a user's Read fetches: its state holds the
// environments the user reaches, which the user object alone does not
// always say.
type userWithEnvironments struct {
	user   *client.User
	envIDs []string
}

func (r *userResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readOne(ctx, r.data, req, resp, r.reading())
}

// readsUnchanged tells the read shortcut whether Read would keep prior
// as it is (read_unchanged.go).
func (r *userResource) readsUnchanged(ctx context.Context, prior tfsdk.State) (any, bool) {
	return unchangedBy(ctx, prior, r.reading())
}

// reading is how Read finds the object and maps it into state.
func (r *userResource) reading() objectRead[userModel, userWithEnvironments] {
	return objectRead[userModel, userWithEnvironments]{
		what:     "user",
		key:      func(m userModel) string { return m.ID.ValueString() },
		identity: func(m userModel) any { return idIdentityModel{ID: m.ID} },
		fetch: func(ctx context.Context, m userModel) (userWithEnvironments, error) {
			u, envIDs, err := r.data.reads.User(ctx, m.ID.ValueString())
			return userWithEnvironments{u, envIDs}, err
		},
		toState: func(u userWithEnvironments, state userModel) userModel {
			m := userFromAPI(u.user, u.envIDs, state)
			m.Timeouts = state.Timeouts
			return m
		},
	}
}

func (r *userResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.data.apiClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	planIDs := setStrings(ctx, plan.ProductEnvironmentIDs, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, done := withTimeout(ctx, "update", plan.Timeouts, &resp.Diagnostics)
	defer done()
	body := userUpdateRequest(plan, state, planIDs)
	var u *client.User
	var err error
	if userUpdateIsEmpty(body) {
		// Only the letter case of the email or the timeouts changed:
		// nothing to send.
		u = &client.User{CreatedAt: state.CreatedAt.ValueString(), Pending: client.Ptr(state.Pending.ValueBool())}
	} else {
		u, err = c.UpdateUser(ctx, state.ID.ValueString(), body)
	}
	if err != nil {
		if client.IsConflict(err) {
			resp.Diagnostics.AddAttributeError(path.Root("email"), "Email already in use",
				userConflictDetail(ctx, r.data, plan.Email.ValueString(), false, err))
			return
		}
		if plan.Role.ValueString() != state.Role.ValueString() &&
			lastMasterAdminRefused(ctx, r.data, state.ID.ValueString(), state.Role.ValueString(), err) {
			addLastMasterAdminError(&resp.Diagnostics, state, plan.Role.ValueString(), err)
			return
		}
		addAPIError(&resp.Diagnostics, "update", "user", err)
		return
	}

	plan.ID = state.ID
	if plan.CreatedAt.IsUnknown() {
		plan.CreatedAt = stringOrNull(&u.CreatedAt)
	}
	plan.AllProductEnvironments = userAllEnvironments(plan.Role, plan.ProductEnvironmentIDs)
	if plan.Pending.IsUnknown() {
		switch {
		case u.Pending != nil:
			plan.Pending = types.BoolValue(*u.Pending)
		case !state.Pending.IsNull():
			plan.Pending = state.Pending
		default:
			plan.Pending = types.BoolValue(false)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, idIdentityModel{ID: plan.ID}, &resp.Diagnostics)
}

func (r *userResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state userModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.data.apiClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, done := withTimeout(ctx, "delete", state.Timeouts, &resp.Diagnostics)
	defer done()
	if err := ignoreNotFound(c.DeleteUser(ctx, state.ID.ValueString())); err != nil {
		if lastMasterAdminRefused(ctx, r.data, state.ID.ValueString(), state.Role.ValueString(), err) {
			addLastMasterAdminError(&resp.Diagnostics, state, "", err)
			return
		}
		addAPIError(&resp.Diagnostics, "delete", "user", err)
		return
	}
}

// ImportState accepts a user id or, when the id contains "@", an email; or
// an identity with the id.
func (r *userResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	markImported(ctx, resp.Private, &resp.Diagnostics)
	var ident idIdentityModel
	if importIdentity(ctx, req, &ident, &resp.Diagnostics) {
		if id := requiredIdentityString(ident.ID, "id", &resp.Diagnostics); id != "" {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
		}
		return
	}
	id := strings.TrimSpace(req.ID)
	if id == "" {
		resp.Diagnostics.AddError("Invalid import id", "Import a user by its id or its email, e.g. `terraform import cloudinary_user.jane jane@example.com`.")
		return
	}
	if strings.Contains(id, "@") {
		if r.data.apiClient(&resp.Diagnostics) == nil {
			return
		}
		u, _, err := r.data.reads.UserByEmail(ctx, id)
		if client.IsNotFound(err) {
			resp.Diagnostics.AddError("User not found", fmt.Sprintf("No user with email %q exists in the account; check the address or import by user id.", id))
			return
		}
		if err != nil {
			addAPIError(&resp.Diagnostics, "import", "user", err)
			return
		}
		id = u.ID
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}
