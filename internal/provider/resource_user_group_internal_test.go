package provider

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

func TestPickUserGroupByName(t *testing.T) {
	groups := []client.UserGroup{{ID: "g1", Name: "Eng"}, {ID: "g2", Name: "ops"}, {ID: "g3", Name: "ops"}, {ID: "g4", Name: "OPS"}}

	g, err := pickUserGroupByName(groups, "Eng")
	if err != nil || g.ID != "g1" {
		t.Errorf("Eng: %v %v", g, err)
	}
	if _, err := pickUserGroupByName(groups, "eng"); !errors.Is(err, errUserGroupNameNotFound) {
		t.Errorf("names match exactly: %v", err)
	}
	_, err = pickUserGroupByName(groups, "ops")
	if !errors.Is(err, errUserGroupNameAmbiguous) || !strings.Contains(err.Error(), `"g2", "g3"`) {
		t.Errorf("ambiguous: %v", err)
	}
	if got := userGroupsNamed(groups, "ops", true); len(got) != 3 {
		t.Errorf("folded: %v", got)
	}
}

func TestUserGroupFromAPI(t *testing.T) {
	m := userGroupFromAPI(&client.UserGroup{ID: "g1", Name: "Eng", Users: []client.UserGroupUser{{ID: "u"}}})
	if !m.ID.Equal(types.StringValue("g1")) || !m.Name.Equal(types.StringValue("Eng")) {
		t.Errorf("model %+v", m)
	}
}

func TestUserGroupMembersDiff(t *testing.T) {
	cases := map[string]struct {
		current, desired, add, remove []string
	}{
		"same":        {[]string{"a", "b"}, []string{"b", "a"}, nil, nil},
		"add":         {[]string{"a"}, []string{"a", "c", "b"}, []string{"b", "c"}, nil},
		"remove":      {[]string{"c", "a", "b"}, []string{"a"}, nil, []string{"b", "c"}},
		"both":        {[]string{"a", "x"}, []string{"a", "y"}, []string{"y"}, []string{"x"}},
		"empty":       {[]string{"a"}, nil, nil, []string{"a"}},
		"from empty":  {nil, []string{"a"}, []string{"a"}, nil},
		"duplicates":  {[]string{"x", "x"}, []string{"y", "y"}, []string{"y"}, []string{"x"}},
		"nothing":     {nil, nil, nil, nil},
		"unsorted in": {[]string{"z", "m"}, []string{"q", "b"}, []string{"b", "q"}, []string{"m", "z"}},
	}
	for name, c := range cases {
		add, remove := userGroupMembersDiff(c.current, c.desired)
		if !slices.Equal(add, c.add) || !slices.Equal(remove, c.remove) {
			t.Errorf("%s: add %v remove %v, want %v %v", name, add, remove, c.add, c.remove)
		}
	}
}

func TestForEachMember(t *testing.T) {
	ids := []string{"a", "b", "c", "d", "e", "f"}
	seen := make(chan string, len(ids))
	err := forEachMember(ids, func(id string) error {
		seen <- id
		if id == "c" || id == "e" {
			return errors.New("bad " + id)
		}
		return nil
	})
	close(seen)
	var got []string
	for id := range seen {
		got = append(got, id)
	}
	slices.Sort(got)
	if !slices.Equal(got, ids) {
		t.Errorf("visited %v", got)
	}
	if err == nil || !strings.Contains(err.Error(), "bad c") || !strings.Contains(err.Error(), "bad e") {
		t.Errorf("error %v", err)
	}
	if err := forEachMember(nil, func(string) error { t.Fatal("called"); return nil }); err != nil {
		t.Error(err)
	}
}

func TestUserGroupDataFromAPI(t *testing.T) {
	m := userGroupDataFromAPI(&client.UserGroup{ID: "g", Name: "Eng", Users: []client.UserGroupUser{
		{ID: "2", Name: "B", Email: "b@x.io"}, {ID: "1", Name: "A", Email: "a@x.io"},
	}})
	if len(m.Users) != 2 || m.Users[0].ID.ValueString() != "1" || m.Users[1].Email.ValueString() != "b@x.io" {
		t.Errorf("users %+v", m.Users)
	}
	if !m.UserIDs.Equal(stringSet([]string{"1", "2"})) {
		t.Errorf("user_ids %v", m.UserIDs)
	}
	empty := userGroupDataFromAPI(&client.UserGroup{ID: "g"})
	if empty.Users == nil || len(empty.Users) != 0 || len(empty.UserIDs.Elements()) != 0 {
		t.Errorf("empty group %+v", empty)
	}
	all := userGroupsDataFromAPI([]client.UserGroup{{ID: "2", Name: "b"}, {ID: "1", Name: "a"}, {ID: "0", Name: "b"}})
	var order []string
	for _, g := range all.UserGroups {
		order = append(order, g.ID.ValueString())
	}
	if !slices.Equal(order, []string{"1", "0", "2"}) {
		t.Errorf("order %v", order)
	}
}

func TestUserDataFromAPI(t *testing.T) {
	u := &client.User{ID: "u", Email: "a@x.io", Pending: client.Ptr(false), AllSubAccounts: client.Ptr(false), LastLogin: "2024-01-01T00:00:00Z"}
	m := userDataFromAPI(u, []string{"e2", "e1"}, []client.UserGroupSummary{{ID: "g2", Name: "b"}, {ID: "g1", Name: "a"}})
	if m.LastLogin.ValueString() != "2024-01-01T00:00:00Z" || m.Pending.ValueBool() || m.AllProductEnvironments.ValueBool() ||
		!m.ProductEnvironmentIDs.Equal(stringSet([]string{"e1", "e2"})) || len(m.Groups) != 2 || m.Groups[0].ID.ValueString() != "g1" {
		t.Errorf("model %+v", m)
	}
	if m := userDataFromAPI(&client.User{ID: "u"}, nil, nil); !m.LastLogin.IsNull() || m.Groups == nil {
		t.Errorf("never logged in %+v", m)
	}
}

func TestFilterUsers(t *testing.T) {
	users := []client.User{
		{ID: "1", Name: "Alice", Email: "b@x.io", Pending: client.Ptr(true)},
		{ID: "2", Name: "alfred", Email: "A@x.io", Pending: client.Ptr(false)},
		{ID: "3", Name: "Bob", Email: "c@x.io"},
	}
	ids := func(us []client.User) []string {
		var out []string
		for _, u := range us {
			out = append(out, u.ID)
		}
		return out
	}
	cases := map[string]struct {
		f    usersFilter
		want []string
	}{
		"none, sorted by email": {usersFilter{}, []string{"2", "1", "3"}},
		"pending":               {usersFilter{Pending: client.Ptr(true)}, []string{"1"}},
		"not pending":           {usersFilter{Pending: client.Ptr(false)}, []string{"2", "3"}},
		"prefix any case":       {usersFilter{Prefix: "AL"}, []string{"2", "1"}},
		"ids":                   {usersFilter{IDs: []string{"3", "1", "9"}}, []string{"1", "3"}},
		"emails any case":       {usersFilter{Emails: []string{"a@X.io", "c@x.io"}}, []string{"2", "3"}},
		"environment":           {usersFilter{InEnvironment: map[string]bool{"1": true, "3": true}}, []string{"1", "3"}},
		"combined":              {usersFilter{Prefix: "al", Pending: client.Ptr(false), IDs: []string{"1", "2"}}, []string{"2"}},
	}
	for name, c := range cases {
		if got := ids(filterUsers(users, c.f)); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", name, got, c.want)
		}
	}
}

func TestUsersListOptions(t *testing.T) {
	m := usersDataModel{
		Pending: types.BoolValue(true), Prefix: types.StringValue("al"), ProductEnvironmentID: types.StringValue("e"),
	}
	o := usersListOptions(m, nil, nil)
	if o.Pending == nil || !*o.Pending || *o.Prefix != "al" || *o.SubAccountID != "e" || o.IDs != nil {
		t.Errorf("server-side filters %+v", o)
	}
	m.Pending = types.BoolValue(false) // the API cannot ask for accepted users only
	if o := usersListOptions(m, nil, nil); o.Pending != nil {
		t.Errorf("pending=false sent: %+v", o)
	}
	if o := usersListOptions(m, []string{"1"}, []string{"a@x.io"}); !slices.Equal(o.IDs, []string{"1"}) || o.Emails != nil || o.Prefix != nil {
		t.Errorf("ids win: %+v", o)
	}
	if o := usersListOptions(usersDataModel{}, nil, []string{"a@x.io"}); !slices.Equal(o.Emails, []string{"a@x.io"}) {
		t.Errorf("emails: %+v", o)
	}
}
