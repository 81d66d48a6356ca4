package provider

import (
	"context"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// planReferenceTemplate is the source of docs/guides/plan-reference.md.
const planReferenceTemplate = "../../templates/guides/plan-reference.md.tmpl"

// planReferenceRow is one row of a resource's table in the guide: the
// attributes it names in its first cell and its Plan cell.
type planReferenceRow struct {
	attrs []string
	plan  string
}

// readPlanReference parses the guide's tables, per "## cloudinary_..."
// section.
func readPlanReference(t *testing.T) map[string][]planReferenceRow {
	t.Helper()
	raw, err := os.ReadFile(planReferenceTemplate)
	if err != nil {
		t.Fatal(err)
	}
	attr := regexp.MustCompile("`([a-z_]+)`")
	out := map[string][]planReferenceRow{}
	section := ""
	for _, line := range strings.Split(string(raw), "\n") {
		if name, ok := strings.CutPrefix(line, "## "); ok {
			section = strings.TrimSpace(name)
			out[section] = nil
			continue
		}
		if section == "" || !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(line, "|")
		if len(cells) < 4 {
			t.Fatalf("%s: malformed row %q", section, line)
		}
		row := planReferenceRow{plan: strings.TrimSpace(cells[2])}
		for _, m := range attr.FindAllStringSubmatch(cells[1], -1) {
			row.attrs = append(row.attrs, m[1])
		}
		out[section] = append(out[section], row)
	}
	return out
}

// replaceModifiers reports, per top-level attribute of a schema, whether a
// plan modifier may require replacement (the framework's RequiresReplace and
// RequiresReplaceIf modifiers) and whether it always does (RequiresReplace).
func replaceModifiers(ctx context.Context, attrs map[string]any) (replaces, always map[string]bool) {
	replaces, always = map[string]bool{}, map[string]bool{}
	for name, a := range attrs {
		mods := reflect.ValueOf(a).FieldByName("PlanModifiers")
		if !mods.IsValid() {
			continue
		}
		for i := 0; i < mods.Len(); i++ {
			m := mods.Index(i).Interface()
			if !strings.HasPrefix(reflect.TypeOf(m).Name(), "requiresReplace") {
				continue
			}
			replaces[name] = true
			d, ok := m.(interface{ Description(context.Context) string })
			if ok && d.Description(ctx) == "If the value of this attribute changes, Terraform will destroy and recreate the resource." {
				always[name] = true
			}
		}
	}
	return replaces, always
}

// TestPlanReference_matchesSchemas keeps docs/guides/plan-reference.md
// accurate: every resource type has a section; every attribute that can be
// configured has a row; an attribute a plan modifier can replace the
// resource for is in a "replace" row, and no other is; an attribute that
// always replaces is in no "in place" row.
func TestPlanReference_matchesSchemas(t *testing.T) {
	ctx := t.Context()
	guide := readPlanReference(t)
	p := New("test")()
	var meta provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &meta)
	seen := map[string]bool{}
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &md)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		typ := md.TypeName
		seen[typ] = true
		rows, ok := guide[typ]
		if !ok {
			t.Errorf("the guide has no section for %s", typ)
			continue
		}
		attrs := map[string]any{}
		for name, a := range sr.Schema.Attributes {
			attrs[name] = a
		}
		replaces, always := replaceModifiers(ctx, attrs)
		listed, inReplaceRow, inPlaceRow := map[string]bool{}, map[string]bool{}, map[string]bool{}
		for _, row := range rows {
			replaceRow := strings.Contains(row.plan, "**replace**")
			for _, a := range row.attrs {
				if _, ok := sr.Schema.Attributes[a]; !ok {
					t.Errorf("%s: the guide names %q, which the schema does not have", typ, a)
					continue
				}
				listed[a] = true
				if replaceRow {
					inReplaceRow[a] = true
				}
				if strings.HasPrefix(row.plan, "in place") {
					inPlaceRow[a] = true
				}
			}
		}
		var names []string
		for name := range sr.Schema.Attributes {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			a := sr.Schema.Attributes[name]
			configurable := a.IsRequired() || a.IsOptional()
			switch {
			case configurable && !listed[name]:
				t.Errorf("%s.%s can be configured but has no row in the guide", typ, name)
			case replaces[name] && !inReplaceRow[name]:
				t.Errorf("%s.%s can force a replacement but is in no **replace** row of the guide", typ, name)
			case !replaces[name] && inReplaceRow[name]:
				t.Errorf("%s.%s is in a **replace** row of the guide, but no plan modifier replaces the resource for it", typ, name)
			case always[name] && inPlaceRow[name]:
				t.Errorf("%s.%s always forces a replacement, but the guide has it in an \"in place\" row", typ, name)
			}
		}
	}
	for typ := range guide {
		if !seen[typ] {
			t.Errorf("the guide has a section for %s, which the provider does not have", typ)
		}
	}
}
