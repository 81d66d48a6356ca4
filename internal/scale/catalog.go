package scale

// The system policies the scenario's custom roles are built from, hard-coded
// from internal/emulator/catalog.go rather than looked up with the
// cloudinary_permissions_catalog data source: the ids are public, stable
// catalog entries, and a data source would add requests to every plan that
// the benchmark would then measure as the provider's. TestRoleTemplates
// checks every id against the emulator's public catalog, with its type.

// roleTemplate is the shape of a custom role: its types and policies, and
// for content roles the policy parameter an assignment must give.
type roleTemplate struct {
	permissionType string // global or content
	scopeType      string // account or prodenv
	policyIDs      []string
	param          string // folder_id or collection_id for content roles
}

// roleTemplates are used in turn: role i gets roleTemplates[i%len]. The
// order puts the three assignment rules (prodenv scope_id, content
// policy_parameters, account without scope) first so that even small
// scenarios exercise them.
var roleTemplates = []roleTemplate{
	{permissionType: "global", scopeType: "prodenv", policyIDs: []string{
		"cld::policy::global::ml::access",
		"cld::policy::global::folder_and_asset_management::view",
	}},
	{permissionType: "content", scopeType: "prodenv", param: "folder_id", policyIDs: []string{
		"cld::policy::content::folder::view_download",
		"cld::policy::content::folder::add_assets",
	}},
	{permissionType: "global", scopeType: "account", policyIDs: []string{
		"cld::policy::global::users_and_groups::view",
		"cld::policy::global::billing::view",
	}},
	{permissionType: "content", scopeType: "prodenv", param: "collection_id", policyIDs: []string{
		"cld::policy::content::collection::view",
		"cld::policy::content::collection::edit",
	}},
	{permissionType: "global", scopeType: "prodenv", policyIDs: []string{
		"cld::policy::global::reports::usage::view",
		"cld::policy::global::reports::delivery::view",
		"cld::policy::global::api_keys::view",
	}},
	{permissionType: "global", scopeType: "account", policyIDs: []string{
		"cld::policy::global::account_reports::view",
		"cld::policy::global::audit_logs::view",
	}},
	{permissionType: "content", scopeType: "prodenv", param: "folder_id", policyIDs: []string{
		"cld::policy::content::folder::view_download",
		"cld::policy::content::folder::edit_assets",
		"cld::policy::content::folder::delete_assets",
	}},
	{permissionType: "global", scopeType: "prodenv", policyIDs: []string{
		"cld::policy::global::upload_presets::manage",
		"cld::policy::global::transformations::manage",
	}},
}

// userRoles are the account user roles given in turn to users; every 40th
// user is a master admin (who always reaches every environment).
var userRoles = []string{
	"media_library_user", "media_library_admin", "technical_admin", "reports",
	"admin", "media_library_user", "billing", "media_library_admin",
}
