// Package examplestest checks the example configurations under examples/:
// every directory that holds .tf files must be `terraform fmt` clean and
// pass `terraform validate` against the provider's real schema. The examples
// become the registry documentation (tfplugindocs) and examples/complete is
// what `make demo` applies, so a typo or a renamed attribute must fail the
// build rather than a reader.
//
// The package holds only tests. They build the provider from the
// repository root into a temporary directory and point Terraform at it with
// a dev_overrides CLI configuration of their own, so `terraform validate`
// loads the schema without `terraform init`, a registry or credentials. Each
// example is copied to a temporary directory first: nothing is written under
// examples/. apply_test.go also applies examples/complete to an in-process
// emulator seeded like a real account (-seed realistic) and destroys it.
package examplestest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// providerSource is the provider address the examples use.
const providerSource = "cloudinary-terraform/cloudinary"

// minimumTerraform is the Terraform version some example directories need,
// keyed by the directory under examples/ (provider-defined functions came in
// Terraform 1.8, ephemeral resources in 1.10); an example that declares
// `required_version = ">= X.Y"` needs that too. Older versions skip them.
var minimumTerraform = map[string][2]int{
	"functions":           {1, 8},
	"ephemeral-resources": {1, 10},
}

func TestExamples(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run terraform fmt -check and terraform validate on every example under examples/ " +
			"(make test sets it); it needs terraform on PATH or in TF_ACC_TERRAFORM_PATH")
	}
	tf := terraformPath(t)
	root := repoRoot(t)
	dirs := exampleDirs(t, filepath.Join(root, "examples"))

	pluginDir := t.TempDir()
	build := exec.CommandContext(t.Context(), goPath(t), "build", "-o",
		filepath.Join(pluginDir, "terraform-provider-cloudinary"), ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider in %s: %v\n%s", root, err, out)
	}
	cliConfig := filepath.Join(t.TempDir(), "terraformrc")
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		providerSource, pluginDir)
	if err := os.WriteFile(cliConfig, []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	env := terraformEnv(cliConfig)
	major, minor := terraformVersion(t, tf, env)

	for _, rel := range dirs {
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			if why := tooOld(rel, requiredVersion(t, filepath.Join(root, "examples", rel)), major, minor); why != "" {
				t.Skip(why)
			}
			work := t.TempDir()
			copyTF(t, filepath.Join(root, "examples", rel), work)

			out, err := runTerraform(t, tf, work, env, "fmt", "-check", "-diff", "-no-color")
			if err != nil {
				t.Errorf("examples/%s is not terraform fmt clean (run `make fmt`): %v\n%s", rel, err, out)
			}

			addRequiredProviders(t, work)
			out, err = runTerraform(t, tf, work, env, "validate", "-json", "-no-color")
			if msg := validateProblems(out); err != nil || msg != "" {
				if msg == "" {
					msg = string(out)
				}
				t.Errorf("terraform validate failed for examples/%s: %v\n%s", rel, err, msg)
			}
		})
	}
}

// tooOld says why examples/rel cannot be validated with Terraform
// major.minor, or "" when it can. The example needs the later of
// minimumTerraform for its kind and its own required_version (given as
// [0 0] when it declares none).
func tooOld(rel string, required [2]int, major, minor int) string {
	need := required
	if v, ok := minimumTerraform[strings.Split(rel, "/")[0]]; ok && (v[0] > need[0] || v[0] == need[0] && v[1] > need[1]) {
		need = v
	}
	if major > need[0] || major == need[0] && minor >= need[1] {
		return ""
	}
	return fmt.Sprintf("examples/%s needs Terraform %d.%d or later; this is %d.%d", rel, need[0], need[1], major, minor)
}

var requiredVersionPattern = regexp.MustCompile(`(?m)^\s*required_version\s*=\s*">=\s*v?(\d+)\.(\d+)`)

// requiredVersion reads the lower bound of a `required_version = ">= X.Y"`
// in the .tf files of dir; [0 0] when there is none in that form.
func requiredVersion(t *testing.T, dir string) [2]int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	var v [2]int
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := requiredVersionPattern.FindSubmatch(b); m != nil {
			v[0], _ = strconv.Atoi(string(m[1]))
			v[1], _ = strconv.Atoi(string(m[2]))
		}
	}
	return v
}

func TestTooOld(t *testing.T) {
	for _, tc := range []struct {
		rel          string
		required     [2]int
		major, minor int
		skip         bool
	}{
		{"functions/validate_cedar", [2]int{}, 1, 7, true},
		{"functions/validate_cedar", [2]int{}, 1, 8, false},
		{"ephemeral-resources/cloudinary_access_key", [2]int{}, 1, 9, true},
		{"ephemeral-resources/cloudinary_access_key", [2]int{}, 1, 10, false},
		{"ephemeral-resources/cloudinary_access_key", [2]int{1, 5}, 2, 0, false},
		{"functions/validate_cedar", [2]int{1, 9}, 1, 8, true}, // the later of the two wins
		{"resources/cloudinary_user", [2]int{}, 1, 5, false},
		{"complete", [2]int{1, 5}, 1, 5, false},
		{"adopt", [2]int{1, 7}, 1, 5, true},
		{"adopt", [2]int{1, 7}, 1, 11, false},
	} {
		if got := tooOld(tc.rel, tc.required, tc.major, tc.minor); (got != "") != tc.skip {
			t.Errorf("tooOld(%q, %v, %d, %d) = %q, want skip %v", tc.rel, tc.required, tc.major, tc.minor, got, tc.skip)
		}
	}
}

func TestRequiredVersion(t *testing.T) {
	for name, tc := range map[string]struct {
		hcl  string
		want [2]int
	}{
		"none":        {`terraform {}`, [2]int{}},
		"lower bound": {"terraform {\n  required_version = \">= 1.7\"\n}\n", [2]int{1, 7}},
		"patch":       {"terraform {\n  required_version = \">= 1.10.2\"\n}\n", [2]int{1, 10}},
		"other form":  {"terraform {\n  required_version = \"~> 1.5\"\n}\n", [2]int{}},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "versions.tf"), []byte(tc.hcl), 0o600); err != nil {
				t.Fatal(err)
			}
			if got := requiredVersion(t, dir); got != tc.want {
				t.Errorf("requiredVersion(%q) = %v, want %v", tc.hcl, got, tc.want)
			}
		})
	}
}

// TestExampleDirsCoverTheProvider makes sure the walk finds what it must:
// the provider example, the complete example and at least one example of
// each kind, so that a moved examples/ directory cannot make TestExamples
// pass by checking nothing.
func TestExampleDirsCoverTheProvider(t *testing.T) {
	dirs := exampleDirs(t, filepath.Join(repoRoot(t), "examples"))
	have := map[string]bool{}
	for _, d := range dirs {
		have[d] = true
		have[strings.Split(d, "/")[0]+"/*"] = true
	}
	for _, want := range []string{"provider", "complete", "resources/*", "data-sources/*"} {
		if !have[want] {
			t.Errorf("no example directory %s with .tf files under examples/ (found %v)", want, dirs)
		}
	}
}

// TestValidateProblems pins how `terraform validate -json` output is read.
func TestValidateProblems(t *testing.T) {
	for name, tc := range map[string]struct {
		in, want string
	}{
		"valid":       {`{"valid":true,"error_count":0,"warning_count":0,"diagnostics":[]}`, ""},
		"only a note": {`{"valid":true,"error_count":0,"warning_count":1,"diagnostics":[{"severity":"warning","summary":"Provider development overrides are in effect"}]}`, ""},
		"error with range": {
			`{"valid":false,"error_count":1,"diagnostics":[{"severity":"error","summary":"Unsupported argument","detail":"An argument named \"nme\" is not expected here.","range":{"filename":"main.tf","start":{"line":3,"column":3}}}]}`,
			"main.tf:3:3: Unsupported argument: An argument named \"nme\" is not expected here.",
		},
		"warning counts": {
			`{"valid":true,"error_count":0,"warning_count":1,"diagnostics":[{"severity":"warning","summary":"Deprecated attribute","detail":"Use x."}]}`,
			"warning: Deprecated attribute: Use x.",
		},
		"not json": {"Error: something", "terraform validate -json printed no JSON: Error: something"},
	} {
		t.Run(name, func(t *testing.T) {
			if got := validateProblems([]byte(tc.in)); got != tc.want {
				t.Errorf("validateProblems(%s)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

// validateDiagnostic is one entry of `terraform validate -json`.
type validateDiagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Range    *struct {
		Filename string `json:"filename"`
		Start    struct {
			Line   int `json:"line"`
			Column int `json:"column"`
		} `json:"start"`
	} `json:"range"`
}

// validateProblems returns the errors and warnings of `terraform validate
// -json`, one per line with file:line:column, or "" when there are none.
// The dev_overrides warning is expected and ignored; any other warning (a
// deprecated attribute in an example, say) counts, since the examples are
// the documentation.
func validateProblems(out []byte) string {
	var res struct {
		Diagnostics []validateDiagnostic `json:"diagnostics"`
	}
	if i := bytes.IndexByte(out, '{'); i < 0 || json.Unmarshal(out[i:], &res) != nil {
		return "terraform validate -json printed no JSON: " + strings.TrimSpace(string(out))
	}
	var lines []string
	for _, d := range res.Diagnostics {
		if d.Severity == "warning" && strings.Contains(d.Summary, "development overrides") {
			continue
		}
		where := d.Severity
		if d.Range != nil {
			where = fmt.Sprintf("%s:%d:%d", d.Range.Filename, d.Range.Start.Line, d.Range.Start.Column)
			if d.Severity != "error" {
				where += " " + d.Severity
			}
		}
		line := where + ": " + d.Summary
		if d.Detail != "" {
			line += ": " + d.Detail
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// exampleDirs lists, relative to examples and with "/" separators, every
// directory that directly holds a .tf file, skipping .terraform directories.
func exampleDirs(t *testing.T, examples string) []string {
	t.Helper()
	set := map[string]bool{}
	err := filepath.WalkDir(examples, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".terraform" {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".tf") {
			rel, err := filepath.Rel(examples, filepath.Dir(path))
			if err != nil {
				return err
			}
			set[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatalf("listing %s: %v", examples, err)
	}
	dirs := make([]string, 0, len(set))
	for d := range set {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	if len(dirs) == 0 {
		t.Fatalf("no .tf files under %s", examples)
	}
	return dirs
}

// copyTF copies the .tf files of one example directory (not its
// subdirectories, which are examples of their own) into dst.
func copyTF(t *testing.T, src, dst string) {
	t.Helper()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".tf") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// addRequiredProviders declares the provider's source in dir unless one of
// its files already has a required_providers block. The examples of single
// resources, data sources and functions are snippets that the documentation
// shows inside a configuration like examples/provider, so they leave it out;
// without it Terraform would look for hashicorp/cloudinary, and
// provider::cloudinary:: functions would not resolve at all.
func addRequiredProviders(t *testing.T, dir string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if requiredProvidersPattern.Match(b) {
			return
		}
	}
	hcl := fmt.Sprintf("terraform {\n  required_providers {\n    cloudinary = {\n      source = %q\n    }\n  }\n}\n", providerSource)
	if err := os.WriteFile(filepath.Join(dir, "examples_test_required_providers.tf"), []byte(hcl), 0o600); err != nil {
		t.Fatal(err)
	}
}

var requiredProvidersPattern = regexp.MustCompile(`(?m)^\s*required_providers\s*\{`)

// runTerraform runs terraform in dir and returns its combined output.
func runTerraform(t *testing.T, tf, dir string, env []string, args ...string) ([]byte, error) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), tf, args...)
	cmd.Dir = dir
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return append(stdout.Bytes(), stderr.Bytes()...), err
}

// terraformEnv is the test process's environment with the CLI configuration
// replaced by ours, and without the variables that would change what
// terraform does (extra arguments, another data directory or workspace).
func terraformEnv(cliConfig string) []string {
	env := []string{"TF_CLI_CONFIG_FILE=" + cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0"}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case name == "TF_CLI_CONFIG_FILE", name == "TF_DATA_DIR", name == "TF_WORKSPACE",
			name == "CHECKPOINT_DISABLE", name == "TF_IN_AUTOMATION", name == "TF_INPUT",
			strings.HasPrefix(name, "TF_CLI_ARGS"), strings.HasPrefix(name, "TF_VAR_"):
			continue
		}
		env = append(env, kv)
	}
	return env
}

// terraformPath is TF_ACC_TERRAFORM_PATH (as make test sets it, and as the
// acceptance tests read it), else terraform from PATH.
func terraformPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatalf("terraform is not on PATH and TF_ACC_TERRAFORM_PATH is not set: run `make test`, which provides one (%v)", err)
	}
	return p
}

// goPath is the go command building this test, from PATH.
func goPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go is not on PATH: %v", err)
	}
	return p
}

var versionPattern = regexp.MustCompile(`^v?(\d+)\.(\d+)`)

// terraformVersion returns the major and minor version of tf.
// env is the CLI's environment: with a CLI configuration that exists, so that
// no warning about a missing one (OpenTofu prints it on stdout) spoils the
// JSON.
func terraformVersion(t *testing.T, tf string, env []string) (major, minor int) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), tf, "version", "-json")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", tf, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v\n%s", tf, err, out)
	}
	m := versionPattern.FindStringSubmatch(v.Version)
	if m == nil {
		t.Fatalf("%s version -json: unexpected version %q", tf, v.Version)
	}
	major, _ = strconv.Atoi(m[1])
	minor, _ = strconv.Atoi(m[2])
	return major, minor
}

// repoRoot walks up from the test's directory to the directory of go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		} else if !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}
