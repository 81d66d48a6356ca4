package emulator

import (
	"fmt"
	"time"
)

// SimulateLogin does what a person does in a browser and the API cannot: the
// invited user accepts the invitation and logs in at the given time, so
// pending turns false and last_login is set. Tests use it to check that a
// pending user turning active makes no noise in plans. It is a method, not an
// admin endpoint, because only in-process tests need it.
func (e *Emulator) SimulateLogin(userID string, at time.Time) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.prov.Users[userID]
	if u == nil {
		return fmt.Errorf("emulator: user %q not found", userID)
	}
	t := at.UTC().Truncate(time.Second)
	u.Pending, u.LastLogin = false, &t
	if e.opts.StatePath != "" {
		return e.saveLocked()
	}
	return nil
}
