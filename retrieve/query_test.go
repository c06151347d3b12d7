package retrieve

import (
	"context"
	"strings"
	"testing"

	"github.com/seogo/seogo/store"
)

// recordingIndex answers every search with one chunk and keeps the query
// vectors it was given.
type recordingIndex struct{ queries [][]float32 }

func (x *recordingIndex) KeywordSearch(context.Context, string, []string, int, store.Filter) ([]store.Scored, error) {
	return []store.Scored{{Key: 1, Score: 2}}, nil
}

func (x *recordingIndex) VectorSearch(_ context.Context, _ string, v []float32, _ int, _ store.Filter) ([]store.Scored, error) {
	x.queries = append(x.queries, v)
	return []store.Scored{{Key: 1, Score: 0.5}}, nil
}

func (x *recordingIndex) Chunks(_ context.Context, _ string, keys []int64) ([]store.StoredChunk, error) {
	out := make([]store.StoredChunk, len(keys))
	for i, k := range keys {
		out[i].Key = k
	}
	return out, nil
}

type words struct{}

func (words) Analyze(s string) []string { return strings.Fields(s) }

// twoWay embeds plain queries as (1, 0) and hybrid ones as (0, 1).
type twoWay struct{ hybridZero bool }

func (twoWay) Embed(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i := range out {
		out[i] = []float32{1, 0}
	}
	return out, nil
}

func (e twoWay) EmbedHybridQuery(context.Context, string) ([]float32, error) {
	if e.hybridZero {
		return []float32{0, 0}, nil
	}
	return []float32{0, 1}, nil
}

// TestHybridQueryEmbedding: convex hybrid fusion embeds the query with
// EmbedHybridQuery when the embedder has it, semantic search and RRF never
// do, and a zero hybrid vector leaves hybrid to the keyword ranking.
func TestHybridQueryEmbedding(t *testing.T) {
	for _, tc := range []struct {
		name     string
		emb      twoWay
		opt      Options
		wantVec  []float32 // nil: no vector search
		wantHits int
	}{
		{"semantic uses Embed", twoWay{}, Options{Mode: Semantic, Fusion: Convex}, []float32{1, 0}, 1},
		{"convex hybrid uses EmbedHybridQuery", twoWay{}, Options{Mode: Hybrid, Fusion: Convex}, []float32{0, 1}, 1},
		{"RRF hybrid uses Embed", twoWay{}, Options{Mode: Hybrid, Fusion: RRF}, []float32{1, 0}, 1},
		{"convex hybrid with a zero hybrid vector falls back to keywords", twoWay{hybridZero: true}, Options{Mode: Hybrid, Fusion: Convex}, nil, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ix := &recordingIndex{}
			r := &Retriever{Index: ix, Collection: "c", Analyzer: words{}, Embedder: tc.emb}
			hits, err := r.Search(t.Context(), "환불 규정", tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != tc.wantHits {
				t.Errorf("%d hits, want %d", len(hits), tc.wantHits)
			}
			if tc.wantVec == nil {
				if len(ix.queries) != 0 {
					t.Errorf("vector search ran with %v", ix.queries)
				}
				return
			}
			if len(ix.queries) != 1 || ix.queries[0][0] != tc.wantVec[0] || ix.queries[0][1] != tc.wantVec[1] {
				t.Errorf("vector queries %v, want [%v]", ix.queries, tc.wantVec)
			}
		})
	}
}
