package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"time"

	"github.com/seogo/seogo/store"

	"github.com/seogo/seogo/i18n"
)

// nextGeneration takes the next value of the store-wide generation counter
// and gives it to coll, inside tx.
func nextGeneration(ctx context.Context, tx *sql.Tx, coll string) (uint64, error) {
	var g uint64
	if err := tx.QueryRowContext(ctx, `UPDATE meta SET value = value + 1 WHERE key = 'generation' RETURNING value`).Scan(&g); err != nil {
		return 0, i18n.Errorf("세대 번호를 올리지 못했습니다: %w", "bump generation: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE collections SET generation = ? WHERE name = ?`, g, coll); err != nil {
		return 0, i18n.Errorf("세대 번호를 올리지 못했습니다: %w", "bump generation: %w", err)
	}
	return g, nil
}

// CreateCollection creates an empty collection, or fails with an error
// wrapping store.ErrExists.
func (s *Store) CreateCollection(ctx context.Context, c store.Collection) error {
	if err := checkName(c.Name); err != nil {
		return err
	}
	if c.Dim < 0 {
		return i18n.Errorf("%q 컬렉션: 차원 수 %d 는 음수입니다", "collection %q: negative dimension %d", c.Name, c.Dim)
	}
	created := c.Created
	if created.IsZero() {
		created = time.Now()
	}
	cs := s.state(c.Name)
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	cs.loadMu.Lock()
	defer cs.loadMu.Unlock()

	var exists int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM collections WHERE name = ?`, c.Name).Scan(&exists); err != nil {
		return createError(c.Name, err)
	}
	if exists > 0 {
		return wrapf(store.ErrExists, "%q 컬렉션이 이미 있습니다", "collection %q already exists", c.Name)
	}
	// A snapshot left by an earlier collection of this name (deleted by a
	// process that died before removing it) must go before this one exists.
	if err := removeSnapshots(s.snapshotPath(c.Name), s.hnswPath(c.Name)); err != nil {
		return i18n.Errorf("%q 컬렉션을 만들지 못했습니다: 예전 색인 스냅숏을 지울 수 없습니다: %w",
			"create collection %q: remove old index snapshot: %w", c.Name, err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return createError(c.Name, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO collections (name, analyzer, embedder, dim, created, generation, vector_quant) VALUES (?, ?, ?, ?, ?, 0, '')`,
		c.Name, c.Analyzer, c.Embedder, c.Dim, created.UnixNano()); err != nil {
		return createError(c.Name, err)
	}
	if _, err := nextGeneration(ctx, tx, c.Name); err != nil {
		return err
	}
	// Vectors are comparable from creation on: a snapshot of an earlier
	// collection of this name is never caught up.
	if _, err := tx.ExecContext(ctx, `UPDATE collections SET vectors_gen = generation WHERE name = ?`, c.Name); err != nil {
		return createError(c.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return createError(c.Name, err)
	}
	cs.reset()
	return nil
}

func createError(name string, err error) error {
	return i18n.Errorf("%q 컬렉션을 만들지 못했습니다: %w", "create collection %q: %w", name, err)
}

const collectionCols = `c.name, c.analyzer, c.embedder, c.dim, c.created,
	(SELECT count(*) FROM documents d WHERE d.coll = c.name),
	(SELECT count(*) FROM chunks k WHERE k.coll = c.name)`

func scanCollection(sc interface{ Scan(...any) error }) (store.Collection, error) {
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
	c, err := scanCollection(s.db.QueryRowContext(ctx, `SELECT `+collectionCols+` FROM collections c WHERE c.name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFoundCollection(name)
	}
	if err != nil {
		return c, i18n.Errorf("%q 컬렉션을 읽지 못했습니다: %w", "get collection %q: %w", name, err)
	}
	return c, nil
}

// ListCollections returns every collection, by name.
func (s *Store) ListCollections(ctx context.Context) ([]store.Collection, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+collectionCols+` FROM collections c ORDER BY c.name`)
	if err != nil {
		return nil, i18n.Errorf("컬렉션 목록을 읽지 못했습니다: %w", "list collections: %w", err)
	}
	defer rows.Close()
	var out []store.Collection
	for rows.Next() {
		c, err := scanCollection(rows)
		if err != nil {
			return nil, i18n.Errorf("컬렉션 목록을 읽지 못했습니다: %w", "list collections: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// DeleteCollection deletes a collection with all its documents and chunks,
// in one transaction, and its index snapshot.
func (s *Store) DeleteCollection(ctx context.Context, name string) error {
	cs := s.state(name)
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	cs.loadMu.Lock()
	defer cs.loadMu.Unlock()

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return deleteError(name, err)
	}
	defer tx.Rollback()
	// The cascade would delete these too; deleting them first, in key
	// order, keeps the cascade from walking documents one at a time.
	if _, err := tx.ExecContext(ctx, `DELETE FROM chunks WHERE coll = ?`, name); err != nil {
		return deleteError(name, err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM collections WHERE name = ?`, name)
	if err != nil {
		return deleteError(name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFoundCollection(name)
	}
	if err := tx.Commit(); err != nil {
		cs.reset()
		return deleteError(name, err)
	}
	cs.reset()
	if err := removeSnapshots(s.snapshotPath(name), s.hnswPath(name)); err != nil {
		s.log.Warn("could not remove index snapshot of deleted collection", "collection", name, "err", err)
	}
	return nil
}

func deleteError(name string, err error) error {
	return i18n.Errorf("%q 컬렉션을 지우지 못했습니다: %w", "delete collection %q: %w", name, err)
}

// removeSnapshots removes index snapshot files; absent ones are no error.
func removeSnapshots(paths ...string) error {
	for _, p := range paths {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}
