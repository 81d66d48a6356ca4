package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/sweep"
)

// TestMain runs the tests, or, with -sweep=REGION, terraform-plugin-testing's
// sweepers instead: they delete every tf-acc- object a live run left in the
// account of CLOUDINARY_ACCOUNT_URL, and nothing else (internal/sweep).
// `make sweep` and `make sweep-dry-run` run them from internal/sweep, which
// builds faster; this is the conventional entry point:
//
//	go test ./internal/provider -run '^$' -v -sweep=api [-sweep-dry-run] [-sweep-run=cloudinary_user]
//
// Without -sweep it runs the tests, as it would without a TestMain.
func TestMain(m *testing.M) {
	sweep.AddTestSweepers()
	resource.TestMain(m)
}
