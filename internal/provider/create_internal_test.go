package provider

import (
	"errors"
	"fmt"
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
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
			_, err = createOnce(t.Context(), c, "user",
				func() (string, error) { creates++; return "", unknown },
				func() (string, bool, error) { lookups++; return "", false, nil })
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
	got, err := createOnce(t.Context(), c, "user",
		func() (string, error) { creates++; return "", client.ErrOutcomeUnknown },
		func() (string, bool, error) { return "landed", true, nil })
	if err != nil || got != "landed" || creates != 1 {
		t.Fatalf("got %q, %v after %d creates; want the object the lookup found, after one create", got, err, creates)
	}
}
