package seogo

import (
	"context"
	"strings"

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
	SetVectorQuantization(ctx context.Context, coll, quant string) error
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

// QuantizeIndex chooses how the graph of coll holds its vectors, "int8" (a
// quarter of the memory; the float32 copy in the store re-ranks, so
// results stay the same) or "float32", overriding the configured default
// (index.quantization) for that collection, and rebuilds the graph now
// rather than at its next use. cfg.Index.Progress, when set, follows the
// rebuild.
func (e *Engine) QuantizeIndex(ctx context.Context, coll, quant string) (IndexStats, error) {
	if !validQuantization(quant) || strings.TrimSpace(quant) == "" {
		return IndexStats{}, i18n.Errorf("벡터 양자화 %q 는 알 수 없습니다: int8 이나 float32 를 쓰세요",
			"unknown vector quantization %q: use int8 or float32", quant)
	}
	vx, err := e.vectorIndexer()
	if err != nil {
		return IndexStats{}, err
	}
	coll = e.collName(coll)
	if err := vx.SetVectorQuantization(ctx, coll, quant); err != nil {
		return IndexStats{}, err
	}
	return vx.RebuildVectorIndex(ctx, coll)
}
