package rag

import (
	"math"
	"sort"
)

// MaxMissedAnswers is the largest share of answerable questions Calibrate
// lets fall below the threshold: saying "not found" when the documents do
// answer costs a user more trust than one weak answer too many.
const MaxMissedAnswers = 0.05

// Calibrate picks the not-found threshold from the confidences of answerable
// questions (pos) and unanswerable ones (neg). A question is answered when its
// confidence is >= the threshold. Among thresholds that leave at most
// MaxMissedAnswers of pos below them, it returns the one with the highest
// accuracy over pos and neg together; between two neighbouring observed
// confidences every threshold scores the same, so it returns the midpoint,
// the pick farthest from both; ties go to the lowest such threshold (answer
// rather than refuse). With no data it returns DefaultMinConfidence.
func Calibrate(pos, neg []float64) float64 {
	p, n := sorted(pos), sorted(neg)
	vals := sorted(append(append([]float64{}, p...), n...))
	if len(vals) == 0 {
		return DefaultMinConfidence
	}
	cands := []float64{vals[0]}
	for i := 1; i < len(vals); i++ {
		if vals[i] != vals[i-1] {
			cands = append(cands, (vals[i-1]+vals[i])/2)
		}
	}
	cands = append(cands, math.Nextafter(vals[len(vals)-1], math.Inf(1)))

	allowed := int(math.Floor(MaxMissedAnswers * float64(len(p))))
	best, bestCorrect := math.NaN(), -1
	for _, t := range cands {
		posBelow := sort.SearchFloat64s(p, t) // pos values < t
		if posBelow > allowed {
			continue
		}
		correct := len(p) - posBelow + sort.SearchFloat64s(n, t)
		if correct > bestCorrect {
			best, bestCorrect = t, correct
		}
	}
	if math.IsNaN(best) {
		// Unreachable: the lowest candidate leaves no positive below it.
		return vals[0]
	}
	return best
}

func sorted(xs []float64) []float64 {
	out := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			out = append(out, x)
		}
	}
	sort.Float64s(out)
	return out
}
