package sweep

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
)

// lookAlikes are names no sweeper may select: close to the prefix, but not
// it.
var lookAlikes = []string{"tf-acc", "tf-acc-", "tf-accx", "tfacc-x", "tf_acc_x", "TF-ACC-x", "Tf-Acc-x", " tf-acc-x", "my-tf-acc-x", "prod tf-acc-x", "production"}

func TestSelect_keepsOnlyTestObjects(t *testing.T) {
	t.Run("product environments: by name, not cloud_name", func(t *testing.T) {
		envs := []client.ProductEnvironment{
			{ID: "1", Name: "tf-acc-pe-1", CloudName: "c1"},
			{ID: "2", Name: "tf-acc-pe-2", CloudName: "tf-acc-pe-2"},
			// Cloudinary derives a cloud_name from the name: a person's.
			{ID: "x", Name: "tf_acc_prod", CloudName: "tf-acc-prod"},
			{ID: "y", Name: "TF ACC Prod", CloudName: "tf-acc-prod-2"},
		}
		for i, n := range lookAlikes {
			envs = append(envs, client.ProductEnvironment{ID: fmt.Sprint("x", i), Name: n, CloudName: strings.ToLower(strings.TrimSpace(n)) + "-c"})
		}
		got := ids(SelectProductEnvironments(envs), func(e client.ProductEnvironment) string { return e.ID })
		if want := []string{"1", "2"}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("users: by email only, never the account owner", func(t *testing.T) {
		users := []client.User{
			{ID: "1", Name: "tf-acc-u1", Email: "tf-acc-u1@example.com"},
			{ID: "2", Name: "Somebody", Email: "tf-acc-u2@cloudinary.invalid"},
			{ID: "x1", Name: "tf-acc-u3", Email: "tf-acc-u3@gmail.com"}, // maybe a person's
			{ID: "x2", Name: "tf-acc-alice", Email: "alice@example.com"},
			{ID: "x3", Name: "Owner", Email: "tf-acc-owner@example.com", Root: client.Ptr(true)},
		}
		for i, n := range lookAlikes {
			users = append(users, client.User{ID: fmt.Sprint("y", i), Name: n, Email: n + "@example.com"})
		}
		got := ids(SelectUsers(users), func(u client.User) string { return u.ID })
		if want := []string{"1", "2"}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("user groups", func(t *testing.T) {
		groups := []client.UserGroup{{ID: "1", Name: "tf-acc-g"}}
		for i, n := range lookAlikes {
			groups = append(groups, client.UserGroup{ID: fmt.Sprint("x", i), Name: n})
		}
		got := ids(SelectUserGroups(groups), func(g client.UserGroup) string { return g.ID })
		if want := []string{"1"}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("roles: custom ones only", func(t *testing.T) {
		roles := []client.Role{
			{ID: "r1", Name: "tf-acc-role-1", ManagementType: client.ManagementTypeCustom},
			{ID: "tf_acc_r2", Name: "tf-acc-role-2 TF acc", ManagementType: client.ManagementTypeCustom},
			{ID: "cld::role::x", Name: "tf-acc-system", ManagementType: client.ManagementTypeSystem},
			{ID: "cld::role::y", Name: "tf-acc-odd", ManagementType: client.ManagementTypeCustom},
			{ID: "tf_acc_named_otherwise", Name: "Release engineer", ManagementType: client.ManagementTypeCustom},
		}
		for i, n := range lookAlikes {
			roles = append(roles, client.Role{ID: fmt.Sprint("x", i), Name: n, ManagementType: client.ManagementTypeCustom})
		}
		got := ids(SelectRoles(roles), func(r client.Role) string { return r.ID })
		if want := []string{"r1", "tf_acc_r2"}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("custom policies", func(t *testing.T) {
		ps := []client.CustomPolicy{{ID: "1", Name: "tf-acc-p"}}
		for i, n := range lookAlikes {
			ps = append(ps, client.CustomPolicy{ID: fmt.Sprint("x", i), Name: n})
		}
		got := ids(SelectCustomPolicies(ps), func(p client.CustomPolicy) string { return p.ID })
		if want := []string{"1"}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("access keys: all of a test environment's, tf-acc- ones elsewhere, never a root key", func(t *testing.T) {
		keys := []client.AccessKey{
			{APIKey: "root", Name: "tf-acc-root", Root: client.Ptr(true)},
			{APIKey: "k1", Name: "tf-acc-k1"},
			{APIKey: "k2", Name: "ci"},
			{APIKey: "k3"},
		}
		for i, n := range lookAlikes {
			keys = append(keys, client.AccessKey{APIKey: fmt.Sprint("x", i), Name: n})
		}
		key := func(k client.AccessKey) string { return k.APIKey }
		got := ids(SelectAccessKeys(client.ProductEnvironment{Name: "Production", CloudName: "prod"}, keys), key)
		if want := []string{"k1"}; !slices.Equal(got, want) {
			t.Errorf("in another environment: got %v, want %v", got, want)
		}
		got = ids(SelectAccessKeys(client.ProductEnvironment{Name: "tf-acc-pe", CloudName: "c"}, keys), key)
		if len(got) != len(keys)-1 || slices.Contains(got, "root") {
			t.Errorf("in a test environment: got %v, want every key but the root one", got)
		}
	})
}

func ids[T any](xs []T, id func(T) string) []string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		out = append(out, id(x))
	}
	sort.Strings(out)
	return out
}

// Dependents go first: whatever lives in, refers to or holds another kind's
// objects is swept before them, as terraform-plugin-testing runs a
// sweeper's dependencies before it.
func TestKinds_dependentsGoFirst(t *testing.T) {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = k.Name
	}
	order, err := Order(names)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(order, names) {
		t.Errorf("Kinds are not in dependency order: %v, run order %v", names, order)
	}
	pos := map[string]int{}
	for i, n := range order {
		pos[n] = i
	}
	for _, c := range []struct{ before, after string }{
		{AccessKeys, ProductEnvironments},
		{CustomPolicies, ProductEnvironments},
		{Roles, ProductEnvironments},
		{Users, ProductEnvironments},
		{Users, Roles},
		{UserGroups, Roles},
		{AccessKeys, Roles},
		{Users, UserGroups},
	} {
		if pos[c.before] >= pos[c.after] {
			t.Errorf("%s must run before %s: %v", c.before, c.after, order)
		}
	}
	// -sweep-run=cloudinary_product_environment runs everything first.
	if o, _ := Order([]string{ProductEnvironments}); len(o) != len(Kinds) || o[len(o)-1] != ProductEnvironments {
		t.Errorf("the environments' sweeper depends on every other one: %v", o)
	}
	if _, err := Order([]string{"cloudinary_nothing"}); err == nil {
		t.Error("an unknown sweeper is not an error")
	}
}

// account is an emulated account holding test objects and look-alikes:
// the fixture of the sweepers' tests.
type account struct {
	srv *emulatortest.Server
	c   *client.Client
	// doomed and kept are "kind id" strings: what a sweep must delete, what
	// it must leave (the seeded objects too); goneWith are the root keys of
	// doomed environments, which go with them without being targets.
	doomed, kept, goneWith []string
	// seeded is what the account held before: a realistic seed's primary
	// environment, its root key and the owner.
	seeded []string
	// alice (a user) and platform (a group) stay, with a role and members.
	alice, platform string
}

// newAccount starts an emulator (opts: its seed) and fills it.
func newAccount(t *testing.T, opts ...func(*emulator.Options)) *account {
	t.Helper()
	srv := emulatortest.Start(t, opts...)
	a := &account{srv: srv, c: emulatorClient(t, srv)}
	a.seeded = a.inventory(t)
	a.kept = slices.Clone(a.seeded)
	c, ctx := a.c, t.Context()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	mark := func(doomed bool, kind, id string) {
		if doomed {
			a.doomed = append(a.doomed, kind+" "+id)
		} else {
			a.kept = append(a.kept, kind+" "+id)
		}
	}

	// Product environments: by name only.
	env := func(doomed bool, name, cloudName string) *client.ProductEnvironment {
		t.Helper()
		req := client.ProductEnvironmentCreateRequest{Name: name}
		if cloudName != "" {
			req.CloudName = client.Ptr(cloudName)
		}
		pe, err := c.CreateProductEnvironment(ctx, req)
		must(err)
		mark(doomed, ProductEnvironments, pe.ID)
		for _, k := range pe.APIAccessKeys { // the root key
			if doomed {
				a.goneWith = append(a.goneWith, AccessKeys+" "+k.Key)
			} else {
				mark(false, AccessKeys, k.Key)
			}
		}
		return pe
	}
	testEnv := env(true, "tf-acc-pe-1", "")
	env(true, "tf-acc-pe-2", "tf-acc-pe-2")
	prod := env(false, "Production", "prod-cloud")
	env(false, "tf_acc_prod", "") // derived cloud_name: tf-acc-prod (FIDELITY.md row 6)
	env(false, "Staging", "tf-acc-cloud-named-by-hand")
	for i, n := range []string{"tf-acc", "tf-accx", "tfacc-x", "tf_acc_x", "TF-ACC-x", " tf-acc-x", "my-tf-acc-x"} {
		env(false, n, fmt.Sprintf("look-alike-%d", i))
	}

	// Access keys: every non-root key of a test environment, tf-acc- ones
	// elsewhere; root keys go with their environment.
	key := func(doomed bool, pe *client.ProductEnvironment, name string) {
		t.Helper()
		k, err := c.GenerateAccessKey(ctx, pe.ID, client.AccessKeyCreateRequest{Name: client.Ptr(name)})
		must(err)
		mark(doomed, AccessKeys, k.APIKey)
	}
	key(true, testEnv, "ci")
	key(true, testEnv, "tf-acc-key-in-test-env")
	key(true, prod, "tf-acc-key-1")
	key(false, prod, "deploy")
	for _, n := range []string{"tf-acc", "TF-ACC-key", "ci-tf-acc-key", "tf_acc_key"} {
		key(false, prod, n)
	}

	// Users: by email, at a domain that cannot receive mail.
	user := func(doomed bool, name, email string, envIDs ...string) *client.User {
		t.Helper()
		u, err := c.CreateUser(ctx, client.UserCreateRequest{Name: name, Email: email, Role: client.Ptr(client.UserRoleAdmin), SubAccountIDs: envIDs})
		must(err)
		mark(doomed, Users, u.ID)
		return u
	}
	u1 := user(true, "tf-acc-u1", "tf-acc-u1@example.com", testEnv.ID, prod.ID)
	user(true, "Someone", "tf-acc-u2@cloudinary.invalid")
	alice := user(false, "tf-acc-alice", "alice@example.com")
	user(false, "tf-acc-u3", "tf-acc-u3@gmail.com")
	for i, local := range []string{"TF-ACC-u4", "tf-accu5", "x-tf-acc-u6", "tf_acc_u7"} {
		user(false, fmt.Sprint("look-alike ", i), local+"@example.com")
	}

	// User groups, with members of both kinds.
	group := func(doomed bool, name string, members ...*client.User) *client.UserGroup {
		t.Helper()
		g, err := c.CreateUserGroup(ctx, client.UserGroupRequest{Name: name})
		must(err)
		mark(doomed, UserGroups, g.ID)
		for _, m := range members {
			_, err := c.AddUserToUserGroup(ctx, g.ID, m.ID)
			must(err)
		}
		return g
	}
	g1 := group(true, "tf-acc-g1", u1, alice)
	platform := group(false, "platform", u1, alice)
	for _, n := range []string{"tf-acc", "TF-ACC-g", "tf_acc_g", "team tf-acc-g"} {
		group(false, n)
	}

	// Custom roles, one held by a principal that stays.
	role := func(doomed bool, name string, scope client.ScopeType, policies ...string) *client.Role {
		t.Helper()
		r, err := c.CreateRole(ctx, client.CreateRoleRequest{PermissionType: client.PermissionTypeGlobal, ScopeType: scope, Name: name, SystemPolicyIDs: policies})
		must(err)
		mark(doomed, Roles, r.ID)
		return r
	}
	const view = "cld::policy::global::users_and_groups::view"
	uploader := []string{"cld::policy::global::folder_and_asset_management::create_asset", "cld::policy::global::ml::access"}
	r1 := role(true, "tf-acc-role-1", client.ScopeTypeAccount, view)
	r2 := role(true, "tf-acc-role-2 TF acc", client.ScopeTypeProdenv, uploader...)
	keep := role(false, "Release engineer", client.ScopeTypeAccount, view)
	for _, n := range []string{"TF-ACC-role", "tf-acc", "role tf-acc-x"} {
		role(false, n, client.ScopeTypeAccount, view)
	}
	assign := func(p client.Principal, roles ...client.RoleToManage) {
		t.Helper()
		must(c.UpdatePrincipalRoles(ctx, client.UpdatePrincipalRolesRequest{Operation: client.OperationAdd, Principal: p, Roles: roles}))
	}
	assign(client.Principal{Type: client.PrincipalTypeGroup, ID: g1.ID}, client.RoleToManage{ID: r1.ID})
	assign(client.Principal{Type: client.PrincipalTypeUser, ID: alice.ID},
		client.RoleToManage{ID: r2.ID, ScopeID: client.Ptr(prod.ID)}, client.RoleToManage{ID: keep.ID})
	assign(client.Principal{Type: client.PrincipalTypeGroup, ID: platform.ID}, client.RoleToManage{ID: keep.ID})
	a.alice, a.platform = alice.ID, platform.ID

	// Custom policies of every scope.
	policy := func(doomed bool, name string, scope client.ScopeType, scopeID string) {
		t.Helper()
		req := client.CreateCustomPolicyRequest{Name: name, ScopeType: scope,
			PolicyStatement: fmt.Sprintf(`permit(principal == Cloudinary::User::%q, action == Cloudinary::Action::"read", resource is Cloudinary::Folder) when { resource.ancestor_ids.contains("abc") };`, name)}
		if scopeID != "" {
			req.ScopeID = client.Ptr(scopeID)
		}
		p, err := c.CreateCustomPolicy(ctx, req)
		must(err)
		mark(doomed, CustomPolicies, p.ID)
	}
	policy(true, "tf-acc-pol-account", client.ScopeTypeAccount, "")
	policy(true, "tf-acc-pol-prod", client.ScopeTypeProdenv, prod.ID)
	policy(true, "tf-acc-pol-all", client.ScopeTypeProdenv, client.ScopeIDAll)
	policy(true, "tf-acc-pol-test-env", client.ScopeTypeProdenv, testEnv.ID)
	policy(false, "prod policy", client.ScopeTypeAccount, "")
	policy(false, "TF-ACC-pol", client.ScopeTypeProdenv, prod.ID)
	policy(false, "tf_acc_pol", client.ScopeTypeProdenv, client.ScopeIDAll)
	policy(false, "all tf-acc-pol", client.ScopeTypeAccount, "")
	return a
}

func emulatorClient(t *testing.T, srv *emulatortest.Server) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{AccountID: srv.AccountID, APIKey: srv.APIKey, APISecret: srv.APISecret,
		BaseURL: srv.URL, QuietLogs: true, RetryWaitMin: time.Millisecond, RetryWaitMax: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// inventory lists every object of the account as "kind id" strings, with
// the same calls the sweepers make but no selection.
func (a *account) inventory(t *testing.T) []string {
	t.Helper()
	ctx, c := t.Context(), a.c
	var out []string
	envs, err := c.GetProductEnvironments(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range envs {
		out = append(out, ProductEnvironments+" "+e.ID)
		keys, err := c.ListAllAccessKeys(ctx, e.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			out = append(out, AccessKeys+" "+k.APIKey)
		}
	}
	users, err := c.ListAllUsers(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		out = append(out, Users+" "+u.ID)
	}
	groups, err := c.GetUserGroups(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		out = append(out, UserGroups+" "+g.ID)
	}
	for _, pt := range []client.PermissionType{client.PermissionTypeGlobal, client.PermissionTypeContent} {
		roles, err := c.GetRoles(ctx, client.GetRolesOptions{PermissionType: pt, ManagementType: client.Ptr(client.ManagementTypeCustom)})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range roles {
			out = append(out, Roles+" "+r.ID)
		}
	}
	seen := map[string]bool{}
	scopes := []*client.GetCustomPoliciesOptions{{ScopeType: client.Ptr(client.ScopeTypeAccount)},
		{ScopeType: client.Ptr(client.ScopeTypeProdenv), ScopeID: client.Ptr(client.ScopeIDAll)}}
	for _, e := range envs {
		scopes = append(scopes, &client.GetCustomPoliciesOptions{ScopeType: client.Ptr(client.ScopeTypeProdenv), ScopeID: client.Ptr(e.ID)})
	}
	for _, o := range scopes {
		ps, err := c.ListAllCustomPolicies(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if !seen[p.ID] {
				seen[p.ID] = true
				out = append(out, CustomPolicies+" "+p.ID)
			}
		}
	}
	sort.Strings(out)
	return out
}

func (a *account) state(t *testing.T) []byte {
	t.Helper()
	b, err := a.srv.Emulator.StateJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sorted(xs []string) []string {
	out := slices.Clone(xs)
	sort.Strings(out)
	return out
}

func targetStrings(ts []Target) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Kind + " " + t.ID
	}
	sort.Strings(out)
	return out
}

// The sweepers, run in their dependency order against an emulated account
// holding test objects and look-alikes: the dry run lists exactly the test
// objects and changes nothing; the sweep deletes exactly them, along with
// their memberships and role assignments, and leaves every look-alike and
// every assignment of the rest; a second sweep finds nothing.
func TestSweepers_deleteExactlyTheTestObjects(t *testing.T) {
	for _, seed := range []string{emulator.SeedEmpty, emulator.SeedRealistic} {
		t.Run(seed, func(t *testing.T) {
			a := newAccount(t, emulatortest.Seed(seed))
			if seeded := len(a.seeded); (seed == emulator.SeedRealistic) != (seeded == 3) {
				t.Fatalf("seed %q: the account starts with %v", seed, a.seeded)
			}
			testSweepers(t, a)
		})
	}
}

func testSweepers(t *testing.T, a *account) {
	before, stateBefore := a.inventory(t), a.state(t)
	if want := sorted(slices.Concat(a.doomed, a.goneWith, a.kept)); !slices.Equal(before, want) {
		t.Fatalf("fixture: the account holds\n%v\nwant\n%v", before, want)
	}
	// Test environments' root keys are not targets: they go with the
	// environment.
	wantTargets := sorted(a.doomed)

	var out bytes.Buffer
	logf := func(format string, args ...any) { fmt.Fprintf(&out, format+"\n", args...) }
	dry := &Sweeper{Client: a.c, DryRun: true, Logf: logf}
	targets, err := dry.RunAll(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got := targetStrings(targets); !slices.Equal(got, wantTargets) {
		t.Errorf("dry run lists\n%v\nwant\n%v", got, wantTargets)
	}
	if !bytes.Equal(a.state(t), stateBefore) {
		t.Error("the dry run changed the account")
	}
	if st := a.srv.Stats(); st.ByOperation["deleteProductEnvironment"]+st.ByOperation["deleteUser"]+st.ByOperation["deleteUserGroup"]+
		st.ByOperation["deleteAccessKey"]+st.ByOperation["deleteRole"]+st.ByOperation["deleteCustomPolicy"] != 0 {
		t.Errorf("the dry run sent deletes: %v", st.ByOperation)
	}
	for _, d := range a.doomed {
		id := d[strings.IndexByte(d, ' ')+1:]
		if !strings.Contains(out.String(), "would delete "+strings.Fields(d)[0]+" "+id+" (") {
			t.Errorf("the dry run's listing does not name %s:\n%s", d, out.String())
		}
	}
	if strings.Contains(out.String(), "deleted ") {
		t.Errorf("the dry run says it deleted something:\n%s", out.String())
	}

	a.srv.Emulator.ResetStats()
	sweeper := &Sweeper{Client: a.c, Logf: t.Logf}
	targets, err = sweeper.RunAll(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got := targetStrings(targets); !slices.Equal(got, wantTargets) {
		t.Errorf("sweep deleted\n%v\nwant\n%v", got, wantTargets)
	}
	if got, want := a.inventory(t), sorted(a.kept); !slices.Equal(got, want) {
		t.Errorf("after the sweep the account holds\n%v\nwant exactly the look-alikes\n%v", got, want)
	}
	t.Logf("the sweep spent %d API requests: %v", a.srv.Stats().Total, a.srv.Stats().ByOperation)

	// What stays keeps its memberships and roles.
	members, err := a.c.GetUsersInUserGroup(t.Context(), a.platform)
	if err != nil {
		t.Fatal(err)
	}
	if len(members) != 1 || members[0].Email != "alice@example.com" {
		t.Errorf("group platform: members %+v, want alice only (tf-acc-u1 was swept)", members)
	}
	held, err := a.c.GetPrincipalRoles(t.Context(), client.GetPrincipalRolesOptions{
		PrincipalType: client.PrincipalTypeUser, PrincipalID: a.alice, PermissionType: client.PermissionTypeGlobal})
	if err != nil {
		t.Fatal(err)
	}
	var roles []string
	for _, r := range held {
		roles = append(roles, r.Name)
	}
	if !slices.Equal(roles, []string{"Release engineer"}) {
		t.Errorf("alice holds %v, want only the role that stays (her tf-acc- role went with force)", roles)
	}

	again, err := (&Sweeper{Client: a.c, Logf: t.Logf}).RunAll(t.Context())
	if err != nil || len(again) != 0 {
		t.Errorf("a second sweep: %v, %v; want nothing to do", targetStrings(again), err)
	}
}
