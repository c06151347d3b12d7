package server

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestUploadIngestSearchAsk(t *testing.T) {
	ts := newTestServer(t, Options{})
	job := ts.upload(t, "default", "", "",
		file{"배송안내.md", docDelivery}, file{"환불.txt", docRefund}, file{"image.bin", "\x00\x01\x02\x03binary\x00"})
	if job.Status != JobDone || job.Summary == nil {
		t.Fatalf("job: %+v", job)
	}
	if job.Summary.Added != 2 || job.Summary.Skipped != 1 {
		t.Fatalf("summary: %+v", job.Summary)
	}
	for _, f := range job.Summary.Files {
		if strings.Contains(f.Path, "/") {
			t.Errorf("summary leaks a server path: %q", f.Path)
		}
		if f.Path == "image.bin" && (f.Status != "skipped" || f.Reason == "") {
			t.Errorf("binary file: %+v", f)
		}
	}

	res, raw := ts.do(t, "GET", "/api/v1/collections/default/documents?q=배송", "", nil)
	var docs struct{ Documents []docView }
	mustJSON(t, raw, &docs)
	if res.StatusCode != 200 || len(docs.Documents) != 1 || docs.Documents[0].Name != "배송안내.md" {
		t.Fatalf("documents: %d %s", res.StatusCode, raw)
	}

	res, raw = ts.do(t, "POST", "/api/v1/search", "", `{"query":"배송 상태 조회","k":3,"explain":true}`)
	var sr struct {
		Mode    string
		Hits    []hitView
		Explain map[string]json.RawMessage
	}
	mustJSON(t, raw, &sr)
	if res.StatusCode != 200 || len(sr.Hits) == 0 || sr.Hits[0].Name != "배송안내.md" {
		t.Fatalf("search: %d %s", res.StatusCode, raw)
	}
	for _, m := range []string{"keyword", "semantic", "hybrid"} {
		var hs []hitView
		if err := json.Unmarshal(sr.Explain[m], &hs); err != nil || len(hs) == 0 {
			t.Errorf("explain %s: %s", m, sr.Explain[m])
		}
	}

	res, raw = ts.do(t, "POST", "/api/v1/ask", "", `{"question":"환불은 며칠 이내에 신청할 수 있나요?"}`)
	var ans answerView
	mustJSON(t, raw, &ans)
	if res.StatusCode != 200 || ans.NotFound || !strings.Contains(ans.Answer, "7일") || len(ans.Citations) == 0 {
		t.Fatalf("ask: %d %s", res.StatusCode, raw)
	}

	// The citation opens its passage: the cited byte range of the document
	// text is the citation's text.
	c := ans.Citations[0]
	res, raw = ts.do(t, "GET", "/api/v1/collections/default/documents/"+c.DocID+"/text", "", nil)
	var dt struct {
		Document docView
		Text     string
	}
	mustJSON(t, raw, &dt)
	if res.StatusCode != 200 || dt.Text[c.Start:c.End] != c.Text || dt.Document.Name != "환불.txt" {
		t.Fatalf("document text: %d, span %q vs %q", res.StatusCode, dt.Text[c.Start:min(c.End, len(dt.Text))], c.Text)
	}

	// Streaming: deltas, then the whole answer.
	req, _ := http.NewRequest("POST", ts.url+"/api/v1/ask", strings.NewReader(`{"question":"배송은 며칠 걸리나요?","stream":true}`))
	req.Header.Set("Content-Type", "application/json")
	sres, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	events := sseEvents(t, sres.Body)
	sres.Body.Close()
	if !strings.HasPrefix(sres.Header.Get("Content-Type"), "text/event-stream") || len(events) < 2 {
		t.Fatalf("stream: %s %v", sres.Header.Get("Content-Type"), events)
	}
	var text strings.Builder
	for _, e := range events[:len(events)-1] {
		var d struct{ Text string }
		mustJSON(t, []byte(e[1]), &d)
		if e[0] != "delta" {
			t.Fatalf("event %q before the answer", e[0])
		}
		text.WriteString(d.Text)
	}
	last := events[len(events)-1]
	mustJSON(t, []byte(last[1]), &ans)
	if last[0] != "answer" || text.String() != ans.Answer || !strings.Contains(ans.Answer, "2일") {
		t.Fatalf("streamed %q, answer %q (%s)", text.String(), ans.Answer, last[0])
	}

	// Delete a document: gone from the list and from search.
	id := docs.Documents[0].ID
	if res, raw = ts.do(t, "DELETE", "/api/v1/collections/default/documents/"+id, "", nil); res.StatusCode != 200 {
		t.Fatalf("delete: %d %s", res.StatusCode, raw)
	}
	if res, _ = ts.do(t, "GET", "/api/v1/collections/default/documents/"+id+"/text", "", nil); res.StatusCode != 404 {
		t.Fatalf("deleted document text: %d", res.StatusCode)
	}
	if fileExists(filepath.Join(ts.uploadDir("default"), "배송안내.md")) {
		t.Error("the uploaded copy of a deleted document is still there")
	}

	// The metrics saw it.
	_, raw = ts.do(t, "GET", "/metrics", "", nil)
	for _, want := range []string{`seogo_http_request_duration_seconds_bucket{code="200",route="POST /api/v1/search"`,
		`seogo_ingest_files_total{status="added"} 2`, `seogo_answers_total{generator="extractive",outcome="answered"}`} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestCollectionsCRUD(t *testing.T) {
	ts := newTestServer(t, Options{})
	if res, raw := ts.do(t, "POST", "/api/v1/collections", "", `{"name":"사내규정"}`); res.StatusCode != 201 {
		t.Fatalf("create: %d %s", res.StatusCode, raw)
	}
	if res, _ := ts.do(t, "POST", "/api/v1/collections", "", `{"name":"사내규정"}`); res.StatusCode != 409 {
		t.Fatalf("create twice: %d", res.StatusCode)
	}
	if res, _ := ts.do(t, "POST", "/api/v1/collections", "", `{"name":"../etc"}`); res.StatusCode != 400 {
		t.Fatalf("bad name: %d", res.StatusCode)
	}
	ts.upload(t, "사내규정", "", "", file{"환불.txt", docRefund})
	_, raw := ts.do(t, "GET", "/api/v1/collections", "", nil)
	if !strings.Contains(string(raw), `"name":"사내규정"`) || !strings.Contains(string(raw), `"documents":1`) {
		t.Fatalf("list: %s", raw)
	}
	if res, _ := ts.do(t, "DELETE", "/api/v1/collections/사내규정", "", nil); res.StatusCode != 200 {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if res, _ := ts.do(t, "GET", "/api/v1/collections/사내규정", "", nil); res.StatusCode != 404 {
		t.Fatalf("deleted collection: %d", res.StatusCode)
	}
	if fileExists(ts.uploadDir("사내규정")) {
		t.Error("uploads of a deleted collection remain")
	}
	// Errors are bilingual, in the request's language.
	res, raw := ts.do(t, "POST", "/api/v1/search?lang=en", "", `{"collection":"nope","query":"x"}`)
	var e struct{ Error apiError }
	mustJSON(t, raw, &e)
	if res.StatusCode != 404 || !strings.Contains(e.Error.Message, "does not exist") || !strings.Contains(e.Error.MessageKo, "없습니다") {
		t.Fatalf("error: %d %s", res.StatusCode, raw)
	}
}

func TestUploadNamesAndLimits(t *testing.T) {
	ts := newTestServer(t, Options{MaxUploadBytes: 64 << 10})
	job := ts.upload(t, "default", "", "", file{"../../../etc/evil.txt", docRefund}, file{`..\..\win.txt`, docDelivery})
	if job.Status != JobDone || job.Summary.Added != 2 {
		t.Fatalf("job: %+v", job)
	}
	for _, n := range []string{"evil.txt", "win.txt"} {
		if !fileExists(filepath.Join(ts.uploadDir("default"), n)) {
			t.Errorf("%s not stored inside the upload folder", n)
		}
	}
	if fileExists(filepath.Join(filepath.Dir(ts.dataDir), "etc", "evil.txt")) {
		t.Fatal("path traversal through the upload name")
	}
	big := strings.Repeat("가나다라마바사 ", 10000)
	res, raw := ts.do(t, "POST", "/api/v1/collections/default/documents", "", []file{{"big.txt", big}})
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized upload: %d %s", res.StatusCode, raw)
	}
	entries, _ := os.ReadDir(ts.uploadDir("default"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".upload-") || e.Name() == "big.txt" {
			t.Errorf("a cut-off upload left %s", e.Name())
		}
	}
	if res, _ := ts.do(t, "POST", "/api/v1/search", "", strings.Repeat(" ", 2<<20)); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized JSON body: %d", res.StatusCode)
	}
	for in, want := range map[string]string{"a/b/c.txt": "c.txt", "보고서 v2.docx": "보고서 v2.docx", ".hidden": "hidden",
		"x\x00y.txt": "x_y.txt", "..": "", "con:x?.md": "con_x_.md"} {
		got, ok := safeName(in)
		if got != want || ok != (want != "") {
			t.Errorf("safeName(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestLocalModeRefusals(t *testing.T) {
	ts := newTestServer(t, Options{})
	req, _ := http.NewRequest("GET", ts.url+"/api/v1/collections", nil)
	req.Host = "evil.example:80" // DNS rebinding to 127.0.0.1
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("foreign Host: %d", res.StatusCode)
	}
	req, _ = http.NewRequest("POST", ts.url+"/api/v1/collections", strings.NewReader(`{"name":"x"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://evil.example")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d", res.StatusCode)
	}
	req, _ = http.NewRequest("POST", ts.url+"/api/v1/search", strings.NewReader(`{"query":"x"}`))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res, err = http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("a form-encoded body: %v %v", err, res.StatusCode)
	}
	// A public address without keys is refused before listening.
	s2, err := New(ts.eng, Options{Addr: "0.0.0.0:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.jobs.stop()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = s2.Serve(ctx, nil)
	if err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Fatalf("Serve on 0.0.0.0 without keys: %v", err)
	}
	// Security headers on the UI.
	res, raw := ts.do(t, "GET", "/", "", nil)
	csp := res.Header.Get("Content-Security-Policy")
	if res.StatusCode != 200 || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") ||
		!strings.Contains(csp, "frame-ancestors 'none'") || res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("UI headers: %d %v", res.StatusCode, res.Header)
	}
	if !strings.Contains(string(raw), "app.js") {
		t.Error("index does not load app.js")
	}
}

func TestGracefulShutdownAndHealth(t *testing.T) {
	ts := newTestServer(t, Options{})
	s := ts.Server
	s.opt.Addr = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, func(a string) { addrc <- a }) }()
	addr := <-addrc
	for _, p := range []string{"/healthz", "/readyz"} {
		res, err := http.Get("http://" + addr + p)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("%s: %v %v", p, err, res)
		}
		res.Body.Close()
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
}
