package wordvec

import (
	"math"
	"testing"
)

// TestSkipGramGradientReachesEveryRow: the hidden vector is the mean of a
// word's own row and its n-gram rows, and each of those rows takes the whole
// gradient, as fastText does. Giving each row 1/len(rows) of it (as this
// package once did) leaves a dozen-row Korean word learning at a twelfth of
// the rate: on KorQuAD the vectors collapsed (unrelated words at cosine
// 0.99) and SIF sentence vectors found the right passage 5% of the time.
func TestSkipGramGradientReachesEveryRow(t *testing.T) {
	for _, tc := range []struct {
		name    string
		buckets int
	}{{"subwords", 1000}, {"plain", -1}} {
		t.Run(tc.name, func(t *testing.T) {
			o := Options{Dim: 16, MinCount: 1, Workers: 1, Seed: 3, Buckets: tc.buckets}
			o.defaults()
			sents := [][]string{{"학교에서", "공부를", "한다"}}
			voc := buildVocab(sents, 1)
			tr := newTrainer(voc, voc.encode(sents), o)
			for i := range tr.out {
				tr.out[i] = float32(i%7) * 0.01
			}
			enc := voc.encode(sents)[0]
			before := append([]float32(nil), tr.in...)
			w := newWorker(tr, 1)
			w.skipGram(enc, 0, 0, len(enc)-1, 0.5)
			rows := tr.rows[enc[0]]
			if tc.buckets > 0 && len(rows) < 5 {
				t.Fatalf("학교에서 has %d rows, want its n-grams too", len(rows))
			}
			for _, r := range rows {
				for d := 0; d < o.Dim; d++ {
					i := int(r)*o.Dim + d
					if got := tr.in[i] - before[i]; math.Abs(float64(got-w.grad[d])) > 1e-6 {
						t.Fatalf("row %d dim %d moved %g, want the whole gradient %g", r, d, got, w.grad[d])
					}
				}
			}
		})
	}
}
