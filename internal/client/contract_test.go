package client_test

import (
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/contract"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
)

// TestContract_AllOperationsAgainstEmulator drives every operation of
// Cloudinary's OpenAPI document through the client's typed methods against a
// fresh emulator, with every request and response held to the document by
// the contract validator. A violation means the client or the emulator
// disagrees with the document: fix that side, never the validator.
func TestContract_AllOperationsAgainstEmulator(t *testing.T) {
	v, err := contract.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if v == nil {
		t.Skipf("%s is not set: it names Cloudinary's OpenAPI document (CI and the GNUmakefile set it)", contract.SpecEnv)
	}
	srv := emulatortest.Start(t)
	newClient := func(secret string) *client.Client {
		t.Helper()
		c, err := client.New(client.Config{
			AccountID:    srv.AccountID,
			APIKey:       srv.APIKey,
			APISecret:    secret,
			BaseURL:      srv.URL,
			Transport:    v.Transport(nil),
			MaxRetries:   2,
			RetryWaitMin: time.Millisecond,
			RetryWaitMax: 5 * time.Millisecond,
		})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := newClient(srv.APISecret)
	ctx := t.Context()

	// must fails the test at once on an unexpected error: later steps
	// depend on the objects earlier ones created.
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	// wantStatus checks an expected error response; its body has already
	// been validated against the document by the transport.
	wantStatus := func(step string, err error, status int) {
		t.Helper()
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) {
			t.Errorf("%s: want a %d APIError, got %v", step, status, err)
			return
		}
		if apiErr.StatusCode != status {
			t.Errorf("%s: status %d, want %d (%v)", step, apiErr.StatusCode, status, err)
		}
		if apiErr.Message == "" {
			t.Errorf("%s: error without message: %+v", step, apiErr)
		}
	}

	// ---- Public endpoints (no auth needed).
	cat, err := c.GetSystemRolesAndPoliciesCatalog(ctx)
	must("getSystemRolesAndPoliciesCatalog", err)
	if len(cat.Catalog) == 0 {
		t.Error("empty catalog")
	}
	const validStmt = `permit(principal, action == Cloudinary::Action::"read", resource is Cloudinary::Folder);`
	val, err := c.ValidateCedarPolicy(ctx, client.ValidateCedarPolicyRequest{Policy: validStmt})
	must("validateCedarPolicy valid", err)
	if !val.Valid {
		t.Errorf("valid statement judged invalid: %+v", val)
	}
	val, err = c.ValidateCedarPolicy(ctx, client.ValidateCedarPolicyRequest{Policy: "permit(principal, action, resource) when {"})
	must("validateCedarPolicy invalid", err)
	if val.Valid || len(val.Errors) == 0 {
		t.Errorf("invalid statement judged valid: %+v", val)
	}
	schema, err := c.GetCedarSchema(ctx)
	must("getCedarSchema", err)
	if len(schema.Schema) == 0 {
		t.Error("empty Cedar schema")
	}

	// ---- Authentication failure, on both API halves (both error shapes).
	bad := newClient("wrong-secret")
	_, err = bad.GetUsers(ctx, nil)
	wantStatus("getUsers with wrong credentials", err, http.StatusUnauthorized)
	_, err = bad.GetRoles(ctx, client.GetRolesOptions{PermissionType: client.PermissionTypeGlobal})
	wantStatus("getRoles with wrong credentials", err, http.StatusUnauthorized)

	// ---- Product environments.
	env, err := c.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{
		Name: "Contract Production", CloudName: client.Ptr("contract-prod"),
		CustomAttributes: map[string]any{"team": "media"},
	})
	must("createProductEnvironment", err)
	env2, err := c.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{
		Name: "Contract Staging", CloudName: client.Ptr("contract-staging"), BaseSubAccountID: client.Ptr(env.ID),
	})
	must("createProductEnvironment (base)", err)
	_, err = c.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: "Dup", CloudName: client.Ptr("contract-prod")})
	wantStatus("createProductEnvironment duplicate cloud_name", err, http.StatusConflict)

	envs, err := c.GetProductEnvironments(ctx, nil)
	must("getProductEnvironments", err)
	if len(envs) < 2 {
		t.Errorf("getProductEnvironments: %d environments", len(envs))
	}
	envs, err = c.GetProductEnvironments(ctx, &client.ProductEnvironmentListOptions{
		Enabled: client.Ptr(true), CloudNames: []string{"contract-prod", "contract-staging"}, Prefix: client.Ptr("contract"),
	})
	must("getProductEnvironments filtered", err)
	if len(envs) != 2 {
		t.Errorf("getProductEnvironments filtered: %+v", envs)
	}
	envs, err = c.GetProductEnvironments(ctx, &client.ProductEnvironmentListOptions{IDs: []string{env.ID}})
	must("getProductEnvironments by ids", err)
	if len(envs) != 1 || envs[0].ID != env.ID {
		t.Errorf("getProductEnvironments by ids: %+v", envs)
	}
	got, err := c.GetProductEnvironment(ctx, env.ID)
	must("getProductEnvironment", err)
	if got.CloudName != "contract-prod" {
		t.Errorf("getProductEnvironment: %+v", got)
	}
	_, err = c.GetProductEnvironment(ctx, "no-such-environment")
	wantStatus("getProductEnvironment unknown", err, http.StatusNotFound)
	upd, err := c.UpdateProductEnvironment(ctx, env2.ID, client.ProductEnvironmentUpdateRequest{
		Name: client.Ptr("Contract Staging 2"), CustomAttributes: map[string]any{}, Enabled: client.Ptr(false),
	})
	must("updateProductEnvironment", err)
	if upd.Name != "Contract Staging 2" {
		t.Errorf("updateProductEnvironment: %+v", upd)
	}
	_, err = c.UpdateProductEnvironment(ctx, env2.ID, client.ProductEnvironmentUpdateRequest{CloudName: client.Ptr("contract-prod")})
	wantStatus("updateProductEnvironment duplicate cloud_name", err, http.StatusConflict)

	// ---- Access keys.
	key1, err := c.GenerateAccessKey(ctx, env.ID, client.AccessKeyCreateRequest{Name: client.Ptr("ci"), Enabled: client.Ptr(true)})
	must("generateAccessKey", err)
	if key1.APIKey == "" || key1.APISecret == "" {
		t.Errorf("generateAccessKey: %+v", key1)
	}
	key2, err := c.GenerateAccessKey(ctx, env.ID, client.AccessKeyCreateRequest{Name: client.Ptr("webhooks")})
	must("generateAccessKey 2", err)
	keys, err := c.GetAccessKeys(ctx, env.ID, &client.AccessKeyListOptions{
		PageSize: client.Ptr(10), Page: client.Ptr(1), SortBy: client.Ptr("name"), SortOrder: client.Ptr("asc"),
	})
	must("getAccessKeys", err)
	if len(keys.AccessKeys) < 2 {
		t.Errorf("getAccessKeys: %+v", keys)
	}
	all, err := c.ListAllAccessKeys(ctx, env.ID, nil)
	must("getAccessKeys (all)", err)
	if len(all) < 2 {
		t.Errorf("ListAllAccessKeys: %d keys", len(all))
	}
	_, err = c.GetAccessKeys(ctx, "no-such-environment", nil)
	wantStatus("getAccessKeys unknown environment", err, http.StatusNotFound)
	k, err := c.UpdateAccessKey(ctx, env.ID, key2.APIKey, client.AccessKeyUpdateRequest{
		Name: client.Ptr("webhooks-2"), Enabled: client.Ptr(false), DedicatedFor: client.Ptr(client.AccessKeyDedicatedForWebhooks),
	})
	must("updateAccessKey", err)
	if k.Name != "webhooks-2" {
		t.Errorf("updateAccessKey: %+v", k)
	}
	_, err = c.UpdateAccessKey(ctx, env.ID, "no-such-key", client.AccessKeyUpdateRequest{Name: client.Ptr("x")})
	wantStatus("updateAccessKey unknown", err, http.StatusNotFound)

	// ---- Users.
	user, err := c.CreateUser(ctx, client.UserCreateRequest{
		Name: "Ada Lovelace", Email: "ada@example.com", Role: client.Ptr(client.UserRoleTechnicalAdmin),
		SubAccountIDs: []string{env.ID}, Enabled: client.Ptr(true),
	})
	must("createUser", err)
	user2, err := c.CreateUser(ctx, client.UserCreateRequest{Name: "Grace Hopper", Email: "grace@example.com", Role: client.Ptr(client.UserRoleAdmin)})
	must("createUser 2", err)
	_, err = c.CreateUser(ctx, client.UserCreateRequest{Name: "Ada Again", Email: "ada@example.com"})
	wantStatus("createUser duplicate email", err, http.StatusConflict)

	users, err := c.GetUsers(ctx, nil)
	must("getUsers", err)
	if len(users) < 2 {
		t.Errorf("getUsers: %d users", len(users))
	}
	users, err = c.GetUsers(ctx, &client.UserListOptions{SubAccountID: client.Ptr(env.ID)})
	must("getUsers by sub_account_id", err)
	if !slices.ContainsFunc(users, func(u client.User) bool { return u.ID == user.ID }) {
		t.Errorf("getUsers by sub_account_id lacks %s: %+v", user.ID, users)
	}
	users, err = c.GetUsers(ctx, &client.UserListOptions{IDs: []string{user.ID, user2.ID}, Emails: []string{"ada@example.com"}})
	must("getUsers by ids and emails", err)
	if len(users) == 0 {
		t.Error("getUsers by ids and emails: none")
	}
	_, err = c.GetUsers(ctx, &client.UserListOptions{
		Pending: client.Ptr(false), Prefix: client.Ptr("ada"), LastLogin: client.Ptr(false),
		From: client.Ptr("2020-01-01"), To: client.Ptr("2030-12-31"), UnionType: client.Ptr("include"),
		SortBy: client.Ptr("name"), SortOrder: client.Ptr("asc"), Page: client.Ptr(1), PageSize: client.Ptr(10),
	})
	must("getUsers with every filter", err)
	_, err = c.ListAllUsers(ctx, &client.UserListOptions{Prefix: client.Ptr("g")})
	must("getUsers (all pages)", err)
	u, err := c.GetUser(ctx, user.ID)
	must("getUser", err)
	if u.Email != "ada@example.com" {
		t.Errorf("getUser: %+v", u)
	}
	_, err = c.GetUser(ctx, "no-such-user")
	wantStatus("getUser unknown", err, http.StatusNotFound)
	u, err = c.UpdateUser(ctx, user.ID, client.UserUpdateRequest{
		Name: client.Ptr("Ada King"), Role: client.Ptr(client.UserRoleMediaLibraryUser),
		SubAccountIDs: []string{env.ID, env2.ID}, Enabled: client.Ptr(true),
	})
	must("updateUser", err)
	if u.Name != "Ada King" {
		t.Errorf("updateUser: %+v", u)
	}
	_, err = c.UpdateUser(ctx, user2.ID, client.UserUpdateRequest{Email: client.Ptr("ada@example.com")})
	wantStatus("updateUser duplicate email", err, http.StatusConflict)
	subs, err := c.GetSubAccountsForUser(ctx, user.ID)
	must("getSubAccountsForUser", err)
	if len(subs) != 2 {
		t.Errorf("getSubAccountsForUser: %+v", subs)
	}

	// ---- User groups.
	group, err := c.CreateUserGroup(ctx, client.UserGroupRequest{Name: "Editors"})
	must("createUserGroup", err)
	_, err = c.CreateUserGroup(ctx, client.UserGroupRequest{Name: "Editors"})
	wantStatus("createUserGroup duplicate name", err, http.StatusConflict)
	groups, err := c.GetUserGroups(ctx, nil)
	must("getUserGroups", err)
	if len(groups) != 1 {
		t.Errorf("getUserGroups: %+v", groups)
	}
	g, err := c.GetUserGroup(ctx, group.ID, nil)
	must("getUserGroup", err)
	if g.Name != "Editors" {
		t.Errorf("getUserGroup: %+v", g)
	}
	_, err = c.GetUserGroup(ctx, "no-such-group", nil)
	wantStatus("getUserGroup unknown", err, http.StatusNotFound)
	g, err = c.UpdateUserGroup(ctx, group.ID, client.UserGroupRequest{Name: "Senior Editors", ExtendedDetails: client.Ptr(true)})
	must("updateUserGroup", err)
	if g.Name != "Senior Editors" {
		t.Errorf("updateUserGroup: %+v", g)
	}
	_, err = c.AddUserToUserGroup(ctx, group.ID, user.ID)
	must("addUserToUserGroup", err)
	_, err = c.AddUserToUserGroup(ctx, group.ID, user2.ID)
	must("addUserToUserGroup 2", err)
	_, err = c.AddUserToUserGroup(ctx, group.ID, "no-such-user")
	wantStatus("addUserToUserGroup unknown user", err, http.StatusNotFound)
	members, err := c.GetUsersInUserGroup(ctx, group.ID)
	must("getUsersInUserGroup", err)
	if len(members) != 2 {
		t.Errorf("getUsersInUserGroup: %+v", members)
	}
	groups, err = c.GetUserGroups(ctx, &client.UserGroupOptions{ExtendedDetails: client.Ptr(true)})
	must("getUserGroups extended", err)
	if len(groups) != 1 || len(groups[0].Users) != 2 {
		t.Errorf("getUserGroups extended: %+v", groups)
	}
	g, err = c.GetUserGroup(ctx, group.ID, &client.UserGroupOptions{ExtendedDetails: client.Ptr(true)})
	must("getUserGroup extended", err)
	if len(g.Users) != 2 {
		t.Errorf("getUserGroup extended: %+v", g)
	}
	ofUser, err := c.GetGroupsForUser(ctx, user.ID)
	must("getGroupsForUser", err)
	if len(ofUser) != 1 || ofUser[0].ID != group.ID {
		t.Errorf("getGroupsForUser: %+v", ofUser)
	}
	left, err := c.RemoveUserFromUserGroup(ctx, group.ID, user2.ID)
	must("removeUserFromUserGroup", err)
	if len(left) != 1 || left[0].ID != user.ID {
		t.Errorf("removeUserFromUserGroup: remaining %+v", left)
	}

	// ---- Billing usage.
	usage, err := c.GetBillingUsage(ctx, nil)
	must("getBillingUsage", err)
	if len(usage) == 0 {
		t.Error("getBillingUsage: no plan")
	}
	_, err = c.GetBillingUsage(ctx, &client.BillingUsageOptions{Year: client.Ptr(time.Now().UTC().Year()), IncludeProdenvBreakdown: client.Ptr(true)})
	must("getBillingUsage with breakdown", err)

	// ---- System policies.
	sys, err := c.GetSystemPolicies(ctx, nil)
	must("getSystemPolicies", err)
	if len(sys.Data) == 0 {
		t.Error("getSystemPolicies: none")
	}
	contentPolicies, err := c.ListAllSystemPolicies(ctx, &client.GetSystemPoliciesOptions{
		ScopeType: client.Ptr(client.ScopeTypeProdenv), PermissionType: client.Ptr(client.PermissionTypeContent),
	})
	must("getSystemPolicies content", err)
	var folderPolicies []string
	for _, p := range contentPolicies {
		if slices.Equal(p.PolicyParameters, []string{"folder_id"}) {
			folderPolicies = append(folderPolicies, p.ID)
		}
	}
	if len(folderPolicies) == 0 {
		t.Fatalf("no folder content policy among %+v", contentPolicies)
	}
	envPolicies, err := c.ListAllSystemPolicies(ctx, &client.GetSystemPoliciesOptions{
		ScopeType: client.Ptr(client.ScopeTypeProdenv), PermissionType: client.Ptr(client.PermissionTypeGlobal),
	})
	must("getSystemPolicies prodenv global", err)
	if len(envPolicies) < 2 {
		t.Fatalf("getSystemPolicies prodenv global: %+v", envPolicies)
	}
	envPolicyIDs := []string{envPolicies[0].ID, envPolicies[1].ID}

	// ---- Custom policies.
	pol, err := c.CreateCustomPolicy(ctx, client.CreateCustomPolicyRequest{
		Name: "Read folders", Description: client.Ptr("read every folder"), PolicyStatement: validStmt,
		ScopeType: client.ScopeTypeProdenv, ScopeID: client.Ptr(env.ID), Enabled: client.Ptr(true),
	})
	must("createCustomPolicy", err)
	acctPol, err := c.CreateCustomPolicy(ctx, client.CreateCustomPolicyRequest{
		Name:            "Account reports",
		PolicyStatement: `permit(principal, action == Cloudinary::Action::"read", resource is Cloudinary::Report);`,
		ScopeType:       client.ScopeTypeAccount,
	})
	must("createCustomPolicy account", err)
	_, err = c.CreateCustomPolicy(ctx, client.CreateCustomPolicyRequest{
		Name: "Broken", PolicyStatement: "permit(principal, action, resource) when {", ScopeType: client.ScopeTypeAccount,
	})
	wantStatus("createCustomPolicy invalid Cedar", err, http.StatusBadRequest)
	pols, err := c.GetCustomPolicies(ctx, nil)
	must("getCustomPolicies", err)
	if !slices.ContainsFunc(pols.Data, func(p client.CustomPolicy) bool { return p.ID == acctPol.ID }) {
		t.Errorf("getCustomPolicies lacks %s: %+v", acctPol.ID, pols)
	}
	envPols, err := c.ListAllCustomPolicies(ctx, &client.GetCustomPoliciesOptions{
		ScopeType: client.Ptr(client.ScopeTypeProdenv), ScopeID: client.Ptr(env.ID), Enabled: client.Ptr(true),
	})
	must("getCustomPolicies prodenv", err)
	if len(envPols) != 1 || envPols[0].ID != pol.ID {
		t.Errorf("getCustomPolicies prodenv: %+v", envPols)
	}
	p, err := c.GetCustomPolicy(ctx, pol.ID)
	must("getCustomPolicy", err)
	if p.Name != "Read folders" {
		t.Errorf("getCustomPolicy: %+v", p)
	}
	_, err = c.GetCustomPolicy(ctx, "no-such-policy")
	wantStatus("getCustomPolicy unknown", err, http.StatusNotFound)
	p, err = c.UpdateCustomPolicy(ctx, pol.ID, client.UpdateCustomPolicyRequest{
		Name: "Read all folders", Description: nil,
		PolicyStatement: `permit(principal, action == Cloudinary::Action::"read", resource is Cloudinary::Asset);`,
		ScopeType:       client.ScopeTypeProdenv, ScopeID: client.Ptr(client.ScopeIDAll), Enabled: false,
	})
	must("updateCustomPolicy", err)
	if p.Name != "Read all folders" || p.Enabled {
		t.Errorf("updateCustomPolicy: %+v", p)
	}
	_, err = c.UpdateCustomPolicy(ctx, acctPol.ID, client.UpdateCustomPolicyRequest{
		Name: "Broken", PolicyStatement: "forbid(", ScopeType: client.ScopeTypeAccount, Enabled: true,
	})
	wantStatus("updateCustomPolicy invalid Cedar", err, http.StatusBadRequest)

	// ---- Roles.
	sysRoles, err := c.GetRoles(ctx, client.GetRolesOptions{
		PermissionType: client.PermissionTypeGlobal, ScopeType: client.Ptr(client.ScopeTypeAccount),
		ManagementType: client.Ptr(client.ManagementTypeSystem),
	})
	must("getRoles", err)
	if len(sysRoles) == 0 {
		t.Error("getRoles: no system roles")
	}
	_, err = c.GetRoles(ctx, client.GetRolesOptions{
		PermissionType: client.PermissionTypeContent, ScopeType: client.Ptr(client.ScopeTypeProdenv),
		PolicyParameters: []string{"folder_id"},
	})
	must("getRoles content", err)
	role, err := c.CreateRole(ctx, client.CreateRoleRequest{
		ID: client.Ptr("contract-env-role"), Name: "Environment reader", Description: client.Ptr("reads"),
		PermissionType: client.PermissionTypeGlobal, ScopeType: client.ScopeTypeProdenv,
		SystemPolicyIDs: envPolicyIDs[:1],
	})
	must("createRole", err)
	_, err = c.CreateRole(ctx, client.CreateRoleRequest{
		ID: client.Ptr("contract-env-role"), Name: "Duplicate",
		PermissionType: client.PermissionTypeGlobal, ScopeType: client.ScopeTypeProdenv,
		SystemPolicyIDs: envPolicyIDs[:1],
	})
	wantStatus("createRole duplicate id", err, http.StatusConflict)
	folderRole, err := c.CreateRole(ctx, client.CreateRoleRequest{
		Name: "Folder reader", PermissionType: client.PermissionTypeContent, ScopeType: client.ScopeTypeProdenv,
		SystemPolicyIDs: folderPolicies[:1],
	})
	must("createRole content", err)
	r, err := c.GetRole(ctx, role.ID, nil)
	must("getRole", err)
	if !slices.Equal(r.SystemPolicyIDs(), envPolicyIDs[:1]) {
		t.Errorf("getRole policies %v, want %v", r.SystemPolicyIDs(), envPolicyIDs[:1])
	}
	_, err = c.GetRole(ctx, folderRole.ID, &client.GetRoleOptions{ContentFilter: client.ContentFilter{FolderID: client.Ptr("folder-1")}})
	must("getRole with content filter", err)
	_, err = c.GetRole(ctx, "no-such-role", nil)
	wantStatus("getRole unknown", err, http.StatusNotFound)
	r, err = c.UpdateRole(ctx, role.ID, client.UpdateRoleRequest{Name: "Environment reader 2", SystemPolicyIDs: envPolicyIDs})
	must("updateRole", err)
	if r.Name != "Environment reader 2" || len(r.SystemPolicyIDs()) != 2 {
		t.Errorf("updateRole: %+v", r)
	}
	_, err = c.UpdateRole(ctx, "cld::role::account::admin", client.UpdateRoleRequest{Name: "Mine now"})
	if err == nil {
		t.Error("updateRole of a system role succeeded")
	}

	// ---- Principal roles.
	userP := client.Principal{Type: client.PrincipalTypeUser, ID: user.ID}
	groupP := client.Principal{Type: client.PrincipalTypeGroup, ID: group.ID}
	must("updatePrincipalRoles add", c.UpdatePrincipalRoles(ctx, client.UpdatePrincipalRolesRequest{
		Operation: client.OperationAdd, Principal: userP,
		Roles: []client.RoleToManage{
			{ID: role.ID, ScopeID: client.Ptr(env.ID)},
			{ID: folderRole.ID, ScopeID: client.Ptr(env.ID), PolicyParameters: client.PolicyParameters{"folder_id": "folder-1"}},
		},
	}))
	err = c.UpdatePrincipalRoles(ctx, client.UpdatePrincipalRolesRequest{
		Operation: client.OperationAdd, Principal: client.Principal{Type: client.PrincipalTypeUser, ID: "no-such-user"},
		Roles: []client.RoleToManage{{ID: role.ID, ScopeID: client.Ptr(env.ID)}},
	})
	wantStatus("updatePrincipalRoles unknown principal", err, http.StatusNotFound)
	assigned, err := c.GetPrincipalRoles(ctx, client.GetPrincipalRolesOptions{
		PrincipalType: client.PrincipalTypeUser, PrincipalID: user.ID, PermissionType: client.PermissionTypeGlobal,
	})
	must("getPrincipalRoles", err)
	if len(assigned) != 1 || assigned[0].ID != role.ID {
		t.Errorf("getPrincipalRoles: %+v", assigned)
	}
	assigned, err = c.GetPrincipalRoles(ctx, client.GetPrincipalRolesOptions{
		PrincipalType: client.PrincipalTypeUser, PrincipalID: user.ID, PermissionType: client.PermissionTypeContent,
		ManagementType: client.Ptr(client.ManagementTypeCustom), ScopeType: client.Ptr(client.ScopeTypeProdenv),
		ScopeID: client.Ptr(env.ID), ContentFilter: client.ContentFilter{FolderID: client.Ptr("folder-1")},
	})
	must("getPrincipalRoles content", err)
	if len(assigned) != 1 || assigned[0].PolicyParameters["folder_id"] != "folder-1" {
		t.Errorf("getPrincipalRoles content: %+v", assigned)
	}
	insp, err := c.Inspect(ctx, client.InspectOptions{ScopeType: client.ScopeTypeProdenv, ScopeID: client.Ptr(env.ID)})
	must("inspect", err)
	if !slices.ContainsFunc(insp.Principals, func(ip client.InspectedPrincipal) bool { return ip.ID == user.ID }) {
		t.Errorf("inspect lacks %s: %+v", user.ID, insp)
	}
	_, err = c.InspectAll(ctx, client.InspectOptions{
		ScopeType: client.ScopeTypeProdenv, PrincipalType: client.Ptr(client.PrincipalTypeUser), PrincipalID: client.Ptr(user.ID),
	})
	must("inspect (all)", err)
	multi, err := c.InspectMultiple(ctx, client.InspectMultipleRequest{
		ScopeType: client.ScopeTypeProdenv, ScopeID: client.Ptr(env.ID), Principals: []client.Principal{userP, groupP},
	})
	must("inspectMultiple", err)
	if len(multi.Principals) == 0 {
		t.Errorf("inspectMultiple: %+v", multi)
	}
	_, err = c.InspectMultipleAll(ctx, client.InspectMultipleRequest{
		ScopeType: client.ScopeTypeProdenv, Principals: []client.Principal{userP},
		PolicyParameters: client.PolicyParameters{"folder_id": "folder-1"},
	})
	must("inspectMultiple (all)", err)
	must("updateRolePrincipals add", c.UpdateRolePrincipals(ctx, role.ID, client.UpdateRolePrincipalsRequest{
		Operation: client.OperationAdd,
		Principals: []client.RolePrincipalUpdate{
			{PrincipalType: client.PrincipalTypeGroup, PrincipalID: group.ID, ScopeID: client.Ptr(env.ID)},
			{PrincipalType: client.PrincipalTypeAPIKey, PrincipalID: key1.APIKey, ScopeID: client.Ptr(env.ID)},
		},
	}))
	holders, err := c.GetRolePrincipals(ctx, role.ID, nil)
	must("getRolePrincipals", err)
	if len(holders) != 3 {
		t.Errorf("getRolePrincipals: %+v", holders)
	}
	holders, err = c.GetRolePrincipals(ctx, folderRole.ID, &client.GetRolePrincipalsOptions{
		ScopeType: client.Ptr(client.ScopeTypeProdenv), ScopeID: client.Ptr(env.ID), Verbose: client.Ptr(true),
		ContentFilter: client.ContentFilter{FolderID: client.Ptr("folder-1")},
	})
	must("getRolePrincipals verbose", err)
	if len(holders) != 1 || holders[0].ID != user.ID {
		t.Errorf("getRolePrincipals verbose: %+v", holders)
	}
	must("updateRolePrincipals remove", c.UpdateRolePrincipals(ctx, role.ID, client.UpdateRolePrincipalsRequest{
		Operation:  client.OperationRemove,
		Principals: []client.RolePrincipalUpdate{{PrincipalType: client.PrincipalTypeAPIKey, PrincipalID: key1.APIKey}},
	}))
	eff, err := c.GetEffectivePolicies(ctx, &client.GetEffectivePoliciesOptions{
		ScopeType: client.Ptr(client.ScopeTypeProdenv), ScopeID: client.Ptr(env.ID),
		PrincipalType: client.Ptr(client.PrincipalTypeUser), PrincipalID: client.Ptr(user.ID),
	})
	must("getEffectivePolicies", err)
	if len(eff.Principals) == 0 {
		t.Errorf("getEffectivePolicies: %+v", eff)
	}
	_, err = c.GetEffectivePolicies(ctx, nil)
	must("getEffectivePolicies unfiltered", err)
	_, err = c.GetRolePrincipals(ctx, "no-such-role", nil)
	wantStatus("getRolePrincipals unknown role", err, http.StatusNotFound)

	// ---- More error answers the client can provoke, each validated.
	_, err = bad.GetSystemRolesAndPoliciesCatalog(ctx)
	must("getSystemRolesAndPoliciesCatalog ignores credentials", err)
	_, err = c.GenerateAccessKey(ctx, "no-such-environment", client.AccessKeyCreateRequest{Name: client.Ptr("x")})
	wantStatus("generateAccessKey unknown environment", err, http.StatusNotFound)
	_, err = c.UpdateProductEnvironment(ctx, "no-such-environment", client.ProductEnvironmentUpdateRequest{Name: client.Ptr("x")})
	wantStatus("updateProductEnvironment unknown", err, http.StatusNotFound)
	_, err = c.UpdateUser(ctx, "no-such-user", client.UserUpdateRequest{Name: client.Ptr("x")})
	wantStatus("updateUser unknown", err, http.StatusNotFound)
	_, err = c.GetSubAccountsForUser(ctx, "no-such-user")
	wantStatus("getSubAccountsForUser unknown", err, http.StatusNotFound)
	_, err = c.GetGroupsForUser(ctx, "no-such-user")
	wantStatus("getGroupsForUser unknown", err, http.StatusNotFound)
	_, err = c.UpdateUserGroup(ctx, "no-such-group", client.UserGroupRequest{Name: "x"})
	wantStatus("updateUserGroup unknown", err, http.StatusNotFound)
	_, err = c.GetUsersInUserGroup(ctx, "no-such-group")
	wantStatus("getUsersInUserGroup unknown", err, http.StatusNotFound)
	_, err = c.RemoveUserFromUserGroup(ctx, "no-such-group", user.ID)
	wantStatus("removeUserFromUserGroup unknown group", err, http.StatusNotFound)
	_, err = c.CreateCustomPolicy(ctx, client.CreateCustomPolicyRequest{
		Name: "Copy", PolicyStatement: `permit(principal, action == Cloudinary::Action::"read", resource is Cloudinary::Report);`,
		ScopeType: client.ScopeTypeAccount,
	})
	wantStatus("createCustomPolicy duplicate statement", err, http.StatusConflict)
	_, err = c.UpdateCustomPolicy(ctx, "no-such-policy", client.UpdateCustomPolicyRequest{
		Name: "x", PolicyStatement: validStmt, ScopeType: client.ScopeTypeAccount, Enabled: true,
	})
	wantStatus("updateCustomPolicy unknown", err, http.StatusNotFound)
	_, err = c.UpdateRole(ctx, "no-such-role", client.UpdateRoleRequest{Name: "x", SystemPolicyIDs: envPolicyIDs[:1]})
	wantStatus("updateRole unknown", err, http.StatusNotFound)
	err = c.DeleteRole(ctx, "cld::role::account::admin", nil)
	wantStatus("deleteRole system role", err, http.StatusForbidden)
	_, err = c.GetPrincipalRoles(ctx, client.GetPrincipalRolesOptions{
		PrincipalType: client.PrincipalTypeUser, PrincipalID: "no-such-user", PermissionType: client.PermissionTypeGlobal,
	})
	wantStatus("getPrincipalRoles unknown principal", err, http.StatusNotFound)
	_, err = c.Inspect(ctx, client.InspectOptions{ScopeType: client.ScopeTypeProdenv, ScopeID: client.Ptr("no-such-environment")})
	wantStatus("inspect unknown scope", err, http.StatusNotFound)
	_, err = c.InspectMultiple(ctx, client.InspectMultipleRequest{
		ScopeType: client.ScopeTypeProdenv, ScopeID: client.Ptr("no-such-environment"), Principals: []client.Principal{userP},
	})
	wantStatus("inspectMultiple unknown scope", err, http.StatusNotFound)
	err = c.UpdateRolePrincipals(ctx, "no-such-role", client.UpdateRolePrincipalsRequest{
		Operation:  client.OperationAdd,
		Principals: []client.RolePrincipalUpdate{{PrincipalType: client.PrincipalTypeUser, PrincipalID: user.ID}},
	})
	wantStatus("updateRolePrincipals unknown role", err, http.StatusNotFound)
	_, err = c.GetEffectivePolicies(ctx, &client.GetEffectivePoliciesOptions{
		PrincipalType: client.Ptr(client.PrincipalTypeUser), PrincipalID: client.Ptr("no-such-user"),
	})
	wantStatus("getEffectivePolicies unknown principal", err, http.StatusNotFound)

	// ---- Deletes, then 404s for what is gone.
	must("updatePrincipalRoles remove", c.UpdatePrincipalRoles(ctx, client.UpdatePrincipalRolesRequest{
		Operation: client.OperationRemove, Principal: userP, Roles: []client.RoleToManage{{ID: folderRole.ID}},
	}))
	err = c.DeleteRole(ctx, role.ID, nil)
	// deleteRole documents no 409: a held role is "not allowed" (403).
	wantStatus("deleteRole held without force", err, http.StatusForbidden)
	must("deleteRole force", c.DeleteRole(ctx, role.ID, &client.DeleteRoleOptions{Force: client.Ptr(true)}))
	must("deleteRole", c.DeleteRole(ctx, folderRole.ID, &client.DeleteRoleOptions{Force: client.Ptr(false)}))
	err = c.DeleteRole(ctx, role.ID, nil)
	wantStatus("deleteRole gone", err, http.StatusNotFound)
	must("deleteCustomPolicy", c.DeleteCustomPolicy(ctx, pol.ID))
	must("deleteCustomPolicy account", c.DeleteCustomPolicy(ctx, acctPol.ID))
	err = c.DeleteCustomPolicy(ctx, pol.ID)
	wantStatus("deleteCustomPolicy gone", err, http.StatusNotFound)
	must("deleteAccessKey", c.DeleteAccessKey(ctx, env.ID, key1.APIKey))
	must("deleteAccessKeyByName", c.DeleteAccessKeyByName(ctx, env.ID, "webhooks-2"))
	err = c.DeleteAccessKey(ctx, env.ID, key1.APIKey)
	wantStatus("deleteAccessKey gone", err, http.StatusNotFound)
	err = c.DeleteAccessKeyByName(ctx, env.ID, "webhooks-2")
	wantStatus("deleteAccessKeyByName gone", err, http.StatusNotFound)
	must("deleteUserGroup", c.DeleteUserGroup(ctx, group.ID))
	err = c.DeleteUserGroup(ctx, group.ID)
	wantStatus("deleteUserGroup gone", err, http.StatusNotFound)
	must("deleteUser", c.DeleteUser(ctx, user.ID))
	must("deleteUser 2", c.DeleteUser(ctx, user2.ID))
	err = c.DeleteUser(ctx, user.ID)
	wantStatus("deleteUser gone", err, http.StatusNotFound)
	must("deleteProductEnvironment", c.DeleteProductEnvironment(ctx, env2.ID))
	must("deleteProductEnvironment 2", c.DeleteProductEnvironment(ctx, env.ID))
	err = c.DeleteProductEnvironment(ctx, env.ID)
	wantStatus("deleteProductEnvironment gone", err, http.StatusNotFound)

	// ---- The contract: every operation exercised, no violation.
	seen := v.Seen()
	ops := v.Operations()
	if len(ops) != 47 {
		t.Errorf("the document has %d operations, this test was written for 47", len(ops))
	}
	var missing []string
	for _, op := range ops {
		if seen[op] == 0 {
			missing = append(missing, op)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d of %d operations never exercised: %v", len(missing), len(ops), missing)
	}
	for _, viol := range v.Violations() {
		t.Errorf("contract violation: %s", viol)
	}
	// The emulator shows every documented deviation from the document that
	// goes over the wire (FIDELITY.md rows 1-5 and 8), and the client copes
	// with each: the allow-list is not stale.
	rows := map[int]bool{}
	accepted := v.Accepted()
	for _, d := range contract.Deviations {
		if accepted[d.String()] > 0 {
			rows[d.Row] = true
		}
	}
	for _, row := range []int{1, 2, 3, 4, 5, 8} {
		if !rows[row] {
			t.Errorf("no exchange showed the documented deviation of FIDELITY.md row %d (accepted: %v)", row, accepted)
		}
	}
}
