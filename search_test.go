package seogo

import (
	"testing"

	"github.com/seogo/seogo/retrieve"
)

func TestHybridFusion(t *testing.T) {
	tests := []struct {
		name, fusion, embedder string
		kw, vw                 float64
		want                   retrieve.Fusion
		wantKW, wantVW         float64
	}{
		{"auto, trained word vectors", "auto", "wordvec:docs", 1, 1, retrieve.Convex, 9, 1},
		{"unset, imported vector file", "", "vectors:/m/ko.vec", 1, 1, retrieve.Convex, 9, 1},
		{"auto, weights chosen by the user", "auto", "wordvec:docs", 3, 2, retrieve.Convex, 3, 2},
		{"auto, neural embedder", "auto", "openai:text-embedding-3-small", 1, 1, retrieve.RRF, 1, 1},
		{"auto, built-in hashing", "AUTO", "local-hash-1024", 1, 1, retrieve.RRF, 1, 1},
		{"rrf chosen on word vectors", "rrf", "wordvec:docs", 1, 1, retrieve.RRF, 1, 1},
		{"convex chosen on a neural embedder", "convex", "ollama:bge-m3", 1, 1, retrieve.Convex, 1, 1},
		{"a name merely starting with wordvec", "auto", "wordvecs-like", 1, 1, retrieve.RRF, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, kw, vw := hybridFusion(SearchConfig{Fusion: tt.fusion, KeywordWeight: tt.kw, VectorWeight: tt.vw}, tt.embedder)
			if f != tt.want || kw != tt.wantKW || vw != tt.wantVW {
				t.Errorf("got %s %g/%g, want %s %g/%g", f, kw, vw, tt.want, tt.wantKW, tt.wantVW)
			}
		})
	}
}
