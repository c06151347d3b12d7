package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/seogo/seogo/embed"
	"github.com/seogo/seogo/i18n"
)

// The embedding cache lives in the database, so every node shares it: a
// text embedded by one node is never paid for again by another.
var _ embed.CachePager = (*Store)(nil)

// GetVectors returns the cached vectors of the keys the cache has.
func (s *Store) GetVectors(ctx context.Context, keys [][]byte) (map[string][]float32, error) {
	out := make(map[string][]float32, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT key, vector FROM seogo_embed_cache WHERE key = ANY($1::bytea[])`, keys)
	if err != nil {
		return nil, cacheError(err)
	}
	var k []byte
	var v []float32
	if _, err := pgx.ForEachRow(rows, []any{&k, &v}, func() error {
		out[string(k)] = append([]float32(nil), v...)
		return nil
	}); err != nil {
		return nil, cacheError(err)
	}
	return out, nil
}

// PutVectors stores vectors by key in one statement; existing keys stay.
func (s *Store) PutVectors(ctx context.Context, entries map[string][]float32) error {
	if len(entries) == 0 {
		return nil
	}
	keys := make([][]byte, 0, len(entries))
	vecs := make([]string, 0, len(entries))
	for k, v := range entries {
		keys = append(keys, []byte(k))
		vecs = append(vecs, pgArray(v))
	}
	err := s.tx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO seogo_embed_cache (key, vector, used)
			SELECT k, v::real[], $3 FROM unnest($1::bytea[], $2::text[]) AS u(k, v)
			ON CONFLICT (key) DO NOTHING`, keys, vecs, time.Now().Unix())
		return err
	})
	return cacheError(err)
}

// pgArray is the text form of a real[] ('{1,2,3}'), exact for float32.
func pgArray(v []float32) string {
	l := vectorLiteral(v)
	return "{" + l[1:len(l)-1] + "}"
}

func cacheError(err error) error {
	if err == nil {
		return nil
	}
	return i18n.Errorf("임베딩 캐시를 읽거나 쓰지 못했습니다: %w", "embedding cache: %w", err)
}

// VectorsAfter pages through the cache in key order.
func (s *Store) VectorsAfter(ctx context.Context, after []byte, limit int) ([][]byte, [][]float32, error) {
	if after == nil {
		after = []byte{}
	}
	rows, err := s.pool.Query(ctx, `SELECT key, vector FROM seogo_embed_cache WHERE key > $1 ORDER BY key LIMIT $2`, after, limit)
	if err != nil {
		return nil, nil, cacheError(err)
	}
	var keys [][]byte
	var vecs [][]float32
	var k []byte
	var v []float32
	if _, err := pgx.ForEachRow(rows, []any{&k, &v}, func() error {
		keys, vecs = append(keys, append([]byte(nil), k...)), append(vecs, append([]float32(nil), v...))
		return nil
	}); err != nil {
		return nil, nil, cacheError(err)
	}
	return keys, vecs, nil
}
