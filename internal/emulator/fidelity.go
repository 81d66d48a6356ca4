package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Behaviours that follow the evidence of Cloudinary's SDK integration tests
// rather than the OpenAPI document. FIDELITY.md beside this file lists each
// one with its sources; the row numbers in comments point there.

// DefaultTakenCloudNames are the cloud names the emulator treats as held by
// other Cloudinary accounts when Options.TakenCloudNames is nil: cloud names
// are unique across all of Cloudinary (FIDELITY.md row 7), and these few are
// certainly taken ("demo" is Cloudinary's public demo cloud).
var DefaultTakenCloudNames = []string{"demo", "cloudinary", "sample"}

// assetLimit is the asset count from which an environment can neither be
// renamed (cloud_name) nor deleted ("only for accounts with fewer than 1000
// assets", FIDELITY.md row 7).
const assetLimit = 1000

// takenElsewhere reports whether another Cloudinary account holds the cloud
// name. Cloud names are case-insensitive.
func (e *Emulator) takenElsewhere(name string) bool {
	taken := e.opts.TakenCloudNames
	if taken == nil {
		taken = DefaultTakenCloudNames
	}
	for _, t := range taken {
		if strings.EqualFold(strings.TrimSpace(t), name) {
			return true
		}
	}
	return false
}

// cloudNameFree answers 409 when the cloud name is held, by an environment
// of this account or by another Cloudinary account, and reports whether it
// is free.
func (e *Emulator) cloudNameFree(w http.ResponseWriter, name string) bool {
	if e.prov.envByCloudName(name) != nil {
		provError(w, http.StatusConflict, "cloud_name "+name+" already exists")
		return false
	}
	if e.takenElsewhere(name) {
		provError(w, http.StatusConflict, "cloud_name "+name+" is already taken by another Cloudinary account: "+
			"cloud names are unique across all of Cloudinary")
		return false
	}
	return true
}

// derivedCloudName is the cloud name an environment created without one
// gets: its name with '_' turned into '-' (Cloudinary's PHP SDK test
// asserts exactly that for a name of lowercase letters, digits and '_').
// What the service does with other characters is not shown anywhere; the
// emulator lowercases, turns every other disallowed run of characters into
// one '-', and trims '-' at the ends. A name that leaves nothing, or whose
// result is held, gets a random suffix (also a choice) so that the create
// never fails for want of a cloud name.
func (e *Emulator) derivedCloudName(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	base := strings.TrimRight(b.String(), "-")
	if len(base) > 50 {
		base = strings.TrimRight(base[:50], "-")
	}
	free := func(n string) bool {
		return n != "" && cloudNameRE.MatchString(n) && e.prov.envByCloudName(n) == nil && !e.takenElsewhere(n)
	}
	if free(base) {
		return base
	}
	if base == "" {
		base = "c"
	}
	for {
		if n := base + "-" + randHex(3); free(n) {
			return n
		}
	}
}

// assetsAllow answers 403 when the environment holds too many assets for
// the action ("delete", "change the cloud_name of"), and reports whether it
// may go ahead. Tests set the count with PUT
// /_emulator/sub_accounts/{id}/assets (admin_assets.go).
func assetsAllow(w http.ResponseWriter, p *provEnv, action string) bool {
	if p.Assets < assetLimit {
		return true
	}
	provError(w, http.StatusForbidden, fmt.Sprintf(
		"Cannot %s product environment %s (cloud_name %s): it holds %d assets, and this is only allowed for "+
			"product environments with fewer than %d assets", action, p.ID, p.CloudName, p.Assets, assetLimit))
	return false
}

// refuseRootKey answers 403 when k is the environment's root key, which
// cannot be deleted (FIDELITY.md row 5), and reports whether it did.
func refuseRootKey(w http.ResponseWriter, p *provEnv, k *provKey) bool {
	if !k.Root {
		return false
	}
	provError(w, http.StatusForbidden, fmt.Sprintf(
		"Access key %s is the root access key of product environment %s and cannot be deleted", k.APIKey, p.ID))
	return true
}

// queryArray reads an array query parameter in any of the three forms
// clients send (FIDELITY.md row 8): repeated keys (ids=a&ids=b, the
// document's form, which SDK tests only ever send with one value), brackets
// (ids[]=a&ids[]=b, the Java SDK's, tested with two values) and one
// comma-joined value (ids=a,b, the PHP and Python SDKs', tested with two).
// Values are therefore split on commas: the ids, emails and cloud names
// these filters take never contain one. At most maxListValues are allowed.
func queryArray(q url.Values, name string) ([]string, bool, error) {
	raw, _, err := queryList(q, name)
	if err != nil {
		return nil, true, err
	}
	var out []string
	for _, v := range raw {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	if len(out) > maxListValues {
		return nil, true, fmt.Errorf("too many values for %s: at most %d allowed, got %d", name, maxListValues, len(out))
	}
	return out, len(out) > 0, nil
}
