package seogo

import (
	"context"
	"errors"
	"strings"

	"github.com/seogo/seogo/embed"
	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/store/bm25"
	"github.com/seogo/seogo/store/postgres"
	"github.com/seogo/seogo/store/sqlite"
)

// openStoreURL opens the store named by storeURL: "" (the data directory
// cfg.DataDir), "sqlite:DIR" or a directory path (the embedded store there),
// or "postgres://…" (PostgreSQL + pgvector, shared by any number of nodes).
// OpenStore opens the store cfg names (Store, else DataDir) without the
// engine around it: for tools that manage what the store keeps.
func OpenStore(ctx context.Context, cfg Config) (store.Store, error) { return openStore(ctx, cfg) }

// openStore opens the store the configuration names: cfg.Store ("" or
// "sqlite:DIR" for the embedded store in the data directory, or a
// postgres:// URL).
func openStore(ctx context.Context, cfg Config) (store.Store, error) {
	return openStoreURL(ctx, cfg, cfg.Store)
}

func openStoreURL(ctx context.Context, cfg Config, storeURL string) (store.Store, error) {
	p := bm25.Params{K1: cfg.BM25.K1, B: cfg.BM25.B, TitleBoost: cfg.BM25.TitleBoost}
	if postgres.IsURL(storeURL) {
		return postgres.Open(ctx, storeURL, postgres.Options{BM25: p})
	}
	dir := cfg.DataDir
	if storeURL != "" {
		dir = strings.TrimPrefix(storeURL, "sqlite:")
	}
	if strings.Contains(dir, "://") {
		return nil, i18n.Errorf("저장소 주소 %q 를 이해할 수 없습니다: sqlite:폴더 또는 postgres://… 로 쓰세요",
			"cannot understand the store address %q: write sqlite:DIR or postgres://…", storeURL)
	}
	return sqlite.Open(ctx, dir, sqlite.Options{BM25: p, VectorQuant: cfg.Index.Quantization, Progress: cfg.Index.Progress})
}

// exporter is a store that can hand back a document's chunks with their
// tokens and vectors (both built-in stores can).
type exporter interface {
	ExportRecords(ctx context.Context, coll, docID string) ([]store.Record, error)
}

// MigrateProgress reports one document copied (or found already there).
type MigrateProgress struct {
	Collection string
	Done       int // documents of this collection handled so far
	Total      int // documents in this collection
	Source     string
	Skipped    bool // already in the destination with the same hash and chunks
}

// MigrateStore copies every collection (or only those named) from one store
// to another — "sqlite:DIR", a directory, or "postgres://…" on either side —
// with their documents, chunks, tokens and vectors: nothing is analysed or
// embedded again. It is resumable: a document already in the destination
// with the same hash and chunk count is skipped, so a stopped run is simply
// run again. progress, when not nil, is called after every document.
func MigrateStore(ctx context.Context, cfg Config, from, to string, colls []string, progress func(MigrateProgress)) error {
	src, err := openStoreURL(ctx, cfg, from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := openStoreURL(ctx, cfg, to)
	if err != nil {
		return err
	}
	defer dst.Close()
	ex, ok := src.(exporter)
	if !ok {
		return i18n.Errorf("%s 저장소에서는 청크를 내보낼 수 없습니다", "the store %s cannot export its chunks", from)
	}
	all, err := src.ListCollections(ctx)
	if err != nil {
		return err
	}
	for _, c := range all {
		if len(colls) > 0 && !contains(colls, c.Name) {
			continue
		}
		if err := migrateCollection(ctx, src, ex, dst, c, progress); err != nil {
			return err
		}
	}
	return migrateEmbedCache(ctx, src, dst)
}

// migrateEmbedCache copies the embedding cache (keys are hashes of
// embedder, dimension and text, the same in every store), so documents
// re-ingested after the move pay no provider again. Existing keys stay, so
// a second run only adds what is missing.
func migrateEmbedCache(ctx context.Context, src, dst store.Store) error {
	from, ok := src.(embed.CachePager)
	to, ok2 := dst.(embed.Cache)
	if !ok || !ok2 {
		return nil
	}
	var after []byte
	for {
		keys, vecs, err := from.VectorsAfter(ctx, after, 1000)
		if err != nil {
			return err
		}
		if len(keys) == 0 {
			return nil
		}
		page := make(map[string][]float32, len(keys))
		for i, k := range keys {
			page[string(k)] = vecs[i]
		}
		if err := to.PutVectors(ctx, page); err != nil {
			return err
		}
		if len(keys) < 1000 {
			return nil
		}
		after = keys[len(keys)-1]
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func migrateCollection(ctx context.Context, src store.Store, ex exporter, dst store.Store, c store.Collection, progress func(MigrateProgress)) error {
	err := dst.CreateCollection(ctx, store.Collection{Name: c.Name, Analyzer: c.Analyzer, Embedder: c.Embedder, Dim: c.Dim, Created: c.Created})
	if errors.Is(err, store.ErrExists) {
		have, gerr := dst.GetCollection(ctx, c.Name)
		if gerr != nil {
			return gerr
		}
		if have.Dim != c.Dim || have.Embedder != c.Embedder || have.Analyzer != c.Analyzer {
			return i18n.Errorf("대상에 이미 있는 %q 컬렉션은 다른 분석기/임베더(%s, %s %d차원)로 만들어졌습니다(원본: %s, %s %d차원): 대상의 컬렉션을 지우거나 다른 이름을 쓰세요",
				"collection %q already exists in the destination with another analyzer/embedder (%s, %s %d dims; source: %s, %s %d dims): delete it there or use another name",
				c.Name, have.Analyzer, have.Embedder, have.Dim, c.Analyzer, c.Embedder, c.Dim)
		}
	} else if err != nil {
		return err
	}
	docs, err := src.ListDocuments(ctx, c.Name, store.Filter{})
	if err != nil {
		return err
	}
	for i, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		p := MigrateProgress{Collection: c.Name, Done: i + 1, Total: len(docs), Source: d.Source}
		if have, err := dst.GetDocument(ctx, c.Name, d.Source); err == nil && have.ID == d.ID && have.Hash == d.Hash && have.Chunks == d.Chunks {
			p.Skipped = true
		} else {
			if err := copyDocument(ctx, src, ex, dst, c.Name, d); err != nil {
				return err
			}
		}
		if progress != nil {
			progress(p)
		}
	}
	return nil
}

func copyDocument(ctx context.Context, src store.Store, ex exporter, dst store.Store, coll string, d store.DocInfo) error {
	text, err := src.DocumentText(ctx, coll, d.ID)
	if err != nil {
		return err
	}
	recs, err := ex.ExportRecords(ctx, coll, d.ID)
	if err != nil {
		return err
	}
	doc := &schema.Document{ID: d.ID, Source: d.Source, Title: d.Title, Format: d.Format, Hash: d.Hash, Size: d.Size,
		Metadata: d.Metadata, Text: text, CreatedAt: d.Created, UpdatedAt: d.Updated}
	return dst.PutDocument(ctx, coll, doc, recs)
}

// MigrateSchema brings the schema of the store at storeURL ("" is the data
// directory) up to date and returns a description of it: what `seogo db
// migrate` does, for operators who apply schema changes before rolling out
// nodes. Opening a store does the same, so running it is never required.
func MigrateSchema(ctx context.Context, cfg Config, storeURL string) error {
	st, err := openStoreURL(ctx, cfg, storeURL)
	if err != nil {
		return err
	}
	return st.Close()
}
