package client

import (
	"encoding/json"
	"slices"
	"testing"
)

// The client decodes both the document's form and the real service's form
// of every answer listed in internal/emulator/FIDELITY.md.

func TestStringListDecodesEveryForm(t *testing.T) {
	cases := []struct {
		in      string
		want    []string
		wantNil bool
	}{
		{`"a,b"`, []string{"a", "b"}, false},
		{`" a , ,b "`, []string{"a", "b"}, false},
		{`"a"`, []string{"a"}, false},
		{`""`, []string{}, false},
		{`["a","b"]`, []string{"a", "b"}, false},
		{`[]`, []string{}, false},
		{`[12, "x"]`, []string{"12", "x"}, false},
		{`null`, nil, true},
	}
	for _, c := range cases {
		var l StringList
		if err := json.Unmarshal([]byte(c.in), &l); err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if (l == nil) != c.wantNil || !slices.Equal(l, c.want) {
			t.Errorf("%s = %#v, want %#v (nil %v)", c.in, l, c.want, c.wantNil)
		}
	}
	for _, bad := range []string{`1`, `{"a":1}`, `[{"a":1}]`, `true`} {
		var l StringList
		if err := json.Unmarshal([]byte(bad), &l); err == nil {
			t.Errorf("%s decoded to %#v, want an error", bad, l)
		}
	}
	var u User
	if err := json.Unmarshal([]byte(`{"id":"u"}`), &u); err != nil || u.SubAccountIDs != nil || u.Groups != nil {
		t.Errorf("absent fields must stay nil: %+v %v", u, err)
	}
}

// Row 3: a user's groups and sub_account_ids, as a string or an array.
func TestUserDecodesGroupsAndSubAccountIDs(t *testing.T) {
	for _, body := range []string{
		`{"id":"u","all_sub_accounts":false,"sub_account_ids":"e1,e2","groups":[{"id":"g","name":"G"}]}`,
		`{"id":"u","all_sub_accounts":false,"sub_account_ids":["e1","e2"],"groups":[{"id":"g","name":"G"}]}`,
	} {
		s := newCoreServer(t, coreReply{body: body})
		u, err := coreClient(t, s.URL).GetUser(t.Context(), "u")
		if err != nil {
			t.Fatal(err)
		}
		ids, ok := u.RestrictedSubAccountIDs()
		if !ok || !slices.Equal(ids, []string{"e1", "e2"}) {
			t.Errorf("%s: RestrictedSubAccountIDs = %v, %v", body, ids, ok)
		}
		if len(u.Groups) != 1 || u.Groups[0].ID != "g" || u.Groups[0].Name != "G" {
			t.Errorf("%s: groups = %+v", body, u.Groups)
		}
	}
	// Without the list, or for a user with every environment, another
	// request is needed.
	for _, body := range []string{
		`{"id":"u","all_sub_accounts":false}`,
		`{"id":"u","all_sub_accounts":true,"sub_account_ids":""}`,
		`{"id":"u","sub_account_ids":"e1"}`,
	} {
		var u User
		if err := json.Unmarshal([]byte(body), &u); err != nil {
			t.Fatal(err)
		}
		if ids, ok := u.RestrictedSubAccountIDs(); ok {
			t.Errorf("%s: RestrictedSubAccountIDs = %v, want not known", body, ids)
		}
	}
	// A restricted user who reaches none.
	var none User
	_ = json.Unmarshal([]byte(`{"id":"u","all_sub_accounts":false,"sub_account_ids":""}`), &none)
	if ids, ok := none.RestrictedSubAccountIDs(); !ok || len(ids) != 0 || ids == nil {
		t.Errorf("empty string: %#v, %v", ids, ok)
	}
}

// Row 1: addUserToUserGroup answers one member (document) or the members
// (service).
func TestAddUserToUserGroupDecodesBothAnswers(t *testing.T) {
	for _, c := range []struct{ body, wantEmail string }{
		{`{"id":"u2","name":"B","email":"b@x.io"}`, "b@x.io"},
		{`{"users":[{"id":"u1","name":"A","email":"a@x.io"},{"id":"u2","name":"B","email":"b@x.io"}]}`, "b@x.io"},
		{`{"users":[{"id":"u1","name":"A","email":"a@x.io"}]}`, ""},
		{`{}`, ""},
	} {
		s := newCoreServer(t, coreReply{body: c.body})
		m, err := coreClient(t, s.URL).AddUserToUserGroup(t.Context(), "g", "u2")
		if err != nil {
			t.Fatal(err)
		}
		if m.ID != "u2" || m.Email != c.wantEmail {
			t.Errorf("%s: member = %+v", c.body, m)
		}
	}
}

// Row 2: deleteUserGroup answers {"ok":true} or {"message":"ok"}.
func TestDeleteUserGroupAcceptsBothAnswers(t *testing.T) {
	for _, body := range []string{`{"ok":true}`, `{"message":"ok"}`} {
		s := newCoreServer(t, coreReply{body: body})
		if err := coreClient(t, s.URL).DeleteUserGroup(t.Context(), "g"); err != nil {
			t.Errorf("%s: %v", body, err)
		}
	}
	var r SuccessResponse
	if err := json.Unmarshal([]byte(`{"ok":true}`), &r); err != nil || r.OK == nil || !*r.OK {
		t.Errorf("ok not decoded: %+v %v", r, err)
	}
}

// Row 4: custom_attributes as an object, null, or absent.
func TestProductEnvironmentCustomAttributes(t *testing.T) {
	cases := []struct {
		body string
		ok   bool
	}{
		{`{"id":"e","custom_attributes":{"n":12345678901234567890,"s":"x"}}`, true},
		{`{"id":"e","custom_attributes":{}}`, true},
		{`{"id":"e","custom_attributes":null}`, false},
		{`{"id":"e"}`, false},
		{`{"id":"e","custom_attributes":"odd"}`, false},
	}
	for _, c := range cases {
		s := newCoreServer(t, coreReply{body: c.body})
		pe, err := coreClient(t, s.URL).GetProductEnvironment(t.Context(), "e")
		if err != nil {
			t.Fatal(err)
		}
		m, ok := pe.CustomAttributesObject()
		if ok != c.ok {
			t.Errorf("%s: ok = %v", c.body, ok)
		}
		if ok && len(m) > 0 && m["n"].(json.Number).String() != "12345678901234567890" {
			t.Errorf("%s: number not kept exact: %v", c.body, m["n"])
		}
	}
}

// Row 5: root and dedicated_for, as an array or a string.
func TestAccessKeyDecodesRootAndDedicatedFor(t *testing.T) {
	s := newCoreServer(t, coreReply{body: `{"access_keys":[` +
		`{"api_key":"1","root":true},` +
		`{"api_key":"2","root":false,"dedicated_for":["webhooks"]},` +
		`{"api_key":"3","dedicated_for":"webhooks"},` +
		`{"api_key":"4"}],"total":4}`})
	resp, err := coreClient(t, s.URL).GetAccessKeys(t.Context(), "e", nil)
	if err != nil {
		t.Fatal(err)
	}
	k := resp.AccessKeys
	if !k[0].IsRoot() || k[1].IsRoot() || k[3].IsRoot() || k[3].Root != nil {
		t.Errorf("root: %+v", k)
	}
	if !slices.Equal(k[1].DedicatedFor, []string{"webhooks"}) || !slices.Equal(k[2].DedicatedFor, []string{"webhooks"}) || k[3].DedicatedFor != nil {
		t.Errorf("dedicated_for: %+v", k)
	}
}

// Row 8: array filters go out in the bracket form.
func TestArrayFiltersUseBrackets(t *testing.T) {
	s := newCoreServer(t, coreReply{body: `{"sub_accounts":[]}`})
	_, err := coreClient(t, s.URL).GetProductEnvironments(t.Context(), &ProductEnvironmentListOptions{
		IDs: []string{"a", "b"}, CloudNames: []string{"c", "d"},
	})
	if err != nil {
		t.Fatal(err)
	}
	q := s.requests()[0].query
	if !slices.Equal(q["ids[]"], []string{"a", "b"}) || !slices.Equal(q["cloud_names[]"], []string{"c", "d"}) || q["ids"] != nil {
		t.Errorf("query = %v", q)
	}
}
