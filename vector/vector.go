// Package vector holds seogo's nearest-neighbour indexes over embedding
// vectors and the distance kernels they share. Flat is the exact index (a
// scan of every vector); approximate indexes (HNSW) satisfy the same Index
// interface, so the store can swap one for the other.
//
// Every index compares by cosine similarity. Vectors are L2-normalised when
// added, so cosine similarity is a plain dot product at search time.
package vector

import (
	"errors"
	"fmt"
	"math"
)

// Hit is one search result: a key and its cosine similarity to the query.
type Hit struct {
	Key   uint32
	Score float32
}

// Index is a set of vectors searchable by similarity. Implementations are
// safe for concurrent use: many searches run at once with one writer.
type Index interface {
	// Add stores v under key, replacing any vector already stored there.
	// v is copied; it must have the index's dimension and finite values.
	Add(key uint32, v []float32) error
	// Remove deletes key and reports whether it was present.
	Remove(key uint32) bool
	// Search returns up to k keys most similar to q, best first; equal
	// scores are ordered by smaller key. allow, when not nil, admits a key;
	// it may be called from several goroutines at once.
	Search(q []float32, k int, allow func(uint32) bool) ([]Hit, error)
	// Len is the number of stored vectors.
	Len() int
}

// ErrDim is returned (wrapped) when a vector's length differs from the
// index's dimension.
var ErrDim = errors.New("vector dimension mismatch")

// Normalize scales v in place to unit L2 length and returns its original
// length. A zero vector is left as it is (its similarity to anything is 0).
func Normalize(v []float32) float32 {
	var ss float64
	for _, x := range v {
		ss += float64(x) * float64(x)
	}
	norm := math.Sqrt(ss)
	if norm == 0 {
		return 0
	}
	inv := 1 / norm
	for i, x := range v {
		v[i] = float32(float64(x) * inv)
	}
	return float32(norm)
}

// check validates a vector against dimension dim.
func check(v []float32, dim int) error {
	if len(v) != dim {
		return fmt.Errorf("%w: got %d dims, index has %d", ErrDim, len(v), dim)
	}
	for i, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return fmt.Errorf("vector value %d is %v: vectors must be finite", i, x)
		}
	}
	return nil
}
