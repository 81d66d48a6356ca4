package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// No result may depend on the API honouring a list filter (FIDELITY.md row
// 8): how the real service reads several values of ids, emails or
// cloud_names is only partly proven, and a server that kept one of them
// would silently drop the others. So whatever a filtered list leaves out is
// confirmed with a direct read before it is reported missing, as the
// read cache already does for every resource read (internal/readcache). The callers
// then filter the result again on their side.

// confirmMissingUsers adds to users those of ids and emails the answer left
// out but that exist: ids read with GET users/{id}, emails looked up one
// at a time.
func (d *providerData) confirmMissingUsers(ctx context.Context, users []client.User, ids, emails []string) ([]client.User, error) {
	have := func(match func(client.User) bool) bool { return slices.ContainsFunc(users, match) }
	for _, id := range ids {
		if have(func(u client.User) bool { return u.ID == id }) {
			continue
		}
		u, err := d.client.GetUser(ctx, id)
		if client.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		users = append(users, *u)
	}
	for _, email := range emails {
		if have(func(u client.User) bool { return strings.EqualFold(u.Email, email) }) {
			continue
		}
		found, err := d.client.GetUsers(ctx, &client.UserListOptions{Emails: []string{email}})
		if err != nil {
			return nil, err
		}
		for _, u := range found {
			if strings.EqualFold(u.Email, email) && !have(func(x client.User) bool { return x.ID == u.ID }) {
				users = append(users, u)
			}
		}
	}
	return users, nil
}

// confirmMissingProductEnvironments adds to envs those of ids and cloud
// names the answer left out but that exist: ids read with GET
// sub_accounts/{id}, cloud names looked up one at a time.
func (d *providerData) confirmMissingProductEnvironments(ctx context.Context, envs []client.ProductEnvironment, ids, cloudNames []string) ([]client.ProductEnvironment, error) {
	have := func(match func(client.ProductEnvironment) bool) bool { return slices.ContainsFunc(envs, match) }
	for _, id := range ids {
		if have(func(e client.ProductEnvironment) bool { return e.ID == id }) {
			continue
		}
		pe, err := d.client.GetProductEnvironment(ctx, id)
		if client.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		envs = append(envs, *pe)
	}
	for _, name := range cloudNames {
		if have(func(e client.ProductEnvironment) bool { return e.CloudName == name }) {
			continue
		}
		pe, err := d.readProductEnvironmentByCloudName(ctx, name)
		if err != nil {
			return nil, err
		}
		if pe != nil && !have(func(e client.ProductEnvironment) bool { return e.ID == pe.ID }) {
			envs = append(envs, *pe)
		}
	}
	return envs, nil
}
