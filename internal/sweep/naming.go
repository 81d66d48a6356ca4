// Package sweep deletes what acceptance tests leave behind in a Cloudinary
// account: every object whose name (for a user: the local part of an email
// at a domain that cannot receive mail) starts with Prefix, and nothing
// else.
//
// The naming rule lives here, in one place, because two sides must agree on
// it: internal/acctest refuses any request of a test that would create an
// object the rule does not select (so the sweepers can always find it), and
// the sweepers delete only what the rule selects (so they never touch
// anything a person made).
//
// The sweepers follow terraform-plugin-testing's convention
// (resource.AddTestSweepers, resource.TestMain, the -sweep, -sweep-run and
// -sweep-allow-failures flags); see AddTestSweepers. -sweep-dry-run (or
// SWEEP_DRY_RUN=1) lists what they would delete and deletes nothing.
package sweep

import "strings"

// Prefix starts the name of every object an acceptance test creates.
const Prefix = "tf-acc-"

// RoleIDPrefix is Prefix spelled as the document spells role ids
// (snake_case, e.g. marketing_content_contributor_1357fhe); a caller-chosen
// role id may start with either.
const RoleIDPrefix = "tf_acc_"

// IsTestName reports whether name starts with Prefix, exactly: the match is
// case-sensitive and nothing may precede the prefix, so "TF-ACC-x",
// "tf-acc" (no dash), "tf_acc_x", " tf-acc-x" and "my-tf-acc-x" are not
// test names. Tests only ever generate the lowercase prefix (cloud names must
// be lowercase anyway), and a wider match would only widen what a sweep may
// delete.
func IsTestName(name string) bool {
	return strings.HasPrefix(name, Prefix) && len(name) > len(Prefix)
}

// IsTestRoleID reports whether a caller-chosen custom role id is a test
// one: it starts with Prefix or RoleIDPrefix.
func IsTestRoleID(id string) bool {
	return IsTestName(id) || (strings.HasPrefix(id, RoleIDPrefix) && len(id) > len(RoleIDPrefix))
}

// reservedDomains never receive mail: RFC 2606 reserves them for
// documentation, and IANA publishes a null MX (RFC 7505) for each, so mail
// is refused at the sender rather than delivered.
var reservedDomains = []string{"example.com", "example.net", "example.org"}

// reservedTLDs never resolve (RFC 2606, RFC 6761): a domain under them
// cannot receive mail at all.
var reservedTLDs = []string{".invalid", ".test", ".example"}

// IsUndeliverableDomain reports whether mail to domain can never reach
// anyone: one of the reserved example domains, or any domain under a
// reserved top-level domain. Domains compare case-insensitively.
func IsUndeliverableDomain(domain string) bool {
	d := strings.TrimSuffix(strings.ToLower(domain), ".")
	for _, r := range reservedDomains {
		if d == r {
			return true
		}
	}
	for _, tld := range reservedTLDs {
		if strings.HasSuffix(d, tld) && len(d) > len(tld) {
			return true
		}
	}
	return false
}

// IsTestEmail reports whether email belongs to a test user: its local part
// is a test name (IsTestName, so case-sensitive) and its domain cannot
// receive mail (IsUndeliverableDomain). "tf-acc-x@gmail.com" is not a test
// email: no test makes one, and it may be a person's.
func IsTestEmail(email string) bool {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return false
	}
	local, domain := email[:at], email[at+1:]
	return IsTestName(local) && !strings.ContainsAny(local, " \t@") && IsUndeliverableDomain(domain)
}
