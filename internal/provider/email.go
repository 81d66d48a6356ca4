package provider

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// Email addresses are compared ignoring letter case: Cloudinary keeps the
// spelling it was given but treats addresses that differ only in case as the
// same (emails are unique "ignoring letter case", and an update that changes
// only the case sends nothing, see userUpdateRequest). So a configuration
// spelling `olivia@example.com` for a user Cloudinary knows as
// `Olivia@Example.com` (typically after an import) must plan no change:
//
// emailType and keepEquivalentEmail do it with the shared machinery of
// equivalent_strings.go.

// caseInsensitiveEmail is the equivalence of email addresses.
type caseInsensitiveEmail struct{}

func (caseInsensitiveEmail) name() string                { return "email" }
func (caseInsensitiveEmail) differs() string             { return "only in letter case" }
func (caseInsensitiveEmail) equivalent(a, b string) bool { return strings.EqualFold(a, b) }

type (
	// emailType is the type of cloudinary_user.email.
	emailType = equivalentStringType[caseInsensitiveEmail]
	// emailValue is a value of emailType.
	emailValue = equivalentString[caseInsensitiveEmail]
	// keepEquivalentEmail plans the prior address when the configured one
	// differs from it only in letter case.
	keepEquivalentEmail = keepEquivalent[caseInsensitiveEmail]
)

// newEmailValue is a known email address.
func newEmailValue(s string) emailValue { return emailValue{StringValue: basetypes.NewStringValue(s)} }
