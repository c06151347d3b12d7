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

// TestJobBatchesAndData: jobs carry a batch and the file's bytes; the
// lease holder alone can extend; completion keeps the result and drops the
// bytes; a batch lists its jobs with their states.
func TestJobBatchesAndData(t *testing.T) {
	s := openFresh(t, "")
	defer s.Close()
	ctx := context.Background()
	files := map[string][]byte{"환불.md": []byte("# 환불\n7일 이내"), "빈파일.txt": {}, "bin.pdf": {0, 1, 2, 0xff}}
	for _, name := range []string{"환불.md", "빈파일.txt", "bin.pdf"} {
		added, err := s.EnqueueJob(ctx, Job{Queue: "ingest", Batch: "b1", Payload: name, Data: files[name]}, "b1/"+name)
		if err != nil || !added {
			t.Fatalf("enqueue %s: %v %v", name, added, err)
		}
	}
	if added, err := s.EnqueueJob(ctx, Job{Queue: "ingest", Batch: "b1", Payload: "환불.md"}, "b1/환불.md"); err != nil || added {
		t.Fatalf("duplicate enqueued: %v %v", added, err)
	}
	j, err := s.Claim(ctx, "ingest", "node-a", time.Minute)
	if err != nil || j == nil {
		t.Fatal(j, err)
	}
	if j.Batch != "b1" || j.Payload != "환불.md" || string(j.Data) != string(files["환불.md"]) || j.Worker != "node-a" || j.Attempts != 1 || j.State != "running" {
		t.Fatalf("claimed %+v", j)
	}
	if err := s.Extend(ctx, j.ID, "node-b", time.Minute); err == nil {
		t.Fatal("another node extended node-a's lease")
	}
	if err := s.Extend(ctx, j.ID, "node-a", time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := s.CompleteJob(ctx, j.ID, `{"added":1}`); err != nil {
		t.Fatal(err)
	}
	j2, _ := s.Claim(ctx, "ingest", "node-b", time.Minute)
	if j2 == nil || j2.Payload != "빈파일.txt" || len(j2.Data) != 0 {
		t.Fatalf("second claim %+v", j2)
	}
	if err := s.Fail(ctx, j2.ID, errors.New("깨진 파일"), 1); err != nil {
		t.Fatal(err)
	}
	jobs, err := s.BatchJobs(ctx, "ingest", "b1")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range jobs {
		got = append(got, fmt.Sprintf("%s:%s:%s:%s:%s", x.Payload, x.State, x.Worker, x.Result, x.Error))
		if x.Data != nil {
			t.Errorf("BatchJobs returned data for %s", x.Payload)
		}
	}
	want := []string{`환불.md:done:node-a:{"added":1}:`, "빈파일.txt:failed:node-b::깨진 파일", "bin.pdf:queued:::"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("batch:\n got %q\nwant %q", got, want)
	}
	var kept int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM seogo_jobs WHERE data IS NOT NULL`).Scan(&kept); err != nil || kept != 1 {
		t.Fatalf("rows still holding data: %d (%v), want only the queued one", kept, err)
	}
	if other, _ := s.BatchJobs(ctx, "ingest", "b2"); len(other) != 0 {
		t.Fatalf("batch b2: %+v", other)
	}
}
