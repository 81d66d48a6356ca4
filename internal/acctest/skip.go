package acctest

import (
	"os"
	"testing"
)

// SkipUnlessAcc skips t as resource.Test does when TF_ACC is not set, but
// at once: for a test that creates objects (through Env.Client) or starts
// an emulator before it reaches resource.Test, which would otherwise do
// that work only to skip afterwards.
func SkipUnlessAcc(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance tests skipped unless env 'TF_ACC' set")
	}
}
