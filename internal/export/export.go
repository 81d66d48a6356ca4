// Package export writes a Cloudinary account as Terraform configuration:
// one resource block and one import block per object, with references
// between objects instead of raw ids, so that `terraform plan` on the output
// adopts the account without changing it (only imports, nothing to add,
// change or destroy).
//
// Read collects the account through *client.Client with list calls (never one
// call per object where a list answers), Render turns it into files, and
// WriteDir writes them. cmd/cloudinary-export is the command-line front end.
package export

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// Kind is one kind of exported object; each kind has its own .tf file.
type Kind string

// The kinds, in the order files are written and reported.
const (
	KindProductEnvironments Kind = "product_environments"
	KindAccessKeys          Kind = "access_keys"
	KindUsers               Kind = "users"
	KindUserGroups          Kind = "user_groups"
	KindMemberships         Kind = "memberships"
	KindRoles               Kind = "roles"
	KindCustomPolicies      Kind = "custom_policies"
	KindRoleAssignments     Kind = "role_assignments"
)

// AllKinds lists every kind, in file order.
var AllKinds = []Kind{
	KindProductEnvironments, KindAccessKeys, KindUsers, KindUserGroups,
	KindMemberships, KindRoles, KindCustomPolicies, KindRoleAssignments,
}

// resourceType is the Terraform resource type each kind exports as.
var resourceType = map[Kind]string{
	KindProductEnvironments: "cloudinary_product_environment",
	KindAccessKeys:          "cloudinary_access_key",
	KindUsers:               "cloudinary_user",
	KindUserGroups:          "cloudinary_user_group",
	KindMemberships:         "cloudinary_user_group_members",
	KindRoles:               "cloudinary_role",
	KindCustomPolicies:      "cloudinary_custom_policy",
	KindRoleAssignments:     "cloudinary_role_assignment",
}

// FileName is the file a kind is written to.
func (k Kind) FileName() string { return string(k) + ".tf" }

// ParseKinds parses a comma-separated list of kinds; "" and "all" mean
// every kind. The result is in file order, without duplicates.
func ParseKinds(s string) ([]Kind, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "all" {
		return slices.Clone(AllKinds), nil
	}
	want := map[Kind]bool{}
	for _, part := range strings.Split(s, ",") {
		k := Kind(strings.TrimSpace(part))
		if k == "" {
			continue
		}
		if _, ok := resourceType[k]; !ok {
			return nil, fmt.Errorf("unknown kind %q: the kinds are %s", k, kindList())
		}
		want[k] = true
	}
	if len(want) == 0 {
		return nil, fmt.Errorf("no kind given: the kinds are %s", kindList())
	}
	var out []Kind
	for _, k := range AllKinds {
		if want[k] {
			out = append(out, k)
		}
	}
	return out, nil
}

func kindList() string {
	names := make([]string, len(AllKinds))
	for i, k := range AllKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ",")
}

// Account is what Read collected. Slices hold only what the requested kinds
// (and the names and references between them) needed.
type Account struct {
	AccountID           string
	ProductEnvironments []client.ProductEnvironment
	AccessKeys          []AccessKey
	Users               []User
	// UserGroups carry their members (read with extended details).
	UserGroups []client.UserGroup
	// Roles are the custom roles only, with their policies.
	Roles           []client.Role
	CustomPolicies  []client.CustomPolicy
	RoleAssignments []RoleAssignment
}

// AccessKey is an access key with the environment it belongs to.
type AccessKey struct {
	ProductEnvironmentID string
	client.AccessKey
}

// User is a user with the environments it can reach.
type User struct {
	client.User
	// AllEnvironments is true when the user reaches every environment,
	// including future ones (all_sub_accounts, or the master_admin role);
	// EnvironmentIDs is then nil.
	AllEnvironments bool
	EnvironmentIDs  []string
}

// RoleAssignment is one role held by one principal, in one scope and on one
// content instance.
type RoleAssignment struct {
	PrincipalType client.PrincipalType
	PrincipalID   string
	RoleID        string
	RoleName      string
	// Custom is true for custom roles (exported as cloudinary_role), false
	// for system roles (referred to by their literal id).
	Custom           bool
	ScopeID          string            // "" when the assignment has no scope
	PolicyParameters map[string]string // nil when none
}

// ImportID is the cloudinary_role_assignment import id:
// <principal_type>/<principal_id>/<role_id>[/<scope_id>][/<k>=<v>,...] with
// %, /, "," and = percent-encoded inside the parts.
func (a RoleAssignment) ImportID() string {
	esc := strings.NewReplacer("%", "%25", "/", "%2F", ",", "%2C", "=", "%3D")
	parts := []string{string(a.PrincipalType), esc.Replace(a.PrincipalID), esc.Replace(a.RoleID)}
	if a.ScopeID != "" {
		parts = append(parts, esc.Replace(a.ScopeID))
	}
	if len(a.PolicyParameters) > 0 {
		keys := sortedKeys(a.PolicyParameters)
		pairs := make([]string, len(keys))
		for i, k := range keys {
			pairs[i] = esc.Replace(k) + "=" + esc.Replace(a.PolicyParameters[k])
		}
		parts = append(parts, strings.Join(pairs, ","))
	}
	return strings.Join(parts, "/")
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Options configures Export.
type Options struct {
	// Dir is the output directory.
	Dir string
	// Kinds to export; nil means all.
	Kinds []Kind
	// Overwrite allows a non-empty Dir (see WriteDir).
	Overwrite bool
	// Region is written into the provider block when not the default.
	Region string
	// Progress, when set, receives one-line progress messages.
	Progress func(format string, args ...any)
}

// Export reads the account through c, renders it and writes it into
// opts.Dir.
func Export(ctx context.Context, c *client.Client, opts Options) (*Result, error) {
	acct, err := Read(ctx, c, ReadOptions{Kinds: opts.Kinds, Progress: opts.Progress})
	if err != nil {
		return nil, err
	}
	res := Render(acct, RenderOptions{Kinds: opts.Kinds, Region: opts.Region})
	if err := WriteDir(opts.Dir, res.Files, opts.Overwrite); err != nil {
		return nil, err
	}
	return res, nil
}
