package emulator

import (
	"slices"
	"time"
)

// Request rounds: how many requests a client made one after another. N
// requests sent side by side cost one round trip of latency; N requests
// each waiting for the previous one's answer cost N. The longest such
// chain bounds from below how long the client took at a given latency,
// whatever the number of requests, so it is the figure that tells whether a
// plan is bound by its requests' count or by their order.

// span is when one API request was served: from its arrival to the end of
// its answer (the emulator's added latency included).
type span struct{ start, end time.Time }

// maxSpans bounds what a long-running emulator keeps between resets; past
// it, later requests are not recorded and Rounds undercounts.
const maxSpans = 200_000

// recordSpan records a request that arrived at start and is answered now.
func (e *Emulator) recordSpan(start time.Time) {
	end := time.Now()
	e.ctl.Lock()
	defer e.ctl.Unlock()
	if len(e.spans) < maxSpans {
		e.spans = append(e.spans, span{start, end})
	}
}

// longestChain is the length of the longest sequence of spans in which each
// starts at or after the end of the one before. A sweep over the starts
// and ends in time order: a span's chain is one more than the longest chain
// among the spans already ended when it starts (an end at the very instant
// of a start counts as before it). O(n log n).
func longestChain(spans []span) int {
	type event struct {
		at    time.Time
		start bool
		i     int
	}
	events := make([]event, 0, 2*len(spans))
	for i, s := range spans {
		events = append(events, event{s.start, true, i}, event{s.end, false, i})
	}
	slices.SortStableFunc(events, func(a, b event) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		switch {
		case a.start == b.start:
			return 0
		case !a.start:
			return -1 // ends first
		default:
			return 1
		}
	})
	chain := make([]int, len(spans))
	ended, longest := 0, 0
	for _, ev := range events {
		if ev.start {
			chain[ev.i] = ended + 1
			longest = max(longest, chain[ev.i])
		} else {
			ended = max(ended, chain[ev.i])
		}
	}
	return longest
}
