package provider

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// The public system roles and policies catalog, typed. The API declares the
// catalog an open object; its documented content is a system_policies and a
// system_roles array. cloudinary_role checks system_policy_ids against it at
// plan time, and the cloudinary_permissions_catalog data source shows it.

// catalogPolicy is one entry of catalog.system_policies.
type catalogPolicy struct {
	ID               string   `json:"id"`
	Name             string   `json:"name"`
	Description      string   `json:"description"`
	Category         string   `json:"category"`
	SubCategory      string   `json:"sub_category"`
	PermissionType   string   `json:"permission_type"`
	ScopeType        string   `json:"scope_type"`
	Policy           string   `json:"policy"`
	PolicyParameters []string `json:"policy_parameters"`
}

// catalogRole is one entry of catalog.system_roles.
type catalogRole struct {
	ID               string   `json:"id"`
	Name             string   `json:"name"`
	Description      string   `json:"description"`
	PermissionType   string   `json:"permission_type"`
	ScopeType        string   `json:"scope_type"`
	SystemPolicyIDs  []string `json:"system_policy_ids"`
	PolicyParameters []string `json:"policy_parameters"`
}

// permissionsCatalog is the decoded catalog with its policies indexed by id.
type permissionsCatalog struct {
	Policies []catalogPolicy
	Roles    []catalogRole
	byID     map[string]*catalogPolicy
}

// catalogFromAPI decodes the open catalog object. Unknown keys are ignored
// and missing arrays are empty, so a richer catalog never breaks a plan.
func catalogFromAPI(c *client.SystemRolesAndPoliciesCatalog) (*permissionsCatalog, error) {
	var typed struct {
		SystemPolicies []catalogPolicy `json:"system_policies"`
		SystemRoles    []catalogRole   `json:"system_roles"`
	}
	if c != nil && c.Catalog != nil {
		raw, err := json.Marshal(c.Catalog)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(raw, &typed); err != nil {
			return nil, fmt.Errorf("decoding the permissions catalog: %w", err)
		}
	}
	out := &permissionsCatalog{Policies: typed.SystemPolicies, Roles: typed.SystemRoles,
		byID: make(map[string]*catalogPolicy, len(typed.SystemPolicies))}
	for i := range out.Policies {
		out.byID[out.Policies[i].ID] = &out.Policies[i]
	}
	return out, nil
}

// policy returns the system policy with this id, or nil.
func (c *permissionsCatalog) policy(id string) *catalogPolicy { return c.byID[id] }

// closestPolicyID returns the catalog policy id nearest to id by edit
// distance, when it is near enough to be a typo: at most a quarter of the
// id's length (at least 2) edits away. Ties go to the alphabetically first id.
func (c *permissionsCatalog) closestPolicyID(id string) (string, bool) {
	ids := make([]string, 0, len(c.Policies))
	for _, p := range c.Policies {
		ids = append(ids, p.ID)
	}
	return closestOf(id, ids)
}

// policiesOfType lists the ids of the catalog policies of one permission and
// scope type, sorted.
func (c *permissionsCatalog) policiesOfType(permissionType, scopeType string) []string {
	var out []string
	for _, p := range c.Policies {
		if p.PermissionType == permissionType && p.ScopeType == scopeType {
			out = append(out, p.ID)
		}
	}
	sort.Strings(out)
	return out
}

// levenshtein is the edit distance between a and b (bytes; ids are ASCII).
func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
