package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	cedar "github.com/cedar-policy/cedar-go"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/cedarlimit"
)

// Cedar support shared by cloudinary_custom_policy (plan-time validation and
// whitespace-insensitive comparison of policy_statement) and the
// provider::cloudinary::validate_cedar function. Parsing is local (cedar-go),
// so `terraform validate` reports syntax errors without calling the API.

// cedarSyntaxError is a Cedar statement that does not parse (or holds no
// policy). Line and Column are 1-based; both are 0 when unknown.
type cedarSyntaxError struct {
	Line, Column int
	Near         string // the offending token, when known
	Message      string
}

func (e *cedarSyntaxError) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d, column %d: ", e.Line, e.Column)
	}
	b.WriteString(e.Message)
	if e.Near != "" {
		fmt.Fprintf(&b, " (near %q)", e.Near)
	}
	return b.String()
}

// cedarParseErrorPattern matches cedar-go's parser errors, e.g.
// `parser error: parse error at <input>:1:36 ";": exact got ) want ;`.
var cedarParseErrorPattern = regexp.MustCompile(`parse error at [^:]*:(\d+):(\d+) ("(?:[^"\\]|\\.)*"): (.*)$`)

// parseCedarStatement checks that statement is well-formed Cedar holding at
// least one policy, as the Permissions API requires of a policy_statement.
// It checks syntax only: entity and action types are checked by the API
// against its schema (see the cloudinary_cedar_schema data source).
func parseCedarStatement(statement string) error {
	return parseNamedCedarStatement("statement", statement)
}

// parseNamedCedarStatement is parseCedarStatement for a statement that
// messages call name. A statement larger than cedarlimit.MaxBytes or nested
// deeper than cedarlimit.MaxDepth is refused with a *cedarlimit.Error before
// cedar-go sees it: cedar-go parses recursively, and a deep enough statement
// overflows the goroutine stack, a fatal error that would crash the provider.
func parseNamedCedarStatement(name, statement string) error {
	if err := cedarlimit.CheckNamed(name, statement); err != nil {
		return err
	}
	ps, err := cedar.NewPolicySetFromBytes("policy_statement", []byte(statement))
	if err != nil {
		return cedarErrorFrom(statement, err)
	}
	for range ps.All() {
		return nil
	}
	return &cedarSyntaxError{Message: "the statement holds no Cedar policy; write at least one permit(...) or forbid(...) policy"}
}

// cedarErrorFrom turns a cedar-go error on statement into a
// cedarSyntaxError with its position and a plainer message.
func cedarErrorFrom(statement string, err error) *cedarSyntaxError {
	msg := err.Error()
	m := cedarParseErrorPattern.FindStringSubmatch(msg)
	if m == nil {
		return &cedarSyntaxError{Message: strings.TrimPrefix(msg, "parser error: ")}
	}
	out := &cedarSyntaxError{}
	out.Line, _ = strconv.Atoi(m[1]) // the pattern guarantees digits
	out.Column, _ = strconv.Atoi(m[2])
	var near string
	if _, err := fmt.Sscanf(m[3], "%q", &near); err == nil {
		out.Near = near
	}
	detail, atEnd := m[4], out.Near == ""
	if g := cedarExpectPattern.FindStringSubmatch(detail); g != nil {
		out.Near = "" // the message names the token found
		// cedar-go reports the position of the token after the one it
		// found; point at the found token itself when it is right there.
		if g[1] != "" {
			if line, col, ok := cedarTokenBefore(statement, out.Line, out.Column, g[1]); ok {
				out.Line, out.Column = line, col
			}
		}
		found := fmt.Sprintf("found %q", g[1])
		if g[1] == "" {
			found = "found the end of the statement"
		}
		detail = fmt.Sprintf("expected %q, %s", g[2], found)
	}
	out.Message = "syntax error: " + detail
	if atEnd {
		// The statement ended too early: point just after its last
		// character rather than at trailing whitespace.
		out.Line, out.Column = cedarEndPosition(statement)
		if !strings.Contains(detail, "end of the statement") {
			out.Message += " at the end of the statement"
		}
	}
	return out
}

// cedarExpectPattern matches cedar-go's "exact got X want Y" and "got X
// want Y" messages.
var cedarExpectPattern = regexp.MustCompile(`^(?:exact )?got (.*) want (.*)$`)

// cedarTokenBefore finds token just before the 1-based position (line,
// column), across whitespace, and returns its own position.
func cedarTokenBefore(s string, line, column int, token string) (int, int, bool) {
	off, l, c := 0, 1, 1
	for off < len(s) && (l < line || (l == line && c < column)) {
		r, size := utf8.DecodeRuneInString(s[off:])
		off += size
		if r == '\n' {
			l, c = l+1, 1
		} else {
			c++
		}
	}
	end := off
	for end > 0 && strings.ContainsRune(" \t\r\n\f\v", rune(s[end-1])) {
		end--
	}
	start := end - len(token)
	if start < 0 || s[start:end] != token {
		return 0, 0, false
	}
	l = 1 + strings.Count(s[:start], "\n")
	c = 1 + utf8.RuneCountInString(s[strings.LastIndexByte(s[:start], '\n')+1:start])
	return l, c, true
}

// cedarEndPosition is the 1-based line and column just after the last
// non-whitespace character of s.
func cedarEndPosition(s string) (line, column int) {
	s = strings.TrimRight(s, " \t\r\n\f\v")
	line = 1 + strings.Count(s, "\n")
	column = 1 + utf8.RuneCountInString(s[strings.LastIndexByte(s, '\n')+1:])
	return line, column
}

// canonicalCedar removes the whitespace differences that do not change a
// Cedar statement: runs of whitespace outside string literals collapse to
// nothing, or to one space between two word characters (`principal in`),
// and trailing whitespace goes. String literals are kept byte for byte, and
// a `//` comment keeps its text and the line break that ends it. Two valid
// statements with the same canonical form differ only in whitespace.
func canonicalCedar(s string) string {
	var b strings.Builder
	pendingSpace, pendingNewline := false, false
	var last byte // last byte written, 0 at the start
	emit := func(c byte) {
		switch {
		case pendingNewline && b.Len() > 0:
			b.WriteByte('\n')
		case pendingSpace && isCedarWordByte(last) && isCedarWordByte(c):
			b.WriteByte(' ')
		}
		pendingSpace, pendingNewline = false, false
		b.WriteByte(c)
		last = c
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			pendingSpace = true
		case c == '"':
			emit(c)
			for i++; i < len(s); i++ {
				b.WriteByte(s[i])
				if s[i] == '\\' && i+1 < len(s) {
					i++
					b.WriteByte(s[i])
					continue
				}
				if s[i] == '"' {
					break
				}
			}
			last = '"'
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			end := strings.IndexByte(s[i:], '\n')
			if end < 0 {
				end = len(s) - i
			}
			comment := strings.TrimRight(s[i:i+end], " \t\r\f\v")
			emit('/')
			b.WriteString(comment[1:])
			last = '/'
			i += end - 1
			pendingNewline = true
		default:
			emit(c)
		}
	}
	return b.String()
}

func isCedarWordByte(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80
}

// cedarStatementsEqual reports whether two statements differ at most in
// whitespace.
func cedarStatementsEqual(a, b string) bool { return a == b || canonicalCedar(a) == canonicalCedar(b) }

// cedarStatementValidator rejects a statement that does not parse, naming
// the attribute, the position and the problem, or that exceeds the size or
// nesting bounds of cedarlimit, naming the attribute and the bound.
type cedarStatementValidator struct{}

func (cedarStatementValidator) Description(context.Context) string {
	return fmt.Sprintf("value must be a well-formed Cedar statement with at least one policy, at most %d bytes long "+
		"and nested at most %d levels deep", cedarlimit.MaxBytes, cedarlimit.MaxDepth)
}

func (v cedarStatementValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (cedarStatementValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	err := parseNamedCedarStatement(req.Path.String(), req.ConfigValue.ValueString())
	var limit *cedarlimit.Error
	switch {
	case errors.As(err, &limit) && limit.Bound == cedarlimit.Size:
		resp.Diagnostics.AddAttributeError(req.Path, "Cedar policy statement too large", limit.Error()+".")
	case errors.As(err, &limit):
		resp.Diagnostics.AddAttributeError(req.Path, "Cedar policy statement nested too deeply", limit.Error()+".")
	case err != nil:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Cedar policy statement",
			fmt.Sprintf("%s is not valid Cedar: %s.", req.Path, err))
	}
}

// whitespaceInsensitiveCedar is the equivalence of Cedar statements.
type whitespaceInsensitiveCedar struct{}

func (whitespaceInsensitiveCedar) name() string                { return "Cedar statement" }
func (whitespaceInsensitiveCedar) differs() string             { return "only in whitespace" }
func (whitespaceInsensitiveCedar) equivalent(a, b string) bool { return cedarStatementsEqual(a, b) }

type (
	// cedarStatementType is the type of policy_statement: a string whose
	// values are equal when they differ only in whitespace, so reformatting a
	// statement in the configuration, or the API returning it reformatted,
	// plans nothing (equivalent_strings.go).
	cedarStatementType = equivalentStringType[whitespaceInsensitiveCedar]
	// cedarStatement is a value of cedarStatementType.
	cedarStatement = equivalentString[whitespaceInsensitiveCedar]
	// keepEquivalentStatement plans the prior statement when the configured
	// one differs from it only in whitespace.
	keepEquivalentStatement = keepEquivalent[whitespaceInsensitiveCedar]
)

func cedarStatementValue(s string) cedarStatement {
	return cedarStatement{StringValue: basetypes.NewStringValue(s)}
}
