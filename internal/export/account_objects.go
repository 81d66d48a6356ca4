package export

import (
	"time"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// Every Cloudinary account holds objects that live as long as the account:
// its primary product environment, its owner (a master admin, the API's
// "root user"), and the root access key of each environment. They are
// exported like any other object, so that the plan adopts the whole account,
// with a comment that says what they are and that Cloudinary refuses to
// delete them (the primary environment, the root keys, the last master
// admin), so that nobody removes their block expecting a destroy to work.

// primaryEnvironmentID picks the account's primary product environment: the
// oldest one. Cloudinary creates it with the account and never lets it be
// deleted, so no environment can be older. An account whose oldest
// creation time is shared by several environments, or unreadable, has no
// environment marked.
func primaryEnvironmentID(envs []client.ProductEnvironment) string {
	var id string
	var oldest time.Time
	tie := false
	for _, e := range envs {
		t, err := time.Parse(time.RFC3339, e.CreatedAt)
		if err != nil {
			return ""
		}
		switch {
		case id == "" || t.Before(oldest):
			id, oldest, tie = e.ID, t, false
		case t.Equal(oldest):
			tie = true
		}
	}
	if tie {
		return ""
	}
	return id
}

var primaryEnvironmentComment = []string{
	"The account's primary product environment (its oldest: Cloudinary creates it with the account).",
	"Cloudinary does not allow deleting it: keep deletion_protection = true, and to stop managing it,",
	"replace this block with a removed block (lifecycle { destroy = false }) instead of destroying it.",
}

// ownerComment marks the account owner (the user the API calls the root
// user).
func ownerComment(u User) []string {
	if u.Role != client.UserRoleMasterAdmin {
		return []string{"The account owner (the API's root user)."}
	}
	return []string{
		"The account owner (the API's root user), a master admin. Cloudinary does not allow deleting the",
		"last master admin or giving it another role: make another user a master admin first.",
	}
}

// rootKeyComment marks a root access key; the primary environment's is the
// account's root key.
func (r *renderer) rootKeyComment(k AccessKey) []string {
	what := "The root access key of this product environment"
	if k.ProductEnvironmentID == r.primaryEnvID {
		what = "The account's root access key (of the primary product environment)"
	}
	return []string{
		what + ": the key the environment was created",
		"with, which Cloudinary does not allow deleting (it goes only with the environment). To stop",
		"managing it, replace this block with a removed block (lifecycle { destroy = false }).",
	}
}
