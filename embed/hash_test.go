package embed

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/seogo/seogo/analysis"
)

func newTestHash(t *testing.T, dim int) *Hash {
	t.Helper()
	an, err := analysis.New("bigram")
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewHash(an, dim)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHashEmbedder(t *testing.T) {
	h := newTestHash(t, 256)
	ctx := context.Background()
	texts := []string{
		"서울에서 부산까지 KTX로 두 시간 반이 걸립니다.",
		"부산에서 서울까지 KTX로 가면 두 시간 반 걸려요.",
		"고양이는 하루에 열여섯 시간을 잡니다.",
		"",
		"?!…",
	}
	vs, err := h.Embed(ctx, texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != len(texts) {
		t.Fatalf("%d vectors for %d texts", len(vs), len(texts))
	}
	norm := func(v []float32) float64 {
		var s float64
		for _, x := range v {
			s += float64(x) * float64(x)
		}
		return math.Sqrt(s)
	}
	for i, v := range vs[:3] {
		if len(v) != 256 || math.Abs(norm(v)-1) > 1e-5 {
			t.Errorf("text %d: dim %d norm %v, want 256 and 1", i, len(v), norm(v))
		}
	}
	for i, v := range vs[3:] {
		if norm(v) != 0 {
			t.Errorf("text without words %d: want the zero vector, norm %v", i+3, norm(v))
		}
	}
	cos := func(a, b []float32) float64 {
		var s float64
		for i := range a {
			s += float64(a[i]) * float64(b[i])
		}
		return s
	}
	// Two phrasings of one fact share most bigrams; an unrelated sentence
	// shares only 시간 and the ending.
	if same, other := cos(vs[0], vs[1]), cos(vs[0], vs[2]); same <= other || same < 0.4 {
		t.Errorf("cos(paraphrase)=%.3f, cos(unrelated)=%.3f", same, other)
	}
}

// Same text, same bits: stored vectors must equal query vectors of a later run.
func TestHashEmbedderDeterministic(t *testing.T) {
	h := newTestHash(t, 1024)
	text := strings.Repeat("대한민국의 수도는 서울이며 인구는 약 950만 명이다. Seoul is the capital. ", 20)
	first, err := h.Embed(context.Background(), []string{text})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 30; i++ {
		again, _ := h.Embed(context.Background(), []string{text})
		for j := range first[0] {
			if math.Float32bits(first[0][j]) != math.Float32bits(again[0][j]) {
				t.Fatalf("run %d: component %d differs: %v vs %v", i, j, first[0][j], again[0][j])
			}
		}
	}
	if h.Name() != "local-hash-v1/bigram" || h.Dim() != 1024 {
		t.Errorf("name %q dim %d", h.Name(), h.Dim())
	}
	if _, err := NewHash(nil, 0); err == nil {
		t.Error("nil tokenizer: want an error")
	}
	if _, err := NewHash(h.tok, 8); err == nil {
		t.Error("dim 8: want an error")
	}
}
