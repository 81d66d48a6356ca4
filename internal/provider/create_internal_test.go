package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/readcache"
)

// createOnce retries a create whose outcome stays unknown as often as the
// client retries anything else (max_retries), looking the object up before
// each new try, and then reports the last unknown outcome.
func TestCreateOnce_triesOncePlusMaxRetries(t *testing.T) {
	for _, maxRetries := range []int{0, 2, 10} {
		t.Run(fmt.Sprint("max_retries=", maxRetries), func(t *testing.T) {
			c, err := client.New(client.Config{AccountID: "acc", APIKey: "k", APISecret: "s", MaxRetries: maxRetries})
			if err != nil {
				t.Fatal(err)
			}
			unknown := fmt.Errorf("createUser: %w", client.ErrOutcomeUnknown)
			creates, lookups := 0, 0
			_, err = createOnce(t.Context(), c, testCreated, &diag.Diagnostics{},
				func() (string, error) { creates++; return "", unknown },
				func(context.Context) (string, bool, error) { lookups++; return "", false, nil })
			if !errors.Is(err, client.ErrOutcomeUnknown) {
				t.Fatalf("err = %v, want the last unknown outcome", err)
			}
			if creates != 1+maxRetries || lookups != creates {
				t.Errorf("%d creates and %d lookups, want %d of each", creates, lookups, 1+maxRetries)
			}
		})
	}
}

// A lookup that finds the object ends the loop: it is adopted, never
// created twice.
func TestCreateOnce_adoptsWhatTheLookupFinds(t *testing.T) {
	c, err := client.New(client.Config{AccountID: "acc", APIKey: "k", APISecret: "s", MaxRetries: 5})
	if err != nil {
		t.Fatal(err)
	}
	creates := 0
	got, err := createOnce(t.Context(), c, testCreated, &diag.Diagnostics{},
		func() (string, error) { creates++; return "", client.ErrOutcomeUnknown },
		func(context.Context) (string, bool, error) { return "landed", true, nil })
	if err != nil || got != "landed" || creates != 1 {
		t.Fatalf("got %q, %v after %d creates; want the object the lookup found, after one create", got, err, creates)
	}
}

var testCreated = createdObject{kind: "user", key: `email "jane@example.com"`, importHint: importCommand("cloudinary_user", "jane@example.com")}

// newTestClient is a client that is never called: createOnce only reads its
// max_retries.
func newTestClient(t *testing.T) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{AccountID: "acc", APIKey: "k", APISecret: "s", MaxRetries: 5})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A create interrupted with its outcome unknown (Terraform sent
// StopProvider, or the timeout ran out) is still settled: the lookup runs on
// a live, bounded context that reads the API directly, the object it finds
// is returned with a warning, and no second create is started.
func TestCreateOnce_contextEndedLooksUpOnADetachedContext(t *testing.T) {
	for name, end := range map[string]func(context.Context) (context.Context, context.CancelFunc){
		"interrupted": context.WithCancel,
		"timed out": func(ctx context.Context) (context.Context, context.CancelFunc) {
			return context.WithTimeout(ctx, time.Nanosecond)
		},
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := end(t.Context())
			creates := 0
			var diags diag.Diagnostics
			got, err := createOnce(ctx, newTestClient(t), testCreated, &diags,
				func() (string, error) {
					creates++
					cancel() // the stop arrives while the answer is awaited
					<-ctx.Done()
					return "", &client.OutcomeUnknownError{Operation: "createUser", Err: ctx.Err()}
				},
				func(lctx context.Context) (string, bool, error) {
					if lctx.Err() != nil {
						return "", false, lctx.Err()
					}
					deadline, ok := lctx.Deadline()
					if !ok || time.Until(deadline) > recoveryLookupTimeout {
						t.Errorf("lookup context deadline %v (set: %v), want one within %v", deadline, ok, recoveryLookupTimeout)
					}
					if !readcache.IsDirect(lctx) {
						t.Error("the lookup may be answered by a snapshot load shared with a cancelled reader")
					}
					return "landed", true, nil
				})
			if err != nil || got != "landed" || creates != 1 {
				t.Fatalf("got %q, %v after %d creates; want the object the lookup found, after one create", got, err, creates)
			}
			if diags.WarningsCount() != 1 || !strings.Contains(diags.Warnings()[0].Detail(), "saved it to state") {
				t.Errorf("diagnostics %v, want one warning saying the object was saved to state", diags)
			}
		})
	}
}

// After the context ended, a lookup that finds nothing ends the create (no
// new attempt in an abandoned operation) and says nothing was created.
func TestCreateOnce_contextEndedNothingFoundCreatesNoMore(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	creates, lookups := 0, 0
	_, err := createOnce(ctx, newTestClient(t), testCreated, &diag.Diagnostics{},
		func() (string, error) { creates++; return "", client.ErrOutcomeUnknown },
		func(context.Context) (string, bool, error) { lookups++; return "", false, nil })
	if creates != 1 || lookups != 1 {
		t.Errorf("%d creates and %d lookups, want 1 of each", creates, lookups)
	}
	if err == nil || !strings.Contains(err.Error(), "does not exist, so nothing was created") ||
		!strings.Contains(err.Error(), "Terraform was interrupted") {
		t.Errorf("err = %v, want one saying the interrupted create left nothing", err)
	}
}

// When even the lookup fails, the error names the object's kind and natural
// key and the command that imports it; with or without a live context.
func TestCreateOnce_lookupFailureNamesTheObjectAndItsImport(t *testing.T) {
	ended, cancel := context.WithCancel(t.Context())
	cancel()
	for name, ctx := range map[string]context.Context{"live": t.Context(), "context ended": ended} {
		t.Run(name, func(t *testing.T) {
			_, err := createOnce(ctx, newTestClient(t), testCreated, &diag.Diagnostics{},
				func() (string, error) { return "", client.ErrOutcomeUnknown },
				func(context.Context) (string, bool, error) { return "", false, errors.New("connection refused") })
			for _, want := range []string{`user with email "jane@example.com"`, "may or may not",
				"terraform import cloudinary_user.<name> jane@example.com", "connection refused"} {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("err = %v\nwant it to contain %q", err, want)
				}
			}
		})
	}
}

// An idempotent write (role assignment, membership) whose context ended is
// checked on a detached context; one whose context is live is not checked
// (its error stands).
func TestLandedAfterContextEnded(t *testing.T) {
	checks := 0
	check := func(ctx context.Context) (bool, error) { checks++; return ctx.Err() == nil, ctx.Err() }
	var diags diag.Diagnostics
	if landedAfterContextEnded(t.Context(), &diags, "the write", check) || checks != 0 {
		t.Errorf("live context: checked %d times; want no check and false", checks)
	}
	ended, cancel := context.WithCancel(t.Context())
	cancel()
	if !landedAfterContextEnded(ended, &diags, "the write", check) || checks != 1 || diags.WarningsCount() != 1 {
		t.Errorf("ended context: %d checks, %d warnings; want the detached check to find the write, with a warning", checks, diags.WarningsCount())
	}
}

func TestImportCommand_quotesWhatAShellWouldSplit(t *testing.T) {
	for id, want := range map[string]string{
		"jane@example.com": "terraform import cloudinary_user.<name> jane@example.com",
		"Release team":     "terraform import cloudinary_user.<name> 'Release team'",
		"it's":             `terraform import cloudinary_user.<name> 'it'\''s'`,
	} {
		if got := importCommand("cloudinary_user", id); got != want {
			t.Errorf("importCommand(%q) = %s, want %s", id, got, want)
		}
	}
}
