package cedarlimit

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// policy wraps a condition in a policy that parses.
func policy(cond string) string {
	return "permit(principal, action, resource) when { " + cond + " };"
}

// nested is cond inside n parentheses.
func nested(n int, cond string) string {
	return strings.Repeat("(", n) + cond + strings.Repeat(")", n)
}

func TestMeasure(t *testing.T) {
	for _, c := range []struct {
		name, stmt string
		want       int
	}{
		{"empty", "", 0},
		{"scope only", `permit(principal, action, resource is Cloudinary::Folder);`, 1},
		{"condition", `permit(principal, action == Cloudinary::Action::"read", resource) when { resource.ancestor_ids.contains("x") };`, 2},
		{"set in the scope", `permit(principal, action in [Cloudinary::Action::"read"], resource);`, 2},
		{"parentheses", policy(nested(5, "true")), 1 + 5},
		{"brackets", policy(`[[["a"]]].isEmpty()`), 1 + 3},
		{"records", policy(`{a: {b: {c: 1}}} has a`), 1 + 3},
		{"unary run", policy("!!!true"), 1 + 3},
		{"unary runs with whitespace and comments", policy("! - ! // x\n - true"), 1 + 4},
		{"unary then parentheses", policy("!(!(true))"), 1 + 4},
		{"unary operand continues after a group", policy(`!(context).contains(!true)`), 1 + 1 + 1 + 1},
		{"operands end at binary operators", policy("!a && !b || !c == !d"), 1 + 1},
		{"binary minus is not unary", policy("1 - 1 - -1 == x - - - 1"), 1 + 2},
		{"negative literal", policy("-1 < 0"), 1 + 1},
		{"!= is not unary", policy("a != b && c!=d"), 1},
		{"keywords end operands", policy("if !a then !b else !c"), 1 + 1},
		{"attribute named like a keyword", policy("!!context.if.then"), 1 + 2},
		{"separators end operands", policy(`[!a, !b, {k: !c, l: !!d}]`), 1 + 1 + 1 + 2},
		{"string with parentheses", policy(`context.s == "((((([[[[{{{{!!!!"`), 1},
		{"string with escaped quote", policy(`context.s == "\"((((\\" && ((true))`), 1 + 2},
		{"string with a comment marker", policy(`context.url like "http://x/*" && (true)`), 1 + 1},
		{"comment", "// ((((((((!!!!!!\n" + policy("true"), 1},
		{"comment at the end", policy("true") + " // ((((", 1},
		{"comment with a quote", "// \"\n" + policy("(true)") + ` // "`, 2},
		{"unterminated string", `permit(principal, action, resource) when { "((((`, 1},
		{"closers without openers", ")))]]}}}(((", 3},
		{"openers without closers", strings.Repeat("(", 10), 10},
		{"multi-byte text", policy(`context.ü == "é(" && (true)`), 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Measure(c.stmt).Max; got != c.want {
				t.Errorf("Measure(%q).Max = %d, want %d", c.stmt, got, c.want)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	// A statement of exactly n bytes: a policy padded by a comment.
	ofSize := func(n int) string {
		p := policy("true") + "\n// "
		return p + strings.Repeat("x", n-len(p))
	}
	// depth returns a parseable statement nesting exactly n deep.
	depth := func(n int) string { return policy(nested(n-1, "true")) }
	oneMiB := policy(nested((1<<20)/2, "true"))

	for _, c := range []struct {
		name, stmt string
		wantErr    string // "" for no error
	}{
		{"small", `permit(principal, action, resource);`, ""},
		{"size at the limit", ofSize(MaxBytes), ""},
		{"size over the limit", ofSize(MaxBytes + 1),
			fmt.Sprintf("statement is %d bytes; Cedar statements are limited to %d bytes", MaxBytes+1, MaxBytes)},
		{"depth at the limit", depth(MaxDepth), ""},
		{"depth over the limit", depth(MaxDepth + 1),
			"statement: nesting depth 65 exceeds the limit of 64 (brackets, parentheses, braces and unary ! or - " +
				"operators nested in one another), first exceeded at line 1, column " + fmt.Sprint(len("permit(principal, action, resource) when { ")+MaxDepth)},
		{"unary run at the limit", policy(strings.Repeat("!", MaxDepth-1) + "true"), ""},
		{"unary run over the limit", policy(strings.Repeat("!", MaxDepth) + "true"), "nesting depth 65 exceeds the limit of 64"},
		{"unary runs in parentheses over the limit", policy(strings.Repeat("!(", 32) + "true" + strings.Repeat(")", 32)),
			"nesting depth 65 exceeds the limit of 64"},
		{"position on a later line", "permit(principal, action, resource)\nwhen {\n  " + nested(MaxDepth, "true") + "\n};",
			"first exceeded at line 3, column 66"},
		{"parentheses in a string do not count", policy(`context.s == "` + strings.Repeat("(", 1000) + `"`), ""},
		{"parentheses in a comment do not count", "// " + strings.Repeat("(", 1000) + "\n" + policy("true"), ""},
		{"1 MiB of nested parentheses", oneMiB,
			fmt.Sprintf("statement is %d bytes; Cedar statements are limited to %d bytes", len(oneMiB), MaxBytes)},
		{`"!"*990000`, strings.Repeat("!", 990000),
			fmt.Sprintf("statement is 990000 bytes; Cedar statements are limited to %d bytes", MaxBytes)},
		{"! run over the limit in a small statement", strings.Repeat("!", 1000),
			"statement: nesting depth 1000 exceeds the limit of 64"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := Check(c.stmt)
			if c.wantErr == "" {
				if err != nil {
					t.Fatalf("Check: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("Check = %v, want an error containing %q", err, c.wantErr)
			}
			var le *Error
			if !errors.As(err, &le) || le.Limit == 0 || le.Value <= le.Limit {
				t.Fatalf("Check = %#v, want an *Error over its limit", err)
			}
		})
	}
	if got := Measure(depth(MaxDepth)).Max; got != MaxDepth {
		t.Fatalf("depth(MaxDepth) measures %d", got)
	}
	if got := len(ofSize(MaxBytes)); got != MaxBytes {
		t.Fatalf("ofSize(MaxBytes) is %d bytes", got)
	}
}

func TestCheckNamed(t *testing.T) {
	err := CheckNamed("policy_statement", strings.Repeat("x", MaxBytes+1))
	want := fmt.Sprintf("policy_statement is %d bytes; Cedar statements are limited to %d bytes", MaxBytes+1, MaxBytes)
	if err == nil || err.Error() != want {
		t.Fatalf("CheckNamed = %v, want %q", err, want)
	}
	err = CheckNamed("policy_statement", nested(MaxDepth+1, "x"))
	if err == nil || !strings.HasPrefix(err.Error(), "policy_statement: nesting depth 65 exceeds the limit of 64") {
		t.Fatalf("CheckNamed = %v", err)
	}
	var le *Error
	if !errors.As(err, &le) || le.Bound != Depth || le.Line != 1 || le.Column != MaxDepth+1 {
		t.Fatalf("CheckNamed = %#v", err)
	}
}

// TestMeasureLinear: Measure neither recurses nor slows down on deep input:
// 16 Mi nested parentheses (a depth at which a recursive scan would overflow
// the stack and crash the test) and as many unary operators are measured
// right. It asserts no time, which a loaded CI machine would make flaky: a
// quadratic scan of these inputs would not end before the test timeout, and
// BenchmarkMeasure reports the speed.
func TestMeasureLinear(t *testing.T) {
	const n = 16 << 20
	for _, s := range measureInputs(n) {
		d := Measure(s)
		if s[0] == '"' {
			if d.Max != 0 {
				t.Errorf("strings measured %d deep", d.Max)
			}
		} else if d.Max < n/2 {
			t.Errorf("Measure(%.10q…).Max = %d", s, d.Max)
		}
	}
}

// measureInputs are TestMeasureLinear's deep inputs of about n bytes.
func measureInputs(n int) []string {
	return []string{strings.Repeat("(", n), strings.Repeat("!", n), nested(n/2, "x"), strings.Repeat(`"(" `, n/4)}
}

// BenchmarkMeasure: Measure's speed on TestMeasureLinear's inputs at 1 MiB
// (go test -run '^$' -bench Measure ./internal/cedarlimit).
func BenchmarkMeasure(b *testing.B) {
	inputs := measureInputs(1 << 20)
	for b.Loop() {
		for _, s := range inputs {
			Measure(s)
		}
	}
}
