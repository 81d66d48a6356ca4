package provider

// Which cached reads a write can make stale, said once for every resource,
// data source and ephemeral resource. The client calls invalidateAfterWrite
// after every request that is not a GET (client.OnWrite), whatever its
// outcome, so no code path can write and forget to invalidate, and a write
// whose answer was lost (it may have landed) invalidates too.
//
// Invariants (snapshot_writes_internal_test.go):
//   - every operation the client sends with a method other than GET has an
//     entry, and every entry is such an operation;
//   - an operation missing from the table nevertheless drops every kind: a
//     stale read is a wrong plan, an extra read only a slower one;
//   - reads sent as POST (inspectMultiple, validateCedarPolicy) drop nothing.
var writeInvalidates = map[string][]readKind{
	// A new environment comes with an access key, and users with access to
	// all environments now reach it; a delete takes its keys, its users'
	// access to it, and the roles granted and custom policies scoped to it.
	"createProductEnvironment": {kindProductEnvironments, kindAccessKeys, kindUsers},
	"updateProductEnvironment": {kindProductEnvironments},
	"deleteProductEnvironment": {kindProductEnvironments, kindAccessKeys, kindUsers, kindPrincipalRoles, kindCustomPolicies},

	// Environments embed their keys; a deleted key loses its roles.
	"generateAccessKey":     {kindAccessKeys, kindProductEnvironments},
	"updateAccessKey":       {kindAccessKeys, kindProductEnvironments},
	"deleteAccessKey":       {kindAccessKeys, kindProductEnvironments, kindPrincipalRoles},
	"deleteAccessKeyByName": {kindAccessKeys, kindProductEnvironments, kindPrincipalRoles},

	// Deleting a user also drops its group memberships and role assignments.
	"createUser": {kindUsers},
	"updateUser": {kindUsers},
	"deleteUser": {kindUsers, kindUserGroups, kindPrincipalRoles},

	"createUserGroup":         {kindUserGroups},
	"updateUserGroup":         {kindUserGroups},
	"deleteUserGroup":         {kindUserGroups, kindPrincipalRoles},
	"addUserToUserGroup":      {kindUserGroups},
	"removeUserFromUserGroup": {kindUserGroups},

	"createRole":           {kindRoles},
	"updateRole":           {kindRoles},
	"deleteRole":           {kindRoles, kindPrincipalRoles},
	"updateRolePrincipals": {kindPrincipalRoles},
	"updatePrincipalRoles": {kindPrincipalRoles},

	"createCustomPolicy": {kindCustomPolicies},
	"updateCustomPolicy": {kindCustomPolicies},
	"deleteCustomPolicy": {kindCustomPolicies},

	// Reads sent as POST.
	"inspectMultiple":     nil,
	"validateCedarPolicy": nil,
}

// allReadKinds is what an operation missing from writeInvalidates drops.
var allReadKinds = []readKind{kindProductEnvironments, kindAccessKeys, kindUsers, kindUserGroups, kindRoles,
	kindCustomPolicies, kindPrincipalRoles, kindCatalog}

// invalidateAfterWrite is the snapshot's client.OnWrite hook.
func (s *snapshot) invalidateAfterWrite(op string) {
	kinds, ok := writeInvalidates[op]
	if !ok {
		kinds = allReadKinds
	}
	if len(kinds) > 0 {
		s.invalidate(kinds...)
	}
}
