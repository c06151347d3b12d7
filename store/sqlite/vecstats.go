package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"strings"
	"time"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/vector"
)

// VectorIndexStats describes a collection's vector index for `seogo index
// stats`: which kind, its parameters, memory, and a measured recall.
type VectorIndexStats struct {
	Collection  string `json:"collection"`
	Kind        string `json:"kind"` // "flat" (exact) or "hnsw"
	Vectors     int    `json:"vectors"`
	Dim         int    `json:"dim"`
	Tombstones  int    `json:"tombstones,omitempty"`
	M           int    `json:"m,omitempty"`
	EfConstruct int    `json:"ef_construction,omitempty"`
	EfSearch    int    `json:"ef_search,omitempty"`
	// Quantization is how the graph holds its vectors ("float32" or
	// "int8"); for an exact index, how a graph will once there is one.
	// QuantChoice is the collection's own choice ("" when it follows the
	// store's default, QuantDefault: the config's index.quantization).
	Quantization string `json:"quantization"`
	QuantChoice  string `json:"quantization_choice"`
	QuantDefault string `json:"quantization_default"`
	// EfConstructFor, when set, is the efConstruction a rebuild would use
	// at this size, above the one the graph was built with (EfConstruct):
	// `seogo index rebuild` raises recall at the same efSearch.
	EfConstructFor int           `json:"ef_construction_for_size,omitempty"`
	GraphBytes     int64         `json:"graph_bytes"`
	VectorBytes    int64         `json:"vector_bytes"`
	Recall10       float64       `json:"recall_at_10"` // measured on stored vectors; 1 for flat
	FromSnapshot   bool          `json:"from_snapshot"`
	CaughtUp       int           `json:"caught_up,omitempty"` // rows applied to an older snapshot at load
	Rebuilt        string        `json:"rebuilt,omitempty"`   // why the graph was built rather than loaded
	SnapshotSize   int64         `json:"snapshot_bytes,omitempty"`
	BuildTime      time.Duration `json:"build_ns,omitempty"`
	Threshold      int           `json:"hnsw_threshold"`
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
		Quantization: s.effectiveQuant(vi.quant), QuantChoice: vi.quant, QuantDefault: s.quant,
		FromSnapshot: vi.fromSnapshot, CaughtUp: vi.caughtUp, Rebuilt: vi.rebuilt, BuildTime: vi.buildTime, Threshold: hnswMin}
	if vi.hnsw == nil {
		st.VectorBytes = int64(vi.Len()) * int64(4*vi.dim)
		return st
	}
	hs := vi.hnsw.Stats()
	st.Kind, st.Tombstones = "hnsw", hs.Deleted
	st.M, st.EfConstruct, st.EfSearch = hs.Config.M, hs.Config.EfConstruction, hs.Config.EfSearch
	if want := s.graphConfig(coll, quantFloat32, hs.Live).EfConstruction; want > st.EfConstruct {
		st.EfConstructFor = want
	}
	st.Quantization = quantFloat32
	if hs.Config.Quant == vector.Int8 {
		st.Quantization = quantInt8
	}
	st.GraphBytes, st.VectorBytes = hs.GraphBytes, hs.VectorBytes
	st.Recall10 = vi.hnsw.EstimateRecall(100, 10)
	if fi, err := os.Stat(s.hnswPath(coll)); err == nil {
		st.SnapshotSize = fi.Size()
	}
	return st
}

// checkQuant normalises a quantization name ("INT8 " is int8); "" is
// float32 where allowEmpty (an unset default), an error otherwise.
func checkQuant(quant string, allowEmpty bool) (string, error) {
	q := strings.ToLower(strings.TrimSpace(quant))
	switch {
	case q == quantFloat32 || q == quantInt8:
		return q, nil
	case q == "" && allowEmpty:
		return quantFloat32, nil
	}
	return "", i18n.Errorf("벡터 양자화 %q 는 알 수 없습니다: int8 이나 float32 를 쓰세요",
		"unknown vector quantization %q: use int8 or float32", quant)
}

// effectiveQuant is the quantization of a collection whose stored choice
// is choice: its own, or the store's default when it has not chosen.
func (s *Store) effectiveQuant(choice string) string {
	if choice == "" {
		return s.quant
	}
	return choice
}

// SetVectorQuantization chooses how the graph of coll is held in memory:
// "float32" or "int8", which keeps a quarter of the vector memory and
// re-ranks the best candidates with the float32 vectors SQLite stores, so
// results stay those of float32 at the same recall. The choice is stored
// with the collection and wins over the store's default
// (Options.VectorQuant); the graph is rebuilt on next use (the old
// snapshot's parameters no longer match).
func (s *Store) SetVectorQuantization(ctx context.Context, coll, quant string) error {
	quant, err := checkQuant(quant, false)
	if err != nil {
		return err
	}
	cs := s.state(coll)
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	cs.loadMu.Lock()
	defer cs.loadMu.Unlock()
	res, err := s.db.ExecContext(ctx, `UPDATE collections SET vector_quant = ? WHERE name = ?`, quant, coll)
	if err != nil {
		return i18n.Errorf("%q 컬렉션의 벡터 양자화를 바꾸지 못했습니다: %w", "set vector quantization of %q: %w", coll, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFoundCollection(coll)
	}
	cs.vec.Store(nil)
	return nil
}

// VectorQuantization returns the quantization of coll ("float32" or
// "int8": its own choice, else the store's default); it applies once the
// collection is large enough for a graph.
func (s *Store) VectorQuantization(ctx context.Context, coll string) (string, error) {
	var q string
	err := s.db.QueryRowContext(ctx, `SELECT vector_quant FROM collections WHERE name = ?`, coll).Scan(&q)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFoundCollection(coll)
	}
	if err != nil {
		return "", i18n.Errorf("%q 컬렉션의 벡터 양자화를 읽지 못했습니다: %w", "read vector quantization of %q: %w", coll, err)
	}
	return s.effectiveQuant(q), nil
}
