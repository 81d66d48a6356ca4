package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identity. Every resource declares the attributes that identify
// its object (IdentitySchema), sets them after Create, Read and Update, and
// accepts them in place of an import id: Terraform 1.12 and later store the
// identity in state and can import with
//
//	import {
//	  to       = cloudinary_user.jane
//	  identity = { id = "..." }
//	}
//
// Older Terraform versions ignore identities; the provider still sets them,
// because the framework requires it once a resource declares a schema.

// identityImportNote is appended to every resource description; attrs names
// the identity attributes, e.g. "`id`".
func identityImportNote(typeName, attrs, example string) string {
	return fmt.Sprintf(" Terraform 1.12 and later can also import it by **identity**, from the attributes that "+
		"identify it (%s) rather than an import id:\n\n"+
		"```terraform\nimport {\n  to       = %s.example\n  identity = %s\n}\n```", attrs, typeName, example)
}

// idIdentityModel is the identity of objects identified by their id alone
// (product environments, users, user groups, custom policies).
type idIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

// idIdentitySchema is the identity schema of idIdentityModel.
func idIdentitySchema(what string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The " + what + " id.",
			},
		},
	}
}

// setIdentity stores a resource's identity. ident is nil only when the
// framework does not handle identities for this call.
func setIdentity(ctx context.Context, ident *tfsdk.ResourceIdentity, v any, diags *diag.Diagnostics) {
	if ident == nil {
		return
	}
	diags.Append(ident.Set(ctx, v)...)
}

// importIdentity reads the identity an import came with into v. It reports
// false, without diagnostics, when the import came with an import id
// instead (terraform import, or an import block with id).
func importIdentity(ctx context.Context, req resource.ImportStateRequest, v any, diags *diag.Diagnostics) bool {
	if req.ID != "" || req.Identity == nil || req.Identity.Raw.IsNull() {
		return false
	}
	diags.Append(req.Identity.Get(ctx, v)...)
	return true
}

// requiredIdentityString returns an identity attribute that must be set,
// or reports which one is missing.
func requiredIdentityString(v types.String, name string, diags *diag.Diagnostics) string {
	if v.IsNull() || v.IsUnknown() || strings.TrimSpace(v.ValueString()) == "" {
		diags.AddError("Invalid import identity",
			fmt.Sprintf("The import identity must set %s to a non-empty string.", name))
		return ""
	}
	return v.ValueString()
}
