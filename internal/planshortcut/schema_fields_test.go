package planshortcut

import (
	"go/ast"
	"go/parser"
	"go/token"
	gotypes "go/types"
	"math/big"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/dynamicdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float32default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int32default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/numberdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// schemaTypes are the exported struct types of the framework's
// resource/schema package (every Attribute and Block, their nested objects,
// and Schema) as of the version in go.mod: a zero value of each, and its
// exported fields, sorted ("embedded:T" for an embedded T).
var schemaTypes = map[string]struct {
	zero   any
	fields string
}{
	"BoolAttribute":         {schema.BoolAttribute{}, "Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly"},
	"DynamicAttribute":      {schema.DynamicAttribute{}, "Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly"},
	"Float32Attribute":      {schema.Float32Attribute{}, "Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly"},
	"Float64Attribute":      {schema.Float64Attribute{}, "Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly"},
	"Int32Attribute":        {schema.Int32Attribute{}, "Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly"},
	"Int64Attribute":        {schema.Int64Attribute{}, "Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly"},
	"ListAttribute":         {schema.ListAttribute{}, "Computed CustomType Default DeprecationMessage Description ElementType MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly"},
	"ListNestedAttribute":   {schema.ListNestedAttribute{}, "Computed CustomType Default DeprecationMessage Description MarkdownDescription NestedObject Optional PlanModifiers Required Sensitive Validators WriteOnly"},
	"ListNestedBlock":       {schema.ListNestedBlock{}, "CustomType DeprecationMessage Description MarkdownDescription NestedObject PlanModifiers Validators"},
	"MapAttribute":          {schema.MapAttribute{}, "Computed CustomType Default DeprecationMessage Description ElementType MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly"},
	"MapNestedAttribute":    {schema.MapNestedAttribute{}, "Computed CustomType Default DeprecationMessage Description MarkdownDescription NestedObject Optional PlanModifiers Required Sensitive Validators WriteOnly"},
	"NestedAttributeObject": {schema.NestedAttributeObject{}, "Attributes CustomType PlanModifiers Validators"},
	"NestedBlockObject":     {schema.NestedBlockObject{}, "Attributes Blocks CustomType PlanModifiers Validators"},
	"NumberAttribute":       {schema.NumberAttribute{}, "Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly"},
	"ObjectAttribute":       {schema.ObjectAttribute{}, "AttributeTypes Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly"},
	"Schema":                {schema.Schema{}, "Attributes Blocks DeprecationMessage Description MarkdownDescription Version"},
	"SetAttribute":          {schema.SetAttribute{}, "Computed CustomType Default DeprecationMessage Description ElementType MarkdownDescription Optional PlanModifiers Required Sensitive Validators"},
	"SetNestedAttribute":    {schema.SetNestedAttribute{}, "Computed CustomType Default DeprecationMessage Description MarkdownDescription NestedObject Optional PlanModifiers Required Sensitive Validators"},
	"SetNestedBlock":        {schema.SetNestedBlock{}, "CustomType DeprecationMessage Description MarkdownDescription NestedObject PlanModifiers Validators"},
	"SingleNestedAttribute": {schema.SingleNestedAttribute{}, "Attributes Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly"},
	"SingleNestedBlock":     {schema.SingleNestedBlock{}, "Attributes Blocks CustomType DeprecationMessage Description MarkdownDescription PlanModifiers Validators"},
	"StringAttribute":       {schema.StringAttribute{}, "Computed CustomType Default DeprecationMessage Description MarkdownDescription Optional PlanModifiers Required Sensitive Validators WriteOnly"},
}

// readFields are the fields through which the framework can plan, for a
// proposed state equal to the prior state, something else, or which hold
// attributes that can: what schema.go reads (through the framework's
// methods). TestSchemaTypes_everyDefaultAndWriteOnlySeen sets each.
var readFields = map[string]func(reflect.Type) (reflect.Value, bool){
	// Planned when the configuration leaves the attribute out.
	"Default": func(t reflect.Type) (reflect.Value, bool) {
		for _, d := range staticDefaults {
			if v := reflect.ValueOf(d); v.Type().AssignableTo(t) {
				return v, true
			}
		}
		return reflect.Value{}, false
	},
	// Proposed as null whatever the configuration says.
	"WriteOnly":    func(reflect.Type) (reflect.Value, bool) { return reflect.ValueOf(true), true },
	"NestedObject": nestedObjectWithDefault,
	"Attributes": func(reflect.Type) (reflect.Value, bool) {
		return reflect.ValueOf(map[string]schema.Attribute{"a": stringWithDefault}), true
	},
	"Blocks": func(reflect.Type) (reflect.Value, bool) {
		return reflect.ValueOf(map[string]schema.Block{"b": schema.SingleNestedBlock{
			Attributes: map[string]schema.Attribute{"w": schema.StringAttribute{Optional: true, WriteOnly: true}}}}), true
	},
}

// inertFields are the other fields, and why none can make the framework plan
// anything but the prior state when Terraform proposes it.
var inertFields = map[string]string{
	"Computed":            "validation of the configuration; the prior state already has the value",
	"Optional":            "validation of the configuration",
	"Required":            "validation of the configuration",
	"Sensitive":           "how Terraform shows the value",
	"Validators":          "run by ValidateResourceConfig, not by the plan",
	"Description":         "documentation",
	"MarkdownDescription": "documentation",
	"DeprecationMessage":  "a warning from ValidateResourceConfig",
	"CustomType":          "the value's type, which the prior state already has",
	"ElementType":         "the value's type, which the prior state already has",
	"AttributeTypes":      "the value's type, which the prior state already has",
	"Version":             "state upgrades, done before the plan",
	"PlanModifiers": "the provider's own: those it uses are no-ops on such a plan (package doc), " +
		"and NewVerifyingServer checks every acceptance test's plans against the framework",
}

var stringWithDefault = schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("x")}

// staticDefaults has one default of every kind the framework has.
var staticDefaults = []any{
	booldefault.StaticBool(true),
	dynamicdefault.StaticValue(types.DynamicValue(types.StringValue("x"))),
	float32default.StaticFloat32(1),
	float64default.StaticFloat64(1),
	int32default.StaticInt32(1),
	int64default.StaticInt64(1),
	listdefault.StaticValue(types.ListValueMust(types.StringType, []attr.Value{})),
	mapdefault.StaticValue(types.MapValueMust(types.StringType, map[string]attr.Value{})),
	numberdefault.StaticBigFloat(big.NewFloat(1)),
	objectdefault.StaticValue(types.ObjectValueMust(map[string]attr.Type{}, map[string]attr.Value{})),
	setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{})),
	stringdefault.StaticString("x"),
}

func nestedObjectWithDefault(t reflect.Type) (reflect.Value, bool) {
	for _, o := range []any{
		schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{"a": stringWithDefault}},
		schema.NestedBlockObject{Attributes: map[string]schema.Attribute{"a": stringWithDefault}},
	} {
		if v := reflect.ValueOf(o); v.Type().AssignableTo(t) {
			return v, true
		}
	}
	return reflect.Value{}, false
}

// TestSchemaTypes_fields parses the framework's resource/schema package as
// built into this module, and fails when it gains, renames or loses an
// exported struct type or a field of one, and when a field is in neither
// readFields nor inertFields: each is a way the framework could come to plan
// what the proposed state lacks, so that the shortcut would answer plans it
// should not. Review schema.go for the change, then update the lists.
func TestSchemaTypes_fields(t *testing.T) {
	// The package's directory, then the files the build uses.
	out, err := exec.CommandContext(t.Context(), "go", "list", "-f", "{{.Dir}}{{range .GoFiles}}\n{{.}}{{end}}",
		"github.com/hashicorp/terraform-plugin-framework/resource/schema").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	list := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(list) < 2 {
		t.Fatalf("go list found no files: %q", out)
	}
	got := exportedStructFields(t, list[0], list[1:])
	for name, fields := range got {
		want, known := schemaTypes[name]
		switch {
		case !known:
			t.Errorf("the framework's resource/schema has a new type %s (fields %s): review schema.go, then add it to schemaTypes", name, fields)
		case fields != want.fields:
			t.Errorf("the fields of schema.%s changed:\n  now  %s\n  were %s\nreview schema.go, then update schemaTypes", name, fields, want.fields)
		}
	}
	for name, want := range schemaTypes {
		if _, ok := got[name]; !ok {
			t.Errorf("the framework's resource/schema no longer has %s: review schema.go", name)
		}
		if typ := reflect.TypeOf(want.zero); typ.Name() != name {
			t.Errorf("schemaTypes[%q] holds a %s", name, typ.Name())
		}
		for field := range strings.FieldsSeq(want.fields) {
			_, read := readFields[field]
			if _, inert := inertFields[field]; read == inert {
				t.Errorf("schema.%s.%s must be in exactly one of readFields and inertFields", name, field)
			}
		}
	}
}

// TestSchemaTypes_everyDefaultAndWriteOnlySeen: for every schema type, each
// field in readFields, once set, makes the shortcut leave the type to the
// framework, and the zero value does not. It ties the fields the framework
// documents to the methods schema.go reads them through.
func TestSchemaTypes_everyDefaultAndWriteOnlySeen(t *testing.T) {
	for name, c := range schemaTypes {
		if seen, ok := shortcutSees(t, c.zero); !ok {
			t.Errorf("schema.%s is not an attribute, block, nested object or schema: review schema.go", name)
			continue
		} else if seen {
			t.Errorf("the zero schema.%s keeps the shortcut off", name)
		}
		for field := range strings.FieldsSeq(c.fields) {
			set, read := readFields[field]
			if !read {
				continue
			}
			v := reflect.New(reflect.TypeOf(c.zero)).Elem()
			f := v.FieldByName(field)
			value, ok := set(f.Type())
			if !ok {
				t.Errorf("schema.%s.%s is a %s, which the test cannot set: review schema.go, then readFields", name, field, f.Type())
				continue
			}
			f.Set(value)
			if seen, _ := shortcutSees(t, v.Interface()); !seen {
				t.Errorf("schema.%s with %s set: the shortcut does not see it", name, field)
			}
		}
	}
}

// shortcutSees reports whether the shortcut would leave a resource with v in
// its schema to the framework, and whether v is a kind it knows.
func shortcutSees(t *testing.T, v any) (seen, ok bool) {
	switch v := v.(type) {
	case schema.Attribute:
		return inAttribute(v, plansUnproposed), true
	case schema.Block:
		return inBlock(v, plansUnproposed), true
	case schema.NestedAttributeObject:
		return inAttribute(schema.ListNestedAttribute{NestedObject: v}, plansUnproposed), true
	case schema.NestedBlockObject:
		return inBlock(schema.ListNestedBlock{NestedObject: v}, plansUnproposed), true
	case schema.Schema:
		_, checkable := checkableType(t.Context(), v)
		return !checkable, true
	}
	return false, false
}

// exportedStructFields returns, for every exported struct type declared in
// the named files of dir, its exported field names ("embedded:T" for an
// embedded T, exported or not: its fields are promoted), sorted and joined by
// spaces.
func exportedStructFields(t *testing.T, dir string, files []string) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	out := map[string]string{}
	for _, name := range files {
		file, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
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
				if len(field.Names) == 0 {
					names = append(names, "embedded:"+gotypes.ExprString(field.Type))
				}
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
	return out
}
