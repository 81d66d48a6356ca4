package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// A real Cloudinary account is never empty: it comes with its primary
// product environment, the user who owns the account (a master admin, the
// document's "root user"), and that environment's root access key. With
// Options.Seed "realistic" (cloudinary-emulator -seed realistic) the
// emulator starts with exactly those three, as ordinary objects of the
// store (listed, readable by id, exported), and enforces the rules that
// keep an account usable:
//
//   - the primary product environment cannot be deleted;
//   - the last master admin can be neither deleted nor given another role;
//   - the root access key cannot be deleted (as every root key: see
//     refuseRootKey, FIDELITY.md row 5).
//
// Every refusal is 403 Forbidden. The document lists 403 for
// deleteProductEnvironment, deleteUser and updateUser (409 only for
// updateUser, and it is not documented for any delete), the emulator
// already answers 403 for the other "not allowed for this object" rules
// (the root key, the asset limit), and the refusal does not depend on the
// request's content: no retry or change of the body makes it succeed.
//
// The default seed ("" or "empty") starts with an empty account, as the
// emulator always did, and enforces none of the first two rules: an empty
// account has no primary environment and no owner to protect. The rules
// belong to the account, not to the flag: a state file written by a seeded
// emulator keeps its marks (provStore.Seed) and its rules when reloaded.

// Values of Options.Seed.
const (
	SeedEmpty     = "empty"
	SeedRealistic = "realistic"
)

// Seeds lists the values Options.Seed accepts besides "" (= SeedEmpty).
var Seeds = []string{SeedEmpty, SeedRealistic}

// The seeded objects' stable ids and names: recognisable in listings and
// state dumps, and outside the ranges the API hands out (environment ids
// are 32 random hex digits, user ids 30, API keys 15 random digits), so
// nothing a test creates collides with them. The primary environment's
// cloud name is derived from the account id (SeedCloudName).
const (
	SeedPrimaryEnvironmentID   = "5eed0000000000000000000000000001"
	SeedPrimaryEnvironmentName = "Primary environment"
	SeedOwnerUserID            = "5eed00000000000000000000000001"
	SeedOwnerName              = "Account Owner"
	SeedOwnerEmail             = "owner@example.com"
	SeedRootAPIKey             = "100000000000001"
)

// seedAge is how long before the emulator started the seeded objects were
// created: the account existed before Terraform came to it, so its objects
// are strictly older than anything a test creates (an exporter that takes
// the oldest environment for the primary one is right).
const seedAge = 30 * 24 * time.Hour

// SeedMarks says which objects of the account are the seeded ones. It is
// persisted with the state (provisioning.seed) and answered by GET
// /_emulator/state, so tools can tell them from what they created.
type SeedMarks struct {
	Seed                        string `json:"seed"`
	PrimaryProductEnvironmentID string `json:"primary_product_environment_id"`
	OwnerUserID                 string `json:"owner_user_id"`
	RootAPIKey                  string `json:"root_api_key"`
}

// SeedCloudName is the primary environment's cloud name for an account id:
// the id in the form cloud names take (lowercase letters, digits, '-' and
// '_'), "primary" when nothing of it is usable. The default account
// "emu-account" gives "emu-account".
func SeedCloudName(accountID string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(accountID) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	name := strings.TrimRight(b.String(), "-")
	if len(name) > 64 {
		name = strings.TrimRight(name[:64], "-")
	}
	if !cloudNameRE.MatchString(name) {
		return "primary"
	}
	return name
}

func validSeed(s string) bool { return s == "" || s == SeedEmpty || s == SeedRealistic }

// applySeed fills a new, empty account for Options.Seed. A state loaded
// from Options.StatePath that already holds objects is kept as it is:
// seeding it would mix an owner into someone else's account. Seeding an
// account that holds objects but no seed marks is an error, so that
// `-seed realistic -state old.json` never silently runs unseeded.
func (e *Emulator) applySeed() error {
	if e.opts.Seed != SeedRealistic || e.prov.Seed != nil {
		return nil
	}
	if len(e.prov.Envs) > 0 || len(e.prov.Users) > 0 || len(e.prov.Groups) > 0 ||
		len(e.perm.Roles) > 0 || len(e.perm.Policies) > 0 || len(e.perm.Assignments) > 0 {
		return fmt.Errorf("emulator: Seed %q applies to an empty account, but the state in %s already holds objects "+
			"without the seeded ones; start from a new state file, or without the seed", e.opts.Seed, e.opts.StatePath)
	}
	created := e.now().Add(-seedAge)
	env := &provEnv{
		ID: SeedPrimaryEnvironmentID, Name: SeedPrimaryEnvironmentName, CloudName: SeedCloudName(e.opts.AccountID),
		Enabled: true, CreatedAt: created, UpdatedAt: created, Seq: e.prov.nextSeq(),
	}
	root := &provKey{
		APIKey: SeedRootAPIKey, APISecret: randSecret(27), Enabled: true, Root: true,
		CreatedAt: created, UpdatedAt: created, Seq: e.prov.nextSeq(),
	}
	env.Keys = []*provKey{root}
	e.prov.Envs[env.ID] = env
	// The owner signed up, so is neither pending nor restricted; the last
	// login is the sign-up.
	login := created
	owner := &provUser{
		ID: SeedOwnerUserID, Name: SeedOwnerName, Email: SeedOwnerEmail, Role: "master_admin",
		Enabled: true, AllSubAccounts: true, LastLogin: &login,
		CreatedAt: created, UpdatedAt: created, Seq: e.prov.nextSeq(),
	}
	e.prov.Users[owner.ID] = owner
	e.prov.Seed = &SeedMarks{
		Seed: SeedRealistic, PrimaryProductEnvironmentID: env.ID, OwnerUserID: owner.ID, RootAPIKey: root.APIKey,
	}
	if e.opts.StatePath != "" {
		return e.saveLocked()
	}
	return nil
}

// Seeded returns the marks of the seeded objects, and false when the
// account was not seeded.
func (e *Emulator) Seeded() (SeedMarks, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.prov.Seed == nil {
		return SeedMarks{}, false
	}
	return *e.prov.Seed, true
}

// isOwner reports whether u is the account owner (the "root user").
func (e *Emulator) isOwner(u *provUser) bool {
	return e.prov.Seed != nil && u.ID == e.prov.Seed.OwnerUserID
}

// refusePrimaryEnv answers 403 when p is the account's primary product
// environment, and reports whether it did.
func (e *Emulator) refusePrimaryEnv(w http.ResponseWriter, p *provEnv) bool {
	if e.prov.Seed == nil || p.ID != e.prov.Seed.PrimaryProductEnvironmentID {
		return false
	}
	provError(w, http.StatusForbidden, fmt.Sprintf(
		"Product environment %s (cloud_name %s) is the account's primary product environment and cannot be deleted",
		p.ID, p.CloudName))
	return true
}

// refuseLastMasterAdmin answers 403 when u is the account's last master
// admin and the request would delete it (newRole nil) or give it another
// role, and reports whether it did. Only a seeded account, which has an
// owner, keeps at least one master admin.
func (e *Emulator) refuseLastMasterAdmin(w http.ResponseWriter, u *provUser, deleting bool, newRole *string) bool {
	if e.prov.Seed == nil || u.Role != "master_admin" {
		return false
	}
	if !deleting && (newRole == nil || *newRole == "master_admin") {
		return false
	}
	for _, o := range e.prov.Users {
		if o != u && o.Role == "master_admin" {
			return false
		}
	}
	what := "cannot be deleted"
	if !deleting {
		what = "cannot be given the role " + *newRole
	}
	provError(w, http.StatusForbidden, fmt.Sprintf(
		"User %s (%s) is the account's last master admin and %s: an account needs at least one master admin; "+
			"make another user a master admin first", u.ID, u.Email, what))
	return true
}
