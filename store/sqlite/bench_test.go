package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/store"
)

// The load benchmarks compare the two ways the store obtains a keyword
// index at 100,000 chunks of ~150 Zipf-distributed Hangul bigrams (the
// corpus of store/bm25's benchmarks): reading the snapshot, and rebuilding
// from the tokens stored in SQLite.

var (
	bigOnce sync.Once
	bigDir  string
	bigErr  error
)

func bigStore(b *testing.B) string {
	b.Helper()
	bigOnce.Do(func() {
		bigDir, bigErr = os.MkdirTemp("", "seogo-bench-")
		if bigErr != nil {
			return
		}
		bigErr = fillBig(bigDir, 1000, 100, 150)
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	return bigDir
}

func fillBig(dir string, docs, chunksPer, tokensPer int) error {
	ctx := context.Background()
	s, err := Open(ctx, dir, Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.CreateCollection(ctx, store.Collection{Name: "big", Analyzer: "bigram"}); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(1, 1))
	vocab := make([]string, 100_000)
	for i := range vocab {
		vocab[i] = string([]rune{rune(0xAC00 + r.IntN(11172)), rune(0xAC00 + r.IntN(11172))})
	}
	z := rand.NewZipf(r, 1.05, 20, uint64(len(vocab)-1))
	for d := 0; d < docs; d++ {
		id := fmt.Sprintf("d%04d", d)
		doc := &schema.Document{ID: id, Source: "/big/" + id}
		recs := make([]store.Record, chunksPer)
		for c := range recs {
			toks := make([]string, tokensPer)
			for i := range toks {
				toks[i] = vocab[z.Uint64()]
			}
			text := strings.Join(toks, " ")
			recs[c] = store.Record{
				Chunk:  schema.Chunk{Ordinal: c, Text: text, Start: len(doc.Text), End: len(doc.Text) + len(text)},
				Tokens: toks, TitleTokens: toks[:4],
			}
			doc.Text += text + "\n"
		}
		if err := s.PutDocument(ctx, "big", doc, recs); err != nil {
			return err
		}
	}
	return nil
}

func benchLoad(b *testing.B, fromSnapshot bool) {
	dir := bigStore(b)
	ctx := context.Background()
	s, err := Open(ctx, dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	cs := s.state("big")
	for b.Loop() {
		cs.loadMu.Lock()
		cs.reset()
		if !fromSnapshot {
			os.Remove(s.snapshotPath("big"))
		}
		ix, err := s.keywordLocked(ctx, cs)
		cs.loadMu.Unlock()
		if err != nil || ix.Len() != 100_000 {
			b.Fatalf("load: %v (%d chunks)", err, ix.Len())
		}
	}
	if fromSnapshot && cs.rebuilds > 0 || !fromSnapshot && cs.fromSnapshot > 0 {
		b.Fatalf("wrong load path: %d rebuilds, %d snapshot loads", cs.rebuilds, cs.fromSnapshot)
	}
}

// BenchmarkKeywordLoad100kSnapshot reads and verifies the snapshot.
func BenchmarkKeywordLoad100kSnapshot(b *testing.B) { benchLoad(b, true) }

// BenchmarkKeywordLoad100kRebuild reads the tokens from SQLite, indexes them
// and writes the snapshot (as a stale snapshot costs the first search).
func BenchmarkKeywordLoad100kRebuild(b *testing.B) { benchLoad(b, false) }

// TestMain removes the benchmark store, which outlives single benchmarks.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range []string{bigDir, vbDir} {
		if dir != "" {
			os.RemoveAll(dir)
		}
	}
	os.Exit(code)
}
