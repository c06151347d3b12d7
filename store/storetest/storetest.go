// Package storetest is the conformance suite of store.Store: every backend
// (store/sqlite, store/postgres) runs Run and so gives the same chunks, the
// same keyword and vector rankings (ties aside), the same filter and access
// group behaviour and the same errors. Rankings are checked against
// references computed here — store/bm25 itself for keyword search, exact
// cosine for vectors — so two stores that pass agree with each other.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/seogo/seogo/store"
)

// Open returns a new, empty store; the suite closes it.
type Open func(t *testing.T) store.Store

const coll = "docs"

// Run runs the whole suite against the stores open makes.
func Run(t *testing.T, open Open) {
	t.Run("Collections", func(t *testing.T) { testCollections(t, open(t)) })
	t.Run("Documents", func(t *testing.T) { testDocuments(t, open(t)) })
	t.Run("Rankings", func(t *testing.T) { testRankings(t, open(t)) })
	t.Run("Replace", func(t *testing.T) { testReplace(t, open(t)) })
	t.Run("NotFound", func(t *testing.T) { testNotFound(t, open(t)) })
	t.Run("Concurrent", func(t *testing.T) { testConcurrent(t, open(t)) })
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func load(t *testing.T, s store.Store, name string, dim int, docs []Doc) {
	t.Helper()
	ctx := context.Background()
	must(t, s.CreateCollection(ctx, store.Collection{Name: name, Analyzer: "bigram", Embedder: "hash", Dim: dim}))
	for _, d := range docs {
		doc, recs := d.Build(dim)
		must(t, s.PutDocument(ctx, name, doc, recs))
	}
}

func testCollections(t *testing.T, s store.Store) {
	defer s.Close()
	ctx := context.Background()
	load(t, s, "b", Dim, Corpus()[:3])
	load(t, s, "A", 0, Corpus()[3:4])
	err := s.CreateCollection(ctx, store.Collection{Name: "b", Dim: Dim})
	if !errors.Is(err, store.ErrExists) {
		t.Fatalf("create twice: %v, want ErrExists", err)
	}
	cs, err := s.ListCollections(ctx)
	must(t, err)
	if len(cs) != 2 || cs[0].Name != "A" || cs[1].Name != "b" {
		t.Fatalf("list = %+v, want A, b in byte order", cs)
	}
	b, err := s.GetCollection(ctx, "b")
	must(t, err)
	wantChunks := 0
	for _, d := range Corpus()[:3] {
		wantChunks += len(d.Paras)
	}
	if b.Documents != 3 || b.Chunks != wantChunks || b.Dim != Dim || b.Embedder != "hash" || b.Analyzer != "bigram" || b.Created.IsZero() {
		t.Fatalf("collection b = %+v, want 3 documents, %d chunks", b, wantChunks)
	}
	if _, err := s.VectorSearch(ctx, "A", make([]float32, Dim), 3, store.Filter{}); err == nil {
		t.Fatal("vector search in a collection without vectors: no error")
	}
	if _, err := s.VectorSearch(ctx, "b", make([]float32, Dim+1), 3, store.Filter{}); err == nil {
		t.Fatal("vector search with the wrong dimension: no error")
	}
	doc, recs := Corpus()[5].Build(Dim)
	recs[0].Vector = append(recs[0].Vector, 1)
	if err := s.PutDocument(ctx, "b", doc, recs); err == nil {
		t.Fatal("put with the wrong dimension: no error")
	}
	must(t, s.DeleteCollection(ctx, "b"))
	if _, err := s.GetCollection(ctx, "b"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("get deleted collection: %v, want ErrNotFound", err)
	}
	load(t, s, "b", 8, nil) // a new collection of that name, another dimension
	if c, _ := s.GetCollection(ctx, "b"); c.Documents != 0 || c.Chunks != 0 || c.Dim != 8 {
		t.Fatalf("recreated collection = %+v, want empty with dim 8", c)
	}
}

func testDocuments(t *testing.T, s store.Store) {
	defer s.Close()
	ctx := context.Background()
	docs := Corpus()
	load(t, s, coll, Dim, docs)
	d, err := s.GetDocument(ctx, coll, docs[4].Source)
	must(t, err)
	if d.ID != docs[4].ID || d.Title != docs[4].Title || d.Chunks != len(docs[4].Paras) || d.Metadata["lang"] != docs[4].Meta["lang"] || d.Size != 1 || d.Hash != "h-"+docs[4].ID {
		t.Fatalf("document = %+v", d)
	}
	want, _ := docs[4].Build(0)
	text, err := s.DocumentText(ctx, coll, docs[4].ID)
	must(t, err)
	if text != want.Text {
		t.Fatalf("text = %q, want %q", text, want.Text)
	}
	filters := []store.Filter{{}, {PathPrefix: "guide/"}, {DocIDs: []string{"d01", "d07"}}, {Meta: map[string]string{"lang": "en"}},
		{Groups: []string{}}, {Groups: []string{"hr"}}, {Groups: []string{"finance", "x"}, PathPrefix: "faq/"}}
	for _, f := range filters {
		list, err := s.ListDocuments(ctx, coll, f)
		must(t, err)
		var got, exp []string
		for _, d := range list {
			got = append(got, d.Source)
		}
		for _, d := range docs {
			if allows(d, f) {
				exp = append(exp, d.Source)
			}
		}
		slices.Sort(exp)
		if !slices.Equal(got, exp) {
			t.Errorf("list %+v = %v, want %v", f, got, exp)
		}
	}
	// Another document may not take a source already stored.
	dup, _ := docs[2].Build(Dim)
	dup.ID = "other"
	if err := s.PutDocument(ctx, coll, dup, nil); !errors.Is(err, store.ErrExists) {
		t.Fatalf("put under another document's source: %v, want ErrExists", err)
	}
	// Chunks come back whole, in the order of the keys, unknown keys skipped.
	hits, err := s.KeywordSearch(ctx, coll, Bigrams("배송 조회"), 5, store.Filter{})
	must(t, err)
	if len(hits) == 0 {
		t.Fatal("no hits")
	}
	keys := []int64{hits[len(hits)-1].Key, -1, hits[0].Key}
	chunks, err := s.Chunks(ctx, coll, keys)
	must(t, err)
	if len(chunks) != 2 || chunks[0].Key != keys[0] || chunks[1].Key != keys[2] {
		t.Fatalf("chunks = %+v", chunks)
	}
	for _, c := range chunks {
		src := docs[0]
		for _, d := range docs {
			if d.ID == c.Doc.ID {
				src = d
			}
		}
		_, recs := src.Build(0)
		w := recs[c.Chunk.Ordinal].Chunk
		if c.Doc.Source != src.Source || c.Doc.Title != src.Title || fmt.Sprint(c.Chunk) != fmt.Sprint(w) {
			t.Fatalf("chunk = %+v (%+v), want %+v of %s", c.Chunk, c.Doc, w, src.Source)
		}
	}
}

// sameRanking checks got (keys mapped to chunk IDs) against the reference:
// the same scores position by position, and the same chunks except where
// equal scores may come in another order.
func sameRanking(t *testing.T, s store.Store, what string, got []store.Scored, ref ranked, k int) {
	t.Helper()
	ids := chunkIDs(t, s, got)
	want := ref.ids[:min(k, len(ref.ids))]
	if len(ids) != len(want) {
		t.Errorf("%s: %d results %v, want %d %v", what, len(ids), ids, len(want), want)
		return
	}
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-4*math.Max(1, math.Abs(b)) }
	for i := range ids {
		if !near(got[i].Score, ref.scores[want[i]]) {
			t.Errorf("%s: #%d scored %.6f, want %.6f (%s vs %s)", what, i+1, got[i].Score, ref.scores[want[i]], ids[i], want[i])
			return
		}
		if ids[i] != want[i] {
			if sc, ok := ref.scores[ids[i]]; !ok || !near(sc, got[i].Score) {
				t.Errorf("%s: #%d is %s, want %s\n got %v\nwant %v", what, i+1, ids[i], want[i], ids, want)
				return
			}
		}
	}
}

func chunkIDs(t *testing.T, s store.Store, hits []store.Scored) []string {
	t.Helper()
	keys := make([]int64, len(hits))
	for i, h := range hits {
		keys[i] = h.Key
	}
	cs, err := s.Chunks(context.Background(), coll, keys)
	must(t, err)
	if len(cs) != len(keys) {
		t.Fatalf("fetched %d of %d hit chunks", len(cs), len(keys))
	}
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.Chunk.ID
	}
	return ids
}

func testRankings(t *testing.T, s store.Store) {
	defer s.Close()
	ctx := context.Background()
	docs := Corpus()
	load(t, s, coll, Dim, docs)
	filters := []store.Filter{{}, {PathPrefix: "policy/"}, {DocIDs: []string{"d03", "d04", "d09"}}, {Meta: map[string]string{"lang": "ko", "team": "배송"}},
		{Groups: []string{}}, {Groups: []string{"hr"}}, {Groups: []string{"finance"}, PathPrefix: "guide/"}, {PathPrefix: "nowhere/"}}
	for _, q := range Queries {
		for _, f := range filters {
			for _, k := range []int{1, 5, 100} {
				what := fmt.Sprintf("%q k=%d filter %+v", q, k, f)
				hits, err := s.KeywordSearch(ctx, coll, Bigrams(q), k, f)
				must(t, err)
				sameRanking(t, s, "keyword "+what, hits, keywordRef(docs, Bigrams(q), f), k)
				vec := Embed(q)
				hits, err = s.VectorSearch(ctx, coll, vec, k, f)
				must(t, err)
				sameRanking(t, s, "vector "+what, hits, vectorRef(docs, vec, f), k)
			}
		}
	}
	st, err := s.TermStats(ctx, coll, []string{"배송", "없다", "배송"})
	must(t, err)
	ix := keywordIndex(docs)
	if st.Docs != ix.Len() || math.Abs(st.IDF[0]-ix.IDF("배송")) > 1e-9 || st.IDF[1] != 0 || st.IDF[2] != st.IDF[0] {
		t.Fatalf("term stats = %+v, want %d docs, idf %v", st, ix.Len(), ix.IDF("배송"))
	}
	if hits, err := s.KeywordSearch(ctx, coll, nil, 5, store.Filter{}); err != nil || len(hits) != 0 {
		t.Fatalf("empty query: %v %v", hits, err)
	}
}

func testReplace(t *testing.T, s store.Store) {
	defer s.Close()
	ctx := context.Background()
	docs := Corpus()
	load(t, s, coll, Dim, docs)
	// Replace d05 with fewer, different chunks; delete d06.
	docs[5].Paras = []string{"완전히 새로운 문단 하나 고양이 사료", "고양이 사료 배송"}
	doc, recs := docs[5].Build(Dim)
	must(t, s.PutDocument(ctx, coll, doc, recs))
	must(t, s.DeleteDocument(ctx, coll, docs[6].ID))
	if err := s.DeleteDocument(ctx, coll, docs[6].ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("delete twice: %v, want ErrNotFound", err)
	}
	docs = slices.Delete(docs, 6, 7)
	for _, q := range []string{"고양이 사료", "배송 조회", "환불 신청 기한"} {
		hits, err := s.KeywordSearch(ctx, coll, Bigrams(q), 10, store.Filter{})
		must(t, err)
		sameRanking(t, s, "keyword after replace "+q, hits, keywordRef(docs, Bigrams(q), store.Filter{}), 10)
		hits, err = s.VectorSearch(ctx, coll, Embed(q), 10, store.Filter{})
		must(t, err)
		sameRanking(t, s, "vector after replace "+q, hits, vectorRef(docs, Embed(q), store.Filter{}), 10)
	}
	c, err := s.GetCollection(ctx, coll)
	must(t, err)
	n := 0
	for _, d := range docs {
		n += len(d.Paras)
	}
	if c.Chunks != n || c.Documents != len(docs) {
		t.Fatalf("after replace: %d documents %d chunks, want %d, %d", c.Documents, c.Chunks, len(docs), n)
	}
	// A document of no chunks keeps its text and lists zero chunks.
	doc, _ = docs[0].Build(Dim)
	must(t, s.PutDocument(ctx, coll, doc, nil))
	if d, err := s.GetDocument(ctx, coll, doc.Source); err != nil || d.Chunks != 0 {
		t.Fatalf("empty document: %+v %v", d, err)
	}
}

func testNotFound(t *testing.T, s store.Store) {
	defer s.Close()
	ctx := context.Background()
	load(t, s, coll, Dim, Corpus()[:2])
	doc, recs := Corpus()[3].Build(Dim)
	checks := map[string]error{
		"get collection":    func() error { _, err := s.GetCollection(ctx, "nope"); return err }(),
		"delete collection": s.DeleteCollection(ctx, "nope"),
		"get document":      func() error { _, err := s.GetDocument(ctx, coll, "nope.txt"); return err }(),
		"list documents":    func() error { _, err := s.ListDocuments(ctx, "nope", store.Filter{}); return err }(),
		"document text":     func() error { _, err := s.DocumentText(ctx, coll, "nope"); return err }(),
		"delete document":   s.DeleteDocument(ctx, coll, "nope"),
		"put document":      s.PutDocument(ctx, "nope", doc, recs),
		"keyword search":    func() error { _, err := s.KeywordSearch(ctx, "nope", []string{"a"}, 3, store.Filter{}); return err }(),
		"vector search": func() error {
			_, err := s.VectorSearch(ctx, "nope", make([]float32, Dim), 3, store.Filter{})
			return err
		}(),
	}
	for what, err := range checks {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", what, err)
		}
	}
}

// testConcurrent writes and searches from many goroutines at once (run it
// with -race); every document ends stored exactly once.
func testConcurrent(t *testing.T, s store.Store) {
	defer s.Close()
	ctx := context.Background()
	load(t, s, coll, Dim, nil)
	docs := Corpus()
	var wg sync.WaitGroup
	errs := make(chan error, 4*3*len(docs))
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, d := range docs {
				doc, recs := d.Build(Dim)
				if (i+w)%2 == 0 { // every document written twice, by two writers
					errs <- s.PutDocument(ctx, coll, doc, recs)
				}
				_, err := s.KeywordSearch(ctx, coll, Bigrams(Queries[i%len(Queries)]), 5, store.Filter{})
				errs <- err
				_, err = s.VectorSearch(ctx, coll, Embed(Queries[i%len(Queries)]), 5, store.Filter{Groups: []string{"hr"}})
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	hits, err := s.KeywordSearch(ctx, coll, Bigrams("환불 신청 기한"), 100, store.Filter{})
	must(t, err)
	sameRanking(t, s, "keyword after concurrent writes", hits, keywordRef(docs, Bigrams("환불 신청 기한"), store.Filter{}), 100)
	c, err := s.GetCollection(ctx, coll)
	must(t, err)
	n := 0
	for _, d := range docs {
		n += len(d.Paras)
	}
	if c.Documents != len(docs) || c.Chunks != n {
		t.Fatalf("after concurrent writes: %d documents %d chunks, want %d, %d", c.Documents, c.Chunks, len(docs), n)
	}
}
