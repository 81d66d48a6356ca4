package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// Every Cloudinary account holds objects that live as long as the account:
// its primary product environment, the owner who is a master admin (and,
// whoever holds the role, at least one master admin), and the root access
// keys. They can be imported and managed like any other object, but
// Cloudinary refuses to delete the primary environment or the last master
// admin, or to take the master admin role from the last one (403). The
// errors below say which object it is, why, and how to stop managing it
// without deleting it. The root key's refusal is in resource_access_key.go.

// removedBlockHint is how to stop managing an object that cannot be deleted.
const removedBlockHint = "To stop managing it with Terraform and keep it, take its resource block out of the " +
	"configuration and put a removed block in its place (Terraform 1.7 or later):\n\n" +
	"  removed {\n    from = <address>\n    lifecycle {\n      destroy = false\n    }\n  }\n\n" +
	"or run terraform state rm <address>."

// forbiddenMessage returns the API's message, lower-cased, when err is a
// 403, and whether it is one.
func forbiddenMessage(err error) (string, bool) {
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || !client.IsForbidden(err) {
		return "", false
	}
	return strings.ToLower(apiErr.Message), true
}

// primaryEnvironmentRefused reports whether err is Cloudinary refusing to
// delete the account's primary product environment: a 403 whose message
// calls it the primary one.
func primaryEnvironmentRefused(err error) bool {
	msg, ok := forbiddenMessage(err)
	return ok && strings.Contains(msg, "primary")
}

// addPrimaryEnvironmentError explains a refused delete of the primary
// product environment.
func addPrimaryEnvironmentError(diags *diag.Diagnostics, state productEnvironmentModel, err error) {
	diags.AddError("Cannot delete the primary product environment", fmt.Sprintf(
		"Product environment %q (cloud_name %q, id %s) is the account's primary product environment, which "+
			"Cloudinary does not allow deleting: it lives as long as the account.\n\n%s Keep "+
			"deletion_protection = true on it while it is managed, so that no plan tries to delete it again.\n\n"+
			"API error: %s",
		state.Name.ValueString(), state.CloudName.ValueString(), state.ID.ValueString(), removedBlockHint, apiMessage(err)))
}

// lastMasterAdminRefused reports whether err is Cloudinary refusing to
// delete the user, or to give it another role, because it is the account's
// last master admin: a 403 whose message says so, or a 403 for a master
// admin whom the user list shows to be the only one. Only a refusal costs
// the extra read.
func lastMasterAdminRefused(ctx context.Context, data *providerData, userID, role string, err error) bool {
	msg, ok := forbiddenMessage(err)
	if !ok || role != client.UserRoleMasterAdmin {
		return false
	}
	if strings.Contains(msg, "master admin") || strings.Contains(msg, "master_admin") {
		return true
	}
	users, lerr := data.client.ListAllUsers(ctx, nil)
	if lerr != nil {
		return false
	}
	for _, u := range users {
		if u.ID != userID && u.Role == client.UserRoleMasterAdmin {
			return false
		}
	}
	return true
}

// addLastMasterAdminError explains a refused delete of, or role change for,
// the last master admin; newRole is "" for a delete.
func addLastMasterAdminError(diags *diag.Diagnostics, state userModel, newRole string, err error) {
	who := fmt.Sprintf("User %q (%s, id %s) is the account's last master admin", state.Name.ValueString(),
		state.Email.ValueString(), state.ID.ValueString())
	if newRole == "" {
		diags.AddError("Cannot delete the last master admin", fmt.Sprintf(
			"%s, which Cloudinary does not allow deleting: an account needs at least one master admin.\n\n"+
				"To delete this user, first make another user a master admin (role = %q) and apply that. %s\n\nAPI error: %s",
			who, client.UserRoleMasterAdmin, removedBlockHint, apiMessage(err)))
		return
	}
	diags.AddAttributeError(path.Root("role"), "Cannot change the role of the last master admin", fmt.Sprintf(
		"%s, and Cloudinary does not allow giving it another role (%q): an account needs at least one master "+
			"admin.\n\nSet role back to %q, or first make another user a master admin and apply that, then change "+
			"this user's role.\n\nAPI error: %s",
		who, newRole, client.UserRoleMasterAdmin, apiMessage(err)))
}
