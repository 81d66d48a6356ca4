package provider

import (
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// addAPIError reports a failed API call. The summary is static ("Unable to
// create user group") so it reads well in a list; the detail carries the
// client's message, which already says what to do for 401/403/420/429 and
// never contains a secret.
func addAPIError(diags *diag.Diagnostics, action, what string, err error) {
	detail := err.Error()
	var unknown *client.OutcomeUnknownError
	if errors.As(err, &unknown) {
		detail += "\n\nThe request may or may not have been carried out. Run terraform plan again: " +
			"the provider looks the object up before creating it again."
	}
	diags.AddError(fmt.Sprintf("Unable to %s %s", action, what), detail)
}
