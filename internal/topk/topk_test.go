package topk

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

type in struct {
	key   uint32
	score float64
}

func TestHeap(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		k    int
		in   []in
		want []Item[float64]
	}{
		{"empty", 3, nil, []Item[float64]{}},
		{"k zero", 0, []in{{1, 1}, {2, 2}}, []Item[float64]{}},
		{"k negative", -1, []in{{1, 1}}, []Item[float64]{}},
		{"k larger than n", 10, []in{{1, 0.5}, {2, 0.9}, {3, 0.1}},
			[]Item[float64]{{2, 0.9}, {1, 0.5}, {3, 0.1}}},
		{"keeps best k", 2, []in{{1, 0.1}, {2, 0.9}, {3, 0.5}, {4, 0.7}},
			[]Item[float64]{{2, 0.9}, {4, 0.7}}},
		{"ties by smaller key", 3, []in{{9, 1}, {3, 1}, {7, 1}, {1, 1}, {5, 1}},
			[]Item[float64]{{1, 1}, {3, 1}, {5, 1}}},
		{"tie at the threshold admits a smaller key", 2, []in{{4, 2}, {8, 1}, {6, 1}},
			[]Item[float64]{{4, 2}, {6, 1}}},
		{"tie at the threshold rejects a larger key", 2, []in{{4, 2}, {6, 1}, {8, 1}},
			[]Item[float64]{{4, 2}, {6, 1}}},
		{"negative scores", 2, []in{{1, -3}, {2, -1}, {3, -2}},
			[]Item[float64]{{2, -1}, {3, -2}}},
		{"NaN never admitted, heap not full", 3, []in{{1, nan}, {2, 1}, {3, nan}},
			[]Item[float64]{{2, 1}}},
		{"NaN never admitted, heap full", 1, []in{{2, 1}, {1, nan}},
			[]Item[float64]{{2, 1}}},
		{"infinities rank", 2, []in{{1, math.Inf(-1)}, {2, 0}, {3, math.Inf(1)}},
			[]Item[float64]{{3, math.Inf(1)}, {2, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := New[float64](tt.k, len(tt.in))
			for _, x := range tt.in {
				h.Push(x.key, x.score)
			}
			if got := h.Sorted(); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAdmitsMatchesPush(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var h Heap[float32]
	h.Reset(5, 1000)
	for range 1000 {
		key, score := uint32(r.IntN(50)), float32(r.IntN(20))
		if r.IntN(50) == 0 {
			score = float32(math.NaN())
		}
		before := slices.Clone(h.items)
		admits := h.Admits(key, score)
		h.Push(key, score)
		if changed := !slices.Equal(before, h.items); changed != admits {
			t.Fatalf("Admits(%d, %v) = %v, but Push changed the heap: %v", key, score, admits, changed)
		}
	}
}

// TestMatchesSort checks the heap against sorting everything, with many
// ties (scores from a small set), for several k, and through Merge.
func TestMatchesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, k := range []int{1, 2, 7, 100, 500} {
		all := make([]Item[float32], 300)
		for i := range all {
			all[i] = Item[float32]{uint32(r.IntN(1000)), float32(r.IntN(10)) / 4}
		}
		want := slices.Clone(all)
		slices.SortFunc(want, func(a, b Item[float32]) int {
			if a.Score != b.Score {
				if a.Score > b.Score {
					return -1
				}
				return 1
			}
			return int(a.Key) - int(b.Key)
		})
		want = want[:min(k, len(want))]

		one := New[float32](k, len(all))
		parts := [3]Heap[float32]{}
		for i := range parts {
			parts[i].Reset(k, 0) // no room reserved: the buffer grows
		}
		for i, x := range all {
			one.Push(x.Key, x.Score)
			parts[i%3].Push(x.Key, x.Score)
		}
		parts[0].Merge(&parts[1])
		parts[0].Merge(&parts[2])
		if got := one.Sorted(); !slices.Equal(got, want) {
			t.Errorf("k=%d: got %v, want %v", k, got, want)
		}
		if got := parts[0].Sorted(); !slices.Equal(got, want) {
			t.Errorf("k=%d merged: got %v, want %v", k, got, want)
		}
	}
}

func TestResetReuses(t *testing.T) {
	h := New[float32](4, 100)
	for i := range 10 {
		h.Push(uint32(i), float32(i))
	}
	first := &h.Sorted()[0]
	h.Reset(3, 100)
	if h.Len() != 0 {
		t.Fatalf("Len after Reset = %d", h.Len())
	}
	h.Push(1, 1)
	h.Push(2, 2)
	if got := h.Sorted(); &got[0] != first || !slices.Equal(got, []Item[float32]{{2, 2}, {1, 1}}) {
		t.Errorf("after Reset: got %v (buffer reused: %v)", got, &got[0] == first)
	}
	if n := testing.AllocsPerRun(100, func() {
		h.Reset(3, 100)
		for i := range 50 {
			h.Push(uint32(i), float32(i%7))
		}
		h.Sorted()
	}); n != 0 {
		t.Errorf("a reused heap allocates %v times per search, want 0", n)
	}
}

func TestZeroValue(t *testing.T) {
	var h Heap[float64]
	if h.Admits(1, 1) {
		t.Error("zero Heap admits")
	}
	h.Push(1, 1)
	if got := h.Sorted(); len(got) != 0 {
		t.Errorf("zero Heap kept %v", got)
	}
}

func BenchmarkPush(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	scores := make([]float32, 100_000)
	for i := range scores {
		scores[i] = r.Float32()
	}
	var h Heap[float32]
	for b.Loop() {
		h.Reset(10, len(scores))
		for i, s := range scores {
			h.Push(uint32(i), s)
		}
		h.Sorted()
	}
}
