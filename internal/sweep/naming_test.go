package sweep

import "testing"

func TestIsTestName_onlyTheExactLowercasePrefix(t *testing.T) {
	for name, want := range map[string]bool{
		"tf-acc-pe-1a2b3c4d":      true,
		"tf-acc-x":                true,
		"tf-acc-role-abc TF acc":  true,
		"tf-acc-":                 false, // the prefix alone names nothing a test makes
		"tf-acc":                  false, // no dash
		"tf-accx":                 false,
		"tfacc-x":                 false,
		"tf_acc_x":                false, // only role ids may use the snake_case spelling
		"TF-ACC-x":                false, // case-sensitive
		"Tf-acc-x":                false,
		" tf-acc-x":               false, // nothing may precede it
		"my-tf-acc-x":             false,
		"prod tf-acc-x":           false,
		"x-tf-acc-":               false,
		"":                        false,
		"tf-acc-x@example.com":    true,  // a name; emails go through IsTestEmail
		"tf\u2010acc-x":           false, // a Unicode hyphen is not a dash
		"tf-acc-\u00e9t\u00e9-42": true,
	} {
		if got := IsTestName(name); got != want {
			t.Errorf("IsTestName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestIsTestRoleID_bothSpellings(t *testing.T) {
	for id, want := range map[string]bool{
		"tf-acc-role-1":                  true,
		"tf_acc_role_1":                  true,
		"tf_acc_":                        false,
		"TF_ACC_role":                    false,
		"cld::role::prodenv::admin":      false,
		"custom_tf_acc_role":             false,
		"marketing_content_contributor_": false,
	} {
		if got := IsTestRoleID(id); got != want {
			t.Errorf("IsTestRoleID(%q) = %v, want %v", id, got, want)
		}
	}
}

func TestIsTestEmail_prefixedLocalPartAtADomainThatCannotReceiveMail(t *testing.T) {
	for email, want := range map[string]bool{
		"tf-acc-user-1a2b@example.com":     true,
		"tf-acc-user-1a2b@EXAMPLE.COM":     true, // domains are case-insensitive
		"tf-acc-u@example.net":             true,
		"tf-acc-u@example.org":             true,
		"tf-acc-u@cloudinary.invalid":      true,
		"tf-acc-u@tf-acc.test":             true,
		"tf-acc-u@sub.example":             true,
		"tf-acc-u@example.com.":            true,
		"tf-acc-u@gmail.com":               false, // may be a person's
		"tf-acc-u@example.com.evil.io":     false,
		"tf-acc-u@notexample.com":          false,
		"tf-acc-u@mail.example.com":        false, // only the reserved names themselves
		"tf-acc-u@invalid":                 false,
		"tf-acc-u@.invalid":                false,
		"TF-ACC-u@example.com":             false,
		"tf-accu@example.com":              false,
		"tf-acc-@example.com":              false,
		"jane@example.com":                 false,
		"jane+tf-acc-u@example.com":        false,
		"tf-acc-u":                         false,
		"tf-acc-a b@example.com":           false,
		"tf-acc-new-tf-acc-u1@example.com": true,
	} {
		if got := IsTestEmail(email); got != want {
			t.Errorf("IsTestEmail(%q) = %v, want %v", email, got, want)
		}
	}
}
