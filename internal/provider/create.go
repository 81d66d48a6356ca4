package provider

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// maxCreateAttempts bounds createOnce. Each failed attempt already went
// through the client's own retries, so a handful is plenty.
const maxCreateAttempts = 4

// createOnce runs a create whose outcome may be unknown (the connection
// dropped after the request was sent, or a 5xx) without ever making a second
// object: after an unknown outcome it looks the object up by its natural key
// (email, name, cloud_name...) and adopts it when it is there; only when it is
// not does it create again. A 409 after an unknown outcome means our first
// attempt landed, so it looks up once more.
//
// lookup returns (object, true, nil) when the object exists.
func createOnce[T any](ctx context.Context, what string, create func() (T, error), lookup func() (T, bool, error)) (T, error) {
	var zero T
	uncertain := false
	var lastErr error
	for attempt := 1; attempt <= maxCreateAttempts; attempt++ {
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
