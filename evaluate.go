package seogo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/seogo/seogo/embed/wordvec"
	"github.com/seogo/seogo/eval"
	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/rag"
	"github.com/seogo/seogo/retrieve"
	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/store/postgres"
	"github.com/seogo/seogo/textproc"
)

// EvalOptions tune an evaluation run.
type EvalOptions struct {
	Modes   []string // default: keyword, semantic, hybrid
	Answers bool     // also score extractive answers (SQuAD-style sets)
	// MaxQueries limits the number of queries (0 = all), for quick runs.
	MaxQueries int
	Progress   func(stage string, done, total int)
	// WordVec tunes the word vectors trained on the corpus when the
	// embedder is a bare "wordvec" (Name is ignored).
	WordVec WordVecOptions
}

// Evaluate ingests ds's corpus into a temporary store built with cfg, runs
// every query in each mode and reports retrieval (and answer) quality. The
// user's own data directory is never touched.
func Evaluate(ctx context.Context, cfg Config, ds *eval.Dataset, opt EvalOptions) (*eval.Report, error) {
	// Check the modes before spending time on ingest; report under the
	// canonical names so the JSON keys stay stable ("bm25" → "keyword").
	var modes []string
	for _, m := range opt.Modes {
		pm, err := retrieve.ParseMode(m)
		if err != nil {
			return nil, err
		}
		modes = append(modes, string(pm))
	}
	if len(modes) == 0 {
		for _, m := range retrieve.Modes() {
			modes = append(modes, string(m))
		}
	}
	tmp, err := os.MkdirTemp("", "seogo-eval-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	// A shared store (PostgreSQL) is not temporary: the run gets a
	// collection of its own there, deleted at the end.
	coll := "eval"
	if postgres.IsURL(cfg.Store) {
		var r [6]byte
		_, _ = rand.Read(r[:])
		coll = "eval-" + hex.EncodeToString(r[:])
	}
	cfg.DataDir, cfg.Collection = tmp, coll
	var trained *WordVecSummary
	if prov, model, err := parseEmbedder(cfg.Embedder); err == nil && prov == wordvecEmbedder && model == "" {
		if trained, err = trainOnDataset(ctx, tmp, ds, opt); err != nil {
			return nil, err
		}
		cfg.Embedder = trained.Embedder
	}
	e, err := Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer e.Close()
	if coll != "eval" {
		defer e.Store().DeleteCollection(context.WithoutCancel(ctx), coll)
	}
	b, err := e.bind(ctx, coll, true)
	if err != nil {
		return nil, err
	}
	progress := func(stage string) func(done, total int) {
		return func(done, total int) {
			if opt.Progress != nil {
				opt.Progress(stage, done, total)
			}
		}
	}
	start := time.Now()
	chunks, err := e.ingestDataset(ctx, b, ds, progress("ingest"))
	if err != nil {
		return nil, err
	}
	rep := &eval.Report{
		Dataset: ds.Name, Docs: len(ds.Docs), Chunks: chunks, IngestSeconds: time.Since(start).Seconds(),
		Modes: map[string]eval.ModeReport{}, Analyzer: b.analyzer.Name(), Embedder: b.embedder.Name(),
	}
	if trained != nil {
		rep.IngestSeconds += trained.Stats.Seconds
	}
	qs := ds.Queries
	if opt.MaxQueries > 0 && opt.MaxQueries < len(qs) {
		qs = qs[:opt.MaxQueries]
	}
	rep.Queries = len(qs)
	for _, m := range modes {
		mr, err := eval.RunRetrieval(ctx, docSearcher{e}, m, qs, 0, progress(m))
		if err != nil {
			return nil, err
		}
		rep.Modes[m] = mr
	}
	if opt.Answers && ds.HasAnswers {
		ar, err := eval.RunAnswers(ctx, answerer{e}, qs, 0, progress("answers"))
		if err != nil {
			return nil, err
		}
		rep.Answers = &ar
	}
	return rep, nil
}

// trainOnDataset trains word vectors on the dataset's documents (never its
// queries: that would leak the answers) into dataDir, for `--embedder wordvec`.
func trainOnDataset(ctx context.Context, dataDir string, ds *eval.Dataset, opt EvalOptions) (*WordVecSummary, error) {
	texts := make([]string, len(ds.Docs))
	for i, d := range ds.Docs {
		texts[i] = textproc.NormalizeString(d.Title + "\n" + d.Text)
	}
	wo := opt.WordVec
	wo.Name = "eval"
	if wo.Train.Seed == 0 {
		wo.Train.Seed = 1
	}
	// One worker: Hogwild! updates from several make every run's vectors
	// differ, which moves R@1 by about ±0.001, as much as the differences
	// an evaluation is run to see.
	if wo.Train.Workers == 0 {
		wo.Train.Workers = 1
	}
	if opt.Progress != nil && wo.Train.Progress == nil {
		wo.Train.Progress = func(p wordvec.Progress) { opt.Progress("train", int(p.Words), int(p.Total)) }
	}
	return trainWordVectors(ctx, filepath.Join(dataDir, "embedders"), texts, wo)
}

// ingestDataset stores each dataset document (already text) through the same
// split → analyse → embed → store path as files.
func (e *Engine) ingestDataset(ctx context.Context, b *binding, ds *eval.Dataset, progress func(done, total int)) (int, error) {
	chunks, done := 0, 0
	type prepared struct {
		doc  *schema.Document
		recs []store.Record
		err  error
	}
	err := inOrder(ctx, len(ds.Docs), runtime.GOMAXPROCS(0), func(ctx context.Context, i int) prepared {
		d := ds.Docs[i]
		text := textproc.NormalizeString(d.Text)
		doc := &schema.Document{
			ID: d.ID, Source: ds.Name + "/" + d.ID, Title: textproc.NormalizeString(d.Title), Format: "txt",
			Text: text, Size: int64(len(d.Text)), Hash: d.ID,
			Sections: []schema.Section{{Start: 0, End: len(text)}},
		}
		recs, err := e.records(ctx, b, doc)
		return prepared{doc, recs, err}
	}, func(_ int, p prepared) error {
		if p.err != nil {
			return p.err
		}
		if err := e.store.PutDocument(ctx, b.coll.Name, p.doc, p.recs); err != nil {
			return err
		}
		chunks += len(p.recs)
		done++
		progress(done, len(ds.Docs))
		return nil
	})
	return chunks, err
}

// docSearcher ranks documents: a document is hit when any of its chunks is.
type docSearcher struct{ e *Engine }

func (s docSearcher) SearchDocs(ctx context.Context, mode, query string, k int) ([]string, error) {
	// Read deeper than k chunks: several chunks of one document collapse
	// into one entry.
	hits, err := s.e.Search(ctx, query, SearchOptions{Mode: mode, K: 3 * k})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var ids []string
	for _, h := range hits {
		if !seen[h.Doc.ID] {
			seen[h.Doc.ID] = true
			ids = append(ids, h.Doc.ID)
			if len(ids) == k {
				break
			}
		}
	}
	return ids, nil
}

type answerer struct{ e *Engine }

func (a answerer) AnswerText(ctx context.Context, q string) (string, bool, error) {
	ans, err := a.e.Ask(ctx, q, AskOptions{Lang: i18n.Ko})
	if err != nil {
		return "", false, err
	}
	return ans.Text, ans.NotFound, nil
}

var _ rag.Retriever = retrieverFunc(nil)
