package export

import (
	"strings"
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

func TestPrimaryEnvironmentID(t *testing.T) {
	env := func(id, created string) client.ProductEnvironment {
		return client.ProductEnvironment{ID: id, CreatedAt: created}
	}
	for name, tc := range map[string]struct {
		envs []client.ProductEnvironment
		want string
	}{
		"none":   {nil, ""},
		"one":    {[]client.ProductEnvironment{env("a", "2024-01-01T00:00:00Z")}, "a"},
		"oldest": {[]client.ProductEnvironment{env("b", "2024-02-01T00:00:00Z"), env("a", "2023-05-01T00:00:00Z"), env("c", "2025-01-01T00:00:00Z")}, "a"},
		// Compared as times, not text.
		"zones": {[]client.ProductEnvironment{env("b", "2024-01-01T01:00:00+02:00"), env("a", "2024-01-01T00:00:00Z")}, "b"},
		// Two environments as old as each other: neither is marked.
		"tie":        {[]client.ProductEnvironment{env("a", "2024-01-01T00:00:00Z"), env("b", "2024-01-01T00:00:00Z"), env("c", "2025-01-01T00:00:00Z")}, ""},
		"tie beaten": {[]client.ProductEnvironment{env("a", "2024-01-01T00:00:00Z"), env("b", "2024-01-01T00:00:00Z"), env("c", "2023-01-01T00:00:00Z")}, "c"},
		"unreadable": {[]client.ProductEnvironment{env("a", "2024-01-01T00:00:00Z"), env("b", "")}, ""},
	} {
		if got := primaryEnvironmentID(tc.envs); got != tc.want {
			t.Errorf("%s: primaryEnvironmentID = %q, want %q", name, got, tc.want)
		}
	}
}

// TestRender_accountObjects: the primary environment, its root key and the
// owner are exported like any object, each with a comment saying what it is;
// other environments' root keys are marked as theirs.
func TestRender_accountObjects(t *testing.T) {
	tr, f := true, false
	a := &Account{
		AccountID: "acct",
		ProductEnvironments: []client.ProductEnvironment{
			{ID: "p", Name: "Primary", CloudName: "acme", CreatedAt: "2020-01-01T00:00:00Z"},
			{ID: "s", Name: "Shop", CloudName: "shop", CreatedAt: "2024-01-01T00:00:00Z"},
		},
		AccessKeys: []AccessKey{
			{ProductEnvironmentID: "p", AccessKey: client.AccessKey{APIKey: "1", Root: &tr}},
			{ProductEnvironmentID: "p", AccessKey: client.AccessKey{APIKey: "2", Name: "ci", Root: &f}},
			{ProductEnvironmentID: "s", AccessKey: client.AccessKey{APIKey: "3", Root: &tr}},
		},
		Users: []User{
			{User: client.User{ID: "o", Name: "Owner", Email: "owner@example.com", Role: "master_admin", Root: &tr}, AllEnvironments: true},
			{User: client.User{ID: "x", Name: "Other", Email: "x@example.com", Role: "master_admin", Root: &f}, AllEnvironments: true},
		},
	}
	fs := files(Render(a, RenderOptions{}))
	envs, keys, users := fs["product_environments.tf"], fs["access_keys.tf"], fs["users.tf"]
	if !strings.Contains(envs, "replace this block with a removed block (lifecycle { destroy = false }) instead of destroying it.\n"+
		"resource \"cloudinary_product_environment\" \"acme\" {") {
		t.Errorf("the primary environment is not marked:\n%s", envs)
	}
	if strings.Count(envs, "primary product environment") != 1 {
		t.Errorf("want exactly one environment marked primary:\n%s", envs)
	}
	if strings.Count(envs, "  deletion_protection = true\n") != 2 {
		t.Errorf("every environment keeps deletion_protection:\n%s", envs)
	}
	if !strings.Contains(keys, "# The account's root access key (of the primary product environment)") ||
		!strings.Contains(keys, "# The root access key of this product environment") ||
		strings.Count(keys, "root access key") != 2 {
		t.Errorf("root keys not marked as expected:\n%s", keys)
	}
	if !strings.Contains(keys, "(lifecycle { destroy = false }).\nresource \"cloudinary_access_key\" \"acme_key_1\" {") {
		t.Errorf("the account's root key comment is not on its block:\n%s", keys)
	}
	if !strings.Contains(users, "make another user a master admin first.\nresource \"cloudinary_user\" \"owner_example_com\" {") ||
		strings.Count(users, "account owner") != 1 {
		t.Errorf("the owner is not marked, or not only the owner:\n%s", users)
	}
}
