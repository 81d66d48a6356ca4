package provider

import (
	"testing"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

func TestBillingPlansFromAPI(t *testing.T) {
	v := 1.5
	plans := billingPlansFromAPI([]client.BillingUsage{{
		PlanName: "Advanced PAYG",
		MetricUsage: []client.BillingMetricUsage{{
			Metric: "credit",
			Cycles: []client.BillingCycle{
				{FromDay: "2024-01-01", ToDay: "2024-01-31", Usage: &v, Breakdown: &client.UsageBreakdown{StorageImage: &v}},
				{FromDay: "2024-02-01", ToDay: "2024-02-29", ProductEnvironmentBreakdown: []client.CloudAssetTypeBreakdown{
					{CloudName: "c1", UsageBreakdown: client.UsageBreakdown{VideoSeconds: &v}},
				}},
			},
		}},
	}})
	if len(plans) != 1 || plans[0].PlanName.ValueString() != "Advanced PAYG" || len(plans[0].Metrics) != 1 {
		t.Fatalf("plans %+v", plans)
	}
	m := plans[0].Metrics[0]
	if !m.Limit.IsNull() || m.MonthlyCycles == nil || len(m.MonthlyCycles) != 0 || len(m.Cycles) != 2 {
		t.Errorf("metric %+v", m)
	}
	c0, c1 := m.Cycles[0], m.Cycles[1]
	if c0.Usage.ValueFloat64() != 1.5 || c0.Breakdown == nil || c0.Breakdown.StorageImage.ValueFloat64() != 1.5 ||
		!c0.Breakdown.VideoSeconds.IsNull() || c0.ProductEnvironmentBreakdown != nil {
		t.Errorf("cycle 0 %+v", c0)
	}
	if !c1.Usage.IsNull() || c1.Breakdown != nil || len(c1.ProductEnvironmentBreakdown) != 1 ||
		c1.ProductEnvironmentBreakdown[0].CloudName.ValueString() != "c1" || c1.ProductEnvironmentBreakdown[0].VideoSeconds.ValueFloat64() != 1.5 ||
		!c1.ProductEnvironmentBreakdown[0].StorageImage.IsNull() {
		t.Errorf("cycle 1 %+v", c1)
	}
	if got := billingPlansFromAPI(nil); got == nil || len(got) != 0 {
		t.Errorf("no usage: %v", got)
	}
}

func TestCedarSchemaModelFromAPI(t *testing.T) {
	m, err := cedarSchemaModelFromAPI(map[string]any{"b": map[string]any{"z": 1, "a": 2}, "a": map[string]any{}})
	if err != nil || m.Schema.ValueString() != `{"a":{},"b":{"a":2,"z":1}}` || len(m.Namespaces) != 2 || m.Namespaces[0] != "a" {
		t.Errorf("model %+v %v", m, err)
	}
	m, err = cedarSchemaModelFromAPI(nil)
	if err != nil || m.Schema.ValueString() != "{}" || m.Namespaces == nil {
		t.Errorf("empty: %+v %v", m, err)
	}
}

func TestPermissionsCatalogModelFromAPI(t *testing.T) {
	m := permissionsCatalogModelFromAPI(testCatalog(t))
	if len(m.SystemPolicies) != 3 || len(m.SystemRoles) != 1 {
		t.Fatalf("model %+v", m)
	}
	if p := m.SystemPolicies[0]; p.PolicyParameters == nil || len(p.PolicyParameters) != 0 || p.ID.ValueString() != "cld::policy::global::users_and_groups::manage" {
		t.Errorf("policy %+v", p)
	}
	if r := m.SystemRoles[0]; r.PolicyParameters == nil || len(r.SystemPolicyIDs) != 1 {
		t.Errorf("role %+v", r)
	}
}
