package seogo

import (
	"context"
	"sync"
)

// inOrder runs prepare for items 0..n-1 on up to workers goroutines and then
// commit for each item in index order, from the calling goroutine. The work is
// parallel but the writes are sequential and in input order, so the same
// input always gets the same chunk keys — and ties in ranking, broken by key,
// come out the same on every run. At most 2×workers prepared items wait for
// their commit, which bounds memory. It stops at the first commit error or
// when ctx ends; prepare sees a context that is cancelled then.
func inOrder[T any](ctx context.Context, n, workers int, prepare func(ctx context.Context, i int) T, commit func(i int, t T) error) error {
	if workers < 1 {
		workers = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	slots := make([]chan T, n)
	for i := range slots {
		slots[i] = make(chan T, 1) // a worker never waits for the committer
	}
	window := make(chan struct{}, 2*workers)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				slots[i] <- prepare(ctx, i)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := 0; i < n; i++ {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var err error
	for i := 0; i < n && err == nil; i++ {
		select {
		case t := <-slots[i]:
			<-window
			if err = ctx.Err(); err == nil {
				err = commit(i, t)
			}
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	cancel()
	wg.Wait()
	return err
}
