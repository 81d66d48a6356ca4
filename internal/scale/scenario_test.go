package scale

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCountsFor_exactMix(t *testing.T) {
	for _, n := range []int{100, 200, 1000, 2000} {
		c, err := CountsFor(n)
		if err != nil {
			t.Fatal(err)
		}
		if c.Total() != n {
			t.Errorf("N=%d: total %d", n, c.Total())
		}
		for _, k := range Kinds {
			if want := MixPer1000[k] * n / 1000; c[k] != want {
				t.Errorf("N=%d: %s = %d, want %d", n, k, c[k], want)
			}
		}
	}
}

func TestCountsFor_anySize(t *testing.T) {
	for n := MinObjects; n <= 1500; n++ {
		c, err := CountsFor(n)
		if err != nil {
			t.Fatal(err)
		}
		if c.Total() != n {
			t.Fatalf("N=%d: total %d (%s)", n, c.Total(), c)
		}
		for _, k := range Kinds {
			if c[k] < 1 {
				t.Fatalf("N=%d: no %s (%s)", n, k, c)
			}
		}
	}
	if _, err := CountsFor(MinObjects - 1); err == nil {
		t.Errorf("N=%d accepted", MinObjects-1)
	}
}

var resourceHeader = regexp.MustCompile(`(?m)^resource "([a-z_]+)" "([a-z0-9_]+)" \{`)

// TestGenerate_counts counts the resource blocks of the generated text, kind
// by kind: the configuration declares exactly N managed objects.
func TestGenerate_counts(t *testing.T) {
	for _, n := range []int{40, 100, 200, 1000} {
		s, err := Generate(Options{N: n})
		if err != nil {
			t.Fatal(err)
		}
		got := Counts{}
		names := map[string]bool{}
		for _, m := range resourceHeader.FindAllStringSubmatch(s.HCL, -1) {
			got[Kind(strings.TrimPrefix(m[1], "cloudinary_"))]++
			addr := m[1] + "." + m[2]
			if names[addr] {
				t.Errorf("N=%d: %s declared twice", n, addr)
			}
			names[addr] = true
		}
		if got.Total() != n {
			t.Errorf("N=%d: %d resources generated", n, got.Total())
		}
		for _, k := range Kinds {
			if got[k] != s.Counts[k] {
				t.Errorf("N=%d: %s: %d generated, Counts says %d", n, k, got[k], s.Counts[k])
			}
		}
	}
	for _, tc := range []struct {
		n    int
		want Counts
	}{
		{100, Counts{KindProductEnvironment: 1, KindAccessKey: 4, KindUser: 40, KindUserGroup: 4, KindMembership: 30, KindRole: 2, KindCustomPolicy: 4, KindRoleAssignment: 15}},
		{200, Counts{KindProductEnvironment: 2, KindAccessKey: 8, KindUser: 80, KindUserGroup: 8, KindMembership: 60, KindRole: 4, KindCustomPolicy: 8, KindRoleAssignment: 30}},
	} {
		s, _ := Generate(Options{N: tc.n})
		if s.Counts.String() != tc.want.String() {
			t.Errorf("N=%d: %s, want %s", tc.n, s.Counts, tc.want)
		}
	}
}

func TestGenerate_deterministic(t *testing.T) {
	a, _ := Generate(Options{N: 1000})
	b, _ := Generate(Options{N: 1000})
	if a.HCL != b.HCL {
		t.Fatal("two generations of N=1000 differ")
	}
	c, _ := Generate(Options{N: 1000, Prefix: "other", MaxRetries: 7})
	if !strings.Contains(c.HCL, `"other-user-001@example.com"`) || !strings.Contains(c.HCL, "max_retries = 7") {
		t.Error("prefix or max_retries not applied")
	}
	if strings.Contains(a.HCL, "max_retries") {
		t.Error("max_retries written without being asked for")
	}
	if _, err := Generate(Options{N: 100, Prefix: "Bad Prefix"}); err == nil {
		t.Error("invalid prefix accepted")
	}
}

// attrsOf indexes a block's attributes.
func attrsOf(b block) map[string]string {
	m := map[string]string{}
	for _, a := range b.attrs {
		m[a.key] = a.expr
	}
	return m
}

// TestGenerate_rules checks the generated objects against the API's rules,
// which the emulator enforces: unique emails, group names, key names per
// environment, role names, policy names and statements per scope; distinct
// memberships and assignments; no environment list for master admins; the
// scope and parameter rules of role assignments.
func TestGenerate_rules(t *testing.T) {
	for _, n := range []int{MinObjects, 17, 40, 57, 100, 200, 333, 1000, 1500} {
		c, err := CountsFor(n)
		if err != nil {
			t.Fatal(err)
		}
		g := &generator{c: c, p: "scale", width: map[Kind]int{}}
		for _, k := range Kinds {
			g.width[k] = len(fmt.Sprint(c[k]))
		}
		seen := map[string]bool{}
		unique := func(what, v string) {
			t.Helper()
			if seen[what+"\x00"+v] {
				t.Errorf("N=%d: %s %s is not unique", n, what, v)
			}
			seen[what+"\x00"+v] = true
		}
		roleOf := map[string]roleTemplate{}
		for i := 0; i < c[KindRole]; i++ {
			roleOf[g.ref(KindRole, i, "role_id")] = roleTemplates[i%len(roleTemplates)]
		}
		for _, b := range g.blocks() {
			a := attrsOf(b)
			switch {
			case strings.Contains(b.header, `"cloudinary_product_environment"`):
				unique("environment name", a["name"])
				if a["cloud_name"] != "" {
					unique("cloud_name", a["cloud_name"])
				}
				if a["deletion_protection"] != "false" {
					t.Errorf("%s: deletion_protection not false", b.header)
				}
			case strings.Contains(b.header, `"cloudinary_access_key"`):
				unique("key name", a["product_environment_id"]+"/"+a["name"])
			case strings.Contains(b.header, `"cloudinary_user"`):
				unique("email", strings.ToLower(a["email"]))
				if a["role"] == `"master_admin"` && a["product_environment_ids"] != "" {
					t.Errorf("%s: master_admin with product_environment_ids", b.header)
				}
			case strings.Contains(b.header, `"cloudinary_user_group"`):
				unique("group name", strings.ToLower(a["name"]))
			case strings.Contains(b.header, `"cloudinary_user_group_membership"`):
				unique("membership", a["group_id"]+"/"+a["user_id"])
			case strings.Contains(b.header, `"cloudinary_role"`):
				unique("role name", a["name"])
			case strings.Contains(b.header, `"cloudinary_custom_policy"`):
				scope := a["scope_type"] + "/" + a["scope_id"]
				unique("policy name", scope+"/"+a["name"])
				unique("policy statement", scope+"/"+a["policy_statement"])
				if (a["scope_type"] == `"prodenv"`) != (a["scope_id"] != "") {
					t.Errorf("%s: scope_id must be set exactly for prodenv", b.header)
				}
			case strings.Contains(b.header, `"cloudinary_role_assignment"`):
				unique("assignment", a["principal_type"]+a["principal_id"]+a["role_id"]+a["scope_id"]+a["policy_parameters"])
				rt, ok := roleOf[a["role_id"]]
				if !ok {
					t.Fatalf("%s: role %s is not a declared custom role", b.header, a["role_id"])
				}
				switch {
				case rt.scopeType == "account":
					if a["scope_id"] != "" || a["policy_parameters"] != "" {
						t.Errorf("%s: account role with scope_id or policy_parameters", b.header)
					}
				case rt.permissionType == "content":
					if !strings.HasPrefix(a["scope_id"], "cloudinary_product_environment.") {
						t.Errorf("%s: content role needs one environment, got %q", b.header, a["scope_id"])
					}
					if !strings.HasPrefix(a["policy_parameters"], "{ "+rt.param+" = ") {
						t.Errorf("%s: content role needs %s, got %q", b.header, rt.param, a["policy_parameters"])
					}
				default:
					if a["scope_id"] == "" || a["policy_parameters"] != "" {
						t.Errorf("%s: prodenv global role needs scope_id and no parameters", b.header)
					}
				}
				want := map[string]string{`"user"`: "cloudinary_user.", `"group"`: "cloudinary_user_group.", `"apiKey"`: "cloudinary_access_key."}[a["principal_type"]]
				if want == "" || !strings.HasPrefix(a["principal_id"], want) {
					t.Errorf("%s: principal %s %s", b.header, a["principal_type"], a["principal_id"])
				}
			}
		}
	}
}

// floorResource matches one resource of Floor or PluginFloor with its input.
var floorResource = regexp.MustCompile(`(?m)^resource "([a-z_]+)" "([a-z0-9_]+)" \{\n  input = "([^"\n]*)"\n\}$`)

// floorResources parses the resources of a floor configuration: type, and
// name -> input in order of declaration.
func floorResources(t *testing.T, text string) (types map[string]int, names, inputs []string) {
	t.Helper()
	types = map[string]int{}
	for _, m := range floorResource.FindAllStringSubmatch(text, -1) {
		types[m[1]]++
		names = append(names, m[2])
		inputs = append(inputs, m[3])
	}
	if all := len(resourceHeader.FindAllString(text, -1)); all != len(names) {
		t.Fatalf("%d resource blocks, %d of the floor's shape", all, len(names))
	}
	return types, names, inputs
}

// TestPluginFloor_matchesFloor checks that the plugin floor declares the
// floor's resources, name for name and input for input, as noop_thing
// resources of the noop provider: the two floors differ only in the provider.
func TestPluginFloor_matchesFloor(t *testing.T) {
	for _, n := range []int{1, 5, 9, 10, 100, 1000} {
		floor, plugin := Floor(n), PluginFloor(n)
		ft, fn, fi := floorResources(t, floor)
		pt, pn, pi := floorResources(t, plugin)
		if ft["terraform_data"] != n || len(ft) != 1 {
			t.Errorf("N=%d: floor declares %v", n, ft)
		}
		if pt["noop_thing"] != n || len(pt) != 1 {
			t.Errorf("N=%d: plugin floor declares %v, want %d noop_thing", n, pt, n)
		}
		if !slices.Equal(fn, pn) {
			t.Errorf("N=%d: names differ:\n floor  %v\n plugin %v", n, fn, pn)
		}
		if !slices.Equal(fi, pi) {
			t.Errorf("N=%d: inputs differ:\n floor  %v\n plugin %v", n, fi, pi)
		}
		seen := map[string]bool{}
		for _, name := range pn {
			if seen[name] {
				t.Errorf("N=%d: %s declared twice", n, name)
			}
			seen[name] = true
		}
		if !strings.Contains(plugin, "noop = {\n      source = \""+NoopProviderSource+"\"\n    }") {
			t.Errorf("N=%d: the plugin floor does not require %s:\n%s", n, NoopProviderSource, plugin[:min(len(plugin), 300)])
		}
		if strings.Count(plugin, "provider \"noop\" {}\n") != 1 {
			t.Errorf("N=%d: the plugin floor has no provider \"noop\" block", n)
		}
	}
}

// TestGenerate_terraformFmt checks the output is what `terraform fmt` writes.
func TestGenerate_terraformFmt(t *testing.T) {
	tf, err := ResolveTerraform("")
	if err != nil {
		t.Skipf("no terraform binary: %v", err)
	}
	s, _ := Generate(Options{N: 200, MaxRetries: 10})
	for name, text := range map[string]string{"scenario": s.HCL, "floor": Floor(120), "plugin floor": PluginFloor(120)} {
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		cmd := exec.CommandContext(ctx, tf, "fmt", "-no-color", "-")
		cmd.Env = cleanEnv([]string{"TF_CLI_CONFIG_FILE=/dev/null"})
		cmd.Stdin = strings.NewReader(text)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		cancel()
		if err != nil {
			t.Fatalf("%s: terraform fmt: %v\n%s", name, err, stderr.String())
		}
		if string(out) != text {
			t.Errorf("%s: terraform fmt changes the generated configuration", name)
		}
	}
}
