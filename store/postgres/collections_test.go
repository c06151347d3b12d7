package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/store/storetest"
)

// TestCreateCollectionDoesNotStopWriters: creating a collection builds its
// vector index without a lock that queues other collections' writers. A
// transaction writing into collection A stays open; creating B waits for
// it (an index build must), but a second writer into A goes through
// meanwhile; once A's transactions end, B exists with a valid index.
func TestCreateCollectionDoesNotStopWriters(t *testing.T) {
	s := openFresh(t, "")
	defer s.Close()
	ctx := context.Background()
	if err := s.CreateCollection(ctx, store.Collection{Name: "a", Analyzer: "bigram", Embedder: "hash", Dim: storetest.Dim}); err != nil {
		t.Fatal(err)
	}
	d := storetest.Corpus()[0]
	doc, recs := d.Build(storetest.Dim)
	if err := s.PutDocument(ctx, "a", doc, recs); err != nil {
		t.Fatal(err)
	}
	open, err := s.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer open.Rollback(ctx)
	if _, err := open.Exec(ctx, `UPDATE seogo_chunks SET page = page WHERE id = $1`, recs[0].Chunk.ID); err != nil {
		t.Fatal(err)
	}
	created := make(chan error, 1)
	go func() {
		created <- s.CreateCollection(ctx, store.Collection{Name: "b", Analyzer: "bigram", Embedder: "hash", Dim: storetest.Dim})
	}()
	time.Sleep(300 * time.Millisecond) // let the build start waiting
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	second := storetest.Corpus()[1]
	doc2, recs2 := second.Build(storetest.Dim)
	if err := s.PutDocument(wctx, "a", doc2, recs2); err != nil {
		t.Fatalf("a writer was held up by the collection being created: %v", err)
	}
	select {
	case err := <-created:
		t.Fatalf("the index build did not wait for the open transaction: %v", err)
	default:
	}
	if err := open.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-created; err != nil {
		t.Fatal(err)
	}
	var valid bool
	if err := s.pool.QueryRow(ctx, `SELECT i.indisvalid FROM pg_index i JOIN seogo_collections c ON i.indexrelid = to_regclass('seogo_chunks_hnsw_' || c.id)
		WHERE c.name = 'b'`).Scan(&valid); err != nil || !valid {
		t.Fatalf("b's index: valid %v, %v", valid, err)
	}
	// Deleting drops the index too.
	if err := s.DeleteCollection(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'seogo_chunks_hnsw_%'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("hnsw indexes after deleting b: %d (%v), want a's only", n, err)
	}
}
