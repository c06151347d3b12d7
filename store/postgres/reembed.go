package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store"
)

var _ store.Reembedder = (*Store)(nil)

// ChunksAfter returns up to limit chunks of coll with key > after, by key.
func (s *Store) ChunksAfter(ctx context.Context, coll string, after int64, limit int) ([]store.StoredChunk, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+chunkSelect+`
		WHERE c.coll_id = (SELECT id FROM seogo_collections WHERE name = $1) AND c.key > $2 ORDER BY c.key LIMIT $3`, coll, after, limit)
	if err != nil {
		return nil, fetchError(coll, err)
	}
	var out []store.StoredChunk
	if err := scanChunks(rows, func(sc store.StoredChunk) { out = append(out, sc) }); err != nil {
		return nil, fetchError(coll, err)
	}
	return out, nil
}

// StageVectors keeps vectors for target beside the live ones.
func (s *Store) StageVectors(ctx context.Context, coll, target string, vecs map[int64][]float32) error {
	keys := make([]int64, 0, len(vecs))
	vals := make([]string, 0, len(vecs))
	for k, v := range vecs {
		keys = append(keys, k)
		vals = append(vals, pgArray(v))
	}
	err := s.tx(ctx, func(tx pgx.Tx) error {
		id, _, err := collection(ctx, tx, coll, false)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM seogo_reembed WHERE coll_id = $1 AND target <> $2`, id, target); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO seogo_reembed (coll_id, target, key, vector)
			SELECT $1, $2, k, v::real[] FROM unnest($3::int8[], $4::text[]) AS u(k, v)
			ON CONFLICT (coll_id, key) DO UPDATE SET target = excluded.target, vector = excluded.vector`, id, target, keys, vals)
		return err
	})
	return stageError(coll, err)
}

// StagedUpTo returns the largest key staged for target.
func (s *Store) StagedUpTo(ctx context.Context, coll, target string) (int64, error) {
	var k *int64
	err := s.pool.QueryRow(ctx, `SELECT max(key) FROM seogo_reembed
		WHERE coll_id = (SELECT id FROM seogo_collections WHERE name = $1) AND target = $2`, coll, target).Scan(&k)
	if err != nil || k == nil {
		return 0, stageError(coll, err)
	}
	return *k, nil
}

// SwitchEmbedder makes the staged vectors live and rebuilds the collection's
// HNSW index for the new dimension, in one transaction.
func (s *Store) SwitchEmbedder(ctx context.Context, coll, target, embedder string, dim int) error {
	err := s.tx(ctx, func(tx pgx.Tx) error {
		id, _, err := collection(ctx, tx, coll, true)
		if err != nil {
			return err
		}
		var missing int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM seogo_chunks c WHERE c.coll_id = $1 AND NOT EXISTS
			(SELECT 1 FROM seogo_reembed r WHERE r.coll_id = c.coll_id AND r.key = c.key AND r.target = $2)`, id, target).Scan(&missing); err != nil {
			return err
		}
		if missing > 0 {
			return i18n.Errorf("청크 %d개(%q 컬렉션)에 새 벡터가 없어 임베더를 바꾸지 않았습니다: seogo reembed 를 다시 실행하세요",
				"%d chunks of %q have no new vector, so the embedder was not switched: run seogo reembed again", missing, coll)
		}
		if _, err := tx.Exec(ctx, `DROP INDEX IF EXISTS `+indexName(id)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE seogo_chunks c SET embedding = r.vector::vector FROM seogo_reembed r
			WHERE c.coll_id = $1 AND r.coll_id = c.coll_id AND r.key = c.key`, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE seogo_collections SET embedder = $2, dim = $3 WHERE id = $1`, id, embedder, dim); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM seogo_reembed WHERE coll_id = $1`, id); err != nil {
			return err
		}
		if err := createVectorIndex(ctx, tx, id, dim); err != nil {
			return fmt.Errorf("rebuild the vector index: %w", err)
		}
		return nil
	})
	if err != nil {
		return i18n.Errorf("%q 컬렉션의 임베더를 바꾸지 못했습니다: %w", "switch the embedder of %q: %w", coll, err)
	}
	return nil
}

func stageError(coll string, err error) error {
	if err == nil {
		return nil
	}
	return i18n.Errorf("%q 컬렉션의 새 벡터를 저장하지 못했습니다: %w", "stage new vectors of %q: %w", coll, err)
}
