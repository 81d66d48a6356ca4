package main

import (
	"runtime"
	"testing"
	"time"
)

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
			if tc.want && (percent != gcPercent || limit != gcSoftLimitMin) {
				t.Fatalf("set GOGC %d and limit %d, want %d and %d", percent, limit, gcPercent, gcSoftLimitMin)
			}
			if !tc.want && (percent != -2 || limit != -2) {
				t.Fatalf("the user's choice was overridden: GOGC %d, limit %d", percent, limit)
			}
		})
	}
}

func TestSoftLimitFor(t *testing.T) {
	const mib = 1 << 20
	cases := []struct {
		live uint64
		want int64
	}{
		{0, 100 * mib},
		{40 * mib, 100 * mib}, // the 1,000-object plan: the floor governs
		{50 * mib, 100 * mib},
		{60 * mib, 120 * mib}, // beyond: twice the live heap, as often as GOGC=100
		{1 << 30, 2 << 30},
	}
	for _, tc := range cases {
		if got := softLimitFor(100*mib, tc.live); got != tc.want {
			t.Errorf("softLimitFor(100 MiB, %d MiB) = %d MiB, want %d MiB", tc.live/mib, got/mib, tc.want/mib)
		}
	}
}

// After a collection the limit is set from the live heap, and again after
// the next one: a heap that grows past half the floor raises the limit.
func TestFollowLiveHeap_setsTheLimitAfterEachCollection(t *testing.T) {
	const floor = 1 << 20
	limits := make(chan int64, 100)
	followLiveHeap(floor, func(l int64) int64 {
		select {
		case limits <- l:
		default:
		}
		return 0
	})
	kept := make([]byte, 8<<20) // live across the collections below
	awaitLimit := func(atLeast int64) int64 {
		t.Helper()
		deadline := time.After(30 * time.Second)
		for {
			runtime.GC()
			select {
			case l := <-limits:
				if l >= atLeast {
					return l
				}
			case <-deadline:
				t.Fatalf("no limit of at least %d bytes was set after collections", atLeast)
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
	first := awaitLimit(2 * int64(len(kept)))
	// The tuner re-arms itself: a later collection sets the limit again.
	for len(limits) > 0 {
		<-limits
	}
	awaitLimit(floor)
	runtime.KeepAlive(kept)
	t.Logf("limit after the first collection with 8 MiB live: %d MiB", first>>20)
}
