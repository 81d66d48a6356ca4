package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func ints(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

func TestCollectPages(t *testing.T) {
	ctx := t.Context()
	data := ints(0, 25)
	serve := func(withTotal, ignorePage bool, calls *int) PageFunc[int] {
		return func(_ context.Context, page, size int) ([]int, int, error) {
			*calls++
			if ignorePage {
				page = 1
			}
			lo := min((page-1)*size, len(data))
			hi := min(lo+size, len(data))
			total := -1
			if withTotal {
				total = len(data)
			}
			return data[lo:hi], total, nil
		}
	}
	key := func(i int) string { return strconv.Itoa(i) }

	t.Run("short last page ends the walk", func(t *testing.T) {
		calls := 0
		got, err := CollectPages(ctx, PageWalk[int]{PageSize: 10}, serve(false, false, &calls))
		if err != nil || len(got) != 25 || got[24] != 24 || calls != 3 {
			t.Fatalf("got %d items in %d calls, err %v", len(got), calls, err)
		}
	})
	t.Run("total ends the walk without an extra request", func(t *testing.T) {
		calls := 0
		got, err := CollectPages(ctx, PageWalk[int]{PageSize: 5}, serve(true, false, &calls))
		if err != nil || len(got) != 25 || calls != 5 {
			t.Fatalf("got %d items in %d calls, err %v", len(got), calls, err)
		}
	})
	t.Run("total beats a server that caps the page size", func(t *testing.T) {
		calls := 0
		capped := func(ctx context.Context, page, size int) ([]int, int, error) {
			return serve(true, false, &calls)(ctx, page, 10) // asks 100, gets 10
		}
		got, err := CollectPages(ctx, PageWalk[int]{PageSize: 100}, capped)
		if err != nil || len(got) != 25 {
			t.Fatalf("got %d items, err %v", len(got), err)
		}
	})
	t.Run("exact multiple ends on the empty page", func(t *testing.T) {
		calls := 0
		got, err := CollectPages(ctx, PageWalk[int]{PageSize: 5}, func(ctx context.Context, page, size int) ([]int, int, error) {
			calls++
			lo := min((page-1)*size, 20)
			return data[lo:min(lo+size, 20)], -1, nil
		})
		if err != nil || len(got) != 20 || calls != 5 {
			t.Fatalf("got %d in %d calls, err %v", len(got), calls, err)
		}
	})
	t.Run("server ignoring page stops on no new keys", func(t *testing.T) {
		calls := 0
		got, err := CollectPages(ctx, PageWalk[int]{PageSize: 25, Key: key}, serve(false, true, &calls))
		if err != nil || len(got) != 25 || calls != 2 {
			t.Fatalf("got %d in %d calls, err %v", len(got), calls, err)
		}
	})
	t.Run("max pages", func(t *testing.T) {
		_, err := CollectPages(ctx, PageWalk[int]{PageSize: 1, MaxPages: 3}, func(context.Context, int, int) ([]int, int, error) {
			return []int{1}, -1, nil
		})
		if err == nil || !strings.Contains(err.Error(), "did not end after 3 pages") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("errors and bad size", func(t *testing.T) {
		if _, err := CollectPages(ctx, PageWalk[int]{}, serve(false, false, new(int))); err == nil {
			t.Error("page size 0 accepted")
		}
		boom := fmt.Errorf("boom")
		if _, err := CollectPages(ctx, PageWalk[int]{PageSize: 1}, func(context.Context, int, int) ([]int, int, error) { return nil, 0, boom }); !errors.Is(err, boom) {
			t.Errorf("err = %v", err)
		}
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := CollectPages(cctx, PageWalk[int]{PageSize: 1}, serve(false, false, new(int))); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled: %v", err)
		}
	})
}

func TestCollectCursor(t *testing.T) {
	ctx := t.Context()
	pages := map[string]struct {
		items []string
		next  string
	}{
		"":   {[]string{"a", "b"}, "c1"},
		"c1": {[]string{"c"}, "c2"},
		"c2": {[]string{"d"}, ""},
	}
	var seen []string
	fetch := func(_ context.Context, cursor *string) ([]string, string, error) {
		k := ""
		if cursor != nil {
			k = *cursor
		}
		seen = append(seen, k)
		p := pages[k]
		return p.items, p.next, nil
	}
	got, err := CollectCursor(ctx, nil, fetch)
	if err != nil || strings.Join(got, "") != "abcd" || strings.Join(seen, ",") != ",c1,c2" {
		t.Fatalf("got %v via cursors %q, err %v", got, seen, err)
	}
	seen = nil
	got, err = CollectCursor(ctx, Ptr("c1"), fetch)
	if err != nil || strings.Join(got, "") != "cd" {
		t.Fatalf("from c1: %v %v", got, err)
	}
	_, err = CollectCursor(ctx, nil, func(context.Context, *string) ([]string, string, error) {
		return []string{"x"}, "same", nil
	})
	if err == nil || !strings.Contains(err.Error(), "twice") {
		t.Fatalf("a repeated cursor must fail, got %v", err)
	}
}

// keyServer serves n access keys, honouring page and page_size, with total.
func keyServer(t *testing.T, n int, calls *atomic.Int32, queries *[]string) *httptest.Server {
	t.Helper()
	var mu sync.Mutex
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		mu.Lock()
		*queries = append(*queries, r.URL.RawQuery)
		mu.Unlock()
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		size, _ := strconv.Atoi(r.URL.Query().Get("page_size"))
		var keys []AccessKey
		for i := (page - 1) * size; i < min(page*size, n); i++ {
			keys = append(keys, AccessKey{Name: fmt.Sprintf("k%d", i), APIKey: strconv.Itoa(100000 + i)})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_keys": keys, "total": n})
	}))
	t.Cleanup(s.Close)
	return s
}

func TestListAllAccessKeysWalksToTheLastPage(t *testing.T) {
	var calls atomic.Int32
	var queries []string
	s := keyServer(t, 250, &calls, &queries)
	c := coreClient(t, s.URL)
	keys, err := c.ListAllAccessKeys(t.Context(), "env1", &AccessKeyListOptions{SortBy: Ptr("created_at"), Page: Ptr(7)})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 250 || keys[249].Name != "k249" || calls.Load() != 3 {
		t.Fatalf("%d keys in %d calls", len(keys), calls.Load())
	}
	if queries[2] != "page=3&page_size=100&sort_by=created_at" {
		t.Errorf("last query = %q", queries[2])
	}

	calls.Store(0)
	queries = nil
	s2 := keyServer(t, 3, &calls, &queries)
	keys, err = coreClient(t, s2.URL).ListAllAccessKeys(t.Context(), "env1", nil)
	if err != nil || len(keys) != 3 || calls.Load() != 1 {
		t.Fatalf("small list: %d keys in %d calls, err %v (one request expected)", len(keys), calls.Load(), err)
	}
}

func TestListAllUsersWalksPagesAndChunksIDs(t *testing.T) {
	var queries []string
	var mu sync.Mutex
	const n = 230
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		q := r.URL.Query()
		var users []User
		if ids := q["ids[]"]; len(ids) > 0 {
			for _, id := range ids {
				users = append(users, User{ID: id})
			}
		} else {
			page, _ := strconv.Atoi(q.Get("page"))
			size, _ := strconv.Atoi(q.Get("page_size"))
			for i := (page - 1) * size; i < min(page*size, n); i++ {
				users = append(users, User{ID: fmt.Sprintf("u%03d", i)})
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(UsersResponse{Users: users})
	}))
	t.Cleanup(s.Close)
	c := coreClient(t, s.URL)

	users, err := c.ListAllUsers(t.Context(), &UserListOptions{SubAccountID: Ptr("env1")})
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != n || users[n-1].ID != "u229" || len(queries) != 3 {
		t.Fatalf("%d users in %d requests", len(users), len(queries))
	}
	if !strings.Contains(queries[0], "sub_account_id=env1") || !strings.Contains(queries[2], "page=3") {
		t.Errorf("queries = %q", queries)
	}

	// 150 ids: two chunks of at most 100 ids[] keys; the server ignores
	// paging with ids, so a full chunk costs one extra (duplicate) page.
	queries = nil
	var ids []string
	for i := 0; i < 150; i++ {
		ids = append(ids, fmt.Sprintf("id%d", i))
	}
	users, err = c.ListAllUsers(t.Context(), &UserListOptions{IDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 150 {
		t.Fatalf("%d users", len(users))
	}
	for _, q := range queries {
		if c := strings.Count(q, "ids%5B%5D="); c > 100 {
			t.Errorf("a request carried %d ids", c)
		}
	}
	if len(queries) != 3 {
		t.Errorf("requests = %d, want 3 (100 ids + duplicate page, then 50 ids)", len(queries))
	}
}
