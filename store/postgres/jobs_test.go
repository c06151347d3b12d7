package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestJobs: two "nodes" enqueue the same files and drain the queue
// together; every job runs exactly once, a failed one is retried, and a
// job whose node died (lease expired) is claimed again.
func TestJobs(t *testing.T) {
	s := openFresh(t, "")
	defer s.Close()
	ctx := context.Background()
	const n = 200
	for node := 0; node < 2; node++ {
		for i := 0; i < n; i++ {
			if _, err := s.Enqueue(ctx, "ingest", fmt.Sprintf("file-%03d", i), fmt.Sprintf("file-%03d", i)); err != nil {
				t.Fatal(err)
			}
		}
	}
	var mu sync.Mutex
	runs := map[string]int{}
	failedOnce := false
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				j, err := s.Claim(ctx, "ingest", fmt.Sprintf("w%d", w), time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if j == nil {
					return
				}
				mu.Lock()
				fail := !failedOnce && j.Payload == "file-007"
				failedOnce = failedOnce || fail
				if !fail {
					runs[j.Payload]++
				}
				mu.Unlock()
				if fail {
					err = s.Fail(ctx, j.ID, errors.New("boom"), 3)
				} else {
					err = s.Complete(ctx, j.ID)
				}
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(runs) != n {
		t.Fatalf("%d distinct jobs ran, want %d", len(runs), n)
	}
	for p, c := range runs {
		if c != 1 {
			t.Fatalf("%s ran %d times", p, c)
		}
	}
	// A crashed node: claimed with a lease that has already run out.
	if _, err := s.Enqueue(ctx, "ingest", "late", "late"); err != nil {
		t.Fatal(err)
	}
	j, err := s.Claim(ctx, "ingest", "dead", -time.Second)
	if err != nil || j == nil {
		t.Fatal(j, err)
	}
	j2, err := s.Claim(ctx, "ingest", "alive", time.Minute)
	if err != nil || j2 == nil || j2.ID != j.ID || j2.Attempts != 2 {
		t.Fatalf("reclaim = %+v, %v; want job %d on its second attempt", j2, err, j.ID)
	}
	counts, err := s.QueueCounts(ctx, "ingest")
	if err != nil || counts["done"] != n || counts["running"] != 1 {
		t.Fatalf("counts = %v, %v", counts, err)
	}
}

// TestConcurrentMigrations: nodes opening a fresh database at once apply
// the schema once (the advisory lock orders them).
func TestConcurrentMigrations(t *testing.T) {
	u := freshURL(t, "")
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(context.Background(), u, Options{})
			if err != nil {
				t.Error(err)
				return
			}
			s.Close()
		}()
	}
	wg.Wait()
}
