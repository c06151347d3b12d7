package postgres

import (
	"context"

	"github.com/seogo/seogo/store"
)

// ExportRecords returns a document's chunks as records — tokens and vectors
// included, by ordinal — so `seogo migrate` copies a collection without
// analysing or embedding anything again.
func (s *Store) ExportRecords(ctx context.Context, coll, docID string) ([]store.Record, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+chunkSelect+`
		WHERE c.coll_id = (SELECT id FROM seogo_collections WHERE name = $1) AND c.doc_id = $2 ORDER BY c.ordinal`, coll, docID)
	if err != nil {
		return nil, fetchError(coll, err)
	}
	var out []store.Record
	var keys []int64
	if err := scanChunks(rows, func(sc store.StoredChunk) {
		out = append(out, store.Record{Chunk: sc.Chunk})
		keys = append(keys, sc.Key)
	}); err != nil {
		return nil, fetchError(coll, err)
	}
	rows, err = s.pool.Query(ctx, `SELECT tokens, title_tokens, embedding::text FROM seogo_chunks WHERE key = ANY($1::int8[]) ORDER BY ordinal`, keys)
	if err != nil {
		return nil, fetchError(coll, err)
	}
	defer rows.Close()
	for i := 0; rows.Next(); i++ {
		var vec *string
		if err := rows.Scan(&out[i].Tokens, &out[i].TitleTokens, &vec); err != nil {
			return nil, fetchError(coll, err)
		}
		if vec != nil {
			if out[i].Vector, err = parseVector(*vec); err != nil {
				return nil, fetchError(coll, err)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fetchError(coll, err)
	}
	return out, nil
}
