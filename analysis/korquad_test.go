package analysis

import (
	"encoding/json"
	"math"
	"os"
	"sort"
	"testing"
	"time"
)

// TestKorQuADRetrieval compares the analyzers as a BM25 retriever would use
// them: every KorQuAD dev paragraph is a document, every question a query, and
// the question's own paragraph the one right answer. It reads the data set
// named by SEOGO_KORQUAD (e.g. ../../shared/data/korquad/KorQuAD_v1.0_dev.json)
// and is skipped without it: the figures guide the choice of Default, they
// are not a pass/fail gate.
func TestKorQuADRetrieval(t *testing.T) {
	path := os.Getenv("SEOGO_KORQUAD")
	if path == "" {
		t.Skip("set SEOGO_KORQUAD to the KorQuAD 1.0 dev JSON to run")
	}
	docs, queries := readKorQuAD(t, path)
	for _, name := range Names() {
		a, err := New(name)
		if err != nil {
			t.Fatal(err)
		}
		a.Analyze("가") // load the dictionary outside the timing
		start := time.Now()
		idx := newBM25(a, docs)
		elapsed := time.Since(start)
		var r1, r5, mrr float64
		for _, q := range queries {
			rank := idx.rank(q.text, q.doc, 10)
			if rank == 1 {
				r1++
			}
			if rank >= 1 && rank <= 5 {
				r5++
			}
			if rank >= 1 {
				mrr += 1 / float64(rank)
			}
		}
		n := float64(len(queries))
		t.Logf("%-8s R@1 %.3f  R@5 %.3f  MRR@10 %.3f  terms %6d  index %v (%.2f MB/s)",
			name, r1/n, r5/n, mrr/n, len(idx.postings), elapsed.Round(time.Millisecond),
			float64(idx.bytes)/elapsed.Seconds()/1e6)
	}
}

type korquadQuery struct {
	text string
	doc  int
}

func readKorQuAD(t *testing.T, path string) (docs []string, queries []korquadQuery) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		Data []struct {
			Paragraphs []struct {
				Context string `json:"context"`
				QAs     []struct {
					Question string `json:"question"`
				} `json:"qas"`
			} `json:"paragraphs"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &set); err != nil {
		t.Fatal(err)
	}
	for _, a := range set.Data {
		for _, p := range a.Paragraphs {
			for _, q := range p.QAs {
				queries = append(queries, korquadQuery{q.Question, len(docs)})
			}
			docs = append(docs, p.Context)
		}
	}
	return docs, queries
}

// bm25 is the textbook Okapi BM25 (k1 1.2, b 0.75) over unique query terms.
type bm25 struct {
	a        Analyzer
	postings map[string][]posting
	lengths  []float64
	avgLen   float64
	bytes    int
}

type posting struct{ doc, tf int }

func newBM25(a Analyzer, docs []string) *bm25 {
	idx := &bm25{a: a, postings: map[string][]posting{}}
	total := 0.0
	for d, text := range docs {
		idx.bytes += len(text)
		tokens := a.Analyze(text)
		tf := map[string]int{}
		for _, tok := range tokens {
			tf[tok]++
		}
		for tok, n := range tf {
			idx.postings[tok] = append(idx.postings[tok], posting{d, n})
		}
		idx.lengths = append(idx.lengths, float64(len(tokens)))
		total += float64(len(tokens))
	}
	idx.avgLen = total / float64(len(docs))
	return idx
}

// rank returns the 1-based rank of want among the top k, or 0.
func (idx *bm25) rank(query string, want, k int) int {
	const k1, b = 1.2, 0.75
	n := float64(len(idx.lengths))
	scores := map[int]float64{}
	for _, term := range Unique(idx.a.Analyze(query)) {
		ps := idx.postings[term]
		idf := math.Log(1 + (n-float64(len(ps))+0.5)/(float64(len(ps))+0.5))
		for _, p := range ps {
			tf := float64(p.tf)
			scores[p.doc] += idf * tf * (k1 + 1) / (tf + k1*(1-b+b*idx.lengths[p.doc]/idx.avgLen))
		}
	}
	type hit struct {
		doc   int
		score float64
	}
	hits := make([]hit, 0, len(scores))
	for d, s := range scores {
		hits = append(hits, hit{d, s})
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].doc < hits[j].doc
	})
	for i := 0; i < len(hits) && i < k; i++ {
		if hits[i].doc == want {
			return i + 1
		}
	}
	return 0
}
