package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// The lists below are the provider's whole surface. Each resource, data
// source, ephemeral resource and function adds its constructor here, in
// alphabetical order, so that merges stay trivial.

var resourceConstructors = []func() resource.Resource{}

var dataSourceConstructors = []func() datasource.DataSource{}

var ephemeralConstructors = []func() ephemeral.EphemeralResource{}

var functionConstructors = []func() function.Function{}
