package emulator

// Seed data for the Permissions API: the system policies and system roles that
// Cloudinary manages. They are static (the real service ships them, accounts
// cannot change them), so they live in code rather than in the persisted
// permStore; only custom objects and role assignments are state.
//
// Ids follow the document's style: cld::policy::<permission_type>::<area>::<verb>
// and cld::role::<scope>::<name>. Content policies carry a "<folder_id>" or
// "<collection_id>" placeholder inside a Cedar string literal, so every
// statement here is valid Cedar as written (a test parses all of them).

// Fixed creation times of the seed data, taken from the document's examples, so
// that reads are stable across emulator restarts.
const (
	systemPolicyCreatedAt int64 = 1719475215
	systemRoleCreatedAt   int64 = 1719475216
)

// systemPolicy is one Cloudinary-managed policy.
type systemPolicy struct {
	ID             string
	Name           string
	Description    string
	Category       string
	SubCategory    string
	PermissionType string
	ScopeType      string
	Statement      string
	// Parameters lists the placeholders a content policy needs at assignment
	// time (folder_id, collection_id); empty for global policies.
	Parameters []string
}

// systemRole is one Cloudinary-managed role: a fixed bundle of system policies.
type systemRole struct {
	ID             string
	Name           string
	Description    string
	PermissionType string
	ScopeType      string
	PolicyIDs      []string
}

const (
	permGlobal  = "global"
	permContent = "content"
	scopeAcct   = "account"
	scopeEnv    = "prodenv"
)

// feature builds the one-line Cedar statement that grants a console feature.
func feature(name string) string {
	return `permit(principal, action, resource == Cloudinary::Feature::"` + name + `");`
}

// systemPolicies is the catalog of system policies, in display order.
var systemPolicies = []systemPolicy{
	// ---- account scope, global ----
	{ID: "cld::policy::global::users_and_groups::manage", Name: "Manage users and groups",
		Description: "View, add, and remove users and groups in the account, and manage group memberships.",
		Category:    "Settings", SubCategory: "User Management", PermissionType: permGlobal, ScopeType: scopeAcct,
		Statement: "permit(principal, action, resource is Cloudinary::User);\n" +
			"permit(principal, action, resource is Cloudinary::Group);\n" +
			feature("cld::global::users::manage")},
	{ID: "cld::policy::global::users_and_groups::view", Name: "View users and groups",
		Description: "View the users and groups in the account and their memberships.",
		Category:    "Settings", SubCategory: "User Management", PermissionType: permGlobal, ScopeType: scopeAcct,
		Statement: "permit(principal, action == Cloudinary::Action::\"read\", resource is Cloudinary::User);\n" +
			"permit(principal, action == Cloudinary::Action::\"read\", resource is Cloudinary::Group);"},
	{ID: "cld::policy::global::account_security::manage", Name: "Manage account security settings",
		Description: "Define account-wide security settings related to authentication, access control, and user privacy.",
		Category:    "Settings", SubCategory: "Account Security", PermissionType: permGlobal, ScopeType: scopeAcct,
		Statement: "permit(principal, action == Cloudinary::Action::\"read\", resource is Cloudinary::Account);\n" +
			"permit(principal, action == Cloudinary::Action::\"update\", resource is Cloudinary::Account);"},
	{ID: "cld::policy::global::billing::manage", Name: "Manage billing",
		Description: "View invoices and usage, and change the account's plan and payment details.",
		Category:    "Settings", SubCategory: "Billing", PermissionType: permGlobal, ScopeType: scopeAcct,
		Statement: feature("cld::global::billing::manage")},
	{ID: "cld::policy::global::billing::view", Name: "View billing",
		Description: "View invoices, plan details and billing usage.",
		Category:    "Settings", SubCategory: "Billing", PermissionType: permGlobal, ScopeType: scopeAcct,
		Statement: feature("cld::global::billing::view")},
	{ID: "cld::policy::global::roles::manage", Name: "Manage roles and permissions",
		Description: "Create custom roles and policies and assign roles to principals.",
		Category:    "Settings", SubCategory: "Roles and Permissions", PermissionType: permGlobal, ScopeType: scopeAcct,
		Statement: "permit(principal, action, resource is Cloudinary::Role);\n" +
			"permit(principal, action, resource is Cloudinary::Policy);"},
	{ID: "cld::policy::global::product_environments::manage", Name: "Manage product environments",
		Description: "Create, update and delete product environments.",
		Category:    "Settings", SubCategory: "Product Environments", PermissionType: permGlobal, ScopeType: scopeAcct,
		Statement: "permit(principal, action, resource is Cloudinary::ProductEnvironment);"},
	{ID: "cld::policy::global::account_api_keys::manage", Name: "Manage account API keys",
		Description: "Generate and revoke account (provisioning) API keys.",
		Category:    "Settings", SubCategory: "Account API Keys", PermissionType: permGlobal, ScopeType: scopeAcct,
		Statement: "permit(principal, action, resource is Cloudinary::ProvisioningKey);"},
	{ID: "cld::policy::global::account_reports::view", Name: "View account reports",
		Description: "View account-level usage summaries and account-wide activity reports.",
		Category:    "Reports", SubCategory: "Account reports", PermissionType: permGlobal, ScopeType: scopeAcct,
		Statement: "permit(principal, action == Cloudinary::Action::\"read\", resource is Cloudinary::Report) when { resource.type == \"account_usage\" };"},
	{ID: "cld::policy::global::audit_logs::view", Name: "View audit logs",
		Description: "View the account's audit log.",
		Category:    "Reports", SubCategory: "Account reports", PermissionType: permGlobal, ScopeType: scopeAcct,
		Statement: feature("cld::global::audit_logs::view")},

	// ---- product environment scope, global ----
	{ID: "cld::policy::global::ml::access", Name: "Access the Media Library",
		Description: "Access the Media Library within the Console. Without this permission, users can't view any assets.",
		Category:    "Management", SubCategory: "General operations", PermissionType: permGlobal, ScopeType: scopeEnv,
		Statement: feature("cld::global::ml::access")},
	{ID: "cld::policy::global::folder_and_asset_management::view", Name: "View all folders and assets",
		Description: "View every folder and asset in the product environment.",
		Category:    "Management", SubCategory: "Folder and asset management", PermissionType: permGlobal, ScopeType: scopeEnv,
		Statement: "permit(principal, action == Cloudinary::Action::\"read\", resource is Cloudinary::Folder);\n" +
			"permit(principal, action == Cloudinary::Action::\"read\", resource is Cloudinary::Asset);"},
	{ID: "cld::policy::global::folder_and_asset_management::create_asset", Name: "Upload assets",
		Description: "Upload assets to any folder, including the root, without requiring specific folder permissions.",
		Category:    "Management", SubCategory: "Folder and asset management", PermissionType: permGlobal, ScopeType: scopeEnv,
		Statement: "permit(principal, action in [Cloudinary::Action::\"create\"], resource is Cloudinary::Asset);"},
	{ID: "cld::policy::global::folder_and_asset_management::manage", Name: "Manage all folders and assets",
		Description: "Create, edit, move and delete every folder and asset in the product environment.",
		Category:    "Management", SubCategory: "Folder and asset management", PermissionType: permGlobal, ScopeType: scopeEnv,
		Statement: "permit(principal, action, resource is Cloudinary::Folder);\n" +
			"permit(principal, action, resource is Cloudinary::Asset);"},
	{ID: "cld::policy::global::assets::moderate", Name: "Moderate all assets",
		Description: "Approve and reject all assets in moderation.",
		Category:    "Management", SubCategory: "Moderation", PermissionType: permGlobal, ScopeType: scopeEnv,
		Statement: "permit(principal, action == Cloudinary::Action::\"moderate\", resource is Cloudinary::Asset);"},
	{ID: "cld::policy::global::collections::manage", Name: "Manage all collections",
		Description: "Create, edit, share and delete every collection in the product environment.",
		Category:    "Management", SubCategory: "Collections", PermissionType: permGlobal, ScopeType: scopeEnv,
		Statement: "permit(principal, action, resource is Cloudinary::Collection);"},
	{ID: "cld::policy::global::upload_presets::manage", Name: "Manage upload settings",
		Description: "View, create, modify, or delete upload settings, such as upload presets, upload mappings, and upload defaults.",
		Category:    "Settings", SubCategory: "Upload Settings", PermissionType: permGlobal, ScopeType: scopeEnv,
		Statement: "permit(principal, action, resource is Cloudinary::UploadPreset);\n" +
			"permit(principal, action, resource is Cloudinary::UploadMapping);\n" +
			"permit(principal, action == Cloudinary::Action::\"update_settings\", resource is Cloudinary::ProductEnvironment);\n" +
			feature("cld::global::upload_settings::manage")},
	{ID: "cld::policy::global::api_keys::view", Name: "View API keys",
		Description: "View the product environment's API keys (without secrets).",
		Category:    "Settings", SubCategory: "API Keys", PermissionType: permGlobal, ScopeType: scopeEnv,
		Statement: feature("cld::global::api_keys::view")},
	{ID: "cld::policy::global::api_keys::manage", Name: "Manage API keys",
		Description: "Generate, enable, disable and delete the product environment's API keys.",
		Category:    "Settings", SubCategory: "API Keys", PermissionType: permGlobal, ScopeType: scopeEnv,
		Statement: "permit(principal, action, resource is Cloudinary::APIKey);\n" + feature("cld::global::api_keys::manage")},
	{ID: "cld::policy::global::transformations::manage", Name: "Manage transformations",
		Description: "Create, edit and delete named transformations.",
		Category:    "Settings", SubCategory: "Transformations", PermissionType: permGlobal, ScopeType: scopeEnv,
		Statement: "permit(principal, action, resource is Cloudinary::Transformation);"},
	{ID: "cld::policy::global::metadata::manage", Name: "Manage structured metadata",
		Description: "Create, edit and delete structured metadata fields.",
		Category:    "Settings", SubCategory: "Metadata", PermissionType: permGlobal, ScopeType: scopeEnv,
		Statement: "permit(principal, action, resource is Cloudinary::MetadataField);"},
	{ID: "cld::policy::global::webhooks::manage", Name: "Manage webhook notifications",
		Description: "Configure webhook notification URLs and triggers.",
		Category:    "Settings", SubCategory: "Webhooks", PermissionType: permGlobal, ScopeType: scopeEnv,
		Statement: feature("cld::global::webhooks::manage")},
	{ID: "cld::policy::global::security_settings::manage", Name: "Manage security settings",
		Description: "Change the product environment's security settings, such as restricted media types and allowed fetch domains.",
		Category:    "Settings", SubCategory: "Security", PermissionType: permGlobal, ScopeType: scopeEnv,
		Statement: "permit(principal, action == Cloudinary::Action::\"update_settings\", resource is Cloudinary::ProductEnvironment);"},
	{ID: "cld::policy::global::reports::usage::view", Name: "View usage reports",
		Description: "View the product environment's usage reports.",
		Category:    "Reports", SubCategory: "Product environment reports", PermissionType: permGlobal, ScopeType: scopeEnv,
		Statement: feature("cld::global::reports::usage::view") + "\n" +
			"permit(principal, action == Cloudinary::Action::\"read\", resource is Cloudinary::Report) when { resource.type == \"env_usage\" };"},
	{ID: "cld::policy::global::reports::delivery::view", Name: "View delivery reports",
		Description: "View the product environment's delivery reports.",
		Category:    "Reports", SubCategory: "Product environment reports", PermissionType: permGlobal, ScopeType: scopeEnv,
		Statement: feature("cld::global::reports::delivery::view") + "\n" +
			"permit(principal, action == Cloudinary::Action::\"read\", resource is Cloudinary::Report) when { resource.type == \"delivery\" };"},
	{ID: "cld::policy::global::reports::errors::view", Name: "View error reports",
		Description: "View the product environment's error reports.",
		Category:    "Reports", SubCategory: "Product environment reports", PermissionType: permGlobal, ScopeType: scopeEnv,
		Statement: feature("cld::global::reports::errors::view")},

	// ---- product environment scope, content (folder) ----
	{ID: "cld::policy::content::folder::view_download", Name: "View assets",
		Description: "View all assets in the folder and its nested subfolders.",
		Category:    "Folder", SubCategory: "View and download", PermissionType: permContent, ScopeType: scopeEnv,
		Parameters: []string{"folder_id"},
		Statement: "permit(principal, action == Cloudinary::Action::\"read\", resource is Cloudinary::Folder) when { resource.ancestor_ids.contains(\"<folder_id>\") };\n" +
			"permit(principal, action == Cloudinary::Action::\"read\", resource is Cloudinary::Asset) when { resource.ancestor_ids.contains(\"<folder_id>\") };"},
	{ID: "cld::policy::content::folder::download_public_assets", Name: "Download public assets",
		Description: "Download the public assets in the folder and its nested subfolders.",
		Category:    "Folder", SubCategory: "View and download", PermissionType: permContent, ScopeType: scopeEnv,
		Parameters: []string{"folder_id"},
		Statement:  "permit(principal, action == Cloudinary::Action::\"download\", resource is Cloudinary::Asset) when { resource.ancestor_ids.contains(\"<folder_id>\") && resource.access_mode == \"public\" };"},
	{ID: "cld::policy::content::folder::add_assets", Name: "Add assets",
		Description: "Add assets to the folder by uploading new files, saving an asset as new, or moving existing assets from other folders.",
		Category:    "Folder", SubCategory: "Contribute", PermissionType: permContent, ScopeType: scopeEnv,
		Parameters: []string{"folder_id"},
		Statement:  "permit(principal, action == Cloudinary::Action::\"create\", resource is Cloudinary::Asset) when { resource.ancestor_ids.contains(\"<folder_id>\") };"},
	{ID: "cld::policy::content::folder::edit_assets", Name: "Edit assets",
		Description: "Edit asset details, tags and metadata of the assets in the folder.",
		Category:    "Folder", SubCategory: "Contribute", PermissionType: permContent, ScopeType: scopeEnv,
		Parameters: []string{"folder_id"},
		Statement:  "permit(principal, action == Cloudinary::Action::\"update\", resource is Cloudinary::Asset) when { resource.ancestor_ids.contains(\"<folder_id>\") };"},
	{ID: "cld::policy::content::folder::delete_assets", Name: "Delete assets",
		Description: "Delete the assets in the folder and its nested subfolders.",
		Category:    "Folder", SubCategory: "Manage", PermissionType: permContent, ScopeType: scopeEnv,
		Parameters: []string{"folder_id"},
		Statement:  "permit(principal, action == Cloudinary::Action::\"delete\", resource is Cloudinary::Asset) when { resource.ancestor_ids.contains(\"<folder_id>\") };"},
	{ID: "cld::policy::content::folder::share", Name: "Share folder",
		Description: "Share the folder with other users and groups.",
		Category:    "Folder", SubCategory: "Share", PermissionType: permContent, ScopeType: scopeEnv,
		Parameters: []string{"folder_id"},
		Statement:  "permit(principal, action == Cloudinary::Action::\"share\", resource is Cloudinary::Folder) when { resource.ancestor_ids.contains(\"<folder_id>\") };"},
	{ID: "cld::policy::content::folder::manage", Name: "Manage folder",
		Description: "Rename, move and delete the folder and its nested subfolders.",
		Category:    "Folder", SubCategory: "Manage", PermissionType: permContent, ScopeType: scopeEnv,
		Parameters: []string{"folder_id"},
		Statement:  "permit(principal, action, resource is Cloudinary::Folder) when { resource.ancestor_ids.contains(\"<folder_id>\") };"},

	// ---- product environment scope, content (collection) ----
	{ID: "cld::policy::content::collection::view", Name: "View collection",
		Description: "View the collection and the assets in it.",
		Category:    "Collection", SubCategory: "View and download", PermissionType: permContent, ScopeType: scopeEnv,
		Parameters: []string{"collection_id"},
		Statement:  "permit(principal, action == Cloudinary::Action::\"read\", resource == Cloudinary::Collection::\"<collection_id>\");"},
	{ID: "cld::policy::content::collection::edit", Name: "Edit collection",
		Description: "Add assets to and remove assets from the collection, and edit its details.",
		Category:    "Collection", SubCategory: "Contribute", PermissionType: permContent, ScopeType: scopeEnv,
		Parameters: []string{"collection_id"},
		Statement:  "permit(principal, action == Cloudinary::Action::\"update\", resource == Cloudinary::Collection::\"<collection_id>\");"},
	{ID: "cld::policy::content::collection::share", Name: "Share collection",
		Description: "Share the collection with other users, groups and external viewers.",
		Category:    "Collection", SubCategory: "Share", PermissionType: permContent, ScopeType: scopeEnv,
		Parameters: []string{"collection_id"},
		Statement:  "permit(principal, action == Cloudinary::Action::\"share\", resource == Cloudinary::Collection::\"<collection_id>\");"},
}

// systemRoles is the catalog of system roles, in display order.
var systemRoles = []systemRole{
	{ID: "cld::role::account::master_admin", Name: "Master Admin", PermissionType: permGlobal, ScopeType: scopeAcct,
		Description: "Manage all account-level settings and features.",
		PolicyIDs: []string{"cld::policy::global::users_and_groups::manage", "cld::policy::global::account_security::manage",
			"cld::policy::global::billing::manage", "cld::policy::global::roles::manage",
			"cld::policy::global::product_environments::manage", "cld::policy::global::account_api_keys::manage",
			"cld::policy::global::account_reports::view", "cld::policy::global::audit_logs::view"}},
	{ID: "cld::role::account::admin", Name: "Admin", PermissionType: permGlobal, ScopeType: scopeAcct,
		Description: "Manage roles, users, and groups, and access Cloudinary products.",
		PolicyIDs: []string{"cld::policy::global::users_and_groups::manage", "cld::policy::global::roles::manage",
			"cld::policy::global::account_reports::view"}},
	{ID: "cld::role::account::billing", Name: "Billing", PermissionType: permGlobal, ScopeType: scopeAcct,
		Description: "Manage the account's plan, payment details and invoices.",
		PolicyIDs:   []string{"cld::policy::global::billing::manage", "cld::policy::global::account_reports::view"}},
	{ID: "cld::role::account::reports", Name: "Reports", PermissionType: permGlobal, ScopeType: scopeAcct,
		Description: "View account-level reports and usage metrics, including audit logs and account-wide activity reports.",
		PolicyIDs:   []string{"cld::policy::global::account_reports::view", "cld::policy::global::audit_logs::view", "cld::policy::global::billing::view"}},
	{ID: "cld::role::prodenv::master_admin", Name: "Master Admin", PermissionType: permGlobal, ScopeType: scopeEnv,
		Description: "Fully manage product environment, including settings, product features, dashboards, and reports.",
		PolicyIDs: []string{"cld::policy::global::ml::access", "cld::policy::global::folder_and_asset_management::manage",
			"cld::policy::global::assets::moderate", "cld::policy::global::collections::manage",
			"cld::policy::global::upload_presets::manage", "cld::policy::global::api_keys::manage",
			"cld::policy::global::transformations::manage", "cld::policy::global::metadata::manage",
			"cld::policy::global::webhooks::manage", "cld::policy::global::security_settings::manage",
			"cld::policy::global::reports::usage::view", "cld::policy::global::reports::delivery::view",
			"cld::policy::global::reports::errors::view"}},
	{ID: "cld::role::prodenv::admin", Name: "Admin", PermissionType: permGlobal, ScopeType: scopeEnv,
		Description: "Manage the product environment's assets and settings, without API key management.",
		PolicyIDs: []string{"cld::policy::global::ml::access", "cld::policy::global::folder_and_asset_management::manage",
			"cld::policy::global::collections::manage", "cld::policy::global::upload_presets::manage",
			"cld::policy::global::transformations::manage", "cld::policy::global::metadata::manage"}},
	{ID: "cld::role::prodenv::technical_admin", Name: "Technical Admin", PermissionType: permGlobal, ScopeType: scopeEnv,
		Description: "Manage the product environment's technical settings, API keys and webhooks.",
		PolicyIDs: []string{"cld::policy::global::upload_presets::manage", "cld::policy::global::api_keys::manage",
			"cld::policy::global::transformations::manage", "cld::policy::global::webhooks::manage",
			"cld::policy::global::security_settings::manage", "cld::policy::global::reports::errors::view"}},
	{ID: "cld::role::prodenv::reports", Name: "Reports", PermissionType: permGlobal, ScopeType: scopeEnv,
		Description: "View product environment reports and usage metrics.",
		PolicyIDs: []string{"cld::policy::global::reports::usage::view", "cld::policy::global::reports::delivery::view",
			"cld::policy::global::reports::errors::view"}},
	{ID: "cld::role::prodenv::ml_admin", Name: "Media Library Admin", PermissionType: permGlobal, ScopeType: scopeEnv,
		Description: "Manage every folder, asset and collection in the Media Library.",
		PolicyIDs: []string{"cld::policy::global::ml::access", "cld::policy::global::folder_and_asset_management::manage",
			"cld::policy::global::assets::moderate", "cld::policy::global::collections::manage"}},
	{ID: "cld::role::prodenv::ml_user", Name: "Media Library User", PermissionType: permGlobal, ScopeType: scopeEnv,
		Description: "Access specific folders and collections according to assigned permissions.",
		PolicyIDs:   []string{"cld::policy::global::ml::access"}},
	{ID: "cld::role::folder::viewer", Name: "Viewer", PermissionType: permContent, ScopeType: scopeEnv,
		Description: "View and download public assets.",
		PolicyIDs:   []string{"cld::policy::content::folder::view_download", "cld::policy::content::folder::download_public_assets"}},
	{ID: "cld::role::folder::contributor", Name: "Contributor", PermissionType: permContent, ScopeType: scopeEnv,
		Description: "View assets and add new assets to the folder.",
		PolicyIDs: []string{"cld::policy::content::folder::view_download", "cld::policy::content::folder::download_public_assets",
			"cld::policy::content::folder::add_assets"}},
	{ID: "cld::role::folder::editor", Name: "Editor", PermissionType: permContent, ScopeType: scopeEnv,
		Description: "View, add, edit and delete the folder's assets.",
		PolicyIDs: []string{"cld::policy::content::folder::view_download", "cld::policy::content::folder::download_public_assets",
			"cld::policy::content::folder::add_assets", "cld::policy::content::folder::edit_assets",
			"cld::policy::content::folder::delete_assets"}},
	{ID: "cld::role::folder::manager", Name: "Manager", PermissionType: permContent, ScopeType: scopeEnv,
		Description: "Fully manage the folder, its assets, and who it is shared with.",
		PolicyIDs: []string{"cld::policy::content::folder::view_download", "cld::policy::content::folder::download_public_assets",
			"cld::policy::content::folder::add_assets", "cld::policy::content::folder::edit_assets",
			"cld::policy::content::folder::delete_assets", "cld::policy::content::folder::share",
			"cld::policy::content::folder::manage"}},
	{ID: "cld::role::collection::viewer", Name: "Collection Viewer", PermissionType: permContent, ScopeType: scopeEnv,
		Description: "View the collection and its assets.",
		PolicyIDs:   []string{"cld::policy::content::collection::view"}},
	{ID: "cld::role::collection::editor", Name: "Collection Editor", PermissionType: permContent, ScopeType: scopeEnv,
		Description: "View, edit and share the collection.",
		PolicyIDs: []string{"cld::policy::content::collection::view", "cld::policy::content::collection::edit",
			"cld::policy::content::collection::share"}},
}

// Indexes over the catalog, built once at start-up.
var (
	systemPolicyByID = map[string]*systemPolicy{}
	systemRoleByID   = map[string]*systemRole{}
)

func init() {
	for i := range systemPolicies {
		systemPolicyByID[systemPolicies[i].ID] = &systemPolicies[i]
	}
	for i := range systemRoles {
		systemRoleByID[systemRoles[i].ID] = &systemRoles[i]
	}
}

// catalogJSON renders the public catalog. The document's example names a
// policy's Cedar text "policy" here (not "policy_statement" as elsewhere), and
// lists a role's policies as system_policy_ids; we follow the example.
func catalogJSON() map[string]any {
	pols := make([]map[string]any, 0, len(systemPolicies))
	for _, p := range systemPolicies {
		m := map[string]any{
			"id":              p.ID,
			"name":            p.Name,
			"description":     p.Description,
			"category":        p.Category,
			"sub_category":    p.SubCategory,
			"permission_type": p.PermissionType,
			"scope_type":      p.ScopeType,
			"policy":          p.Statement,
		}
		if len(p.Parameters) > 0 {
			m["policy_parameters"] = p.Parameters
		}
		pols = append(pols, m)
	}
	roles := make([]map[string]any, 0, len(systemRoles))
	for _, r := range systemRoles {
		m := map[string]any{
			"id":                r.ID,
			"name":              r.Name,
			"description":       r.Description,
			"permission_type":   r.PermissionType,
			"scope_type":        r.ScopeType,
			"system_policy_ids": r.PolicyIDs,
		}
		if params := policyParameterTypes(r.PolicyIDs); len(params) > 0 {
			m["policy_parameters"] = params
		}
		roles = append(roles, m)
	}
	return map[string]any{"system_policies": pols, "system_roles": roles}
}

// policyParameterTypes is the union, in first-seen order, of the placeholders
// the given system policies need: a role's policy_parameters are derived from
// its policies, never stored.
func policyParameterTypes(policyIDs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range policyIDs {
		p := systemPolicyByID[id]
		if p == nil {
			continue
		}
		for _, k := range p.Parameters {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}
