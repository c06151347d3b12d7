package bm25

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"
)

// The benchmark corpus imitates Korean text analysed into Hangul bigrams:
// KorQuAD's most frequent bigram (에서) is ~1% of all bigrams and occurs in
// 82% of its paragraphs; a Zipf law with s=1.05 and offset 20 over 100,000
// bigrams gives the same head (0.8%) and a long tail of rare terms.
const (
	benchChunks = 100_000
	benchTokens = 150
	benchVocab  = 100_000
	benchQuery  = 30
)

type corpus struct {
	vocab   []string
	docs    []Doc
	queries [][]string
}

var (
	benchOnce   sync.Once
	benchCorpus *corpus
	benchIndex  *Index
)

// syntheticCorpus makes n chunks of perChunk body tokens and 4 title tokens,
// and 1,000 queries of 30 tokens drawn from random chunks (as a question
// shares words with its passage).
func syntheticCorpus(n, perChunk int, seed uint64) *corpus {
	r := rand.New(rand.NewPCG(seed, seed))
	c := &corpus{vocab: make([]string, benchVocab)}
	seen := map[string]bool{}
	for i := range c.vocab {
		for {
			a, b := rune(0xAC00+r.IntN(11172)), rune(0xAC00+r.IntN(11172))
			if t := string([]rune{a, b}); !seen[t] {
				seen[t] = true
				c.vocab[i] = t
				break
			}
		}
	}
	z := rand.NewZipf(r, 1.05, 20, benchVocab-1)
	draw := func(m int) []string {
		out := make([]string, m)
		for i := range out {
			out[i] = c.vocab[z.Uint64()]
		}
		return out
	}
	c.docs = make([]Doc, n)
	for i := range c.docs {
		c.docs[i] = Doc{Key: uint32(i*2 + 1), Body: draw(perChunk), Title: draw(4)}
	}
	for range 1000 {
		d := c.docs[r.IntN(n)]
		q := make([]string, benchQuery)
		for i := range q {
			q[i] = d.Body[r.IntN(len(d.Body))]
		}
		c.queries = append(c.queries, q)
	}
	return c
}

func build(c *corpus) *Index {
	ix := New(Params{})
	for _, d := range c.docs {
		ix.Add(d.Key, d.Body, d.Title)
	}
	return ix
}

func benchSetup(b *testing.B) (*corpus, *Index) {
	b.Helper()
	benchOnce.Do(func() {
		benchCorpus = syntheticCorpus(benchChunks, benchTokens, 1)
		benchIndex = build(benchCorpus)
	})
	return benchCorpus, benchIndex
}

// reportLatency times each call of fn separately and reports the median and
// 99th percentile, which a mean hides.
func reportLatency(b *testing.B, fn func(i int)) {
	b.Helper()
	var lat []time.Duration
	i := 0
	for b.Loop() {
		t0 := time.Now()
		fn(i)
		lat = append(lat, time.Since(t0))
		i++
	}
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds())
	}
	b.ReportMetric(pct(0.50), "p50-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
}

func BenchmarkSearch100k(b *testing.B) {
	c, ix := benchSetup(b)
	reportLatency(b, func(i int) {
		if len(ix.Search(c.queries[i%len(c.queries)], 10, nil)) != 10 {
			b.Fatal("short result")
		}
	})
}

func BenchmarkSearch100kFiltered(b *testing.B) {
	c, ix := benchSetup(b)
	allow := map[uint32]bool{}
	for i, d := range c.docs {
		if i%10 == 0 {
			allow[d.Key] = true
		}
	}
	reportLatency(b, func(i int) {
		ix.Search(c.queries[i%len(c.queries)], 10, func(k uint32) bool { return allow[k] })
	})
}

func BenchmarkBuild100k(b *testing.B) {
	c, _ := benchSetup(b)
	for b.Loop() {
		build(c)
	}
}

func BenchmarkSnapshotWrite100k(b *testing.B) {
	_, ix := benchSetup(b)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := ix.WriteSnapshot(&buf, 1); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1e6, "MB")
}

func BenchmarkSnapshotRead100k(b *testing.B) {
	_, ix := benchSetup(b)
	var buf bytes.Buffer
	if err := ix.WriteSnapshot(&buf, 1); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := ReadSnapshot(bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch100kChurned searches an index where 2% of the chunks were
// replaced (tombstones not yet compacted), as after an incremental ingest.
func BenchmarkSearch100kChurned(b *testing.B) {
	c, _ := benchSetup(b)
	ix := build(c)
	for i := 0; i < len(c.docs); i += 50 {
		d := c.docs[i]
		ix.Update([]uint32{d.Key}, []Doc{d})
	}
	reportLatency(b, func(i int) {
		ix.Search(c.queries[i%len(c.queries)], 10, nil)
	})
}
