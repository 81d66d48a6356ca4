package client

import (
	"errors"
	"net/url"
	"strings"
)

// Credentials say once, for the provider, the exporter, the acceptance tests
// and the sweepers, where an account's credentials come from: the
// environment variables (the names Cloudinary's own SDKs use, so existing
// pipelines work unchanged) and the account URL. Each caller puts its own
// settings in front (the provider block's attributes, the exporter's flags)
// and names them in its own messages.

// The environment variables every program of this project reads.
const (
	EnvAccountURL = "CLOUDINARY_ACCOUNT_URL"
	EnvAccountID  = "CLOUDINARY_ACCOUNT_ID"
	EnvAPIKey     = "CLOUDINARY_PROVISIONING_API_KEY"
	EnvAPISecret  = "CLOUDINARY_PROVISIONING_API_SECRET"
	EnvEndpoint   = "CLOUDINARY_ENDPOINT"
)

// Credentials identify and authenticate an account.
type Credentials struct{ AccountID, APIKey, APISecret string }

// ParseAccountURL parses `account://API_KEY:API_SECRET@ACCOUNT_ID`. Its
// error never includes the value: it holds a secret.
func ParseAccountURL(raw string) (Credentials, error) {
	malformed := errors.New("malformed account URL: expected account://API_KEY:API_SECRET@ACCOUNT_ID")
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme != "account" || u.User == nil {
		return Credentials{}, malformed
	}
	secret, hasSecret := u.User.Password()
	out := Credentials{AccountID: u.Host, APIKey: u.User.Username(), APISecret: secret}
	if !hasSecret || out.APIKey == "" || out.APISecret == "" || out.AccountID == "" || (u.Path != "" && u.Path != "/") {
		return Credentials{}, malformed
	}
	return out, nil
}

// EnvCredentials are the environment's layers in their precedence: the
// individual variables, then CLOUDINARY_ACCOUNT_URL. A malformed account URL
// is an error that names the variable, not the value; the layers are still
// returned, the URL's empty.
func EnvCredentials(getenv func(string) string) ([]Credentials, error) {
	vars := Credentials{AccountID: getenv(EnvAccountID), APIKey: getenv(EnvAPIKey), APISecret: getenv(EnvAPISecret)}
	var fromURL Credentials
	var err error
	if v := getenv(EnvAccountURL); v != "" {
		if fromURL, err = ParseAccountURL(v); err != nil {
			err = errors.New(err.Error() + " in the environment variable " + EnvAccountURL)
		}
	}
	return []Credentials{vars, fromURL}, err
}

// MergeCredentials takes each setting from the first layer that has it
// (highest precedence first). Blank ids and keys count as unset; a secret is
// taken as given.
func MergeCredentials(layers ...Credentials) Credentials {
	var out Credentials
	for _, l := range layers {
		if out.AccountID == "" {
			out.AccountID = strings.TrimSpace(l.AccountID)
		}
		if out.APIKey == "" {
			out.APIKey = strings.TrimSpace(l.APIKey)
		}
		if out.APISecret == "" {
			out.APISecret = l.APISecret
		}
	}
	return out
}
