package acctest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/sweep"
)

// guarded is an emulator with two clients: c goes through a guard, as
// every acceptance test's requests do; admin does not, and plays the
// people who made the account's other objects.
type guarded struct {
	srv      *emulatortest.Server
	g        *guard
	c, admin *client.Client
	mu       sync.Mutex
	refusals []string
}

func newGuarded(t *testing.T) *guarded {
	t.Helper()
	srv := emulatortest.Start(t)
	x := &guarded{srv: srv}
	x.g = newGuard(nil, func(msg string) {
		x.mu.Lock()
		x.refusals = append(x.refusals, msg)
		x.mu.Unlock()
	})
	mk := func(rt http.RoundTripper) *client.Client {
		c, err := client.New(client.Config{AccountID: srv.AccountID, APIKey: srv.APIKey, APISecret: srv.APISecret,
			BaseURL: srv.URL, QuietLogs: true, MaxRetries: -1, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond, Transport: rt})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	x.c, x.admin = mk(x.g), mk(nil)
	return x
}

// refused runs f and reports whether the guard refused a request during
// it; when it did, the request did not reach the emulator.
func (x *guarded) refused(t *testing.T, what string, f func(ctx context.Context) error) (msg string) {
	t.Helper()
	x.mu.Lock()
	n := len(x.refusals)
	x.mu.Unlock()
	served := x.srv.Stats().Total
	err := f(t.Context())
	x.mu.Lock()
	defer x.mu.Unlock()
	if len(x.refusals) == n {
		if err != nil {
			t.Fatalf("%s: not refused, but failed: %v", what, err)
		}
		return ""
	}
	if err == nil || !strings.Contains(err.Error(), "acctest: refused") {
		t.Errorf("%s: refused, but the caller saw %v", what, err)
	}
	if got := x.srv.Stats().Total; got != served {
		t.Errorf("%s: refused, yet the emulator served %d requests", what, got-served)
	}
	return x.refusals[len(x.refusals)-1]
}

func (x *guarded) mustRefuse(t *testing.T, what, want string, f func(ctx context.Context) error) {
	t.Helper()
	msg := x.refused(t, what, f)
	if msg == "" {
		t.Errorf("%s: the guard let it through", what)
	} else if !strings.Contains(msg, want) {
		t.Errorf("%s: refusal %q does not say %q", what, msg, want)
	}
}

func (x *guarded) mustAllow(t *testing.T, what string, f func(ctx context.Context) error) {
	t.Helper()
	if msg := x.refused(t, what, f); msg != "" {
		t.Errorf("%s: refused: %s", what, msg)
	}
}

func ptr(s string) *string { return &s }

func TestGuard_createsNeedTestNames(t *testing.T) {
	x := newGuarded(t)
	c := x.c
	var pe *client.ProductEnvironment
	x.mustAllow(t, "a tf-acc- environment", func(ctx context.Context) (err error) {
		pe, err = c.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: "tf-acc-pe-1", CloudName: ptr("tf-acc-pe-1")})
		return err
	})
	prod, err := x.admin.CreateProductEnvironment(t.Context(), client.ProductEnvironmentCreateRequest{Name: "Production"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		what, want string
		f          func(ctx context.Context) error
	}{
		{"an environment name", `name "prod" does not start with tf-acc-`, func(ctx context.Context) error {
			_, err := c.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: "prod"})
			return err
		}},
		{"an environment cloud_name", `cloud_name "demo" does not start with tf-acc-`, func(ctx context.Context) error {
			_, err := c.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: "tf-acc-pe-2", CloudName: ptr("demo")})
			return err
		}},
		{"a look-alike", `name "TF-ACC-x" does not start with tf-acc-`, func(ctx context.Context) error {
			_, err := c.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: "TF-ACC-x"})
			return err
		}},
		{"a user name", `name "Jane" does not start`, func(ctx context.Context) error {
			_, err := c.CreateUser(ctx, client.UserCreateRequest{Name: "Jane", Email: "tf-acc-jane@example.com"})
			return err
		}},
		{"a deliverable email", `email "tf-acc-jane@gmail.com" is not`, func(ctx context.Context) error {
			_, err := c.CreateUser(ctx, client.UserCreateRequest{Name: "tf-acc-jane", Email: "tf-acc-jane@gmail.com"})
			return err
		}},
		{"an email without the prefix", `email "jane@example.com" is not`, func(ctx context.Context) error {
			_, err := c.CreateUser(ctx, client.UserCreateRequest{Name: "tf-acc-jane", Email: "jane@example.com"})
			return err
		}},
		{"a group", `name "platform" does not start`, func(ctx context.Context) error {
			_, err := c.CreateUserGroup(ctx, client.UserGroupRequest{Name: "platform"})
			return err
		}},
		{"a role name", `name "Uploader" does not start`, func(ctx context.Context) error {
			_, err := c.CreateRole(ctx, client.CreateRoleRequest{Name: "Uploader", PermissionType: client.PermissionTypeGlobal, ScopeType: client.ScopeTypeAccount})
			return err
		}},
		{"a role id", `role id "uploader" starts with neither`, func(ctx context.Context) error {
			_, err := c.CreateRole(ctx, client.CreateRoleRequest{ID: ptr("uploader"), Name: "tf-acc-role", PermissionType: client.PermissionTypeGlobal, ScopeType: client.ScopeTypeAccount})
			return err
		}},
		{"a policy", `name "p" does not start`, func(ctx context.Context) error {
			_, err := c.CreateCustomPolicy(ctx, client.CreateCustomPolicyRequest{Name: "p", ScopeType: client.ScopeTypeAccount, PolicyStatement: "permit(principal, action, resource);"})
			return err
		}},
		{"a key in another environment", `name "ci" does not start`, func(ctx context.Context) error {
			_, err := c.GenerateAccessKey(ctx, prod.ID, client.AccessKeyCreateRequest{Name: ptr("ci")})
			return err
		}},
		{"an unnamed key in another environment", `name is missing`, func(ctx context.Context) error {
			_, err := c.GenerateAccessKey(ctx, prod.ID, client.AccessKeyCreateRequest{})
			return err
		}},
	} {
		x.mustRefuse(t, tc.what, tc.want, tc.f)
	}

	for _, tc := range []struct {
		what string
		f    func(ctx context.Context) error
	}{
		{"a user at example.com", func(ctx context.Context) error {
			_, err := c.CreateUser(ctx, client.UserCreateRequest{Name: "tf-acc-u", Email: RandomEmail("tf-acc-u")})
			return err
		}},
		{"a user at .invalid", func(ctx context.Context) error {
			_, err := c.CreateUser(ctx, client.UserCreateRequest{Name: "tf-acc-v", Email: "tf-acc-v@cloudinary.invalid"})
			return err
		}},
		{"a group", func(ctx context.Context) error {
			_, err := c.CreateUserGroup(ctx, client.UserGroupRequest{Name: RandomName("group")})
			return err
		}},
		{"a role with a snake_case id", func(ctx context.Context) error {
			_, err := c.CreateRole(ctx, client.CreateRoleRequest{ID: ptr("tf_acc_role_1"), Name: "tf-acc-role-1", PermissionType: client.PermissionTypeGlobal,
				ScopeType: client.ScopeTypeAccount, SystemPolicyIDs: []string{"cld::policy::global::users_and_groups::view"}})
			return err
		}},
		{"any key in a test environment", func(ctx context.Context) error {
			_, err := c.GenerateAccessKey(ctx, pe.ID, client.AccessKeyCreateRequest{Name: ptr("ci")})
			return err
		}},
		{"a tf-acc- key in another environment", func(ctx context.Context) error {
			_, err := c.GenerateAccessKey(ctx, prod.ID, client.AccessKeyCreateRequest{Name: ptr("tf-acc-key")})
			return err
		}},
		{"reads", func(ctx context.Context) error {
			_, err := c.GetProductEnvironments(ctx, nil)
			return err
		}},
	} {
		x.mustAllow(t, tc.what, tc.f)
	}

	got := x.g.snapshot()
	want := map[string]int{"product_environment": 1, "user": 2, "user_group": 1, "role": 1, "access_key": 2}
	if FormatCounts(got.Created) != FormatCounts(want) {
		t.Errorf("created %s, want %s", FormatCounts(got.Created), FormatCounts(want))
	}
	if got.Total != x.srv.Stats().Total-1 { // admin's environment is not the test's
		t.Errorf("counted %d requests, the emulator served %d, one of them not through the guard", got.Total, x.srv.Stats().Total)
	}
	if got.ByRoute["POST prov:sub_accounts/{}/access_keys"] != 2 {
		t.Errorf("by route: %v", got.ByRoute)
	}
}

// A test may change and delete only its own objects: those it saw
// described with a test name, whether in the answer to its create or in a
// later read (a create whose answer was lost), and the access keys of its
// environments. Everything else in the account is out of reach.
func TestGuard_changesOnlyTheTestsOwnObjects(t *testing.T) {
	x := newGuarded(t)
	ctx, c, admin := t.Context(), x.c, x.admin

	// The account's own objects.
	prod, err := admin.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: "Production"})
	if err != nil {
		t.Fatal(err)
	}
	prodKey, err := admin.GenerateAccessKey(ctx, prod.ID, client.AccessKeyCreateRequest{Name: ptr("deploy")})
	if err != nil {
		t.Fatal(err)
	}
	jane, err := admin.CreateUser(ctx, client.UserCreateRequest{Name: "Jane", Email: "jane@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	// A person's user with a tf-acc- name but a real address is not a test's.
	lookAlike, err := admin.CreateUser(ctx, client.UserCreateRequest{Name: "tf-acc-bob", Email: "bob@company.io"})
	if err != nil {
		t.Fatal(err)
	}
	platform, err := admin.CreateUserGroup(ctx, client.UserGroupRequest{Name: "platform"})
	if err != nil {
		t.Fatal(err)
	}
	release, err := admin.CreateRole(ctx, client.CreateRoleRequest{Name: "Release", PermissionType: client.PermissionTypeGlobal,
		ScopeType: client.ScopeTypeAccount, SystemPolicyIDs: []string{"cld::policy::global::users_and_groups::view"}})
	if err != nil {
		t.Fatal(err)
	}
	policy, err := admin.CreateCustomPolicy(ctx, client.CreateCustomPolicyRequest{Name: "Prod policy", ScopeType: client.ScopeTypeAccount,
		PolicyStatement: `permit(principal == Cloudinary::User::"jane", action == Cloudinary::Action::"read", resource is Cloudinary::Folder) when { resource.ancestor_ids.contains("abc") };`})
	if err != nil {
		t.Fatal(err)
	}
	// A test object whose create answer the test never saw.
	lost, err := admin.CreateUser(ctx, client.UserCreateRequest{Name: "tf-acc-lost", Email: "tf-acc-lost@example.com"})
	if err != nil {
		t.Fatal(err)
	}

	// The test's own objects.
	pe, err := c.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: RandomName("tf-acc-pe")})
	if err != nil {
		t.Fatal(err)
	}
	key, err := c.GenerateAccessKey(ctx, pe.ID, client.AccessKeyCreateRequest{Name: ptr("ci")})
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.CreateUser(ctx, client.UserCreateRequest{Name: RandomName("u"), Email: RandomEmail("u")})
	if err != nil {
		t.Fatal(err)
	}
	g, err := c.CreateUserGroup(ctx, client.UserGroupRequest{Name: RandomName("g")})
	if err != nil {
		t.Fatal(err)
	}

	const notOurs = "is not an object this test created"
	for _, tc := range []struct {
		what, want string
		f          func(ctx context.Context) error
	}{
		{"renaming the account's environment", notOurs, func(ctx context.Context) error {
			_, err := c.UpdateProductEnvironment(ctx, prod.ID, client.ProductEnvironmentUpdateRequest{Name: ptr("tf-acc-mine-now")})
			return err
		}},
		{"deleting the account's environment", notOurs, func(ctx context.Context) error { return c.DeleteProductEnvironment(ctx, prod.ID) }},
		{"deleting its key", notOurs, func(ctx context.Context) error { return c.DeleteAccessKey(ctx, prod.ID, prodKey.APIKey) }},
		{"deleting its key by name", `access key "deploy"`, func(ctx context.Context) error { return c.DeleteAccessKeyByName(ctx, prod.ID, "deploy") }},
		{"disabling its key", notOurs, func(ctx context.Context) error {
			_, err := c.UpdateAccessKey(ctx, prod.ID, prodKey.APIKey, client.AccessKeyUpdateRequest{Enabled: client.Ptr(false)})
			return err
		}},
		{"updating a person", notOurs, func(ctx context.Context) error {
			_, err := c.UpdateUser(ctx, jane.ID, client.UserUpdateRequest{Role: ptr(client.UserRoleBilling)})
			return err
		}},
		{"deleting a person", notOurs, func(ctx context.Context) error { return c.DeleteUser(ctx, jane.ID) }},
		{"deleting a person named tf-acc-", notOurs, func(ctx context.Context) error { return c.DeleteUser(ctx, lookAlike.ID) }},
		{"renaming a test user away from the prefix", `name "Jane" does not start`, func(ctx context.Context) error {
			_, err := c.UpdateUser(ctx, u.ID, client.UserUpdateRequest{Name: ptr("Jane")})
			return err
		}},
		{"adding a person to a test group", notOurs, func(ctx context.Context) error {
			_, err := c.AddUserToUserGroup(ctx, g.ID, jane.ID)
			return err
		}},
		{"adding a test user to the account's group", notOurs, func(ctx context.Context) error {
			_, err := c.AddUserToUserGroup(ctx, platform.ID, u.ID)
			return err
		}},
		{"deleting the account's group", notOurs, func(ctx context.Context) error { return c.DeleteUserGroup(ctx, platform.ID) }},
		{"changing the account's role", notOurs, func(ctx context.Context) error {
			_, err := c.UpdateRole(ctx, release.ID, client.UpdateRoleRequest{Name: "tf-acc-x"})
			return err
		}},
		{"deleting the account's role", notOurs, func(ctx context.Context) error { return c.DeleteRole(ctx, release.ID, nil) }},
		{"giving a person a role", notOurs, func(ctx context.Context) error {
			return c.UpdatePrincipalRoles(ctx, client.UpdatePrincipalRolesRequest{Operation: client.OperationAdd,
				Principal: client.Principal{Type: client.PrincipalTypeUser, ID: jane.ID}, Roles: []client.RoleToManage{{ID: "cld::role::account::billing"}}})
		}},
		{"giving the provisioning key a role", notOurs, func(ctx context.Context) error {
			return c.UpdatePrincipalRoles(ctx, client.UpdatePrincipalRolesRequest{Operation: client.OperationAdd,
				Principal: client.Principal{Type: client.PrincipalTypeProvisioningKey, ID: x.srv.APIKey}, Roles: []client.RoleToManage{{ID: "cld::role::account::billing"}}})
		}},
		{"removing a person from a role", notOurs, func(ctx context.Context) error {
			return c.UpdateRolePrincipals(ctx, "cld::role::account::billing", client.UpdateRolePrincipalsRequest{Operation: client.OperationRemove,
				Principals: []client.RolePrincipalUpdate{{PrincipalType: client.PrincipalTypeUser, PrincipalID: u.ID}, {PrincipalType: client.PrincipalTypeUser, PrincipalID: jane.ID}}})
		}},
		{"deleting the account's policy", notOurs, func(ctx context.Context) error { return c.DeleteCustomPolicy(ctx, policy.ID) }},
		{"deleting a test object never seen", notOurs, func(ctx context.Context) error { return c.DeleteUser(ctx, lost.ID) }},
	} {
		x.mustRefuse(t, tc.what, tc.want, tc.f)
	}

	for _, tc := range []struct {
		what string
		f    func(ctx context.Context) error
	}{
		{"updating a test environment", func(ctx context.Context) error {
			_, err := c.UpdateProductEnvironment(ctx, pe.ID, client.ProductEnvironmentUpdateRequest{Enabled: client.Ptr(false)})
			return err
		}},
		{"disabling any key of a test environment", func(ctx context.Context) error {
			_, err := c.UpdateAccessKey(ctx, pe.ID, key.APIKey, client.AccessKeyUpdateRequest{Enabled: client.Ptr(false), Name: ptr("renamed")})
			return err
		}},
		{"its root key, as listed", func(ctx context.Context) error {
			keys, err := c.ListAllAccessKeys(ctx, pe.ID, nil)
			if err != nil {
				return err
			}
			for _, k := range keys {
				if k.IsRoot() {
					_, err = c.UpdateAccessKey(ctx, pe.ID, k.APIKey, client.AccessKeyUpdateRequest{Enabled: client.Ptr(true)})
				}
			}
			return err
		}},
		{"membership of test objects", func(ctx context.Context) error {
			_, err := c.AddUserToUserGroup(ctx, g.ID, u.ID)
			return err
		}},
		{"giving a test user a role", func(ctx context.Context) error {
			return c.UpdatePrincipalRoles(ctx, client.UpdatePrincipalRolesRequest{Operation: client.OperationAdd,
				Principal: client.Principal{Type: client.PrincipalTypeUser, ID: u.ID}, Roles: []client.RoleToManage{{ID: "cld::role::account::billing"}}})
		}},
		{"giving a test key a role", func(ctx context.Context) error {
			return c.UpdateRolePrincipals(ctx, "cld::role::account::billing", client.UpdateRolePrincipalsRequest{Operation: client.OperationAdd,
				Principals: []client.RolePrincipalUpdate{{PrincipalType: client.PrincipalTypeAPIKey, PrincipalID: key.APIKey}}})
		}},
		{"a test object once a read has shown it", func(ctx context.Context) error {
			if _, err := c.ListAllUsers(ctx, nil); err != nil {
				return err
			}
			return c.DeleteUser(ctx, lost.ID)
		}},
		{"deleting its own objects", func(ctx context.Context) error {
			return errorsJoin(c.DeleteAccessKey(ctx, pe.ID, key.APIKey), c.DeleteUserGroup(ctx, g.ID), c.DeleteUser(ctx, u.ID), c.DeleteProductEnvironment(ctx, pe.ID))
		}},
	} {
		x.mustAllow(t, tc.what, tc.f)
	}

	// Nothing of the account's was touched.
	if _, err := admin.GetProductEnvironment(ctx, prod.ID); err != nil {
		t.Error(err)
	}
	if u, err := admin.GetUser(ctx, jane.ID); err != nil || u.Role == client.UserRoleBilling {
		t.Errorf("jane: %+v, %v", u, err)
	}
	if _, err := admin.GetUser(ctx, lookAlike.ID); err != nil {
		t.Error(err)
	}
}

func errorsJoin(errs ...error) error {
	var msgs []string
	for _, err := range errs {
		if err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("%s", strings.Join(msgs, "; "))
}

// A write the guard has no rule for is refused: a new operation must get
// one before a test can use it.
func TestGuard_unknownWritesAreRefused(t *testing.T) {
	x := newGuarded(t)
	for _, r := range []struct{ method, path string }{
		{http.MethodPost, "/v1_1/provisioning/accounts/a/something_new"},
		{http.MethodPatch, "/v1_1/provisioning/accounts/a/users/u1"},
		{http.MethodDelete, "/v2/accounts/a/permissions/principal_roles"},
	} {
		req, err := http.NewRequestWithContext(t.Context(), r.method, x.srv.URL+r.path, strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := x.g.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s %s: %d, want the guard's 400", r.method, r.path, resp.StatusCode)
		}
	}
	if len(x.refusals) != 3 || !strings.Contains(x.refusals[0], "no rule for this write") {
		t.Errorf("refusals: %q", x.refusals)
	}
	if x.srv.Stats().Total != 0 {
		t.Errorf("the emulator served %d requests", x.srv.Stats().Total)
	}
}

func TestRandomName_alwaysCarriesThePrefix(t *testing.T) {
	for prefix, want := range map[string]string{
		"tf-acc-pe":   "tf-acc-pe-",
		"tf-acc":      "tf-acc-",
		"":            "tf-acc-",
		"key":         "tf-acc-key-",
		"tfacc":       "tf-acc-tfacc-",
		"tf_acc_role": "tf-acc-tf_acc_role-",
		"tf-accx":     "tf-acc-x-",
	} {
		got := RandomName(prefix)
		if !strings.HasPrefix(got, want) || len(got) != len(want)+8 || !sweep.IsTestName(got) {
			t.Errorf("RandomName(%q) = %q, want %s + 8 characters", prefix, got, want)
		}
	}
	if e := RandomEmail("user"); !sweep.IsTestEmail(e) || !strings.HasSuffix(e, "@"+EmailDomain) {
		t.Errorf("RandomEmail = %q", e)
	}
}
