package vector

import (
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"testing"
)

// A batched float32 source gives the same ranking as the per-key one, in one
// call per search, survives a snapshot round trip, and a key the source no
// longer has ranks last (here: is never returned).
func TestHNSWFloatsBatch(t *testing.T) {
	const dim = 24
	r := rand.New(rand.NewPCG(9, 9))
	vecs := clustered(r, 1500, dim, 15)
	gone := uint32(7) // vanished from the source after indexing
	one := func(k uint32, dst []float32) bool {
		if k == gone {
			return false
		}
		copy(dst, vecs[k])
		return true
	}
	var calls atomic.Int64
	batch := func(keys []uint32, dst []float32, found []bool) {
		calls.Add(1)
		for i, k := range keys {
			found[i] = one(k, dst[i*dim:(i+1)*dim])
		}
	}
	perKey := NewHNSW(dim, HNSWConfig{Seed: 3, Quant: Int8, Floats: one})
	batched := NewHNSW(dim, HNSWConfig{Seed: 3, Quant: Int8, Floats: one, FloatsBatch: batch})
	for i, v := range vecs {
		perKey.Add(uint32(i), v)
		batched.Add(uint32(i), v)
	}
	loaded, _, err := ReadHNSWSnapshot(snapshotOf(t, batched, 1), HNSWConfig{Floats: one, FloatsBatch: batch})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		h    *HNSW
	}{{"batched", batched}, {"batched, from snapshot", loaded}} {
		calls.Store(0)
		for _, q := range vecs[:60] {
			want, _ := perKey.Search(q, 10, nil)
			got, _ := tc.h.Search(q, 10, nil)
			if !slices.Equal(want, got) {
				t.Fatalf("%s: %v, per key %v", tc.name, got, want)
			}
			for _, h := range got {
				if h.Key == gone {
					t.Fatalf("%s: a key missing from the source was returned", tc.name)
				}
			}
		}
		if n := calls.Load(); n != 60 {
			t.Fatalf("%s: %d batch calls for 60 searches", tc.name, n)
		}
	}
}
