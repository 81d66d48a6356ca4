package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

func TestAccPermissionsCatalogDataSource_basic(t *testing.T) {
	env := acctest.New(t)
	const addr = "data.cloudinary_permissions_catalog.test"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(`data "cloudinary_permissions_catalog" "test" {}`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("system_policies"), knownvalue.ListPartial(map[int]knownvalue.Check{
						0: knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.NotNull(), "name": knownvalue.NotNull(), "description": knownvalue.NotNull(),
							"category": knownvalue.NotNull(), "sub_category": knownvalue.NotNull(),
							"permission_type":   knownvalue.StringRegexp(permsEnumPattern("global", "content")),
							"scope_type":        knownvalue.StringRegexp(permsEnumPattern("account", "prodenv")),
							"policy_statement":  knownvalue.NotNull(),
							"policy_parameters": knownvalue.NotNull(),
						}),
					})),
					// Everything matches the API's catalog, entry by entry.
					acctest.StateCheck(func(ctx context.Context, s *tfjson.State) error {
						raw, err := env.Client.GetSystemRolesAndPoliciesCatalog(ctx)
						if err != nil {
							return err
						}
						var want struct {
							SystemPolicies []struct {
								ID, PermissionType, ScopeType, Policy string
							} `json:"system_policies"`
							SystemRoles []struct {
								ID              string
								SystemPolicyIDs []string `json:"system_policy_ids"`
							} `json:"system_roles"`
						}
						b, _ := json.Marshal(raw.Catalog)
						if err := json.Unmarshal(b, &want); err != nil {
							return err
						}
						v, err := acctest.StateValues(s, addr)
						if err != nil {
							return err
						}
						pols, _ := v["system_policies"].([]any)
						roles, _ := v["system_roles"].([]any)
						if len(pols) != len(want.SystemPolicies) || len(roles) != len(want.SystemRoles) || len(pols) == 0 || len(roles) == 0 {
							return fmt.Errorf("got %d policies and %d roles, the API has %d and %d",
								len(pols), len(roles), len(want.SystemPolicies), len(want.SystemRoles))
						}
						for i, p := range want.SystemPolicies {
							got, _ := pols[i].(map[string]any)
							if got["id"] != p.ID || got["policy_statement"] != p.Policy {
								return fmt.Errorf("policy %d: got %v, want %+v", i, got, p)
							}
						}
						for i, r := range want.SystemRoles {
							got, _ := roles[i].(map[string]any)
							ids, _ := got["system_policy_ids"].([]any)
							if got["id"] != r.ID || len(ids) != len(r.SystemPolicyIDs) {
								return fmt.Errorf("role %d: got %v, want %+v", i, got, r)
							}
						}
						return nil
					}),
				},
			},
		},
	})
}
