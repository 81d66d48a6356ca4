package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

func TestAccCedarSchemaDataSource_basic(t *testing.T) {
	env := acctest.New(t)
	const addr = "data.cloudinary_cedar_schema.test"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(`
data "cloudinary_cedar_schema" "test" {}

output "entity_types" {
  value = keys(jsondecode(data.cloudinary_cedar_schema.test.schema)["Cloudinary"]["entityTypes"])
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("namespaces"), knownvalue.ListPartial(map[int]knownvalue.Check{
						0: knownvalue.StringExact("Cloudinary"),
					})),
					statecheck.ExpectKnownOutputValue("entity_types", knownvalue.NotNull()),
					acctest.StateCheck(func(ctx context.Context, s *tfjson.State) error {
						want, err := env.Client.GetCedarSchema(ctx)
						if err != nil {
							return err
						}
						got, err := acctest.StateString(s, addr, "schema")
						if err != nil {
							return err
						}
						var decoded map[string]any
						if err := json.Unmarshal([]byte(got), &decoded); err != nil {
							return fmt.Errorf("schema is not JSON: %w", err)
						}
						if !reflect.DeepEqual(decoded, want.Schema) {
							return fmt.Errorf("schema differs from the API's")
						}
						return nil
					}),
				},
			},
		},
	})
}
