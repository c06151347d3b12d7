package seogo

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A folder reached once directly and once through a symlink is one set of
// documents, not two.
func TestIngestThroughSymlinkedRoot(t *testing.T) {
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.DataDir, cfg.Analyzer = t.TempDir(), "bigram"
	e, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	dir := t.TempDir()
	real := filepath.Join(dir, "규정")
	if err := os.MkdirAll(real, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(real, "휴가.txt"), []byte("연차 휴가는 열닷새입니다.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "링크")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	first, err := e.Ingest(ctx, []string{real}, IngestOptions{})
	if err != nil || first.Added != 1 {
		t.Fatalf("first ingest: %v %+v", err, first)
	}
	again, err := e.Ingest(ctx, []string{link}, IngestOptions{Prune: true})
	if err != nil || again.Unchanged != 1 || again.Added != 0 || again.Removed != 0 {
		t.Fatalf("through the link: want 1 unchanged, got %v %+v", err, again)
	}
	docs, err := e.Documents(ctx, "", Filter{})
	if err != nil || len(docs) != 1 {
		t.Fatalf("want 1 document, got %d (%v)", len(docs), err)
	}
	if _, err := e.RemoveDocument(ctx, "", filepath.Join(link, "휴가.txt")); err != nil {
		t.Errorf("remove by the linked path: %v", err)
	}
}
