package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestEphemeralAccessKeyName(t *testing.T) {
	got, err := ephemeralAccessKeyName(types.StringValue("ci"))
	if err != nil || got != "ci" {
		t.Errorf("configured name: got %q, %v; want \"ci\"", got, err)
	}
	pattern := regexp.MustCompile(`^terraform-ephemeral-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for _, v := range []types.String{types.StringNull(), types.StringUnknown(), types.StringNull()} {
		got, err := ephemeralAccessKeyName(v)
		if err != nil || !pattern.MatchString(got) {
			t.Errorf("default name: got %q, %v; want %s", got, err, pattern)
		}
		if seen[got] {
			t.Errorf("default name %q given twice", got)
		}
		seen[got] = true
	}
}
