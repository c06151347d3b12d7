package vector

import (
	"errors"
	"math"
	"math/rand/v2"
	"sort"
	"sync"
	"testing"
)

func randVec(r *rand.Rand, dim int) []float32 {
	v := make([]float32, dim)
	for i := range v {
		v[i] = float32(r.NormFloat64())
	}
	return v
}

func naiveDot(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func naiveCos(a, b []float32) float64 {
	na, nb := math.Sqrt(naiveDot(a, a)), math.Sqrt(naiveDot(b, b))
	if na == 0 || nb == 0 {
		return 0
	}
	return naiveDot(a, b) / (na * nb)
}

func TestDot(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 100, 384, 1023} {
		a, b := randVec(r, n), randVec(r, n+3) // b may be longer
		got, want := float64(Dot(a, b)), naiveDot(a, b[:n])
		if math.Abs(got-want) > 1e-4*(1+math.Abs(want)) {
			t.Errorf("Dot n=%d: got %v want %v", n, got, want)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   []float32
		norm float32
	}{
		{"zero", []float32{0, 0, 0}, 0},
		{"unit", []float32{1, 0}, 1},
		{"3-4-5", []float32{3, 4}, 5},
	}
	for _, tc := range tests {
		v := append([]float32(nil), tc.in...)
		if got := Normalize(v); math.Abs(float64(got-tc.norm)) > 1e-6 {
			t.Errorf("%s: norm %v want %v", tc.name, got, tc.norm)
		}
		if tc.norm != 0 {
			if l := naiveDot(v, v); math.Abs(l-1) > 1e-6 {
				t.Errorf("%s: normalised length² %v", tc.name, l)
			}
		}
	}
}

// reference ranks every vector by exact cosine similarity, ties by key.
func reference(vecs map[uint32][]float32, q []float32, k int, allow func(uint32) bool) []Hit {
	var all []Hit
	for key, v := range vecs {
		if allow != nil && !allow(key) {
			continue
		}
		all = append(all, Hit{Key: key, Score: float32(naiveCos(q, v))})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Score != all[j].Score {
			return all[i].Score > all[j].Score
		}
		return all[i].Key < all[j].Key
	})
	if len(all) > k {
		all = all[:k]
	}
	return all
}

func sameHits(t *testing.T, name string, got, want []Hit) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d hits, want %d", name, len(got), len(want))
	}
	for i := range got {
		// Scores differ in the last bits between float32 and float64
		// arithmetic, so near-ties may swap; compare scores, and keys
		// only where the scores are clearly apart.
		if math.Abs(float64(got[i].Score-want[i].Score)) > 1e-5 {
			t.Fatalf("%s: hit %d score %v want %v (key %d vs %d)", name, i, got[i].Score, want[i].Score, got[i].Key, want[i].Key)
		}
	}
}

func TestFlatSearchMatchesReference(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		dim   int
		k     int
		allow func(uint32) bool
	}{
		{"empty", 0, 8, 5, nil},
		{"small", 50, 13, 10, nil},
		{"k larger than n", 7, 9, 20, nil},
		{"odd dim filtered", 500, 37, 10, func(k uint32) bool { return k%3 == 0 }},
		{"parallel", parallelMin + 1234, 20, 15, nil},
		{"parallel filtered", parallelMin + 99, 17, 5, func(k uint32) bool { return k%7 == 1 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(tc.n), uint64(tc.dim)))
			f := NewFlat(tc.dim)
			vecs := map[uint32][]float32{}
			for i := 0; i < tc.n; i++ {
				key := uint32(i*3 + 1)
				v := randVec(r, tc.dim)
				if i%50 == 0 {
					v = make([]float32, tc.dim) // zero vectors score 0
				}
				vecs[key] = v
				if err := f.Add(key, v); err != nil {
					t.Fatal(err)
				}
			}
			q := randVec(r, tc.dim)
			got, err := f.Search(q, tc.k, tc.allow)
			if err != nil {
				t.Fatal(err)
			}
			sameHits(t, tc.name, got, reference(vecs, q, tc.k, tc.allow))
		})
	}
}

func TestFlatTiesBySmallerKey(t *testing.T) {
	f := NewFlat(3)
	for _, key := range []uint32{9, 4, 7, 1, 5} {
		if err := f.Add(key, []float32{1, 1, 0}); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := f.Search([]float32{2, 2, 0}, 3, nil)
	want := []uint32{1, 4, 5}
	for i, h := range got {
		if h.Key != want[i] {
			t.Fatalf("tie order %v, want keys %v", got, want)
		}
	}
}

func TestFlatRemoveAndReplace(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	f := NewFlat(10)
	vecs := map[uint32][]float32{}
	for i := uint32(0); i < 300; i++ {
		vecs[i] = randVec(r, 10)
		_ = f.Add(i, vecs[i])
	}
	for i := uint32(0); i < 300; i += 3 {
		if !f.Remove(i) {
			t.Fatalf("Remove(%d) = false", i)
		}
		delete(vecs, i)
	}
	if f.Remove(0) {
		t.Fatal("second Remove(0) = true")
	}
	for i := uint32(1); i < 300; i += 5 { // replace in place
		vecs[i] = randVec(r, 10)
		_ = f.Add(i, vecs[i])
	}
	var adds []Entry
	for i := uint32(1000); i < 1010; i++ {
		vecs[i] = randVec(r, 10)
		adds = append(adds, Entry{Key: i, Vec: vecs[i]})
	}
	if err := f.Update([]uint32{2, 4}, adds); err != nil {
		t.Fatal(err)
	}
	delete(vecs, 2)
	delete(vecs, 4)
	if f.Len() != len(vecs) {
		t.Fatalf("Len %d want %d", f.Len(), len(vecs))
	}
	q := randVec(r, 10)
	got, _ := f.Search(q, 400, nil)
	sameHits(t, "after removals", got, reference(vecs, q, 400, nil))
}

func TestFlatRejectsBadVectors(t *testing.T) {
	f := NewFlat(4)
	tests := []struct {
		name string
		v    []float32
		dim  bool
	}{
		{"short", []float32{1, 2, 3}, true},
		{"long", []float32{1, 2, 3, 4, 5}, true},
		{"nan", []float32{1, float32(math.NaN()), 0, 0}, false},
		{"inf", []float32{1, float32(math.Inf(1)), 0, 0}, false},
	}
	for _, tc := range tests {
		err := f.Add(1, tc.v)
		if err == nil {
			t.Errorf("%s: Add accepted", tc.name)
		}
		if errors.Is(err, ErrDim) != tc.dim {
			t.Errorf("%s: errors.Is(ErrDim) = %v", tc.name, !tc.dim)
		}
		if _, err := f.Search(tc.v, 1, nil); err == nil {
			t.Errorf("%s: Search accepted", tc.name)
		}
	}
	if err := f.Update(nil, []Entry{{1, []float32{1, 0, 0, 0}}, {2, []float32{1}}}); err == nil || f.Len() != 0 {
		t.Errorf("Update with a bad vector: err %v, Len %d (want error, 0)", err, f.Len())
	}
}

func TestFlatZeroQuery(t *testing.T) {
	f := NewFlat(2)
	_ = f.Add(5, []float32{1, 0})
	_ = f.Add(2, []float32{0, 1})
	got, err := f.Search([]float32{0, 0}, 5, nil)
	if err != nil || len(got) != 2 || got[0].Key != 2 || got[0].Score != 0 {
		t.Fatalf("zero query: %v %v", got, err)
	}
}

func TestFlatConcurrent(t *testing.T) {
	f := NewFlat(16)
	r := rand.New(rand.NewPCG(3, 3))
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		q := randVec(r, 16)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if _, err := f.Search(q, 5, nil); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for i := uint32(0); i < 500; i++ {
		_ = f.Add(i, randVec(r, 16))
		if i%4 == 0 {
			f.Remove(i / 2)
		}
	}
	wg.Wait()
}

func BenchmarkDot384(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x, y := randVec(r, 384), randVec(r, 384)
	var s float32
	for b.Loop() {
		s += Dot(x, y)
	}
	_ = s
}

func BenchmarkFlatSearch100k384(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	f := NewFlat(384)
	for i := uint32(0); i < 100000; i++ {
		_ = f.Add(i, randVec(r, 384))
	}
	q := randVec(r, 384)
	for b.Loop() {
		_, _ = f.Search(q, 10, nil)
	}
}
