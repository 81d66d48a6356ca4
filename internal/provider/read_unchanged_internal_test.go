package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// sameModel compares as Terraform does: a set's order does not count, a
// list's does, and null, empty and known values all differ.
func TestSameModel(t *testing.T) {
	type model struct {
		Name  types.String `tfsdk:"name"`
		IDs   types.Set    `tfsdk:"ids"`
		Order types.List   `tfsdk:"order"`
	}
	strs := func(vs ...string) []attr.Value {
		out := make([]attr.Value, len(vs))
		for i, v := range vs {
			out[i] = types.StringValue(v)
		}
		return out
	}
	base := model{
		Name:  types.StringValue("a"),
		IDs:   types.SetValueMust(types.StringType, strs("x", "y")),
		Order: types.ListValueMust(types.StringType, strs("1", "2")),
	}
	edit := func(f func(*model)) model { m := base; f(&m); return m }
	cases := map[string]struct {
		other model
		same  bool
	}{
		"itself":              {base, true},
		"set in other order":  {edit(func(m *model) { m.IDs = types.SetValueMust(types.StringType, strs("y", "x")) }), true},
		"list in other order": {edit(func(m *model) { m.Order = types.ListValueMust(types.StringType, strs("2", "1")) }), false},
		"other string":        {edit(func(m *model) { m.Name = types.StringValue("b") }), false},
		"null string":         {edit(func(m *model) { m.Name = types.StringNull() }), false},
		"empty set":           {edit(func(m *model) { m.IDs = types.SetValueMust(types.StringType, nil) }), false},
		"null set":            {edit(func(m *model) { m.IDs = types.SetNull(types.StringType) }), false},
		"one more element":    {edit(func(m *model) { m.IDs = types.SetValueMust(types.StringType, strs("x", "y", "z")) }), false},
	}
	for name, tc := range cases {
		if got := sameModel(base, tc.other); got != tc.same {
			t.Errorf("%s: sameModel = %v, want %v", name, got, tc.same)
		}
	}
}
