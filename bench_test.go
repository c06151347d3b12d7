package seogo

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/seogo/seogo/eval"
	"github.com/seogo/seogo/internal/fakeopenai"
	"github.com/seogo/seogo/provider"
)

// BenchmarkIngest measures ingest throughput (MB/s of text) of the whole
// path — walk, read, normalise, split, analyse, embed, store — on the KorQuAD
// paragraphs written as one Markdown file per article.
//
//	go test -run '^$' -bench Ingest -benchtime 3x .
func BenchmarkIngest(b *testing.B) {
	src, files, total := korquadTree(b)
	for _, analyzer := range []string{"bigram", "combined"} {
		b.Run(analyzer, func(b *testing.B) {
			b.SetBytes(total)
			for i := 0; i < b.N; i++ {
				cfg := DefaultConfig()
				cfg.DataDir, cfg.Analyzer = b.TempDir(), analyzer
				e, err := Open(context.Background(), cfg)
				if err != nil {
					b.Fatal(err)
				}
				sum, err := e.Ingest(context.Background(), []string{src}, IngestOptions{})
				if err != nil || sum.Added != files {
					b.Fatalf("ingest: %v %+v", err, sum)
				}
				e.Close()
			}
			b.ReportMetric(float64(files), "files")
		})
	}
}

// korquadTree writes the KorQuAD paragraphs as one Markdown file per article
// and returns the folder, the number of files and their total size.
func korquadTree(b *testing.B) (string, int, int64) {
	f, err := os.Open("testdata/korquad/KorQuAD_v1.0_dev.json")
	if err != nil {
		b.Fatal(err)
	}
	ds, err := eval.ReadSQuAD(f, "korquad")
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	src := b.TempDir()
	files := map[string][]byte{}
	var total int64
	for _, d := range ds.Docs {
		name := filepath.Join(src, d.Title+".md")
		if files[name] == nil {
			files[name] = []byte("# " + d.Title + "\n\n")
		}
		files[name] = append(files[name], []byte(d.Text+"\n\n")...)
	}
	for name, data := range files {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			b.Fatal(err)
		}
		total += int64(len(data))
	}
	return src, len(files), total
}

// BenchmarkIngestAPIEmbedder ingests KorQuAD with an API embedder against the
// in-process OpenAI server (20 ms latency, 3,000 requests/min enforced, one
// chunk per request so the limit binds), then ingests it again into a new
// collection. It reports requests/min as a share of the limit, the 429s the
// server sent (none may surface as an error), and the embedding calls the
// second ingest made (zero: the cache holds every vector).
//
//	go test -run '^$' -bench IngestAPIEmbedder -benchtime 1x .
func BenchmarkIngestAPIEmbedder(b *testing.B) {
	const rpm = 3000
	src, files, _ := korquadTree(b)
	for i := 0; i < b.N; i++ {
		s := fakeopenai.New(b, fakeopenai.Options{RPM: rpm, Latency: 20 * time.Millisecond})
		cfg := DefaultConfig()
		cfg.DataDir, cfg.Analyzer, cfg.Embedder = b.TempDir(), "bigram", "openai:text-embedding-3-small"
		cfg.Embedding.Endpoint = provider.Endpoint{BaseURL: s.URL, APIKey: "sk-bench"}
		cfg.Embedding.BatchSize, cfg.Embedding.Concurrency, cfg.Embedding.RequestsPerMinute = 1, 8, rpm
		cfg.Getenv = func(string) string { return "" }
		e, err := Open(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		sum, err := e.Ingest(context.Background(), []string{src}, IngestOptions{Collection: "first"})
		if err != nil || sum.Added != files {
			b.Fatalf("ingest: %v %+v", err, sum)
		}
		first := s.EmbedCalls()
		perMin := float64(first) / time.Since(start).Minutes()
		if _, err := e.Ingest(context.Background(), []string{src}, IngestOptions{Collection: "second"}); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(perMin, "req/min")
		b.ReportMetric(100*perMin/rpm, "%limit")
		b.ReportMetric(float64(s.RateLimited()), "429s")
		b.ReportMetric(float64(s.EmbedCalls()-first), "warm-calls")
		e.Close()
	}
}
