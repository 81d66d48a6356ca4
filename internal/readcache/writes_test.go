package readcache

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
)

// clientOperations reads, from the client's source, every operation it
// sends and its method: the list the table must cover, without a second
// list to keep in step.
func clientOperations(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("../client/*.go")
	if err != nil {
		t.Fatal(err)
	}
	opRE := regexp.MustCompile(`op:\s*"(\w+)",\s*\n\s*method:\s*http\.Method(\w+)`)
	ops := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range opRE.FindAllStringSubmatch(string(b), -1) {
			ops[m[1]] = m[2]
		}
	}
	if len(ops) < 40 {
		t.Fatalf("found only %d operations in the client's source: the pattern no longer matches how requests are written", len(ops))
	}
	return ops
}

// TestWrites_coversEveryWrite: the first invariant of
// writes.go.
func TestWrites_coversEveryWrite(t *testing.T) {
	ops := clientOperations(t)
	for op, method := range ops {
		if _, ok := writeInvalidates[op]; !ok && method != "Get" {
			t.Errorf("the client sends %s (%s) but writeInvalidates has no entry for it", op, method)
		}
	}
	for op := range writeInvalidates {
		method, ok := ops[op]
		if !ok || method == "Get" {
			t.Errorf("writeInvalidates names %s, which the client does not send with a method other than GET (%q)", op, method)
		}
	}
	for _, op := range []string{"inspectMultiple", "validateCedarPolicy"} {
		if kinds := writeInvalidates[op]; len(kinds) != 0 {
			t.Errorf("%s only reads but drops %v", op, kinds)
		}
	}
}

// TestWrites_unknownDropsEverything: the second invariant.
func TestWrites_unknownDropsEverything(t *testing.T) {
	s := newCache()
	s.invalidateAfterWrite("someFutureOperation")
	for _, k := range allKinds {
		if s.generation[k] != 1 {
			t.Errorf("kind %d not dropped by an operation the table does not know", k)
		}
	}
	if len(allKinds) != int(Catalog)+1 {
		t.Errorf("allKinds lists %d kinds, Kind has %d", len(allKinds), int(Catalog)+1)
	}
}

// TestWrites_noWriteDropsTheCatalog: the public permissions catalog is the
// same for every account, so no write of the account makes it stale.
func TestWrites_noWriteDropsTheCatalog(t *testing.T) {
	for op, kinds := range writeInvalidates {
		if slices.Contains(kinds, Catalog) {
			t.Errorf("%s drops the catalog", op)
		}
	}
}

// TestWrites_throughTheClient: a write through the client drops
// the kinds its entry names, also when it fails (it may have landed), and a
// GET drops nothing; a later cached read goes to the API again.
func TestWrites_throughTheClient(t *testing.T) {
	srv := emulatortest.Start(t)
	c, err := client.New(client.Config{AccountID: srv.AccountID, APIKey: srv.APIKey, APISecret: srv.APISecret, BaseURL: srv.URL, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	r := New(c)
	ctx := t.Context()
	gens := func() []int {
		r.cache.mu.Lock()
		defer r.cache.mu.Unlock()
		out := make([]int, len(allKinds))
		for i, k := range allKinds {
			out[i] = r.cache.generation[k]
		}
		return out
	}
	before := gens()
	if _, err := c.GetUsers(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(gens(), before) {
		t.Fatal("a GET invalidated the cache")
	}

	if _, err := c.CreateUserGroup(ctx, client.UserGroupRequest{Name: "g"}); err != nil {
		t.Fatal(err)
	}
	after := gens()
	for i, k := range allKinds {
		want := before[i]
		if slices.Contains(writeInvalidates["createUserGroup"], k) {
			want++
		}
		if after[i] != want {
			t.Errorf("after createUserGroup, kind %d generation %d, want %d", k, after[i], want)
		}
	}

	// A refused write (the name is taken) still drops its kinds.
	if _, err := c.CreateUserGroup(ctx, client.UserGroupRequest{Name: "g"}); err == nil {
		t.Fatal("a second group of the same name was created")
	}
	if got := gens()[slices.Index(allKinds, UserGroups)]; got != after[slices.Index(allKinds, UserGroups)]+1 {
		t.Errorf("a failed write did not drop user groups (generation %d)", got)
	}
}
