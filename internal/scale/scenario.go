// Package scale is the measuring kit for the provider at account scale: a
// deterministic scenario generator (a Terraform configuration of N managed
// objects with a realistic mix), a runner that drives a real Terraform binary
// against a locally built provider and emulator while measuring wall time,
// API requests and the provider's memory, and the comparison of Terraform
// state with the emulator's state that the fault suite relies on.
//
// tools/bench and tools/chaos are thin command lines over this package.
package scale

import (
	"fmt"
	"sort"
	"strings"
)

// Kind is one kind of managed object, named after its resource type without
// the cloudinary_ prefix.
type Kind string

const (
	KindProductEnvironment Kind = "product_environment"
	KindAccessKey          Kind = "access_key"
	KindUser               Kind = "user"
	KindUserGroup          Kind = "user_group"
	KindMembership         Kind = "user_group_membership"
	KindRole               Kind = "role"
	KindCustomPolicy       Kind = "custom_policy"
	KindRoleAssignment     Kind = "role_assignment"
)

// Kinds lists every kind in dependency order (what is created first first).
var Kinds = []Kind{
	KindProductEnvironment, KindAccessKey, KindUser, KindUserGroup,
	KindMembership, KindRole, KindCustomPolicy, KindRoleAssignment,
}

// ResourceType is the Terraform resource type of a kind.
func (k Kind) ResourceType() string { return "cloudinary_" + string(k) }

// MixPer1000 is the scenario's mix: how many objects of each kind a
// 1,000-object account has (issue "Request economy at scale").
var MixPer1000 = map[Kind]int{
	KindProductEnvironment: 10,
	KindAccessKey:          40,
	KindUser:               400,
	KindUserGroup:          40,
	KindMembership:         300,
	KindRole:               20,
	KindCustomPolicy:       40,
	KindRoleAssignment:     150,
}

// MinObjects is the smallest N the generator accepts: every kind needs at
// least one object for the scenario to mean anything.
const MinObjects = 16

// Counts is how many objects of each kind a scenario declares.
type Counts map[Kind]int

// Total is the number of managed objects.
func (c Counts) Total() int {
	t := 0
	for _, v := range c {
		t += v
	}
	return t
}

// String renders the counts in Kinds order.
func (c Counts) String() string {
	parts := make([]string, 0, len(Kinds))
	for _, k := range Kinds {
		parts = append(parts, fmt.Sprintf("%s=%d", k, c[k]))
	}
	return strings.Join(parts, " ")
}

// CountsFor apportions n objects over the kinds in MixPer1000 proportions
// (largest remainder, ties broken in Kinds order), then makes sure every kind
// has at least one object by taking from the largest kind. The result always
// totals exactly n; for multiples of 100 it is the mix scaled exactly.
func CountsFor(n int) (Counts, error) {
	if n < MinObjects {
		return nil, fmt.Errorf("scale: N must be at least %d, got %d", MinObjects, n)
	}
	type share struct {
		kind Kind
		rem  int // remainder numerator over 1000, for the largest-remainder method
		idx  int
	}
	c := Counts{}
	shares := make([]share, 0, len(Kinds))
	assigned := 0
	for i, k := range Kinds {
		exact := MixPer1000[k] * n
		c[k] = exact / 1000
		assigned += c[k]
		shares = append(shares, share{k, exact % 1000, i})
	}
	sort.SliceStable(shares, func(i, j int) bool {
		if shares[i].rem != shares[j].rem {
			return shares[i].rem > shares[j].rem
		}
		return shares[i].idx < shares[j].idx
	})
	for i := 0; assigned < n; i++ {
		c[shares[i%len(shares)].kind]++
		assigned++
	}
	for _, k := range Kinds {
		for c[k] < 1 {
			c[largestKind(c)]--
			c[k]++
		}
	}
	// A user joins a group at most once: memberships beyond users x groups
	// (only possible for tiny N) become users.
	for c[KindMembership] > c[KindUser]*c[KindUserGroup] {
		c[KindMembership]--
		c[KindUser]++
	}
	return c, nil
}

func largestKind(c Counts) Kind {
	best := Kinds[0]
	for _, k := range Kinds[1:] {
		if c[k] > c[best] {
			best = k
		}
	}
	return best
}
