package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/unicode/norm"
)

// The end-to-end tests run the real seogo binary, built once, on real files.
var seogoBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "seogo-e2e-bin-*")
	if err != nil {
		panic(err)
	}
	seogoBin = filepath.Join(dir, "seogo")
	if runtime.GOOS == "windows" {
		seogoBin += ".exe"
	}
	build := exec.Command("go", "build", "-o", seogoBin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("building seogo: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// runSeogo runs the binary with args in dir, with a clean SEOGO_* environment.
func runSeogo(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return runSeogoEnv(t, dir, nil, args...)
}

// runSeogoEnv is runSeogo with extra environment variables ("K=V").
func runSeogoEnv(t *testing.T, dir string, extra []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(seogoBin, args...)
	cmd.Dir = dir
	env := []string{"HOME=" + dir, "PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8", "TMPDIR=" + os.TempDir()}
	cmd.Env = append(env, extra...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running seogo %.200q: %v", strings.Join(args, " "), err)
	}
	return result{out.String(), errb.String(), code}
}

func mustOK(t *testing.T, r result) {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
}

func decode[T any](t *testing.T, r result) T {
	t.Helper()
	mustOK(t, r)
	var v T
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatalf("bad JSON %v:\n%s", err, r.stdout)
	}
	return v
}

type ingestJSON struct {
	Added, Updated, Unchanged, Skipped, Removed, Failed, Chunks int
	Files                                                       []struct {
		Path, Status, Reason, Detail string
		Notes                        []string
	}
}

type hitJSON struct {
	Chunk struct {
		ID       string   `json:"id"`
		Text     string   `json:"text"`
		Headings []string `json:"headings"`
	} `json:"chunk"`
	Doc struct {
		ID     string `json:"id"`
		Source string `json:"source"`
	} `json:"doc"`
}

type answerJSON struct {
	Answer    string `json:"answer"`
	NotFound  bool   `json:"not_found"`
	Generator string `json:"generator"`
	Citations []struct {
		N          int
		Doc        string
		Source     string `json:"path"`
		Headings   []string
		Start, End int
		CharStart  int `json:"char_start"`
		CharEnd    int `json:"char_end"`
		Text       string
	}
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

const guideMD = `# 배송 안내

## 배송 상태 확인

주문하신 상품의 배송 상태는 마이페이지의 주문 내역에서 확인할 수 있습니다. 송장 번호를 누르면 택배사의 조회 화면으로 이동합니다.

## 반품 절차

반품은 상품을 받은 날부터 7일 이내에 신청해야 합니다. 고객센터(1588-0000)로 연락하면 회수 기사가 방문합니다.
`

// corpus writes a folder with every supported format and every kind of bad file.
func corpus(t *testing.T) string {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	write(t, filepath.Join(docs, "배송안내.md"), []byte(guideMD))
	euckr, err := korean.EUCKR.NewEncoder().Bytes([]byte("회사의 연차 휴가는 입사 첫해에 열하루가 주어집니다. 휴가 신청은 인사팀에 합니다.\n"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(docs, "연차규정.txt"), euckr)
	write(t, filepath.Join(docs, "nfd.txt"), []byte(norm.NFD.String("서고는 한국어 문서를 검색하는 프로그램입니다. 설치 없이 바로 실행됩니다.\n")))
	write(t, filepath.Join(docs, "page.html"), []byte(`<html><head><title>회사 소개</title><script>var hidden="스크립트비밀";</script><style>.x{}</style></head>
<body><h1>회사 소개</h1><p>우리 회사는 2001년 서울에서 설립되었습니다.</p><h2>연혁</h2><p>2010년 부산 지사를 열었습니다.</p></body></html>`))
	write(t, filepath.Join(docs, "직원.csv"), []byte("이름,부서,내선\n김철수,재무팀,2041\n이영희,\"개발팀, 플랫폼\",3310\n"))
	write(t, filepath.Join(docs, "faq.json"), []byte(`{"title":"자주 묻는 질문","items":[{"q":"비밀번호를 잊었어요","a":"로그인 화면의 비밀번호 찾기를 누르세요."}]}`))
	write(t, filepath.Join(docs, "log.jsonl"), []byte("{\"msg\":\"서버가 재시작되었습니다\"}\n{broken\n{\"msg\":\"백업이 끝났습니다\"}\n"))
	write(t, filepath.Join(docs, "empty.txt"), nil)
	write(t, filepath.Join(docs, "binary.txt"), []byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3, 0, 0, 0, 0xff, 0xfe, 0})
	write(t, filepath.Join(docs, ".hidden.md"), []byte("# 숨김\n숨은 파일은 색인하지 않습니다.\n"))
	write(t, filepath.Join(docs, "image.png"), []byte("\x89PNG\r\n\x1a\n"))
	write(t, filepath.Join(dir, "outside.txt"), []byte("폴더 밖의 비밀 파일입니다.\n"))
	if err := os.Symlink(filepath.Join(dir, "outside.txt"), filepath.Join(docs, "link.txt")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestEndToEndIngestSearchAsk(t *testing.T) {
	dir := corpus(t)
	sum := decode[ingestJSON](t, runSeogo(t, dir, "ingest", "docs", "--json"))
	if sum.Added != 7 || sum.Failed != 0 {
		t.Fatalf("want 7 added, 0 failed; got %+v", sum)
	}
	reasons := map[string]string{}
	for _, f := range sum.Files {
		if f.Status == "skipped" {
			reasons[filepath.Base(f.Path)] = f.Reason
		}
		if strings.Contains(f.Path, ".hidden") {
			t.Errorf("hidden file was visited: %+v", f)
		}
	}
	for _, name := range []string{"empty.txt", "binary.txt", "image.png", "link.txt"} {
		if reasons[name] == "" {
			t.Errorf("%s: want a skip with a reason, got %v", name, reasons)
		}
	}

	// Idempotent: nothing changed, nothing processed.
	again := decode[ingestJSON](t, runSeogo(t, dir, "ingest", "docs", "--json"))
	if again.Unchanged != 7 || again.Added+again.Updated != 0 {
		t.Fatalf("re-ingest: want 7 unchanged, got %+v", again)
	}

	type searchJSON struct{ Hits []hitJSON }
	cases := []struct {
		query, mode, wantFile string
	}{
		{"배송 상태 확인", "keyword", "배송안내.md"},
		{"배송 상태를 어디서 확인하나요", "hybrid", "배송안내.md"},
		{"연차 휴가 며칠", "keyword", "연차규정.txt"},                   // EUC-KR file, converted
		{norm.NFC.String("서고 검색 프로그램"), "keyword", "nfd.txt"}, // NFD file, NFC query
		{norm.NFD.String("한국어 문서를 검색"), "hybrid", "nfd.txt"},  // NFD query
		{"부산 지사", "semantic", "page.html"},
		{"개발팀 플랫폼 내선", "keyword", "직원.csv"},
		{"비밀번호 찾기", "keyword", "faq.json"},
		{"백업", "keyword", "log.jsonl"},
	}
	for _, c := range cases {
		res := decode[searchJSON](t, runSeogo(t, dir, "search", c.query, "--mode", c.mode, "--json", "--explain"))
		if len(res.Hits) == 0 || filepath.Base(res.Hits[0].Doc.Source) != c.wantFile {
			t.Errorf("search %q (%s): want top hit in %s, got %+v", c.query, c.mode, c.wantFile, res.Hits)
		}
	}
	// Scripts never leak into the index.
	for _, h := range decode[searchJSON](t, runSeogo(t, dir, "search", "스크립트비밀", "--mode", "keyword", "--json", "-k", "20")).Hits {
		if strings.Contains(h.Chunk.Text, "스크립트") {
			t.Errorf("script content indexed: %q", h.Chunk.Text)
		}
	}
	// Heading path on the chunk.
	res := decode[searchJSON](t, runSeogo(t, dir, "search", "반품 신청 기간", "--json", "-k", "1"))
	if len(res.Hits) != 1 || strings.Join(res.Hits[0].Chunk.Headings, "/") != "배송 안내/반품 절차" {
		t.Errorf("want heading path 배송 안내/반품 절차, got %+v", res.Hits)
	}

	// ask: answer with a citation whose offsets point into the document text.
	ans := decode[answerJSON](t, runSeogo(t, dir, "ask", "반품은 언제까지 신청해야 하나요?", "--json"))
	if ans.NotFound || !strings.Contains(ans.Answer, "7일") || !strings.Contains(ans.Answer, "[1]") || ans.Generator != "extractive" {
		t.Fatalf("ask: want an answer with 7일 and [1], got %+v", ans)
	}
	c := ans.Citations[0]
	if filepath.Base(c.Source) != "배송안내.md" || strings.Join(c.Headings, "/") != "배송 안내/반품 절차" {
		t.Errorf("citation source/headings: %+v", c)
	}
	if c.Start < 0 || c.End > len(guideMD) || c.Start >= c.End || !strings.Contains(guideMD[c.Start:c.End], "7일") {
		t.Errorf("citation byte range [%d,%d) does not cover the answer in the file", c.Start, c.End)
	} else if c.CharStart != utf8.RuneCountInString(guideMD[:c.Start]) {
		t.Errorf("citation char start %d, want %d", c.CharStart, utf8.RuneCountInString(guideMD[:c.Start]))
	}
	nf := decode[answerJSON](t, runSeogo(t, dir, "ask", "What is the airspeed velocity of an unladen swallow?", "--json"))
	if !nf.NotFound || len(nf.Citations) != 0 {
		t.Errorf("unanswerable question: want not_found, got %+v", nf)
	}

	// A changed file is updated; a deleted file is pruned.
	write(t, filepath.Join(dir, "docs", "nfd.txt"), []byte("서고는 이제 웹 화면도 제공합니다.\n"))
	if err := os.Remove(filepath.Join(dir, "docs", "직원.csv")); err != nil {
		t.Fatal(err)
	}
	upd := decode[ingestJSON](t, runSeogo(t, dir, "ingest", "docs", "--prune", "--json"))
	if upd.Updated != 1 || upd.Removed != 1 || upd.Unchanged != 5 {
		t.Fatalf("after edit+delete: want 1 updated, 1 removed, 5 unchanged; got %+v", upd)
	}
	if res := decode[searchJSON](t, runSeogo(t, dir, "search", "개발팀 플랫폼 내선", "--mode", "keyword", "--json")); len(res.Hits) > 0 && filepath.Base(res.Hits[0].Doc.Source) == "직원.csv" {
		t.Errorf("pruned document still found")
	}
	if res := decode[searchJSON](t, runSeogo(t, dir, "search", "설치 없이 바로 실행", "--mode", "keyword", "--json")); len(res.Hits) > 0 && filepath.Base(res.Hits[0].Doc.Source) == "nfd.txt" && strings.Contains(res.Hits[0].Chunk.Text, "설치") {
		t.Errorf("old chunks of an updated document still found")
	}
}

func TestEndToEndFiltersAndDocs(t *testing.T) {
	dir := corpus(t)
	mustOK(t, runSeogo(t, dir, "ingest", "docs", "-q"))
	type searchJSON struct{ Hits []hitJSON }
	res := decode[searchJSON](t, runSeogo(t, dir, "search", "회사", "--json", "--filter", "format=html", "-k", "10"))
	if len(res.Hits) == 0 {
		t.Fatal("filter format=html: no hits")
	}
	for _, h := range res.Hits {
		if filepath.Ext(h.Doc.Source) != ".html" {
			t.Errorf("filter format=html let through %s", h.Doc.Source)
		}
	}
	res = decode[searchJSON](t, runSeogo(t, dir, "search", "회사", "--json", "--path-prefix", filepath.Join(dir, "docs", "연차"), "-k", "10"))
	for _, h := range res.Hits {
		if !strings.HasPrefix(filepath.Base(h.Doc.Source), "연차") {
			t.Errorf("path prefix let through %s", h.Doc.Source)
		}
	}
	docs := decode[[]struct{ ID, Source string }](t, runSeogo(t, dir, "docs", "list", "--json"))
	if len(docs) != 7 {
		t.Fatalf("docs list: want 7, got %d", len(docs))
	}
	mustOK(t, runSeogo(t, dir, "docs", "remove", docs[0].ID))
	docs2 := decode[[]struct{ ID string }](t, runSeogo(t, dir, "docs", "list", "--json"))
	if len(docs2) != 6 {
		t.Fatalf("after remove: want 6 docs, got %d", len(docs2))
	}
	colls := decode[[]struct {
		Name      string
		Documents int
	}](t, runSeogo(t, dir, "collections", "list", "--json"))
	if len(colls) != 1 || colls[0].Name != "default" || colls[0].Documents != 6 {
		t.Fatalf("collections: %+v", colls)
	}
	mustOK(t, runSeogo(t, dir, "collections", "create", "매뉴얼"))
	if r := runSeogo(t, dir, "collections", "delete", "매뉴얼"); r.code != 2 {
		t.Errorf("delete without --yes and without a terminal: want exit 2, got %d (%s)", r.code, r.stderr)
	}
	mustOK(t, runSeogo(t, dir, "collections", "delete", "매뉴얼", "--yes"))
}

func TestEndToEndErrorsAndExitCodes(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"unknown flag", []string{"search", "x", "--bogus"}, 2, "bogus"},
		{"missing argument", []string{"ask"}, 2, "arg"},
		{"missing collection", []string{"search", "배송"}, 1, "collections create"},
		{"missing collection ko", []string{"search", "배송", "--lang", "ko"}, 1, "컬렉션"},
		{"missing path", []string{"ingest", "no-such-folder"}, 1, "no-such-folder"},
		{"bad lang", []string{"search", "x", "--lang", "fr"}, 2, "--lang"},
		{"bad mode", []string{"search", "x", "--mode", "magic"}, 1, "magic"},
		{"bad collection name", []string{"-c", "a/b", "search", "x"}, 2, "a/b"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runSeogo(t, dir, c.args...)
			if r.code != c.code || !strings.Contains(r.stderr, c.inStderr) {
				t.Errorf("want exit %d and %q in stderr; got %d\n%s", c.code, c.inStderr, r.code, r.stderr)
			}
			if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine") {
				t.Errorf("panic escaped: %s", r.stderr)
			}
		})
	}
	write(t, filepath.Join(dir, "a.md"), []byte(guideMD))
	mustOK(t, runSeogo(t, dir, "ingest", "a.md", "-q"))
	long := strings.Repeat("배송 ", 14600) // 100 KB, under the kernel's 128 KB limit for one argument
	for _, q := range []string{long, "?!.,;:…", "   "} {
		r := runSeogo(t, dir, "search", q)
		if r.code != 1 || r.stderr == "" || strings.Contains(r.stderr, "panic") {
			t.Errorf("query %.20q: want a clear error with exit 1, got %d %q", q, r.code, r.stderr)
		}
	}
}
