package scale

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// This file compares what Terraform believes (its state, from
// `terraform show -json`) with what the emulator holds (GET /_emulator/state),
// kind by kind. Every object is reduced to an identity (what Terraform tracks
// it by) and a natural key (what makes it "the same object" to a human: an
// email, a name in its scope). Then:
//
//   - an emulator object whose identity is not in the state, but whose
//     natural key is, is a DUPLICATE: a second copy of a declared object, what
//     a create retried after a lost answer leaves behind;
//   - an emulator object whose identity and natural key are both unknown to
//     the state is an ORPHAN;
//   - a state object whose identity is not in the emulator is MISSING (the
//     state claims something that does not exist);
//   - a kind whose state count differs from the configuration's count is a
//     count mismatch.
//
// Each product environment comes with one unnamed access key that no
// configuration declares; that default key (the environment's oldest key,
// when it is unnamed and not in the state) is not an orphan.
//
// An emulator started with -seed realistic holds, before any apply, what a
// real account holds: its primary product environment, its owner and the
// root access key. The state document marks them (provisioning.seed); they
// are neither orphans nor leftovers, and must still be there, untouched by
// the destroy (SeededMissing).

// Object is one object as the comparison sees it.
type Object struct {
	Kind Kind
	// ID is the identity Terraform tracks: the API id, the api_key of an
	// access key, "group/user" for a membership, the whole tuple for a role
	// assignment.
	ID string
	// Key is the natural key (see above).
	Key string
	// Address is the Terraform address, for state objects.
	Address string
}

func (o Object) String() string {
	s := string(o.Kind) + " " + o.ID
	if o.Key != o.ID && o.Key != "" {
		s += " (" + o.Key + ")"
	}
	if o.Address != "" {
		s += " [" + o.Address + "]"
	}
	return s
}

// KindCount is one kind's line of a comparison.
type KindCount struct {
	Kind       Kind
	Declared   int // in the configuration
	InState    int // in Terraform state
	InEmulator int // in the emulator (default access keys and seeded objects excluded)
}

// Comparison is the outcome of Compare.
type Comparison struct {
	Kinds           []KindCount
	Duplicates      []Object
	Orphans         []Object
	Missing         []Object
	CountMismatch   []string
	DefaultKeysSkip int // default access keys left out of the emulator side
	SeededSkip      int // seeded objects (-seed realistic) left out of the emulator side
}

// OK reports a clean comparison.
func (c Comparison) OK() bool {
	return len(c.Duplicates) == 0 && len(c.Orphans) == 0 && len(c.Missing) == 0 && len(c.CountMismatch) == 0
}

// Problems lists every finding, one line each.
func (c Comparison) Problems() []string {
	var out []string
	out = append(out, c.CountMismatch...)
	for _, o := range c.Duplicates {
		out = append(out, "duplicate: "+o.String())
	}
	for _, o := range c.Orphans {
		out = append(out, "orphan: "+o.String())
	}
	for _, o := range c.Missing {
		out = append(out, "missing from the emulator: "+o.String())
	}
	return out
}

// EmulatorState is the part of the emulator's state document the comparison
// reads (internal/emulator's persisted layout).
type EmulatorState struct {
	Provisioning struct {
		// Seed marks the objects of a seeded account (-seed realistic);
		// nil when the emulator started empty.
		Seed *struct {
			PrimaryProductEnvironmentID string `json:"primary_product_environment_id"`
			OwnerUserID                 string `json:"owner_user_id"`
			RootAPIKey                  string `json:"root_api_key"`
		} `json:"seed"`
		Envs map[string]struct {
			ID        string `json:"id"`
			Name      string `json:"name"`
			CloudName string `json:"cloud_name"`
			Seq       int64  `json:"seq"`
			Keys      []struct {
				Name   string `json:"name"`
				APIKey string `json:"api_key"`
				Seq    int64  `json:"seq"`
			} `json:"access_keys"`
		} `json:"product_environments"`
		Users map[string]struct {
			ID    string `json:"id"`
			Email string `json:"email"`
		} `json:"users"`
		Groups map[string]struct {
			ID      string   `json:"id"`
			Name    string   `json:"name"`
			UserIDs []string `json:"user_ids"`
		} `json:"user_groups"`
	} `json:"provisioning"`
	Permissions struct {
		Roles map[string]struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"roles"`
		Policies map[string]struct {
			ID        string `json:"id"`
			Name      string `json:"name"`
			ScopeType string `json:"scope_type"`
			ScopeID   string `json:"scope_id"`
		} `json:"custom_policies"`
		Assignments []struct {
			PrincipalType    string         `json:"principal_type"`
			PrincipalID      string         `json:"principal_id"`
			RoleID           string         `json:"role_id"`
			ScopeType        string         `json:"scope_type"`
			ScopeID          string         `json:"scope_id"`
			PolicyParameters map[string]any `json:"policy_parameters"`
		} `json:"assignments"`
	} `json:"permissions"`
}

// ParseEmulatorState decodes GET /_emulator/state.
func ParseEmulatorState(b []byte) (*EmulatorState, error) {
	var s EmulatorState
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("decoding the emulator state: %w", err)
	}
	return &s, nil
}

// Objects lists the emulator's managed objects and how many default access
// keys were left out.
func (s *EmulatorState) Objects() ([]Object, int) {
	objs, skipped, _ := s.objects()
	return objs, skipped
}

// seededIDs lists the ids (and the root api_key) of the seeded objects.
func (s *EmulatorState) seededIDs() map[string]bool {
	m := map[string]bool{}
	if sd := s.Provisioning.Seed; sd != nil {
		for _, id := range []string{sd.PrimaryProductEnvironmentID, sd.OwnerUserID, sd.RootAPIKey} {
			if id != "" {
				m[id] = true
			}
		}
	}
	return m
}

// objects is Objects, also counting the seeded objects left out.
func (s *EmulatorState) objects() (out []Object, skipped, seeded int) {
	seed := s.seededIDs()
	for _, e := range s.Provisioning.Envs {
		if seed[e.ID] {
			seeded++
		} else {
			out = append(out, Object{Kind: KindProductEnvironment, ID: e.ID, Key: e.Name})
		}
		oldest := -1
		for i, k := range e.Keys {
			if oldest < 0 || k.Seq < e.Keys[oldest].Seq {
				oldest = i
			}
		}
		for i, k := range e.Keys {
			if seed[e.ID] && seed[k.APIKey] {
				seeded++
				continue
			}
			if i == oldest && k.Name == "" {
				skipped++
				continue
			}
			out = append(out, Object{Kind: KindAccessKey, ID: k.APIKey, Key: e.ID + "/" + k.Name})
		}
	}
	for _, u := range s.Provisioning.Users {
		if seed[u.ID] {
			seeded++
			continue
		}
		out = append(out, Object{Kind: KindUser, ID: u.ID, Key: strings.ToLower(u.Email)})
	}
	for _, g := range s.Provisioning.Groups {
		out = append(out, Object{Kind: KindUserGroup, ID: g.ID, Key: strings.ToLower(g.Name)})
		for _, u := range g.UserIDs {
			id := g.ID + "/" + u
			out = append(out, Object{Kind: KindMembership, ID: id, Key: id})
		}
	}
	for _, r := range s.Permissions.Roles {
		out = append(out, Object{Kind: KindRole, ID: r.ID, Key: r.Name})
	}
	for _, p := range s.Permissions.Policies {
		scope := p.ScopeID
		if p.ScopeType != "prodenv" {
			scope = ""
		}
		out = append(out, Object{Kind: KindCustomPolicy, ID: p.ID, Key: p.ScopeType + "/" + scope + "/" + p.Name})
	}
	for _, a := range s.Permissions.Assignments {
		id := assignmentID(a.PrincipalType, a.PrincipalID, a.RoleID, a.ScopeID, a.PolicyParameters)
		out = append(out, Object{Kind: KindRoleAssignment, ID: id, Key: id})
	}
	return out, skipped, seeded
}

// SeededMissing names the seeded objects the state document marks but no
// longer holds: nothing Terraform does may delete them.
func (s *EmulatorState) SeededMissing() []string {
	sd := s.Provisioning.Seed
	if sd == nil {
		return nil
	}
	var out []string
	env, ok := s.Provisioning.Envs[sd.PrimaryProductEnvironmentID]
	if !ok {
		out = append(out, "the primary product environment "+sd.PrimaryProductEnvironmentID)
	}
	rootKey := false
	for _, k := range env.Keys {
		rootKey = rootKey || k.APIKey == sd.RootAPIKey
	}
	if !rootKey {
		out = append(out, "the root access key "+sd.RootAPIKey)
	}
	if _, ok := s.Provisioning.Users[sd.OwnerUserID]; !ok {
		out = append(out, "the account owner "+sd.OwnerUserID)
	}
	return out
}

// assignmentID is a role assignment's identity: principal, role, scope and
// parameters (sorted, values as strings).
func assignmentID(pType, pID, roleID, scopeID string, params map[string]any) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	ps := make([]string, len(keys))
	for i, k := range keys {
		ps[i] = k + "=" + fmt.Sprint(params[k])
	}
	return pType + "/" + pID + "/" + roleID + "/" + scopeID + "/" + strings.Join(ps, ",")
}

// TerraformState is the part of `terraform show -json` the comparison reads.
type TerraformState struct {
	Values *struct {
		RootModule struct {
			Resources []StateResource `json:"resources"`
		} `json:"root_module"`
	} `json:"values"`
}

// StateResource is one resource instance of `terraform show -json`.
type StateResource struct {
	Address string         `json:"address"`
	Mode    string         `json:"mode"`
	Type    string         `json:"type"`
	Values  map[string]any `json:"values"`
}

// ParseTerraformState decodes `terraform show -json` of a state. An empty
// state (no "values") has no resources.
func ParseTerraformState(b []byte) (*TerraformState, error) {
	var s TerraformState
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("decoding terraform show -json: %w", err)
	}
	return &s, nil
}

// Resources returns the managed resources (data sources excluded).
func (s *TerraformState) Resources() []StateResource {
	if s.Values == nil {
		return nil
	}
	var out []StateResource
	for _, r := range s.Values.RootModule.Resources {
		if r.Mode == "managed" {
			out = append(out, r)
		}
	}
	return out
}

// Objects lists the state's objects of the kinds the comparison knows;
// resources of other types are ignored.
func (s *TerraformState) Objects() []Object {
	var out []Object
	for _, r := range s.Resources() {
		v := r.Values
		str := func(k string) string { x, _ := v[k].(string); return x }
		o := Object{Address: r.Address}
		switch r.Type {
		case KindProductEnvironment.ResourceType():
			o.Kind, o.ID, o.Key = KindProductEnvironment, str("id"), str("name")
		case KindAccessKey.ResourceType():
			o.Kind, o.ID, o.Key = KindAccessKey, str("api_key"), str("product_environment_id")+"/"+str("name")
		case KindUser.ResourceType():
			o.Kind, o.ID, o.Key = KindUser, str("id"), strings.ToLower(str("email"))
		case KindUserGroup.ResourceType():
			o.Kind, o.ID, o.Key = KindUserGroup, str("id"), strings.ToLower(str("name"))
		case KindMembership.ResourceType():
			id := str("group_id") + "/" + str("user_id")
			o.Kind, o.ID, o.Key = KindMembership, id, id
		case KindRole.ResourceType():
			id := str("role_id")
			if id == "" {
				id = str("id")
			}
			o.Kind, o.ID, o.Key = KindRole, id, str("name")
		case KindCustomPolicy.ResourceType():
			scope := ""
			if str("scope_type") == "prodenv" {
				scope = str("scope_id")
			}
			o.Kind, o.ID, o.Key = KindCustomPolicy, str("id"), str("scope_type")+"/"+scope+"/"+str("name")
		case KindRoleAssignment.ResourceType():
			params, _ := v["policy_parameters"].(map[string]any)
			id := assignmentID(str("principal_type"), str("principal_id"), str("role_id"), str("scope_id"), params)
			o.Kind, o.ID, o.Key = KindRoleAssignment, id, id
		default:
			continue
		}
		out = append(out, o)
	}
	return out
}

// Compare compares declared counts, Terraform state and emulator state.
func Compare(declared Counts, tf *TerraformState, emu *EmulatorState) Comparison {
	emuObjs, skipped, seeded := emu.objects()
	c := compareObjects(declared, tf.Objects(), emuObjs, skipped)
	c.SeededSkip = seeded
	return c
}

func compareObjects(declared Counts, state, emu []Object, skipped int) Comparison {
	c := Comparison{DefaultKeysSkip: skipped}
	byKind := func(objs []Object) map[Kind][]Object {
		m := map[Kind][]Object{}
		for _, o := range objs {
			m[o.Kind] = append(m[o.Kind], o)
		}
		return m
	}
	st, em := byKind(state), byKind(emu)
	for _, k := range Kinds {
		kc := KindCount{Kind: k, Declared: declared[k], InState: len(st[k]), InEmulator: len(em[k])}
		c.Kinds = append(c.Kinds, kc)
		if kc.InState != kc.Declared {
			c.CountMismatch = append(c.CountMismatch, fmt.Sprintf("%s: the configuration declares %d, Terraform state has %d", k, kc.Declared, kc.InState))
		}
		stateIDs, stateKeys := map[string]bool{}, map[string]bool{}
		for _, o := range st[k] {
			stateIDs[o.ID] = true
			stateKeys[o.Key] = true
		}
		emuIDs := map[string]bool{}
		for _, o := range em[k] {
			emuIDs[o.ID] = true
			switch {
			case stateIDs[o.ID]:
			case stateKeys[o.Key]:
				c.Duplicates = append(c.Duplicates, o)
			default:
				c.Orphans = append(c.Orphans, o)
			}
		}
		for _, o := range st[k] {
			if !emuIDs[o.ID] {
				c.Missing = append(c.Missing, o)
			}
		}
	}
	for _, l := range [][]Object{c.Duplicates, c.Orphans, c.Missing} {
		sort.Slice(l, func(i, j int) bool {
			if l[i].Kind != l[j].Kind {
				return l[i].Kind < l[j].Kind
			}
			return l[i].ID < l[j].ID
		})
	}
	return c
}

// Leftovers lists the managed objects still in the emulator (default access
// keys of remaining environments and seeded objects excluded): after a
// destroy, there must be none.
func Leftovers(emu *EmulatorState) []Object {
	objs, _ := emu.Objects()
	sort.Slice(objs, func(i, j int) bool {
		if objs[i].Kind != objs[j].Kind {
			return objs[i].Kind < objs[j].Kind
		}
		return objs[i].ID < objs[j].ID
	})
	return objs
}
