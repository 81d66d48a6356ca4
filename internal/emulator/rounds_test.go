package emulator

import (
	"sync"
	"testing"
	"time"
)

func TestLongestChain(t *testing.T) {
	at := func(ms int) time.Time { return time.Unix(0, 0).Add(time.Duration(ms) * time.Millisecond) }
	sp := func(from, to int) span { return span{at(from), at(to)} }
	for name, tc := range map[string]struct {
		spans []span
		want  int
	}{
		"none":                      {nil, 0},
		"one":                       {[]span{sp(0, 10)}, 1},
		"side by side":              {[]span{sp(0, 10), sp(1, 11), sp(2, 12)}, 1},
		"one after another":         {[]span{sp(0, 10), sp(10, 20), sp(25, 30)}, 3},
		"an end at a start counts":  {[]span{sp(0, 10), sp(10, 20)}, 2},
		"a list, then its fan-out":  {[]span{sp(0, 10), sp(11, 20), sp(11, 21), sp(12, 22), sp(23, 30)}, 3},
		"the longest of two chains": {[]span{sp(0, 5), sp(6, 9), sp(10, 12), sp(0, 30)}, 3},
		"unsorted":                  {[]span{sp(25, 30), sp(0, 10), sp(10, 20)}, 3},
	} {
		if got := longestChain(tc.spans); got != tc.want {
			t.Errorf("%s: %d rounds, want %d", name, got, tc.want)
		}
	}
}

// Through the emulator: requests one after another are as many rounds,
// requests side by side one; a reset starts counting again.
func TestCoreStatsRounds(t *testing.T) {
	h := newPV(t, Options{Latency: 200 * time.Millisecond}) // long enough that side-by-side requests overlap on a busy machine
	for range 3 {
		h.prov("GET", "/users", nil).want(t, 200)
	}
	if got := h.emu.Stats().Rounds; got != 3 {
		t.Errorf("3 requests one after another: %d rounds, want 3", got)
	}
	h.emu.ResetStats()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { h.prov("GET", "/users", nil) })
	}
	wg.Wait()
	if st := h.emu.Stats(); st.Total != 4 || st.Rounds != 1 {
		t.Errorf("4 requests side by side: %d requests in %d rounds, want 4 in 1", st.Total, st.Rounds)
	}
}
