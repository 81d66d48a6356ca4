package emulator

import (
	"fmt"
	"hash/fnv"
	"math"
	"net/http"
	"strconv"
	"time"
)

// billingPlan and billingLimit describe the emulated subscription: a monthly
// "Advanced PAYG" plan measured in credits, like one of the document's
// examples. Monthly cycles run from the 1st to the last day of each month.
const (
	billingPlan  = "Advanced PAYG"
	billingLimit = 600
)

// billingMetrics are the breakdown keys of the Advanced PAYG example.
var billingMetrics = []string{
	"storage_image", "storage_video", "storage_raw",
	"transformations_image", "transformations_video",
	"bandwidth_image", "bandwidth_video", "bandwidth_raw",
}

type billingCycle struct {
	FromDay   string             `json:"from_day"`
	ToDay     string             `json:"to_day"`
	Usage     float64            `json:"usage"`
	Breakdown map[string]float64 `json:"breakdown"`
	// ProdEnvBreakdown is present only with include_prodenv_breakdown=true
	// (a pointer so an account without environments still gets []).
	ProdEnvBreakdown *[]map[string]any `json:"product_environment_breakdown,omitempty"`
}

// getBillingUsage answers usage for the current and the previous year (by the
// emulator's clock); without year, the current year. Usage is synthetic but
// deterministic (a hash of cloud name, year and month) and consistent: each
// cycle's breakdown is the sum of the environments' breakdowns and usage is
// the sum of the breakdown. Every current environment is counted in every
// cycle. The document does not say what other years give: a future year is a
// bad request (400) and a year before the previous one has no usage (404).
func (e *Emulator) getBillingUsage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	now := e.now()
	year := now.Year()
	if s := q.Get("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 1 {
			provError(w, http.StatusBadRequest, fmt.Sprintf("invalid value for year: %q is not a year", s))
			return
		}
		year = y
	}
	breakdown, _, err := queryBool(q, "include_prodenv_breakdown")
	if err != nil {
		provError(w, http.StatusBadRequest, err.Error())
		return
	}
	if year > now.Year() {
		provError(w, http.StatusBadRequest, fmt.Sprintf("year %d is in the future", year))
		return
	}
	if year < now.Year()-1 {
		provError(w, http.StatusNotFound, fmt.Sprintf("No billing usage found for year %d", year))
		return
	}
	lastMonth := time.December
	if year == now.Year() {
		lastMonth = now.Month()
	}
	envs := e.prov.envsInOrder()
	cycles := []billingCycle{}
	for m := time.January; m <= lastMonth; m++ {
		from := time.Date(year, m, 1, 0, 0, 0, 0, time.UTC)
		to := from.AddDate(0, 1, -1)
		c := billingCycle{FromDay: from.Format(time.DateOnly), ToDay: to.Format(time.DateOnly), Breakdown: map[string]float64{}}
		for _, name := range billingMetrics {
			c.Breakdown[name] = 0
		}
		rows := []map[string]any{}
		for _, p := range envs {
			row := map[string]any{"cloud_name": p.CloudName}
			for _, name := range billingMetrics {
				v := syntheticUsage(p.CloudName, year, m, name)
				row[name] = v
				c.Breakdown[name] = round2(c.Breakdown[name] + v)
			}
			rows = append(rows, row)
		}
		for _, name := range billingMetrics {
			c.Usage += c.Breakdown[name]
		}
		c.Usage = round2(c.Usage)
		if breakdown {
			c.ProdEnvBreakdown = &rows
		}
		cycles = append(cycles, c)
	}
	writeJSON(w, http.StatusOK, []any{map[string]any{
		"plan_name": billingPlan,
		"metric_usage": []any{map[string]any{
			"metric": "credit",
			"limit":  billingLimit,
			"cycles": cycles,
		}},
	}})
}

// syntheticUsage is a stable pseudo-random amount in [0, 50) with two
// decimals; raw assets use less.
func syntheticUsage(cloudName string, year int, month time.Month, metric string) float64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s|%d|%d|%s", cloudName, year, month, metric)
	v := float64(h.Sum64()%5000) / 100
	if metric == "storage_raw" || metric == "bandwidth_raw" {
		v /= 10
	}
	return round2(v)
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }
