package eval

import (
	"math"
	"testing"
)

func TestMetrics(t *testing.T) {
	// Three relevant docs, two retrieved: d1 (grade 1) at rank 2, d2 (grade 2) at rank 4.
	ranked := []string{"d3", "d1", "d7", "d2", "d9"}
	rel := map[string]int{"d1": 1, "d2": 2, "d5": 1, "d6": 0}
	one := map[string]int{"p1": 1}
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"recall@1", RecallAt(ranked, rel, 1), 0},
		{"recall@2", RecallAt(ranked, rel, 2), 1.0 / 3},
		{"recall@3", RecallAt(ranked, rel, 3), 1.0 / 3},
		{"recall@5", RecallAt(ranked, rel, 5), 2.0 / 3},
		{"recall@10 past the list", RecallAt(ranked, rel, 10), 2.0 / 3},
		{"recall, k 0 = whole list", RecallAt(ranked, rel, 0), 2.0 / 3},
		{"recall, nothing relevant", RecallAt(ranked, map[string]int{"x": 0}, 5), 0},
		{"recall counts a repeated doc once", RecallAt([]string{"d1", "d1"}, rel, 2), 1.0 / 3},
		{"rr@10", ReciprocalRank(ranked, rel, 10), 0.5},
		{"rr@1", ReciprocalRank(ranked, rel, 1), 0},
		{"rr, grade 0 is not relevant", ReciprocalRank([]string{"d6", "d2"}, rel, 10), 0.5},
		// DCG = (2¹−1)/log₂3 + (2²−1)/log₂5 = .63093 + 1.29203 = 1.92296;
		// ideal grades 2,1,1: 3/1 + 1/log₂3 + 1/log₂4 = 4.13093.
		{"ndcg@5 graded", NDCG(ranked, rel, 5), 0.4655028147426407},
		// DCG = 1/log₂3; ideal = 3 + 1/log₂3.
		{"ndcg@2 graded", NDCG(ranked, rel, 2), 0.17376534287144002},
		{"ndcg ideal order", NDCG([]string{"d2", "d1", "d5"}, rel, 10), 1},
		{"ndcg ideal order, any tie order", NDCG([]string{"d2", "d5", "d1"}, rel, 3), 1},
		{"ndcg nothing relevant", NDCG(ranked, nil, 10), 0},
		// [d1 d1 d2], both grade 1: DCG = 1 + 0 + 1/log₂4 = 1.5; ideal = 1 + 1/log₂3.
		{"ndcg counts a repeated doc once", NDCG([]string{"d1", "d1", "d2"}, map[string]int{"d1": 1, "d2": 1}, 3), 0.9197207891481876},
		{"squad recall@1 miss", RecallAt([]string{"p2", "p1"}, one, 1), 0},
		{"squad recall@3 hit", RecallAt([]string{"p2", "p1"}, one, 3), 1},
		{"squad rr", ReciprocalRank([]string{"p2", "p1"}, one, 10), 0.5},
		{"squad ndcg = 1/log₂3", NDCG([]string{"p2", "p1"}, one, 10), 0.6309297535714575},
		{"empty ranking", NDCG(nil, one, 10), 0},
	}
	for _, tt := range tests {
		if math.Abs(tt.got-tt.want) > 1e-12 {
			t.Errorf("%s = %.15f, want %.15f", tt.name, tt.got, tt.want)
		}
	}
}
