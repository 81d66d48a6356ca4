package provider

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// createOnce runs a create whose outcome may be unknown (the connection
// dropped after the request was sent, or a 5xx) without ever making a second
// object: after an unknown outcome it looks the object up by its natural key
// (email, name, cloud_name...) and adopts it when it is there; only when it is
// not does it create again. A 409 after an unknown outcome means our first
// attempt landed, so it looks up once more.
//
// It creates at most 1 + max_retries times (c.MaxRetries). The client
// retries everything else itself, but never a create whose outcome is
// unknown, so this loop is where max_retries applies to creates: without it,
// a user who raised max_retries for a flaky network would still see creates
// give up after a fixed few unknown outcomes.
//
// lookup returns (object, true, nil) when the object exists.
func createOnce[T any](ctx context.Context, c *client.Client, what string, create func() (T, error), lookup func() (T, bool, error)) (T, error) {
	var zero T
	uncertain := false
	var lastErr error
	for attempt := 1; attempt <= 1+c.MaxRetries(); attempt++ {
		obj, err := create()
		switch {
		case err == nil:
			return obj, nil
		case errors.Is(err, client.ErrOutcomeUnknown) || (uncertain && client.IsConflict(err)):
			uncertain = true
			lastErr = err
			tflog.Warn(ctx, "create outcome unknown; looking the object up before trying again",
				map[string]any{"object": what, "attempt": attempt})
			found, ok, lerr := lookup()
			if lerr != nil {
				return zero, errors.Join(err, lerr)
			}
			if ok {
				return found, nil
			}
		default:
			return zero, err
		}
	}
	return zero, lastErr
}

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
