package server

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
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
	t.Run("direct", func(t *testing.T) { sharedQueueAcrossNodes(t, storetest.PostgresURL(t, "")) })
	t.Run("through_pgbouncer", func(t *testing.T) {
		sharedQueueAcrossNodes(t, storetest.PgBouncerURL(t, "seogo_pgbouncer=true"))
	})
}

func sharedQueueAcrossNodes(t *testing.T, url string) {
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

// TestSharedKeys: on a shared store the API keys live in the database, so
// a key made through one node opens every node, a revocation on any node
// closes them all within seconds, and keys created at once from several
// nodes are all kept (compare-and-set, retried).
func TestSharedKeys(t *testing.T) {
	url := storetest.PostgresURL(t, "")
	a := newTestServer(t, Options{}, func(c *seogo.Config) { c.Store = url })
	b := newTestServer(t, Options{}, func(c *seogo.Config) { c.Store = url })
	k, secret, err := a.Keys().Create(Key{Role: RoleReader, Name: "포털"})
	if err != nil {
		t.Fatal(err)
	}
	if fileExists(filepath.Join(a.dataDir, KeysFile)) {
		t.Fatal("a shared store's keys were written to the data folder")
	}
	status := func(n *testServer, key string) int {
		res, _ := n.do(t, "GET", "/api/v1/me", key, nil)
		return res.StatusCode
	}
	eventually := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); !ok(); {
			if time.Now().After(deadline) {
				t.Fatal(what)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	// Until B sees a key it is an open loopback node, so "B checks keys"
	// is: a made-up key refused and the real one accepted.
	eventually("node B never checked the key made on A", func() bool { return status(b, "sg_nope_00") == 401 && status(b, secret) == 200 })
	// Another key stays, so the nodes keep checking keys (with none left a
	// loopback node is open, as a fresh install is).
	if _, _, err := b.Keys().Create(Key{Role: RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	if err := b.Keys().Revoke(k.ID); err != nil {
		t.Fatal(err)
	}
	eventually("node A still accepts the key revoked on B", func() bool { return status(a, secret) == 401 })

	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := []*testServer{a, b}[i%2]
			if _, _, err := n.Keys().Create(Key{Role: RoleEditor, Name: "동시 " + strconv.Itoa(i)}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	keys, err := a.Keys().List()
	if err != nil || len(keys) != 9 {
		t.Fatalf("after 8 concurrent creates on two nodes: %d keys (%v), want the admin key and 8", len(keys), err)
	}
}
