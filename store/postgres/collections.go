package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store"
)

// CreateCollection creates an empty collection with, when it has vectors,
// its HNSW index; or fails with an error wrapping store.ErrExists.
func (s *Store) CreateCollection(ctx context.Context, c store.Collection) error {
	if err := checkName(c.Name); err != nil {
		return err
	}
	if c.Dim < 0 {
		return i18n.Errorf("%q 컬렉션: 차원 수 %d 는 음수입니다", "collection %q: negative dimension %d", c.Name, c.Dim)
	}
	if c.Dim > 16000 {
		return i18n.Errorf("%q 컬렉션: pgvector는 16000차원까지 저장합니다(요청 %d): 더 작은 임베딩 모델을 쓰세요",
			"collection %q: pgvector stores at most 16000 dimensions (asked for %d): use a smaller embedding model", c.Name, c.Dim)
	}
	created := c.Created
	if created.IsZero() {
		created = time.Now()
	}
	var id int64
	err := s.tx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO seogo_collections (name, analyzer, embedder, dim, created) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (name) DO NOTHING RETURNING id`, c.Name, c.Analyzer, c.Embedder, c.Dim, created.UnixNano()).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return wrapf(store.ErrExists, "%q 컬렉션이 이미 있습니다", "collection %q already exists", c.Name)
		}
		return err
	})
	if err == nil {
		if err = s.buildVectorIndex(ctx, id, c.Dim); err != nil {
			// No collection without its index: take the row back.
			_, _ = s.pool.Exec(context.Background(), `DELETE FROM seogo_collections WHERE id = $1`, id)
		}
	}
	if err != nil {
		if errors.Is(err, store.ErrExists) {
			return err
		}
		return i18n.Errorf("%q 컬렉션을 만들지 못했습니다: %w", "create collection %q: %w", c.Name, err)
	}
	return nil
}

// buildVectorIndex builds a new collection's partial HNSW index with
// CREATE INDEX CONCURRENTLY: a plain CREATE INDEX would scan the shared
// chunks table under a lock that stops every other collection's writes for
// as long as the scan takes. A build that died half-way leaves an invalid
// index, which is dropped and built again.
func (s *Store) buildVectorIndex(ctx context.Context, id int64, dim int) error {
	typ, ok := vecType(dim)
	if dim == 0 || !ok {
		return nil
	}
	var valid *bool
	err := s.pool.QueryRow(ctx, `SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass($1)`, indexName(id)).Scan(&valid)
	switch {
	case err == nil && valid != nil && *valid:
		return nil
	case err == nil:
		if _, err := s.pool.Exec(ctx, `DROP INDEX CONCURRENTLY IF EXISTS `+indexName(id)); err != nil {
			return err
		}
	case !errors.Is(err, pgx.ErrNoRows):
		return err
	}
	_, err = s.pool.Exec(ctx, fmt.Sprintf(`CREATE INDEX CONCURRENTLY IF NOT EXISTS %s ON seogo_chunks USING hnsw ((embedding::%s) %s) WHERE coll_id = %d`,
		indexName(id), typ, vecOps(dim), id))
	return err
}

// createVectorIndex creates the partial HNSW index of one collection inside
// a transaction (seogo reembed, which swaps a collection's vectors and
// index at once).
func createVectorIndex(ctx context.Context, tx pgx.Tx, id int64, dim int) error {
	typ, ok := vecType(dim)
	if dim == 0 || !ok {
		return nil
	}
	_, err := tx.Exec(ctx, fmt.Sprintf(`CREATE INDEX %s ON seogo_chunks USING hnsw ((embedding::%s) %s) WHERE coll_id = %d`,
		indexName(id), typ, vecOps(dim), id))
	return err
}

const collectionCols = `c.name, c.analyzer, c.embedder, c.dim, c.created,
	(SELECT count(*) FROM seogo_documents d WHERE d.coll_id = c.id), c.chunks`

func scanCollection(sc pgx.Row) (store.Collection, error) {
	var c store.Collection
	var created int64
	if err := sc.Scan(&c.Name, &c.Analyzer, &c.Embedder, &c.Dim, &created, &c.Documents, &c.Chunks); err != nil {
		return c, err
	}
	c.Created = time.Unix(0, created)
	return c, nil
}

// GetCollection returns a collection with its document and chunk counts.
func (s *Store) GetCollection(ctx context.Context, name string) (store.Collection, error) {
	c, err := scanCollection(s.pool.QueryRow(ctx, `SELECT `+collectionCols+` FROM seogo_collections c WHERE c.name = $1`, name))
	if errors.Is(err, pgx.ErrNoRows) {
		return c, notFoundCollection(name)
	}
	if err != nil {
		return c, i18n.Errorf("%q 컬렉션을 읽지 못했습니다: %w", "get collection %q: %w", name, err)
	}
	return c, nil
}

// ListCollections returns every collection, by name (byte order, as the
// embedded store).
func (s *Store) ListCollections(ctx context.Context) ([]store.Collection, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+collectionCols+` FROM seogo_collections c ORDER BY c.name COLLATE "C"`)
	if err != nil {
		return nil, i18n.Errorf("컬렉션 목록을 읽지 못했습니다: %w", "list collections: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Collection, error) { return scanCollection(r) })
	if err != nil {
		return nil, i18n.Errorf("컬렉션 목록을 읽지 못했습니다: %w", "list collections: %w", err)
	}
	return out, nil
}

// DeleteCollection deletes a collection with all its documents and chunks
// in one transaction, then drops its vector index.
func (s *Store) DeleteCollection(ctx context.Context, name string) error {
	var dropID int64
	err := s.tx(ctx, func(tx pgx.Tx) error {
		id, _, err := collection(ctx, tx, name, true)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM seogo_chunks WHERE coll_id = $1`, id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM seogo_collections WHERE id = $1`, id)
		dropID = id
		return err
	})
	if err == nil {
		// After the commit and without blocking other collections' writes;
		// an index left behind by a failure here only costs space.
		_, _ = s.pool.Exec(ctx, `DROP INDEX CONCURRENTLY IF EXISTS `+indexName(dropID))
	}
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return err
		}
		return i18n.Errorf("%q 컬렉션을 지우지 못했습니다: %w", "delete collection %q: %w", name, err)
	}
	return nil
}
