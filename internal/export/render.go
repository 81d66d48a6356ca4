package export

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// cloudNamePattern is the cloud_name form cloudinary_product_environment
// accepts.
var cloudNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// ProviderSource is the provider's registry address, as required_providers
// names it.
const ProviderSource = "cloudinary-terraform/cloudinary"

// File is one output file.
type File struct {
	Name    string
	Content string
}

// Result is what Render produced.
type Result struct {
	// Files are providers.tf, one file per kind (only kinds with objects)
	// and README.md.
	Files []File
	// Counts is the number of objects (resource and import blocks) per kind.
	Counts map[Kind]int
	// Warnings name objects that need a look before the plan is clean.
	Warnings []string
}

// Imports is the number of import blocks written: what the plan should
// report as "N to import".
func (r *Result) Imports() int {
	n := 0
	for _, c := range r.Counts {
		n += c
	}
	return n
}

// RenderOptions configures Render.
type RenderOptions struct {
	// Kinds to write; nil means all. Objects of other kinds that were read
	// (for names) are referred to by literal id.
	Kinds []Kind
	// Region, when set and not the default, is written into the provider
	// block so the configuration reaches the same API.
	Region string
}

// renderer holds the names given to the account's objects.
type renderer struct {
	a        *Account
	exported map[Kind]bool
	warnings []string

	envName    map[string]string // environment id
	keyName    map[string]string // environment id + "/" + api_key
	apiKeyName map[string]string // api_key, when unique across environments
	userName   map[string]string // user id
	groupName  map[string]string // group id
	roleName   map[string]string // role id
	policyName map[string]string // policy id
	raName     map[string]string // assignment import id

	primaryEnvID string // the account's primary product environment (account_objects.go)
}

// Render turns the account into configuration files.
func Render(a *Account, opts RenderOptions) *Result {
	kinds := opts.Kinds
	if kinds == nil {
		kinds = AllKinds
	}
	r := &renderer{a: a, exported: map[Kind]bool{}}
	for _, k := range kinds {
		r.exported[k] = true
	}
	r.assignNames()
	r.primaryEnvID = primaryEnvironmentID(a.ProductEnvironments)

	res := &Result{Counts: map[Kind]int{}}
	res.Files = append(res.Files, File{Name: "providers.tf", Content: providersFile(opts.Region)})
	for _, k := range AllKinds {
		if !r.exported[k] {
			continue
		}
		objs := r.objects(k)
		res.Counts[k] = len(objs)
		if len(objs) == 0 {
			continue
		}
		res.Files = append(res.Files, File{Name: k.FileName(), Content: r.kindFile(k, objs)})
	}
	res.Warnings = r.warnings
	res.Files = append(res.Files, File{Name: "README.md", Content: readme(a, kinds, res)})
	return res
}

func (r *renderer) warnf(format string, args ...any) {
	r.warnings = append(r.warnings, fmt.Sprintf(format, args...))
}

// order is a sort key that puts older objects first: creation time, padded
// so that epoch seconds and RFC 3339 strings each sort correctly among
// themselves, then the id.
func order(createdAt, id string) string { return fmt.Sprintf("%30s|%s", createdAt, id) }

func epochOrder(sec int64, id string) string { return order(fmt.Sprintf("%d", sec), id) }

func (r *renderer) assignNames() {
	a := r.a
	var reqs []nameRequest
	for _, e := range a.ProductEnvironments {
		base := Slug(e.CloudName, "")
		if base == "" {
			base = Slug(e.Name, "env")
		}
		reqs = append(reqs, nameRequest{Key: e.ID, Base: base, Order: order(e.CreatedAt, e.ID)})
	}
	r.envName = assignNames(reqs)

	reqs = nil
	apiKeyCount := map[string]int{}
	for _, k := range a.AccessKeys {
		label := k.Name
		if label == "" {
			label = k.APIKey
		}
		base := r.envLabel(k.ProductEnvironmentID) + "_" + Slug(label, "key")
		reqs = append(reqs, nameRequest{Key: keyID(k), Base: base, Order: order(k.CreatedAt, keyID(k))})
		apiKeyCount[k.APIKey]++
	}
	r.keyName = assignNames(reqs)
	r.apiKeyName = map[string]string{}
	for _, k := range a.AccessKeys {
		if apiKeyCount[k.APIKey] == 1 {
			r.apiKeyName[k.APIKey] = r.keyName[keyID(k)]
		}
	}

	reqs = nil
	for _, u := range a.Users {
		base := Slug(u.Email, "")
		if base == "" {
			base = Slug(u.Name, "user")
		}
		reqs = append(reqs, nameRequest{Key: u.ID, Base: base, Order: order(u.CreatedAt, u.ID)})
	}
	r.userName = assignNames(reqs)

	reqs = nil
	for _, g := range a.UserGroups {
		reqs = append(reqs, nameRequest{Key: g.ID, Base: Slug(g.Name, "group"), Order: order(g.CreatedAt, g.ID)})
	}
	r.groupName = assignNames(reqs)

	reqs = nil
	for _, ro := range a.Roles {
		reqs = append(reqs, nameRequest{Key: ro.ID, Base: Slug(ro.Name, "role"), Order: epochOrder(ro.CreatedAt, ro.ID)})
	}
	r.roleName = assignNames(reqs)

	reqs = nil
	for _, p := range a.CustomPolicies {
		reqs = append(reqs, nameRequest{Key: p.ID, Base: Slug(p.Name, "policy"), Order: epochOrder(p.CreatedAt, p.ID)})
	}
	r.policyName = assignNames(reqs)

	reqs = nil
	for _, ra := range a.RoleAssignments {
		id := ra.ImportID()
		reqs = append(reqs, nameRequest{Key: id, Base: r.assignmentBase(ra), Order: id})
	}
	r.raName = assignNames(reqs)
}

func keyID(k AccessKey) string { return k.ProductEnvironmentID + "/" + k.APIKey }

// envLabel is the name part that stands for an environment.
func (r *renderer) envLabel(id string) string {
	if n, ok := r.envName[id]; ok {
		return n
	}
	return Slug(id, "env")
}

// systemRoleLabel names a system role by its id without the common prefix:
// cld::role::folder::viewer gives folder_viewer.
func systemRoleLabel(id string) string {
	return Slug(strings.TrimPrefix(id, "cld::role::"), "role")
}

// assignmentBase names an assignment after its principal, role, scope and
// content instance: alice_example_com_folder_viewer_prod_folder_abc.
func (r *renderer) assignmentBase(ra RoleAssignment) string {
	var parts []string
	switch ra.PrincipalType {
	case client.PrincipalTypeUser:
		if n, ok := r.userName[ra.PrincipalID]; ok {
			parts = append(parts, n)
		} else {
			parts = append(parts, "user_"+Slug(ra.PrincipalID, "user"))
		}
	case client.PrincipalTypeGroup:
		if n, ok := r.groupName[ra.PrincipalID]; ok {
			parts = append(parts, n)
		} else {
			parts = append(parts, "group_"+Slug(ra.PrincipalID, "group"))
		}
	case client.PrincipalTypeAPIKey:
		if n, ok := r.apiKeyName[ra.PrincipalID]; ok {
			parts = append(parts, n)
		} else {
			parts = append(parts, "api_key_"+Slug(ra.PrincipalID, "key"))
		}
	default:
		parts = append(parts, Slug(string(ra.PrincipalType), "principal")+"_"+Slug(ra.PrincipalID, "key"))
	}
	switch {
	case ra.Custom && r.roleName[ra.RoleID] != "":
		parts = append(parts, r.roleName[ra.RoleID])
	case ra.Custom:
		parts = append(parts, Slug(ra.RoleName, Slug(ra.RoleID, "role")))
	default:
		parts = append(parts, systemRoleLabel(ra.RoleID))
	}
	switch ra.ScopeID {
	case "":
	case client.ScopeIDAll:
		parts = append(parts, "all")
	default:
		parts = append(parts, r.envLabel(ra.ScopeID))
	}
	for _, k := range sortedKeys(ra.PolicyParameters) {
		parts = append(parts, Slug(strings.TrimSuffix(k, "_id"), "param")+"_"+Slug(ra.PolicyParameters[k], "x"))
	}
	return Slug(strings.Join(parts, "_"), "assignment")
}

// References: an exported object is referred to by address, anything else
// by its literal id.

func (r *renderer) envRef(id string) value {
	if n, ok := r.envName[id]; ok && r.exported[KindProductEnvironments] {
		return ref("cloudinary_product_environment." + n + ".id")
	}
	return str(id)
}

func (r *renderer) userRef(id string) value {
	if n, ok := r.userName[id]; ok && r.exported[KindUsers] {
		return ref("cloudinary_user." + n + ".id")
	}
	return str(id)
}

func (r *renderer) groupRef(id string) value {
	if n, ok := r.groupName[id]; ok && r.exported[KindUserGroups] {
		return ref("cloudinary_user_group." + n + ".id")
	}
	return str(id)
}

func (r *renderer) roleRef(id string) value {
	if n, ok := r.roleName[id]; ok && r.exported[KindRoles] {
		return ref("cloudinary_role." + n + ".id")
	}
	return str(id)
}

func (r *renderer) apiKeyRef(apiKey string) value {
	if n, ok := r.apiKeyName[apiKey]; ok && r.exported[KindAccessKeys] {
		return ref("cloudinary_access_key." + n + ".api_key")
	}
	return str(apiKey)
}

// scopeRef is an assignment's or policy's scope_id: "all" or an environment.
func (r *renderer) scopeRef(id string) value {
	if id == client.ScopeIDAll {
		return str(id)
	}
	return r.envRef(id)
}

// exportObject is one exported object: its resource block and import id.
type exportObject struct {
	name     string
	block    block
	importID string
}

func (r *renderer) objects(k Kind) []exportObject {
	var out []exportObject
	add := func(name, importID string, fill func(b *block)) {
		b := block{header: fmt.Sprintf("resource %q %q", resourceType[k], name)}
		fill(&b)
		out = append(out, exportObject{name: name, block: b, importID: importID})
	}
	a := r.a
	switch k {
	case KindProductEnvironments:
		for _, e := range a.ProductEnvironments {
			add(r.envName[e.ID], e.ID, func(b *block) {
				if e.ID == r.primaryEnvID {
					b.comment = append(b.comment, primaryEnvironmentComment...)
				}
				b.attr("name", str(e.Name))
				switch {
				case cloudNamePattern.MatchString(e.CloudName):
					b.attr("cloud_name", str(e.CloudName))
				case e.CloudName != "":
					// Optional and computed: left out, the imported value stays.
					b.comment = append(b.comment, fmt.Sprintf("cloud_name %q is not in the form cloudinary_product_environment accepts,", e.CloudName),
						"so it is left out of the configuration; the environment keeps it.")
				}
				if e.Enabled != nil && !*e.Enabled {
					b.attr("enabled", boolean(false))
				}
				b.attr("deletion_protection", boolean(true))
			})
			if strings.TrimSpace(e.Name) == "" {
				r.warnf("product environment %s has an empty name, which cloudinary_product_environment refuses: give it one in %s", e.ID, KindProductEnvironments.FileName())
			}
		}
	case KindAccessKeys:
		for _, key := range a.AccessKeys {
			add(r.keyName[keyID(key)], keyID(key), func(b *block) {
				if key.IsRoot() {
					b.comment = append(b.comment, r.rootKeyComment(key)...)
				}
				b.attr("product_environment_id", r.envRef(key.ProductEnvironmentID))
				if key.Name != "" {
					b.attr("name", str(key.Name))
				}
				if key.Enabled != nil && !*key.Enabled {
					b.attr("enabled", boolean(false))
				}
			})
		}
	case KindUsers:
		for _, u := range a.Users {
			add(r.userName[u.ID], u.ID, func(b *block) { r.userBlock(b, u) })
		}
	case KindUserGroups:
		for _, g := range a.UserGroups {
			add(r.groupName[g.ID], g.ID, func(b *block) { b.attr("name", str(g.Name)) })
		}
	case KindMemberships:
		for _, g := range a.UserGroups {
			add(r.groupName[g.ID], g.ID, func(b *block) {
				b.attr("group_id", r.groupRef(g.ID))
				ids := make(list, 0, len(g.Users))
				for _, m := range g.Users {
					if m.ID != "" {
						ids = append(ids, r.userRef(m.ID))
					}
				}
				b.attr("user_ids", sortedList(ids))
			})
		}
	case KindRoles:
		for _, ro := range a.Roles {
			add(r.roleName[ro.ID], ro.ID, func(b *block) { r.roleBlock(b, ro) })
		}
	case KindCustomPolicies:
		for _, p := range a.CustomPolicies {
			add(r.policyName[p.ID], p.ID, func(b *block) { r.policyBlock(b, p) })
		}
	case KindRoleAssignments:
		for _, ra := range a.RoleAssignments {
			add(r.raName[ra.ImportID()], ra.ImportID(), func(b *block) { r.assignmentBlock(b, ra) })
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func (r *renderer) userBlock(b *block, u User) {
	if u.Root != nil && *u.Root {
		b.comment = append(b.comment, ownerComment(u)...)
	}
	b.attr("name", str(u.Name))
	b.attr("email", str(u.Email))
	b.attr("role", str(u.Role))
	if u.Enabled != nil && !*u.Enabled {
		b.attr("enabled", boolean(false))
	}
	if strings.TrimSpace(u.Name) == "" {
		r.warnf("user %s (%s) has an empty name, which cloudinary_user refuses: give it one in %s", u.ID, u.Email, KindUsers.FileName())
	}
	if u.AllEnvironments {
		return // omitted: all environments, including future ones
	}
	ids := make(list, 0, len(u.EnvironmentIDs))
	for _, id := range u.EnvironmentIDs {
		ids = append(ids, r.envRef(id))
	}
	b.attr("product_environment_ids", sortedList(ids))
	if len(ids) == 0 {
		b.comment = append(b.comment,
			"This user can reach no product environment, which cloudinary_user cannot express",
			"(product_environment_ids must not be empty; omitting it grants every environment).")
		r.warnf("user %s (%s) has access to no product environment: cloudinary_user cannot describe that "+
			"(an empty product_environment_ids is refused, and omitting it would grant every environment); "+
			"decide which environments it should reach in %s, or remove it from the configuration", u.ID, u.Email, KindUsers.FileName())
	}
}

func (r *renderer) roleBlock(b *block, ro client.Role) {
	b.attr("name", str(ro.Name))
	if ro.Description != nil && *ro.Description != "" {
		b.attr("description", str(*ro.Description))
	}
	b.attr("permission_type", str(string(ro.PermissionType)))
	b.attr("scope_type", str(string(ro.ScopeType)))
	ids := ro.SystemPolicyIDs()
	slices.Sort(ids)
	vals := make(list, len(ids))
	for i, id := range ids {
		vals[i] = str(id)
	}
	b.attr("system_policy_ids", vals)
	if len(ids) == 0 {
		r.warnf("custom role %s (%s) has no system policies, and cloudinary_role needs at least one in system_policy_ids", ro.ID, ro.Name)
	}
}

func (r *renderer) policyBlock(b *block, p client.CustomPolicy) {
	b.attr("name", str(p.Name))
	if p.Description != nil && *p.Description != "" {
		b.attr("description", str(*p.Description))
	}
	b.attr("scope_type", str(string(p.ScopeType)))
	if p.ScopeID != nil && *p.ScopeID != "" {
		b.attr("scope_id", r.scopeRef(*p.ScopeID))
	} else if p.ScopeType == client.ScopeTypeProdenv {
		r.warnf("custom policy %s (%s) is scoped to product environments but the API did not say which: set scope_id in %s",
			p.ID, p.Name, KindCustomPolicies.FileName())
	}
	if !p.Enabled {
		b.attr("enabled", boolean(false))
	}
	// The provider compares statements without regard to whitespace, so the
	// final newline a heredoc adds is not a change.
	b.attr("policy_statement", multilineString(p.PolicyStatement))
}

func (r *renderer) assignmentBlock(b *block, ra RoleAssignment) {
	b.attr("principal_type", str(string(ra.PrincipalType)))
	switch ra.PrincipalType {
	case client.PrincipalTypeUser:
		b.attr("principal_id", r.userRef(ra.PrincipalID))
	case client.PrincipalTypeGroup:
		b.attr("principal_id", r.groupRef(ra.PrincipalID))
	case client.PrincipalTypeAPIKey:
		b.attr("principal_id", r.apiKeyRef(ra.PrincipalID))
	default:
		b.comment = append(b.comment, fmt.Sprintf("%s principals are not managed by this provider: the id is literal.", ra.PrincipalType))
		b.attr("principal_id", str(ra.PrincipalID))
	}
	if ra.Custom {
		b.attr("role_id", r.roleRef(ra.RoleID))
	} else {
		if ra.RoleName != "" {
			b.comment = append(b.comment, fmt.Sprintf("System role %q (managed by Cloudinary).", ra.RoleName))
		}
		b.attr("role_id", str(ra.RoleID))
	}
	if ra.ScopeID != "" {
		b.attr("scope_id", r.scopeRef(ra.ScopeID))
	}
	if len(ra.PolicyParameters) > 0 {
		var obj object
		for _, k := range sortedKeys(ra.PolicyParameters) {
			obj = append(obj, objectEntry{Key: k, Value: str(ra.PolicyParameters[k])})
		}
		b.attr("policy_parameters", obj)
	}
}

// sortedList orders the elements of a set by their rendering, for stable
// output.
func sortedList(l list) list {
	sort.SliceStable(l, func(i, j int) bool {
		a, _ := renderInline(l[i])
		b, _ := renderInline(l[j])
		return a < b
	})
	return l
}

var kindTitle = map[Kind]string{
	KindProductEnvironments: "Product environments",
	KindAccessKeys:          "Access keys",
	KindUsers:               "Users",
	KindUserGroups:          "User groups",
	KindMemberships:         "User group members",
	KindRoles:               "Custom roles",
	KindCustomPolicies:      "Custom policies",
	KindRoleAssignments:     "Role assignments",
}

var kindNote = map[Kind]string{
	KindProductEnvironments: "custom_attributes and base_product_environment_id cannot be read from the API: add them by hand if you use them.",
	KindAccessKeys:          "No secret is written: api_secret is computed, and the import reads it into the state.",
	KindUsers:               "product_environment_ids is omitted for users who reach every environment.",
	KindMemberships:         "Authoritative: an apply removes members that are not listed.",
	KindRoles:               "System roles are Cloudinary's and are not exported.",
	KindRoleAssignments:     "System roles are referred to by their literal id.",
}

func (r *renderer) kindFile(k Kind, objs []exportObject) string {
	var w strings.Builder
	head := fmt.Sprintf("%s of Cloudinary account %s, written by cloudinary-export.\n", kindTitle[k], r.a.AccountID)
	if n := kindNote[k]; n != "" {
		head += n + "\n"
	}
	head += "Review the names; `terraform plan` must show only imports."
	writeComment(&w, "", head)
	for _, o := range objs {
		w.WriteByte('\n')
		o.block.render(&w)
		w.WriteByte('\n')
		imp := block{header: "import"}
		imp.attr("to", ref(resourceType[k]+"."+o.name))
		imp.attr("id", str(o.importID))
		imp.render(&w)
	}
	return w.String()
}

func providersFile(region string) string {
	var w strings.Builder
	w.WriteString(`terraform {
  # import blocks need Terraform 1.5 or later.
  required_version = ">= 1.5.0"

  required_providers {
    cloudinary = {
      source = ` + quote(ProviderSource) + `
    }
  }
}

`)
	writeComment(&w, "", "Credentials come from the environment, as for cloudinary-export: CLOUDINARY_ACCOUNT_URL\n"+
		"(account://API_KEY:API_SECRET@ACCOUNT_ID), or CLOUDINARY_ACCOUNT_ID, CLOUDINARY_PROVISIONING_API_KEY\n"+
		"and CLOUDINARY_PROVISIONING_API_SECRET; CLOUDINARY_ENDPOINT overrides the API address.")
	if region != "" && region != client.DefaultRegion {
		w.WriteString("provider \"cloudinary\" {\n  region = " + quote(region) + "\n}\n")
	} else {
		w.WriteString("provider \"cloudinary\" {}\n")
	}
	return w.String()
}

func readme(a *Account, kinds []Kind, res *Result) string {
	var w strings.Builder
	fmt.Fprintf(&w, "# Cloudinary account %s as Terraform\n\n", a.AccountID)
	w.WriteString("Written by `cloudinary-export`. Every object is a `resource` block with an `import` block next to it, " +
		"and objects refer to each other by address (`cloudinary_user.alice_example_com.id`) rather than by id.\n\n")
	w.WriteString("| Kind | File | Objects |\n|---|---|---|\n")
	for _, k := range kinds {
		file := "`" + k.FileName() + "`"
		if res.Counts[k] == 0 {
			file = "(none)"
		}
		fmt.Fprintf(&w, "| %s | %s | %d |\n", k, file, res.Counts[k])
	}
	fmt.Fprintf(&w, "| **total** | | **%d** |\n\n", res.Imports())

	if len(res.Warnings) > 0 {
		w.WriteString("## Needs attention first\n\n")
		for _, m := range res.Warnings {
			w.WriteString("- " + m + "\n")
		}
		w.WriteString("\n")
	}

	fmt.Fprintf(&w, `## What to check

1. **Review the names.** Resource names come from cloud names, emails and names, slugified; when two
   objects would get the same name, the older one keeps it and the others get `+"`_2`, `_3`"+`, ...
   Rename freely now (change the resource block and the `+"`to`"+` of its import block together);
   after the first apply, use `+"`moved`"+` blocks instead.
2. **Plan.** With the same credentials in the environment (see `+"`providers.tf`"+`), run
   `+"`terraform init`"+` and `+"`terraform plan`"+`. The plan must show only imports:

       Plan: %d to import, 0 to add, 0 to change, 0 to destroy.

   Anything to add, change or destroy means the configuration does not describe the account exactly:
   fix the configuration, not the account, before applying.
3. **Apply** to record the imports in the state. The import blocks can then be deleted.

## What is not exported, and why

- **Secrets.** No `+"`api_secret`"+` is written anywhere: it is computed, and the import reads it into
  the state. The state therefore holds secrets: keep it in an encrypted, access-controlled backend.
- **Write-only settings.** The API accepts but never returns a product environment's `+"`custom_attributes`"+`
  and `+"`base_product_environment_id`"+`, and an access key's `+"`dedicated_for`"+`. They cannot be read back,
  so they are not exported; add them by hand if you rely on them (Terraform records them without
  changing the account).
- **Deletion protection.** Every product environment is written with `+"`deletion_protection = true`"+`:
  deleting one deletes its media for good.
- **The account's own objects.** The primary product environment (the oldest), the account owner and the
  root access keys are exported like the rest, each marked with a comment: Cloudinary does not allow
  deleting them (nor giving the last master admin another role). To stop managing one, replace its
  block with a `+"`removed`"+` block with `+"`lifecycle { destroy = false }`"+` rather than deleting it.
- **System roles** belong to Cloudinary and are not resources here; assignments of system roles are
  exported, with the role id as a literal string. Only custom roles are `+"`cloudinary_role`"+` resources.
- **Users' environments.** `+"`product_environment_ids`"+` is omitted for a user who reaches every
  environment (including future ones) and for master admins.
- **Group membership** is written as one authoritative `+"`cloudinary_user_group_members`"+` per group: once
  applied, members added to a group outside Terraform are removed by the next apply.
- **Role assignments** are written as non-authoritative `+"`cloudinary_role_assignment`"+` resources, one per
  assignment. Account API keys (`+"`provisioningKey`"+` principals) are not managed by this provider and appear
  as literal ids.
`, res.Imports())
	return w.String()
}
