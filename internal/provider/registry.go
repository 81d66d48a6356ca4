package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// The lists below are the provider's whole surface. Each resource, data
// source, ephemeral resource and function adds its constructor here, in
// alphabetical order, so that merges stay trivial. Every managed resource
// has a list resource (TestListResources_everyResource).

var resourceConstructors = []func() resource.Resource{
	NewAccessKeyResource,
	NewCustomPolicyResource,
	NewPrincipalRolesResource,
	NewProductEnvironmentResource,
	NewRoleAssignmentResource,
	NewRoleResource,
	NewUserGroupMembersResource,
	NewUserGroupMembershipResource,
	NewUserGroupResource,
	NewUserResource,
}

var dataSourceConstructors = []func() datasource.DataSource{
	NewAccessKeysDataSource,
	NewBillingUsageDataSource,
	NewCedarSchemaDataSource,
	NewCustomPoliciesDataSource,
	NewEffectivePoliciesDataSource,
	NewPermissionsCatalogDataSource,
	NewPrincipalRolesDataSource,
	NewProductEnvironmentDataSource,
	NewProductEnvironmentsDataSource,
	NewRoleDataSource,
	NewRolePrincipalsDataSource,
	NewRolesDataSource,
	NewSystemPoliciesDataSource,
	NewUserDataSource,
	NewUserGroupDataSource,
	NewUserGroupsDataSource,
	NewUsersDataSource,
}

var ephemeralConstructors = []func() ephemeral.EphemeralResource{
	NewAccessKeyEphemeralResource,
}

var functionConstructors = []func() function.Function{
	NewValidateCedarFunction,
}

var listConstructors = []func() list.ListResource{
	NewAccessKeyListResource,
	NewCustomPolicyListResource,
	NewPrincipalRolesListResource,
	NewProductEnvironmentListResource,
	NewRoleAssignmentListResource,
	NewRoleListResource,
	NewUserGroupMembersListResource,
	NewUserGroupMembershipListResource,
	NewUserGroupListResource,
	NewUserListResource,
}
