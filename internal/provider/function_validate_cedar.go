package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/cedarlimit"
)

var _ function.Function = (*validateCedarFunction)(nil)

// NewValidateCedarFunction is provider::cloudinary::validate_cedar.
func NewValidateCedarFunction() function.Function { return &validateCedarFunction{} }

type validateCedarFunction struct{}

func (f *validateCedarFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "validate_cedar"
}

func (f *validateCedarFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Check that a string is a well-formed Cedar policy statement",
		MarkdownDescription: "Returns `true` when `statement` is well-formed Cedar holding at least one policy, the " +
			"check `cloudinary_custom_policy` makes on `policy_statement`; otherwise the call fails with the parse error " +
			"and its line and column. It runs locally, without calling the API, so it suits `precondition` and " +
			"`validation` blocks. It checks syntax only: entity and action types are checked by Cloudinary. Provider " +
			"functions need Terraform 1.8 or later, or OpenTofu 1.7 or later.\n\n" +
			fmt.Sprintf("A statement is limited to %d bytes and to a nesting depth of %d (brackets, parentheses, "+
				"braces and unary `!` or `-` operators nested in one another); beyond either bound the call fails "+
				"with a message naming the bound, without parsing the statement.", cedarlimit.MaxBytes, cedarlimit.MaxDepth),
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "statement",
				MarkdownDescription: "The Cedar statement to check.",
			},
		},
		Return: function.BoolReturn{},
	}
}

func (f *validateCedarFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var statement string
	resp.Error = function.ConcatFuncErrors(resp.Error, req.Arguments.Get(ctx, &statement))
	if resp.Error != nil {
		return
	}
	if err := parseNamedCedarStatement("statement", statement); err != nil {
		var limit *cedarlimit.Error
		if errors.As(err, &limit) {
			resp.Error = function.NewArgumentFuncError(0, err.Error())
			return
		}
		resp.Error = function.NewArgumentFuncError(0, "statement is not valid Cedar: "+err.Error())
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, true))
}
