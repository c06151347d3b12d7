package eval

import (
	"math"
	"sort"
)

// The metrics take a ranked list of distinct doc IDs (a repeated ID counts
// only at its first position) and the query's relevance grades; a doc with
// grade ≤ 0 or absent is not relevant. k ≤ 0 means the whole list.

// RecallAt is the fraction of the relevant docs found in the top k. With one
// relevant doc (SQuAD) it is 1 or 0.
func RecallAt(ranked []string, rel map[string]int, k int) float64 {
	n := numRelevant(rel)
	if n == 0 {
		return 0
	}
	found := 0
	seen := map[string]bool{}
	for _, id := range cut(ranked, k) {
		if !seen[id] && rel[id] > 0 {
			found++
		}
		seen[id] = true
	}
	return float64(found) / float64(n)
}

// ReciprocalRank is 1/rank of the first relevant doc in the top k, else 0;
// its mean over queries is MRR@k.
func ReciprocalRank(ranked []string, rel map[string]int, k int) float64 {
	for i, id := range cut(ranked, k) {
		if rel[id] > 0 {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// NDCG is the normalised discounted cumulative gain at k with graded gain
// 2^grade − 1 and discount log2(rank + 1), divided by the gain of the ideal
// ranking (all relevant docs, highest grade first).
func NDCG(ranked []string, rel map[string]int, k int) float64 {
	var grades []int
	for _, g := range rel {
		if g > 0 {
			grades = append(grades, g)
		}
	}
	if len(grades) == 0 {
		return 0
	}
	if k <= 0 {
		k = max(len(ranked), len(grades))
	}
	var dcg float64
	seen := map[string]bool{}
	for i, id := range cut(ranked, k) {
		if g := rel[id]; g > 0 && !seen[id] {
			dcg += gain(g) / math.Log2(float64(i+2))
		}
		seen[id] = true
	}
	sort.Sort(sort.Reverse(sort.IntSlice(grades)))
	var ideal float64
	for i, g := range grades[:min(k, len(grades))] {
		ideal += gain(g) / math.Log2(float64(i+2))
	}
	return dcg / ideal
}

func gain(grade int) float64 { return math.Exp2(float64(grade)) - 1 }

func numRelevant(rel map[string]int) int {
	n := 0
	for _, g := range rel {
		if g > 0 {
			n++
		}
	}
	return n
}

func cut(ranked []string, k int) []string {
	if k > 0 && k < len(ranked) {
		return ranked[:k]
	}
	return ranked
}
