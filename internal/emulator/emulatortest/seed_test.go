package emulatortest

import (
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
)

func TestSeedFromEnv(t *testing.T) {
	t.Setenv(SeedEnv, "realistic")
	if _, ok := Start(t).Emulator.Seeded(); ok {
		t.Error("Start without SeedFromEnv seeded the account")
	}
	if m, ok := Start(t, SeedFromEnv).Emulator.Seeded(); !ok || m.OwnerUserID != emulator.SeedOwnerUserID {
		t.Errorf("SeedFromEnv: %+v, %v", m, ok)
	}
	// A later option wins over the variable.
	if _, ok := Start(t, SeedFromEnv, Seed(emulator.SeedEmpty)).Emulator.Seeded(); ok {
		t.Error("Seed(empty) after SeedFromEnv still seeded the account")
	}
	t.Setenv(SeedEnv, "")
	if _, ok := Start(t, SeedFromEnv).Emulator.Seeded(); ok {
		t.Error("an empty variable seeded the account")
	}
	if _, ok := Start(t, Seed(emulator.SeedRealistic)).Emulator.Seeded(); !ok {
		t.Error("Seed(realistic) did not seed the account")
	}
}
