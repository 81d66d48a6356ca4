package acctest

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// Checks shared by the acceptance tests: error messages as Terraform prints
// them, objects gone after a destroy, and values read from the state.

// wrapped matches the space between two words of a diagnostic however
// Terraform wrapped it: any white space, and the "│" it draws at the left
// of every line of a diagnostic.
const wrapped = `[\s│]+`

// TextPattern is text as a regular expression that matches it literally,
// whichever spaces Terraform turned into line breaks: for a test that
// builds a larger expression around a diagnostic's text (ErrorText is the
// common case).
func TextPattern(text string) string {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return strings.Join(words, wrapped)
}

// ErrorText matches the literal texts in order, anywhere in Terraform's
// output, whichever spaces Terraform turned into line breaks.
func ErrorText(texts ...string) *regexp.Regexp {
	parts := make([]string, len(texts))
	for i, text := range texts {
		parts[i] = TextPattern(text)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`))
}

// ErrorPattern is ErrorText for regular expressions: each pattern's spaces
// match wherever Terraform wrapped the line.
func ErrorPattern(patterns ...string) *regexp.Regexp {
	parts := make([]string, len(patterns))
	for i, p := range patterns {
		parts[i] = strings.Join(strings.Fields(p), wrapped)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`))
}

// CheckDestroyed is a TestCase's CheckDestroy: it fails while an object of
// the state (any managed type; data sources are skipped) still exists in
// the account.
func (e *Env) CheckDestroyed() func(*terraform.State) error {
	return func(s *terraform.State) error {
		ctx := context.Background()
		var problems []error
		for key, rs := range s.RootModule().Resources {
			if strings.HasPrefix(key, "data.") {
				continue // data sources read objects they do not own
			}
			gone, err := e.gone(ctx, rs.Type, rs.Primary.ID, rs.Primary.Attributes)
			switch {
			case gone || client.IsNotFound(err):
			case err != nil:
				problems = append(problems, fmt.Errorf("%s %s: %w", rs.Type, rs.Primary.ID, err))
			default:
				problems = append(problems, fmt.Errorf("%s %s still exists", rs.Type, rs.Primary.ID))
			}
		}
		return errors.Join(problems...)
	}
}

// gone reports whether the object of a resource is gone; a not-found error
// means gone too.
func (e *Env) gone(ctx context.Context, typ, id string, a map[string]string) (bool, error) {
	var err error
	switch typ {
	case "cloudinary_user_group":
		_, err = e.Client.GetUserGroup(ctx, id, nil)
	case "cloudinary_user":
		_, err = e.Client.GetUser(ctx, id)
	case "cloudinary_product_environment":
		_, err = e.Client.GetProductEnvironment(ctx, id)
	case "cloudinary_role":
		_, err = e.Client.GetRole(ctx, id, nil)
	case "cloudinary_custom_policy":
		_, err = e.Client.GetCustomPolicy(ctx, id)
	case "cloudinary_access_key":
		keys, err := e.Client.ListAllAccessKeys(ctx, a["product_environment_id"], nil)
		return err == nil && !slices.ContainsFunc(keys, func(k client.AccessKey) bool { return k.APIKey == a["api_key"] }), err
	case "cloudinary_user_group_membership", "cloudinary_user_group_members":
		users, err := e.Client.GetUsersInUserGroup(ctx, a["group_id"])
		return err == nil && len(users) == 0, err
	case "cloudinary_role_assignment", "cloudinary_principal_roles":
		held, err := e.Client.GetPrincipalRoles(ctx, client.GetPrincipalRolesOptions{
			PrincipalType: client.PrincipalType(a["principal_type"]), PrincipalID: a["principal_id"],
			PermissionType: client.PermissionTypeGlobal,
		})
		return err == nil && len(held) == 0, err
	default:
		return true, nil
	}
	return false, err
}

// StateCheck is a state check written as a function of the state, for
// assertions that ask the account (through Env.Client).
type StateCheck func(ctx context.Context, state *tfjson.State) error

func (f StateCheck) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f(ctx, req.State)
}

// StateValues returns the attribute values of a root-module resource or
// data source ("cloudinary_user.many[3]", "data.cloudinary_roles.test").
func StateValues(state *tfjson.State, address string) (map[string]any, error) {
	if state == nil || state.Values == nil || state.Values.RootModule == nil {
		return nil, errors.New("empty state")
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Address == address {
			return r.AttributeValues, nil
		}
	}
	return nil, fmt.Errorf("%s not in state", address)
}

// StateString reads one string attribute.
func StateString(state *tfjson.State, address, attr string) (string, error) {
	v, err := StateValues(state, address)
	if err != nil {
		return "", err
	}
	s, ok := v[attr].(string)
	if !ok {
		return "", fmt.Errorf("%s.%s is not a string: %v", address, attr, v[attr])
	}
	return s, nil
}

// StateStrings reads a list or set of strings.
func StateStrings(state *tfjson.State, address, attr string) ([]string, error) {
	v, err := StateValues(state, address)
	if err != nil {
		return nil, err
	}
	raw, ok := v[attr].([]any)
	if !ok {
		return nil, fmt.Errorf("%s.%s is not a list: %v", address, attr, v[attr])
	}
	out := make([]string, 0, len(raw))
	for _, x := range raw {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out, nil
}

// Capture stores a string attribute in *dst, for later steps (a PreConfig
// that changes the object out of band needs its id).
func Capture(address, attr string, dst *string) statecheck.StateCheck {
	return StateCheck(func(_ context.Context, s *tfjson.State) error {
		v, err := StateString(s, address, attr)
		*dst = v
		return err
	})
}
