package embed

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sync/atomic"
)

// Cache keeps vectors by key across runs (store/sqlite keeps them in the
// data directory), so re-ingesting or re-embedding never pays a provider
// twice for the same text. Implementations are safe for concurrent use.
type Cache interface {
	// GetVectors returns the cached vectors of the keys it has.
	GetVectors(ctx context.Context, keys [][]byte) (map[string][]float32, error)
	// PutVectors stores vectors by key; existing keys are left as they are.
	PutVectors(ctx context.Context, entries map[string][]float32) error
}

// CachePager is a Cache that can list what it holds, page by page in key
// order, so `seogo migrate` can carry the cache to another store.
type CachePager interface {
	Cache
	// VectorsAfter returns up to limit entries with keys above after, in
	// key order; fewer than limit means the end.
	VectorsAfter(ctx context.Context, after []byte, limit int) (keys [][]byte, vecs [][]float32, err error)
}

// CacheKey is the key of text's vector from embedder name (which holds the
// provider and model) at dim: a SHA-256, so the cache holds no document text.
func CacheKey(name string, dim int, text string) []byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", name)
	var d [8]byte
	binary.LittleEndian.PutUint64(d[:], uint64(dim))
	h.Write(d[:])
	h.Write([]byte(text))
	return h.Sum(nil)
}

// Cached wraps e with c. Identical texts in one call are embedded once.
type Cached struct {
	Embedder
	Cache Cache

	hits, misses atomic.Int64
}

// NewCached returns e backed by c.
func NewCached(e Embedder, c Cache) *Cached { return &Cached{Embedder: e, Cache: c} }

// Stats returns how many texts were served from the cache and how many were
// sent to the embedder since the wrapper was made.
func (c *Cached) Stats() (hits, misses int64) { return c.hits.Load(), c.misses.Load() }

// Embed returns cached vectors and embeds only the texts not seen before.
func (c *Cached) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	if len(texts) == 0 {
		return nil, nil
	}
	name, dim := c.Name(), c.Dim()
	keys := make([][]byte, len(texts))
	for i, t := range texts {
		keys[i] = CacheKey(name, dim, t)
	}
	found, err := c.Cache.GetVectors(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make([][]float32, len(texts))
	var missTexts []string
	missAt := map[string][]int{} // key → positions waiting for it
	for i, k := range keys {
		if v, ok := found[string(k)]; ok && len(v) == dim {
			out[i] = v
			continue
		}
		if _, seen := missAt[string(k)]; !seen {
			missTexts = append(missTexts, texts[i])
		}
		missAt[string(k)] = append(missAt[string(k)], i)
	}
	c.hits.Add(int64(len(texts) - len(missAt)))
	if len(missTexts) == 0 {
		return out, nil
	}
	c.misses.Add(int64(len(missTexts)))
	vecs, err := c.Embedder.Embed(ctx, missTexts)
	if err != nil {
		return nil, err
	}
	if len(vecs) != len(missTexts) {
		return nil, fmt.Errorf("embedder %s returned %d vectors for %d texts", name, len(vecs), len(missTexts))
	}
	put := make(map[string][]float32, len(vecs))
	for j, t := range missTexts {
		k := string(CacheKey(name, dim, t))
		put[k] = vecs[j]
		for _, i := range missAt[k] {
			out[i] = vecs[j]
		}
	}
	if err := c.Cache.PutVectors(ctx, put); err != nil {
		return nil, err
	}
	return out, nil
}
