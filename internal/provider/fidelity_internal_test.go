package provider

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/emulator/emulatortest"
)

func fidelityClient(t *testing.T, url, account, key, secret string) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{AccountID: account, APIKey: key, APISecret: secret, BaseURL: url, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// FIDELITY.md row 3: a restricted user read directly costs one request,
// since the answer lists its environments; one with every environment
// still needs the second request. Both give the same environments.
func TestReadUserDirect_usesSubAccountIDsWhenReturned(t *testing.T) {
	emu := emulatortest.Start(t)
	c := fidelityClient(t, emu.URL, emu.AccountID, emu.APIKey, emu.APISecret)
	ctx := t.Context()
	e1, err := c.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: "one"})
	if err != nil {
		t.Fatal(err)
	}
	e2, err := c.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: "two"})
	if err != nil {
		t.Fatal(err)
	}
	restricted, err := c.CreateUser(ctx, client.UserCreateRequest{Name: "r", Email: "r@x.io", SubAccountIDs: []string{e2.ID, e1.ID}})
	if err != nil {
		t.Fatal(err)
	}
	everywhere, err := c.CreateUser(ctx, client.UserCreateRequest{Name: "a", Email: "a@x.io"})
	if err != nil {
		t.Fatal(err)
	}
	d := newProviderData(c)
	want := slices.Sorted(slices.Values([]string{e1.ID, e2.ID}))

	c.ResetCounts()
	_, ids, err := d.reads.UserDirect(ctx, restricted.ID)
	if err != nil || !slices.Equal(ids, want) {
		t.Fatalf("restricted: %v, %v; want %v", ids, err, want)
	}
	if n := c.RequestCounts()["getSubAccountsForUser"]; n != 0 {
		t.Errorf("restricted user: %d getSubAccountsForUser requests, want 0", n)
	}

	c.ResetCounts()
	_, ids, err = d.reads.UserDirect(ctx, everywhere.ID)
	if err != nil || !slices.Equal(ids, want) {
		t.Fatalf("every environment: %v, %v; want %v", ids, err, want)
	}
	if n := c.RequestCounts()["getSubAccountsForUser"]; n != 1 {
		t.Errorf("user with every environment: %d getSubAccountsForUser requests, want 1", n)
	}

	// By email too.
	c.ResetCounts()
	_, ids, err = d.reads.UserByEmail(ctx, "R@x.io")
	if err != nil || !slices.Equal(ids, want) {
		t.Fatalf("by email: %v, %v", ids, err)
	}
}

// filterKeepingLast is a server that, like a Rails-style one given repeated
// keys, honours only the last value of a list filter, and answers direct
// reads.
func filterKeepingLast(t *testing.T) *httptest.Server {
	t.Helper()
	users := []client.User{{ID: "u1", Email: "u1@x.io"}, {ID: "u2", Email: "u2@x.io"}, {ID: "u3", Email: "u3@x.io"}}
	envs := []client.ProductEnvironment{{ID: "e1", CloudName: "c1"}, {ID: "e2", CloudName: "c2"}}
	last := func(vs []string) string {
		if len(vs) == 0 {
			return ""
		}
		return vs[len(vs)-1]
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		q := r.URL.Query()
		p := r.URL.Path
		switch {
		case strings.HasSuffix(p, "/users"):
			id, email := last(q["ids[]"]), last(q["emails[]"])
			var out []client.User
			for _, u := range users {
				if (id == "" || u.ID == id) && (email == "" || strings.EqualFold(u.Email, email)) {
					out = append(out, u)
				}
			}
			_ = json.NewEncoder(w).Encode(client.UsersResponse{Users: out})
		case strings.Contains(p, "/users/"):
			id := p[strings.LastIndex(p, "/")+1:]
			for _, u := range users {
				if u.ID == id {
					_ = json.NewEncoder(w).Encode(u)
					return
				}
			}
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":{"message":"not found"}}`))
		case strings.HasSuffix(p, "/sub_accounts"):
			id, name := last(q["ids[]"]), last(q["cloud_names[]"])
			var out []client.ProductEnvironment
			for _, e := range envs {
				if (id == "" || e.ID == id) && (name == "" || e.CloudName == name) {
					out = append(out, e)
				}
			}
			_ = json.NewEncoder(w).Encode(client.ProductEnvironmentsResponse{SubAccounts: out})
		case strings.Contains(p, "/sub_accounts/"):
			id := p[strings.LastIndex(p, "/")+1:]
			for _, e := range envs {
				if e.ID == id {
					_ = json.NewEncoder(w).Encode(e)
					return
				}
			}
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":{"message":"not found"}}`))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// FIDELITY.md row 8: what a filtered list leaves out is confirmed with a
// direct read, so a server that honours only part of a filter loses
// nothing, and what does not exist stays out.
func TestConfirmMissing_readsWhatTheFilterDropped(t *testing.T) {
	srv := filterKeepingLast(t)
	c := fidelityClient(t, srv.URL, "acc", "k", "s")
	d := newProviderData(c)
	ctx := t.Context()

	ids := []string{"u1", "u2", "ghost"}
	listed, err := d.client.ListAllUsers(ctx, &client.UserListOptions{IDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	users, err := d.confirmMissingUsers(ctx, listed, ids, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := filterUsers(users, usersFilter{IDs: ids})
	if len(got) != 2 || got[0].ID != "u1" || got[1].ID != "u2" {
		t.Errorf("users by id = %+v, want u1 and u2", got)
	}

	emails := []string{"u3@x.io", "U1@x.io", "nobody@x.io"}
	listed, err = d.client.ListAllUsers(ctx, &client.UserListOptions{Emails: emails})
	if err != nil {
		t.Fatal(err)
	}
	users, err = d.confirmMissingUsers(ctx, listed, nil, emails)
	if err != nil {
		t.Fatal(err)
	}
	if got := filterUsers(users, usersFilter{Emails: emails}); len(got) != 2 {
		t.Errorf("users by email = %+v, want u1 and u3", got)
	}

	f := client.ProductEnvironmentListOptions{IDs: []string{"e1", "e2", "gone"}}
	envs, err := d.client.GetProductEnvironments(ctx, &f)
	if err == nil {
		envs, err = d.confirmMissingProductEnvironments(ctx, envs, f.IDs, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	if got := filterProductEnvironments(envs, f); len(got) != 2 {
		t.Errorf("environments by id = %+v", got)
	}
	f = client.ProductEnvironmentListOptions{CloudNames: []string{"c1", "c2", "none"}}
	envs, err = d.client.GetProductEnvironments(ctx, &f)
	if err == nil {
		envs, err = d.confirmMissingProductEnvironments(ctx, envs, nil, f.CloudNames)
	}
	if err != nil {
		t.Fatal(err)
	}
	if got := filterProductEnvironments(envs, f); len(got) != 2 {
		t.Errorf("environments by cloud name = %+v", got)
	}
}
