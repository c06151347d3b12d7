package vector

import (
	"math"
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

// nearParallel returns n unit vectors that all lie close to one common
// direction, in sub-clusters around it: the shape of dense sentence
// embeddings (SIF), where neighbours differ in the third decimal of their
// cosine. noise is the spread of a cluster centre around the common
// direction; each vector spreads a fifth of that around its centre.
func nearParallel(r *rand.Rand, n, dim, clusters int, noise float64) [][]float32 {
	common := randVec(r, dim)
	Normalize(common)
	sd := noise / math.Sqrt(float64(dim))
	centres := make([][]float32, clusters)
	for i := range centres {
		centres[i] = make([]float32, dim)
		for j := range centres[i] {
			centres[i][j] = common[j] + float32(sd*r.NormFloat64())
		}
	}
	out := make([][]float32, n)
	for i := range out {
		c := centres[r.IntN(clusters)]
		v := make([]float32, dim)
		for j := range v {
			v[j] = c[j] + float32(sd/5*r.NormFloat64())
		}
		Normalize(v)
		out[i] = v
	}
	return out
}

func TestHNSWInt8NearParallel(t *testing.T) {
	tests := []struct {
		name     string
		dim      int
		clusters int
		noise    float64
		ef       int
	}{
		{"64-d, one cone", 64, 1, 1.5, 64},
		{"64-d, 20 clusters in a cone", 64, 20, 0.3, 64},
		{"100-d, 50 clusters, tight", 100, 50, 0.15, 64},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(11, uint64(tc.dim)))
			const n = 4000
			data := nearParallel(r, n+200, tc.dim, tc.clusters, tc.noise)
			vecs, queries := data[:n], data[n:]
			exact := NewFlat(tc.dim)
			f32 := NewHNSW(tc.dim, HNSWConfig{Seed: 1})
			i8 := NewHNSW(tc.dim, HNSWConfig{Seed: 1, Quant: Int8, Floats: func(k uint32, dst []float32) bool {
				copy(dst, vecs[k])
				return true
			}})
			for i, v := range vecs {
				exact.Add(uint32(i), v)
				f32.Add(uint32(i), v)
				i8.Add(uint32(i), v)
			}
			rf := recallEf(t, f32, exact, queries, tc.ef)
			ri := recallEf(t, i8, exact, queries, tc.ef)
			t.Logf("recall@10 at ef %d: float32 %.4f, int8 %.4f", tc.ef, rf, ri)
			if ri < rf-0.01 {
				t.Errorf("int8 recall %.4f, float32 %.4f: loss above 0.01", ri, rf)
			}
		})
	}
}

// recallEf is recallAt for SearchEf with beam ef.
func recallEf(t *testing.T, h *HNSW, exact *Flat, queries [][]float32, ef int) float64 {
	t.Helper()
	found, total := 0, 0
	for _, q := range queries {
		want, _ := exact.Search(q, 10, nil)
		got, err := h.SearchEf(q, 10, ef, nil)
		if err != nil {
			t.Fatal(err)
		}
		found += shared(want, got)
		total += len(want)
	}
	return float64(found) / float64(total)
}
