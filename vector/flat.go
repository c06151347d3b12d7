package vector

import (
	"math"
	"runtime"
	"sync"

	"github.com/seogo/seogo/internal/topk"
)

// parallelMin is the set size above which Search splits the scan across
// GOMAXPROCS goroutines; below it the goroutine start-up costs more than
// the scan itself.
const parallelMin = 20000

// Flat is an exact index: Search compares the query with every stored
// vector. Vectors live in one contiguous []float32 (row i at
// data[i*dim:(i+1)*dim]) so the scan streams through memory. Removal moves
// the last row into the hole, so rows are unordered; ranking ties are broken
// by key, not by row.
//
// The zero value is not usable; create one with NewFlat. Flat is safe for
// concurrent use.
type Flat struct {
	mu   sync.RWMutex
	dim  int
	data []float32
	keys []uint32       // row -> key
	rows map[uint32]int // key -> row
}

var _ Index = (*Flat)(nil)

// NewFlat returns an empty exact index for vectors of dim dimensions.
func NewFlat(dim int) *Flat {
	if dim <= 0 {
		panic("vector: NewFlat needs a positive dimension")
	}
	return &Flat{dim: dim, rows: make(map[uint32]int)}
}

// Dim is the dimension of the vectors the index holds.
func (f *Flat) Dim() int { return f.dim }

// Len is the number of stored vectors.
func (f *Flat) Len() int {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return len(f.keys)
}

// Add stores a normalised copy of v under key, replacing any previous one.
func (f *Flat) Add(key uint32, v []float32) error {
	if err := check(v, f.dim); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.add(key, v)
	return nil
}

func (f *Flat) add(key uint32, v []float32) {
	row, ok := f.rows[key]
	if !ok {
		row = len(f.keys)
		f.keys = append(f.keys, key)
		f.rows[key] = row
		f.data = append(f.data, make([]float32, f.dim)...)
	}
	dst := f.data[row*f.dim : (row+1)*f.dim]
	copy(dst, v)
	Normalize(dst)
}

// Remove deletes key and reports whether it was present.
func (f *Flat) Remove(key uint32) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.remove(key)
}

func (f *Flat) remove(key uint32) bool {
	row, ok := f.rows[key]
	if !ok {
		return false
	}
	last := len(f.keys) - 1
	if row != last {
		copy(f.data[row*f.dim:(row+1)*f.dim], f.data[last*f.dim:])
		moved := f.keys[last]
		f.keys[row] = moved
		f.rows[moved] = row
	}
	f.keys = f.keys[:last]
	f.data = f.data[:last*f.dim]
	delete(f.rows, key)
	return true
}

// Entry is a keyed vector, for Update.
type Entry struct {
	Key uint32
	Vec []float32
}

// Update removes the keys in remove and then adds the entries in add, as
// one step: no search sees a state in between (a document's chunks are
// replaced together). Nothing changes when a vector is invalid.
func (f *Flat) Update(remove []uint32, add []Entry) error {
	for _, e := range add {
		if err := check(e.Vec, f.dim); err != nil {
			return err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, k := range remove {
		f.remove(k)
	}
	for _, e := range add {
		f.add(e.Key, e.Vec)
	}
	return nil
}

// Search returns the k stored vectors most similar to q by cosine
// similarity, best first, ties by smaller key. q need not be normalised; a
// zero q scores 0 against everything.
func (f *Flat) Search(q []float32, k int, allow func(uint32) bool) ([]Hit, error) {
	if err := check(q, f.dim); err != nil {
		return nil, err
	}
	if k <= 0 {
		return nil, nil
	}
	qn := make([]float32, f.dim)
	copy(qn, q)
	Normalize(qn)

	f.mu.RLock()
	defer f.mu.RUnlock()
	n := len(f.keys)
	workers := runtime.GOMAXPROCS(0)
	if n < parallelMin || workers < 2 {
		var t topk.Heap[float32]
		t.Reset(k, n)
		f.scan(qn, 0, n, allow, &t)
		return hits(t.Sorted()), nil
	}
	parts := make([]topk.Heap[float32], workers)
	var wg sync.WaitGroup
	per := (n + workers - 1) / workers
	for w := range parts {
		lo, hi := w*per, min((w+1)*per, n)
		parts[w].Reset(k, hi-lo)
		if lo >= hi {
			continue
		}
		wg.Add(1)
		go func(t *topk.Heap[float32]) {
			defer wg.Done()
			f.scan(qn, lo, hi, allow, t)
		}(&parts[w])
	}
	wg.Wait()
	all := &parts[0] // merge into the first part's heap: its buffer already holds min(k, per)
	for i := 1; i < len(parts); i++ {
		all.Merge(&parts[i])
	}
	return hits(all.Sorted()), nil
}

func hits(items []topk.Item[float32]) []Hit {
	out := make([]Hit, len(items))
	for i, x := range items {
		out[i] = Hit(x)
	}
	return out
}

// scan scores rows [lo, hi) into t.
func (f *Flat) scan(q []float32, lo, hi int, allow func(uint32) bool, t *topk.Heap[float32]) {
	dim := f.dim
	for row := lo; row < hi; row++ {
		key := f.keys[row]
		if allow != nil && !allow(key) {
			continue
		}
		s := Dot(q, f.data[row*dim:(row+1)*dim])
		if math.IsNaN(float64(s)) {
			s = 0 // cannot happen with finite inputs; keeps ordering total
		}
		t.Push(key, s)
	}
}
