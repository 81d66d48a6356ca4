package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
)

// The garbage collector's settings for the provider process, unless the user
// chose their own with GOGC or GOMEMLIMIT.
//
// Why: a plan is a burst of short RPCs that each allocate a lot
// (terraform-plugin-framework converts every state and plan between msgpack,
// tftypes and Go structs) and keep little, while the default GOGC=100
// collects every time the heap doubles: a quarter of the provider's CPU in
// the 1,000-object benchmark plan. Collecting at 5x the live heap, under a
// soft limit, saves CPU and peak memory (measured in BENCHMARKS.md, the
// table of changes, "GC at 5x the live heap").
//
// A fixed soft limit is not a cap, and it turns costly as the live heap
// nears it: under a limit of live+X the collector runs every X bytes of
// allocation, and the 1,000-object plan already holds up to ~40 MiB live.
// So the limit follows the live heap (softLimitFor): never below 100 MiB,
// and never below twice the live heap, which collects every `live` bytes,
// as often as Go's default. However large the account, the provider then
// collects no more often than it would untuned.
const (
	gcPercent      = 400
	gcSoftLimitMin = 100 << 20
)

// softLimitFor is the soft memory limit for a live heap of live bytes.
func softLimitFor(floor int64, live uint64) int64 {
	return max(floor, 2*int64(live))
}

// tuneGC applies the settings above unless environ sets GOGC or GOMEMLIMIT.
// It reports whether it changed anything.
func tuneGC(environ []string, setPercent func(int) int, setLimit func(int64) int64) bool {
	for _, kv := range environ {
		if strings.HasPrefix(kv, "GOGC=") || strings.HasPrefix(kv, "GOMEMLIMIT=") {
			return false
		}
	}
	setPercent(gcPercent)
	setLimit(gcSoftLimitMin)
	return true
}

// gcSentinel is allocated only to become garbage: its cleanup runs after the
// collection that finds it unreachable. (It holds a pointer so that the
// runtime's tiny allocator, which may never free small pointer-free objects
// on their own, does not take it.)
type gcSentinel struct {
	_ *byte
	_ [16]byte
}

// followLiveHeap sets the soft limit to softLimitFor(floor, live heap) after
// every collection, for the life of the process.
func followLiveHeap(floor int64, setLimit func(int64) int64) {
	var arm func()
	arm = func() {
		runtime.AddCleanup(&gcSentinel{}, func(struct{}) {
			sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				setLimit(softLimitFor(floor, sample[0].Value.Uint64()))
			}
			arm()
		}, struct{}{})
	}
	arm()
}

// tuneGCUnlessSet applies the settings above for the life of the process,
// unless environ sets GOGC or GOMEMLIMIT; main calls it first thing.
func tuneGCUnlessSet(environ []string) {
	if tuneGC(environ, debug.SetGCPercent, debug.SetMemoryLimit) {
		followLiveHeap(gcSoftLimitMin, debug.SetMemoryLimit)
	}
}
