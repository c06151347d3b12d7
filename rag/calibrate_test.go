package rag

import (
	"math"
	"testing"
)

func TestCalibrate(t *testing.T) {
	twenty := []float64{0.3}
	for range 19 {
		twenty = append(twenty, 0.9)
	}
	tests := []struct {
		name     string
		pos, neg []float64
		want     float64
	}{
		// Candidates .1 .15 .35 .525 .575 .65 .75 >.8; none may drop a positive
		// (5% of 4 is 0), so t ≤ .5: .35 is right on pos and on .1, .2.
		{"overlap, no positive lost", []float64{0.5, 0.6, 0.7, 0.8}, []float64{0.1, 0.2, 0.55}, 0.35},
		// 5% of 20 = 1 positive may fall below. Correct answers: t=.25 → 20+1,
		// .35 → 19+1, .45 → 19+2, .7 → 19+3 (loses .3, rejects all three).
		{"one positive of twenty may be lost", twenty, []float64{0.2, 0.4, 0.5}, 0.7},
		// Equal accuracy (.25 → 20+1, .65 → 19+2): the lower threshold wins.
		{"ties go to answering", twenty, []float64{0.2, 0.4}, 0.25},
		{"separable: the midpoint of the gap", []float64{0.6, 0.7}, []float64{0.1, 0.2}, 0.4},
		{"only positives: answer all", []float64{0.4, 0.6}, nil, 0.4},
		{"only negatives: refuse all", nil, []float64{0.1, 0.3}, math.Nextafter(0.3, 1)},
		{"no data: the default", nil, nil, DefaultMinConfidence},
		{"NaN ignored", []float64{0.6, math.NaN()}, []float64{0.2}, 0.4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Calibrate(tt.pos, tt.neg); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("Calibrate = %v, want %v", got, tt.want)
			}
		})
	}
}
