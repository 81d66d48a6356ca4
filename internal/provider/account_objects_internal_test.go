package provider

import (
	"errors"
	"net/http"
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
)

func TestPrimaryEnvironmentRefused(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&client.APIError{StatusCode: http.StatusForbidden, Message: "X is the account's Primary product environment"}, true},
		{&client.APIError{StatusCode: http.StatusForbidden, Message: "it holds 1200 assets"}, false},
		{&client.APIError{StatusCode: http.StatusConflict, Message: "primary"}, false},
		{errors.New("primary"), false},
	} {
		if got := primaryEnvironmentRefused(tc.err); got != tc.want {
			t.Errorf("primaryEnvironmentRefused(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// TestLastMasterAdminRefused: a 403 that says so is a refusal; a 403 that
// does not say why is one when the user list shows no other master admin.
func TestLastMasterAdminRefused(t *testing.T) {
	srv := emulatortest.Start(t, emulatortest.Seed(emulator.SeedRealistic))
	c, err := client.New(client.Config{AccountID: srv.AccountID, APIKey: srv.APIKey, APISecret: srv.APISecret, BaseURL: srv.URL, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	d := newProviderData(c)
	ctx := t.Context()
	owner := emulator.SeedOwnerUserID
	said := &client.APIError{StatusCode: http.StatusForbidden, Message: "User x is the account's last master admin"}
	silent := &client.APIError{StatusCode: http.StatusForbidden, Message: "Forbidden"}

	c.ResetCounts()
	if !lastMasterAdminRefused(ctx, d, owner, client.UserRoleMasterAdmin, said) {
		t.Error("a 403 naming the last master admin is not a refusal")
	}
	if n := c.RequestCounts()["getUsers"]; n != 0 {
		t.Errorf("a 403 that says why cost %d user lists", n)
	}
	if !lastMasterAdminRefused(ctx, d, owner, client.UserRoleMasterAdmin, silent) {
		t.Error("a silent 403 for the only master admin is not a refusal")
	}
	for _, tc := range []struct {
		name, role string
		err        error
	}{
		{"not a master admin", client.UserRoleAdmin, said},
		{"not a 403", client.UserRoleMasterAdmin, &client.APIError{StatusCode: http.StatusNotFound, Message: "last master admin"}},
	} {
		if lastMasterAdminRefused(ctx, d, owner, tc.role, tc.err) {
			t.Errorf("%s: reported as a refusal", tc.name)
		}
	}
	if _, err := c.CreateUser(ctx, client.UserCreateRequest{Name: "B", Email: "b@example.com", Role: client.Ptr(client.UserRoleMasterAdmin)}); err != nil {
		t.Fatal(err)
	}
	if lastMasterAdminRefused(ctx, d, owner, client.UserRoleMasterAdmin, silent) {
		t.Error("a silent 403 with another master admin in the account is reported as the last-admin refusal")
	}
}
