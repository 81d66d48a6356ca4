package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Account gating and limits: three refusals a real account can give that
// have nothing to do with the request itself, each behind an Options field
// (off by default) so that tests and users can meet them on purpose.
//
// Roles and Permissions not enabled (Options.PermissionsDisabled,
// cloudinary-emulator -permissions-api=off). The Permissions API works only
// on accounts that Cloudinary has migrated from the legacy permissions
// system to Roles and Permissions: "Migrating to Roles and Permissions"
// (https://cloudinary.com/documentation/permissions_migration) says the
// migration is done by Cloudinary, one way, account by account (Enterprise
// accounts "with Cloudinary's help"), and that an account is migrated when
// Console Settings lists Role Management; the Permissions API guide
// (https://cloudinary.com/documentation/permissions_api_guide) describes
// the API for the new system only. Neither page, nor the OpenAPI document,
// says what the API answers on an unmigrated account. The emulator answers
// 403 in the permissions error shape (user_error, ACCOUNTS_00006, the
// document's code for its 403 examples) with permissionsNotEnabledMessage:
// the account, not the request, is refused, which is what 403 means, and 401
// would wrongly blame the credentials. The 403 comes after authentication,
// so wrong credentials still get 401. It applies to every
// /v2/accounts/{account_id}/permissions/... operation, also the three the
// document gives no 403 (getPrincipalRoles, inspect, inspectMultiple): an
// account-wide refusal does not depend on the operation. The public routes
// (/v2/accounts/permissions/public/catalog, /schema, /validate) keep
// working: they name no account and need no credentials, so they cannot
// depend on the caller's account.
//
// User seat limit (Options.MaxUsers, -max-users N). "Every user who accesses
// the Console requires a separate seat license"
// (https://cloudinary.com/documentation/user_provisioning), and invited users
// count: a user whose status is pending "takes a user seat out of your
// allotted quota even when their status is pending"
// (https://cloudinary.com/documentation/ts_dam_what_does_pending_mean_in_the_user_s_status_section).
// So every user of the account counts, pending and disabled ones included
// (nothing documents that disabling a user frees a seat; deleting one does).
// Creating a user while the account already has MaxUsers answers 403 (the
// document allows 400 and 403 on createUser; a plan limit refuses a valid
// request) with the Console's wording, "You have reached the maximum number
// of users allowed for your plan" (quoted by a Cloudinary customer,
// https://support.cloudinary.com/hc/en-us/community/posts/200787602), plus
// the limit. The check comes before the body is validated, so at the limit
// every create answers it.
//
// Access keys of new environments (Options.NewEnvKeysNeedAdmin,
// -new-env-keys-need-admin). A community provider
// (github.com/NitriKx/terraform-provider-cloudinary-provisioning, README and
// the cloudinaryprovisioning_principal_role_assignment docs) found that the
// Account API key needs a role assignment on a product environment it has
// just created — principal_type "provisioningKey", principal_id the Account
// API key, the "Admin" system role at scope prodenv — "before access keys
// can be created within that environment". It does not quote the answer; the
// emulator answers 403 (the document allows it on every access-key write)
// with newEnvKeysForbiddenMessage. While the option is set, environments
// created through the API are marked; a marked environment answers 403 to
// all five access-key operations (getAccessKeys too, which the document
// gives no 403: the list carries every key's secret, so it needs the same
// access) until the Account API key holds, on that environment (scope_id the
// environment or "all"), the prodenv Admin role (the community provider's
// fix) or any role that grants cld::policy::global::api_keys::manage (such
// as Master Admin or Technical Admin), or holds the account-level Master
// Admin role. The marks are not saved with -state: after a restart every
// environment behaves as if the key had been granted the role.

// permissionsNotEnabledMessage is the 403 message of a gated Permissions
// API route.
const permissionsNotEnabledMessage = "The Permissions API is not available for this account: " +
	"it uses the legacy permissions system and has not been migrated to Roles and Permissions"

// seatLimitMessage is the 403 message of createUser at the seat limit.
func seatLimitMessage(limit int) string {
	return fmt.Sprintf("You have reached the maximum number of users allowed for your plan (%d users, "+
		"pending invitations included)", limit)
}

// newEnvKeysForbiddenMessage is the 403 message of an access-key call on a
// marked environment the Account API key has no admin role on.
func newEnvKeysForbiddenMessage(apiKey, envID string) string {
	return fmt.Sprintf("Forbidden: Account API key %s has no admin role on product environment %s", apiKey, envID)
}

// Role and policy ids gating reads.
const (
	roleProdenvAdmin       = "cld::role::prodenv::admin"
	roleAccountMasterAdmin = "cld::role::account::master_admin"
	policyAPIKeysManage    = "cld::policy::global::api_keys::manage"
)

// gatingState is the emulator's memory for the gates: the environments
// created through the API while Options.NewEnvKeysNeedAdmin was set. It is
// guarded by Emulator.mu (the gates run inside the handlers' lock).
type gatingState struct {
	keysNeedAdmin map[string]bool // environment id -> marked
}

// accessKeyOps are the operations NewEnvKeysNeedAdmin gates.
var accessKeyOps = []string{"getAccessKeys", "generateAccessKey", "deleteAccessKeyByName", "updateAccessKey", "deleteAccessKey"}

// gate wraps an operation's handler in the account gates that apply to it
// (route calls it for every operation). Options are read at request time,
// so a gate whose option is off costs one comparison. The wrapper runs
// where the handler runs: after authentication, the budget and the faults,
// under e.mu.
func (e *Emulator) gate(ri *routeInfo, h handlerFunc) handlerFunc {
	switch {
	case !ri.public && strings.Contains(ri.pattern, " /v2/accounts/{account_id}/permissions/"):
		return func(w http.ResponseWriter, r *http.Request) {
			if e.opts.PermissionsDisabled {
				forbidden(w, permissionsNotEnabledMessage)
				return
			}
			h(w, r)
		}
	case ri.opID == "createUser":
		return func(w http.ResponseWriter, r *http.Request) {
			if limit := e.opts.MaxUsers; limit > 0 && len(e.prov.Users) >= limit {
				provError(w, http.StatusForbidden, seatLimitMessage(limit))
				return
			}
			h(w, r)
		}
	case ri.opID == "createProductEnvironment":
		return func(w http.ResponseWriter, r *http.Request) {
			if !e.opts.NewEnvKeysNeedAdmin {
				h(w, r)
				return
			}
			before := make(map[string]bool, len(e.prov.Envs))
			for id := range e.prov.Envs {
				before[id] = true
			}
			h(w, r)
			for id := range e.prov.Envs {
				if !before[id] {
					if e.gating.keysNeedAdmin == nil {
						e.gating.keysNeedAdmin = map[string]bool{}
					}
					e.gating.keysNeedAdmin[id] = true
				}
			}
		}
	case slices.Contains(accessKeyOps, ri.opID):
		return func(w http.ResponseWriter, r *http.Request) {
			env := r.PathValue("sub_account_id")
			if e.gating.keysNeedAdmin[env] && e.prov.envExists(env) && !e.accountKeyAdminOn(env) {
				provError(w, http.StatusForbidden, newEnvKeysForbiddenMessage(e.opts.APIKey, env))
				return
			}
			h(w, r)
		}
	}
	return h
}

// accountKeyAdminOn reports whether the Account API key (principal
// provisioningKey, id Options.APIKey) holds a role that lets it manage the
// access keys of environment env (see the comment at the top of the file).
func (e *Emulator) accountKeyAdminOn(env string) bool {
	for _, a := range e.perm.Assignments {
		if a.PrincipalType != "provisioningKey" || a.PrincipalID != e.opts.APIKey {
			continue
		}
		if a.RoleID == roleAccountMasterAdmin {
			return true
		}
		if a.ScopeType != scopeEnv || (a.ScopeID != env && a.ScopeID != scopeAll) {
			continue
		}
		if a.RoleID == roleProdenvAdmin {
			return true
		}
		if role := e.perm.role(a.RoleID); role != nil && slices.Contains(role.PolicyIDs, policyAPIKeysManage) {
			return true
		}
	}
	return false
}
