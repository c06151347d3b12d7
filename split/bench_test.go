package split

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/seogo/seogo/schema"
)

// koreanText is about n bytes of real Korean prose: KorQuAD dev paragraphs,
// one per paragraph break, repeated when the set is smaller than n.
func koreanText(tb testing.TB, n int) string {
	tb.Helper()
	raw, err := os.ReadFile("../testdata/korquad/KorQuAD_v1.0_dev.json")
	if err != nil {
		tb.Skipf("KorQuAD test data: %v", err)
	}
	var set struct {
		Data []struct {
			Paragraphs []struct {
				Context string `json:"context"`
			} `json:"paragraphs"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &set); err != nil {
		tb.Fatal(err)
	}
	var b strings.Builder
	for b.Len() < n {
		for _, a := range set.Data {
			for _, p := range a.Paragraphs {
				b.WriteString(p.Context)
				b.WriteString("\n\n")
			}
		}
	}
	return b.String()[:n]
}

func TestSplitKorQuAD(t *testing.T) {
	doc := &schema.Document{ID: "korquad", Text: koreanText(t, 1<<20)}
	for _, opt := range []Options{{}, {ChunkTokens: 64, OverlapTokens: 10}} {
		r := New(opt).(*Recursive)
		chunks := r.Split(doc)
		checkInvariants(t, doc, chunks)
		checkPacking(t, doc, chunks, r)
	}
}

func BenchmarkSplit(b *testing.B) {
	doc := &schema.Document{ID: "korquad", Text: koreanText(b, 1<<20)}
	s := New(Options{})
	b.SetBytes(int64(len(doc.Text)))
	b.ReportAllocs()
	for b.Loop() {
		s.Split(doc)
	}
}

// BenchmarkSplitSingleLine is the worst case: no space, no sentence end.
func BenchmarkSplitSingleLine(b *testing.B) {
	doc := &schema.Document{ID: "line", Text: strings.Repeat("가나다라마바사아자차카타파하", 8<<20/42)}
	s := New(Options{})
	b.SetBytes(int64(len(doc.Text)))
	b.ReportAllocs()
	for b.Loop() {
		s.Split(doc)
	}
}

func BenchmarkEstimateTokens(b *testing.B) {
	text := koreanText(b, 1<<20)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		EstimateTokens(text)
	}
}
