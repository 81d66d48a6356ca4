package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/acctest"
	"github.com/cloudinary-terraform/terraform-provider-cloudinary/internal/client"
)

// testAccBillingFloat compares a state number with an optional API number.
func testAccBillingFloat(what string, got any, want *float64) error {
	if want == nil {
		if got != nil {
			return fmt.Errorf("%s = %v, want null", what, got)
		}
		return nil
	}
	var g float64
	var ok bool
	switch n := got.(type) {
	case float64:
		g, ok = n, true
	case json.Number:
		f, err := n.Float64()
		g, ok = f, err == nil
	}
	if !ok || g != *want {
		return fmt.Errorf("%s = %v, want %v", what, got, *want)
	}
	return nil
}

func testAccBillingBreakdown(what string, got map[string]any, want client.UsageBreakdown) error {
	for name, w := range map[string]*float64{
		"storage_image": want.StorageImage, "storage_video": want.StorageVideo, "storage_raw": want.StorageRaw,
		"transformations_image": want.TransformationsImage, "transformations_video": want.TransformationsVideo,
		"bandwidth_image": want.BandwidthImage, "bandwidth_video": want.BandwidthVideo, "bandwidth_raw": want.BandwidthRaw,
		"image_impressions": want.ImageImpressions, "video_seconds": want.VideoSeconds,
	} {
		if err := testAccBillingFloat(what+"."+name, got[name], w); err != nil {
			return err
		}
	}
	return nil
}

func testAccBillingCycles(what string, got any, want []client.BillingCycle, breakdown bool) error {
	list, _ := got.([]any)
	if len(list) != len(want) {
		return fmt.Errorf("%s has %d cycles, want %d", what, len(list), len(want))
	}
	for i, w := range want {
		c, _ := list[i].(map[string]any)
		at := fmt.Sprintf("%s[%d]", what, i)
		if c["from_day"] != w.FromDay || c["to_day"] != w.ToDay {
			return fmt.Errorf("%s days %v..%v, want %s..%s", at, c["from_day"], c["to_day"], w.FromDay, w.ToDay)
		}
		if err := testAccBillingFloat(at+".usage", c["usage"], w.Usage); err != nil {
			return err
		}
		if w.Breakdown != nil {
			bd, _ := c["breakdown"].(map[string]any)
			if err := testAccBillingBreakdown(at+".breakdown", bd, *w.Breakdown); err != nil {
				return err
			}
		}
		envs, isList := c["product_environment_breakdown"].([]any)
		if !breakdown {
			if c["product_environment_breakdown"] != nil {
				return fmt.Errorf("%s has a product environment breakdown it did not ask for", at)
			}
			continue
		}
		if !isList || len(envs) != len(w.ProductEnvironmentBreakdown) {
			return fmt.Errorf("%s product_environment_breakdown = %v, want %d entries", at, c["product_environment_breakdown"], len(w.ProductEnvironmentBreakdown))
		}
		for j, we := range w.ProductEnvironmentBreakdown {
			e, _ := envs[j].(map[string]any)
			if e["cloud_name"] != we.CloudName {
				return fmt.Errorf("%s env %d cloud_name %v, want %s", at, j, e["cloud_name"], we.CloudName)
			}
			if err := testAccBillingBreakdown(fmt.Sprintf("%s.env[%d]", at, j), e, we.UsageBreakdown); err != nil {
				return err
			}
		}
	}
	return nil
}

// testAccBillingMatches compares the data source with the API's answer for
// opts, metric by metric and cycle by cycle.
func testAccBillingMatches(env *acctest.Env, addr string, opts client.BillingUsageOptions) statecheck.StateCheck {
	return acctest.StateCheck(func(ctx context.Context, s *tfjson.State) error {
		want, err := env.Client.GetBillingUsage(ctx, &opts)
		if err != nil {
			return err
		}
		v, err := acctest.StateValues(s, addr)
		if err != nil {
			return err
		}
		plans, _ := v["plans"].([]any)
		if len(plans) != len(want) {
			return fmt.Errorf("%s has %d plans, want %d", addr, len(plans), len(want))
		}
		breakdown := opts.IncludeProdenvBreakdown != nil && *opts.IncludeProdenvBreakdown
		for i, wp := range want {
			p, _ := plans[i].(map[string]any)
			metrics, _ := p["metrics"].([]any)
			if p["plan_name"] != wp.PlanName || len(metrics) != len(wp.MetricUsage) {
				return fmt.Errorf("%s plan %d = %v, want %+v", addr, i, p, wp)
			}
			for j, wm := range wp.MetricUsage {
				m, _ := metrics[j].(map[string]any)
				at := fmt.Sprintf("%s.plans[%d].metrics[%d]", addr, i, j)
				if m["metric"] != wm.Metric {
					return fmt.Errorf("%s metric %v, want %s", at, m["metric"], wm.Metric)
				}
				if err := testAccBillingFloat(at+".limit", m["limit"], wm.Limit); err != nil {
					return err
				}
				if err := testAccBillingCycles(at+".cycles", m["cycles"], wm.Cycles, breakdown); err != nil {
					return err
				}
				if err := testAccBillingCycles(at+".monthly_cycles", m["monthly_cycles"], wm.MonthlyCycles, breakdown); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func TestAccBillingUsageDataSource_basic(t *testing.T) {
	env := acctest.New(t)
	ctx := t.Context()
	// An environment, so that the per-environment breakdown has a row.
	pe, err := env.Client.CreateProductEnvironment(ctx, client.ProductEnvironmentCreateRequest{Name: acctest.RandomName("tf-acc-billing")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Client.DeleteProductEnvironment(context.WithoutCancel(t.Context()), pe.ID) })
	year := time.Now().UTC().Year()

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config:      env.Config(`data "cloudinary_billing_usage" "test" { year = 0 }`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorPattern(`year value must be between 1 and 9999, got: 0`),
			},
			{
				Config: env.Config(fmt.Sprintf(`
data "cloudinary_billing_usage" "current" {}

data "cloudinary_billing_usage" "breakdown" {
  year                                  = %d
  include_product_environment_breakdown = true
}
`, year)),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccBillingMatches(env, "data.cloudinary_billing_usage.current", client.BillingUsageOptions{}),
					testAccBillingMatches(env, "data.cloudinary_billing_usage.breakdown",
						client.BillingUsageOptions{Year: client.Ptr(year), IncludeProdenvBreakdown: client.Ptr(true)}),
				},
			},
		},
	})
}
