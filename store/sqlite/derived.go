package sqlite

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store/bm25"
)

// indexDir holds the keyword index snapshots, one file per collection.
const indexDir = "index"

// collState is the derived, in-memory side of one collection. The indexes
// are published through atomic pointers so searches never wait for a
// writer; loadMu serialises loading with writes, so an index is never built
// from a state that a concurrent write then applies to a second time.
type collState struct {
	name   string
	loadMu sync.Mutex
	kw     atomic.Pointer[bm25.Index]
	vec    atomic.Pointer[vecIndex]
	gen    uint64 // generation kw reflects (loadMu)
	dirty  bool   // kw changed since its snapshot was written (loadMu)

	// How the keyword index was last obtained, for tests and diagnostics.
	fromSnapshot, rebuilds int
}

// reset forgets the derived indexes; the next use loads them again. The
// caller holds loadMu.
func (cs *collState) reset() {
	cs.kw.Store(nil)
	cs.vec.Store(nil)
	cs.gen, cs.dirty = 0, false
}

// snapshotPath names a collection's snapshot by a hash of its name: any
// name is a safe file name, and the file's stamp, not its name, says which
// collection state it reflects.
func (s *Store) snapshotPath(coll string) string { return snapshotFile(s.dir, coll) }

func snapshotFile(dir, coll string) string {
	h := sha256.Sum256([]byte(coll))
	return filepath.Join(dir, indexDir, hex.EncodeToString(h[:16])+".bm25")
}

// keyword returns the keyword index of coll, loading it on first use.
func (s *Store) keyword(ctx context.Context, coll string) (*bm25.Index, error) {
	cs := s.state(coll)
	if ix := cs.kw.Load(); ix != nil {
		return ix, nil
	}
	cs.loadMu.Lock()
	defer cs.loadMu.Unlock()
	return s.keywordLocked(ctx, cs)
}

// keywordLocked loads the keyword index from its snapshot when the snapshot
// is intact and current, and rebuilds it from the stored tokens otherwise.
// The caller holds cs.loadMu.
func (s *Store) keywordLocked(ctx context.Context, cs *collState) (*bm25.Index, error) {
	if ix := cs.kw.Load(); ix != nil {
		return ix, nil
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, i18n.Errorf("%q 컬렉션의 키워드 색인을 읽지 못했습니다: %w", "load keyword index of %q: %w", cs.name, err)
	}
	defer tx.Rollback()
	var gen uint64
	err = tx.QueryRowContext(ctx, `SELECT generation FROM collections WHERE name = ?`, cs.name).Scan(&gen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFoundCollection(cs.name)
	}
	if err != nil {
		return nil, i18n.Errorf("%q 컬렉션의 키워드 색인을 읽지 못했습니다: %w", "load keyword index of %q: %w", cs.name, err)
	}

	path := s.snapshotPath(cs.name)
	t0 := time.Now()
	ix, stamp, err := readSnapshotFile(path)
	switch {
	case err == nil && stamp == gen && ix.Params() == s.bm:
		cs.kw.Store(ix)
		cs.gen, cs.dirty = gen, false
		cs.fromSnapshot++
		s.log.Debug("keyword index loaded from snapshot", "collection", cs.name, "chunks", ix.Len(), "took", time.Since(t0))
		return ix, nil
	case errors.Is(err, os.ErrNotExist):
	default:
		why := "generation moved on since it was written"
		if err != nil {
			why = err.Error()
		} else if ix.Params() != s.bm {
			why = "BM25 parameters changed"
		}
		s.log.Info("keyword index snapshot is stale; rebuilding", "collection", cs.name, "reason", why)
		// Remove it before anything can bump the generation: a stamp must
		// never come to match a state it does not describe.
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, i18n.Errorf("오래된 색인 스냅숏 %s 를 지울 수 없습니다: %w", "remove stale index snapshot %s: %w", path, err)
		}
	}

	t0 = time.Now()
	ix, err = s.rebuildKeyword(ctx, tx, cs.name)
	if err != nil {
		return nil, err
	}
	cs.kw.Store(ix)
	cs.gen, cs.dirty = gen, true
	cs.rebuilds++
	s.log.Debug("keyword index rebuilt", "collection", cs.name, "chunks", ix.Len(), "took", time.Since(t0))
	if err := s.writeSnapshot(path, ix, gen); err != nil {
		s.log.Warn("could not write keyword index snapshot", "collection", cs.name, "err", err)
	} else {
		cs.dirty = false
	}
	return ix, nil
}

func (s *Store) rebuildKeyword(ctx context.Context, tx *sql.Tx, coll string) (*bm25.Index, error) {
	rows, err := tx.QueryContext(ctx, `SELECT key, tokens, title_tokens FROM chunks WHERE coll = ? ORDER BY key`, coll)
	if err != nil {
		return nil, i18n.Errorf("%q 컬렉션의 키워드 색인을 다시 만들지 못했습니다: %w", "rebuild keyword index of %q: %w", coll, err)
	}
	defer rows.Close()
	ix := bm25.New(s.bm)
	for rows.Next() {
		var key int64
		var body, title sql.RawBytes
		if err := rows.Scan(&key, &body, &title); err != nil {
			return nil, i18n.Errorf("%q 컬렉션의 키워드 색인을 다시 만들지 못했습니다: %w", "rebuild keyword index of %q: %w", coll, err)
		}
		ix.Add(uint32(key), decodeTokens(body), decodeTokens(title))
	}
	if err := rows.Err(); err != nil {
		return nil, i18n.Errorf("%q 컬렉션의 키워드 색인을 다시 만들지 못했습니다: %w", "rebuild keyword index of %q: %w", coll, err)
	}
	return ix, nil
}

// vectors returns the vector index of coll, loading it on first use: the
// stored vectors scanned into an exact index for a small collection, the
// graph from its snapshot (or rebuilt) for a large one.
func (s *Store) vectors(ctx context.Context, coll string) (*vecIndex, error) {
	cs := s.state(coll)
	if v := cs.vec.Load(); v != nil {
		return v, nil
	}
	cs.loadMu.Lock()
	defer cs.loadMu.Unlock()
	if v := cs.vec.Load(); v != nil {
		return v, nil
	}
	v, err := s.loadVectors(ctx, cs, false)
	if err != nil {
		return nil, err
	}
	cs.vec.Store(v)
	return v, nil
}

func vectorsError(coll string, err error) error {
	return i18n.Errorf("%q 컬렉션의 벡터를 읽지 못했습니다: %w", "load vectors of %q: %w", coll, err)
}

func readSnapshotFile(path string) (*bm25.Index, uint64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, err
	}
	return bm25.ReadSnapshot(bytes.NewReader(data))
}

// writeSnapshot writes to a temporary file, syncs it, renames it over the
// old snapshot and syncs the directory: a crash leaves either the old file
// or the new one, never a torn one (and a torn one would fail its checksum).
func (s *Store) writeSnapshot(path string, ix *bm25.Index, gen uint64) (err error) {
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
	bw := bufio.NewWriterSize(tmp, 1<<20)
	if err = ix.WriteSnapshot(bw, gen); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
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
	if d, derr := os.Open(dir); derr == nil { // make the rename durable
		d.Sync()
		d.Close()
	}
	return nil
}

// flushState writes the snapshot of a collection whose index changed.
func (s *Store) flushState(cs *collState) error {
	cs.loadMu.Lock()
	defer cs.loadMu.Unlock()
	if err := s.flushVectors(cs); err != nil {
		return err
	}
	ix := cs.kw.Load()
	if ix == nil || !cs.dirty {
		return nil
	}
	if err := s.writeSnapshot(s.snapshotPath(cs.name), ix, cs.gen); err != nil {
		return i18n.Errorf("%q 컬렉션의 키워드 색인 스냅숏을 쓰지 못했습니다: %w", "write keyword index snapshot of %q: %w", cs.name, err)
	}
	cs.dirty = false
	return nil
}

// cleanIndexDir removes temporary files of snapshots interrupted by a crash,
// snapshots of collections that no longer exist, and snapshots stamped
// later than their collection's generation. Those last ones describe
// commits the database no longer has (synchronous=NORMAL: a power failure
// may lose the last commits, while the snapshot was synced); left in place,
// the next writes would bring the generation back up to their stamp, and a
// stamp must never come to match a state it does not describe. Nothing else
// writes there: the directory lock is ours.
func (s *Store) cleanIndexDir(ctx context.Context) {
	keep := map[string]uint64{} // file name -> its collection's generation
	rows, err := s.db.QueryContext(ctx, `SELECT name, generation FROM collections`)
	if err != nil {
		return
	}
	for rows.Next() {
		var name string
		var gen uint64
		if rows.Scan(&name, &gen) != nil {
			rows.Close()
			return
		}
		keep[filepath.Base(s.snapshotPath(name))] = gen
		keep[filepath.Base(s.hnswPath(name))] = gen
	}
	rows.Close()
	if rows.Err() != nil {
		return
	}
	dir := filepath.Join(s.dir, indexDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.Contains(name, ".bm25") && !strings.Contains(name, ".hnsw") {
			continue
		}
		gen, ok := keep[name]
		path := filepath.Join(dir, name)
		if ok && snapshotStamp(path) <= gen {
			continue
		}
		if err := os.Remove(path); err == nil {
			s.log.Debug("removed leftover or future index file", "file", name)
		}
	}
}

// snapshotStamp reads the stamp of a keyword or graph snapshot, which both
// formats keep after an 8-byte magic and a 4-byte version; 0 when the file
// is too short to say (its checksum will fail when it is read).
func snapshotStamp(path string) uint64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	var head [20]byte
	if _, err := io.ReadFull(f, head[:]); err != nil {
		return 0
	}
	return binary.LittleEndian.Uint64(head[12:])
}
