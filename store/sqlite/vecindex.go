package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/vector"
)

// hnswMin is the vector count from which a collection is searched through
// an HNSW graph; below it an exact scan is fast enough (≈1 ms at 10,000 ×
// 384) and needs neither build time nor a snapshot. A variable so tests can
// exercise the graph path on small collections.
var hnswMin = 10000

// hnswConfig is the graph configuration of every collection (graphConfig
// adds the collection's quantization). The seed is fixed and the build
// single-threaded, so the same stored vectors give the same graph and the
// same ranking (the house rule on determinism). A variable so tests can
// widen the beam until the graph search is exhaustive.
var hnswConfig = vector.HNSWConfig{Seed: 0x5e060}

// vecIndex is a collection's vector index: exact below hnswMin, a graph
// above. gen is the generation the graph was loaded or rebuilt at; dirty
// says it changed since its snapshot was written.
type vecIndex struct {
	flat  *vector.Flat
	hnsw  *vector.HNSW
	dim   int
	gen   uint64
	quant string // collections.vector_quant: "" follows the store's default
	dirty atomic.Bool

	// How the graph was obtained, for tests and `seogo index stats`:
	// caughtUp counts the rows applied to a snapshot older than the store;
	// rebuilt says why the graph was built instead (a rebuild* constant).
	fromSnapshot bool
	caughtUp     int
	rebuilt      string
	buildTime    time.Duration
}

// Dim is the dimension of the collection's vectors.
func (v *vecIndex) Dim() int { return v.dim }

// Len is the number of vectors indexed.
func (v *vecIndex) Len() int {
	if v.hnsw != nil {
		return v.hnsw.Len()
	}
	return v.flat.Len()
}

// Update applies a committed change. The graph's update is not atomic for
// concurrent searches, which may see part of a document's new chunks; the
// next search sees all of it.
func (v *vecIndex) Update(remove []uint32, add []vector.Entry) error {
	if v.hnsw != nil {
		v.dirty.Store(true)
		return v.hnsw.Update(remove, add)
	}
	return v.flat.Update(remove, add)
}

// Search ranks by cosine similarity.
func (v *vecIndex) Search(q []float32, k int, allow func(uint32) bool) ([]vector.Hit, error) {
	if v.hnsw != nil {
		return v.hnsw.Search(q, k, allow)
	}
	return v.flat.Search(q, k, allow)
}

// hnswPath names a collection's graph snapshot beside its keyword snapshot.
func (s *Store) hnswPath(coll string) string {
	return strings.TrimSuffix(s.snapshotPath(coll), ".bm25") + ".hnsw"
}

// loadVectors builds the vector index of cs from the store, or loads its
// graph snapshot (bringing it up to date when it is older than the store;
// see loadGraph). The caller holds cs.loadMu, so no write moves the
// generation meanwhile.
func (s *Store) loadVectors(ctx context.Context, cs *collState, forceRebuild bool) (*vecIndex, error) {
	coll := cs.name
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, vectorsError(coll, err)
	}
	defer tx.Rollback()
	var dim, count int
	var gen, vecGen uint64
	var quant string
	err = tx.QueryRowContext(ctx, `SELECT dim, generation, vectors_gen, vector_quant FROM collections WHERE name = ?`, coll).Scan(&dim, &gen, &vecGen, &quant)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFoundCollection(coll)
	}
	if err != nil {
		return nil, vectorsError(coll, err)
	}
	if dim == 0 {
		return nil, i18n.Errorf("%q 컬렉션에는 벡터가 없습니다(임베더 없이 만들어짐): 키워드 검색을 쓰거나, 임베더를 지정해 새 컬렉션을 만드세요",
			"collection %q has no vectors (it was created without an embedder): use keyword search, or a new collection created with an embedder", coll)
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM chunks WHERE coll = ? AND vector IS NOT NULL`, coll).Scan(&count); err != nil {
		return nil, vectorsError(coll, err)
	}
	vi := &vecIndex{dim: dim, gen: gen, quant: quant}
	path := s.hnswPath(coll)
	if count < hnswMin {
		vi.flat = vector.NewFlat(dim)
		os.Remove(path) // a graph of an earlier, larger state is useless now
		return vi, s.scanVectors(ctx, tx, coll, 0, func(key uint32, v []float32) error { return vi.flat.Add(key, v) })
	}
	cfg := s.graphConfig(coll, s.effectiveQuant(quant), count)
	vi.rebuilt = rebuildForced
	if !forceRebuild {
		h, n, why := s.loadGraph(ctx, tx, coll, path, graphState{dim, count, gen, vecGen}, cfg)
		if why == "" {
			vi.hnsw, vi.fromSnapshot, vi.caughtUp, vi.rebuilt = h, true, n, ""
			vi.dirty.Store(n > 0) // the snapshot on disk is older: write a current one at Flush
			return vi, nil
		}
		vi.rebuilt = why
	}
	// Remove it before anything can bump the generation: a stamp must never
	// come to match a state it does not describe.
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, vectorsError(coll, err)
	}
	t0 := time.Now()
	vi.hnsw = vector.NewHNSW(dim, cfg)
	s.log.Info("building vector index", "collection", coll, "vectors", count)
	done, step := 0, max(count/100, 1)
	s.progress(coll, 0, count)
	err = s.scanVectors(ctx, tx, coll, 0, func(key uint32, v []float32) error {
		if done++; done%step == 0 {
			s.progress(coll, done, count)
		}
		if done%20000 == 0 {
			s.log.Info("building vector index", "collection", coll, "done", done, "of", count)
		}
		return vi.hnsw.Add(key, v)
	})
	if err != nil {
		return nil, err
	}
	s.progress(coll, count, count)
	vi.buildTime = time.Since(t0)
	if err := s.writeHNSW(path, vi); err != nil {
		s.log.Warn("could not write vector index snapshot", "collection", coll, "err", err)
		vi.dirty.Store(true)
	}
	return vi, nil
}

// progress reports a rebuild's progress to Options.Progress.
func (s *Store) progress(coll string, done, total int) {
	if s.onProgress != nil {
		s.onProgress(coll, done, total)
	}
}

// scanVectors feeds the stored vectors of coll written after generation
// since (0: all of them) to add, in key order.
func (s *Store) scanVectors(ctx context.Context, tx *sql.Tx, coll string, since uint64, add func(uint32, []float32) error) error {
	q := `SELECT key, vector FROM chunks WHERE coll = ? AND vector IS NOT NULL ORDER BY key`
	args := []any{coll}
	if since > 0 {
		q = `SELECT key, vector FROM chunks WHERE coll = ? AND gen > ? AND vector IS NOT NULL ORDER BY key`
		args = append(args, int64(since))
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return vectorsError(coll, err)
	}
	defer rows.Close()
	for rows.Next() {
		var key int64
		var blob sql.RawBytes
		if err := rows.Scan(&key, &blob); err != nil {
			return vectorsError(coll, err)
		}
		v, err := decodeVector(blob)
		if err == nil {
			err = add(uint32(key), v)
		}
		if err != nil {
			return i18n.Errorf("%q 컬렉션의 벡터를 읽지 못했습니다: 청크 %d: %w", "load vectors of %q: chunk %d: %w", coll, key, err)
		}
	}
	if err := rows.Err(); err != nil {
		return vectorsError(coll, err)
	}
	return nil
}

// writeHNSW snapshots the graph stamped with vi.gen.
func (s *Store) writeHNSW(path string, vi *vecIndex) error {
	return writeFileAtomic(path, func(w io.Writer) error { return vi.hnsw.WriteSnapshot(w, vi.gen) })
}

// flushVectors writes the graph snapshot of a collection whose graph
// changed. The caller holds cs.loadMu, and every write applied to the graph
// also set cs.gen, so cs.gen is the state the graph reflects.
func (s *Store) flushVectors(cs *collState) error {
	vi := cs.vec.Load()
	if vi == nil || vi.hnsw == nil || !vi.dirty.Load() {
		return nil
	}
	if cs.gen != 0 {
		vi.gen = cs.gen
	}
	if err := s.writeHNSW(s.hnswPath(cs.name), vi); err != nil {
		return i18n.Errorf("%q 컬렉션의 벡터 색인 스냅숏을 쓰지 못했습니다: %w", "write vector index snapshot of %q: %w", cs.name, err)
	}
	vi.dirty.Store(false)
	return nil
}

// crashHook, nil outside tests, is called at points where a crash is most
// likely to tear state (a snapshot written but not yet renamed into place):
// the crash test's child process SIGKILLs itself there, so a kill inside a
// snapshot write is certain rather than left to timing.
var crashHook func(point string)

// writeFileAtomic writes through a synced temporary file renamed over path,
// then syncs the directory: a crash leaves the old file or the new one.
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if crashHook != nil {
		crashHook("snapshot-unsynced")
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
