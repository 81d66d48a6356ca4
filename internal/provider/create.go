package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/readcache"
)

// Creating an object exactly once, and never losing track of it.
//
// Invariants (each checked in create_internal_test.go):
//   - A create whose outcome is unknown (the answer was lost, a 5xx) is
//     followed by a lookup of the object by its natural key before anything
//     else: it is adopted when it is there, created again only when it is not,
//     at most 1 + max_retries times in all. Never a second object.
//   - When the create's own context has ended (Terraform was interrupted and
//     sent StopProvider, or the create's timeout ran out) the lookup still
//     runs, once, on a context detached from that cancellation and bounded by
//     recoveryLookupTimeout, reading the API directly (a cached load shared
//     with a cancelled reader could answer with its cancellation). No new
//     create is started after the context ended.
//   - An object found that way is returned as created, and the resource saves
//     it to state complete, with a warning: the object exists exactly as the
//     configuration asked (the lookup matched what was sent), so marking it
//     tainted would only make the next apply delete and recreate it. Terraform
//     records the state of a resource whose Create returns, interrupted or not.
//   - Only when the lookup itself cannot answer does the error say that the
//     object may exist, naming its kind, its natural key and the command that
//     imports it.

// recoveryLookupTimeout bounds the lookup after a create whose context ended:
// Terraform is waiting to exit, but a list call or two fit easily.
const recoveryLookupTimeout = 20 * time.Second

// createdObject names what a create makes, for the warnings and errors that
// follow an unknown outcome.
type createdObject struct {
	kind string // "user", "product environment"
	key  string // the natural key, as the configuration gave it: `email "jane@example.com"`
	// importHint says how to adopt the object should it exist, e.g.
	// "terraform import cloudinary_user.<name> jane@example.com".
	importHint string
}

// importCommand is the `terraform import` command for a resource of type
// typeName by id, the id single-quoted when a shell would split or expand it.
func importCommand(typeName, id string) string {
	safe := id != "" && strings.IndexFunc(id, func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (r < '0' || r > '9') && !strings.ContainsRune("@._/:+-", r)
	}) < 0
	if !safe {
		id = "'" + strings.ReplaceAll(id, "'", `'\''`) + "'"
	}
	return "terraform import " + typeName + ".<name> " + id
}

func (o createdObject) String() string {
	if o.key == "" {
		return o.kind
	}
	return o.kind + " with " + o.key
}

// createOnce runs a create whose outcome may be unknown without ever making
// a second object, and without leaving one it made untracked (see the
// invariants above). A 409 after an unknown outcome means our first attempt
// landed, so it looks up once more.
//
// It creates at most 1 + max_retries times (c.MaxRetries). The client
// retries everything else itself, but never a create whose outcome is
// unknown, so this loop is where max_retries applies to creates: without it,
// a user who raised max_retries for a flaky network would still see creates
// give up after a fixed few unknown outcomes.
//
// lookup returns (object, true, nil) when the object exists; it must use the
// context it is given, which may be a detached one. Warnings go to diags.
func createOnce[T any](ctx context.Context, c *client.Client, obj createdObject, diags *diag.Diagnostics,
	create func() (T, error), lookup func(context.Context) (T, bool, error)) (T, error) {
	var zero T
	uncertain := false
	var lastErr error
	for attempt := 1; attempt <= 1+c.MaxRetries(); attempt++ {
		created, err := create()
		switch {
		case err == nil:
			return created, nil
		case errors.Is(err, client.ErrOutcomeUnknown) || (uncertain && client.IsConflict(err)):
			uncertain = true
			lastErr = err
			if ctx.Err() != nil {
				return recoverAfterContextEnded(ctx, obj, diags, err, lookup)
			}
			tflog.Warn(ctx, "create outcome unknown; looking the object up before trying again",
				map[string]any{"object": obj.String(), "attempt": attempt})
			found, ok, lerr := lookup(ctx)
			if lerr != nil {
				return zero, &createUnresolvedError{obj: obj, create: err, lookup: lerr}
			}
			if ok {
				return found, nil
			}
		default:
			return zero, err
		}
	}
	return zero, &createNotLandedError{obj: obj, attempts: 1 + c.MaxRetries(), last: lastErr}
}

// recoverAfterContextEnded is the one lookup after a create whose outcome is
// unknown and whose context has ended.
func recoverAfterContextEnded[T any](ctx context.Context, obj createdObject, diags *diag.Diagnostics, createErr error,
	lookup func(context.Context) (T, bool, error)) (T, error) {
	var zero T
	why := contextEndReason(ctx)
	lctx, cancel := detachedContext(ctx, recoveryLookupTimeout)
	defer cancel()
	tflog.Warn(lctx, "create interrupted with its outcome unknown; looking the object up on a detached context",
		map[string]any{"object": obj.String(), "reason": why, "timeout": recoveryLookupTimeout.String()})
	found, ok, lerr := lookup(lctx)
	switch {
	case lerr != nil:
		return zero, &createUnresolvedError{obj: obj, create: createErr, lookup: lerr}
	case ok:
		addLandedWarning(diags, "the create of the "+obj.String(), why)
		return found, nil
	}
	return zero, fmt.Errorf("the create of the %s was abandoned because %s; the provider looked it up afterwards "+
		"and it does not exist, so nothing was created: %w", obj, why, createErr)
}

// contextEndReason says why ctx ended, in words for a diagnostic.
func contextEndReason(ctx context.Context) string {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return "the operation's timeout ran out"
	}
	return "Terraform was interrupted"
}

// addLandedWarning reports a write whose answer was lost when its context
// ended, and that a lookup found carried out: it is in state.
func addLandedWarning(diags *diag.Diagnostics, write, why string) {
	diags.AddWarning("Saved to state after "+strings.ToLower(why[:1])+why[1:],
		fmt.Sprintf("The answer to %s was lost because %s. The provider looked afterwards, found it carried "+
			"out, and saved it to state: nothing is left untracked.", write, why))
}

// detachedContext keeps ctx's values (loggers) but not its cancellation or
// deadline, bounded by timeout instead, and reads the API directly: a
// cached load in flight may belong to a reader whose context was
// cancelled, and would answer with that cancellation.
func detachedContext(ctx context.Context, timeout time.Duration) (context.Context, context.CancelFunc) {
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	return readcache.Direct(lctx), cancel
}

// landedAfterContextEnded answers, for a write whose context ended before its
// answer came, whether it landed anyway: check runs on a detached, bounded
// context. It is for idempotent writes (role assignments, memberships) that
// have no createOnce loop; it is false when the context had not ended, or
// the check could not answer (the caller then reports the write's error).
// When it did, the warning is added to diags.
func landedAfterContextEnded(ctx context.Context, diags *diag.Diagnostics, write string, check func(context.Context) (bool, error)) bool {
	if ctx.Err() == nil {
		return false
	}
	why := contextEndReason(ctx)
	lctx, cancel := detachedContext(ctx, recoveryLookupTimeout)
	defer cancel()
	landed, err := check(lctx)
	if err != nil {
		tflog.Warn(lctx, "could not check whether an interrupted write landed", map[string]any{"write": write, "error": err.Error()})
		return false
	}
	if landed {
		addLandedWarning(diags, write, why)
	}
	return landed
}

// createUnresolvedError: the create's outcome is unknown and the lookup that
// should have settled it failed too. The object may exist.
type createUnresolvedError struct {
	obj            createdObject
	create, lookup error
}

func (e *createUnresolvedError) Error() string {
	msg := fmt.Sprintf("The create of the %s may or may not have been carried out, and looking it up afterwards "+
		"failed too, so the provider cannot tell whether it exists.", e.obj)
	if e.obj.importHint != "" {
		msg += " Check the account (the Cloudinary Console or the matching data source). If it exists, adopt it " +
			"before applying again:\n\n  " + e.obj.importHint + "\n\nIf it does not, apply again."
	}
	return msg + "\n\nCreate: " + e.create.Error() + "\nLookup: " + e.lookup.Error()
}

func (e *createUnresolvedError) Unwrap() []error { return []error{e.create, e.lookup} }

// createNotLandedError: every attempt's outcome was unknown, and the lookup
// after each found nothing: nothing was created.
type createNotLandedError struct {
	obj      createdObject
	attempts int
	last     error
}

func (e *createNotLandedError) Error() string {
	return fmt.Sprintf("%d attempt(s) to create the %s got no answer; the provider looked it up after each and it "+
		"does not exist, so nothing was created. Apply again when the API answers reliably (max_retries raises "+
		"the number of attempts): %v", e.attempts, e.obj, e.last)
}

func (e *createNotLandedError) Unwrap() error { return e.last }

// readAfterWrite retries a read that answers 404 right after a write, for a
// short bounded time: the API is not promised to be read-your-writes.
func readAfterWrite[T any](ctx context.Context, read func() (T, error)) (T, error) {
	const attempts = 5
	delay := 200 * time.Millisecond
	var obj T
	var err error
	for i := 0; i < attempts; i++ {
		obj, err = read()
		if err == nil || !client.IsNotFound(err) {
			return obj, err
		}
		select {
		case <-ctx.Done():
			return obj, ctx.Err()
		case <-time.After(delay):
		}
		delay *= 2
	}
	return obj, err
}
