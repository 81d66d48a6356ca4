package provider

import (
	"context"
	"fmt"
	"net/http"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// The read layer. Every resource's Read goes through these methods rather
// than calling the client directly, so that how objects are fetched (one
// request each, or a per-process snapshot loaded with list calls) is decided
// in one place. Each returns an error matching client.IsNotFound when the
// object does not exist.

func notFound(what, id string) error {
	return &client.APIError{StatusCode: http.StatusNotFound, Message: fmt.Sprintf("%s %q not found", what, id)}
}

func (d *providerData) readProductEnvironment(ctx context.Context, id string) (*client.ProductEnvironment, error) {
	return d.client.GetProductEnvironment(ctx, id)
}

// readAccessKey finds one key in its environment's key list: the API has no
// endpoint that reads a single key.
func (d *providerData) readAccessKey(ctx context.Context, envID, apiKey string) (*client.AccessKey, error) {
	keys, err := d.client.ListAllAccessKeys(ctx, envID, nil)
	if err != nil {
		return nil, err
	}
	for i := range keys {
		if keys[i].APIKey == apiKey {
			return &keys[i], nil
		}
	}
	return nil, notFound("access key", apiKey)
}

// readUser returns the user and the ids of the environments it can reach
// (the user object itself does not carry them).
func (d *providerData) readUser(ctx context.Context, id string) (*client.User, []string, error) {
	u, err := d.client.GetUser(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	envs, err := d.client.GetSubAccountsForUser(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]string, 0, len(envs))
	for _, e := range envs {
		ids = append(ids, e.ID)
	}
	return u, ids, nil
}

// readUserGroup returns the group with its members.
func (d *providerData) readUserGroup(ctx context.Context, id string) (*client.UserGroup, error) {
	return d.client.GetUserGroup(ctx, id, &client.UserGroupOptions{ExtendedDetails: client.Ptr(true)})
}

func (d *providerData) readRole(ctx context.Context, id string) (*client.Role, error) {
	return d.client.GetRole(ctx, id, nil)
}

func (d *providerData) readCustomPolicy(ctx context.Context, id string) (*client.CustomPolicy, error) {
	return d.client.GetCustomPolicy(ctx, id)
}

// readPrincipalRoles returns every role a principal holds. The API requires
// permission_type, so this takes one call per type.
func (d *providerData) readPrincipalRoles(ctx context.Context, principalType client.PrincipalType, principalID string) ([]client.AssignedRole, error) {
	var all []client.AssignedRole
	for _, pt := range []client.PermissionType{client.PermissionTypeGlobal, client.PermissionTypeContent} {
		roles, err := d.client.GetPrincipalRoles(ctx, client.GetPrincipalRolesOptions{
			PrincipalType: principalType, PrincipalID: principalID, PermissionType: pt,
		})
		if err != nil {
			return nil, err
		}
		all = append(all, roles...)
	}
	return all, nil
}

// invalidate is called after every write of a kind, so that later reads in
// this process see the write.
func (d *providerData) invalidate(kinds ...readKind) {}

// readKind names one collection of the read layer.
type readKind int

const (
	kindProductEnvironments readKind = iota
	kindAccessKeys
	kindUsers
	kindUserGroups
	kindRoles
	kindCustomPolicies
	kindPrincipalRoles
)
