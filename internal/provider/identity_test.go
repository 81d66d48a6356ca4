package provider_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/provider"
)

// Resource identity is tested at the protocol level: Terraform 1.11, which
// the acceptance tests run, does not speak identity, so these tests call the
// provider server the way Terraform 1.12+ does (GetResourceIdentitySchemas,
// ImportResourceState with an identity, ReadResource with the identity).

// identityServer is a provider server configured against env's backend,
// with the schemas it advertises.
type identityServer struct {
	srv        tfprotov6.ProviderServer
	schemas    map[string]*tfprotov6.Schema
	identities map[string]*tfprotov6.ResourceIdentitySchema
}

func newIdentityServer(t *testing.T, env *acctest.Env) *identityServer {
	t.Helper()
	ctx := t.Context()
	srv, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schemaResp, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || identityDiagsError(schemaResp.Diagnostics) != nil {
		t.Fatalf("GetProviderSchema: %v %v", err, identityDiagsError(schemaResp.Diagnostics))
	}
	idResp, err := srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || identityDiagsError(idResp.Diagnostics) != nil {
		t.Fatalf("GetResourceIdentitySchemas: %v %v", err, identityDiagsError(idResp.Diagnostics))
	}

	// The provider block: the emulator's endpoint and credentials, or (live)
	// nothing, so that the provider reads the environment.
	values := map[string]tftypes.Value{}
	if env.Emulator != nil {
		values["endpoint"] = tftypes.NewValue(tftypes.String, env.Emulator.URL)
		values["account_id"] = tftypes.NewValue(tftypes.String, env.Emulator.AccountID)
		values["api_key"] = tftypes.NewValue(tftypes.String, env.Emulator.APIKey)
		values["api_secret"] = tftypes.NewValue(tftypes.String, env.Emulator.APISecret)
	}
	cfg := identityDynamic(t, schemaResp.Provider.ValueType(), values)
	confResp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.12.0", Config: cfg})
	if err != nil || identityDiagsError(confResp.Diagnostics) != nil {
		t.Fatalf("ConfigureProvider: %v %v", err, identityDiagsError(confResp.Diagnostics))
	}
	return &identityServer{srv: srv, schemas: schemaResp.ResourceSchemas, identities: idResp.IdentitySchemas}
}

// identityDynamic encodes an object of typ; attributes not in values are null.
func identityDynamic(t *testing.T, typ tftypes.Type, values map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("%s is not an object type", typ)
	}
	all := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		if v, ok := values[name]; ok {
			all[name] = v
		} else {
			all[name] = tftypes.NewValue(at, nil)
		}
	}
	for name := range values {
		if _, ok := obj.AttributeTypes[name]; !ok {
			t.Fatalf("no attribute %q in %s", name, typ)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, all))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// identityDecode decodes an object value into its attributes.
func identityDecode(t *testing.T, typ tftypes.Type, dv *tfprotov6.DynamicValue) map[string]tftypes.Value {
	t.Helper()
	if dv == nil {
		t.Fatal("no value")
	}
	v, err := dv.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]tftypes.Value{}
	if err := v.As(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func identityDiagsError(diags []*tfprotov6.Diagnostic) error {
	var msgs []string
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			msgs = append(msgs, d.Summary+": "+d.Detail)
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("%s", strings.Join(msgs, "; "))
}

func identityString(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// importByIdentity imports typeName with identity, reads it as Terraform
// does right after an import and then once more (a refresh), and returns the
// state and identity the second read answers.
func (s *identityServer) importByIdentity(t *testing.T, typeName string, identity map[string]tftypes.Value) (state, ident map[string]tftypes.Value) {
	t.Helper()
	ctx := t.Context()
	idType := s.identities[typeName].ValueType()
	stateType := s.schemas[typeName].ValueType()
	imp, err := s.srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{
		TypeName: typeName,
		Identity: &tfprotov6.ResourceIdentityData{IdentityData: identityDynamic(t, idType, identity)},
	})
	if err != nil || identityDiagsError(imp.Diagnostics) != nil {
		t.Fatalf("ImportResourceState: %v %v", err, identityDiagsError(imp.Diagnostics))
	}
	if len(imp.ImportedResources) != 1 {
		t.Fatalf("ImportResourceState returned %d resources", len(imp.ImportedResources))
	}
	cur := imp.ImportedResources[0]
	curState, curIdentity, private := cur.State, cur.Identity, cur.Private
	for i := range 2 {
		read, err := s.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
			TypeName: typeName, CurrentState: curState, CurrentIdentity: curIdentity, Private: private,
		})
		if err != nil || identityDiagsError(read.Diagnostics) != nil {
			t.Fatalf("ReadResource %d: %v %v", i+1, err, identityDiagsError(read.Diagnostics))
		}
		if read.NewIdentity == nil {
			t.Fatalf("ReadResource %d returned no identity", i+1)
		}
		curState, curIdentity, private = read.NewState, read.NewIdentity, read.Private
	}
	return identityDecode(t, stateType, curState), identityDecode(t, idType, curIdentity.IdentityData)
}

// importError imports with identity and returns the error diagnostics.
func (s *identityServer) importError(t *testing.T, typeName string, identity map[string]tftypes.Value) error {
	t.Helper()
	imp, err := s.srv.ImportResourceState(t.Context(), &tfprotov6.ImportResourceStateRequest{
		TypeName: typeName,
		Identity: &tfprotov6.ResourceIdentityData{IdentityData: identityDynamic(t, s.identities[typeName].ValueType(), identity)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return identityDiagsError(imp.Diagnostics)
}

// identityAttr describes one identity attribute: "name" (required for
// import) or "name?" (optional); list marks a list of strings.
type identityAttr struct {
	name string
	list bool
}

// TestAccIdentity_schemas: every resource type advertises an identity
// schema with exactly the attributes that identify its object.
func TestAccIdentity_schemas(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	t.Parallel()
	want := map[string][]identityAttr{
		"cloudinary_access_key":            {{name: "api_key"}, {name: "product_environment_id"}},
		"cloudinary_custom_policy":         {{name: "id"}},
		"cloudinary_principal_roles":       {{name: "principal_id"}, {name: "principal_type"}},
		"cloudinary_product_environment":   {{name: "id"}},
		"cloudinary_role":                  {{name: "role_id"}},
		"cloudinary_role_assignment":       {{name: "policy_parameters?", list: true}, {name: "principal_id"}, {name: "principal_type"}, {name: "role_id"}, {name: "scope_id?"}},
		"cloudinary_user":                  {{name: "id"}},
		"cloudinary_user_group":            {{name: "id"}},
		"cloudinary_user_group_members":    {{name: "group_id"}},
		"cloudinary_user_group_membership": {{name: "group_id"}, {name: "user_id"}},
	}
	srv, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.GetResourceIdentitySchemas(t.Context(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || identityDiagsError(resp.Diagnostics) != nil {
		t.Fatalf("GetResourceIdentitySchemas: %v %v", err, identityDiagsError(resp.Diagnostics))
	}
	schemaResp, err := srv.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for typeName := range schemaResp.ResourceSchemas {
		if _, ok := want[typeName]; !ok {
			t.Errorf("resource type %s is not in this test's table: give it an identity and add it here", typeName)
		}
	}
	for typeName, attrs := range want {
		s, ok := resp.IdentitySchemas[typeName]
		if !ok {
			t.Errorf("%s has no identity schema", typeName)
			continue
		}
		var got []identityAttr
		for _, a := range s.IdentityAttributes {
			name := a.Name
			if a.OptionalForImport {
				name += "?"
			}
			if a.RequiredForImport == a.OptionalForImport {
				t.Errorf("%s.%s: exactly one of RequiredForImport and OptionalForImport must be set", typeName, a.Name)
			}
			got = append(got, identityAttr{name: name, list: a.Type.Is(tftypes.List{ElementType: tftypes.String})})
			if !a.Type.Is(tftypes.String) && !a.Type.Is(tftypes.List{ElementType: tftypes.String}) {
				t.Errorf("%s.%s has type %s", typeName, a.Name, a.Type)
			}
		}
		sort.Slice(got, func(i, j int) bool {
			return strings.TrimSuffix(got[i].name, "?") < strings.TrimSuffix(got[j].name, "?")
		})
		if !slices.Equal(got, attrs) {
			t.Errorf("%s identity attributes %v, want %v", typeName, got, attrs)
		}
	}
}

// TestAccIdentity_importByIdentity: for every resource type, an object made
// outside Terraform imports by its identity, the read that follows fills
// the state, and the identity comes back unchanged (also on a refresh).
func TestAccIdentity_importByIdentity(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	t.Parallel()
	env := acctest.New(t)
	ctx := t.Context()
	s := newIdentityServer(t, env)

	// The objects, made out of band.
	envID := raEnvironment(t, env)
	userID := raUser(t, env)
	groupID := raGroup(t, env)
	groupName := ""
	if g, err := env.Client.GetUserGroup(ctx, groupID, nil); err == nil {
		groupName = g.Name
	} else {
		t.Fatal(err)
	}
	if _, err := env.Client.AddUserToUserGroup(ctx, groupID, userID); err != nil {
		t.Fatal(err)
	}
	keyName := acctest.RandomName("tf-acc-identity")
	key, err := env.Client.GenerateAccessKey(ctx, envID, client.AccessKeyCreateRequest{Name: client.Ptr(keyName)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteAccessKey(context.WithoutCancel(ctx), envID, key.APIKey) })
	roleName := acctest.RandomName("tf-acc-identity")
	role, err := env.Client.CreateRole(ctx, client.CreateRoleRequest{
		PermissionType: client.PermissionTypeGlobal, ScopeType: client.ScopeTypeAccount, Name: roleName,
		SystemPolicyIDs: []string{testAccPolicyViewUsers},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = env.Client.DeleteRole(context.WithoutCancel(ctx), role.ID, &client.DeleteRoleOptions{Force: client.Ptr(true)})
	})
	policyName := acctest.RandomName("tf-acc-identity")
	policy, err := env.Client.CreateCustomPolicy(ctx, client.CreateCustomPolicyRequest{
		PolicyStatement: testAccCustomPolicyStatement(policyName), ScopeType: client.ScopeTypeAccount, Name: policyName,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteCustomPolicy(context.WithoutCancel(ctx), policy.ID) })
	// A content role held on one folder of one environment: the identity
	// with every optional part.
	folderRole := raSystemRole(t, env, client.ScopeTypeProdenv, client.PermissionTypeContent)
	raAdd(t, env, client.PrincipalTypeGroup, groupID,
		client.RoleToManage{ID: folderRole.ID, ScopeID: client.Ptr(envID), PolicyParameters: client.PolicyParameters{"folder_id": "f1"}},
		client.RoleToManage{ID: role.ID})

	folderParams := tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{identityString("folder_id=f1")})
	cases := []struct {
		typeName string
		identity map[string]tftypes.Value
		state    map[string]tftypes.Value // expected state attributes
	}{
		{"cloudinary_product_environment", map[string]tftypes.Value{"id": identityString(envID)},
			map[string]tftypes.Value{"id": identityString(envID)}},
		{"cloudinary_access_key", map[string]tftypes.Value{"product_environment_id": identityString(envID), "api_key": identityString(key.APIKey)},
			map[string]tftypes.Value{"id": identityString(envID + "/" + key.APIKey), "name": identityString(keyName), "api_key": identityString(key.APIKey)}},
		{"cloudinary_user", map[string]tftypes.Value{"id": identityString(userID)},
			map[string]tftypes.Value{"id": identityString(userID)}},
		{"cloudinary_user_group", map[string]tftypes.Value{"id": identityString(groupID)},
			map[string]tftypes.Value{"id": identityString(groupID), "name": identityString(groupName)}},
		{"cloudinary_user_group_membership", map[string]tftypes.Value{"group_id": identityString(groupID), "user_id": identityString(userID)},
			map[string]tftypes.Value{"id": identityString(groupID + "/" + userID)}},
		{"cloudinary_user_group_members", map[string]tftypes.Value{"group_id": identityString(groupID)},
			map[string]tftypes.Value{"id": identityString(groupID),
				"user_ids": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{identityString(userID)})}},
		{"cloudinary_role", map[string]tftypes.Value{"role_id": identityString(role.ID)},
			map[string]tftypes.Value{"id": identityString(role.ID), "name": identityString(roleName)}},
		{"cloudinary_custom_policy", map[string]tftypes.Value{"id": identityString(policy.ID)},
			map[string]tftypes.Value{"id": identityString(policy.ID), "name": identityString(policyName)}},
		{"cloudinary_role_assignment", map[string]tftypes.Value{
			"principal_type": identityString("group"), "principal_id": identityString(groupID), "role_id": identityString(folderRole.ID),
			"scope_id": identityString(envID), "policy_parameters": folderParams,
		}, map[string]tftypes.Value{
			"id":       identityString(fmt.Sprintf("group/%s/%s/%s/folder_id=f1", groupID, folderRole.ID, envID)),
			"scope_id": identityString(envID),
			"policy_parameters": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String},
				map[string]tftypes.Value{"folder_id": identityString("f1")}),
		}},
		{"cloudinary_role_assignment", map[string]tftypes.Value{
			"principal_type": identityString("group"), "principal_id": identityString(groupID), "role_id": identityString(role.ID),
		}, map[string]tftypes.Value{
			"id":                identityString(fmt.Sprintf("group/%s/%s", groupID, role.ID)),
			"scope_id":          tftypes.NewValue(tftypes.String, nil),
			"policy_parameters": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, nil),
		}},
		{"cloudinary_principal_roles", map[string]tftypes.Value{"principal_type": identityString("group"), "principal_id": identityString(groupID)},
			map[string]tftypes.Value{"id": identityString("group/" + groupID)}},
	}
	for _, tc := range cases {
		t.Run(tc.typeName, func(t *testing.T) {
			state, ident := s.importByIdentity(t, tc.typeName, tc.identity)
			for name, want := range tc.state {
				if got := state[name]; !got.Equal(want) {
					t.Errorf("state %s = %s, want %s", name, got, want)
				}
			}
			// The identity after the reads is the one imported, with
			// the optional attributes the import left out as null.
			for name, got := range ident {
				want, ok := tc.identity[name]
				if !ok {
					want = tftypes.NewValue(got.Type(), nil)
				}
				if !got.Equal(want) {
					t.Errorf("identity %s = %s, want %s", name, got, want)
				}
			}
		})
	}
	// principal_roles holds both of the group's roles.
	state, _ := s.importByIdentity(t, "cloudinary_principal_roles",
		map[string]tftypes.Value{"principal_type": identityString("group"), "principal_id": identityString(groupID)})
	var roles []tftypes.Value
	if err := state["roles"].As(&roles); err != nil || len(roles) != 2 {
		t.Errorf("principal_roles roles = %s, want the group's 2 roles", state["roles"])
	}
}

// TestAccIdentity_importErrors: an identity that names nothing, or names it
// badly, fails the import with a message saying what is wrong.
func TestAccIdentity_importErrors(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	t.Parallel()
	env := acctest.New(t)
	s := newIdentityServer(t, env)
	missing := acctest.RandomName("missing")
	cases := []struct {
		typeName string
		identity map[string]tftypes.Value
		want     string
	}{
		{"cloudinary_product_environment", map[string]tftypes.Value{"id": identityString(missing)}, `No product environment has the id "` + missing + `"`},
		{"cloudinary_role", map[string]tftypes.Value{"role_id": identityString(missing)}, `No role has the id "` + missing + `"`},
		{"cloudinary_role", map[string]tftypes.Value{"role_id": identityString("cld::role::account::admin")}, `is a system role`},
		{"cloudinary_custom_policy", map[string]tftypes.Value{"id": identityString(missing)}, `No custom policy has the id "` + missing + `"`},
		{"cloudinary_user", map[string]tftypes.Value{"id": identityString("")}, `must set id to a non-empty string`},
		{"cloudinary_access_key", map[string]tftypes.Value{"product_environment_id": identityString("e"), "api_key": identityString(" ")},
			`must set api_key to a non-empty string`},
		{"cloudinary_principal_roles", map[string]tftypes.Value{"principal_type": identityString("robot"), "principal_id": identityString("x")},
			`principal_type must be one of user, group, apiKey, provisioningKey, got "robot"`},
		{"cloudinary_role_assignment", map[string]tftypes.Value{
			"principal_type": identityString("group"), "principal_id": identityString("g"), "role_id": identityString("r"),
			"policy_parameters": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{identityString("folder_id")}),
		}, `Each policy_parameters element must look like "<key>=<value>", got "folder_id"`},
	}
	for _, tc := range cases {
		err := s.importError(t, tc.typeName, tc.identity)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %v: error %v, want one containing %q", tc.typeName, tc.identity, err, tc.want)
		}
	}
}
