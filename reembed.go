package seogo

import (
	"context"
	"strconv"
	"time"

	"github.com/seogo/seogo/embed"
	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store"
)

// ReembedOptions tune a move to another embedder.
type ReembedOptions struct {
	Collection string
	// Embedder is the new embedder ("openai:text-embedding-3-small", "local", ...).
	Embedder string
	// PageSize is how many chunks are embedded and staged at a time (default 512).
	PageSize int
	// Progress, when set, is called after each page.
	Progress func(done, total int)
	// Force re-embeds even when the collection already records this
	// embedder: a word-vector model retrained under the same name gives
	// other vectors for the same texts.
	Force bool
}

// ReembedSummary reports a finished move.
type ReembedSummary struct {
	Collection string  `json:"collection"`
	From       string  `json:"from"`
	To         string  `json:"to"`
	Dim        int     `json:"dim"`
	Chunks     int     `json:"chunks"`
	Resumed    bool    `json:"resumed"`
	CacheHits  int64   `json:"cache_hits"`
	Embedded   int64   `json:"embedded"`
	Seconds    float64 `json:"seconds"`
}

// Reembed moves a collection to another embedder. New vectors are staged
// beside the live ones page by page, and one transaction switches them all
// when every chunk has one: until then searches use the old vectors, and a
// stopped run (Ctrl-C, a provider outage) resumes where it stopped.
func (e *Engine) Reembed(ctx context.Context, opt ReembedOptions) (*ReembedSummary, error) {
	start := time.Now()
	coll := e.collName(opt.Collection)
	st, ok := e.store.(store.Reembedder)
	if !ok {
		return nil, i18n.Errorf("이 저장소는 임베더 교체를 지원하지 않습니다", "this store cannot move a collection to another embedder")
	}
	c, err := e.store.GetCollection(ctx, coll)
	if err != nil {
		return nil, notFoundCollection(coll, err)
	}
	emb, err := e.newEmbedder(ctx, orDefault(opt.Embedder, DefaultEmbedder), 0, true)
	if err != nil {
		return nil, err
	}
	sum := &ReembedSummary{Collection: coll, From: c.Embedder, To: emb.Name(), Dim: emb.Dim(), Chunks: c.Chunks}
	if emb.Name() == c.Embedder && emb.Dim() == c.Dim && !opt.Force {
		return sum, nil
	}
	target := emb.Name() + "@" + strconv.Itoa(emb.Dim())
	if opt.Force {
		// Vectors staged by an earlier model of the same name must not be
		// resumed: the target names this model's version.
		target += "#" + e.embedderVersion(orDefault(opt.Embedder, DefaultEmbedder))
	}
	after, err := st.StagedUpTo(ctx, coll, target)
	if err != nil {
		return nil, err
	}
	sum.Resumed = after > 0
	page := opt.PageSize
	if page <= 0 {
		page = 512
	}
	done := 0
	for {
		chunks, err := st.ChunksAfter(ctx, coll, after, page)
		if err != nil {
			return sum, err
		}
		if len(chunks) == 0 {
			break
		}
		texts := make([]string, len(chunks))
		for i, sc := range chunks {
			texts[i] = embedText(sc.Doc.Title, sc.Chunk)
		}
		vecs, err := emb.Embed(ctx, texts)
		if err != nil {
			return sum, err
		}
		staged := make(map[int64][]float32, len(chunks))
		for i, sc := range chunks {
			staged[sc.Key] = vecs[i]
		}
		if err := st.StageVectors(ctx, coll, target, staged); err != nil {
			return sum, err
		}
		after = chunks[len(chunks)-1].Key
		done += len(chunks)
		if opt.Progress != nil {
			opt.Progress(done, c.Chunks)
		}
	}
	if err := st.SwitchEmbedder(ctx, coll, target, emb.Name(), emb.Dim()); err != nil {
		return sum, err
	}
	e.mu.Lock()
	delete(e.bindings, coll)
	e.mu.Unlock()
	if ge, ok := emb.(guardedEmbedder); ok {
		emb = ge.Embedder
	}
	if ce, ok := emb.(*embed.Cached); ok {
		sum.CacheHits, sum.Embedded = ce.Stats()
	}
	sum.Seconds = time.Since(start).Seconds()
	return sum, nil
}
