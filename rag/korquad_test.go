package rag_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/seogo/seogo/analysis"
	"github.com/seogo/seogo/eval"
	"github.com/seogo/seogo/rag"
	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/store/bm25"
)

// TestKorQuADCalibration measures the extractive answerer on the bundled
// KorQuAD 1.0 dev set and logs the confidence distributions that
// DefaultMinConfidence is chosen from. Retrieval is a plain BM25 over bigrams
// with one chunk per paragraph, top 5 hits: a stand-in for the engine's own.
//   - answerable: each KorQuAD question on KorQuAD;
//   - unanswerable (ko): each KorQuAD question with its whole article
//     removed from the results, so the topic is absent (a hard case);
//   - unanswerable (en): XQuAD's English questions on KorQuAD.
//
// It takes a few seconds and runs only with SEOGO_CALIBRATE=1.
func TestKorQuADCalibration(t *testing.T) {
	if os.Getenv("SEOGO_CALIBRATE") == "" {
		t.Skip("set SEOGO_CALIBRATE=1 to measure answer quality and confidences on KorQuAD")
	}
	ko, err := eval.Load(filepath.Join("..", "testdata", "korquad", "KorQuAD_v1.0_dev.json"))
	if err != nil {
		t.Fatal(err)
	}
	en, err := eval.Load(filepath.Join("..", "testdata", "xquad", "xquad.en.json"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := analysis.New("bigram")
	if err != nil {
		t.Fatal(err)
	}
	ix := bm25.New(bm25.Params{})
	for i, d := range ko.Docs {
		ix.Add(uint32(i), a.Analyze(d.Text), a.Analyze(d.Title))
	}
	article := func(docID string) string { return strings.SplitN(docID, "-", 2)[0] }
	search := func(q, withoutArticle string) []schema.Hit {
		allow := func(k uint32) bool { return article(ko.Docs[k].ID) != withoutArticle }
		var hits []schema.Hit
		for r, h := range ix.Search(a.Analyze(q), 5, allow) {
			d := ko.Docs[h.Key]
			hits = append(hits, schema.Hit{
				Chunk: schema.Chunk{ID: d.ID + "#0", DocID: d.ID, Text: d.Text, End: len(d.Text)},
				Doc:   schema.DocRef{ID: d.ID, Title: d.Title}, Score: h.Score, Rank: r + 1,
			})
		}
		return hits
	}
	ex := &rag.Extractive{Analyzer: a, MinConfidence: -1, IDF: func(toks []string) []float64 {
		out := make([]float64, len(toks))
		for i, tok := range toks {
			out[i] = ix.IDF(tok)
		}
		return out
	}}
	ctx := context.Background()
	var pos, negKo, negEn []float64
	var contains, f1 float64
	for _, q := range ko.Queries {
		ans, err := ex.Answer(ctx, q.Text, search(q.Text, ""))
		if err != nil {
			t.Fatal(err)
		}
		pos = append(pos, ans.Confidence)
		if eval.Contains(ans.Text, q.Answers) {
			contains++
		}
		f1 += eval.F1(ans.Text, q.Answers)
		for docID := range q.Relevant {
			ans, _ = ex.Answer(ctx, q.Text, search(q.Text, article(docID)))
			negKo = append(negKo, ans.Confidence)
		}
	}
	for _, q := range en.Queries {
		ans, _ := ex.Answer(ctx, q.Text, search(q.Text, ""))
		negEn = append(negEn, ans.Confidence)
	}
	n := float64(len(ko.Queries))
	t.Logf("answerable, never refused: contains %.3f, F1 %.3f (%d questions)", contains/n, f1/n, len(ko.Queries))
	for _, s := range []struct {
		name string
		v    []float64
	}{{"answerable", pos}, {"unanswerable ko", negKo}, {"unanswerable en", negEn}} {
		v := append([]float64(nil), s.v...)
		sort.Float64s(v)
		at := func(p float64) float64 { return v[int(p*float64(len(v)-1))] }
		t.Logf("%-16s confidence p5 %.3f p25 %.3f p50 %.3f p75 %.3f p95 %.3f; below %.2f: %.3f",
			s.name, at(.05), at(.25), at(.5), at(.75), at(.95), rag.DefaultMinConfidence, below(s.v, rag.DefaultMinConfidence))
	}
	for _, c := range []struct {
		name string
		neg  []float64
	}{{"ko", negKo}, {"en", negEn}, {"ko+en", append(append([]float64(nil), negKo...), negEn...)}} {
		th := rag.Calibrate(pos, c.neg)
		t.Logf("Calibrate(answerable, unanswerable %s) = %.4f: refuses %.3f of answerable, %.3f of unanswerable",
			c.name, th, below(pos, th), below(c.neg, th))
	}
	if contains/n < 0.8 {
		t.Errorf("contains %.3f: the answer sentence is found less often than the 0.86 measured when the defaults were set", contains/n)
	}
}

func below(v []float64, th float64) float64 {
	k := 0
	for _, x := range v {
		if x < th {
			k++
		}
	}
	return float64(k) / float64(len(v))
}
