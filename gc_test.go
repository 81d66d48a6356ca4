package main

import "testing"

func TestTuneGC(t *testing.T) {
	cases := map[string]struct {
		environ []string
		want    bool
	}{
		"nothing chosen":       {[]string{"PATH=/bin", "HOME=/root"}, true},
		"GOGC chosen":          {[]string{"PATH=/bin", "GOGC=100"}, false},
		"GOGC off":             {[]string{"GOGC=off"}, false},
		"GOMEMLIMIT chosen":    {[]string{"GOMEMLIMIT=1GiB"}, false},
		"similar name only":    {[]string{"MY_GOGC=5"}, true},
		"GOGC in a value only": {[]string{"X=GOGC=5"}, true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			percent, limit := -2, int64(-2)
			got := tuneGC(tc.environ, func(p int) int { percent = p; return 100 }, func(l int64) int64 { limit = l; return 0 })
			if got != tc.want {
				t.Fatalf("tuneGC = %v, want %v", got, tc.want)
			}
			if tc.want && (percent != gcPercent || limit != gcSoftLimitByte) {
				t.Fatalf("set GOGC %d and limit %d, want %d and %d", percent, limit, gcPercent, gcSoftLimitByte)
			}
			if !tc.want && (percent != -2 || limit != -2) {
				t.Fatalf("the user's choice was overridden: GOGC %d, limit %d", percent, limit)
			}
		})
	}
}
