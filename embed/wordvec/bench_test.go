package wordvec

import (
	"bytes"
	"context"
	"testing"
)

// BenchmarkTrainSkipGram reports corpus words/s with one worker at
// word2vec's reference settings (dim 100, window 5, 5 negatives), without
// and with subwords: words/s by the wall clock, words/cpu-s by the process's
// CPU time (the per-core rate even when other processes share the cores).
func BenchmarkTrainSkipGram(b *testing.B) {
	corpus := syntheticCorpus(20_000, 9) // 320k words
	for _, bc := range []struct {
		name    string
		buckets int
		cbow    bool
	}{{"plain", -1, false}, {"subwords", 20_000, false}, {"cbow-plain", -1, true}} {
		b.Run(bc.name, func(b *testing.B) {
			var wps, words, cpu float64
			for b.Loop() {
				c0 := cpuSeconds()
				m, err := Train(context.Background(), corpus, Options{Dim: 100, Window: 5, Negative: 5, MinCount: 1,
					Epochs: 1, Workers: 1, Buckets: bc.buckets, CBOW: bc.cbow, Sample: -1})
				if err != nil {
					b.Fatal(err)
				}
				wps = m.Stats.WordsPerSec
				cpu += cpuSeconds() - c0
				words += float64(m.Stats.Words)
			}
			b.ReportMetric(wps, "words/s")
			if cpu > 0 {
				b.ReportMetric(words/cpu, "words/cpu-s")
			}
		})
	}
}

// BenchmarkReadText measures loading a word2vec text file (MB/s).
func BenchmarkReadText(b *testing.B) {
	benchRead(b, Word2VecText)
}

func BenchmarkReadBinary(b *testing.B) {
	benchRead(b, Word2VecBinary)
}

func benchRead(b *testing.B, f Format) {
	words := make([]string, 20_000)
	vecs := make([]float32, len(words)*100)
	for i := range words {
		words[i] = "단어" + string(rune('가'+i%11172)) + string(rune('0'+i%10)) + string(rune('a'+i/11172))
	}
	for i := range vecs {
		vecs[i] = float32(i%977)/977 - 0.5
	}
	m, err := NewModel(words, vecs, 100, nil)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Write(&buf, f); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, _, err := Read(bytes.NewReader(buf.Bytes()), ReadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
