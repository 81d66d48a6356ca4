package export

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// The environment variables the provider reads, read the same way here.
const (
	EnvAccountURL = client.EnvAccountURL
	EnvAccountID  = client.EnvAccountID
	EnvAPIKey     = client.EnvAPIKey
	EnvAPISecret  = client.EnvAPISecret
	EnvEndpoint   = client.EnvEndpoint
)

// Overrides are the command-line settings that win over the environment.
// There is deliberately no way to pass the secret other than the
// environment.
type Overrides struct {
	AccountID string
	Endpoint  string
	Region    string
}

// ClientConfig builds the client configuration as the provider does from an
// empty provider block: an individual environment variable wins over
// CLOUDINARY_ACCOUNT_URL, and o wins over both. Errors never contain the
// secret.
func ClientConfig(o Overrides, getenv func(string) string) (client.Config, error) {
	var cfg client.Config
	fromEnv, err := client.EnvCredentials(getenv)
	if err != nil {
		return cfg, err
	}
	creds := client.MergeCredentials(append([]client.Credentials{{AccountID: o.AccountID}}, fromEnv...)...)
	cfg.AccountID, cfg.APIKey, cfg.APISecret = creds.AccountID, creds.APIKey, creds.APISecret
	var missing []string
	if cfg.AccountID == "" {
		missing = append(missing, "the account id (-account-id, "+EnvAccountID+" or "+EnvAccountURL+")")
	}
	if cfg.APIKey == "" {
		missing = append(missing, "the Account API key ("+EnvAPIKey+" or "+EnvAccountURL+")")
	}
	if cfg.APISecret == "" {
		missing = append(missing, "the Account API secret ("+EnvAPISecret+" or "+EnvAccountURL+")")
	}
	if len(missing) > 0 {
		return cfg, fmt.Errorf("missing %s", strings.Join(missing, "; "))
	}
	cfg.Region = strings.TrimSpace(o.Region)
	if cfg.Region != "" && !slices.Contains(client.Regions, cfg.Region) {
		return cfg, fmt.Errorf("-region must be one of %s, got %q", strings.Join(client.Regions, ", "), cfg.Region)
	}
	cfg.BaseURL = strings.TrimSpace(o.Endpoint)
	if cfg.BaseURL == "" {
		cfg.BaseURL = strings.TrimSpace(getenv(EnvEndpoint))
	}
	if cfg.BaseURL != "" {
		if err := client.CheckEndpoint(cfg.BaseURL); err != nil {
			return cfg, err
		}
	}
	cfg.MaxRetries = -1 // the client's default
	cfg.UserAgent = "cloudinary-export (terraform-provider-cloudinary)"
	return cfg, nil
}

// knownFiles are the files an export may write.
func knownFiles() []string {
	names := []string{"providers.tf", "README.md"}
	for _, k := range AllKinds {
		names = append(names, k.FileName())
	}
	return names
}

// WriteDir writes the files into dir, creating it if needed. An existing
// non-empty directory is refused unless overwrite is set; then the files of
// an earlier export that this one does not write (kinds now empty or not
// asked for) are removed, and nothing else is touched.
func WriteDir(dir string, files []File, overwrite bool) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	case err != nil:
		return err
	case len(entries) > 0 && !overwrite:
		return fmt.Errorf("output directory %s is not empty: choose a new directory, or pass -force to overwrite the files of an earlier export", dir)
	}
	if overwrite {
		writing := map[string]bool{}
		for _, f := range files {
			writing[f.Name] = true
		}
		for _, name := range knownFiles() {
			if !writing[name] {
				if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return err
				}
			}
		}
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), []byte(f.Content), 0o644); err != nil {
			return err
		}
	}
	return nil
}
