package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
)

// An import reads the one object it names straight from the API: loading a
// snapshot of every user to import one would waste the hourly budget.
func TestAccSnapshot_importReadsDirectly(t *testing.T) {
	env := acctest.New(t)
	if env.Live {
		t.Skip("counts requests on the emulator")
	}
	email := acctest.RandomName("tf-acc-import") + "@example.com"
	cfg := env.Config(fmt.Sprintf(`
resource "cloudinary_user" "a" {
  name  = "tf-acc-a"
  email = %[1]q
  role  = "admin"
}
resource "cloudinary_user" "b" {
  name  = "tf-acc-b"
  email = "tf-acc-b-%[1]s"
  role  = "admin"
}
`, email))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig:         func() { env.Emulator.Emulator.ResetStats() },
				Config:            cfg,
				ResourceName:      "cloudinary_user.a",
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
	stats := env.Emulator.Stats()
	if n := stats.ByOperation["getUsers"]; n != 0 {
		t.Errorf("the import listed users %d times; it should read the one user directly", n)
	}
	if n := stats.ByOperation["getUser"]; n < 1 {
		t.Errorf("the import never read the user directly (getUser = %d)", n)
	}
}
