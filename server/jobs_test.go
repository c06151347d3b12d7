package server

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/seogo/seogo"
)

// TestFinishedJobsSurviveRestart: a finished job is still listed, with its
// summary, by the next server on the same data folder, and is not run
// again.
func TestFinishedJobsSurviveRestart(t *testing.T) {
	ts := newTestServer(t, Options{})
	job := ts.upload(t, "default", "", "", file{"환불.md", docRefund})
	if job.Status != JobDone || job.Summary == nil || job.Summary.Added != 1 {
		t.Fatalf("job: %+v", job)
	}
	ts.jobs.stop()
	cfg := ts.eng.Config()
	ts.eng.Close()

	eng, err := seogo.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	s, err := New(eng, Options{RatePerSecond: -1})
	if err != nil {
		t.Fatal(err)
	}
	s.SetLoopback(true)
	defer s.jobs.stop()
	hs := httptest.NewServer(s)
	defer hs.Close()
	again := &testServer{Server: s, eng: eng, url: hs.URL, hs: hs}
	res, raw := again.do(t, "GET", "/api/v1/jobs/"+job.ID, "", nil)
	var got Job
	mustJSON(t, raw, &got)
	if res.StatusCode != 200 || got.Status != JobDone || got.Summary == nil || got.Summary.Added != 1 || len(got.Files) != 1 {
		t.Fatalf("after restart: %d %s", res.StatusCode, raw)
	}
	res, raw = again.do(t, "GET", "/api/v1/jobs", "", nil)
	var list struct{ Jobs []Job }
	mustJSON(t, raw, &list)
	if res.StatusCode != 200 || len(list.Jobs) != 1 || list.Jobs[0].ID != job.ID {
		t.Fatalf("list after restart: %s", raw)
	}
}
