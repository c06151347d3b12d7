package server

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seogo/seogo"
	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/store/storetest"
)

// TestSharedQueueAcrossNodes runs two servers on one PostgreSQL database,
// each with its own data folder, as two stateless nodes: A only answers
// (NoIngest), B only works. A file uploaded to A is ingested by B from the
// queue (A keeps nothing B needs), both report the job's progress, and the
// documents answer searches on either node with their access groups.
func TestSharedQueueAcrossNodes(t *testing.T) {
	url := storetest.PostgresURL(t, "")
	node := func(opt Options) *testServer {
		return newTestServer(t, opt, func(c *seogo.Config) { c.Store = url })
	}
	a := node(Options{NoIngest: true})
	b := node(Options{})
	if a.jobs.shared == nil || b.jobs.shared == nil {
		t.Fatal("a PostgreSQL store must give the server a shared queue")
	}
	if a.dataDir == b.dataDir {
		t.Fatal("the nodes must not share a data folder")
	}

	// upload waits for the job through A, which reads it from the queue.
	done := a.upload(t, "default", "", "", file{"환불.md", docRefund}, file{"배송.md", docDelivery}, file{"빈.txt", ""})
	job := done
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if done.Status != JobDone || done.Done != 3 || done.Summary == nil || done.Summary.Added != 2 {
		t.Fatalf("finished: %+v %+v", done, done.Summary)
	}
	for _, f := range done.Summary.Files {
		if strings.ContainsAny(f.Path, `/\`) {
			t.Errorf("the summary shows a server path: %q", f.Path)
		}
	}
	// B ran every file; B's copy of the upload is where A's would be.
	rows, err := a.jobs.shared.q.BatchJobs(ctx, ingestQueue, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Worker != b.jobs.shared.worker || r.State != store.JobDone || r.Attempts != 1 {
			t.Errorf("job %s: state %s worker %q attempts %d (B is %q)", r.Payload, r.State, r.Worker, r.Attempts, b.jobs.shared.worker)
		}
	}
	if !fileExists(filepath.Join(b.uploadDir("default"), "환불.md")) {
		t.Error("B has no copy of the file it ingested")
	}
	// Either node reports the job, and answers from the documents.
	if got, ok := b.jobs.get(job.ID, principal{}); !ok || got.Status != JobDone {
		t.Fatalf("B's view of A's job: %+v %v", got, ok)
	}
	for _, n := range []*testServer{a, b} {
		res, raw := n.do(t, "POST", "/api/v1/search", "", `{"query":"환불은 며칠 안에 신청하나요?","k":1}`)
		if res.StatusCode != 200 || !strings.Contains(string(raw), "7일 이내") {
			t.Fatalf("search on a node: %d %s", res.StatusCode, raw)
		}
	}

	// B leaves; C, with yet another data folder, takes over. The same file
	// uploaded again is the same document (unchanged, not a duplicate),
	// and a changed one replaces it.
	b.jobs.stop()
	c := node(Options{})
	done = a.upload(t, "default", "", "", file{"환불.md", docRefund})
	if done.Summary == nil || done.Summary.Unchanged != 1 {
		t.Fatalf("re-upload: %+v", done.Summary)
	}
	done = a.upload(t, "default", "", "", file{"환불.md", docRefund + "\n반품 배송비는 고객이 냅니다.\n"})
	if done.Summary == nil || done.Summary.Updated != 1 {
		t.Fatalf("changed upload: %+v", done.Summary)
	}
	rows, _ = c.jobs.shared.q.BatchJobs(ctx, ingestQueue, done.ID)
	if len(rows) != 1 || rows[0].Worker != c.jobs.shared.worker {
		t.Fatalf("the changed upload ran on %+v, not C", rows)
	}
	colls, err := b.eng.Collections(ctx)
	if err != nil || len(colls) != 1 || colls[0].Documents != 2 {
		t.Fatalf("collections after the re-upload: %+v %v", colls, err)
	}
}
