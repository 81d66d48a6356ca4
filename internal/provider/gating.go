package provider

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// Account gates and limits: refusals that come from the account, not from
// the request, and that the client's generic 403 hint ("the account needs
// Provisioning API access...") would misexplain. The emulator models each
// (internal/emulator/gating.go, where the evidence is cited):
//
//   - Roles and Permissions not enabled: the Permissions API works only on
//     accounts Cloudinary has migrated to Roles and Permissions. Every
//     permissions resource and data source then fails; the full explanation
//     is given once per provider run (the first failure to be reported), the
//     others get a short error that refers to it. Configure does not probe
//     for it: that would cost a request on every plan, also of
//     configurations without any permissions resource.
//   - The user seat limit: creating a user past it.
//   - Access keys of a product environment the Account API key has no admin
//     role on, which a community provider met on environments the key had
//     just created.
//
// The client hands every error of a call to accountGates.wrap (client.Config
// WrapError), which marks the ones above; addAPIError, where API errors are
// reported, calls addGatedError first. The real service's wording of these
// answers is not documented, so recognition is by status, path and a few
// words of the message; an answer that is not recognized is reported as
// before, with the client's hint.

// accountGates is one provider run's view of the gates: one per Configure,
// so "once per run" means once per Terraform operation (plan, apply).
type accountGates struct {
	apiKey string // the Account API key, the provisioningKey principal id

	mu sync.Mutex
	// permsExplainedBy is what the error carrying the full Roles and
	// Permissions explanation was about ("create role"); empty until one
	// was reported.
	permsExplainedBy string
	// provisioningRefused: the Provisioning API itself answered 403 to the
	// environment list, so a 403 on access keys says nothing about roles.
	provisioningRefused bool
}

func newAccountGates(apiKey string) *accountGates { return &accountGates{apiKey: apiKey} }

// gateKind tells which gate refused a request.
type gateKind int

const (
	gatePermissionsNotEnabled gateKind = iota + 1
	gateUserSeats
	gateEnvironmentKeys
)

// gatedError is an API error that one of the gates explains. It reads and
// unwraps as the error it marks.
type gatedError struct {
	err   error
	api   *client.APIError
	kind  gateKind
	env   string // gateEnvironmentKeys: the product environment id
	gates *accountGates
}

func (e *gatedError) Error() string { return e.err.Error() }
func (e *gatedError) Unwrap() error { return e.err }

var (
	// permsNotEnabledRE recognizes an unmigrated account's answer: the
	// emulator says "not available ... legacy permissions system ... not
	// been migrated".
	permsNotEnabledRE = regexp.MustCompile(`(?i)\bmigrat|\blegacy\b|\bnot enabled\b`)
	// seatLimitRE recognizes the seat limit ("You have reached the maximum
	// number of users allowed for your plan").
	seatLimitRE = regexp.MustCompile(`(?i)maximum number of users|\bseats?\b`)
	// accessKeysPathRE matches the access-key operations' paths and
	// captures the environment id.
	accessKeysPathRE = regexp.MustCompile(`^/v1_1/provisioning/accounts/[^/]+/sub_accounts/([^/]+)/access_keys(?:/|$)`)
	// subAccountsPathRE matches the environment list.
	subAccountsPathRE = regexp.MustCompile(`^/v1_1/provisioning/accounts/[^/]+/sub_accounts$`)
)

// wrap is client.Config.WrapError: it marks the errors a gate explains and
// returns every other error as it is.
func (g *accountGates) wrap(err error) error {
	var api *client.APIError
	if !errors.As(err, &api) {
		return err
	}
	ge := &gatedError{err: err, api: api, gates: g}
	switch {
	case api.StatusCode == http.StatusForbidden && strings.HasPrefix(api.Path, "/v2/accounts/") &&
		!strings.HasPrefix(api.Path, "/v2/accounts/permissions/public") && permsNotEnabledRE.MatchString(api.Message):
		ge.kind = gatePermissionsNotEnabled
	case (api.StatusCode == http.StatusForbidden || api.StatusCode == http.StatusBadRequest) &&
		api.Method == http.MethodPost && strings.HasSuffix(api.Path, "/users") && seatLimitRE.MatchString(api.Message):
		ge.kind = gateUserSeats
	case api.StatusCode == http.StatusForbidden && accessKeysPathRE.MatchString(api.Path) &&
		!strings.Contains(strings.ToLower(api.Message), "root") && !g.refusedProvisioning():
		// A root key refusal has its own error (resource_access_key.go).
		env := accessKeysPathRE.FindStringSubmatch(api.Path)[1]
		if u, uerr := url.PathUnescape(env); uerr == nil {
			env = u
		}
		ge.kind, ge.env = gateEnvironmentKeys, env
	default:
		if api.StatusCode == http.StatusForbidden && api.Method == http.MethodGet && subAccountsPathRE.MatchString(api.Path) {
			g.mu.Lock()
			g.provisioningRefused = true
			g.mu.Unlock()
		}
		return err
	}
	return ge
}

func (g *accountGates) refusedProvisioning() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.provisioningRefused
}

// claimPermsExplanation reports whether the error about label is the first
// of this run to report the Permissions API as not enabled, and otherwise
// which error was.
func (g *accountGates) claimPermsExplanation(label string) (first bool, explainedBy string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.permsExplainedBy == "" {
		g.permsExplainedBy = label
		return true, label
	}
	return false, g.permsExplainedBy
}

// permsNotEnabledSummary heads the one error of a run that explains why the
// Permissions API refuses the account.
const permsNotEnabledSummary = "Roles and Permissions is not enabled on this account"

// addGatedError reports err, when a gate explains it, with that
// explanation, and reports whether it did. action and what are addAPIError's.
func addGatedError(diags *diag.Diagnostics, action, what string, err error) bool {
	var ge *gatedError
	if !errors.As(err, &ge) {
		return false
	}
	api := ge.api
	status := fmt.Sprintf("HTTP %d", api.StatusCode)
	switch ge.kind {
	case gatePermissionsNotEnabled:
		label := action + " " + what
		first, by := ge.gates.claimPermsExplanation(label)
		if !first {
			diags.AddError(fmt.Sprintf("Unable to %s", label), fmt.Sprintf(
				"Cloudinary refused the Permissions API request (%s %s, %s) for the same reason as the request to %s: "+
					"this account has not been migrated to Roles and Permissions. The error reported for %q explains "+
					"what to do.", api.Method, api.Path, status, by, by))
			return true
		}
		diags.AddError(permsNotEnabledSummary, fmt.Sprintf(
			"Unable to %s: Cloudinary refused the Permissions API request (%s %s) with %s: %q.\n\n"+
				"The Permissions API (custom roles, custom policies, role assignments, and the data sources that read "+
				"them) works only on accounts that Cloudinary has migrated to Roles and Permissions, and this account "+
				"still uses the legacy permissions system. Cloudinary migrates accounts itself, and only one way "+
				"(Enterprise accounts with Cloudinary's help: ask your Cloudinary contact); once an account is migrated, "+
				"Console Settings lists Role Management. See https://cloudinary.com/documentation/permissions_migration.\n\n"+
				"Until then, remove the permissions resources and data sources (cloudinary_role, cloudinary_custom_policy, "+
				"cloudinary_role_assignment, cloudinary_principal_roles and the data sources of roles, policies and "+
				"principals) from this configuration, or move them to a configuration of their own. Product environments, "+
				"users, user groups and access keys do not need Roles and Permissions and are applied as usual. Any other "+
				"permissions resource or data source of this run fails for the same reason, with a short error that "+
				"refers to this one.",
			label, api.Method, api.Path, status, api.Message))
	case gateUserSeats:
		diags.AddError(fmt.Sprintf("Unable to %s %s: the account's user seat limit is reached", action, what), fmt.Sprintf(
			"Cloudinary refused to create the user (%s): %q.\n\n"+
				"Every user of the account takes a seat, invited users who have not logged in yet (pending) included "+
				"(https://cloudinary.com/documentation/ts_dam_what_does_pending_mean_in_the_user_s_status_section). "+
				"Free seats by deleting users the account no longer needs (destroying a cloudinary_user deletes the user; "+
				"Cloudinary does not document that disabling one frees its seat), or ask Cloudinary for more seats, "+
				"then apply again. "+
				"Whatever else this run created is kept.",
			status, api.Message))
	case gateEnvironmentKeys:
		diags.AddError(fmt.Sprintf("Unable to %s %s: the Account API key has no admin role on product environment %s",
			action, what, ge.env), fmt.Sprintf(
			"Cloudinary refused the access-key request on product environment %s (%s %s) with %s: %q.\n\n"+
				"The usual cause: the Account API key this provider uses (%s) has no admin role on that product "+
				"environment. Cloudinary does not always grant it one on a product environment it created through the "+
				"API, and without one it cannot list, create, change or delete the environment's access keys. "+
				"Grant it one, then apply again: in the Console (Settings > Role Management), or in this "+
				"configuration, making the access key wait for the assignment:\n\n"+
				"  data \"cloudinary_role\" \"environment_admin\" {\n"+
				"    name       = \"Admin\"\n"+
				"    scope_type = \"prodenv\"\n"+
				"  }\n\n"+
				"  resource \"cloudinary_role_assignment\" \"account_key_admin\" {\n"+
				"    principal_type = \"provisioningKey\"\n"+
				"    principal_id   = %q\n"+
				"    role_id        = data.cloudinary_role.environment_admin.id\n"+
				"    scope_id       = %q\n"+
				"  }\n\n"+
				"and depends_on = [cloudinary_role_assignment.account_key_admin] in the access key. "+
				"(Role assignments need Roles and Permissions on the account.)",
			ge.env, api.Method, api.Path, status, api.Message, ge.gates.apiKey, ge.gates.apiKey, ge.env))
	default:
		return false
	}
	return true
}
