package office

import (
	"testing"
)

// BenchmarkDOCX loads a real multi-page Word file (markitdown's test paper,
// 136 KB) and reports documents per second.
func BenchmarkDOCX(b *testing.B) {
	data := sample(b, "docx/markitdown_test.docx")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (DOCX{}).Load(b.Context(), "bench.docx", data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkDOCXKorean loads the small Korean guide made by LibreOffice.
func BenchmarkDOCXKorean(b *testing.B) {
	data := testdata(b, "ko_guide.docx")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (DOCX{}).Load(b.Context(), "bench.docx", data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}
