package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"slices"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store"
)

var _ store.Reembedder = (*Store)(nil)

// ChunksAfter returns up to limit chunks of coll with key > after, by key.
func (s *Store) ChunksAfter(ctx context.Context, coll string, after int64, limit int) ([]store.StoredChunk, error) {
	rows, err := s.db.QueryContext(ctx, chunksAfterSQL, coll, after, limit)
	if err != nil {
		return nil, i18n.Errorf("%q 컬렉션의 청크를 읽지 못했습니다: %w", "fetch chunks of %q: %w", coll, err)
	}
	defer rows.Close()
	found := map[int64]store.StoredChunk{}
	if err := scanChunks(rows, found); err != nil {
		return nil, i18n.Errorf("%q 컬렉션의 청크를 읽지 못했습니다: %w", "fetch chunks of %q: %w", coll, err)
	}
	out := make([]store.StoredChunk, 0, len(found))
	for _, c := range found {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b store.StoredChunk) int { return cmp.Compare(a.Key, b.Key) })
	return out, nil
}

// StageVectors keeps vectors for target beside the live ones.
func (s *Store) StageVectors(ctx context.Context, coll, target string, vecs map[int64][]float32) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return stageError(coll, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM reembed WHERE coll = ? AND target <> ?`, coll, target); err != nil {
		return stageError(coll, err)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO reembed (coll, target, key, vector) VALUES (?, ?, ?, ?)
		ON CONFLICT (coll, key) DO UPDATE SET target = excluded.target, vector = excluded.vector`)
	if err != nil {
		return stageError(coll, err)
	}
	defer stmt.Close()
	for k, v := range vecs {
		if _, err := stmt.ExecContext(ctx, coll, target, k, encodeVector(v)); err != nil {
			return stageError(coll, err)
		}
	}
	return stageError(coll, tx.Commit())
}

// StagedUpTo returns the largest key staged for target.
func (s *Store) StagedUpTo(ctx context.Context, coll, target string) (int64, error) {
	var k sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT max(key) FROM reembed WHERE coll = ? AND target = ?`, coll, target).Scan(&k)
	if err != nil {
		return 0, stageError(coll, err)
	}
	return k.Int64, nil
}

// SwitchEmbedder makes the staged vectors live in one transaction.
func (s *Store) SwitchEmbedder(ctx context.Context, coll, target, embedder string, dim int) error {
	err := s.write(ctx, coll, func(tx *sql.Tx, gen uint64) (change, error) {
		var missing int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM chunks c WHERE c.coll = ? AND NOT EXISTS
			(SELECT 1 FROM reembed r WHERE r.coll = c.coll AND r.key = c.key AND r.target = ?)`, coll, target).Scan(&missing)
		if err != nil {
			return change{}, err
		}
		if missing > 0 {
			return change{}, i18n.Errorf("청크 %d개(%q 컬렉션)에 새 벡터가 없어 임베더를 바꾸지 않았습니다: seogo reembed 를 다시 실행하세요",
				"%d chunks of %q have no new vector, so the embedder was not switched: run seogo reembed again", missing, coll)
		}
		// Every vector changes under its old key: vectors_gen makes any
		// snapshot from before this write a rebuild, not a catch-up.
		if _, err := tx.ExecContext(ctx, `UPDATE chunks SET gen = ?, vector =
			(SELECT r.vector FROM reembed r WHERE r.coll = chunks.coll AND r.key = chunks.key) WHERE coll = ?`, int64(gen), coll); err != nil {
			return change{}, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE collections SET embedder = ?, dim = ?, vectors_gen = ? WHERE name = ?`, embedder, dim, int64(gen), coll); err != nil {
			return change{}, err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM reembed WHERE coll = ?`, coll)
		return change{rewrote: true}, err // reload with the new vectors and dimension
	})
	return err
}

func stageError(coll string, err error) error {
	if err == nil {
		return nil
	}
	return i18n.Errorf("%q 컬렉션의 새 벡터를 저장하지 못했습니다: %w", "stage new vectors of %q: %w", coll, err)
}
