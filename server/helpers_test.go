package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seogo/seogo"
)

// Korean test documents: each answers one question, in its own words.
const (
	docDelivery = `# 배송 안내

## 배송 조회
주문한 상품의 배송 상태는 마이페이지의 주문 내역에서 확인할 수 있습니다. 송장 번호를 누르면 택배사의 배송 조회 화면으로 이동합니다.

## 배송 기간
일반 배송은 결제 후 영업일 기준 2일에서 3일이 걸립니다. 제주와 도서 산간 지역은 하루에서 이틀이 더 걸립니다.
`
	docRefund = `# 환불 규정

## 환불 기한
상품을 받은 날부터 7일 이내에 환불을 신청할 수 있습니다. 포장을 뜯은 소프트웨어는 환불할 수 없습니다.
`
	docSalary = `# 임원 연봉표

## 비밀 보상
대표이사의 연봉은 구억칠천만원이며 성과급 비율은 사십 퍼센트입니다. 이 문서는 인사팀만 볼 수 있습니다.
`
	docXSS = `# 보안 점검 문서

스크립트 시험 문장 <script>window.__xss=1</script> 그리고 <img src=x onerror="window.__xss=2"> 태그가 본문에 그대로 있습니다. 보안 점검 결과는 모두 통과입니다.
`
)

type testServer struct {
	*Server
	eng *seogo.Engine
	url string
	hs  *httptest.Server
}

// newTestServer opens an engine in a fresh data directory and serves it on
// a loopback test listener.
func newTestServer(t *testing.T, opt Options, edit ...func(*seogo.Config)) *testServer {
	t.Helper()
	cfg := seogo.DefaultConfig()
	cfg.DataDir = filepath.Join(t.TempDir(), ".seogo") // hidden, like the default
	cfg.Lang = "ko"
	cfg.Ingest.Workers = 2
	for _, e := range edit {
		e(&cfg)
	}
	ctx := context.Background()
	eng, err := seogo.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if opt.RatePerSecond == 0 {
		opt.RatePerSecond = -1
	}
	s, err := New(eng, opt)
	if err != nil {
		t.Fatal(err)
	}
	s.SetLoopback(true)
	hs := httptest.NewServer(s)
	t.Cleanup(func() {
		hs.Close()
		s.jobs.stop()
		eng.Close()
	})
	return &testServer{Server: s, eng: eng, url: hs.URL, hs: hs}
}

type file struct{ name, body string }

// do sends a request; body may be nil, a string (JSON) or a *multipartBody.
func (ts *testServer) do(t *testing.T, method, path, key string, body any) (*http.Response, []byte) {
	t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, ct = strings.NewReader(b), "application/json"
	case *bytes.Buffer:
		rd = b
	case []file:
		buf, typ := multipartFiles(t, b, "")
		rd, ct = buf, typ
	}
	req, err := http.NewRequest(method, ts.url+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res, raw
}

func multipartFiles(t *testing.T, files []file, groups string) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if groups != "" {
		_ = mw.WriteField("groups", groups)
	}
	for _, f := range files {
		w, err := mw.CreateFormFile("file", f.name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.WriteString(w, f.body)
	}
	_ = mw.Close()
	return &buf, mw.FormDataContentType()
}

// upload sends files (with access groups) and waits for the ingest job.
func (ts *testServer) upload(t *testing.T, coll, key, groups string, files ...file) Job {
	t.Helper()
	buf, ct := multipartFiles(t, files, groups)
	req, _ := http.NewRequest("POST", ts.url+"/api/v1/collections/"+coll+"/documents", buf)
	req.Header.Set("Content-Type", ct)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusAccepted {
		t.Fatalf("upload: %d %s", res.StatusCode, raw)
	}
	var job Job
	mustJSON(t, raw, &job)
	// No deadline of its own: the machine may be loaded, and go test's
	// -timeout bounds a job that never ends.
	done, err := ts.jobs.wait(t.Context(), job.ID)
	if err != nil {
		t.Fatal(err)
	}
	return done
}

func mustJSON(t *testing.T, raw []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("decoding %s: %v", raw, err)
	}
}

// sseEvents reads server-sent events as (event, data) pairs.
func sseEvents(t *testing.T, r io.Reader) [][2]string {
	t.Helper()
	var out [][2]string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	ev := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			ev = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			out = append(out, [2]string{ev, strings.TrimPrefix(line, "data: ")})
			ev = ""
		}
	}
	return out
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }
