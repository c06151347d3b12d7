package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/seogo/seogo/store/storetest"
)

// TestTwoServeNodes runs two real `seogo serve` processes on one PostgreSQL
// database. Both are sent the same 200 files at once, in batches; one is
// killed with SIGKILL while the uploads and ingests are under way. The
// survivor finishes every batch the dead node had accepted (its jobs' leases
// run out and are claimed again), and every file is stored exactly once.
func TestTwoServeNodes(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two servers")
	}
	pg := storetest.PostgresURL(t, "")
	const files, batch = 200, 20
	body := func(i int) string {
		return fmt.Sprintf("# 문서 %03d\n\n%03d번 문서는 부서 %d 의 업무 안내입니다. 담당 번호는 %d 입니다.\n", i, i, i%7, 1000+i)
	}
	nodes := []*serveProc{
		startServe(t, t.TempDir(), "--store", pg, "--job-lease", "3s"),
		startServe(t, t.TempDir(), "--store", pg, "--job-lease", "3s"),
	}
	upload := func(p *serveProc, from int) (string, error) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for i := from; i < from+batch; i++ {
			w, _ := mw.CreateFormFile("files", fmt.Sprintf("f%03d.md", i))
			w.Write([]byte(body(i)))
		}
		mw.Close()
		res, err := http.Post(p.base+"/api/v1/collections/default/documents", mw.FormDataContentType(), &buf)
		if err != nil {
			return "", err
		}
		defer res.Body.Close()
		var job struct{ ID string }
		if err := json.NewDecoder(res.Body).Decode(&job); err != nil || res.StatusCode != http.StatusAccepted {
			return "", fmt.Errorf("upload: %d %v", res.StatusCode, err)
		}
		return job.ID, nil
	}
	var mu sync.Mutex
	var accepted []string // batches some node took on
	var wg sync.WaitGroup
	for n, p := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for from := 0; from < files; from += batch {
				id, err := upload(p, from)
				if err != nil {
					if n == 0 {
						return // the node was killed
					}
					t.Error(err)
					return
				}
				mu.Lock()
				accepted = append(accepted, id)
				killNow := n == 0 && len(accepted) == 4
				mu.Unlock()
				if killNow {
					_ = p.cmd.Process.Kill() // mid-upload, with ingest jobs claimed
				}
			}
		}()
	}
	wg.Wait()
	if len(accepted) < files/batch {
		t.Fatalf("only %d batches were accepted", len(accepted))
	}

	// The survivor reports every accepted batch, the dead node's included,
	// as done.
	survivor := nodes[1]
	deadline := time.Now().Add(2 * time.Minute)
	for _, id := range accepted {
		for {
			code, raw := survivor.get(t, "/api/v1/jobs/"+id, "")
			var job struct {
				Status string
				Done   int
				Total  int
			}
			_ = json.Unmarshal([]byte(raw), &job)
			if code == 200 && job.Status == "done" && job.Done == batch {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("batch %s never finished: %d %s", id, code, raw)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	var docs []struct{ Source string }
	docs = decode[[]struct{ Source string }](t, runSeogo(t, t.TempDir(), "docs", "list", "--store", pg, "--json"))
	seen := map[string]int{}
	for _, d := range docs {
		seen[d.Source]++
	}
	for i := 0; i < files; i++ {
		if src := fmt.Sprintf("upload:default/f%03d.md", i); seen[src] != 1 {
			t.Errorf("%s stored %d times", src, seen[src])
		}
	}
	if len(docs) != files {
		t.Fatalf("%d documents, want %d", len(docs), files)
	}
	code, raw := survivor.call(t, "POST", "/api/v1/search", "", `{"query":"137번 문서","k":1,"mode":"keyword"}`)
	if code != 200 || !bytes.Contains([]byte(raw), []byte("f137.md")) {
		t.Fatalf("search on the survivor: %d %.300s", code, raw)
	}
	survivor.stop(t)
}
