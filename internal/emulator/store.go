package emulator

import (
	"slices"
	"sort"
	"strings"
	"time"
)

// provStore is the provisioning half of the state. Fields are exported so the
// state persists as JSON; it is only touched under Emulator.mu.
type provStore struct {
	Envs   map[string]*provEnv   `json:"product_environments"`
	Users  map[string]*provUser  `json:"users"`
	Groups map[string]*provGroup `json:"user_groups"`
	// Seq orders objects by creation when timestamps tie (they have
	// one-second resolution).
	Seq int64 `json:"seq"`
	// Seed marks the seeded objects of a seeded account (seed.go); nil
	// for an account that started empty.
	Seed *SeedMarks `json:"seed,omitempty"`
}

// provEnv is a product environment (sub-account).
type provEnv struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	CloudName string `json:"cloud_name"`
	Enabled   bool   `json:"enabled"`
	// CustomAttributes are returned (FIDELITY.md row 4); BaseSubAccountID
	// is accepted but never returned, kept so the state file shows it.
	CustomAttributes map[string]any `json:"custom_attributes,omitempty"`
	BaseSubAccountID string         `json:"base_sub_account_id,omitempty"`
	Keys             []*provKey     `json:"access_keys"`
	Assets           int            `json:"assets,omitempty"` // set by PUT /_emulator/sub_accounts/{id}/assets
	CreatedAt        time.Time      `json:"created_at"`
	UpdatedAt        time.Time      `json:"updated_at"`
	Seq              int64          `json:"seq"`
}

// provKey is an access key of a product environment.
type provKey struct {
	Name      string `json:"name"`
	APIKey    string `json:"api_key"`
	APISecret string `json:"api_secret"`
	Enabled   bool   `json:"enabled"`
	// DedicatedFor is set on update and returned as an array (FIDELITY.md row 5).
	DedicatedFor string    `json:"dedicated_for,omitempty"`
	Root         bool      `json:"root,omitempty"` // the key the environment was created with
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	Seq          int64     `json:"seq"`
}

// provUser is an account user.
type provUser struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Email   string `json:"email"`
	Role    string `json:"role"`
	Enabled bool   `json:"enabled"`
	Pending bool   `json:"pending"`
	// AllSubAccounts is kept apart from SubAccountIDs: a user restricted to
	// environments that were all deleted reaches none, not all.
	AllSubAccounts bool       `json:"all_sub_accounts"`
	SubAccountIDs  []string   `json:"sub_account_ids,omitempty"`
	LastLogin      *time.Time `json:"last_login,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	Seq            int64      `json:"seq"`
}

// provGroup is a user group; UserIDs keeps insertion order.
type provGroup struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	UserIDs   []string  `json:"user_ids"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Seq       int64     `json:"seq"`
}

func newProvStore() *provStore {
	s := &provStore{}
	s.normalize()
	return s
}

// normalize makes a freshly decoded store usable (nil maps from "null").
func (s *provStore) normalize() {
	if s.Envs == nil {
		s.Envs = map[string]*provEnv{}
	}
	if s.Users == nil {
		s.Users = map[string]*provUser{}
	}
	if s.Groups == nil {
		s.Groups = map[string]*provGroup{}
	}
}

func (s *provStore) nextSeq() int64 {
	s.Seq++
	return s.Seq
}

// userExists reports whether a user id is known (used by the permissions half
// to validate principals).
func (s *provStore) userExists(id string) bool { _, ok := s.Users[id]; return ok }

// groupExists reports whether a user group id is known.
func (s *provStore) groupExists(id string) bool { _, ok := s.Groups[id]; return ok }

// envExists reports whether a product environment id is known.
func (s *provStore) envExists(id string) bool { _, ok := s.Envs[id]; return ok }

// accessKeyExists reports whether any product environment has this API key.
func (s *provStore) accessKeyExists(apiKey string) bool {
	k := s.findKey(apiKey)
	return k != nil
}

// envIDs lists product environment ids in creation order.
func (s *provStore) envIDs() []string {
	envs := s.envsInOrder()
	out := make([]string, len(envs))
	for i, e := range envs {
		out[i] = e.ID
	}
	return out
}

func (s *provStore) envsInOrder() []*provEnv {
	out := make([]*provEnv, 0, len(s.Envs))
	for _, e := range s.Envs {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

func (s *provStore) usersInOrder() []*provUser {
	out := make([]*provUser, 0, len(s.Users))
	for _, u := range s.Users {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

func (s *provStore) groupsInOrder() []*provGroup {
	out := make([]*provGroup, 0, len(s.Groups))
	for _, g := range s.Groups {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

func (s *provStore) findKey(apiKey string) *provKey {
	for _, e := range s.Envs {
		for _, k := range e.Keys {
			if k.APIKey == apiKey {
				return k
			}
		}
	}
	return nil
}

func (s *provStore) envByCloudName(name string) *provEnv {
	for _, e := range s.Envs {
		if e.CloudName == name {
			return e
		}
	}
	return nil
}

func (s *provStore) userByEmail(email string) *provUser {
	for _, u := range s.Users {
		if strings.EqualFold(u.Email, email) {
			return u
		}
	}
	return nil
}

func (s *provStore) groupByName(name string) *provGroup {
	for _, g := range s.Groups {
		if strings.EqualFold(g.Name, name) {
			return g
		}
	}
	return nil
}

// userReaches reports whether the user can access the product environment.
func (u *provUser) userReaches(envID string) bool {
	return u.Role == "master_admin" || u.AllSubAccounts || slices.Contains(u.SubAccountIDs, envID)
}

// reachableEnvs lists the environments the user can access, creation order.
func (s *provStore) reachableEnvs(u *provUser) []*provEnv {
	var out []*provEnv
	for _, e := range s.envsInOrder() {
		if u.userReaches(e.ID) {
			out = append(out, e)
		}
	}
	return out
}

// groupsOf lists the groups the user belongs to, creation order.
func (s *provStore) groupsOf(userID string) []*provGroup {
	var out []*provGroup
	for _, g := range s.groupsInOrder() {
		if slices.Contains(g.UserIDs, userID) {
			out = append(out, g)
		}
	}
	return out
}
