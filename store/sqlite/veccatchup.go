package sqlite

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"strconv"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/vector"
)

// Quantisations a collection's graph may use (collections.vector_quant).
const (
	quantFloat32 = "float32"
	quantInt8    = "int8"
)

// efConstructionFor picks the efConstruction of a graph built over n
// vectors; a variable so tests can move the step to small sizes.
var efConstructionFor = vector.EfConstructionFor

// graphConfig is the graph configuration of coll, built over n vectors:
// hnswConfig, with efConstruction scaled to n unless pinned, and with int8
// codes in memory and float32 re-ranking from the stored vectors when the
// collection asks for int8 (the store keeps the float32 copy on disk, so
// memory holds a quarter of it).
func (s *Store) graphConfig(coll, quant string, n int) vector.HNSWConfig {
	cfg := hnswConfig
	if cfg.EfConstruction == 0 {
		cfg.EfConstruction = efConstructionFor(n)
	}
	if quant == quantInt8 {
		cfg.Quant = vector.Int8
		cfg.Floats = func(key uint32, dst []float32) bool { return s.storedVector(coll, key, dst) }
		cfg.FloatsBatch = func(keys []uint32, dst []float32, found []bool) { s.storedVectors(coll, keys, dst, found) }
	}
	return cfg
}

// storedVector reads chunk key's vector from SQLite into dst. It reports
// false when the chunk is gone (a search racing a delete ranks it last).
func (s *Store) storedVector(coll string, key uint32, dst []float32) bool {
	var blob []byte
	if err := s.vecByKey.QueryRow(int64(key), coll).Scan(&blob); err != nil || len(blob) != 4*len(dst) {
		return false
	}
	for i := range dst {
		dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(blob[4*i:]))
	}
	return true
}

// storedVectors reads the vectors of keys into dst (len(keys)·dim) in one
// query, marking those found: a search re-ranks its candidates with one
// round trip to SQLite instead of one per candidate.
func (s *Store) storedVectors(coll string, keys []uint32, dst []float32, found []bool) {
	list := make([]byte, 0, 8*len(keys)+2)
	list = append(list, '[')
	for i, k := range keys {
		if i > 0 {
			list = append(list, ',')
		}
		list = strconv.AppendUint(list, uint64(k), 10)
	}
	list = append(list, ']')
	rows, err := s.vecsByKeys.Query(string(list), coll)
	if err != nil {
		return // nothing found: the candidates rank last, the search goes on
	}
	defer rows.Close()
	dim := len(dst) / max(len(keys), 1)
	for rows.Next() {
		var key int64
		var blob sql.RawBytes
		if rows.Scan(&key, &blob) != nil || len(blob) != 4*dim {
			continue
		}
		for i, k := range keys {
			if int64(k) != key {
				continue
			}
			v := dst[i*dim : (i+1)*dim]
			for j := range v {
				v[j] = math.Float32frombits(binary.LittleEndian.Uint32(blob[4*j:]))
			}
			found[i] = true
		}
	}
}

// vecsByKeysSQL fetches the stored vectors of a JSON array of keys: one
// prepared statement for any number of keys.
const vecsByKeysSQL = `SELECT key, vector FROM chunks WHERE key IN (SELECT value FROM json_each(?)) AND +coll = ?`

// vecByKeySQL fetches one stored vector. The unary + keeps SQLite on the
// rowid lookup rather than the (coll, …) index (see chunksByKeySQL).
const vecByKeySQL = `SELECT vector FROM chunks WHERE key = ? AND +coll = ?`

// graphState is what the loader read about a collection in its transaction.
type graphState struct {
	dim, count  int
	gen, vecGen uint64 // collections.generation and vectors_gen
}

// Why a graph was rebuilt rather than loaded, for logs, tests and `seogo
// index stats`.
const (
	rebuildMissing   = "no snapshot"
	rebuildDamaged   = "snapshot damaged"
	rebuildFormat    = "snapshot format upgraded"
	rebuildParams    = "graph parameters changed"
	rebuildFuture    = "snapshot newer than the store"
	rebuildRewritten = "vectors rewritten since the snapshot (embedder switch or schema upgrade)"
	rebuildFarBehind = "snapshot far behind"
	rebuildCatchUp   = "catch-up failed"
	rebuildForced    = "rebuild asked for"
)

// loadGraph reads coll's graph snapshot and brings it to the state st of
// tx: as it is when its stamp is the collection's generation, caught up
// from the rows written since when it is older but still comparable
// (vectors_gen ≤ stamp: no embedder switch since). When the snapshot is
// missing, damaged, of other parameters, too old, or so far behind that a
// rebuild costs less, it returns why instead; the caller rebuilds.
func (s *Store) loadGraph(ctx context.Context, tx *sql.Tx, coll, path string, st graphState, cfg vector.HNSWConfig) (h *vector.HNSW, applied int, why string) {
	fail := func(why string, detail any) (*vector.HNSW, int, string) {
		s.log.Info("vector index snapshot not usable; rebuilding", "collection", coll, "reason", why, "detail", detail)
		return nil, 0, why
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, rebuildMissing
	}
	if err != nil {
		return fail(rebuildDamaged, err)
	}
	// The float32 source goes in whatever cfg says, so an int8 snapshot met
	// by a collection switched back to float32 reads as what it is (other
	// parameters) rather than as damaged.
	h, stamp, err := vector.ReadHNSWSnapshot(data, s.graphConfig(coll, quantInt8, st.count))
	if errors.Is(err, vector.ErrSnapshotFormat) {
		return fail(rebuildFormat, err)
	}
	if err != nil {
		return fail(rebuildDamaged, err)
	}
	// efConstruction only shapes how nodes are linked, not what a search
	// may rely on: a graph built with another one (before the default
	// scaled with size, or at a smaller size) is kept, and keeps its own
	// for later inserts. `seogo index stats` says when a rebuild would
	// raise it.
	cfg.EfConstruction = h.Config().EfConstruction
	switch {
	case h.Dim() != st.dim || !h.Config().SameParams(cfg):
		return fail(rebuildParams, nil)
	case stamp == st.gen && h.Len() != st.count:
		return fail(rebuildCatchUp, "vector count differs from the store's")
	case stamp == st.gen:
		s.log.Debug("vector index loaded from snapshot", "collection", coll, "vectors", h.Len())
		return h, 0, ""
	case stamp > st.gen:
		// Commits lost to a power failure after the snapshot was synced:
		// nothing in it can be trusted.
		return fail(rebuildFuture, stamp)
	case stamp < st.vecGen:
		return fail(rebuildRewritten, stamp)
	}
	var newer int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM chunks WHERE coll = ? AND gen > ?`, coll, int64(stamp)).Scan(&newer); err != nil {
		return fail(rebuildCatchUp, err)
	}
	// Past half the collection, tombstones would outnumber what the
	// snapshot saves: build a compact graph instead.
	if newer > st.count/2 {
		return fail(rebuildFarBehind, newer)
	}
	n, err := s.catchUp(ctx, tx, coll, h, stamp)
	if err == nil && h.Len() != st.count {
		err = i18n.Errorf("색인에 벡터 %d개, 저장소에 %d개", "%d vectors in the index, %d stored", h.Len(), st.count)
	}
	if err != nil {
		return fail(rebuildCatchUp, err)
	}
	s.log.Info("vector index caught up from snapshot", "collection", coll, "vectors", h.Len(), "applied", n)
	return h, n, ""
}

// catchUp applies to h, a graph of coll at generation stamp, what changed
// since: snapshot keys no longer stored are removed, rows written after
// stamp added (a chunk replaced under a reused key replaces its node). It
// returns the number of keys removed and added.
func (s *Store) catchUp(ctx context.Context, tx *sql.Tx, coll string, h *vector.HNSW, stamp uint64) (int, error) {
	have := h.Keys()
	rows, err := tx.QueryContext(ctx, `SELECT key FROM chunks WHERE coll = ? AND vector IS NOT NULL ORDER BY key`, coll)
	if err != nil {
		return 0, vectorsError(coll, err)
	}
	var remove []uint32
	i := 0
	for rows.Next() { // both in key order: a merge, not a set of every key
		var k int64
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return 0, vectorsError(coll, err)
		}
		for i < len(have) && int64(have[i]) < k {
			remove = append(remove, have[i])
			i++
		}
		if i < len(have) && int64(have[i]) == k {
			i++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, vectorsError(coll, err)
	}
	remove = append(remove, have[i:]...)
	var add []vector.Entry
	err = s.scanVectors(ctx, tx, coll, stamp, func(key uint32, v []float32) error {
		add = append(add, vector.Entry{Key: key, Vec: v})
		return nil
	})
	if err != nil {
		return 0, err
	}
	if err := h.Update(remove, add); err != nil {
		return 0, vectorsError(coll, err)
	}
	return len(remove) + len(add), nil
}
