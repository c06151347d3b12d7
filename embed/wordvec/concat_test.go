package wordvec

import (
	"context"
	"math"
	"testing"

	"github.com/seogo/seogo/embed"
)

// table embeds from a fixed table of unit vectors, counting its calls.
type table struct {
	name  string
	dim   int
	vecs  map[string][]float32
	calls int
}

func (t *table) Name() string { return t.name }
func (t *table) Dim() int     { return t.dim }
func (t *table) Embed(_ context.Context, texts []string) ([][]float32, error) {
	t.calls++
	out := make([][]float32, len(texts))
	for i, s := range texts {
		out[i] = append([]float32(nil), t.vecs[s]...)
	}
	return out, nil
}

func dot32(a, b []float32) float64 {
	s := 0.0
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func TestConcatHybridQuery(t *testing.T) {
	// Two 2-d parts: "sem" (semantic) and "lex" (lexical). The query agrees
	// with doc A on the lexical part only and with doc B on the semantic
	// part only.
	sem := &table{name: "sem", dim: 2, vecs: map[string][]float32{
		"q": {1, 0}, "A": {0, 1}, "B": {1, 0}}}
	lex := &table{name: "lex", dim: 2, vecs: map[string][]float32{
		"q": {0.6, 0.8}, "A": {0.6, 0.8}, "B": {0.8, -0.6}}}
	c, err := NewConcat("wordvec:t", []embed.Embedder{sem, lex}, []float64{1, 3})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := c.Embed(t.Context(), []string{"A", "B"})
	if err != nil {
		t.Fatal(err)
	}
	q, err := c.Embed(t.Context(), []string{"q"})
	if err != nil {
		t.Fatal(err)
	}
	// Plain: cos = (1²·cos_sem + 3²·cos_lex)/10: A = (0 + 9·1)/10, B = (1 + 9·0)/10.
	if a, b := dot32(q[0], docs[0]), dot32(q[0], docs[1]); math.Abs(a-0.9) > 1e-6 || math.Abs(b-0.1) > 1e-6 {
		t.Fatalf("plain query: A %.6f B %.6f, want 0.9 and 0.1", a, b)
	}

	// Without a hybrid setting the hybrid query is the plain one.
	hq, err := c.EmbedHybridQuery(t.Context(), "q")
	if err != nil {
		t.Fatal(err)
	}
	for i := range hq {
		if hq[i] != q[0][i] {
			t.Fatalf("hybrid query without weights %v, want %v", hq, q[0])
		}
	}

	// Lexical part left out: only the semantic cosine counts, so B wins and
	// A scores 0; the query stays a unit vector.
	if err := c.SetHybridWeights([]float64{1, 0}); err != nil {
		t.Fatal(err)
	}
	lex.calls = 0
	hq, err = c.EmbedHybridQuery(t.Context(), "q")
	if err != nil {
		t.Fatal(err)
	}
	if lex.calls != 0 {
		t.Errorf("a part weighted 0 was still embedded (%d calls)", lex.calls)
	}
	if len(hq) != c.Dim() || hq[2] != 0 || hq[3] != 0 {
		t.Fatalf("hybrid query %v: want %d dims with the lexical part zero", hq, c.Dim())
	}
	if n := dot32(hq, hq); math.Abs(n-1) > 1e-6 {
		t.Errorf("hybrid query norm² %.6f, want 1", n)
	}
	if a, b := dot32(hq, docs[0]), dot32(hq, docs[1]); math.Abs(a) > 1e-6 || b <= a {
		t.Errorf("hybrid query: A %.6f B %.6f, want A 0 and B above it", a, b)
	}
	// Stored vectors are unchanged by the setting.
	again, _ := c.Embed(t.Context(), []string{"A"})
	for i := range again[0] {
		if again[0][i] != docs[0][i] {
			t.Fatalf("Embed changed after SetHybridWeights: %v, was %v", again[0], docs[0])
		}
	}

	for _, bad := range [][]float64{{1}, {0, 0}, {-1, 1}, {math.NaN(), 1}, {math.Inf(1), 0}} {
		if err := c.SetHybridWeights(bad); err == nil {
			t.Errorf("SetHybridWeights(%v) accepted", bad)
		}
	}
}
