// Package cedarlimit bounds the size and nesting depth of a Cedar statement
// before it reaches cedar-go.
//
// cedar-go parses and compiles a statement recursively, taking 1 to 2.5 KiB
// of goroutine stack per level of nesting, and a Go stack overflow is a
// fatal error that no recover() can catch: a statement of 1 MiB of nested
// parentheses ends the whole process, be it the provider plugin (`terraform
// validate` reports "plugin crashed") or the emulator. Check is cheap (one
// linear pass, no recursion) and runs before every parse, so that such a
// statement is an ordinary error instead.
//
// The bounds are far above what real policies need and far below what
// overflows the stack:
//
//   - The system policies (the emulator's catalog, 36 statements, and the
//     examples of the API document, 26) are at most 846 bytes long and nest
//     at most 2 levels deep: MaxBytes leaves a margin of almost 10 times,
//     MaxDepth of 32 times. (Amazon Verified Permissions, also Cedar, caps a
//     policy at 10,000 bytes.)
//   - The default goroutine stack limit is 1 GB, and as a stack grows by
//     doubling, a parse fails once it needs more than 512 MiB. cedar-go
//     v1.9.1 gets there at about 325,000 nested parentheses, 217,000
//     nested records or 500,000 unary operators in a row: MaxDepth is over
//     3,000 times below. Chains of binary operators or attribute accesses
//     (`1+1+…`, `a.b.c…`, `if … else if …`) recurse too, about 1.1 KiB a
//     level, and as a link takes at least 2 bytes MaxBytes caps them at
//     4,096 levels, against about 500,000 that overflow: 120 times below.
//     limit_stack_test.go checks that statements 100 times beyond the
//     bounds still parse.
package cedarlimit

import "fmt"

const (
	// MaxBytes is the largest statement accepted, in bytes (UTF-8).
	MaxBytes = 8192
	// MaxDepth is the deepest nesting accepted: brackets, parentheses and
	// braces that are open, plus the unary operators (! and -) whose
	// operand has not ended yet.
	MaxDepth = 64
)

// Bound names the bound a statement exceeds.
type Bound string

const (
	// Size is MaxBytes.
	Size Bound = "size"
	// Depth is MaxDepth.
	Depth Bound = "depth"
)

// Error is a statement that exceeds a bound. Name is what the message calls
// the statement ("statement" from Check, an attribute name from
// CheckNamed).
type Error struct {
	Name  string
	Bound Bound
	// Value is the statement's size in bytes (Size) or its greatest
	// nesting depth (Depth); Limit is MaxBytes or MaxDepth.
	Value, Limit int
	// Line and Column (1-based, columns in bytes) are where the nesting
	// first went past MaxDepth; 0 for Size.
	Line, Column int
}

func (e *Error) Error() string {
	if e.Bound == Size {
		return fmt.Sprintf("%s is %d bytes; Cedar statements are limited to %d bytes", e.Name, e.Value, e.Limit)
	}
	return fmt.Sprintf("%s: nesting depth %d exceeds the limit of %d (brackets, parentheses, braces and unary ! or - "+
		"operators nested in one another), first exceeded at line %d, column %d", e.Name, e.Value, e.Limit, e.Line, e.Column)
}

// Check returns an *Error when statement is larger than MaxBytes or nests
// deeper than MaxDepth, and nil otherwise. It does not check the syntax:
// a statement within the bounds still has to parse.
func Check(statement string) error { return CheckNamed("statement", statement) }

// CheckNamed is Check with the statement called name in the message, e.g.
// "policy_statement".
func CheckNamed(name, statement string) error {
	if len(statement) > MaxBytes {
		return &Error{Name: name, Bound: Size, Value: len(statement), Limit: MaxBytes}
	}
	if d := Measure(statement); d.Max > MaxDepth {
		return &Error{Name: name, Bound: Depth, Value: d.Max, Limit: MaxDepth, Line: d.Line, Column: d.Column}
	}
	return nil
}

// DepthResult is what Measure finds.
type DepthResult struct {
	// Max is the greatest nesting depth.
	Max int
	// Line and Column (1-based, columns in bytes) are where the depth
	// first went past MaxDepth; 0 when it never did.
	Line, Column int
}

// Measure scans statement once, without recursion, and returns its greatest
// nesting depth: at any point, the number of brackets ([), parentheses and
// braces still open, plus the unary operators (! and -) still waiting for
// the end of their operand. An operand ends at a binary operator (&&, ||,
// ==, !=, <, <=, >, >=, +, *, binary -), a separator (, ; :), one of the
// keywords if, then, else, in, has, like, is, or when its enclosing group
// closes; so `!!!x` is 3 deep, `!(!(x))` 4 and `!a && !b` 1. Characters
// inside string literals (double-quoted, with backslash escapes) and //
// comments do not count. The count is an upper bound of how deep cedar-go
// recurses into the statement, apart from the chains of binary operators that
// MaxBytes bounds.
func Measure(statement string) DepthResult {
	var (
		res DepthResult
		// depth counts every open group and pending unary operator;
		// pending is the unary operators pending in the innermost group,
		// and outer the values of pending in the enclosing groups.
		depth, pending int
		outer          []int
		// operand is true when the last token ends an operand, so that a
		// following - is binary; member is true after . or ::, where a
		// word is a name, never a keyword.
		operand, member bool
		line, lineStart = 1, 0
	)
	deeper := func(i int) {
		depth++
		if depth > res.Max {
			res.Max = depth
		}
		if depth > MaxDepth && res.Line == 0 {
			res.Line, res.Column = line, i-lineStart+1
		}
	}
	release := func() {
		depth -= pending
		pending = 0
	}
	s := statement
	for i := 0; i < len(s); i++ {
		c := s[i]
		// Whitespace and comments separate tokens and change nothing else.
		switch {
		case c == '\n':
			line, lineStart = line+1, i+1
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			continue
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			// To the end of the line; the next iteration counts the newline.
			for i+1 < len(s) && s[i+1] != '\n' {
				i++
			}
			continue
		}
		name := member
		member = false
		switch {
		case c == '"':
			// A string literal, to its closing quote or the end.
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				if s[i] == '\n' {
					line, lineStart = line+1, i+1
				}
			}
			operand = true
		case c == '(' || c == '[' || c == '{':
			outer = append(outer, pending)
			pending = 0
			deeper(i)
			operand = false
		case c == ')' || c == ']' || c == '}':
			if len(outer) > 0 {
				// Unbalanced closers are the parser's to report.
				release()
				depth--
				pending = outer[len(outer)-1]
				outer = outer[:len(outer)-1]
			}
			operand = true
		case c == '!' && (i+1 >= len(s) || s[i+1] != '='):
			pending++
			deeper(i)
			operand = false
		case c == '-' && !operand:
			pending++
			deeper(i)
		case isWordByte(c):
			start := i
			for i+1 < len(s) && isWordByte(s[i+1]) {
				i++
			}
			operand = true
			if !name && isKeyword(s[start:i+1]) {
				release()
				operand = false
			}
		case c == '.':
			// Attribute access or method call: the operand goes on.
			operand, member = false, true
		case c == ':' && i+1 < len(s) && s[i+1] == ':':
			// A path separator (Cloudinary::User): part of the operand.
			i++
			operand, member = false, true
		default:
			// Binary operators (two-character ones in one step),
			// separators and anything else.
			if i+1 < len(s) && isOperatorPair(c, s[i+1]) {
				i++
			}
			release()
			operand = false
		}
	}
	return res
}

// isKeyword reports whether w is a keyword that ends the operand of a unary
// operator before it.
func isKeyword(w string) bool {
	switch w {
	case "if", "then", "else", "in", "has", "like", "is", "when", "unless":
		return true
	}
	return false
}

// isOperatorPair reports whether a and b make one two-character operator
// (&&, ||, ==, !=, <=, >=).
func isOperatorPair(a, b byte) bool {
	return (a == '&' && b == '&') || (a == '|' && b == '|') || (b == '=' && (a == '=' || a == '!' || a == '<' || a == '>'))
}

// isWordByte reports whether c can be part of an identifier, keyword or
// number; bytes of multi-byte UTF-8 characters count as word bytes.
func isWordByte(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80
}
