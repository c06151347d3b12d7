package seogo

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/seogo/seogo/eval"
)

// BenchmarkIngest measures ingest throughput (MB/s of text) of the whole
// path — walk, read, normalise, split, analyse, embed, store — on the KorQuAD
// paragraphs written as one Markdown file per article.
//
//	go test -run '^$' -bench Ingest -benchtime 3x .
func BenchmarkIngest(b *testing.B) {
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
				if err != nil || sum.Added != len(files) {
					b.Fatalf("ingest: %v %+v", err, sum)
				}
				e.Close()
			}
			b.ReportMetric(float64(len(files)), "files")
		})
	}
}
