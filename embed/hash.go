package embed

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Tokenizer is what the hashing embedder needs from an analyzer.
type Tokenizer interface {
	Name() string
	Analyze(text string) []string
}

// Hash is the built-in offline embedder: it hashes the analyzer's tokens (and
// character trigrams of Latin words, so "retrieval" and "retrieve" share
// features) into a fixed number of signed buckets and L2-normalises the sum.
// It needs no model and no download; it captures lexical overlap, not
// meaning, which still complements BM25 in hybrid search because it scores
// with cosine (length-normalised, sublinear tf) instead of BM25's saturation.
// Neural embedders replace it through the same interface.
type Hash struct {
	tok Tokenizer
	dim int
}

// DefaultHashDim is the built-in embedder's dimension. Collisions between a
// chunk's ~100–300 distinct features are what limits it: on KorQuAD semantic
// recall@1 is 0.69 at 512 dims, 0.78 at 1024, 0.82 at 2048 and 0.83 at 4096.
// 1024 is the knee; memory is 4 KB a chunk until vectors are quantised.
const DefaultHashDim = 1024

// hashSeedKey fixes the hash so vectors are identical across processes:
// stored vectors must compare with query vectors made by a later run.
const hashSeedKey = "seogo-hash-embedder-v1"

// NewHash returns the hashing embedder over tok's tokens with dim buckets.
func NewHash(tok Tokenizer, dim int) (*Hash, error) {
	if tok == nil {
		return nil, fmt.Errorf("embed: hash embedder needs a tokenizer")
	}
	if dim <= 0 {
		dim = DefaultHashDim
	}
	if dim < 16 || dim > 65536 {
		return nil, fmt.Errorf("embed: hash embedder dimension %d out of range 16..65536", dim)
	}
	return &Hash{tok: tok, dim: dim}, nil
}

// Name encodes everything that changes the vectors, so a collection built with
// another configuration is detected as incompatible.
func (h *Hash) Name() string { return "local-hash-v1/" + h.tok.Name() }

// Dim returns the vector dimension.
func (h *Hash) Dim() int { return h.dim }

// Embed returns one L2-normalised vector per text. An empty text yields the
// zero vector (cosine 0 with everything), never NaN.
func (h *Hash) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	counts := make(map[string]int)
	for i, t := range texts {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		clear(counts)
		for _, tk := range h.tok.Analyze(t) {
			counts[tk]++
			if isLatinWord(tk) && len(tk) > 4 {
				w := "<" + tk + ">"
				for j := 0; j+3 <= len(w); j++ {
					counts["#"+w[j:j+3]]++
				}
			}
		}
		out[i] = h.vector(counts)
	}
	return out, nil
}

func (h *Hash) vector(counts map[string]int) []float32 {
	// Float addition is not associative: sum the features in a fixed order so
	// the same text always gets the same bits (map order is random).
	feats := make([]string, 0, len(counts))
	for f := range counts {
		feats = append(feats, f)
	}
	sort.Strings(feats)
	v := make([]float32, h.dim)
	for _, f := range feats {
		n := counts[f]
		x := hashString(f)
		b := int(x % uint64(h.dim))
		w := float32(1 + math.Log(float64(n)))
		if strings.HasPrefix(f, "#") {
			w *= 0.5 // subword features support, they do not dominate
		}
		if x>>63 == 1 {
			w = -w
		}
		v[b] += w
	}
	var ss float64
	for _, x := range v {
		ss += float64(x) * float64(x)
	}
	if ss > 0 {
		inv := float32(1 / math.Sqrt(ss))
		for i := range v {
			v[i] *= inv
		}
	}
	return v
}

// hashString is FNV-1a 64 with a fixed salt: stable across runs and
// platforms, unlike maphash with a random seed.
func hashString(s string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	x := uint64(offset)
	for i := 0; i < len(hashSeedKey); i++ {
		x ^= uint64(hashSeedKey[i])
		x *= prime
	}
	for i := 0; i < len(s); i++ {
		x ^= uint64(s[i])
		x *= prime
	}
	// FNV's low bits mix poorly for short keys; finalise (splitmix64).
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func isLatinWord(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z') {
			return false
		}
	}
	return s != ""
}
