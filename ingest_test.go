package seogo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/unicode/norm"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/store"
)

// openTestEngine opens an engine on a fresh data directory with the bigram
// analyzer (the dictionary-free one: quick to start) and closes it at the
// end of the test.
func openTestEngine(t *testing.T, edit ...func(*Config)) *Engine {
	t.Helper()
	cfg := DefaultConfig()
	cfg.DataDir, cfg.Analyzer = t.TempDir(), "bigram"
	for _, f := range edit {
		f(&cfg)
	}
	e, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// writeTree writes files (relative path → content) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func mustIngest(t *testing.T, e *Engine, opt IngestOptions, paths ...string) *IngestSummary {
	t.Helper()
	sum, err := e.Ingest(context.Background(), paths, opt)
	if err != nil {
		t.Fatalf("ingest %v: %v", paths, err)
	}
	return sum
}

// hitSources returns the distinct sources of query's keyword hits, best first.
func hitSources(t *testing.T, e *Engine, query string) []string {
	t.Helper()
	hits, err := e.Search(context.Background(), query, SearchOptions{Mode: "keyword", K: 10})
	if err != nil {
		t.Fatalf("search %q: %v", query, err)
	}
	var out []string
	for _, h := range hits {
		if !slices.Contains(out, h.Doc.Source) {
			out = append(out, h.Doc.Source)
		}
	}
	return out
}

func fileResult(t *testing.T, sum *IngestSummary, path string) FileResult {
	t.Helper()
	for _, f := range sum.Files {
		if f.Path == path {
			return f
		}
	}
	t.Fatalf("no result for %s in %+v", path, sum.Files)
	return FileResult{}
}

func docSources(t *testing.T, e *Engine) []string {
	t.Helper()
	docs, err := e.Documents(context.Background(), "", store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range docs {
		out = append(out, d.Source)
	}
	slices.Sort(out)
	return out
}

// TestIngestFileBadInput drives ingestFile directly with files that go wrong
// between the walk and the read: each is a skip with a reason, never a
// batch error.
func TestIngestFileBadInput(t *testing.T) {
	ctx := context.Background()
	e := openTestEngine(t)
	b, err := e.bind(ctx, "default", true)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tests := []struct {
		name       string
		content    []byte // nil: the file is removed after the walk
		preSkip    string // a skip the walk already decided
		wantReason string
		wantDetail string
	}{
		{"vanished after the walk", nil, "", loader.SkipUnreadable, "vanished"},
		{"empty", []byte{}, "", loader.SkipEmpty, ""},
		{"only blanks", []byte(" \n\t\r\n　\n"), "", loader.SkipEmpty, ""},
		{"binary named .txt", []byte("\x00\x01\x02\x03PK\x03\x04\x00\x00바이너리"), "", loader.SkipBinary, ""}, // the reason code says it; the CLI renders it
		{"skip decided by the walk", []byte("읽지 않음"), loader.SkipTooLarge, loader.SkipTooLarge, "너무 큼"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, fmt.Sprintf("파일%d.txt", i))
			if err := os.WriteFile(path, tt.content, 0o644); err != nil {
				t.Fatal(err)
			}
			f := loader.File{Path: path, Root: dir, Rel: filepath.Base(path), Size: int64(len(tt.content)),
				Format: "txt", Skip: tt.preSkip}
			if tt.preSkip != "" {
				f.Detail = "파일이 너무 큼"
			}
			if tt.content == nil {
				if err := os.Remove(path); err != nil {
					t.Fatal(err)
				}
			}
			res, size, err := e.ingestFile(ctx, b, f)
			if err != nil {
				t.Fatalf("a bad file stopped the batch: %v", err)
			}
			if res.Path != path || res.Status != StatusSkipped || res.Reason != tt.wantReason {
				t.Errorf("result %+v, want skipped %s for %s", res, tt.wantReason, path)
			}
			if !strings.Contains(res.Detail, tt.wantDetail) {
				t.Errorf("detail %q does not mention %q", res.Detail, tt.wantDetail)
			}
			if size != 0 || res.Chunks != 0 {
				t.Errorf("skipped file counted %d bytes, %d chunks", size, res.Chunks)
			}
		})
	}
	if docs := docSources(t, e); len(docs) != 0 {
		t.Errorf("skipped files were stored: %v", docs)
	}
}

// TestIngestTextNormalisation: what arrives as bytes (invalid UTF-8, EUC-KR,
// NFD Hangul from macOS) is stored as clean NFC text, noted in the summary,
// and found by a query typed either way.
func TestIngestTextNormalisation(t *testing.T) {
	eucKR, err := korean.EUCKR.NewEncoder().String("전자결재 안내\n결재 문서는 기안자가 상신합니다. 반려된 문서는 수정하여 다시 올립니다.\n")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		file     string
		content  string
		wantNote string
		query    string
		wantText []string // substrings of the stored text
		notText  []string
	}{
		{
			name:     "invalid UTF-8 replaced",
			file:     "깨진.txt",
			content:  "환불 신청은 고객센터에서 받습니다. \xff\xfe 영수증을 함께 보내 주세요.\n",
			wantNote: "2 invalid UTF-8 bytes replaced",
			query:    "영수증",
			wantText: []string{"환불 신청은", "\uFFFD", "영수증을 함께"},
			notText:  []string{"\xff"},
		},
		{
			name:     "EUC-KR converted",
			file:     "결재.txt",
			content:  eucKR,
			wantNote: "converted from EUC-KR",
			query:    "기안자 상신",
			wantText: []string{"전자결재 안내", "기안자가 상신합니다."},
		},
		{
			name:     "NFD file, NFC query",
			file:     "휴가.txt",
			content:  norm.NFD.String("연차 휴가는 입사일을 기준으로 계산합니다.\n"),
			wantNote: "NFD",
			query:    "연차 휴가",
			wantText: []string{"연차 휴가는 입사일을"},
		},
		{
			name:     "NFC file, NFD query",
			file:     "출장.txt",
			content:  "출장비 정산은 영수증 원본을 첨부합니다.\n",
			query:    norm.NFD.String("출장비 정산"),
			wantText: []string{"출장비 정산은"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			e := openTestEngine(t)
			dir := t.TempDir()
			path := filepath.Join(dir, tt.file)
			writeTree(t, dir, map[string]string{
				tt.file: tt.content,
				// A bystander, so that the query must pick the right file.
				"무관.txt": "회의실 예약은 사내 포털에서 합니다.\n",
			})
			sum := mustIngest(t, e, IngestOptions{}, dir)
			res := fileResult(t, sum, path)
			if res.Status != StatusAdded || res.Chunks < 1 {
				t.Fatalf("result %+v, want added", res)
			}
			if tt.wantNote != "" && !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, tt.wantNote) }) {
				t.Errorf("notes %q do not say %q", res.Notes, tt.wantNote)
			}
			if tt.wantNote == "" && len(res.Notes) != 0 {
				t.Errorf("clean UTF-8 got notes %q", res.Notes)
			}
			doc, err := e.Store().GetDocument(ctx, "default", path)
			if err != nil {
				t.Fatal(err)
			}
			text, err := e.Store().DocumentText(ctx, "default", doc.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.ValidString(text) || !norm.NFC.IsNormalString(text) {
				t.Errorf("stored text is not valid NFC UTF-8: %q", text)
			}
			for _, s := range tt.wantText {
				if !strings.Contains(text, s) {
					t.Errorf("stored text %q lacks %q", text, s)
				}
			}
			for _, s := range tt.notText {
				if strings.Contains(text, s) {
					t.Errorf("stored text %q still has %q", text, s)
				}
			}
			if got := hitSources(t, e, tt.query); len(got) == 0 || got[0] != path {
				t.Errorf("query %q found %v, want %s first", tt.query, got, path)
			}
		})
	}
}

// TestIngestChangedFile: re-ingesting skips unchanged files, and a changed
// file's old chunks are replaced, not added to.
func TestIngestChangedFile(t *testing.T) {
	ctx := context.Background()
	e := openTestEngine(t)
	dir := t.TempDir()
	notice := filepath.Join(dir, "공지.md")
	writeTree(t, dir, map[string]string{
		"공지.md":  "# 워크숍 공지\n\n올해 워크숍은 제주도에서 열립니다. 참가 신청은 금요일까지 받습니다.\n",
		"식당.txt": "구내식당은 열한 시 반부터 점심을 제공합니다.\n",
	})
	first := mustIngest(t, e, IngestOptions{}, dir)
	if first.Added != 2 || first.Updated != 0 || first.Unchanged != 0 {
		t.Fatalf("first ingest %+v, want 2 added", first)
	}
	before, err := e.Store().GetDocument(ctx, "default", notice)
	if err != nil {
		t.Fatal(err)
	}

	again := mustIngest(t, e, IngestOptions{}, dir)
	if again.Added != 0 || again.Updated != 0 || again.Unchanged != 2 || again.Chunks != 0 {
		t.Fatalf("unchanged re-ingest %+v, want 2 unchanged and no chunks", again)
	}

	writeTree(t, dir, map[string]string{
		"공지.md": "# 워크숍 공지\n\n올해 워크숍은 강릉에서 열립니다. 참가 신청은 금요일까지 받습니다.\n",
	})
	third := mustIngest(t, e, IngestOptions{}, dir)
	if third.Added != 0 || third.Updated != 1 || third.Unchanged != 1 {
		t.Fatalf("ingest after a change %+v, want 1 updated, 1 unchanged", third)
	}
	if r := fileResult(t, third, notice); r.Status != StatusUpdated {
		t.Errorf("changed file %+v, want updated", r)
	}
	tests := []struct {
		query string
		want  []string
	}{
		{"제주도", nil},
		{"강릉", []string{notice}},
		{"구내식당", []string{filepath.Join(dir, "식당.txt")}},
	}
	for _, tt := range tests {
		if got := hitSources(t, e, tt.query); !slices.Equal(got, tt.want) {
			t.Errorf("search %q = %v, want %v", tt.query, got, tt.want)
		}
	}
	if got := docSources(t, e); len(got) != 2 {
		t.Errorf("documents after the update: %v, want 2", got)
	}
	after, err := e.Store().GetDocument(ctx, "default", notice)
	if err != nil {
		t.Fatal(err)
	}
	if after.ID != before.ID || after.Hash == before.Hash || !after.Created.Equal(before.Created) {
		t.Errorf("update: before %+v, after %+v: want the same ID and creation time, a new hash", before, after)
	}
}

// TestIngestPrune: --prune removes the documents under the given roots whose
// files are gone, and nothing else — not documents under another root (even
// one whose name starts like it), not files that are still there.
func TestIngestPrune(t *testing.T) {
	e := openTestEngine(t)
	base := t.TempDir()
	docs, docs2 := filepath.Join(base, "docs"), filepath.Join(base, "docs2")
	writeTree(t, docs, map[string]string{
		"가.txt":     "가 문서는 인사 규정입니다.\n",
		"나.txt":     "나 문서는 보안 규정입니다.\n",
		"하위/다.txt":  "다 문서는 출장 규정입니다.\n",
		"비워질.txt":   "곧 비워질 문서입니다.\n",
		"하위/남을.txt": "계속 남는 문서입니다.\n",
	})
	writeTree(t, docs2, map[string]string{"라.txt": "라 문서는 다른 폴더의 규정입니다.\n"})
	sum := mustIngest(t, e, IngestOptions{}, docs, docs2)
	if sum.Added != 6 {
		t.Fatalf("first ingest %+v, want 6 added", sum)
	}
	for _, rel := range []string{"가.txt", filepath.Join("하위", "다.txt")} {
		if err := os.Remove(filepath.Join(docs, rel)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Remove(filepath.Join(docs2, "라.txt")); err != nil {
		t.Fatal(err)
	}
	// Still on disk but skipped this run: kept.
	writeTree(t, docs, map[string]string{"비워질.txt": ""})

	// Without --prune nothing is removed.
	sum = mustIngest(t, e, IngestOptions{}, docs)
	if sum.Removed != 0 || len(docSources(t, e)) != 6 {
		t.Fatalf("ingest without prune removed documents: %+v", sum)
	}

	sum = mustIngest(t, e, IngestOptions{Prune: true}, docs)
	var removed []string
	for _, f := range sum.Files {
		if f.Status == StatusRemoved {
			removed = append(removed, f.Path)
		}
	}
	wantRemoved := []string{filepath.Join(docs, "가.txt"), filepath.Join(docs, "하위", "다.txt")}
	slices.Sort(removed)
	slices.Sort(wantRemoved)
	if sum.Removed != 2 || !slices.Equal(removed, wantRemoved) {
		t.Errorf("pruned %v (count %d), want %v", removed, sum.Removed, wantRemoved)
	}
	want := []string{
		filepath.Join(docs, "나.txt"),
		filepath.Join(docs, "비워질.txt"),
		filepath.Join(docs, "하위", "남을.txt"),
		filepath.Join(docs2, "라.txt"), // gone, but under a root not given
	}
	slices.Sort(want)
	if got := docSources(t, e); !slices.Equal(got, want) {
		t.Errorf("documents after prune:\n got %v\nwant %v", got, want)
	}
	if got := hitSources(t, e, "인사 규정"); slices.Contains(got, filepath.Join(docs, "가.txt")) {
		t.Errorf("a pruned document is still found: %v", got)
	}

	// Pruning the other root now removes its vanished document.
	sum = mustIngest(t, e, IngestOptions{Prune: true}, docs2)
	if sum.Removed != 1 || len(docSources(t, e)) != 3 {
		t.Errorf("prune of docs2: %+v, documents %v", sum, docSources(t, e))
	}
}

// TestIngestAnalyzerMismatch: a collection keeps the analyzer it was built
// with; asking for another one is an error naming both, not a mixed index.
func TestIngestAnalyzerMismatch(t *testing.T) {
	ctx := context.Background()
	dataDir, src := t.TempDir(), t.TempDir()
	writeTree(t, src, map[string]string{"안내.txt": "분석기는 컬렉션을 만들 때 정해집니다.\n"})
	cfg := DefaultConfig()
	cfg.DataDir, cfg.Collection, cfg.Analyzer = dataDir, "매뉴얼", "bigram"
	e, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Ingest(ctx, []string{src}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	e.Close()

	cfg.Analyzer = "morph"
	e, err = Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	calls := []struct {
		name string
		call func() error
	}{
		{"ingest", func() error { _, err := e.Ingest(ctx, []string{src}, IngestOptions{}); return err }},
		{"search", func() error { _, err := e.Search(ctx, "분석기", SearchOptions{}); return err }},
		{"ask", func() error { _, err := e.Ask(ctx, "분석기는 언제 정해지나요?", AskOptions{}); return err }},
	}
	for _, c := range calls {
		err := c.call()
		if err == nil {
			t.Errorf("%s with analyzer morph on a bigram collection: no error", c.name)
			continue
		}
		for _, l := range []i18n.Lang{i18n.En, i18n.Ko} {
			msg := i18n.Localize(err, l)
			for _, word := range []string{"bigram", "morph", "매뉴얼"} {
				if !strings.Contains(msg, word) {
					t.Errorf("%s (%s): %q does not mention %s", c.name, l, msg, word)
				}
			}
		}
	}
	e.Close()
	// Without an explicit analyzer the collection's own is used.
	cfg.Analyzer = ""
	e2, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer e2.Close()
	if hits, err := e2.Search(ctx, "분석기", SearchOptions{Mode: "keyword"}); err != nil || len(hits) != 1 {
		t.Errorf("search with the collection's own analyzer: %d hits, %v", len(hits), err)
	}
}

// TestIngestCancel: a cancelled ingest reports context.Canceled, keeps what
// it stored consistent, and the next run finishes the job.
func TestIngestCancel(t *testing.T) {
	const n = 24
	files := map[string]string{}
	for i := range n {
		files[fmt.Sprintf("문서%02d.txt", i)] = fmt.Sprintf("문서 %d 번은 취소 시험용입니다. 고유어 항목%02d 를 담고 있습니다.\n", i, i)
	}
	tests := []struct {
		name        string
		workers     int
		cancelAfter int // cancel when this many files are done; 0: before the run
	}{
		{"before the run", 1, 0},
		{"after the first file, one worker", 1, 1},
		{"mid-run, four workers", 4, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := openTestEngine(t, func(c *Config) { c.Ingest.Workers = tt.workers })
			dir := t.TempDir()
			writeTree(t, dir, files)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancelAfter == 0 {
				cancel()
			}
			sum, err := e.Ingest(ctx, []string{dir}, IngestOptions{Progress: func(p Progress) {
				if p.Done == tt.cancelAfter {
					cancel()
				}
			}})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled ingest returned %v (%+v), want context.Canceled", err, sum)
			}
			if sum != nil && sum.Added+sum.Failed+sum.Skipped >= n {
				t.Errorf("cancellation did not stop the run: %+v", sum)
			}
			if sum != nil && sum.Failed != 0 {
				t.Errorf("cancellation reported as file failures: %+v", sum.Files)
			}
			stored := 0
			if sum != nil {
				stored = sum.Added
			}

			// The store is usable: the next run finishes the job.
			next := mustIngest(t, e, IngestOptions{}, dir)
			if next.Added+next.Unchanged != n || next.Failed != 0 || next.Skipped != 0 {
				t.Errorf("ingest after cancellation: %+v, want %d added or unchanged", next, n)
			}
			if next.Unchanged < stored {
				t.Errorf("%d files stored before the cancel, only %d unchanged after", stored, next.Unchanged)
			}
			if got := docSources(t, e); len(got) != n {
				t.Errorf("%d documents after the second run, want %d", len(got), n)
			}
			if got := hitSources(t, e, "항목07"); len(got) == 0 || filepath.Base(got[0]) != "문서07.txt" {
				t.Errorf("search after cancellation: %v", got)
			}
		})
	}
}

// TestIngestConcurrentSearch: searches and questions during an ingest see a
// consistent store (run with -race).
func TestIngestConcurrentSearch(t *testing.T) {
	ctx := context.Background()
	e := openTestEngine(t, func(c *Config) { c.Ingest.Workers = 4 })
	seed, more := t.TempDir(), t.TempDir()
	writeTree(t, seed, map[string]string{"기본.txt": "사내 도서관은 평일 아홉 시에 문을 엽니다.\n"})
	mustIngest(t, e, IngestOptions{}, seed)
	files := map[string]string{}
	for i := range 80 {
		files[fmt.Sprintf("추가%02d.md", i)] = fmt.Sprintf("# 안내 %d\n\n도서관 좌석 %d 번은 예약제로 운영합니다. 대출 기간은 이 주입니다.\n", i, i)
	}
	writeTree(t, more, files)

	done := make(chan struct{})
	var ingestErr error
	go func() {
		defer close(done)
		_, ingestErr = e.Ingest(ctx, []string{more}, IngestOptions{})
	}()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	queries := []string{"도서관 문을 여는 시간", "좌석 예약", "대출 기간"}
	modes := []string{"keyword", "semantic", "hybrid"}
	for g := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-done:
					if i > 0 {
						return
					}
				default:
				}
				hits, err := e.Search(ctx, queries[(g+i)%3], SearchOptions{Mode: modes[(g+i)%3], K: 5})
				// Only the first query is answered by the seed document; the
				// others may find nothing until their files are stored.
				if err == nil && len(hits) == 0 && (g+i)%3 == 0 {
					err = fmt.Errorf("search %q found nothing", queries[(g+i)%3])
				}
				if err == nil && g == 0 {
					_, err = e.Ask(ctx, "도서관은 몇 시에 문을 여나요?", AskOptions{Lang: i18n.Ko})
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	<-done
	close(errs)
	if ingestErr != nil {
		t.Fatalf("ingest during searches: %v", ingestErr)
	}
	for err := range errs {
		t.Errorf("search during ingest: %v", err)
	}
	if got := docSources(t, e); len(got) != 81 {
		t.Errorf("%d documents, want 81", len(got))
	}
}

// TestAskCitations: an answerable question is answered with citations that
// point at the stored text of their document; an unrelated one is not
// answered at all.
func TestAskCitations(t *testing.T) {
	ctx := context.Background()
	e := openTestEngine(t)
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"배송.md": "# 배송 안내\n\n주문한 상품은 결제 후 보통 이틀 안에 출고됩니다. " +
			"배송 상태는 마이페이지의 주문 내역에서 확인할 수 있습니다. 도서 산간 지역은 하루가 더 걸립니다.\n",
		"환불.md": "# 환불 규정\n\n상품을 받은 날부터 칠 일 안에 환불을 신청할 수 있습니다. " +
			"환불 금액은 영업일 기준 사흘 안에 결제 수단으로 돌려드립니다.\n",
		"회원.md": "# 회원 등급\n\n회원 등급은 지난 육 개월의 구매 금액으로 매달 정해집니다. 우수 회원은 무료 배송 쿠폰을 받습니다.\n",
	})
	mustIngest(t, e, IngestOptions{}, dir)

	tests := []struct {
		question     string
		wantNotFound bool
		wantAnswer   string // in the answer and in a cited span
		wantSource   string
	}{
		{"배송 상태는 어디에서 확인할 수 있나요?", false, "마이페이지", "배송.md"},
		{"환불 금액은 언제 돌려받나요?", false, "사흘", "환불.md"},
		{"화성 탐사선의 발사 예산은 얼마였죠?", true, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			ans, err := e.Ask(ctx, tt.question, AskOptions{Lang: i18n.Ko})
			if err != nil {
				t.Fatal(err)
			}
			if ans.NotFound != tt.wantNotFound {
				t.Fatalf("NotFound = %v (confidence %.3f, answer %q), want %v", ans.NotFound, ans.Confidence, ans.Text, tt.wantNotFound)
			}
			if tt.wantNotFound {
				if len(ans.Citations) != 0 || ans.Text == "" {
					t.Errorf("not-found answer %q with citations %+v", ans.Text, ans.Citations)
				}
				return
			}
			if !strings.Contains(ans.Text, tt.wantAnswer) {
				t.Errorf("answer %q does not contain %q", ans.Text, tt.wantAnswer)
			}
			if len(ans.Citations) == 0 {
				t.Fatal("an answer without citations")
			}
			cited := false
			for _, c := range ans.Citations {
				text, err := e.Store().DocumentText(ctx, "default", c.DocID)
				if err != nil {
					t.Fatal(err)
				}
				if c.Start < 0 || c.Start > c.End || c.End > len(text) {
					t.Fatalf("citation [%d] range %d–%d outside a %d-byte document", c.N, c.Start, c.End, len(text))
				}
				span := text[c.Start:c.End]
				if span != c.Text {
					t.Errorf("citation [%d]: text[%d:%d] = %q, citation text %q", c.N, c.Start, c.End, span, c.Text)
				}
				if cs := utf8.RuneCountInString(text[:c.Start]); c.CharStart != cs || c.CharEnd != cs+utf8.RuneCountInString(span) {
					t.Errorf("citation [%d]: characters %d–%d, want %d–%d", c.N, c.CharStart, c.CharEnd, cs, cs+utf8.RuneCountInString(span))
				}
				if !strings.Contains(ans.Text, fmt.Sprintf("[%d]", c.N)) {
					t.Errorf("citation [%d] is not referenced in %q", c.N, ans.Text)
				}
				if strings.Contains(span, tt.wantAnswer) && filepath.Base(c.Source) == tt.wantSource {
					cited = true
				}
			}
			if !cited {
				t.Errorf("no citation of %s spans %q: %+v", tt.wantSource, tt.wantAnswer, ans.Citations)
			}
		})
	}
}

// TestIngestName: files named by IngestOptions.Name are one document
// whatever folder they are read from, and Prune leaves them alone.
func TestIngestName(t *testing.T) {
	e := openTestEngine(t)
	ctx := context.Background()
	name := func(p string) string { return "upload:default/" + filepath.Base(p) }
	var last *IngestSummary
	for i, body := range []string{"환불은 7일 이내에 신청합니다.", "환불은 7일 이내에 신청합니다.", "환불은 14일 이내에 신청합니다."} {
		dir := t.TempDir() // another node's folder each time
		writeTree(t, dir, map[string]string{"환불.md": body})
		sum, err := e.Ingest(ctx, []string{dir}, IngestOptions{Name: name, Prune: true})
		if err != nil {
			t.Fatal(err)
		}
		want := []int{statusCount(sum, StatusAdded), statusCount(sum, StatusUnchanged), statusCount(sum, StatusUpdated)}[i]
		if want != 1 || sum.Removed != 0 {
			t.Fatalf("round %d: %+v", i, sum)
		}
		last = sum
	}
	docs, err := e.Store().ListDocuments(ctx, "default", store.Filter{})
	if err != nil || len(docs) != 1 || docs[0].Source != "upload:default/환불.md" || last.Files[0].Path == docs[0].Source {
		t.Fatalf("documents %+v (%v); the summary names the file read: %q", docs, err, last.Files[0].Path)
	}
}

// statusCount counts the files of sum with status st.
func statusCount(sum *IngestSummary, st string) int {
	n := 0
	for _, f := range sum.Files {
		if f.Status == st {
			n++
		}
	}
	return n
}
