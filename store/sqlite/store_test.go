package sqlite

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/store"
)

func TestDocumentLifecycle(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	defer s.Close()
	createColl(t, s, "문서", testDim)

	steps := []struct {
		name      string
		do        func() error
		wantDocs  int
		wantChunk int
	}{
		{"put first", func() error {
			d, r := makeDoc("d1", "/자료/배송.txt", "배송 안내", map[string]string{"팀": "물류"}, testDim, koreanParas[:3]...)
			return s.PutDocument(ctx, "문서", d, r)
		}, 1, 3},
		{"put second", func() error {
			d, r := makeDoc("d2", "/자료/역사.txt", "역사", nil, testDim, koreanParas[3:8]...)
			return s.PutDocument(ctx, "문서", d, r)
		}, 2, 8},
		{"replace first with fewer chunks", func() error {
			d, r := makeDoc("d1", "/자료/배송.txt", "배송 안내", map[string]string{"팀": "물류"}, testDim, koreanParas[0])
			return s.PutDocument(ctx, "문서", d, r)
		}, 2, 6},
		{"delete second", func() error { return s.DeleteDocument(ctx, "문서", "d2") }, 1, 1},
		{"put empty document", func() error {
			d, _ := makeDoc("d3", "/자료/빈.txt", "빈 문서", nil, testDim)
			return s.PutDocument(ctx, "문서", d, nil)
		}, 2, 1},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		c, err := s.GetCollection(ctx, "문서")
		if err != nil {
			t.Fatal(err)
		}
		if c.Documents != st.wantDocs || c.Chunks != st.wantChunk {
			t.Fatalf("%s: %d documents, %d chunks; want %d, %d", st.name, c.Documents, c.Chunks, st.wantDocs, st.wantChunk)
		}
		// The in-memory indexes follow every write.
		kw, _ := s.keyword(ctx, "문서")
		vec, _ := s.vectors(ctx, "문서")
		if kw.Len() != st.wantChunk || vec.Len() != st.wantChunk {
			t.Fatalf("%s: keyword index has %d, vector index %d chunks; want %d", st.name, kw.Len(), vec.Len(), st.wantChunk)
		}
	}

	info, err := s.GetDocument(ctx, "문서", "/자료/배송.txt")
	if err != nil {
		t.Fatal(err)
	}
	if info.ID != "d1" || info.Chunks != 1 || info.Title != "배송 안내" || info.Metadata["팀"] != "물류" || info.Created.IsZero() {
		t.Fatalf("GetDocument = %+v", info)
	}
	text, err := s.DocumentText(ctx, "문서", "d1")
	if err != nil || text != koreanParas[0]+"\n" {
		t.Fatalf("DocumentText = %q, %v", text, err)
	}
	hits, err := s.KeywordSearch(ctx, "문서", bigrams("배송 상태 확인"), 5, store.Filter{})
	if err != nil || len(hits) == 0 {
		t.Fatalf("KeywordSearch = %v, %v", hits, err)
	}
	got, err := s.Chunks(ctx, "문서", keysOf(hits))
	if err != nil || len(got) != len(hits) {
		t.Fatalf("Chunks = %v, %v", got, err)
	}
	c := got[0]
	if c.Chunk.Text != koreanParas[0] || c.Doc != (schema.DocRef{ID: "d1", Source: "/자료/배송.txt", Title: "배송 안내"}) ||
		c.Chunk.ID != "d1#0" || c.Chunk.Headings[0] != "배송 안내" || text[c.Chunk.Start:c.Chunk.End] != c.Chunk.Text {
		t.Fatalf("chunk = %+v", c)
	}
	cols, err := s.ListCollections(ctx)
	if err != nil || len(cols) != 1 || cols[0].Name != "문서" || cols[0].Dim != testDim || cols[0].Analyzer != "bigram" {
		t.Fatalf("ListCollections = %+v, %v", cols, err)
	}
}

func TestErrors(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	defer s.Close()
	createColl(t, s, "docs", testDim)
	d, r := makeDoc("d1", "/a.txt", "a", nil, testDim, "가나다")
	put(t, s, "docs", d, r)

	tests := []struct {
		name    string
		err     error
		is      error
		mention string
	}{
		{"missing collection put", s.PutDocument(ctx, "nope", d, r), store.ErrNotFound, "seogo collections create nope"},
		{"missing collection search", func() error {
			_, err := s.KeywordSearch(ctx, "nope", []string{"가나"}, 3, store.Filter{})
			return err
		}(), store.ErrNotFound, "does not exist"},
		{"missing collection get", func() error { _, err := s.GetCollection(ctx, "nope"); return err }(), store.ErrNotFound, "seogo collections create"},
		{"missing collection list", func() error { _, err := s.ListDocuments(ctx, "nope", store.Filter{}); return err }(), store.ErrNotFound, "seogo collections create nope"},
		{"duplicate collection", s.CreateCollection(ctx, store.Collection{Name: "docs"}), store.ErrExists, "already exists"},
		{"empty collection name", s.CreateCollection(ctx, store.Collection{Name: " "}), nil, "empty collection name"},
		{"empty put collection", s.PutDocument(ctx, "", d, r), nil, "empty collection name"},
		{"empty doc id", s.PutDocument(ctx, "docs", &schema.Document{Source: "/x"}, nil), nil, "empty document ID"},
		{"empty source", s.PutDocument(ctx, "docs", &schema.Document{ID: "x"}, nil), nil, "empty document ID or source"},
		{"source taken by another id", func() error {
			d2, r2 := makeDoc("other", "/a.txt", "a", nil, testDim, "가나다")
			return s.PutDocument(ctx, "docs", d2, r2)
		}(), store.ErrExists, `already stored as document "d1"`},
		{"missing document", s.DeleteDocument(ctx, "docs", "zz"), store.ErrNotFound, "not found"},
		{"missing document text", func() error { _, err := s.DocumentText(ctx, "docs", "zz"); return err }(), store.ErrNotFound, "not found"},
		{"missing source", func() error { _, err := s.GetDocument(ctx, "docs", "/zz"); return err }(), store.ErrNotFound, "/zz"},
		{"NUL in token", func() error {
			d2, r2 := makeDoc("d9", "/nul.txt", "a", nil, testDim, "가나")
			r2[0].Tokens = []string{"a\x00b"}
			return s.PutDocument(ctx, "docs", d2, r2)
		}(), nil, "NUL"},
		{"chunk of another document", func() error {
			d2, r2 := makeDoc("d8", "/x.txt", "a", nil, testDim, "가나")
			r2[0].Chunk.DocID = "d1"
			return s.PutDocument(ctx, "docs", d2, r2)
		}(), nil, `belongs to document "d1"`},
	}
	for _, tc := range tests {
		if tc.err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if tc.is != nil && !errors.Is(tc.err, tc.is) {
			t.Errorf("%s: %v does not wrap %v", tc.name, tc.err, tc.is)
		}
		if !strings.Contains(tc.err.Error(), tc.mention) {
			t.Errorf("%s: %q does not mention %q", tc.name, tc.err, tc.mention)
		}
		checkKorean(t, tc.name, tc.err)
	}
	// None of the failed writes changed anything.
	c, _ := s.GetCollection(ctx, "docs")
	if c.Documents != 1 || c.Chunks != 1 {
		t.Fatalf("after failed writes: %d documents, %d chunks", c.Documents, c.Chunks)
	}
}

func TestDimensionMismatch(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	defer s.Close()
	createColl(t, s, "docs", testDim)
	createColl(t, s, "plain", 0)
	tests := []struct {
		coll    string
		dim     int
		mention []string
	}{
		{"docs", 8, []string{"8-dimensional", "holds 16", "new collection"}},
		{"docs", 0, []string{"0-dimensional", "holds 16"}},
		{"plain", 4, []string{"without an embedder"}},
	}
	for _, tc := range tests {
		d, r := makeDoc("d1", "/a.txt", "a", nil, tc.dim, "가나다", "라마바")
		err := s.PutDocument(ctx, tc.coll, d, r)
		if err == nil {
			t.Fatalf("%s dim %d: accepted", tc.coll, tc.dim)
		}
		for _, m := range tc.mention {
			if !strings.Contains(err.Error(), m) {
				t.Errorf("%s dim %d: %q does not mention %q", tc.coll, tc.dim, err, m)
			}
		}
		checkKorean(t, tc.coll, err)
		if ko := i18n.Localize(err, i18n.Ko); !strings.Contains(ko, "새 컬렉션") || strings.Contains(ko+err.Error(), "reembed") {
			t.Errorf("%s dim %d: Korean %q should point to a new collection (and no reembed command, which does not exist)", tc.coll, tc.dim, ko)
		}
	}
	if _, err := s.VectorSearch(ctx, "docs", make([]float32, 3), 5, store.Filter{}); err == nil || !strings.Contains(err.Error(), "3 dimensions") {
		t.Fatalf("query of the wrong dimension: %v", err)
	}
	if _, err := s.VectorSearch(ctx, "plain", make([]float32, 3), 5, store.Filter{}); err == nil || !strings.Contains(err.Error(), "without an embedder") {
		t.Fatalf("vector search without vectors: %v", err)
	}
	d, r := makeDoc("d1", "/a.txt", "a", nil, 0, "가나다")
	put(t, s, "plain", d, r) // a collection without an embedder takes no vectors
}

func TestFilters(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	defer s.Close()
	createColl(t, s, "docs", testDim)
	docs := []struct {
		id, source, team string
	}{
		{"a", "/문서/배송/안내.txt", "물류"},
		{"b", "/문서/배송/반품.txt", "고객"},
		{"c", "/문서/역사/세종.txt", "물류"},
		{"d", "/문서/배송_100%/특가.txt", "고객"},
		{"e", "/Docs/배송.txt", "물류"},
	}
	for _, d := range docs {
		doc, recs := makeDoc(d.id, d.source, "배송 "+d.id, map[string]string{"team": d.team, "a.b": "x"}, testDim, koreanParas[0], koreanParas[1])
		put(t, s, "docs", doc, recs)
	}
	tests := []struct {
		name string
		f    store.Filter
		want string // sorted doc IDs the filter admits
	}{
		{"none", store.Filter{}, "abcde"},
		{"korean prefix", store.Filter{PathPrefix: "/문서/배송/"}, "ab"},
		{"prefix wildcards are literal", store.Filter{PathPrefix: "/문서/배송_100%"}, "d"},
		{"underscore is not a wildcard", store.Filter{PathPrefix: "/문서/배송_"}, "d"},
		{"prefix is case-sensitive", store.Filter{PathPrefix: "/docs"}, ""},
		{"meta", store.Filter{Meta: map[string]string{"team": "물류"}}, "ace"},
		{"meta key with a dot", store.Filter{Meta: map[string]string{"a.b": "x"}}, "abcde"},
		{"meta no match", store.Filter{Meta: map[string]string{"team": "없음"}}, ""},
		{"doc ids", store.Filter{DocIDs: []string{"b", "e", "zz"}}, "be"},
		{"all together", store.Filter{PathPrefix: "/문서/", DocIDs: []string{"a", "b", "c"}, Meta: map[string]string{"team": "물류"}}, "ac"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			list, err := s.ListDocuments(ctx, "docs", tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := idsOf(list); got != tc.want {
				t.Fatalf("ListDocuments: %q, want %q", got, tc.want)
			}
			kw, err := s.KeywordSearch(ctx, "docs", bigrams("배송 상태 반품"), 100, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			vs, err := s.VectorSearch(ctx, "docs", embedText("배송 상태", testDim), 100, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			for name, hits := range map[string][]store.Scored{"keyword": kw, "vector": vs} {
				chunks, err := s.Chunks(ctx, "docs", keysOf(hits))
				if err != nil {
					t.Fatal(err)
				}
				ids := map[string]bool{}
				for _, c := range chunks {
					ids[c.Doc.ID] = true
				}
				if len(hits) != 2*len(tc.want) || len(ids) != len(tc.want) {
					t.Fatalf("%s search: %d hits from %d documents; want %d from %q", name, len(hits), len(ids), 2*len(tc.want), tc.want)
				}
				for id := range ids {
					if !strings.Contains(tc.want, id) {
						t.Fatalf("%s search returned document %s; filter admits %q", name, id, tc.want)
					}
				}
			}
		})
	}
}

func idsOf(list []store.DocInfo) string {
	var b []byte
	for _, d := range list {
		b = append(b, d.ID...)
	}
	bs := []byte(b)
	for i := range bs { // sort the few letters
		for j := i + 1; j < len(bs); j++ {
			if bs[j] < bs[i] {
				bs[i], bs[j] = bs[j], bs[i]
			}
		}
	}
	return string(bs)
}

func TestDeleteCollectionRemovesEverything(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openStore(t, dir)
	defer s.Close()
	createColl(t, s, "gone", testDim)
	createColl(t, s, "kept", testDim)
	for _, coll := range []string{"gone", "kept"} {
		d, r := makeDoc("d1", "/a.txt", "a", nil, testDim, koreanParas...)
		put(t, s, coll, d, r)
	}
	searchAll(t, s, "gone", koreanQueries, true)
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	snap := s.snapshotPath("gone")
	if _, err := os.Stat(snap); err != nil {
		t.Fatalf("no snapshot before delete: %v", err)
	}
	if err := s.DeleteCollection(ctx, "gone"); err != nil {
		t.Fatal(err)
	}
	var docs, chunks int
	s.db.QueryRow(`SELECT count(*) FROM documents WHERE coll = 'gone'`).Scan(&docs)
	s.db.QueryRow(`SELECT count(*) FROM chunks WHERE coll = 'gone'`).Scan(&chunks)
	if docs != 0 || chunks != 0 {
		t.Fatalf("left behind: %d documents, %d chunks", docs, chunks)
	}
	if _, err := os.Stat(snap); !os.IsNotExist(err) {
		t.Fatalf("snapshot left behind: %v", err)
	}
	if _, err := s.KeywordSearch(ctx, "gone", bigrams("배송"), 5, store.Filter{}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("search of a deleted collection: %v", err)
	}
	if err := s.DeleteCollection(ctx, "gone"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	// The same name again starts empty; the other collection is intact.
	createColl(t, s, "gone", testDim)
	if hits, err := s.KeywordSearch(ctx, "gone", bigrams("배송 상태"), 5, store.Filter{}); err != nil || len(hits) != 0 {
		t.Fatalf("recreated collection: %v, %v", hits, err)
	}
	c, _ := s.GetCollection(ctx, "kept")
	if c.Documents != 1 || c.Chunks != len(koreanParas) {
		t.Fatalf("other collection: %+v", c)
	}
}

func TestReopenGivesSameResults(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	createColl(t, s, "docs", testDim)
	for i := 0; i < 20; i++ {
		d, r := makeDoc(string(rune('a'+i)), filepath.Join("/자료", string(rune('a'+i))), "제목 "+koreanParas[i%8][:6], nil, testDim,
			koreanParas[i%8], koreanParas[(i*3)%8], koreanParas[(i*5+1)%8])
		put(t, s, "docs", d, r)
	}
	s.DeleteDocument(context.Background(), "docs", "c")
	want := searchAll(t, s, "docs", koreanQueries, true)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openStore(t, dir)
	sameResults(t, "reopened", want, searchAll(t, s, "docs", koreanQueries, true))
	if cs := s.state("docs"); cs.fromSnapshot != 1 || cs.rebuilds != 0 {
		t.Fatalf("reopen: %d snapshot loads, %d rebuilds; want 1, 0", cs.fromSnapshot, cs.rebuilds)
	}
	s.Close()

	os.Remove(s.snapshotPath("docs"))
	s = openStore(t, dir)
	defer s.Close()
	sameResults(t, "rebuilt", want, searchAll(t, s, "docs", koreanQueries, true))
	if cs := s.state("docs"); cs.rebuilds != 1 {
		t.Fatalf("without a snapshot: %d rebuilds; want 1", cs.rebuilds)
	}
}

func TestSecondProcessIsLockedOut(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	_, err := Open(context.Background(), dir, Options{})
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "another seogo process is using "+dir) {
		t.Fatalf("second open: %v", err)
	}
	if ko := i18n.Localize(err, i18n.Ko); !strings.HasPrefix(ko, "다른 seogo 프로세스가 "+dir+" 를 쓰고 있습니다") || strings.Contains(ko, "%!") {
		t.Errorf("second open, Korean: %q", ko)
	}
	s.Close()
	s = openStore(t, dir) // one after another is fine
	s.Close()
}

func TestConcurrentUse(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	defer s.Close()
	createColl(t, s, "docs", testDim)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 30; i++ {
				q := koreanQueries[(w+i)%len(koreanQueries)]
				hits, err := s.KeywordSearch(ctx, "docs", bigrams(q), 5, store.Filter{})
				if err == nil {
					_, err = s.Chunks(ctx, "docs", keysOf(hits))
				}
				if err == nil {
					_, err = s.VectorSearch(ctx, "docs", embedText(q, testDim), 5, store.Filter{PathPrefix: "/자료/"})
				}
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for i := 0; i < 30; i++ {
		d, r := makeDoc(string(rune('a'+i%10)), "/자료/"+string(rune('a'+i%10)), "제목", nil, testDim, koreanParas[i%8], koreanParas[(i+1)%8])
		put(t, s, "docs", d, r)
		if i%7 == 0 {
			s.Flush(ctx)
		}
	}
	wg.Wait()
}

func TestTermStats(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	defer s.Close()
	createColl(t, s, "docs", 0)
	d, r := makeDoc("d", "/d", "t", nil, 0, koreanParas...)
	put(t, s, "docs", d, r)
	st, err := s.TermStats(ctx, "docs", []string{"배송", "없는말", "대한"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Docs != len(koreanParas) || len(st.IDF) != 3 || st.IDF[0] <= st.IDF[2] || st.IDF[1] != 0 {
		t.Fatalf("TermStats = %+v", st)
	}
}

// checkKorean asserts that err reads in Korean, whole: no English message
// tacked on and no fmt complaint about unused arguments.
func checkKorean(t *testing.T, what string, err error) {
	t.Helper()
	ko := i18n.Localize(err, i18n.Ko)
	if ko == err.Error() || strings.Contains(ko, "%!") || strings.Contains(ko, " (") && strings.Contains(ko, err.Error()) {
		t.Errorf("%s: Korean message %q (English %q)", what, ko, err)
	}
}
