package sqlite

import (
	"context"
	"os"
	"time"

	"github.com/seogo/seogo/vector"
)

// VectorIndexStats describes a collection's vector index for `seogo index
// stats`: which kind, its parameters, memory, and a measured recall.
type VectorIndexStats struct {
	Collection   string        `json:"collection"`
	Kind         string        `json:"kind"` // "flat" (exact) or "hnsw"
	Vectors      int           `json:"vectors"`
	Dim          int           `json:"dim"`
	Tombstones   int           `json:"tombstones,omitempty"`
	M            int           `json:"m,omitempty"`
	EfConstruct  int           `json:"ef_construction,omitempty"`
	EfSearch     int           `json:"ef_search,omitempty"`
	Quantization string        `json:"quantization,omitempty"`
	GraphBytes   int64         `json:"graph_bytes"`
	VectorBytes  int64         `json:"vector_bytes"`
	Recall10     float64       `json:"recall_at_10"` // measured on stored vectors; 1 for flat
	FromSnapshot bool          `json:"from_snapshot"`
	SnapshotSize int64         `json:"snapshot_bytes,omitempty"`
	BuildTime    time.Duration `json:"build_ns,omitempty"`
	Threshold    int           `json:"hnsw_threshold"`
}

// VectorIndexStats loads the vector index of coll (if not loaded) and
// describes it.
func (s *Store) VectorIndexStats(ctx context.Context, coll string) (VectorIndexStats, error) {
	vi, err := s.vectors(ctx, coll)
	if err != nil {
		return VectorIndexStats{}, err
	}
	return s.describe(coll, vi), nil
}

// RebuildVectorIndex rebuilds the vector index of coll from the stored
// vectors, ignoring any snapshot, and writes a fresh snapshot.
func (s *Store) RebuildVectorIndex(ctx context.Context, coll string) (VectorIndexStats, error) {
	cs := s.state(coll)
	cs.loadMu.Lock()
	vi, err := s.loadVectors(ctx, cs, true)
	if err == nil {
		cs.vec.Store(vi)
	}
	cs.loadMu.Unlock()
	if err != nil {
		return VectorIndexStats{}, err
	}
	return s.describe(coll, vi), nil
}

func (s *Store) describe(coll string, vi *vecIndex) VectorIndexStats {
	st := VectorIndexStats{Collection: coll, Kind: "flat", Vectors: vi.Len(), Dim: vi.dim, Recall10: 1,
		FromSnapshot: vi.fromSnapshot, BuildTime: vi.buildTime, Threshold: hnswMin}
	if vi.hnsw == nil {
		st.VectorBytes = int64(vi.Len()) * int64(4*vi.dim)
		return st
	}
	hs := vi.hnsw.Stats()
	st.Kind, st.Tombstones = "hnsw", hs.Deleted
	st.M, st.EfConstruct, st.EfSearch = hs.Config.M, hs.Config.EfConstruction, hs.Config.EfSearch
	st.Quantization = "float32"
	if hs.Config.Quant == vector.Int8 {
		st.Quantization = "int8"
	}
	st.GraphBytes, st.VectorBytes = hs.GraphBytes, hs.VectorBytes
	st.Recall10 = vi.hnsw.EstimateRecall(100, 10)
	if fi, err := os.Stat(s.hnswPath(coll)); err == nil {
		st.SnapshotSize = fi.Size()
	}
	return st
}
