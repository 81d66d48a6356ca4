package readcache

// Which cached reads a write can make stale, said once for every resource,
// data source and ephemeral resource, and the exporter. The client calls invalidateAfterWrite
// after every request that is not a GET (client.OnWrite), whatever its
// outcome, so no code path can write and forget to invalidate, and a write
// whose answer was lost (it may have landed) invalidates too.
//
// Invariants (writes_test.go):
//   - every operation the client sends with a method other than GET has an
//     entry, and every entry is such an operation;
//   - an operation missing from the table nevertheless drops every kind: a
//     stale read is a wrong plan, an extra read only a slower one;
//   - reads sent as POST (inspectMultiple, validateCedarPolicy) drop nothing.
var writeInvalidates = map[string][]Kind{
	// A new environment comes with an access key, and users with access to
	// all environments now reach it; a delete takes its keys, its users'
	// access to it, and the roles granted and custom policies scoped to it.
	"createProductEnvironment": {ProductEnvironments, AccessKeys, Users},
	"updateProductEnvironment": {ProductEnvironments},
	"deleteProductEnvironment": {ProductEnvironments, AccessKeys, Users, PrincipalRoles, CustomPolicies},

	// Environments embed their keys; a deleted key loses its roles.
	"generateAccessKey":     {AccessKeys, ProductEnvironments},
	"updateAccessKey":       {AccessKeys, ProductEnvironments},
	"deleteAccessKey":       {AccessKeys, ProductEnvironments, PrincipalRoles},
	"deleteAccessKeyByName": {AccessKeys, ProductEnvironments, PrincipalRoles},

	// Deleting a user also drops its group memberships and role assignments.
	"createUser": {Users},
	"updateUser": {Users},
	"deleteUser": {Users, UserGroups, PrincipalRoles},

	"createUserGroup":         {UserGroups},
	"updateUserGroup":         {UserGroups},
	"deleteUserGroup":         {UserGroups, PrincipalRoles},
	"addUserToUserGroup":      {UserGroups},
	"removeUserFromUserGroup": {UserGroups},

	"createRole":           {Roles},
	"updateRole":           {Roles},
	"deleteRole":           {Roles, PrincipalRoles},
	"updateRolePrincipals": {PrincipalRoles},
	"updatePrincipalRoles": {PrincipalRoles},

	"createCustomPolicy": {CustomPolicies},
	"updateCustomPolicy": {CustomPolicies},
	"deleteCustomPolicy": {CustomPolicies},

	// Reads sent as POST.
	"inspectMultiple":     nil,
	"validateCedarPolicy": nil,
}

// invalidateAfterWrite is the cache's client.OnWrite hook.
func (c *cache) invalidateAfterWrite(op string) {
	kinds, ok := writeInvalidates[op]
	if !ok {
		kinds = allKinds
	}
	if len(kinds) > 0 {
		c.invalidate(kinds...)
	}
}
