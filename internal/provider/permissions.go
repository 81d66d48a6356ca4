package provider

import "github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"

// The Permissions API's enumerations and the descriptions shared by the
// role, assignment and permissions schemas, said once for validators,
// messages and docs.

var (
	permissionTypeValues = []string{string(client.PermissionTypeGlobal), string(client.PermissionTypeContent)}
	scopeTypeValues      = []string{string(client.ScopeTypeAccount), string(client.ScopeTypeProdenv)}
	managementTypeValues = []string{string(client.ManagementTypeSystem), string(client.ManagementTypeCustom)}
)

// principalTypeValues are the principal_type values the API knows.
var principalTypeValues = []string{
	string(client.PrincipalTypeUser), string(client.PrincipalTypeGroup),
	string(client.PrincipalTypeAPIKey), string(client.PrincipalTypeProvisioningKey),
}

// Descriptions shared by both assignment resources and the data sources.
const (
	principalTypeDescription = "Kind of principal: `user`, `group`, `apiKey` (a product environment's access key) " +
		"or `provisioningKey` (an account API key)."
	principalIDDescription = "Id of the principal: a user id, a user group id, an access key's `api_key`, " +
		"or an account API key."
	assignmentScopeIDDescription = "Product environment the role applies in: an environment id, or `all` for every " +
		"environment. Required for roles whose `scope_type` is `prodenv`, refused for account roles. Content roles " +
		"need one concrete environment (not `all`), since folders and collections belong to one environment."
	assignmentParamsDescription = "The content instance a `content` role applies to, for example " +
		"`{ folder_id = \"...\" }` or `{ collection_id = \"...\" }`. Required for content roles, which need a value " +
		"for every key in the role's `policy_parameters` and accept no other key; refused for global roles."
	mixAssignmentWarning = "~> **Do not mix** `cloudinary_principal_roles` and `cloudinary_role_assignment` on the same " +
		"principal: `cloudinary_principal_roles` removes every role it does not list, including those granted by " +
		"`cloudinary_role_assignment`, and the two then undo each other on every apply."
)
