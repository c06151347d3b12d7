package postgres

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/store/bm25"
	"github.com/seogo/seogo/store/storetest"
)

// TestKeywordIndexFollowsOtherNodes: node A keeps an in-memory keyword
// index; node B adds, replaces and deletes documents, and a transaction
// that began before B's writes commits after them. After every step A's
// rankings equal a store/bm25 index built from scratch over what the
// database holds, and equal the SQL formulation's.
func TestKeywordIndexFollowsOtherNodes(t *testing.T) {
	url := freshURL(t, "")
	ctx := context.Background()
	open := func(extra string) *Store {
		s, err := Open(ctx, url+extra, Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	a, b, sqlNode := open(""), open(""), open("&seogo_keyword=sql")
	if err := b.CreateCollection(ctx, store.Collection{Name: "kw", Analyzer: "bigram", Embedder: "hash", Dim: storetest.Dim}); err != nil {
		t.Fatal(err)
	}
	put := func(s *Store, d storetest.Doc) {
		t.Helper()
		doc, recs := d.Build(storetest.Dim)
		if err := s.PutDocument(ctx, "kw", doc, recs); err != nil {
			t.Fatal(err)
		}
	}
	queries := []string{"환불 기한", "배송 조회", "연차 휴가 신청", "개인정보 보호", "보안 점검 결과"}
	check := func(step string) {
		t.Helper()
		want := scratchIndex(t, a, "kw")
		for _, q := range queries {
			toks := storetest.Bigrams(q)
			got, err := a.KeywordSearch(ctx, "kw", toks, 10, store.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			viaSQL, err := sqlNode.KeywordSearch(ctx, "kw", toks, 10, store.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			exp := want.Search(toks, 10, nil)
			if !sameKeys(got, exp) || !sameKeys(viaSQL, exp) {
				t.Fatalf("%s, %q:\n memory %v\n sql    %v\n fresh  %v", step, q, got, viaSQL, exp)
			}
		}
	}
	docs := storetest.Corpus()
	for _, d := range docs[:8] {
		put(b, d)
	}
	check("A's first search builds its index")
	for _, d := range docs[8:] {
		put(b, d)
	}
	check("B added documents")
	changed := docs[3]
	changed.Paras = []string{"환불 기한은 이제 30일입니다. 배송 조회와 무관합니다.", "보안 점검 결과는 비공개입니다."}
	put(b, changed)
	check("B replaced a document")
	if err := b.DeleteDocument(ctx, "kw", docs[5].ID); err != nil {
		t.Fatal(err)
	}
	check("B deleted a document")

	// A transaction that starts (and takes its transaction id) before B's
	// next write, and commits after A has caught up with that write.
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	late, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := late.Exec(ctx, `SELECT pg_current_xact_id()`); err != nil {
		t.Fatal(err)
	}
	put(b, storetest.Doc{ID: "early", Source: "early.txt", Title: "연차", Paras: []string{"연차 휴가 신청은 열흘 전까지 합니다."}})
	check("B wrote while an older transaction was open")
	var collID int64
	if err := late.QueryRow(ctx, `SELECT id FROM seogo_collections WHERE name = 'kw'`).Scan(&collID); err != nil {
		t.Fatal(err)
	}
	text := "연차 휴가 신청 기한과 개인정보 보호 서약"
	if _, err := late.Exec(ctx, `INSERT INTO seogo_documents (coll_id, id, source, title, format, hash, size, text, created, updated)
		VALUES ($1, 'late', 'late.txt', '늦은 문서', 'txt', 'h', 1, $2, 0, 0)`, collID, text); err != nil {
		t.Fatal(err)
	}
	if _, err := late.Exec(ctx, `INSERT INTO seogo_chunks (coll_id, doc_id, id, ordinal, text, start, "end", char_start, char_end, page, tokens, title_tokens)
		VALUES ($1, 'late', 'late#0', 0, $2, 0, $3, 0, $4, 1, $5, $6)`,
		collID, text, len(text), len([]rune(text)), storetest.Bigrams(text), storetest.Bigrams("늦은 문서")); err != nil {
		t.Fatal(err)
	}
	// As PutDocument does: the SQL formulation reads the corpus counters.
	if _, err := late.Exec(ctx, `UPDATE seogo_collections SET chunks = chunks + 1, body_tokens = body_tokens + $2, title_tokens = title_tokens + $3
		WHERE id = $1`, collID, len(storetest.Bigrams(text)), len(storetest.Bigrams("늦은 문서"))); err != nil {
		t.Fatal(err)
	}
	if err := late.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	check("the older transaction committed late")
	got, _ := a.KeywordSearch(ctx, "kw", storetest.Bigrams("개인정보 보호 서약"), 1, store.Filter{})
	var lateKey int64
	_ = conn.QueryRow(ctx, `SELECT key FROM seogo_chunks WHERE id = 'late#0'`).Scan(&lateKey)
	if len(got) == 0 || got[0].Key != lateKey {
		t.Fatalf("the late chunk %d is not A's best hit: %v", lateKey, got)
	}
	// Filters and term statistics come from the same index.
	f := store.Filter{DocIDs: []string{"late", docs[0].ID}}
	got, err = a.KeywordSearch(ctx, "kw", storetest.Bigrams("연차 휴가 신청"), 10, f)
	if err != nil {
		t.Fatal(err)
	}
	viaSQL, _ := sqlNode.KeywordSearch(ctx, "kw", storetest.Bigrams("연차 휴가 신청"), 10, f)
	if !slices.Equal(keysOf(got), keysOf(viaSQL)) || len(got) == 0 {
		t.Fatalf("filtered: memory %v sql %v", got, viaSQL)
	}
	st, _ := a.TermStats(ctx, "kw", []string{"연차", "없는말"})
	st2, _ := sqlNode.TermStats(ctx, "kw", []string{"연차", "없는말"})
	if st.Docs != st2.Docs || fmt.Sprintf("%.6f", st.IDF) != fmt.Sprintf("%.6f", st2.IDF) {
		t.Fatalf("term stats: memory %+v sql %+v", st, st2)
	}
}

// scratchIndex builds a store/bm25 index from what the database holds now.
func scratchIndex(t *testing.T, s *Store, coll string) *bm25.Index {
	t.Helper()
	ix := bm25.New(s.bm)
	rows, err := s.pool.Query(context.Background(), `SELECT c.key, c.tokens, c.title_tokens FROM seogo_chunks c
		JOIN seogo_collections k ON k.id = c.coll_id WHERE k.name = $1`, coll)
	if err != nil {
		t.Fatal(err)
	}
	var key int64
	var body, title []string
	if _, err := pgx.ForEachRow(rows, []any{&key, &body, &title}, func() error { ix.Add(uint32(key), body, title); return nil }); err != nil {
		t.Fatal(err)
	}
	return ix
}

// sameKeys compares rankings up to ties: same keys, scores equal to 1e-5.
func sameKeys(got []store.Scored, want []bm25.Hit) bool {
	if len(got) != len(want) {
		return false
	}
	gs, ws := map[int64]float64{}, map[int64]float64{}
	for i := range got {
		gs[got[i].Key], ws[int64(want[i].Key)] = got[i].Score, want[i].Score
	}
	for k, w := range ws {
		g, ok := gs[k]
		if !ok {
			return false
		}
		if d := g - w; d > 1e-5*max(1, w) || d < -1e-5*max(1, w) {
			return false
		}
	}
	return true
}
