package export

import (
	"maps"
	"regexp"
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ in, fallback, want string }{
		{"alice@example.com", "user", "alice_example_com"},
		{"Bob.Smith+tag@Example.COM", "user", "bob_smith_tag_example_com"},
		{"  Marketing & Brand  ", "group", "marketing_brand"},
		{"acme-prod", "env", "acme_prod"},
		{"José Müller-Łukasz", "user", "jose_muller_lukasz"},
		{"Straße", "x", "strasse"},
		{"日本語", "group", "group"},
		{"", "role", "role"},
		{"---", "role", "role"},
		{"123abc", "key", "key_123abc"},
		{"9", "env", "env_9"},
		{"a__b--c", "x", "a_b_c"},
		{"_leading_and_trailing_", "x", "leading_and_trailing"},
		{"Read the ${brand} folder", "policy", "read_the_brand_folder"},
		{"cld::role::folder::viewer", "role", "cld_role_folder_viewer"},
	} {
		if got := Slug(tc.in, tc.fallback); got != tc.want {
			t.Errorf("Slug(%q, %q) = %q, want %q", tc.in, tc.fallback, got, tc.want)
		}
	}
}

func TestSlug_isAlwaysAValidName(t *testing.T) {
	valid := regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)
	long := strings.Repeat("word ", 40)
	for _, in := range []string{long, strings.Repeat("x", 200), "0" + long, "\x00\xff", "a b", "ÆØÅ", "🙂 smile"} {
		got := Slug(in, "obj")
		if !valid.MatchString(got) || len(got) > maxSlugLen || strings.HasSuffix(got, "_") || strings.Contains(got, "__") {
			t.Errorf("Slug(%q) = %q: not a clean name of at most %d characters", in, got, maxSlugLen)
		}
	}
	// Long names are cut at a word boundary.
	if got := Slug(long, "obj"); got != strings.TrimSuffix(strings.Repeat("word_", 12), "_") {
		t.Errorf("Slug(long) = %q", got)
	}
}

func TestAssignNames(t *testing.T) {
	got := assignNames([]nameRequest{
		{Key: "k1", Base: "bob", Order: "2024-02"},
		{Key: "k2", Base: "bob", Order: "2024-01"}, // older: keeps "bob"
		{Key: "k3", Base: "bob_2", Order: "2025"},  // a real "bob_2": keeps it
		{Key: "k4", Base: "bob", Order: "2024-03"},
		{Key: "k5", Base: "alice", Order: "2024-01"},
		{Key: "k6", Base: "x", Order: "same"},
		{Key: "k7", Base: "x", Order: "same"}, // tie: the key decides
	})
	want := map[string]string{
		"k2": "bob", "k1": "bob_3", "k3": "bob_2", "k4": "bob_4",
		"k5": "alice", "k6": "x", "k7": "x_2",
	}
	if !maps.Equal(got, want) {
		t.Errorf("assignNames = %v, want %v", got, want)
	}
	// The result does not depend on the input order.
	again := assignNames([]nameRequest{
		{Key: "k7", Base: "x", Order: "same"}, {Key: "k4", Base: "bob", Order: "2024-03"},
		{Key: "k3", Base: "bob_2", Order: "2025"}, {Key: "k6", Base: "x", Order: "same"},
		{Key: "k1", Base: "bob", Order: "2024-02"}, {Key: "k5", Base: "alice", Order: "2024-01"},
		{Key: "k2", Base: "bob", Order: "2024-01"},
	})
	if !maps.Equal(again, want) {
		t.Errorf("assignNames (shuffled) = %v, want %v", again, want)
	}
	// Names are unique.
	seen := map[string]bool{}
	for _, n := range got {
		if seen[n] {
			t.Errorf("name %q given twice", n)
		}
		seen[n] = true
	}
}
