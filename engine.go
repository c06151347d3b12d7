package seogo

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/seogo/seogo/analysis"
	"github.com/seogo/seogo/embed"
	"github.com/seogo/seogo/guard"
	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/llm"
	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/loader/formats"
	"github.com/seogo/seogo/split"
	"github.com/seogo/seogo/store"
)

// DefaultAnalyzer is the analyzer new collections use: the best measured on
// KorQuAD (see README's evaluation table).
const DefaultAnalyzer = analysis.Default

// DefaultEmbedder is the built-in offline embedder family.
const DefaultEmbedder = "local-hash"

// Engine is an open seogo data directory. It is safe for concurrent use.
type Engine struct {
	cfg    Config
	store  store.Store
	loader *loader.Registry

	mu       sync.Mutex
	bindings map[string]*binding
	chats    map[string]llm.ChatModel // by provider, built on first use
	guard    *guard.Guard             // nil when the policy is off
	audit    *guard.Audit             // the guard's audit log, nil when off
}

// binding is a collection with the analyzer and embedder its data was built with.
type binding struct {
	coll     store.Collection
	analyzer analysis.Analyzer
	embedder embed.Embedder
	splitter split.Splitter
}

// Open opens (creating if needed) the data directory named by cfg.
func Open(ctx context.Context, cfg Config) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	g, err := newGuard(cfg.Guard)
	if err != nil {
		st.Close()
		return nil, err
	}
	g, audit, err := openGuardAudit(g, cfg.Guard, cfg.DataDir)
	if err != nil {
		st.Close()
		return nil, err
	}
	return &Engine{cfg: cfg, store: st, loader: newRegistry(cfg), bindings: map[string]*binding{}, guard: g, audit: audit}, nil
}

// newRegistry is the loader registry with every format seogo reads.
func newRegistry(cfg Config) *loader.Registry {
	return formats.NewRegistry(formats.Options{PDFPassword: cfg.Ingest.PDFPassword, SpeakerNotes: cfg.Ingest.SpeakerNotes})
}

// Config returns the engine's configuration.
func (e *Engine) Config() Config { return e.cfg }

// Close flushes derived indexes, closes the store and the audit log.
func (e *Engine) Close() error {
	err := e.store.Close()
	if e.audit != nil {
		if aerr := e.audit.Close(); err == nil {
			err = aerr
		}
	}
	return err
}

// Store exposes the underlying store (for tools such as eval and the server).
func (e *Engine) Store() store.Store { return e.store }

func (e *Engine) collName(name string) string {
	if name == "" {
		return e.cfg.Collection
	}
	return name
}

// CreateCollection creates a collection bound to the configured (or default)
// analyzer and embedder.
func (e *Engine) CreateCollection(ctx context.Context, name string) (store.Collection, error) {
	if !validName(name) {
		return store.Collection{}, i18n.Errorf("컬렉션 이름 %q 를 쓸 수 없습니다: 글자, 숫자, -, _, . 만 쓰세요(최대 64자)",
			"collection name %q is not valid: use letters, digits, '-', '_' or '.' (at most 64)", name)
	}
	an, err := analysis.New(orDefault(e.cfg.Analyzer, DefaultAnalyzer))
	if err != nil {
		return store.Collection{}, err
	}
	emb, err := e.newEmbedder(ctx, orDefault(e.cfg.Embedder, DefaultEmbedder), 0, true)
	if err != nil {
		return store.Collection{}, err
	}
	c := store.Collection{Name: name, Analyzer: an.Name(), Embedder: emb.Name(), Dim: emb.Dim()}
	if err := e.store.CreateCollection(ctx, c); err != nil {
		if errors.Is(err, store.ErrExists) {
			return c, i18n.Errorf("컬렉션 %q 가 이미 있습니다", "collection %q already exists: %w", name, err)
		}
		return c, err
	}
	return e.store.GetCollection(ctx, name)
}

// Collections lists the collections with their document and chunk counts.
func (e *Engine) Collections(ctx context.Context) ([]store.Collection, error) {
	return e.store.ListCollections(ctx)
}

// DeleteCollection removes a collection and everything in it.
func (e *Engine) DeleteCollection(ctx context.Context, name string) error {
	e.mu.Lock()
	delete(e.bindings, name)
	e.mu.Unlock()
	if err := e.store.DeleteCollection(ctx, name); err != nil {
		return notFoundCollection(name, err)
	}
	return nil
}

// Documents lists the documents of a collection.
func (e *Engine) Documents(ctx context.Context, coll string, f store.Filter) ([]store.DocInfo, error) {
	docs, err := e.store.ListDocuments(ctx, e.collName(coll), f)
	return docs, notFoundCollection(e.collName(coll), err)
}

// RemoveDocument deletes a document (by ID or by source path) and its chunks.
func (e *Engine) RemoveDocument(ctx context.Context, coll, idOrPath string) (store.DocInfo, error) {
	coll = e.collName(coll)
	docs, err := e.store.ListDocuments(ctx, coll, store.Filter{})
	if err != nil {
		return store.DocInfo{}, notFoundCollection(coll, err)
	}
	abs := canonicalPath(idOrPath)
	for _, d := range docs {
		if d.ID == idOrPath || d.Source == idOrPath || d.Source == abs {
			return d, e.store.DeleteDocument(ctx, coll, d.ID)
		}
	}
	return store.DocInfo{}, i18n.Errorf("컬렉션 %q 에 문서 %q 가 없습니다(seogo docs list 로 확인하세요)",
		"collection %q has no document %q (see seogo docs list): %w", coll, idOrPath, store.ErrNotFound)
}

// bind returns the collection's binding; create makes the collection when it
// does not exist yet (ingest does, search does not).
func (e *Engine) bind(ctx context.Context, name string, create bool) (*binding, error) {
	e.mu.Lock()
	b := e.bindings[name]
	e.mu.Unlock()
	if b != nil {
		return b, nil
	}
	c, err := e.store.GetCollection(ctx, name)
	if errors.Is(err, store.ErrNotFound) && create {
		c, err = e.CreateCollection(ctx, name)
		if errors.Is(err, store.ErrExists) { // created meanwhile by another call
			c, err = e.store.GetCollection(ctx, name)
		}
	}
	if err != nil {
		return nil, notFoundCollection(name, err)
	}
	if err := e.checkBinding(ctx, c); err != nil {
		return nil, err
	}
	an, err := analysis.New(c.Analyzer)
	if err != nil {
		return nil, err
	}
	emb, err := e.storedEmbedder(c.Embedder, c.Dim)
	if err != nil {
		return nil, err
	}
	b = &binding{coll: c, analyzer: an, embedder: emb,
		splitter: split.New(split.Options{ChunkTokens: e.cfg.Chunk.Tokens, OverlapTokens: e.cfg.Chunk.Overlap})}
	e.mu.Lock()
	defer e.mu.Unlock()
	if prev := e.bindings[name]; prev != nil {
		return prev, nil
	}
	e.bindings[name] = b
	return b, nil
}

// checkBinding reports an explicit analyzer or embedder setting that differs
// from what the collection was built with: tokens or vectors of another kind
// would silently never match.
func (e *Engine) checkBinding(ctx context.Context, c store.Collection) error {
	if want := e.cfg.Analyzer; want != "" {
		an, err := analysis.New(want)
		if err != nil {
			return err
		}
		if an.Name() != c.Analyzer {
			return i18n.Errorf("컬렉션 %q 는 분석기 %s 로 만들어졌는데 설정은 %s 입니다: 설정을 지우거나 새 컬렉션을 쓰세요",
				"collection %q was built with analyzer %s; this config asks for %s: drop the setting or use a new collection",
				c.Name, c.Analyzer, an.Name())
		}
	}
	if e.cfg.Embedder == "" && e.cfg.EmbedDim == 0 {
		return nil
	}
	want, wantDim, err := e.embedderIdentity(orDefault(e.cfg.Embedder, DefaultEmbedder))
	if err != nil {
		return err
	}
	sameFamily := e.cfg.Embedder == "" || want == c.Embedder
	if !sameFamily || (wantDim != 0 && wantDim != c.Dim) {
		return i18n.Errorf("컬렉션 %q 는 임베더 %s (%d차원)로 만들어졌는데 설정은 %s (%d차원)입니다: 설정을 지우거나, 새 컬렉션에 다시 넣거나, seogo reembed 로 옮기세요",
			"collection %q was built with embedder %s (%d dims); this config asks for %s (%d dims): drop the setting, ingest into a new collection, or move it with `seogo reembed`",
			c.Name, c.Embedder, c.Dim, want, wantDim)
	}
	return nil
}

func notFoundCollection(name string, err error) error {
	if err != nil && errors.Is(err, store.ErrNotFound) && !strings.Contains(err.Error(), "document") {
		return i18n.Errorf("컬렉션 %q 가 없습니다: seogo ingest 로 문서를 넣거나 seogo collections create %s 로 만드세요",
			"collection %q does not exist: ingest documents into it or create it with `seogo collections create %s`: %w",
			name, name, err)
	}
	return err
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
