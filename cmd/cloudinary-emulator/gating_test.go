package main

import (
	"io"
	"strings"
	"testing"
)

// TestParseFlagsGating: -permissions-api, -max-users and
// -new-env-keys-need-admin reach the emulator options; bad values are
// refused with the flag's name.
func TestParseFlagsGating(t *testing.T) {
	c, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.opts.PermissionsDisabled || c.opts.MaxUsers != 0 || c.opts.NewEnvKeysNeedAdmin {
		t.Errorf("defaults gate the account: %+v", c.opts)
	}

	c, err = parseFlags([]string{"-permissions-api=off", "-max-users", "3", "-new-env-keys-need-admin"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !c.opts.PermissionsDisabled || c.opts.MaxUsers != 3 || !c.opts.NewEnvKeysNeedAdmin {
		t.Errorf("flags not applied: %+v", c.opts)
	}
	if c, err = parseFlags([]string{"-permissions-api", "on"}, io.Discard); err != nil || c.opts.PermissionsDisabled {
		t.Errorf("-permissions-api on: %v, disabled %v", err, c.opts.PermissionsDisabled)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-permissions-api", "no"}, "permissions-api"},
		{[]string{"-max-users", "-1"}, "-max-users must not be negative"},
		{[]string{"-max-users", "many"}, "max-users"},
	} {
		if _, err := parseFlags(tc.args, io.Discard); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want one naming %q", tc.args, err, tc.want)
		}
	}
}
