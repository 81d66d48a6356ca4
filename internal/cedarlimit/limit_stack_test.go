package cedarlimit

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	cedar "github.com/cedar-policy/cedar-go"
)

// These tests check the bounds against the Go stack that cedar-go (the
// version in go.mod) needs. A stack overflow ends the process, so cedar-go
// runs in a child process: this test binary run again with
// CEDARLIMIT_CHILD naming a file of statements.

// worstCases are the statement shapes that make cedar-go recurse deepest per
// byte, each with f times the levels the bounds allow: nesting constructs at
// f*MaxDepth levels and a chain of binary operators (2 bytes a level, as
// cheap as a chain gets; MaxBytes alone bounds it) at f times the longest
// chain MaxBytes allows.
func worstCases(f int) map[string]string {
	d := f*MaxDepth - 1 // the when { } brace is one level
	// chain repeats link between head(k) and tail(k) (k levels of nesting
	// around the chain), f times as often as fits in MaxBytes around
	// MaxDepth-1 levels.
	chain := func(head, tail func(k int) string, link string) string {
		n := (MaxBytes - len(policy(head(MaxDepth-1)+tail(MaxDepth-1)))) / len(link)
		return policy(head(d) + strings.Repeat(link, f*n) + tail(d))
	}
	return map[string]string{
		"parentheses": policy(nested(d, "true")),
		"brackets":    policy(strings.Repeat("[", d) + strings.Repeat("]", d) + ".isEmpty()"),
		"records":     policy(strings.Repeat("{a:", d) + "1" + strings.Repeat("}", d) + " has a"),
		"unary !":     policy(strings.Repeat("!", d) + "true"),
		"unary -":     policy(strings.Repeat("-", d) + "context.n == 1"),
		"!(":          policy(strings.Repeat("!(", d/2) + "true" + strings.Repeat(")", d/2)),
		"chain of +":  chain(func(int) string { return "1" }, func(int) string { return " == 2" }, "+1"),
		"chain of .":  chain(func(int) string { return "context" }, func(int) string { return " == 1" }, ".a"),
		"chain of + in records": chain(
			func(k int) string { return strings.Repeat("{a:", k) + "1" },
			func(k int) string { return strings.Repeat("}", k) + " has a" }, "+1"),
	}
}

// TestWorstCasesAtTheBounds: the worst cases pass Check at the bounds (so
// they are what the bounds let through) and fail it beyond.
func TestWorstCasesAtTheBounds(t *testing.T) {
	for name, stmt := range worstCases(1) {
		if err := Check(stmt); err != nil {
			t.Errorf("%s at the bounds: %v", name, err)
		}
		if _, err := cedar.NewPolicySetFromBytes("x", []byte(stmt)); err != nil {
			t.Errorf("%s at the bounds does not parse: %v", name, err)
		}
	}
	for name, stmt := range worstCases(2) {
		if Check(stmt) == nil {
			t.Errorf("%s at twice the bounds passes Check", name)
		}
	}
}

// TestBoundsFarBelowStackOverflow: statements 100 times deeper than the
// bounds allow (up to 409,600 levels) still parse with the default goroutine
// stack limit, so what the bounds let through is at least 100 times below
// what overflows it. (The default limit is 1 GB; a goroutine's stack doubles
// as it grows, so in practice the parse fails once it needs more than 512
// MiB: cedar-go v1.9.1 takes about 1.1 KiB a chain level and 1.6 KiB a
// parenthesis.)
func TestBoundsFarBelowStackOverflow(t *testing.T) {
	if testing.Short() {
		t.Skip("needs about 1 GB of memory for a few seconds")
	}
	out, ok := parseInChild(t, worstCases(100))
	if !ok {
		t.Fatalf("cedar-go overflowed the stack on a statement 100 times beyond the bounds:\n%s", out)
	}
}

// TestCrashInputsOverflowCedarGo shows why the bounds exist: the inputs of
// the bug report end the process when cedar-go parses them. Set
// CEDARLIMIT_CRASH_PROBE=1 to run it (it grows a 512 MiB stack).
func TestCrashInputsOverflowCedarGo(t *testing.T) {
	if os.Getenv("CEDARLIMIT_CRASH_PROBE") == "" {
		t.Skip("set CEDARLIMIT_CRASH_PROBE=1 to run")
	}
	for name, stmt := range map[string]string{
		"1 MiB of nested parentheses": policy(nested((1<<20)/2, "true")),
		`"!"*990000 in a condition`:   policy(strings.Repeat("!", 990000) + "true"),
	} {
		out, ok := parseInChild(t, map[string]string{name: stmt})
		if ok || !strings.Contains(out, "stack overflow") {
			t.Errorf("%s: cedar-go did not overflow the stack:\n%s", name, out)
		}
		if Check(stmt) == nil {
			t.Errorf("%s passes Check", name)
		}
	}
}

// parseInChild parses each statement with cedar-go in a child process and
// reports its output and whether every parse returned.
func parseInChild(t *testing.T, stmts map[string]string) (string, bool) {
	t.Helper()
	dir := t.TempDir()
	var names []string
	for name, stmt := range stmts {
		f := filepath.Join(dir, fmt.Sprint(len(names)))
		if err := os.WriteFile(f, []byte(stmt), 0o600); err != nil {
			t.Fatal(err)
		}
		names = append(names, name+"="+f)
	}
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestStackChild$", "-test.v")
	cmd.Env = append(os.Environ(), "CEDARLIMIT_CHILD="+strings.Join(names, "\n"))
	out, _ := cmd.CombinedOutput()
	if len(out) > 4000 {
		out = out[:4000] // the first lines of a stack overflow say enough
	}
	return string(out), strings.Contains(string(out), "CHILD-DONE")
}

// TestStackChild is the child of parseInChild.
func TestStackChild(t *testing.T) {
	spec := os.Getenv("CEDARLIMIT_CHILD")
	if spec == "" {
		t.Skip("run by parseInChild")
	}
	for _, line := range strings.Split(spec, "\n") {
		name, file, _ := strings.Cut(line, "=")
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("parsing %s (%d bytes)\n", name, len(b))
		_, err = cedar.NewPolicySetFromBytes("x", b)
		fmt.Printf("parsed %s: error %v\n", name, err != nil)
	}
	fmt.Println("CHILD-DONE")
}
