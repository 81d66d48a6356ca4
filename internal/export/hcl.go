package export

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file renders the small subset of HCL the export needs, in the layout
// `terraform fmt` produces (so a fmt run on the output changes nothing):
// two-space indentation, and the "=" of consecutive one-line attributes
// aligned one column after the longest name of the run. A multi-line list
// breaks a run, as it does for fmt; a heredoc does not (fmt treats the whole
// heredoc as one line).

// value is an attribute value.
type value interface{ isValue() }

// str is a literal string, rendered quoted (or as a heredoc, see heredoc).
type str string

// ref is a raw expression, such as cloudinary_user.alice.id.
type ref string

// boolean is a literal bool.
type boolean bool

// list is a list (or set) literal. Lists of more than one element are
// written one element per line.
type list []value

// object is a map literal with its keys in the given order.
type object []objectEntry

type objectEntry struct {
	Key   string
	Value value
}

// heredoc is a multi-line string written as <<EOT ... EOT. The value it
// denotes always ends with a newline.
type heredoc string

func (str) isValue()     {}
func (ref) isValue()     {}
func (boolean) isValue() {}
func (list) isValue()    {}
func (object) isValue()  {}
func (heredoc) isValue() {}

// quote renders s as an HCL quoted string: the JSON-like escapes HCL knows,
// \uNNNN for other control and non-printable characters, and the template
// sequences "${" and "%{" doubled so they stay literal.
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !validRuneAt(s, i):
			b.WriteString(`\ufffd`) // invalid UTF-8: HCL files must be UTF-8
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case (r == '$' || r == '%') && strings.HasPrefix(s[i+1:], "{"):
			b.WriteRune(r)
			b.WriteRune(r)
		case !unicode.IsPrint(r) && r != ' ':
			if r > 0xFFFF {
				fmt.Fprintf(&b, `\U%08x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func validRuneAt(s string, i int) bool {
	r, size := utf8.DecodeRuneInString(s[i:])
	return r != utf8.RuneError || size > 1
}

// heredocSafe reports whether s can be written as a heredoc that denotes s
// exactly, apart from the newline a heredoc always ends with: it must be
// valid UTF-8 with no control characters other than newline and tab.
func heredocSafe(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r != '\n' && r != '\t' && (unicode.IsControl(r) || !unicode.IsPrint(r) && r != ' ') {
			return false
		}
	}
	return true
}

// multilineString picks the representation of a string that may span
// lines: a heredoc when it has several lines and heredocSafe allows it, the
// quoted form otherwise. A heredoc adds a final newline when s lacks one;
// use it only for attributes compared without regard to whitespace.
func multilineString(s string) value {
	if strings.Contains(strings.TrimSuffix(s, "\n"), "\n") && heredocSafe(s) {
		return heredoc(s)
	}
	return str(s)
}

// heredocMarker returns a closing marker that no line of s could be taken
// for.
func heredocMarker(s string) string {
	lines := strings.Split(s, "\n")
	for n := 0; ; n++ {
		m := "EOT"
		if n > 0 {
			m += strconv.Itoa(n)
		}
		if !slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, m) }) {
			return m
		}
	}
}

// escapeTemplate doubles the template introducers "${" and "%{", which are
// interpreted inside heredocs as in quoted strings.
func escapeTemplate(s string) string {
	var b strings.Builder
	for i, r := range s {
		if (r == '$' || r == '%') && strings.HasPrefix(s[i+1:], "{") {
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// identifierRE matches a bare HCL identifier, usable as an object key
// without quotes.
var identifierRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// renderInline renders v on one line; ok is false for values that need
// several lines (heredocs, lists of more than one element).
func renderInline(v value) (string, bool) {
	switch v := v.(type) {
	case str:
		return quote(string(v)), true
	case ref:
		return string(v), true
	case boolean:
		return strconv.FormatBool(bool(v)), true
	case list:
		switch len(v) {
		case 0:
			return "[]", true
		case 1:
			inner, ok := renderInline(v[0])
			if !ok {
				return "", false
			}
			return "[" + inner + "]", true
		}
		return "", false
	case object:
		if len(v) == 0 {
			return "{}", true
		}
		parts := make([]string, 0, len(v))
		for _, e := range v {
			inner, ok := renderInline(e.Value)
			if !ok {
				return "", false
			}
			parts = append(parts, objectKey(e.Key)+" = "+inner)
		}
		return "{ " + strings.Join(parts, ", ") + " }", true
	}
	return "", false
}

func objectKey(k string) string {
	if identifierRE.MatchString(k) {
		return k
	}
	return quote(k)
}

// item is one line-ish element of a block body.
type item struct {
	comment string // a "# ..." line when name is ""
	name    string
	value   value
}

// block is a top-level block such as resource "t" "n" { ... }.
type block struct {
	header  string // e.g. `resource "cloudinary_user" "alice"`
	comment []string
	items   []item
}

func (b *block) attr(name string, v value) { b.items = append(b.items, item{name: name, value: v}) }

// render writes the block in terraform fmt layout.
func (b *block) render(w *strings.Builder) {
	for _, c := range b.comment {
		writeComment(w, "", c)
	}
	w.WriteString(b.header)
	w.WriteString(" {\n")
	renderBody(w, b.items, "  ")
	w.WriteString("}\n")
}

func writeComment(w *strings.Builder, indent, text string) {
	for _, line := range strings.Split(text, "\n") {
		w.WriteString(strings.TrimRight(indent+"# "+line, " "))
		w.WriteByte('\n')
	}
}

// renderBody writes items; the "=" of each run of one-line (or heredoc)
// attributes is aligned.
func renderBody(w *strings.Builder, items []item, indent string) {
	aligned := func(it item) bool {
		if it.name == "" {
			return false
		}
		if _, ok := it.value.(heredoc); ok {
			return true
		}
		_, ok := renderInline(it.value)
		return ok
	}
	for i := 0; i < len(items); {
		if !aligned(items[i]) {
			writeItem(w, items[i], indent, len(items[i].name))
			i++
			continue
		}
		j, width := i, 0
		for ; j < len(items) && aligned(items[j]); j++ {
			width = max(width, len(items[j].name))
		}
		for _, it := range items[i:j] {
			writeItem(w, it, indent, width)
		}
		i = j
	}
}

func writeItem(w *strings.Builder, it item, indent string, width int) {
	if it.name == "" {
		writeComment(w, indent, it.comment)
		return
	}
	w.WriteString(indent)
	w.WriteString(it.name)
	w.WriteString(strings.Repeat(" ", width-len(it.name)+1))
	w.WriteString("= ")
	switch v := it.value.(type) {
	case heredoc:
		m := heredocMarker(string(v))
		w.WriteString("<<" + m + "\n")
		w.WriteString(escapeTemplate(string(v)))
		if !strings.HasSuffix(string(v), "\n") {
			w.WriteByte('\n')
		}
		w.WriteString(m + "\n")
		return
	case list:
		if s, ok := renderInline(v); ok {
			w.WriteString(s + "\n")
			return
		}
		w.WriteString("[\n")
		for _, e := range v {
			s, ok := renderInline(e)
			if !ok {
				panic("export: nested multi-line value") // never built
			}
			w.WriteString(indent + "  " + s + ",\n")
		}
		w.WriteString(indent + "]\n")
		return
	}
	s, ok := renderInline(it.value)
	if !ok {
		panic("export: value cannot be rendered") // never built
	}
	w.WriteString(s + "\n")
}
