package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store"
)

// docFilter turns f into a WHERE clause over documents d of the collection
// collID, appending its arguments to args (placeholders continue after them).
// It means what store/sqlite's docFilter means: PathPrefix compares leading
// characters exactly, Meta pairs all match, Groups admit open documents and
// documents sharing a group.
func docFilter(collID int64, f store.Filter, args []any) (string, []any) {
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	where := []string{fmt.Sprintf("d.coll_id = %d", collID)}
	if f.PathPrefix != "" {
		where = append(where, "starts_with(d.source, "+arg(f.PathPrefix)+"::text)")
	}
	if len(f.DocIDs) > 0 {
		where = append(where, "d.id = ANY("+arg(f.DocIDs)+"::text[])")
	}
	if len(f.Meta) > 0 {
		b, _ := json.Marshal(f.Meta)
		where = append(where, "d.metadata @> "+arg(string(b))+"::jsonb")
	}
	if f.Groups != nil {
		cond := []string{"coalesce(d.metadata->>'" + store.MetaAccessGroups + "', '') = ''"}
		for _, g := range f.Groups {
			if g = strings.TrimSpace(g); g == "" || strings.Contains(g, ",") {
				continue
			}
			cond = append(cond, "strpos(d.metadata->>'"+store.MetaAccessGroups+"', "+arg(","+g+",")+"::text) > 0")
		}
		where = append(where, "("+strings.Join(cond, " OR ")+")")
	}
	return strings.Join(where, " AND "), args
}

// VectorSearch ranks the chunks of coll that pass f by cosine similarity to
// vec, with the collection's HNSW index. hnsw.iterative_scan lets a
// filtered query keep scanning the graph until it has k results.
func (s *Store) VectorSearch(ctx context.Context, coll string, vec []float32, k int, f store.Filter) ([]store.Scored, error) {
	var out []store.Scored
	err := s.tx(ctx, func(tx pgx.Tx) error {
		id, dim, err := collection(ctx, tx, coll, false)
		if err != nil {
			return err
		}
		if dim == 0 {
			return i18n.Errorf("%q 컬렉션에는 벡터가 없습니다(임베더 없이 만들어짐): 키워드 검색을 쓰거나, 임베더를 지정해 새 컬렉션을 만드세요",
				"collection %q has no vectors (it was created without an embedder): use keyword search, or a new collection created with an embedder", coll)
		}
		if len(vec) != dim {
			return i18n.Errorf("질문 벡터는 %d차원인데 컬렉션은 %d차원입니다: 컬렉션의 임베더로 질문을 임베딩하세요",
				"the query vector has %d dimensions but the collection holds %d: embed the query with the collection's embedder", len(vec), dim)
		}
		if k <= 0 {
			return nil
		}
		ef := max(s.efSearch, k)
		if _, err := tx.Exec(ctx, `SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)`,
			strconv.Itoa(min(ef, 1000))); err != nil {
			return err
		}
		typ, _ := vecType(dim)
		args := []any{vectorLiteral(vec)}
		join, where := "", fmt.Sprintf("c.coll_id = %d", id)
		if !f.IsZero() {
			var w string
			w, args = docFilter(id, f, args)
			join = "JOIN seogo_documents d ON d.coll_id = c.coll_id AND d.id = c.doc_id"
			where += " AND " + w
		}
		dist := fmt.Sprintf("(c.embedding::%s <=> $1::%s)", typ, typ)
		// relaxed_order may return neighbours slightly out of order: the
		// outer query sorts them, ties by key as in the embedded store.
		q := fmt.Sprintf(`SELECT key, 1 - dist FROM (SELECT c.key, %s AS dist FROM seogo_chunks c %s WHERE %s ORDER BY %s LIMIT %d) t
			ORDER BY dist, key`, dist, join, where, dist, k)
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, pgx.RowToStructByPos[store.Scored])
		return err
	})
	if err != nil {
		return nil, i18n.Errorf("%q 컬렉션 벡터 검색: %w", "vector search in %q: %w", coll, err)
	}
	return out, nil
}

// chunkBatch bounds the number of keys in one query.
const chunkBatch = 1000

// Chunks fetches chunks of coll by key, in the order of keys; keys that do
// not exist (or belong to another collection) are skipped.
func (s *Store) Chunks(ctx context.Context, coll string, keys []int64) ([]store.StoredChunk, error) {
	found := make(map[int64]store.StoredChunk, len(keys))
	for lo := 0; lo < len(keys); lo += chunkBatch {
		batch := keys[lo:min(lo+chunkBatch, len(keys))]
		rows, err := s.pool.Query(ctx, `SELECT `+chunkSelect+`
			WHERE c.coll_id = (SELECT id FROM seogo_collections WHERE name = $1) AND c.key = ANY($2::int8[])`, coll, batch)
		if err != nil {
			return nil, fetchError(coll, err)
		}
		if err := scanChunks(rows, func(sc store.StoredChunk) { found[sc.Key] = sc }); err != nil {
			return nil, fetchError(coll, err)
		}
	}
	out := make([]store.StoredChunk, 0, len(keys))
	for _, k := range keys {
		if c, ok := found[k]; ok {
			out = append(out, c)
		}
	}
	return out, nil
}

func fetchError(coll string, err error) error {
	return i18n.Errorf("%q 컬렉션의 청크를 읽지 못했습니다: %w", "fetch chunks of %q: %w", coll, err)
}

const chunkSelect = `c.key, c.id, c.doc_id, c.ordinal, c.text, c.start, c."end", c.char_start, c.char_end,
	c.headings::text, c.page, c.metadata::text, d.source, d.title
	FROM seogo_chunks c JOIN seogo_documents d ON d.coll_id = c.coll_id AND d.id = c.doc_id`

func scanChunks(rows pgx.Rows, each func(store.StoredChunk)) error {
	defer rows.Close()
	for rows.Next() {
		var sc store.StoredChunk
		c := &sc.Chunk
		var headings, meta *string
		var start, end, cs, ce int64
		if err := rows.Scan(&sc.Key, &c.ID, &c.DocID, &c.Ordinal, &c.Text, &start, &end, &cs, &ce,
			&headings, &c.Page, &meta, &sc.Doc.Source, &sc.Doc.Title); err != nil {
			return err
		}
		c.Start, c.End, c.CharStart, c.CharEnd = int(start), int(end), int(cs), int(ce)
		if err := decodeJSON(headings, &c.Headings); err != nil {
			return err
		}
		if err := decodeJSON(meta, &c.Metadata); err != nil {
			return err
		}
		sc.Doc.ID = c.DocID
		each(sc)
	}
	return rows.Err()
}
