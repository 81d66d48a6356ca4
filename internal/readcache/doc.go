// Package readcache is the provider's read layer: a wrapper around
// *client.Client that answers reads of whole kinds of objects from
// collections loaded with list calls, so that refreshing N objects costs
// about as many requests as there are list pages, not N (the API is metered
// per hour). The exporter reads whole accounts with the same loaders.
//
// Rules, each with its test in this package:
//
//  1. Process only: a Reader lives inside one provider process and nothing
//     is ever persisted; another Reader loads its own collections
//     (TestCache_eachReaderLoadsItsOwn).
//  2. Single flight: the first read of a kind loads its whole collection,
//     once, however many reads ask at the same time; a load that ended
//     between a caller's look and its call is reused, and a failed load is
//     not kept (TestCache_parallelReadsLoadOnce, _loadThatEndedMeanwhileIsReused,
//     _failedLoadIsRetried).
//  3. Writes invalidate themselves: the client reports every request that is
//     not a GET, whatever its outcome, and the table in writes.go says once
//     which kinds each operation makes stale; an operation missing from it
//     drops every kind. After a write of a kind, reads of it go to the API,
//     one object at a time, for the rest of the process (reloading whole
//     collections after each write would cost far more during an apply), and
//     a load that started before the write does not store its result
//     (TestWrites_*, TestCache_writeMakesLaterReadsDirect,
//     _loadStartedBeforeWriteIsNotKept).
//  4. Fresh reads where a person named the object: a context from Direct
//     (the Read after an import, the lookup after a create whose outcome is
//     unknown) bypasses every collection (TestCache_directContextBypasses).
//  5. Confirm before drop: an object missing from a collection is read
//     directly before the caller is told it is gone; the collection may
//     predate it, and a false "gone" would make Terraform plan a duplicate
//     (TestCache_missingObjectIsConfirmedDirectly,
//     _userInNoEnvironmentIsReadDirectly, _environmentDeletedDuringLoadLosesNoUser).
//
// Rules 6-9, the prefetch that starts every load at the first read of a
// refresh, are at the top of prefetch.go.
//
// Every read returns an error matching client.IsNotFound when the object
// does not exist. Reads the cache has nothing to add to are made on the
// client itself.
package readcache
