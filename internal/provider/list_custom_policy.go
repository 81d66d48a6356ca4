package provider

import (
	"context"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ list.ListResourceWithConfigure = &customPolicyListResource{}

// customPolicyListResource lists custom policies for terraform query; each
// result is read by cloudinary_custom_policy's Read.
type customPolicyListResource struct{ customPolicyResource }

func NewCustomPolicyListResource() list.ListResource {
	return &customPolicyListResource{customPolicyResource{resourceBase: resourceBase{typeName: "custom_policy"}}}
}

type customPolicyListConfig struct {
	ScopeType types.String `tfsdk:"scope_type"`
	ScopeID   types.String `tfsdk:"scope_id"`
}

func (r *customPolicyListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the account's custom policies, for `terraform query`.",
		Attributes: map[string]schema.Attribute{
			"scope_type": schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.OneOf(scopeTypeValues...)},
				MarkdownDescription: "Only `account` or only `prodenv` policies."},
			"scope_id": schema.StringAttribute{Optional: true, Validators: []validator.String{notBlank()},
				MarkdownDescription: "Only `prodenv` policies with this scope: an environment id, or `all`."},
		},
	}
}

func (r *customPolicyListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg customPolicyListConfig
	r.data.answerList(ctx, req, stream, &cfg, "custom policies", r.Read, func() ([]listedObject, error) {
		policies, err := r.data.reads.CustomPolicies(ctx)
		if err != nil {
			return nil, err
		}
		var found []listedObject
		for _, id := range slices.Sorted(maps.Keys(policies)) {
			p := policies[id]
			scopeID := ""
			if p.ScopeID != nil {
				scopeID = *p.ScopeID
			}
			if matches(cfg.ScopeType, string(p.ScopeType)) && matches(cfg.ScopeID, scopeID) {
				found = append(found, listedByID(p.Name, p.ID))
			}
		}
		return found, nil
	})
}
