package export

import (
	"sort"
	"strconv"
	"strings"
)

// maxSlugLen bounds a resource name derived from data, so a long
// description-like name still gives a readable address.
const maxSlugLen = 60

// foldRunes spells common accented Latin letters in ASCII, so "José" gives
// "jose" rather than "jos".
var foldRunes = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a",
	'æ': "ae", 'ç': "c", 'ć': "c", 'č': "c", 'ď': "d", 'đ': "d", 'ð': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ğ': "g", 'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'į': "i", 'ı': "i",
	'ł': "l", 'ľ': "l", 'ñ': "n", 'ń': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o", 'œ': "oe",
	'ř': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ß': "ss", 'ť': "t", 'ţ': "t", 'þ': "th",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u", 'ų': "u",
	'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z",
}

// Slug turns s into a Terraform name: lowercase ASCII letters, digits and
// single underscores, no leading or trailing underscore, at most 60
// characters. It never starts with a digit: such a slug is prefixed with
// fallback and "_". An s with nothing usable gives fallback.
func Slug(s, fallback string) string {
	var b strings.Builder
	pending := false // an underscore is owed before the next letter or digit
	put := func(r rune) {
		if pending && b.Len() > 0 {
			b.WriteByte('_')
		}
		pending = false
		b.WriteRune(r)
	}
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			put(r)
		case foldRunes[r] != "":
			for _, f := range foldRunes[r] {
				put(f)
			}
		default:
			pending = true
		}
	}
	out := b.String()
	if out == "" {
		return fallback
	}
	if out[0] >= '0' && out[0] <= '9' {
		out = fallback + "_" + out
	}
	if len(out) > maxSlugLen {
		out = out[:maxSlugLen]
		// Cut at the last word boundary when that keeps most of it.
		if i := strings.LastIndexByte(out, '_'); i > maxSlugLen/2 {
			out = out[:i]
		}
		out = strings.TrimRight(out, "_")
	}
	return out
}

// nameRequest asks for a resource name: Base is the wanted name (a slug),
// Key identifies the object, and Order decides, among objects that want the
// same name, which one gets it unsuffixed (the smallest Order, ties broken
// by Key). Using creation times as Order keeps names stable as objects are
// added: the oldest keeps the plain name.
type nameRequest struct {
	Key, Base, Order string
}

// assignNames gives every request a distinct name, deterministically.
// Bases wanted by one object are given as is. Where several objects want
// the same base, the first (by Order, then Key) gets it and the others get
// the base with the smallest suffix _2, _3, ... that no other object's base
// or assigned name uses. The result maps Key to name.
func assignNames(reqs []nameRequest) map[string]string {
	sorted := append([]nameRequest(nil), reqs...)
	sort.Slice(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.Base != b.Base {
			return a.Base < b.Base
		}
		if a.Order != b.Order {
			return a.Order < b.Order
		}
		return a.Key < b.Key
	})
	used := map[string]bool{}
	for _, r := range sorted {
		used[r.Base] = true // every wanted base is reserved for its first claimant
	}
	out := make(map[string]string, len(reqs))
	for i, r := range sorted {
		if i == 0 || sorted[i-1].Base != r.Base {
			out[r.Key] = r.Base
			continue
		}
		for n := 2; ; n++ {
			cand := r.Base + "_" + strconv.Itoa(n)
			if !used[cand] {
				used[cand] = true
				out[r.Key] = cand
				break
			}
		}
	}
	return out
}
