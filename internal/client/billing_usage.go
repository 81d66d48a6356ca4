package client

import (
	"context"
	"net/http"
	"net/url"
)

// BillingUsage is one plan of the getBillingUsage answer (a JSON array).
type BillingUsage struct {
	PlanName    string               `json:"plan_name"`
	MetricUsage []BillingMetricUsage `json:"metric_usage"`
}

// BillingMetricUsage is one metric (e.g. "credit") of a plan.
type BillingMetricUsage struct {
	Metric string   `json:"metric"`
	Limit  *float64 `json:"limit"`
	// Cycles are the billing cycles (monthly or annual, by plan).
	Cycles []BillingCycle `json:"cycles"`
	// MonthlyCycles break a single annual cycle down by month.
	MonthlyCycles []BillingCycle `json:"monthly_cycles"`
}

// BillingCycle is the usage of one billing cycle.
type BillingCycle struct {
	FromDay   string          `json:"from_day"` // yyyy-mm-dd
	ToDay     string          `json:"to_day"`   // yyyy-mm-dd
	Usage     *float64        `json:"usage"`
	Breakdown *UsageBreakdown `json:"breakdown"`
	// ProductEnvironmentBreakdown is present with include_prodenv_breakdown.
	ProductEnvironmentBreakdown []CloudAssetTypeBreakdown `json:"product_environment_breakdown"`
}

// UsageBreakdown is usage by asset type and operation; nil fields were not
// reported (plans report different metrics).
type UsageBreakdown struct {
	StorageImage         *float64 `json:"storage_image"`
	StorageVideo         *float64 `json:"storage_video"`
	StorageRaw           *float64 `json:"storage_raw"`
	TransformationsImage *float64 `json:"transformations_image"`
	TransformationsVideo *float64 `json:"transformations_video"`
	BandwidthImage       *float64 `json:"bandwidth_image"`
	BandwidthVideo       *float64 `json:"bandwidth_video"`
	BandwidthRaw         *float64 `json:"bandwidth_raw"`
	ImageImpressions     *float64 `json:"image_impressions"`
	VideoSeconds         *float64 `json:"video_seconds"`
}

// CloudAssetTypeBreakdown is one product environment's share of a cycle.
type CloudAssetTypeBreakdown struct {
	UsageBreakdown
	CloudName string `json:"cloud_name"`
}

// BillingUsageOptions are the getBillingUsage query parameters.
type BillingUsageOptions struct {
	// Year selects the cycles that began that year; nil = the current
	// subscription's year.
	Year *int
	// IncludeProdenvBreakdown adds per-environment usage (default false).
	IncludeProdenvBreakdown *bool
}

func (o *BillingUsageOptions) values() url.Values {
	q := url.Values{}
	if o != nil {
		setInt(q, "year", o.Year)
		setBool(q, "include_prodenv_breakdown", o.IncludeProdenvBreakdown)
	}
	return q
}

// GetBillingUsage reads billing usage by plan (read-only; updated daily).
//
//meta:operation GET /v1_1/provisioning/accounts/{account_id}/billing_usage
func (c *Client) GetBillingUsage(ctx context.Context, opts *BillingUsageOptions) ([]BillingUsage, error) {
	var out []BillingUsage
	err := c.do(ctx, request{
		op:     "getBillingUsage",
		method: http.MethodGet,
		path:   c.provisioningPath("billing_usage"),
		query:  opts.values(),
		want:   []int{http.StatusOK},
	}, &out)
	if err != nil {
		return nil, err
	}
	return out, nil
}
