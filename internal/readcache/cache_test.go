package readcache

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
)

// fixture is an emulator with two environments and three users,
// and a fresh providerData (one "provider process") over it.
type fixture struct {
	c     *client.Client
	r     *Reader
	envs  []string
	users []string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	emu := emulatortest.Start(t)
	c, err := client.New(client.Config{AccountID: emu.AccountID, APIKey: emu.APIKey, APISecret: emu.APISecret, BaseURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{c: c}
	ctx := t.Context()
	for _, name := range []string{"prod", "dev"} {
		e, err := c.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		f.envs = append(f.envs, e.ID)
	}
	for i, email := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		req := client.UserCreateRequest{Name: email, Email: email, Role: client.Ptr("admin")}
		if i > 0 {
			req.SubAccountIDs = f.envs[:i]
		}
		u, err := c.CreateUser(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		f.users = append(f.users, u.ID)
	}
	f.fresh()
	return f
}

// fresh starts a new provider process: new snapshot, zeroed counters.
func (f *fixture) fresh() {
	f.r = New(f.c)
	f.c.ResetCounts()
}

func (f *fixture) count(op string) int { return f.c.RequestCounts()[op] }

func TestCache_parallelReadsLoadOnce(t *testing.T) {
	f := newFixture(t)
	var wg sync.WaitGroup
	errs := make(chan error, 30)
	for i := 0; i < 30; i++ {
		wg.Add(1)
		go func(id string) {
			defer wg.Done()
			if _, _, err := f.r.User(t.Context(), id); err != nil {
				errs <- err
			}
		}(f.users[i%len(f.users)])
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// One user list per environment, once, however many reads asked at the
	// same time; never a per-user read (every user here reaches an
	// environment).
	if got, want := f.count("getUsers"), len(f.envs); got != want {
		t.Errorf("getUsers requests = %d, want %d", got, want)
	}
	if n := f.count("getUser") + f.count("getSubAccountsForUser"); n != 0 {
		t.Errorf("per-user requests = %d, want 0", n)
	}
	if got := f.count("getProductEnvironments"); got != 1 {
		t.Errorf("getProductEnvironments = %d, want 1", got)
	}
}

func TestCache_answersMatchDirectReads(t *testing.T) {
	f := newFixture(t)
	for _, id := range f.users {
		snapUser, snapEnvs, err := f.r.User(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		directUser, directEnvs, err := f.r.UserDirect(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if snapUser.Email != directUser.Email || snapUser.Role != directUser.Role {
			t.Errorf("user %s: snapshot %+v, direct %+v", id, snapUser, directUser)
		}
		if len(snapEnvs) != len(directEnvs) {
			t.Fatalf("user %s environments: snapshot %v, direct %v", id, snapEnvs, directEnvs)
		}
		for i := range snapEnvs {
			if snapEnvs[i] != directEnvs[i] {
				t.Errorf("user %s environments: snapshot %v, direct %v", id, snapEnvs, directEnvs)
			}
		}
	}
}

func TestCache_writeMakesLaterReadsDirect(t *testing.T) {
	f := newFixture(t)
	if _, _, err := f.r.User(t.Context(), f.users[0]); err != nil {
		t.Fatal(err)
	}
	lists := f.count("getUsers")

	// A write in this process: change the user, then read it back.
	if _, err := f.c.UpdateUser(t.Context(), f.users[0], client.UserUpdateRequest{Name: client.Ptr("renamed")}); err != nil {
		t.Fatal(err)
	}
	f.r.cache.invalidate(Users)
	u, _, err := f.r.User(t.Context(), f.users[0])
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "renamed" {
		t.Errorf("read after write returned %q, want the written name", u.Name)
	}
	if f.count("getUsers") != lists {
		t.Errorf("read after write reloaded the collection (%d lists, want %d)", f.count("getUsers"), lists)
	}
	if f.count("getUser") != 1 {
		t.Errorf("read after write: getUser = %d, want 1 direct read", f.count("getUser"))
	}
}

// A user who reaches no environment is in none of the lists the cache is
// made of: it is read directly, with its (empty) environments, not reported
// gone.
func TestCache_userInNoEnvironmentIsReadDirectly(t *testing.T) {
	emu := emulatortest.Start(t)
	c, err := client.New(client.Config{AccountID: emu.AccountID, APIKey: emu.APIKey, APISecret: emu.APISecret, BaseURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	// No environment at all, so the user reaches none.
	u, err := c.CreateUser(t.Context(), client.UserCreateRequest{Name: "lone", Email: "lone@example.com", Role: client.Ptr("billing")})
	if err != nil {
		t.Fatal(err)
	}
	c.ResetCounts()
	r := New(c)
	got, envs, err := r.User(t.Context(), u.ID)
	if err != nil {
		t.Fatalf("user in no environment: %v", err)
	}
	if got.ID != u.ID || len(envs) != 0 || envs == nil {
		t.Fatalf("got %+v reaching %#v, want the user reaching no environment ([]string{})", got, envs)
	}
	counts := c.RequestCounts()
	if counts["getUser"] != 1 || counts["getSubAccountsForUser"] != 1 || counts["getUsers"] != 0 {
		t.Errorf("requests %v, want one direct read (getUser, getSubAccountsForUser) and no list", counts)
	}
}

// An environment deleted between the environment list and the user lists
// answers its user list with 404. That says nothing about the users: each
// is still read, with the environments it still reaches, and none is
// reported gone.
func TestCache_environmentDeletedDuringLoadLosesNoUser(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	if _, err := f.r.ProductEnvironments(ctx); err != nil { // as Configure does
		t.Fatal(err)
	}
	prod, dev := f.envs[0], f.envs[1]
	if err := f.c.DeleteProductEnvironment(ctx, dev); err != nil {
		t.Fatal(err)
	}
	for _, id := range f.users {
		u, envs, err := f.r.User(ctx, id)
		if err != nil {
			t.Fatalf("user %s: %v (client.IsNotFound: %v)", id, err, client.IsNotFound(err))
		}
		if u.ID != id || slices.Contains(envs, dev) {
			t.Errorf("user %s: got %s reaching %v, want it reaching no deleted environment", id, u.ID, envs)
		}
	}
	// The last user was given prod and dev; prod is what is left.
	if _, envs, _ := f.r.User(ctx, f.users[2]); !slices.Equal(envs, []string{prod}) {
		t.Errorf("user given prod and dev reaches %v after dev was deleted, want [%s]", envs, prod)
	}
}

// A reader that found nothing stored, and reaches the shared load only after
// another reader's load has ended and stored its result, takes that result:
// it does not list the whole collection a second time.
func TestCache_loadThatEndedMeanwhileIsReused(t *testing.T) {
	s := newCache()
	s.loaded[key{kind: UserGroups}] = "stored by the load that just ended"
	v, err := s.loadShared(t.Context(), key{kind: UserGroups}, 0, func(context.Context) (any, error) {
		t.Error("the collection was listed again")
		return "listed again", nil
	})
	if err != nil || v != "stored by the load that just ended" {
		t.Fatalf("got %v, %v; want the stored collection", v, err)
	}
}

func TestCache_missingObjectIsConfirmedDirectly(t *testing.T) {
	f := newFixture(t)
	if _, _, err := f.r.User(t.Context(), f.users[0]); err != nil {
		t.Fatal(err)
	}
	// Created after the collection was loaded (by someone else): the collection
	// does not hold it, but it exists, so it must not be reported gone.
	late, err := f.c.CreateUser(t.Context(), client.UserCreateRequest{Name: "late", Email: "late@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.r.User(t.Context(), late.ID); err != nil {
		t.Fatalf("object created after the load: %v", err)
	}
	// Deleted after the collection was loaded: the direct read says 404.
	if err := f.c.DeleteUser(t.Context(), late.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.r.User(t.Context(), "no-such-user"); !client.IsNotFound(err) {
		t.Fatalf("unknown user: err = %v, want not found", err)
	}
	if f.count("getUser") != 2 {
		t.Errorf("getUser = %d, want one confirming read per missing object", f.count("getUser"))
	}
}

func TestCache_eachKindAnswersFromListCalls(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	key, err := f.c.GenerateAccessKey(ctx, f.envs[0], client.AccessKeyCreateRequest{Name: client.Ptr("ci")})
	if err != nil {
		t.Fatal(err)
	}
	group, err := f.c.CreateUserGroup(ctx, client.UserGroupRequest{Name: "eng"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.c.AddUserToUserGroup(ctx, group.ID, f.users[0]); err != nil {
		t.Fatal(err)
	}
	policy, err := f.c.CreateCustomPolicy(ctx, client.CreateCustomPolicyRequest{
		Name: "p", PolicyStatement: `permit(principal, action, resource);`, ScopeType: client.ScopeTypeProdenv, ScopeID: client.Ptr(f.envs[1]),
	})
	if err != nil {
		t.Fatal(err)
	}
	f.fresh()

	for range 3 {
		if e, err := f.r.ProductEnvironment(ctx, f.envs[1]); err != nil || e.ID != f.envs[1] {
			t.Fatalf("environment: %v %v", e, err)
		}
		if k, err := f.r.AccessKey(ctx, f.envs[0], key.APIKey); err != nil || k.Name != "ci" {
			t.Fatalf("access key: %v %v", k, err)
		}
		if g, err := f.r.UserGroup(ctx, group.ID); err != nil || len(g.Users) != 1 {
			t.Fatalf("group: %v %v", g, err)
		}
		if p, err := f.r.CustomPolicy(ctx, policy.ID); err != nil || p.Name != "p" {
			t.Fatalf("policy: %v %v", p, err)
		}
	}
	for op, want := range map[string]int{
		"getProductEnvironments": 1, "getProductEnvironment": 0,
		"getAccessKeys": 1,
		"getUserGroups": 1, "getUserGroup": 0,
		"getCustomPolicies": 1 + len(f.envs), "getCustomPolicy": 0,
	} {
		if got := f.count(op); got != want {
			t.Errorf("%s = %d, want %d", op, got, want)
		}
	}
}

func TestCache_loadStartedBeforeWriteIsNotKept(t *testing.T) {
	s := newCache()
	release := make(chan struct{})
	started := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _, _ = load(t.Context(), s, key{kind: Users}, func(context.Context) (int, error) {
			close(started)
			<-release
			return 1, nil
		})
	}()
	<-started
	s.invalidate(Users) // a write lands while the load is in flight
	close(release)
	<-done
	if _, ok, _ := load(t.Context(), s, key{kind: Users}, func(context.Context) (int, error) {
		return 0, errors.New("must not be called: the kind is bypassed")
	}); ok {
		t.Fatal("a bypassed kind answered from the cache")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, kept := s.loaded[key{kind: Users}]; kept {
		t.Fatal("a load that started before a write stored its stale result")
	}
}

func TestCache_failedLoadIsRetried(t *testing.T) {
	s := newCache()
	calls := 0
	fetch := func(context.Context) (string, error) {
		calls++
		if calls == 1 {
			return "", errors.New("transient")
		}
		return "ok", nil
	}
	if _, _, err := load(t.Context(), s, key{kind: Roles}, fetch); err == nil {
		t.Fatal("want the first error")
	}
	for range 2 {
		v, ok, err := load(t.Context(), s, key{kind: Roles}, fetch)
		if err != nil || !ok || v != "ok" {
			t.Fatalf("got %q %v %v", v, ok, err)
		}
	}
	if calls != 2 {
		t.Errorf("fetch calls = %d, want 2", calls)
	}
}

func TestCache_roleReadOncePerProcess(t *testing.T) {
	f := newFixture(t)
	role, err := f.c.CreateRole(t.Context(), client.CreateRoleRequest{
		Name: "r", PermissionType: client.PermissionTypeGlobal, ScopeType: client.ScopeTypeAccount,
		SystemPolicyIDs: []string{"cld::policy::global::users_and_groups::view"},
	})
	if err != nil {
		t.Fatal(err)
	}
	f.fresh()
	for range 5 {
		if r, err := f.r.Role(t.Context(), role.ID); err != nil || r.ID != role.ID {
			t.Fatalf("role: %v %v", r, err)
		}
	}
	if got := f.count("getRole"); got != 1 {
		t.Errorf("getRole = %d, want 1 for five reads of one role", got)
	}
	// After a role write in this process, the next read fetches the role
	// again (it may have changed), and later reads reuse that answer.
	f.r.cache.invalidate(Roles)
	for range 3 {
		if _, err := f.r.Role(t.Context(), role.ID); err != nil {
			t.Fatal(err)
		}
	}
	if got := f.count("getRole"); got != 2 {
		t.Errorf("after a role write: getRole = %d, want one fresh read (2 in all)", got)
	}
}

// A load's list calls run side by side, never more than LoadConcurrency at
// once, and come back in part order whatever order they finish in.
func TestFetchAll_concurrentBoundedOrdered(t *testing.T) {
	const parts = 3 * LoadConcurrency
	var (
		mu            sync.Mutex
		inFlight, top int
		started       int
	)
	// The first LoadConcurrency calls wait for each other: a FetchAll that
	// ran them one at a time would never get past the first, and fails
	// when the deadline (a guard against hanging, not a timing) ends it.
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	allStarted := make(chan struct{})
	got, err := FetchAll(ctx, parts, func(ctx context.Context, i int) (int, error) {
		mu.Lock()
		inFlight++
		top = max(top, inFlight)
		started++
		if started == LoadConcurrency {
			close(allStarted)
		}
		mu.Unlock()
		select {
		case <-allStarted:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
		mu.Lock()
		inFlight--
		mu.Unlock()
		return i * 10, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if top != LoadConcurrency {
		t.Errorf("at most %d calls in flight, want exactly LoadConcurrency (%d)", top, LoadConcurrency)
	}
	for i, v := range got {
		if v != i*10 {
			t.Fatalf("results %v are not in part order", got)
		}
	}
}

// The first failure is the load's error, and calls still waiting are
// cancelled rather than left to finish.
func TestFetchAll_firstErrorCancelsTheRest(t *testing.T) {
	boom := errors.New("boom")
	returned := make(chan error, 1)
	go func() {
		_, err := FetchAll(t.Context(), LoadConcurrency, func(ctx context.Context, i int) (string, error) {
			if i == 0 {
				return "", boom
			}
			<-ctx.Done() // only a cancellation lets these calls end
			return "", ctx.Err()
		})
		returned <- err
	}()
	// Without the cancellation FetchAll would wait for ever; fail instead
	// of hanging until the test binary's timeout.
	select {
	case err := <-returned:
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want the first failure", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("FetchAll did not return: the calls still waiting were not cancelled")
	}
}

// Rule 1: a Reader is one process's cache; another Reader over the same
// client loads its own collections.
func TestCache_eachReaderLoadsItsOwn(t *testing.T) {
	f := newFixture(t)
	for range 2 {
		if _, _, err := f.r.User(t.Context(), f.users[0]); err != nil {
			t.Fatal(err)
		}
	}
	if got := f.count("getProductEnvironments"); got != 1 {
		t.Fatalf("one Reader listed environments %d times, want 1", got)
	}
	f.fresh()
	if _, _, err := f.r.User(t.Context(), f.users[0]); err != nil {
		t.Fatal(err)
	}
	if got := f.count("getProductEnvironments"); got != 1 {
		t.Errorf("a new Reader listed environments %d times, want 1 (its own load)", got)
	}
}

// Rule 4: a Direct context reads the one object from the API, loads no
// collection, and leaves the cache as it was for other readers.
func TestCache_directContextBypasses(t *testing.T) {
	f := newFixture(t)
	ctx := Direct(t.Context())
	if !IsDirect(ctx) || IsDirect(t.Context()) {
		t.Fatal("IsDirect does not tell a Direct context from another")
	}
	u, envs, err := f.r.User(ctx, f.users[1])
	if err != nil || u.ID != f.users[1] || len(envs) != 1 {
		t.Fatalf("direct read: %+v %v %v", u, envs, err)
	}
	if n := f.count("getProductEnvironments") + f.count("getUsers"); n != 0 {
		t.Errorf("a direct read loaded collections (%d list requests)", n)
	}
	if n := f.count("getUser"); n != 1 {
		t.Errorf("getUser = %d, want 1", n)
	}
	if _, err := f.r.ProductEnvironment(ctx, f.envs[0]); err != nil {
		t.Fatal(err)
	}
	if n := f.count("getProductEnvironment"); n != 1 {
		t.Errorf("getProductEnvironment = %d, want 1", n)
	}
	// Other readers still load and share the collections.
	if _, _, err := f.r.User(t.Context(), f.users[1]); err != nil {
		t.Fatal(err)
	}
	if got := f.count("getUsers"); got != len(f.envs) {
		t.Errorf("getUsers = %d after a cached read, want %d", got, len(f.envs))
	}
}
