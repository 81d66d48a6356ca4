package client

import (
	"context"
	"errors"
	"testing"
)

const provBase = "/v1_1/provisioning/accounts/acc-1234"

// provCase is one provisioning operation against a scripted server.
type provCase struct {
	op           string
	call         func(ctx context.Context, c *Client) (any, error)
	method, path string
	query        string // expected raw query (url.Values.Encode order)
	body         string // expected JSON body; "" = none
	resp         string // 200 answer
	check        func(t *testing.T, got any)
	create       bool
}

func provCases() []provCase {
	return []provCase{
		// Product environments.
		{
			op: "getProductEnvironments", method: "GET", path: provBase + "/sub_accounts",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetProductEnvironments(ctx, &ProductEnvironmentListOptions{
					Enabled: Ptr(true), IDs: []string{"a", "b"}, CloudNames: []string{"c1"}, Prefix: Ptr("prod"),
				})
			},
			query: "cloud_names%5B%5D=c1&enabled=true&ids%5B%5D=a&ids%5B%5D=b&prefix=prod",
			resp:  `{"sub_accounts":[{"cloud_name":"product1","name":"Product1 Application","enabled":true,"id":"abc","api_access_keys":[{"key":"123","secret":"s","enabled":true}],"created_at":"2016-09-27T08:00:16Z","updated_at":"2016-09-27T08:00:16Z"}]}`,
			check: func(t *testing.T, got any) {
				envs := got.([]ProductEnvironment)
				if len(envs) != 1 || envs[0].ID != "abc" || envs[0].CloudName != "product1" || !*envs[0].Enabled ||
					envs[0].APIAccessKeys[0].Key != "123" || envs[0].APIAccessKeys[0].Secret != "s" || envs[0].CreatedAt != "2016-09-27T08:00:16Z" {
					t.Errorf("envs = %+v", envs)
				}
			},
		},
		{
			op: "createProductEnvironment", method: "POST", path: provBase + "/sub_accounts", create: true,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateProductEnvironment(ctx, ProductEnvironmentCreateRequest{
					Name: "Product3", CloudName: Ptr("product3"), BaseSubAccountID: Ptr("base1"),
					CustomAttributes: map[string]any{"team": "media"},
				})
			},
			body: `{"name":"Product3","cloud_name":"product3","base_sub_account_id":"base1","custom_attributes":{"team":"media"}}`,
			resp: `{"id":"555","cloud_name":"product3","name":"Product3","enabled":false}`,
			check: func(t *testing.T, got any) {
				e := got.(*ProductEnvironment)
				if e.ID != "555" || e.Enabled == nil || *e.Enabled {
					t.Errorf("env = %+v", e)
				}
			},
		},
		{
			op: "getProductEnvironment", method: "GET", path: provBase + "/sub_accounts/env%2F1",
			call: func(ctx context.Context, c *Client) (any, error) { return c.GetProductEnvironment(ctx, "env/1") },
			resp: `{"id":"env/1","name":"n"}`,
			check: func(t *testing.T, got any) {
				if e := got.(*ProductEnvironment); e.ID != "env/1" || e.Enabled != nil {
					t.Errorf("env = %+v (absent enabled must stay nil)", e)
				}
			},
		},
		{
			op: "updateProductEnvironment", method: "PUT", path: provBase + "/sub_accounts/env1",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateProductEnvironment(ctx, "env1", ProductEnvironmentUpdateRequest{
					Name: Ptr("New"), CloudName: Ptr("newcloud"), CustomAttributes: map[string]any{}, Enabled: Ptr(false),
				})
			},
			body: `{"name":"New","cloud_name":"newcloud","custom_attributes":{},"enabled":false}`,
			resp: `{"id":"env1","name":"New"}`,
			check: func(t *testing.T, got any) {
				if got.(*ProductEnvironment).Name != "New" {
					t.Errorf("got %+v", got)
				}
			},
		},
		{
			op: "deleteProductEnvironment", method: "DELETE", path: provBase + "/sub_accounts/env1",
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteProductEnvironment(ctx, "env1") },
			resp: `{"message":"ok"}`,
		},

		// Access keys.
		{
			op: "getAccessKeys", method: "GET", path: provBase + "/sub_accounts/env1/access_keys",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetAccessKeys(ctx, "env1", &AccessKeyListOptions{PageSize: Ptr(10), Page: Ptr(2), SortBy: Ptr("name"), SortOrder: Ptr("asc")})
			},
			query: "page=2&page_size=10&sort_by=name&sort_order=asc",
			resp:  `{"access_keys":[{"name":"main_key","api_key":"814","api_secret":"Qcs","created_at":"2022-03-15T11:44:48Z","updated_at":"2023-08-10T09:23:45Z","enabled":true}],"total":2}`,
			check: func(t *testing.T, got any) {
				r := got.(*AccessKeysResponse)
				if len(r.AccessKeys) != 1 || r.AccessKeys[0].APIKey != "814" || r.AccessKeys[0].APISecret != "Qcs" || *r.Total != 2 {
					t.Errorf("resp = %+v", r)
				}
			},
		},
		{
			op: "generateAccessKey", method: "POST", path: provBase + "/sub_accounts/env1/access_keys", create: true,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GenerateAccessKey(ctx, "env1", AccessKeyCreateRequest{Name: Ptr("main_key"), Enabled: Ptr(true)})
			},
			body: `{"name":"main_key","enabled":true}`,
			resp: `{"name":"main_key","api_key":"814","api_secret":"Qcs","enabled":true}`,
			check: func(t *testing.T, got any) {
				if k := got.(*AccessKey); k.APISecret != "Qcs" || k.Name != "main_key" {
					t.Errorf("key = %+v", k)
				}
			},
		},
		{
			op: "deleteAccessKeyByName", method: "DELETE", path: provBase + "/sub_accounts/env1/access_keys",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DeleteAccessKeyByName(ctx, "env1", "main key&x")
			},
			query: "name=main+key%26x",
			resp:  `{"message":"ok"}`,
		},
		{
			op: "updateAccessKey", method: "PUT", path: provBase + "/sub_accounts/env1/access_keys/814",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateAccessKey(ctx, "env1", "814", AccessKeyUpdateRequest{Name: Ptr("renamed"), Enabled: Ptr(false), DedicatedFor: Ptr(AccessKeyDedicatedForWebhooks)})
			},
			body: `{"name":"renamed","enabled":false,"dedicated_for":"webhooks"}`,
			resp: `{"name":"renamed","api_key":"814","enabled":false}`,
			check: func(t *testing.T, got any) {
				if k := got.(*AccessKey); k.Name != "renamed" || *k.Enabled {
					t.Errorf("key = %+v", k)
				}
			},
		},
		{
			op: "deleteAccessKey", method: "DELETE", path: provBase + "/sub_accounts/env1/access_keys/814",
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteAccessKey(ctx, "env1", "814") },
			resp: `{"message":"ok"}`,
		},

		// Users.
		{
			op: "getUsers", method: "GET", path: provBase + "/users",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetUsers(ctx, &UserListOptions{
					Pending: Ptr(false), IDs: []string{"u1", "u2"}, Emails: []string{"a@x.com"}, Prefix: Ptr("jo"),
					SubAccountID: Ptr("env1"), LastLogin: Ptr(true), From: Ptr("2023-01-01"), To: Ptr("2024-12-31"),
					UnionType: Ptr("exclude"), SortOrder: Ptr("asc"), SortBy: Ptr("created_at"), Page: Ptr(3), PageSize: Ptr(50),
				})
			},
			query: "emails%5B%5D=a%40x.com&from=2023-01-01&ids%5B%5D=u1&ids%5B%5D=u2&last_login=true&page=3&page_size=50&pending=false&prefix=jo&sort_by=created_at&sort_order=asc&sub_account_id=env1&to=2024-12-31&union_type=exclude",
			resp:  `{"users":[{"id":"u1","name":"john","role":"media_library_user","email":"j@x.com","pending":true,"enabled":true,"created_at":"2020-01-13T05:16:06Z","last_login":"2022-01-11T15:11:04Z","all_sub_accounts":false,"group_count":2}]}`,
			check: func(t *testing.T, got any) {
				u := got.([]User)
				if len(u) != 1 || u[0].Role != UserRoleMediaLibraryUser || *u[0].AllSubAccounts || *u[0].GroupCount != 2 || u[0].LastLogin != "2022-01-11T15:11:04Z" {
					t.Errorf("users = %+v", u)
				}
			},
		},
		{
			op: "createUser", method: "POST", path: provBase + "/users", create: true,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateUser(ctx, UserCreateRequest{Name: "jenny", Email: "jenny@x.com", Role: Ptr(UserRoleAdmin), SubAccountIDs: []string{"e1", "e2"}, Enabled: Ptr(true)})
			},
			body: `{"name":"jenny","email":"jenny@x.com","role":"admin","sub_account_ids":["e1","e2"],"enabled":true}`,
			resp: `{"id":"7f0","name":"jenny","email":"jenny@x.com","role":"admin"}`,
			check: func(t *testing.T, got any) {
				if u := got.(*User); u.ID != "7f0" || u.Email != "jenny@x.com" {
					t.Errorf("user = %+v", u)
				}
			},
		},
		{
			op: "getUser", method: "GET", path: provBase + "/users/u1",
			call: func(ctx context.Context, c *Client) (any, error) { return c.GetUser(ctx, "u1") },
			resp: `{"id":"u1","email_preferences":{"digest":true},"providers":["google"],"two_factor":true,"root":false,"status":"active","technical_role":"x","account_id":"acc","first_name":"J","last_name":"D","sub_account_count":3}`,
			check: func(t *testing.T, got any) {
				u := got.(*User)
				if u.EmailPreferences["digest"] != true || u.Providers[0] != "google" || !*u.TwoFactor || *u.Root ||
					u.Status != "active" || u.AccountID != "acc" || u.FirstName != "J" || *u.SubAccountCount != 3 {
					t.Errorf("user = %+v", u)
				}
			},
		},
		{
			op: "updateUser", method: "PUT", path: provBase + "/users/u1",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateUser(ctx, "u1", UserUpdateRequest{Role: Ptr(UserRoleBilling), SubAccountIDs: []string{}, Enabled: Ptr(false)})
			},
			body: `{"role":"billing","sub_account_ids":[],"enabled":false}`,
			resp: `{"id":"u1","role":"billing"}`,
			check: func(t *testing.T, got any) {
				if got.(*User).Role != "billing" {
					t.Errorf("got %+v", got)
				}
			},
		},
		{
			op: "deleteUser", method: "DELETE", path: provBase + "/users/u1",
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteUser(ctx, "u1") },
			resp: `{"message":"ok"}`,
		},
		{
			op: "getGroupsForUser", method: "GET", path: provBase + "/users/u1/groups",
			call: func(ctx context.Context, c *Client) (any, error) { return c.GetGroupsForUser(ctx, "u1") },
			resp: `{"groups":[{"id":"g1","name":"user_group_1"},{"id":"g2","name":"user_group_2"}]}`,
			check: func(t *testing.T, got any) {
				if g := got.([]UserGroupSummary); len(g) != 2 || g[1].Name != "user_group_2" {
					t.Errorf("groups = %+v", g)
				}
			},
		},
		{
			op: "getSubAccountsForUser", method: "GET", path: provBase + "/users/u1/sub_accounts",
			call: func(ctx context.Context, c *Client) (any, error) { return c.GetSubAccountsForUser(ctx, "u1") },
			resp: `{"sub_accounts":[{"id":"e1","name":"P1","description":"Main","cloud_name":"product1","enabled":true}]}`,
			check: func(t *testing.T, got any) {
				if s := got.([]SubAccountSummary); len(s) != 1 || s[0].Description != "Main" || s[0].CloudName != "product1" || !*s[0].Enabled {
					t.Errorf("sub accounts = %+v", s)
				}
			},
		},

		// User groups.
		{
			op: "getUserGroups", method: "GET", path: provBase + "/user_groups",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetUserGroups(ctx, &UserGroupOptions{ExtendedDetails: Ptr(true)})
			},
			query: "extended_details=true",
			resp:  `{"user_groups":[{"id":"g1","name":"user_group_1","users":[{"id":"u1","name":"John Doe","email":"j@x.com"}],"created_at":"2016-09-27T08:00:16Z"}]}`,
			check: func(t *testing.T, got any) {
				g := got.([]UserGroup)
				if len(g) != 1 || len(g[0].Users) != 1 || g[0].Users[0].Email != "j@x.com" || g[0].CreatedAt == "" {
					t.Errorf("groups = %+v", g)
				}
			},
		},
		{
			op: "createUserGroup", method: "POST", path: provBase + "/user_groups", create: true,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateUserGroup(ctx, UserGroupRequest{Name: "Designers"})
			},
			body: `{"name":"Designers"}`,
			resp: `{"id":"g1","name":"Designers"}`,
			check: func(t *testing.T, got any) {
				if got.(*UserGroup).ID != "g1" {
					t.Errorf("got %+v", got)
				}
			},
		},
		{
			op: "getUserGroup", method: "GET", path: provBase + "/user_groups/g1",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetUserGroup(ctx, "g1", &UserGroupOptions{ExtendedDetails: Ptr(false)})
			},
			query: "extended_details=false",
			resp:  `{"id":"g1","name":"Designers"}`,
			check: func(t *testing.T, got any) {
				if g := got.(*UserGroup); g.Name != "Designers" || g.Users != nil {
					t.Errorf("got %+v", g)
				}
			},
		},
		{
			op: "updateUserGroup", method: "PUT", path: provBase + "/user_groups/g1",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateUserGroup(ctx, "g1", UserGroupRequest{Name: "Designers and Creatives", ExtendedDetails: Ptr(true)})
			},
			body: `{"name":"Designers and Creatives","extended_details":true}`,
			resp: `{"id":"g1","name":"Designers and Creatives"}`,
			check: func(t *testing.T, got any) {
				if got.(*UserGroup).Name != "Designers and Creatives" {
					t.Errorf("got %+v", got)
				}
			},
		},
		{
			op: "deleteUserGroup", method: "DELETE", path: provBase + "/user_groups/g1",
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteUserGroup(ctx, "g1") },
			resp: `{"message":"ok"}`,
		},
		{
			op: "getUsersInUserGroup", method: "GET", path: provBase + "/user_groups/g1/users",
			call: func(ctx context.Context, c *Client) (any, error) { return c.GetUsersInUserGroup(ctx, "g1") },
			resp: `{"users":[{"id":"u1","name":"John","email":"john@example.com"}]}`,
			check: func(t *testing.T, got any) {
				if u := got.([]UserGroupUser); len(u) != 1 || u[0].Name != "John" {
					t.Errorf("users = %+v", u)
				}
			},
		},
		{
			op: "addUserToUserGroup", method: "POST", path: provBase + "/user_groups/g1/users/u1",
			call: func(ctx context.Context, c *Client) (any, error) { return c.AddUserToUserGroup(ctx, "g1", "u1") },
			resp: `{"id":"u1","name":"John Doe","email":"john.doe@example.com"}`,
			check: func(t *testing.T, got any) {
				if u := got.(*UserGroupUser); u.ID != "u1" || u.Email != "john.doe@example.com" {
					t.Errorf("user = %+v", u)
				}
			},
		},
		{
			op: "removeUserFromUserGroup", method: "DELETE", path: provBase + "/user_groups/g1/users/u1",
			call: func(ctx context.Context, c *Client) (any, error) { return c.RemoveUserFromUserGroup(ctx, "g1", "u1") },
			resp: `{"users":[]}`,
			check: func(t *testing.T, got any) {
				if u := got.([]UserGroupUser); u == nil || len(u) != 0 {
					t.Errorf("users = %#v, want an empty list", u)
				}
			},
		},

		// Billing usage.
		{
			op: "getBillingUsage", method: "GET", path: provBase + "/billing_usage",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetBillingUsage(ctx, &BillingUsageOptions{Year: Ptr(2024), IncludeProdenvBreakdown: Ptr(true)})
			},
			query: "include_prodenv_breakdown=true&year=2024",
			resp: `[{"plan_name":"Pro PAYG","metric_usage":[{"metric":"credit","limit":2750,"cycles":[{"from_day":"2024-08-21","to_day":"2024-09-20","usage":25641.55,
				"breakdown":{"storage_image":7971.55,"bandwidth_raw":0.14},
				"product_environment_breakdown":[{"storage_image":0.04,"storage_raw":0,"cloud_name":"myproduct"}]}],
				"monthly_cycles":[{"from_day":"2024-08-21","to_day":"2024-09-20","usage":1.5}]}]}]`,
			check: func(t *testing.T, got any) {
				b := got.([]BillingUsage)
				if len(b) != 1 || b[0].PlanName != "Pro PAYG" {
					t.Fatalf("usage = %+v", b)
				}
				m := b[0].MetricUsage[0]
				cy := m.Cycles[0]
				if m.Metric != "credit" || *m.Limit != 2750 || cy.FromDay != "2024-08-21" || *cy.Usage != 25641.55 ||
					*cy.Breakdown.StorageImage != 7971.55 || cy.Breakdown.VideoSeconds != nil ||
					cy.ProductEnvironmentBreakdown[0].CloudName != "myproduct" || *cy.ProductEnvironmentBreakdown[0].StorageImage != 0.04 ||
					*cy.ProductEnvironmentBreakdown[0].StorageRaw != 0 || *m.MonthlyCycles[0].Usage != 1.5 {
					t.Errorf("metric = %+v", m)
				}
			},
		},
	}
}

func TestProvisioningOperationsCoverTheContract(t *testing.T) {
	cases := provCases()
	if len(cases) != 26 {
		t.Fatalf("%d provisioning cases, want 26", len(cases))
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.op] {
			t.Errorf("duplicate case %s", tc.op)
		}
		seen[tc.op] = true
	}
}

func TestProvisioningOperationsRequestAndDecode(t *testing.T) {
	for _, tc := range provCases() {
		t.Run(tc.op, func(t *testing.T) {
			s := newCoreServer(t, coreReply{body: tc.resp})
			c := coreClient(t, s.URL)
			got, err := tc.call(t.Context(), c)
			if err != nil {
				t.Fatalf("%s: %v", tc.op, err)
			}
			reqs := s.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests", len(reqs))
			}
			r := reqs[0]
			if r.method != tc.method || r.path != tc.path {
				t.Errorf("request = %s %s, want %s %s", r.method, r.path, tc.method, tc.path)
			}
			if r.rawQuery != tc.query {
				t.Errorf("query = %q, want %q", r.rawQuery, tc.query)
			}
			if tc.body == "" {
				if len(r.body) != 0 {
					t.Errorf("unexpected body %s", r.body)
				}
			} else {
				jsonEqual(t, r.body, tc.body)
			}
			if tc.check != nil {
				tc.check(t, got)
			}
			if n := c.RequestCounts()[tc.op]; n != 1 {
				t.Errorf("RequestCounts[%s] = %d (counts %v)", tc.op, n, c.RequestCounts())
			}
		})
	}
}

func TestProvisioningOperationsStatusHandling(t *testing.T) {
	for _, tc := range provCases() {
		t.Run(tc.op, func(t *testing.T) {
			ctx := t.Context()

			// 404 is final and recognisable.
			s := newCoreServer(t, coreReply{status: 404, body: `{"error":{"message":"not found"}}`})
			_, err := tc.call(ctx, coreClient(t, s.URL))
			if !IsNotFound(err) || s.count() != 1 {
				t.Errorf("404: err=%v attempts=%d", err, s.count())
			}

			// Another 2xx than the contract's 200 is rejected.
			s = newCoreServer(t, coreReply{status: 204})
			if _, err := tc.call(ctx, coreClient(t, s.URL)); err == nil {
				t.Error("204 accepted where the contract says 200")
			}

			// A 503 is retried, except on a create, which reports an unknown outcome.
			s = newCoreServer(t, coreReply{status: 503}, coreReply{body: tc.resp})
			_, err = tc.call(ctx, coreClient(t, s.URL))
			if tc.create {
				if !errors.Is(err, ErrOutcomeUnknown) || s.count() != 1 {
					t.Errorf("create 503: err=%v attempts=%d", err, s.count())
				}
			} else if err != nil || s.count() != 2 {
				t.Errorf("503 then 200: err=%v attempts=%d", err, s.count())
			}

			// 429 is retried for everyone.
			s = newCoreServer(t, coreReply{status: 429}, coreReply{body: tc.resp})
			if _, err := tc.call(ctx, coreClient(t, s.URL)); err != nil || s.count() != 2 {
				t.Errorf("429 then 200: err=%v attempts=%d", err, s.count())
			}
		})
	}
}
