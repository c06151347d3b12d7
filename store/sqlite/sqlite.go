// Package sqlite is seogo's embedded store: one SQLite file (pure Go, no cgo)
// holds collections, documents with their full text, and chunks with their
// analysed tokens and vectors. It is the source of truth. The keyword index
// (store/bm25) and the vector index (vector.Flat below 10,000 vectors,
// vector.HNSW above, snapshotted to <dir>/index/<hash>.hnsw) are derived
// from it in memory, per collection, on first use. A graph snapshot older
// than the store is caught up from the rows written since (chunks.gen)
// rather than rebuilt, unless the vectors were rewritten under their keys
// (a switch of embedder, collections.vectors_gen).
//
// Crash safety. Every write (a document with all its chunks, a deletion) is
// one SQLite transaction that also bumps the collection's generation number.
// The database runs in WAL mode with synchronous=NORMAL: a crash of the
// process never loses or tears a committed transaction, and a power loss may
// lose the last few commits but never leaves the file inconsistent. The
// keyword index is snapshotted to <dir>/index/<hash>.bm25 stamped with the
// generation it reflects; a snapshot whose stamp differs from the
// collection's generation (the process died before writing it), or whose
// checksum fails, is discarded and the index rebuilt from the stored tokens.
// Generations come from one store-wide counter, so a collection deleted and
// created again never reuses a stamp. The graph snapshot is stamped the same
// way; every chunk row also carries the generation that wrote it, so a graph
// snapshot older than the store is brought up to date from the newer rows
// (and the keys it holds that are no longer stored). A snapshot stamped
// later than the store (commits lost to a power failure) is removed at
// Open. TestCrashRecovery and TestVectorCrashRecovery SIGKILL a writing
// child process and check both indexes against SQLite after every kill.
//
// One process at a time. A lock file (<dir>/seogo.lock, flock) keeps a second
// process from opening the same directory while the first has it open;
// processes may use it one after another. Within a process, a Store is safe
// for concurrent use: searches run in parallel, writes are serialised.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/store/bm25"

	"github.com/seogo/seogo/i18n"
)

// DBFile is the name of the database file inside the store's directory.
const DBFile = "seogo.db"

// Options configure Open. The zero value is ready to use.
type Options struct {
	// BM25 parameters of the keyword index; zero means bm25.DefaultParams().
	// Changing them makes existing snapshots stale: the index is rebuilt.
	BM25 bm25.Params
	// Logger receives notes about index loading and snapshots; nil discards.
	Logger *slog.Logger
	// BusyTimeout is how long a statement waits for a lock held by another
	// connection; zero means 10 seconds.
	BusyTimeout time.Duration
	// Progress, when set, is told how far a vector index rebuild has come
	// (done of total vectors, about every 1% and at the end), for a
	// progress bar. It is called from the loading goroutine and must not
	// call back into the Store.
	Progress func(collection string, done, total int)
	// VectorQuant is how the graph of a collection that has not chosen
	// (SetVectorQuantization) is held in memory: "float32" (also "") or
	// "int8". Changing it rebuilds those collections' graphs on next use.
	VectorQuant string
}

// Store is the SQLite implementation of store.Store.
type Store struct {
	dir  string
	db   *sql.DB
	lock *os.File
	bm   bm25.Params
	log  *slog.Logger

	onProgress func(collection string, done, total int)
	quant      string    // Options.VectorQuant, "" made "float32"
	vecByKey   *sql.Stmt // one stored vector, for int8 graphs' re-ranking
	vecsByKeys *sql.Stmt // several, for the same

	// writeMu serialises write transactions: SQLite admits one writer at a
	// time anyway, and serialising here spares the busy-wait.
	writeMu sync.Mutex

	mu     sync.Mutex
	colls  map[string]*collState
	closed bool
}

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the store in dir: the database
// <dir>/seogo.db, the snapshot directory <dir>/index and the lock file
// <dir>/seogo.lock. It fails with ErrLocked if another process has dir open.
func Open(ctx context.Context, dir string, opt Options) (*Store, error) {
	if dir == "" {
		return nil, i18n.Errorf("저장소 폴더가 지정되지 않았습니다", "no store directory given")
	}
	if strings.ContainsAny(dir, "?#") {
		return nil, i18n.Errorf("저장소 폴더 %q 에 '?' 나 '#' 이 들어 있어 SQLite가 경로를 잘못 읽습니다: 다른 경로를 쓰세요",
			"store directory %q contains '?' or '#', which SQLite would misread: choose another path", dir)
	}
	bm := opt.BM25
	if bm == (bm25.Params{}) {
		bm = bm25.DefaultParams()
	}
	if err := bm.Validate(); err != nil {
		return nil, err
	}
	quant, err := checkQuant(opt.VectorQuant, true)
	if err != nil {
		return nil, err
	}
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	busy := opt.BusyTimeout
	if busy <= 0 {
		busy = 10 * time.Second
	}
	if err := os.MkdirAll(filepath.Join(dir, indexDir), 0o755); err != nil {
		return nil, i18n.Errorf("저장소 폴더 %s 를 만들 수 없습니다: %w", "cannot create the store directory %s: %w", dir, err)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	// _txlock=immediate: a write transaction takes the write lock at BEGIN,
	// so it waits (busy_timeout) instead of failing when it later upgrades.
	dsn := fmt.Sprintf("%s?_pragma=busy_timeout(%d)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_txlock=immediate",
		filepath.Join(dir, DBFile), busy.Milliseconds())
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		unlockDir(lock)
		return nil, i18n.Errorf("데이터베이스를 열 수 없습니다: %w", "open database: %w", err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	s := &Store{dir: dir, db: db, lock: lock, bm: bm, log: log, onProgress: opt.Progress, quant: quant, colls: map[string]*collState{}}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		unlockDir(lock)
		return nil, err
	}
	s.vecByKey, err = db.PrepareContext(ctx, vecByKeySQL)
	if err == nil {
		s.vecsByKeys, err = db.PrepareContext(ctx, vecsByKeysSQL)
	}
	if err != nil {
		db.Close()
		unlockDir(lock)
		return nil, i18n.Errorf("데이터베이스를 열 수 없습니다: %w", "open database: %w", err)
	}
	s.cleanIndexDir(ctx)
	return s, nil
}

// Dir is the store's directory.
func (s *Store) Dir() string { return s.dir }

// Flush writes the keyword index snapshot of every collection whose index
// changed since it was loaded or last snapshotted.
func (s *Store) Flush(ctx context.Context) error {
	var errs []error
	for _, cs := range s.states() {
		if err := ctx.Err(); err != nil {
			return err
		}
		errs = append(errs, s.flushState(cs))
	}
	return errors.Join(errs...)
}

// Close writes changed snapshots, closes the database and releases the
// lock. Further calls return nil.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	// Take the write lock so no write is half applied while we snapshot.
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	err := s.Flush(context.Background())
	err = errors.Join(err, s.vecByKey.Close(), s.vecsByKeys.Close(), s.db.Close())
	unlockDir(s.lock)
	return err
}

// state returns the in-memory state of a collection, creating it empty.
func (s *Store) state(coll string) *collState {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.colls[coll]
	if cs == nil {
		cs = &collState{name: coll}
		s.colls[coll] = cs
	}
	return cs
}

func (s *Store) states() []*collState {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*collState, 0, len(s.colls))
	for _, cs := range s.colls {
		out = append(out, cs)
	}
	return out
}

func notFoundCollection(name string) error {
	return wrapf(store.ErrNotFound, "%q 컬렉션이 없습니다: seogo collections create %s 로 만드세요",
		"collection %q does not exist: create it with seogo collections create %s", name, name)
}

// checkName rejects an empty collection name.
func checkName(name string) error {
	if strings.TrimSpace(name) == "" {
		return i18n.Errorf("컬렉션 이름이 비어 있습니다", "empty collection name")
	}
	return nil
}

// wrapf is i18n.Errorf for an error that wraps cause (for errors.Is) without
// printing it: store's sentinels are English words ("not found") that the
// Korean message says in its own.
func wrapf(cause error, ko, en string, args ...any) error {
	e := i18n.Errorf(ko, en, args...)
	e.Err = cause
	return e
}
