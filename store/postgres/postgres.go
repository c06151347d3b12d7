// Package postgres is seogo's shared store: PostgreSQL with the pgvector
// extension, for many stateless seogo nodes on one database. It fulfils the
// same store.Store contract as store/sqlite, with the same rankings.
//
// Schema (migrate.go). Tables are prefixed seogo_ in the connection's
// search_path, so seogo can share a database. Chunks of every collection
// live in one table with an untyped `vector` column; each collection gets a
// partial expression HNSW index over embedding::vector(dim) WHERE coll_id =
// its id (halfvec(dim) above 2,000 dimensions, pgvector's HNSW limit for
// vector). One table keeps migrations, COPY and joins simple, and the
// per-collection index keeps a collection's graph to its own vectors with
// its own dimension. Queries name the collection id and dimension as
// literals, so the planner matches the partial index.
//
// Keyword search is BM25 computed in SQL with the same formulation and
// parameters as store/bm25 (see keyword.go): the analyser's tokens are kept
// as text[] and, derived from them, in a tsvector (positions 1..n for body
// tokens, n+1.. for title tokens; built directly from the tokens, so seogo's
// own Korean analysis decides what a term is, never a text search config).
//
// Writes. A document and all of its chunks are replaced in one transaction
// that first locks its collection's row, so writes to one collection are
// serialised (as in the embedded store) and concurrent writers on many nodes
// never deadlock. Chunks are written with COPY, or with one INSERT … SELECT
// FROM unnest(…) when COPY is off (seogo_copy=off; for servers or proxies
// that do not support it).
//
// Connection URL. A postgres:// URL as pgx reads it (pool_max_conns,
// pool_min_conns, pool_max_conn_lifetime, default_query_exec_mode, …) plus:
//
//	seogo_pgbouncer=true        no named prepared statements (exec mode), for PgBouncer transaction pooling
//	seogo_copy=off              write chunks with INSERT … unnest instead of COPY
//	seogo_statement_timeout=30s applied with SET LOCAL in every transaction (pooler-safe)
//	seogo_ef_search=100         hnsw.ef_search of vector queries (at least k)
//	seogo_keyword=sql           keyword search by BM25 in SQL instead of this node's in-memory index (kwcache.go)
package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	pgxvec "github.com/pgvector/pgvector-go/pgx"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/store/bm25"
)

// Options configure Open. The zero value is ready to use.
type Options struct {
	// BM25 parameters of keyword search; zero means bm25.DefaultParams().
	BM25 bm25.Params
}

// Store is the PostgreSQL implementation of store.Store.
type Store struct {
	pool *pgxpool.Pool
	bm   bm25.Params

	copy             bool
	statementTimeout time.Duration
	efSearch         int
	sqlKeyword       bool // seogo_keyword=sql: BM25 in SQL, no in-memory index

	kwMu     sync.Mutex
	kw       map[int64]*kwCache // collection id -> this node's keyword index
	kwPruned time.Time
}

var _ store.Store = (*Store)(nil)

// IsURL reports whether s names a PostgreSQL database.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database at rawURL, brings its schema up to date
// (under an advisory lock, so nodes starting together do it once) and
// returns the store.
func Open(ctx context.Context, rawURL string, opt Options) (*Store, error) {
	bm := opt.BM25
	if bm == (bm25.Params{}) {
		bm = bm25.DefaultParams()
	}
	if err := bm.Validate(); err != nil {
		return nil, err
	}
	s := &Store{bm: bm, copy: true, efSearch: 100, kw: map[int64]*kwCache{}}
	connURL, err := s.takeParams(rawURL)
	if err != nil {
		return nil, err
	}
	cfg, err := pgxpool.ParseConfig(connURL)
	if err != nil {
		return nil, i18n.Errorf("PostgreSQL 주소를 읽을 수 없습니다(%s): %w — postgres://사용자:암호@호스트:5432/DB이름 형식으로 쓰세요",
			"cannot parse the PostgreSQL URL (%s): %w — write it as postgres://user:password@host:5432/dbname", redact(rawURL), err)
	}
	if u, _ := url.Parse(rawURL); u != nil && u.Query().Get("seogo_pgbouncer") == "true" && u.Query().Get("default_query_exec_mode") == "" {
		cfg.ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeExec
	}
	if err := migrateURL(ctx, cfg.ConnConfig.Copy()); err != nil {
		return nil, err
	}
	if s.copy {
		// COPY sends vectors in binary, which needs pgvector's codec.
		cfg.AfterConnect = func(ctx context.Context, c *pgx.Conn) error { return pgxvec.RegisterTypes(ctx, c) }
	}
	s.pool, err = pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, connectError(rawURL, err)
	}
	if err := s.pool.Ping(ctx); err != nil {
		s.pool.Close()
		return nil, connectError(rawURL, err)
	}
	return s, nil
}

// takeParams removes seogo's own parameters from rawURL (pgx would send
// unknown ones to the server as settings) and applies them.
func (s *Store) takeParams(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil || !IsURL(rawURL) {
		return "", i18n.Errorf("PostgreSQL 주소가 아닙니다(%s): postgres://사용자:암호@호스트:5432/DB이름 형식으로 쓰세요",
			"not a PostgreSQL URL (%s): write it as postgres://user:password@host:5432/dbname", redact(rawURL))
	}
	q := u.Query()
	bad := func(key, val string) error {
		return i18n.Errorf("PostgreSQL 주소의 %s=%q 를 이해할 수 없습니다", "cannot understand %s=%q in the PostgreSQL URL", key, val)
	}
	switch v := q.Get("seogo_keyword"); v {
	case "", "memory":
	case "sql":
		s.sqlKeyword = true
	default:
		return "", bad("seogo_keyword", v)
	}
	if v := q.Get("seogo_copy"); v != "" {
		on, err := strconv.ParseBool(strings.NewReplacer("on", "true", "off", "false").Replace(v))
		if err != nil {
			return "", bad("seogo_copy", v)
		}
		s.copy = on
	}
	if v := q.Get("seogo_statement_timeout"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return "", bad("seogo_statement_timeout", v)
		}
		s.statementTimeout = d
	}
	if v := q.Get("seogo_ef_search"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return "", bad("seogo_ef_search", v)
		}
		s.efSearch = n
	}
	for _, k := range []string{"seogo_copy", "seogo_statement_timeout", "seogo_ef_search", "seogo_pgbouncer", "seogo_keyword"} {
		q.Del(k)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// redact hides the password of a URL for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "?"
	}
	return u.Redacted()
}

func connectError(raw string, err error) error {
	return i18n.Errorf("PostgreSQL(%s)에 연결하지 못했습니다: %w — 서버가 떠 있는지, 주소·사용자·암호가 맞는지 확인하세요",
		"cannot connect to PostgreSQL (%s): %w — check that the server is up and the URL, user and password are right", redact(raw), err)
}

// Close closes the connection pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Pool is the store's connection pool (for the job queue and tools).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// maxAttempts bounds the retries of a transaction that failed on a
// serialisation failure or a deadlock, which PostgreSQL asks clients to retry.
const maxAttempts = 5

// tx runs fn in a transaction, with the statement timeout set, and retries
// it on serialisation failures and deadlocks.
func (s *Store) tx(ctx context.Context, fn func(pgx.Tx) error) error {
	var err error
	for attempt := 0; attempt < maxAttempts; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(10<<attempt) * time.Millisecond):
			}
		}
		err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			if s.statementTimeout > 0 {
				if _, err := tx.Exec(ctx, `SELECT set_config('statement_timeout', $1, true)`,
					strconv.FormatInt(s.statementTimeout.Milliseconds(), 10)); err != nil {
					return err
				}
			}
			return fn(tx)
		})
		if !retryable(err) {
			return err
		}
	}
	return err
}

func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// collection reads a collection's id and dimension inside tx; lock takes its
// row for the transaction, which serialises writers of one collection.
func collection(ctx context.Context, tx pgx.Tx, name string, lock bool) (id int64, dim int, err error) {
	q := `SELECT id, dim FROM seogo_collections WHERE name = $1`
	if lock {
		q += ` FOR NO KEY UPDATE`
	}
	err = tx.QueryRow(ctx, q, name).Scan(&id, &dim)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, 0, notFoundCollection(name)
	}
	return id, dim, err
}

func notFoundCollection(name string) error {
	return wrapf(store.ErrNotFound, "%q 컬렉션이 없습니다: seogo collections create %s 로 만드세요",
		"collection %q does not exist: create it with seogo collections create %s", name, name)
}

func checkName(name string) error {
	if strings.TrimSpace(name) == "" {
		return i18n.Errorf("컬렉션 이름이 비어 있습니다", "empty collection name")
	}
	return nil
}

// wrapf is i18n.Errorf for an error that wraps cause without printing it.
func wrapf(cause error, ko, en string, args ...any) error {
	e := i18n.Errorf(ko, en, args...)
	e.Err = cause
	return e
}

// vecType is the pgvector type a collection's vectors are indexed as, and
// whether HNSW can index it at all (vector up to 2,000 dimensions, halfvec
// up to 4,000; beyond, searches scan exactly).
func vecType(dim int) (string, bool) {
	if dim <= 2000 {
		return fmt.Sprintf("vector(%d)", dim), true
	}
	return fmt.Sprintf("halfvec(%d)", dim), dim <= 4000
}

// vecOps is the HNSW operator class of vecType(dim).
func vecOps(dim int) string {
	if dim <= 2000 {
		return "vector_cosine_ops"
	}
	return "halfvec_cosine_ops"
}

func indexName(collID int64) string { return fmt.Sprintf("seogo_chunks_hnsw_%d", collID) }

// vectorLiteral is pgvector's text form of v, exact for float32.
func vectorLiteral(v []float32) string {
	var b strings.Builder
	b.Grow(len(v) * 10)
	b.WriteByte('[')
	for i, x := range v {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatFloat(float64(x), 'g', -1, 32))
	}
	b.WriteByte(']')
	return b.String()
}

// parseVector reads pgvector's text form.
func parseVector(s string) ([]float32, error) {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	v := make([]float32, len(parts))
	for i, p := range parts {
		f, err := strconv.ParseFloat(p, 32)
		if err != nil {
			return nil, err
		}
		v[i] = float32(f)
	}
	return v, nil
}
