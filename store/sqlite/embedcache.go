package sqlite

import (
	"context"
	"strings"
	"time"

	"github.com/seogo/seogo/embed"
	"github.com/seogo/seogo/i18n"
)

var _ embed.CachePager = (*Store)(nil)

// cacheBatch keeps IN lists well under SQLite's variable limit.
const cacheBatch = 500

// GetVectors returns the cached vectors of the keys the cache has.
func (s *Store) GetVectors(ctx context.Context, keys [][]byte) (map[string][]float32, error) {
	out := make(map[string][]float32, len(keys))
	for start := 0; start < len(keys); start += cacheBatch {
		part := keys[start:min(start+cacheBatch, len(keys))]
		args := make([]any, len(part))
		for i, k := range part {
			args[i] = k
		}
		q := `SELECT key, vector FROM embed_cache WHERE key IN (?` + strings.Repeat(",?", len(part)-1) + `)`
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, cacheError(err)
		}
		for rows.Next() {
			var k, blob []byte
			if err := rows.Scan(&k, &blob); err != nil {
				rows.Close()
				return nil, cacheError(err)
			}
			if v, err := decodeVector(blob); err == nil {
				out[string(k)] = v
			}
		}
		if err := rows.Close(); err != nil {
			return nil, cacheError(err)
		}
	}
	return out, nil
}

// PutVectors stores vectors by key in one transaction.
func (s *Store) PutVectors(ctx context.Context, entries map[string][]float32) error {
	if len(entries) == 0 {
		return nil
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return cacheError(err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO embed_cache (key, vector, used) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING`)
	if err != nil {
		return cacheError(err)
	}
	defer stmt.Close()
	now := time.Now().Unix()
	for k, v := range entries {
		if _, err := stmt.ExecContext(ctx, []byte(k), encodeVector(v), now); err != nil {
			return cacheError(err)
		}
	}
	return cacheError(tx.Commit())
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
		after = []byte{} // nil binds NULL, and key > NULL holds for no row
	}
	rows, err := s.db.QueryContext(ctx, `SELECT key, vector FROM embed_cache WHERE key > ? ORDER BY key LIMIT ?`, after, limit)
	if err != nil {
		return nil, nil, cacheError(err)
	}
	defer rows.Close()
	var keys [][]byte
	var vecs [][]float32
	for rows.Next() {
		var k, blob []byte
		if err := rows.Scan(&k, &blob); err != nil {
			return nil, nil, cacheError(err)
		}
		v, err := decodeVector(blob)
		if err != nil {
			continue // a damaged entry is not worth carrying
		}
		keys, vecs = append(keys, k), append(vecs, v)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, cacheError(err)
	}
	return keys, vecs, nil
}
