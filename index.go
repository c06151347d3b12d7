package seogo

import (
	"context"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store/sqlite"
)

// IndexStats describes a collection's vector index: exact or HNSW, its
// parameters, memory and a measured recall@10.
type IndexStats = sqlite.VectorIndexStats

// vectorIndexer is the part of a store that exposes its in-memory vector
// index; the embedded store has one, a server-side store (PostgreSQL) does not.
type vectorIndexer interface {
	VectorIndexStats(ctx context.Context, coll string) (sqlite.VectorIndexStats, error)
	RebuildVectorIndex(ctx context.Context, coll string) (sqlite.VectorIndexStats, error)
}

func (e *Engine) vectorIndexer() (vectorIndexer, error) {
	vx, ok := e.store.(vectorIndexer)
	if !ok {
		return nil, i18n.Errorf("이 저장소는 벡터 색인을 직접 관리하지 않습니다(데이터베이스가 색인을 가짐)",
			"this store does not keep its own vector index (the database indexes vectors itself)")
	}
	return vx, nil
}

// IndexStats loads (if needed) and describes the vector index of coll (the
// configured collection when empty).
func (e *Engine) IndexStats(ctx context.Context, coll string) (IndexStats, error) {
	vx, err := e.vectorIndexer()
	if err != nil {
		return IndexStats{}, err
	}
	return vx.VectorIndexStats(ctx, e.collName(coll))
}

// RebuildIndex rebuilds the vector index of coll from the stored vectors,
// ignoring its snapshot, and writes a new snapshot.
func (e *Engine) RebuildIndex(ctx context.Context, coll string) (IndexStats, error) {
	vx, err := e.vectorIndexer()
	if err != nil {
		return IndexStats{}, err
	}
	return vx.RebuildVectorIndex(ctx, e.collName(coll))
}
