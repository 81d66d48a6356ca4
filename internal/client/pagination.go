package client

import (
	"context"
	"fmt"
)

// DefaultMaxPages bounds a walk whose server never signals the last page.
const DefaultMaxPages = 1000

// PageFunc fetches one page of a page/page_size list. page starts at 1.
// total is the server's total item count, or -1 when the response has none.
type PageFunc[T any] func(ctx context.Context, page, pageSize int) (items []T, total int, err error)

// PageWalk configures CollectPages.
type PageWalk[T any] struct {
	PageSize int // items asked per page; required (> 0)
	MaxPages int // 0 = DefaultMaxPages
	// Key, when set, identifies items: a page that brings no new key ends the
	// walk (a server that ignores page returns the same items again) and
	// duplicates are dropped.
	Key func(T) string
}

// CollectPages walks a page/page_size list to its last page and returns every
// item. The last page is the first one that is empty, brings nothing new,
// reaches the total the server announced, or (with no total) is short.
// A walk that has not ended after MaxPages pages fails.
func CollectPages[T any](ctx context.Context, w PageWalk[T], fetch PageFunc[T]) ([]T, error) {
	if w.PageSize <= 0 {
		return nil, fmt.Errorf("cloudinary: pagination needs a positive page size, got %d", w.PageSize)
	}
	maxPages := w.MaxPages
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	var all []T
	seen := map[string]bool{}
	for page := 1; ; page++ {
		if page > maxPages {
			return all, fmt.Errorf("cloudinary: list did not end after %d pages of %d", maxPages, w.PageSize)
		}
		if err := ctx.Err(); err != nil {
			return all, err
		}
		items, total, err := fetch(ctx, page, w.PageSize)
		if err != nil {
			return all, err
		}
		added := 0
		for _, it := range items {
			if w.Key != nil {
				k := w.Key(it)
				if seen[k] {
					continue
				}
				seen[k] = true
			}
			all = append(all, it)
			added++
		}
		switch {
		case len(items) == 0 || added == 0:
			return all, nil
		case total >= 0:
			if len(all) >= total {
				return all, nil
			}
		case len(items) < w.PageSize:
			return all, nil
		}
	}
}

// CursorFunc fetches one page of a cursor/next_cursor list; cursor is nil
// for the first page, and next is "" after the last one.
type CursorFunc[T any] func(ctx context.Context, cursor *string) (items []T, next string, err error)

// CollectCursor walks a cursor/next_cursor list from start (nil = the first
// page) to its end and returns every item. A cursor the server already handed
// out, or more than DefaultMaxPages pages, fails rather than loops.
func CollectCursor[T any](ctx context.Context, start *string, fetch CursorFunc[T]) ([]T, error) {
	var all []T
	seen := map[string]bool{}
	cursor := start
	if cursor != nil {
		seen[*cursor] = true
	}
	for page := 1; ; page++ {
		if page > DefaultMaxPages {
			return all, fmt.Errorf("cloudinary: list did not end after %d pages", DefaultMaxPages)
		}
		if err := ctx.Err(); err != nil {
			return all, err
		}
		items, next, err := fetch(ctx, cursor)
		if err != nil {
			return all, err
		}
		all = append(all, items...)
		if next == "" {
			return all, nil
		}
		if seen[next] {
			return all, fmt.Errorf("cloudinary: the API returned next_cursor %q twice; stopping the list to avoid a loop", next)
		}
		seen[next] = true
		cursor = &next
	}
}

// collectCursor is CollectCursor for the package's list-all methods.
func collectCursor[T any](ctx context.Context, start *string, fetch func(context.Context, *string) ([]T, string, error)) ([]T, error) {
	return CollectCursor(ctx, start, fetch)
}
