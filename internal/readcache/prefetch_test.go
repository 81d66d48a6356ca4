package readcache

import (
	"bytes"
	"maps"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
)

// prefetchRequests is what a whole prefetch of the fixture's account costs:
// the environment list, then one user list, one key list and one custom
// policy list per environment (two) plus the account's policies, the
// groups, and one inspect walk per scope type.
var prefetchRequests = map[string]int{
	"getProductEnvironments": 1,
	"getUsers":               2,
	"getAccessKeys":          2,
	"getCustomPolicies":      3,
	"getUserGroups":          1,
	"inspect":                2,
}

func TestPrefetch_startsOnceAtTheFirstRead(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	f.r.Prefetch(ctx)
	f.r.Prefetch(ctx) // a second read of the same refresh starts nothing more
	f.r.waitPrefetch()
	if got := f.c.RequestCounts(); !maps.Equal(got, prefetchRequests) {
		t.Fatalf("prefetch requests: got %v, want %v", got, prefetchRequests)
	}

	// Every read a refresh makes of these kinds is now answered without a
	// request.
	f.c.ResetCounts()
	for _, id := range f.users {
		if _, _, err := f.r.User(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	for _, env := range f.envs {
		if _, err := f.r.AccessKeys(ctx, env); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.r.UserGroups(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := f.r.CustomPolicies(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := f.r.AllPrincipalRoles(ctx); err != nil {
		t.Fatal(err)
	}
	if got := f.c.RequestCounts(); len(got) != 0 {
		t.Errorf("reads after the prefetch made requests: %v", got)
	}
	f.r.Prefetch(ctx)
	if got := f.c.RequestCounts(); len(got) != 0 {
		t.Errorf("a later Prefetch made requests: %v", got)
	}
}

func TestPrefetch_directReadStartsNothing(t *testing.T) {
	f := newFixture(t)
	f.r.Prefetch(Direct(t.Context()))
	f.r.waitPrefetch()
	if got := f.c.RequestCounts(); len(got) != 0 {
		t.Fatalf("a Direct read started a prefetch: %v", got)
	}

	f.fresh()
	f.r.SetPrefetch(PrefetchOptions{Disabled: true})
	f.r.Prefetch(t.Context())
	f.r.waitPrefetch()
	if got := f.c.RequestCounts(); len(got) != 0 {
		t.Fatalf("a disabled prefetch made requests: %v", got)
	}
	// The kinds still load, each at its first read.
	if _, _, err := f.r.User(t.Context(), f.users[1]); err != nil {
		t.Fatal(err)
	}
	if got := f.c.RequestCounts(); got["getUsers"] != 2 || got["getAccessKeys"] != 0 {
		t.Errorf("a read with prefetch off: %v, want the user lists alone", got)
	}
}

// Reads that arrive while the prefetch runs join its loads: together they
// cost what the prefetch alone costs.
func TestPrefetch_readsJoinTheLoads(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			f.r.Prefetch(ctx)
			if _, _, err := f.r.User(ctx, f.users[i%len(f.users)]); err != nil {
				t.Error(err)
			}
			if _, err := f.r.AccessKeys(ctx, f.envs[i%len(f.envs)]); err != nil {
				t.Error(err)
			}
			if _, err := f.r.AllPrincipalRoles(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	f.r.waitPrefetch()
	if got := f.c.RequestCounts(); !maps.Equal(got, prefetchRequests) {
		t.Errorf("prefetch and reads together: got %v, want the prefetch's %v", got, prefetchRequests)
	}
}

// A load the prefetch could not make is not kept: the read that needs it
// asks again and gets the error itself.
func TestPrefetch_failureIsNotKept(t *testing.T) {
	emu := emulatortest.Start(t, func(o *emulator.Options) { o.PermissionsDisabled = true })
	c, err := client.New(client.Config{AccountID: emu.AccountID, APIKey: emu.APIKey, APISecret: emu.APISecret, BaseURL: emu.URL, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	r := New(c)
	r.Prefetch(t.Context())
	r.waitPrefetch()
	if n := c.RequestCounts()["inspect"]; n == 0 {
		t.Fatal("the prefetch did not try the assignments")
	}
	c.ResetCounts()
	if _, err := r.AllPrincipalRoles(t.Context()); err == nil {
		t.Fatal("AllPrincipalRoles succeeded on an account without the Permissions API")
	}
	if n := c.RequestCounts()["inspect"]; n == 0 {
		t.Error("the read after a failed prefetch was answered from the failure instead of asking again")
	}
}

// With the budget the API announces, a prefetch leaves the reserve alone and
// says in the log what it skipped; a reserve of zero skips nothing.
func TestPrefetch_keepsTheReserve(t *testing.T) {
	emu := emulatortest.Start(t, func(o *emulator.Options) { o.HourlyBudget = 1000 })
	c, err := client.New(client.Config{AccountID: emu.AccountID, APIKey: emu.APIKey, APISecret: emu.APISecret, BaseURL: emu.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetProductEnvironments(t.Context(), nil); err != nil { // the provider's Configure makes this one too
		t.Fatal(err)
	}
	remaining, ok := c.RateLimitRemaining()
	if !ok || remaining != 999 {
		t.Fatalf("RateLimitRemaining after one request of 1000: %d, %v", remaining, ok)
	}

	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &logs)
	c.ResetCounts()
	r := New(c)
	r.SetPrefetch(PrefetchOptions{Reserve: remaining})
	r.Prefetch(ctx)
	r.waitPrefetch()
	if got := c.RequestCounts(); len(got) != 0 {
		t.Errorf("a prefetch with the whole remaining budget in reserve made requests: %v", got)
	}
	for _, want := range []string{"Prefetch skipped", "user groups", "role assignments", "product environments", `"reserve":999`, `"remaining":999`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}

	// A reserve that leaves room for the first loads only: the groups (1)
	// and the inspect walks (counted as 4) fit; the environment list, and
	// everything listed per environment, would not.
	c.ResetCounts()
	remaining, _ = c.RateLimitRemaining()
	r = New(c)
	r.SetPrefetch(PrefetchOptions{Reserve: remaining - 5})
	r.Prefetch(t.Context())
	r.waitPrefetch()
	if got := c.RequestCounts(); got["getUserGroups"] != 1 || got["inspect"] != 2 || len(got) != 2 {
		t.Errorf("a prefetch with room for 5 requests: %v, want the groups and the inspect walks alone", got)
	}

	c.ResetCounts()
	r = New(c)
	r.SetPrefetch(PrefetchOptions{Reserve: 0})
	r.Prefetch(t.Context())
	r.waitPrefetch()
	if got := c.RequestCounts(); got["getUserGroups"] != 1 || got["getProductEnvironments"] != 1 || got["inspect"] != 2 {
		t.Errorf("a prefetch with no reserve: %v, want every load", got)
	}
}
