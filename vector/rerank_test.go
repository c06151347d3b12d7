package vector

import (
	"math/rand/v2"
	"testing"
)

// The int8 re-rank pool follows the beam of each call: a caller raising ef
// for recall re-scores more candidates in float32, unless Config.Rerank
// pins the pool.
func TestHNSWRerankPoolFollowsEf(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const dim = 16
	vecs := clustered(r, 2000, dim, 10)
	tests := []struct {
		name   string
		rerank int
		ef     int
		want   int
		// filtered: the exact path of a filter admitting 20 keys keeps
		// max(ef, 4k) candidates, so all 20 unless Rerank pins fewer.
		filtered int
	}{
		{"ef below 4k: the whole beam", 0, 16, 16, 20},
		{"ef 100", 0, 100, 100, 20},
		{"ef 300", 0, 300, 300, 20},
		{"default ef (EfSearch 64)", 0, 0, 64, 20},
		{"pinned by Rerank", 50, 300, 50, 20},
		{"Rerank below k", 5, 300, 10, 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var asked int
			h := NewHNSW(dim, HNSWConfig{Seed: 1, Quant: Int8, Rerank: tc.rerank,
				Floats: func(k uint32, dst []float32) bool { copy(dst, vecs[k]); return true },
				FloatsBatch: func(keys []uint32, dst []float32, found []bool) {
					asked = len(keys)
					for i, k := range keys {
						copy(dst[i*dim:], vecs[k])
						found[i] = true
					}
				}})
			for i, v := range vecs {
				h.Add(uint32(i), v)
			}
			if _, err := h.SearchEf(vecs[7], 10, tc.ef, nil); err != nil {
				t.Fatal(err)
			}
			if asked != tc.want {
				t.Errorf("re-ranked %d candidates, want %d", asked, tc.want)
			}
			asked = 0
			h.SearchEf(vecs[7], 10, tc.ef, func(k uint32) bool { return k%100 == 0 })
			if asked != tc.filtered {
				t.Errorf("filtered: re-ranked %d candidates, want %d", asked, tc.filtered)
			}
		})
	}
}
