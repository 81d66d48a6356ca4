package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ list.ListResourceWithConfigure = &roleAssignmentListResource{}

// roleAssignmentListResource lists role assignments for terraform query;
// each result is read by cloudinary_role_assignment's Read.
type roleAssignmentListResource struct{ roleAssignmentResource }

func NewRoleAssignmentListResource() list.ListResource {
	return &roleAssignmentListResource{roleAssignmentResource{resourceBase: resourceBase{typeName: "role_assignment"}}}
}

type roleAssignmentListConfig struct {
	PrincipalType types.String `tfsdk:"principal_type"`
	PrincipalID   types.String `tfsdk:"principal_id"`
	RoleID        types.String `tfsdk:"role_id"`
}

func (r *roleAssignmentListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the roles held in the account, one result per principal, role, scope and content " +
			"instance, for `terraform query`.",
		Attributes: map[string]schema.Attribute{
			"principal_type": schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.OneOf(principalTypeValues...)},
				MarkdownDescription: principalTypeDescription + " Only assignments to principals of this kind."},
			"principal_id": schema.StringAttribute{Optional: true, Validators: []validator.String{notBlank()},
				MarkdownDescription: "Only the assignments of this principal."},
			"role_id": schema.StringAttribute{Optional: true, Validators: []validator.String{notBlank()},
				MarkdownDescription: "Only assignments of this role, system (`cld::role::...`) or custom."},
		},
	}
}

func (r *roleAssignmentListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg roleAssignmentListConfig
	r.data.answerList(ctx, req, stream, &cfg, "role assignments", r.Read, func() ([]listedObject, error) {
		all, err := r.data.reads.AllPrincipalRoles(ctx)
		if err != nil {
			return nil, err
		}
		var as []assignment
		for p, roles := range all {
			if !matches(cfg.PrincipalType, string(p.Type)) || !matches(cfg.PrincipalID, p.ID) {
				continue
			}
			for _, held := range roles {
				if matches(cfg.RoleID, held.ID) {
					as = append(as, assignmentFromAPI(p.Type, p.ID, held))
				}
			}
		}
		sortAssignments(as)
		as = slices.CompactFunc(as, func(a, b assignment) bool { return a.key() == b.key() })
		found := make([]listedObject, 0, len(as))
		for _, a := range as {
			found = append(found, listedObject{name: assignmentLabel(a),
				prior: roleAssignmentModelFromAssignment(a, nullTimeouts(createDeleteTimeouts))})
		}
		return found, nil
	})
}
