package planshortcut

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// schemaTypeFields are the exported struct types of the framework's
// resource/schema package and their exported fields, as of the version in
// go.mod. setsField reads Default, WriteOnly, Attributes, Blocks and
// NestedObject by name; a field the framework adds (a second kind of
// default, say), renames or removes could make the shortcut answer plans the
// framework would change. When this list no longer matches, review
// shortcutTypes and setsField for the change, then update the list.
var schemaTypeFields = map[string]string{
	"BoolAttribute":         "Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly",
	"DynamicAttribute":      "Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly",
	"Float32Attribute":      "Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly",
	"Float64Attribute":      "Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly",
	"Int32Attribute":        "Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly",
	"Int64Attribute":        "Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly",
	"ListAttribute":         "Computed CustomType Default DeprecationMessage Description ElementType MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly",
	"ListNestedAttribute":   "Computed CustomType Default DeprecationMessage Description MarkdownDescription NestedObject Optional PlanModifiers Required Sensitive Validators WriteOnly",
	"ListNestedBlock":       "CustomType DeprecationMessage Description MarkdownDescription NestedObject PlanModifiers Validators",
	"MapAttribute":          "Computed CustomType Default DeprecationMessage Description ElementType MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly",
	"MapNestedAttribute":    "Computed CustomType Default DeprecationMessage Description MarkdownDescription NestedObject Optional PlanModifiers Required Sensitive Validators WriteOnly",
	"NestedAttributeObject": "Attributes CustomType PlanModifiers Validators",
	"NestedBlockObject":     "Attributes Blocks CustomType PlanModifiers Validators",
	"NumberAttribute":       "Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly",
	"ObjectAttribute":       "AttributeTypes Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly",
	"Schema":                "Attributes Blocks DeprecationMessage Description MarkdownDescription Version",
	"SetAttribute":          "Computed CustomType Default DeprecationMessage Description ElementType MarkdownDescription Optional PlanModifiers Required Sensitive Validators",
	"SetNestedAttribute":    "Computed CustomType Default DeprecationMessage Description MarkdownDescription NestedObject Optional PlanModifiers Required Sensitive Validators",
	"SetNestedBlock":        "CustomType DeprecationMessage Description MarkdownDescription NestedObject PlanModifiers Validators",
	"SingleNestedAttribute": "Attributes Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly",
	"SingleNestedBlock":     "Attributes Blocks CustomType DeprecationMessage Description MarkdownDescription PlanModifiers Validators",
	"StringAttribute":       "Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly",
}

// TestSchemaTypes_fieldsTheShortcutReads parses the framework's
// resource/schema package as built into this module and compares every
// exported struct type and field with schemaTypeFields.
func TestSchemaTypes_fieldsTheShortcutReads(t *testing.T) {
	out, err := exec.CommandContext(t.Context(), "go", "list", "-f", "{{.Dir}}",
		"github.com/hashicorp/terraform-plugin-framework/resource/schema").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	got := exportedStructFields(t, strings.TrimSpace(string(out)))
	for name, fields := range got {
		want, known := schemaTypeFields[name]
		switch {
		case !known:
			t.Errorf("the framework's resource/schema has a new type %s (fields %s): review shortcutTypes and setsField, then add it to schemaTypeFields", name, fields)
		case fields != want:
			t.Errorf("the fields of schema.%s changed:\n  now  %s\n  were %s\nreview shortcutTypes and setsField, then update schemaTypeFields", name, fields, want)
		}
	}
	for name := range schemaTypeFields {
		if _, ok := got[name]; !ok {
			t.Errorf("the framework's resource/schema no longer has %s: review shortcutTypes and setsField", name)
		}
	}

	// And the fields setsField reads are where it looks for them.
	for _, c := range []struct {
		v      any
		fields []string
	}{
		{schema.StringAttribute{}, []string{"Default", "WriteOnly"}},
		{schema.SetNestedAttribute{}, []string{"Default", "NestedObject"}},
		{schema.NestedAttributeObject{}, []string{"Attributes"}},
		{schema.SingleNestedBlock{}, []string{"Attributes", "Blocks"}},
		{schema.ListNestedBlock{}, []string{"NestedObject"}},
		{schema.NestedBlockObject{}, []string{"Attributes", "Blocks"}},
	} {
		typ := reflect.TypeOf(c.v)
		for _, f := range c.fields {
			if _, ok := typ.FieldByName(f); !ok {
				t.Errorf("schema.%s has no field %s, which setsField reads", typ.Name(), f)
			}
		}
	}
}

// exportedStructFields returns, for every exported struct type declared in
// the non-test files of dir, its exported field names, sorted and joined by
// spaces.
func exportedStructFields(t *testing.T, dir string) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, pkg := range pkgs {
		for _, file := range pkg.Files {
			ast.Inspect(file, func(n ast.Node) bool {
				ts, ok := n.(*ast.TypeSpec)
				if !ok || !ts.Name.IsExported() {
					return true
				}
				st, ok := ts.Type.(*ast.StructType)
				if !ok {
					return true
				}
				var names []string
				for _, field := range st.Fields.List {
					for _, name := range field.Names {
						if name.IsExported() {
							names = append(names, name.Name)
						}
					}
				}
				slices.Sort(names)
				out[ts.Name.Name] = strings.Join(names, " ")
				return true
			})
		}
	}
	return out
}
