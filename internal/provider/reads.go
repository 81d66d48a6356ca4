package provider

import (
	"context"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/readcache"
)

// Reads of objects go through providerData.reads (internal/readcache), which
// answers them from collections loaded with list calls and keeps itself
// current through the client's write hook. What is here builds on it or on
// the client: the catalog, lookups by natural key, and the import mark.

// readPermissionsCatalog returns the public system roles and policies
// catalog. It is the same for every account and changes only with
// Cloudinary releases, so it is read once per process; a failed fetch is
// not kept.
func (d *providerData) readPermissionsCatalog(ctx context.Context) (*permissionsCatalog, error) {
	return readcache.Constant(ctx, d.reads, "catalog", func(ctx context.Context) (*permissionsCatalog, error) {
		raw, err := d.client.GetSystemRolesAndPoliciesCatalog(ctx)
		if err != nil {
			return nil, err
		}
		return catalogFromAPI(raw)
	})
}

// groupsWithMembers asks a user group list or read for each group's members.
func groupsWithMembers() *client.UserGroupOptions {
	return &client.UserGroupOptions{ExtendedDetails: client.Ptr(true)}
}

// readProductEnvironmentByCloudName returns the environment with this cloud
// name (unique), or nil when there is none. It backs import by cloud_name,
// the create-once lookup, 409 explanations and the data source.
func (d *providerData) readProductEnvironmentByCloudName(ctx context.Context, cloudName string) (*client.ProductEnvironment, error) {
	envs, err := d.client.GetProductEnvironments(ctx, &client.ProductEnvironmentListOptions{CloudNames: []string{cloudName}})
	if err != nil {
		return nil, err
	}
	for i := range envs {
		if envs[i].CloudName == cloudName {
			return &envs[i], nil
		}
	}
	return nil, nil
}

// readProductEnvironmentsNamed returns the environments named exactly name
// (names are not unique; the API only filters by case-insensitive prefix).
func (d *providerData) readProductEnvironmentsNamed(ctx context.Context, name string) ([]client.ProductEnvironment, error) {
	envs, err := d.client.GetProductEnvironments(ctx, &client.ProductEnvironmentListOptions{Prefix: client.Ptr(name)})
	if err != nil {
		return nil, err
	}
	var named []client.ProductEnvironment
	for _, e := range envs {
		if e.Name == name {
			named = append(named, e)
		}
	}
	return named, nil
}

// Imports read fresh: the Read that follows an ImportState is one object
// that a person just named, so it goes straight to the API instead of
// loading whole collections for it (readcache.Direct). ImportState leaves a
// mark in the resource's private state; the Read after it sees the mark,
// removes it, and reads directly.

const privateImportedKey = "imported"

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// markImported is called first thing in every ImportState.
func markImported(ctx context.Context, private privateSetter, diags *diag.Diagnostics) {
	diags.Append(private.SetKey(ctx, privateImportedKey, []byte("true"))...)
}

// beginRead is called first thing in every Read: it returns the context the
// Read reads with (readFreshAfterImport), and starts the prefetch of every
// collection when this is the first read of a refresh (readcache.Prefetch).
func (d *providerData) beginRead(ctx context.Context, in privateGetter, out privateSetter, diags *diag.Diagnostics) context.Context {
	ctx = readFreshAfterImport(ctx, in, out, diags)
	if d != nil && d.reads != nil { // nil: the provider is not configured, the Read reports it
		d.reads.Prefetch(ctx)
	}
	return ctx
}

// readFreshAfterImport: after an import it returns a context whose reads
// bypass the cache, and clears the mark.
func readFreshAfterImport(ctx context.Context, in privateGetter, out privateSetter, diags *diag.Diagnostics) context.Context {
	mark, d := in.GetKey(ctx, privateImportedKey)
	diags.Append(d...)
	if len(mark) == 0 {
		return ctx
	}
	diags.Append(out.SetKey(ctx, privateImportedKey, nil)...)
	return readcache.Direct(ctx)
}

// notFound is the error a read returns for an object that does not exist:
// it matches client.IsNotFound, as the API's 404 does.
func notFound(what, id string) error {
	return &client.APIError{StatusCode: http.StatusNotFound, Message: fmt.Sprintf("%s %q not found", what, id)}
}
