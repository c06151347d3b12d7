package vector

import (
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// clustered returns n unit-ish vectors drawn around c cluster centres with
// a different spread per dimension (anisotropic), the shape of real
// embeddings that makes graph search harder than uniform noise.
func clustered(r *rand.Rand, n, dim, c int) [][]float32 {
	centres := make([][]float32, c)
	spread := make([][]float32, c)
	for i := range centres {
		centres[i] = randVec(r, dim)
		Normalize(centres[i])
		spread[i] = make([]float32, dim)
		for j := range spread[i] {
			spread[i][j] = float32(0.02 + 0.12*r.Float64())
		}
	}
	out := make([][]float32, n)
	for i := range out {
		k := r.IntN(c)
		v := make([]float32, dim)
		for j := range v {
			v[j] = centres[k][j] + spread[k][j]*float32(r.NormFloat64())
		}
		Normalize(v)
		out[i] = v
	}
	return out
}

// recallAt measures recall@k of idx against exact search over vecs.
func recallAt(t *testing.T, idx Index, exact *Flat, queries [][]float32, k int, allow func(uint32) bool) float64 {
	t.Helper()
	found, total := 0, 0
	for _, q := range queries {
		want, _ := exact.Search(q, k, allow)
		got, err := idx.Search(q, k, allow)
		if err != nil {
			t.Fatal(err)
		}
		in := map[uint32]bool{}
		for _, h := range want {
			in[h.Key] = true
		}
		for _, h := range got {
			if allow != nil && !allow(h.Key) {
				t.Fatalf("key %d returned but not allowed", h.Key)
			}
			if in[h.Key] {
				found++
			}
		}
		total += len(want)
	}
	if total == 0 {
		return 1
	}
	return float64(found) / float64(total)
}

func TestHNSWRecall(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const n, dim = 5000, 64
	data := clustered(r, n+200, dim, 50)
	vecs, queries := data[:n], data[n:]
	exact := NewFlat(dim)
	for i, v := range vecs {
		exact.Add(uint32(i), v)
	}
	tests := []struct {
		name  string
		cfg   HNSWConfig
		allow func(uint32) bool
		min   float64
	}{
		{"float32", HNSWConfig{Seed: 1}, nil, 0.95},
		{"int8 reranked", HNSWConfig{Seed: 1, Quant: Int8}, nil, 0.95},
		{"int8 floats from source", HNSWConfig{Seed: 1, Quant: Int8, Floats: func(k uint32, dst []float32) bool {
			copy(dst, vecs[k])
			return true
		}}, nil, 0.95},
		{"filter half", HNSWConfig{Seed: 1}, func(k uint32) bool { return k%2 == 0 }, 0.95},
		{"filter 1% (exact path)", HNSWConfig{Seed: 1}, func(k uint32) bool { return k%100 == 3 }, 1},
		{"small M", HNSWConfig{Seed: 1, M: 8, EfSearch: 100}, nil, 0.95},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := NewHNSW(dim, tc.cfg)
			for i, v := range vecs {
				if err := h.Add(uint32(i), v); err != nil {
					t.Fatal(err)
				}
			}
			if got := recallAt(t, h, exact, queries, 10, tc.allow); got < tc.min {
				t.Errorf("recall@10 = %.3f, want ≥ %.2f", got, tc.min)
			}
		})
	}
}

func TestHNSWDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	vecs := clustered(r, 1500, 16, 20)
	build := func() *HNSW {
		h := NewHNSW(16, HNSWConfig{Seed: 42})
		for i, v := range vecs {
			h.Add(uint32(i), v)
		}
		return h
	}
	a, b := build(), build()
	if !slices.Equal(a.level0[:a.n*a.s0], b.level0[:b.n*b.s0]) || !slices.Equal(a.upper[:a.upperLen], b.upper[:b.upperLen]) {
		t.Fatal("two single-goroutine builds with one seed differ")
	}
}

func TestHNSWRemoveUpdateCompact(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 3))
	const dim = 32
	vecs := clustered(r, 3000, dim, 30)
	h := NewHNSW(dim, HNSWConfig{Seed: 3})
	exact := NewFlat(dim)
	for i, v := range vecs {
		h.Add(uint32(i), v)
		exact.Add(uint32(i), v)
	}
	// Remove a third, replace another third with new vectors.
	var rm []uint32
	var add []Entry
	for i := range vecs {
		switch i % 3 {
		case 0:
			rm = append(rm, uint32(i))
		case 1:
			add = append(add, Entry{Key: uint32(i), Vec: randVec(r, dim)})
		}
	}
	if err := h.Update(rm, add); err != nil {
		t.Fatal(err)
	}
	exact.Update(rm, add)
	if h.Len() != exact.Len() {
		t.Fatalf("Len %d, want %d", h.Len(), exact.Len())
	}
	if h.Remove(rm[0]) {
		t.Error("removing a removed key reported true")
	}
	queries := clustered(r, 100, dim, 30)
	check := func(stage string) {
		for _, q := range queries[:20] {
			got, _ := h.Search(q, 10, nil)
			for _, x := range got {
				if x.Key%3 == 0 {
					t.Fatalf("%s: removed key %d returned", stage, x.Key)
				}
			}
		}
		if rec := recallAt(t, h, exact, queries, 10, nil); rec < 0.9 {
			t.Errorf("%s: recall@10 %.3f", stage, rec)
		}
	}
	check("tombstoned")
	if h.Deleted() == 0 {
		t.Fatal("no tombstones recorded")
	}
	h.Compact()
	if h.Deleted() != 0 || h.Len() != exact.Len() {
		t.Fatalf("after Compact: %d tombstones, %d live", h.Deleted(), h.Len())
	}
	check("compacted")
}

func TestHNSWConcurrent(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	const dim = 24
	vecs := clustered(r, 4000, dim, 20)
	h := NewHNSW(dim, HNSWConfig{Seed: 5})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(vecs); i += 4 {
				h.Add(uint32(i), vecs[i])
				if i%97 == 0 {
					h.Remove(uint32(i))
				}
			}
		}()
	}
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 300 {
				if _, err := h.Search(vecs[(i*7+w)%len(vecs)], 5, func(k uint32) bool { return k%2 == 0 }); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	exact := NewFlat(dim)
	for i, v := range vecs {
		if i%97 != 0 {
			exact.Add(uint32(i), v)
		}
	}
	if h.Len() != exact.Len() {
		t.Fatalf("Len %d want %d", h.Len(), exact.Len())
	}
	if rec := recallAt(t, h, exact, vecs[:100], 10, nil); rec < 0.95 {
		t.Errorf("recall after concurrent build %.3f", rec)
	}
}

func TestHNSWEdgeCases(t *testing.T) {
	h := NewHNSW(4, HNSWConfig{})
	if got, err := h.Search([]float32{1, 0, 0, 0}, 3, nil); err != nil || len(got) != 0 {
		t.Fatalf("empty index: %v %v", got, err)
	}
	if err := h.Add(1, []float32{1, 2}); err == nil {
		t.Error("wrong dimension accepted")
	}
	h.Add(1, []float32{0, 0, 0, 0}) // zero vector: similarity 0 to all
	h.Add(2, []float32{1, 0, 0, 0})
	h.Add(3, []float32{1, 0, 0, 0})
	got, _ := h.Search([]float32{2, 0, 0, 0}, 5, nil)
	want := []Hit{{2, 1}, {3, 1}, {1, 0}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v want %v (ties by key)", got, want)
	}
	if got, _ := h.Search([]float32{1, 0, 0, 0}, 0, nil); got != nil {
		t.Error("k=0 returned hits")
	}
}

func TestEfConstructionFor(t *testing.T) {
	for _, tc := range []struct{ n, want int }{
		{0, 100}, {10_000, 100}, {200_000, 100}, {200_001, 200}, {1_000_000, 200},
	} {
		if got := EfConstructionFor(tc.n); got != tc.want {
			t.Errorf("EfConstructionFor(%d) = %d, want %d", tc.n, got, tc.want)
		}
	}
	// The default without a size stays 100: a graph grown by inserts from
	// empty does not pay for a size it may never reach.
	if got := NewHNSW(4, HNSWConfig{}).Config().EfConstruction; got != 100 {
		t.Errorf("default efConstruction %d", got)
	}
}
