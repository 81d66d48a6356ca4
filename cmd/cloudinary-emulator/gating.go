package main

import (
	"flag"
	"fmt"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
)

// registerGatingFlags adds the account gate and limit flags
// (internal/emulator/gating.go) to fs, writing into o.
func registerGatingFlags(fs *flag.FlagSet, o *emulator.Options) {
	fs.Func("permissions-api", "on (default) or off: off answers every /v2/accounts/{account_id}/permissions/... "+
		"operation 403, as an account not migrated to Roles and Permissions (the public routes keep working)", func(v string) error {
		switch v {
		case "on":
			o.PermissionsDisabled = false
		case "off":
			o.PermissionsDisabled = true
		default:
			return fmt.Errorf("%q: want on or off", v)
		}
		return nil
	})
	fs.IntVar(&o.MaxUsers, "max-users", 0, "user seat limit: creating a user while the account has this many "+
		"(pending and disabled ones included) answers 403 (0 = unlimited)")
	fs.BoolVar(&o.NewEnvKeysNeedAdmin, "new-env-keys-need-admin", false, "product environments created through the API answer 403 "+
		"to their access-key operations until the Account API key holds an admin role on them (a role assignment of principal type provisioningKey)")
}

// checkGatingFlags validates what registerGatingFlags parsed.
func checkGatingFlags(o emulator.Options) error {
	if o.MaxUsers < 0 {
		return fmt.Errorf("-max-users must not be negative, got %d", o.MaxUsers)
	}
	return nil
}
