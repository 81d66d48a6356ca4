package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

var _ datasource.DataSource = (*billingUsageDataSource)(nil)

// NewBillingUsageDataSource is cloudinary_billing_usage.
func NewBillingUsageDataSource() datasource.DataSource {
	return &billingUsageDataSource{dataSourceBase: dataSourceBase{typeName: "billing_usage"}}
}

type billingUsageDataSource struct {
	dataSourceBase
}

type billingUsageModel struct {
	Year                               types.Int64        `tfsdk:"year"`
	IncludeProductEnvironmentBreakdown types.Bool         `tfsdk:"include_product_environment_breakdown"`
	Plans                              []billingPlanModel `tfsdk:"plans"`
}

type billingPlanModel struct {
	PlanName types.String         `tfsdk:"plan_name"`
	Metrics  []billingMetricModel `tfsdk:"metrics"`
}

type billingMetricModel struct {
	Metric        types.String        `tfsdk:"metric"`
	Limit         types.Float64       `tfsdk:"limit"`
	Cycles        []billingCycleModel `tfsdk:"cycles"`
	MonthlyCycles []billingCycleModel `tfsdk:"monthly_cycles"`
}

type billingCycleModel struct {
	FromDay                     types.String                `tfsdk:"from_day"`
	ToDay                       types.String                `tfsdk:"to_day"`
	Usage                       types.Float64               `tfsdk:"usage"`
	Breakdown                   *usageBreakdownModel        `tfsdk:"breakdown"`
	ProductEnvironmentBreakdown []environmentBreakdownModel `tfsdk:"product_environment_breakdown"`
}

// usageBreakdownModel holds every metric of client.UsageBreakdown; a metric
// the plan does not report is null.
type usageBreakdownModel struct {
	StorageImage         types.Float64 `tfsdk:"storage_image"`
	StorageVideo         types.Float64 `tfsdk:"storage_video"`
	StorageRaw           types.Float64 `tfsdk:"storage_raw"`
	TransformationsImage types.Float64 `tfsdk:"transformations_image"`
	TransformationsVideo types.Float64 `tfsdk:"transformations_video"`
	BandwidthImage       types.Float64 `tfsdk:"bandwidth_image"`
	BandwidthVideo       types.Float64 `tfsdk:"bandwidth_video"`
	BandwidthRaw         types.Float64 `tfsdk:"bandwidth_raw"`
	ImageImpressions     types.Float64 `tfsdk:"image_impressions"`
	VideoSeconds         types.Float64 `tfsdk:"video_seconds"`
}

type environmentBreakdownModel struct {
	CloudName            types.String  `tfsdk:"cloud_name"`
	StorageImage         types.Float64 `tfsdk:"storage_image"`
	StorageVideo         types.Float64 `tfsdk:"storage_video"`
	StorageRaw           types.Float64 `tfsdk:"storage_raw"`
	TransformationsImage types.Float64 `tfsdk:"transformations_image"`
	TransformationsVideo types.Float64 `tfsdk:"transformations_video"`
	BandwidthImage       types.Float64 `tfsdk:"bandwidth_image"`
	BandwidthVideo       types.Float64 `tfsdk:"bandwidth_video"`
	BandwidthRaw         types.Float64 `tfsdk:"bandwidth_raw"`
	ImageImpressions     types.Float64 `tfsdk:"image_impressions"`
	VideoSeconds         types.Float64 `tfsdk:"video_seconds"`
}

// usageMetricDescriptions documents the breakdown metrics, as the API does.
var usageMetricDescriptions = map[string]string{
	"storage_image":         "Storage usage for images.",
	"storage_video":         "Storage usage for videos.",
	"storage_raw":           "Storage usage for raw files.",
	"transformations_image": "Transformation usage for images.",
	"transformations_video": "Transformation usage for videos.",
	"bandwidth_image":       "Bandwidth usage for images.",
	"bandwidth_video":       "Bandwidth usage for videos.",
	"bandwidth_raw":         "Bandwidth usage for raw files.",
	"image_impressions":     "Number of times images were delivered (impressions).",
	"video_seconds":         "Video delivery in billing seconds (viewed duration times a resolution-based ratio).",
}

func usageMetricAttributes() map[string]schema.Attribute {
	out := map[string]schema.Attribute{}
	for name, desc := range usageMetricDescriptions {
		out[name] = schema.Float64Attribute{Computed: true, MarkdownDescription: desc + " Null when the plan does not report it."}
	}
	return out
}

func billingCycleAttributes(kind string) map[string]schema.Attribute {
	envAttrs := usageMetricAttributes()
	envAttrs["cloud_name"] = schema.StringAttribute{Computed: true, MarkdownDescription: "The product environment's cloud name."}
	return map[string]schema.Attribute{
		"from_day": schema.StringAttribute{Computed: true, MarkdownDescription: "First day of the " + kind + " (YYYY-MM-DD)."},
		"to_day":   schema.StringAttribute{Computed: true, MarkdownDescription: "Last day of the " + kind + " (YYYY-MM-DD)."},
		"usage":    schema.Float64Attribute{Computed: true, MarkdownDescription: "Total usage in the " + kind + ", in the metric's unit."},
		"breakdown": schema.SingleNestedAttribute{
			Computed:            true,
			MarkdownDescription: "Usage by asset type and operation; null when not reported.",
			Attributes:          usageMetricAttributes(),
		},
		"product_environment_breakdown": schema.ListNestedAttribute{
			Computed: true,
			MarkdownDescription: "Usage per product environment; null unless `include_product_environment_breakdown` " +
				"is true (and the API sent it).",
			NestedObject: schema.NestedAttributeObject{Attributes: envAttrs},
		},
	}
}

func (d *billingUsageDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Billing usage of the account by plan, metric and billing cycle (storage, bandwidth, " +
			"impressions, transformations...), optionally per product environment. Cloudinary updates these figures " +
			"daily. Without `year`, the year in which the current subscription period began; with no active " +
			"subscription, `plans` is empty.",
		Attributes: map[string]schema.Attribute{
			"year": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "The year whose usage cycles to read: for an annual subscription, the cycle that " +
					"began that year; for a monthly one, every cycle that began that year.",
				Validators: []validator.Int64{int64validator.Between(1, 9999)},
			},
			"include_product_environment_breakdown": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Whether to add each cycle's usage per product environment. Default `false`.",
			},
			"plans": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The usage, one entry per plan.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"plan_name": schema.StringAttribute{Computed: true, MarkdownDescription: "The plan name, e.g. `Advanced PAYG`."},
					"metrics": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "The plan's metrics.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"metric": schema.StringAttribute{Computed: true, MarkdownDescription: "The metric measured, e.g. `credit`."},
							"limit":  schema.Float64Attribute{Computed: true, MarkdownDescription: "The plan's limit for the metric; null when none."},
							"cycles": schema.ListNestedAttribute{
								Computed:            true,
								MarkdownDescription: "Usage per billing cycle (monthly or annual, by plan).",
								NestedObject:        schema.NestedAttributeObject{Attributes: billingCycleAttributes("cycle")},
							},
							"monthly_cycles": schema.ListNestedAttribute{
								Computed:            true,
								MarkdownDescription: "For an annual cycle, its usage month by month; empty otherwise.",
								NestedObject:        schema.NestedAttributeObject{Attributes: billingCycleAttributes("month")},
							},
						}},
					},
				}},
			},
		},
	}
}

func (d *billingUsageDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m billingUsageModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || d.data.apiClient(&resp.Diagnostics) == nil {
		return
	}
	var opts client.BillingUsageOptions
	if !m.Year.IsNull() {
		opts.Year = client.Ptr(int(m.Year.ValueInt64()))
	}
	opts.IncludeProdenvBreakdown = m.IncludeProductEnvironmentBreakdown.ValueBoolPointer()
	usage, err := d.data.client.GetBillingUsage(ctx, &opts)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "billing usage", err)
		return
	}
	m.Plans = billingPlansFromAPI(usage)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// billingPlansFromAPI converts the usage answer (lists are never null).
func billingPlansFromAPI(usage []client.BillingUsage) []billingPlanModel {
	plans := make([]billingPlanModel, 0, len(usage))
	for _, u := range usage {
		p := billingPlanModel{PlanName: types.StringValue(u.PlanName), Metrics: make([]billingMetricModel, 0, len(u.MetricUsage))}
		for _, mu := range u.MetricUsage {
			p.Metrics = append(p.Metrics, billingMetricModel{
				Metric:        types.StringValue(mu.Metric),
				Limit:         types.Float64PointerValue(mu.Limit),
				Cycles:        billingCyclesFromAPI(mu.Cycles),
				MonthlyCycles: billingCyclesFromAPI(mu.MonthlyCycles),
			})
		}
		plans = append(plans, p)
	}
	return plans
}

func billingCyclesFromAPI(cycles []client.BillingCycle) []billingCycleModel {
	out := make([]billingCycleModel, 0, len(cycles))
	for _, c := range cycles {
		m := billingCycleModel{
			FromDay: types.StringValue(c.FromDay),
			ToDay:   types.StringValue(c.ToDay),
			Usage:   types.Float64PointerValue(c.Usage),
		}
		if c.Breakdown != nil {
			b := usageBreakdownFromAPI(*c.Breakdown)
			m.Breakdown = &b
		}
		if c.ProductEnvironmentBreakdown != nil {
			m.ProductEnvironmentBreakdown = make([]environmentBreakdownModel, 0, len(c.ProductEnvironmentBreakdown))
			for _, e := range c.ProductEnvironmentBreakdown {
				b := usageBreakdownFromAPI(e.UsageBreakdown)
				m.ProductEnvironmentBreakdown = append(m.ProductEnvironmentBreakdown, environmentBreakdownModel{
					CloudName: types.StringValue(e.CloudName), StorageImage: b.StorageImage, StorageVideo: b.StorageVideo,
					StorageRaw: b.StorageRaw, TransformationsImage: b.TransformationsImage, TransformationsVideo: b.TransformationsVideo,
					BandwidthImage: b.BandwidthImage, BandwidthVideo: b.BandwidthVideo, BandwidthRaw: b.BandwidthRaw,
					ImageImpressions: b.ImageImpressions, VideoSeconds: b.VideoSeconds,
				})
			}
		}
		out = append(out, m)
	}
	return out
}

func usageBreakdownFromAPI(b client.UsageBreakdown) usageBreakdownModel {
	return usageBreakdownModel{
		StorageImage: types.Float64PointerValue(b.StorageImage), StorageVideo: types.Float64PointerValue(b.StorageVideo),
		StorageRaw: types.Float64PointerValue(b.StorageRaw), TransformationsImage: types.Float64PointerValue(b.TransformationsImage),
		TransformationsVideo: types.Float64PointerValue(b.TransformationsVideo), BandwidthImage: types.Float64PointerValue(b.BandwidthImage),
		BandwidthVideo: types.Float64PointerValue(b.BandwidthVideo), BandwidthRaw: types.Float64PointerValue(b.BandwidthRaw),
		ImageImpressions: types.Float64PointerValue(b.ImageImpressions), VideoSeconds: types.Float64PointerValue(b.VideoSeconds),
	}
}
