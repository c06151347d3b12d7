package seogo

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/seogo/seogo/embed/wordvec"
	"github.com/seogo/seogo/retrieve"
	"github.com/seogo/seogo/vector"
)

// TestWordvecHybridQuery: the word-vector embedder's hybrid query leaves the
// hashed bigram part out and weighs the SIF and DocVec cosines
// wordvecHybridSIFShare : wordvecHybridDocShare. The expected scores come
// from the plain vectors' blocks, one cosine per part.
func TestWordvecHybridQuery(t *testing.T) {
	e := openTestEngine(t)
	ctx := context.Background()
	texts := []string{
		"강아지가 마당에서 공을 물고 뛰어 놀았다",
		"고양이가 창가에 앉아 햇볕을 쬐며 잠을 잤다",
		"은행은 예금 금리를 올리고 대출 심사를 강화했다",
		"정부는 개인정보 보호법 개정안을 국회에 제출했다",
		"강아지와 고양이는 집에서 기르는 동물이다",
	}
	var corpus []string
	for range 20 {
		corpus = append(corpus, texts...)
	}
	opt := WordVecOptions{Name: "hq", Tokenizer: "eojeol",
		Train: wordvec.Options{Dim: 16, Epochs: 5, MinCount: 1, Workers: 1, Seed: 7}}
	if _, err := trainWordVectors(ctx, e.embeddersDir(), corpus, opt); err != nil {
		t.Fatal(err)
	}
	emb, err := e.newWordvecEmbedder(ctx, wordvecEmbedder, "hq")
	if err != nil {
		t.Fatal(err)
	}
	hqe, ok := emb.(retrieve.HybridQueryEmbedder)
	if !ok {
		t.Fatalf("%T does not embed hybrid queries", emb)
	}
	const dim, lex = 16, wordvecLexicalDim
	if emb.Dim() != dim+lex+dim {
		t.Fatalf("dim %d, want SIF %d + bigrams %d + DocVec %d", emb.Dim(), dim, lex, dim)
	}
	query := "마당에서 노는 강아지"
	docs, err := emb.Embed(ctx, append([]string{query}, texts...))
	if err != nil {
		t.Fatal(err)
	}
	q, docs := docs[0], docs[1:]
	hq, err := hqe.EmbedHybridQuery(ctx, query)
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range hq[dim : dim+lex] {
		if x != 0 {
			t.Fatalf("hybrid query bigram block [%d] = %v, want 0", i, x)
		}
	}
	// Expected score, up to one positive factor: share_sif·cos_sif +
	// share_doc·cos_doc, from the plain vectors' blocks.
	cos := func(a, b []float32) float64 { return float64(vector.Cosine(a, b)) }
	var want, got []float64
	for _, d := range docs {
		want = append(want, wordvecHybridSIFShare*cos(q[:dim], d[:dim])+wordvecHybridDocShare*cos(q[dim+lex:], d[dim+lex:]))
		s := 0.0
		for i := range hq {
			s += float64(hq[i]) * float64(d[i])
		}
		got = append(got, s)
	}
	ratio := got[0] / want[0]
	if !(ratio > 0) {
		t.Fatalf("score %v for expected %v: no positive factor", got[0], want[0])
	}
	for i := range docs {
		if math.Abs(got[i]-ratio*want[i]) > 1e-4 {
			t.Errorf("%q: score %.6f, want %.6f (= %.4f × %.6f)", strings.Fields(texts[i])[0], got[i], ratio*want[i], ratio, want[i])
		}
	}
}
