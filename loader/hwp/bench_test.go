package hwp

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkLoadHWP loads the real documents in turn; docs/s is the figure
// to watch.
func BenchmarkLoadHWP(b *testing.B) {
	files, _ := filepath.Glob("testdata/real/*.hwp")
	var data [][]byte
	for _, p := range files {
		data = append(data, mustRead(b, p))
	}
	b.ResetTimer()
	n := 0
	for b.Loop() {
		if _, err := (Loader{}).Load(context.Background(), "b.hwp", data[n%len(data)]); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "docs/s")
}
