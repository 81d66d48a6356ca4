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
	if addGatedError(diags, action, what, err) { // account gates and limits, gating.go
		return
	}
	detail := err.Error()
	// createOnce explains its own unknown outcomes (what was looked up, what
	// to import); any other write whose answer was lost is said plainly.
	var unknown *client.OutcomeUnknownError
	var unresolved *createUnresolvedError
	var notLanded *createNotLandedError
	if errors.As(err, &unknown) && !errors.As(err, &unresolved) && !errors.As(err, &notLanded) {
		detail += "\n\nThe request may or may not have been carried out. Check whether the object exists " +
			"before applying again, and import it if it does."
	}
	diags.AddError(fmt.Sprintf("Unable to %s %s", action, what), detail)
}
