package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store"
)

// docFilter turns f into a WHERE clause over documents d of coll.
//
// PathPrefix compares the leading characters exactly (substr), not with
// LIKE: LIKE ignores ASCII case and treats % and _ as wildcards, and paths
// are case-sensitive and may contain both.
func docFilter(coll string, f store.Filter) (string, []any) {
	where := []string{"d.coll = ?"}
	args := []any{coll}
	if f.PathPrefix != "" {
		where = append(where, "substr(d.source, 1, length(?)) = ?")
		args = append(args, f.PathPrefix, f.PathPrefix)
	}
	if len(f.DocIDs) > 0 {
		where = append(where, "d.id IN (?"+strings.Repeat(", ?", len(f.DocIDs)-1)+")")
		for _, id := range f.DocIDs {
			args = append(args, id)
		}
	}
	for k, v := range f.Meta {
		// json_each instead of json_extract: the key is a bound value, so
		// keys with dots or quotes need no path escaping.
		where = append(where, "EXISTS (SELECT 1 FROM json_each(d.metadata) j WHERE j.key = ? AND j.value = ?)")
		args = append(args, k, v)
	}
	if f.Groups != nil {
		// Open documents (no groups listed), or one shared group.
		cond := []string{"NOT EXISTS (SELECT 1 FROM json_each(d.metadata) j WHERE j.key = ? AND j.value <> '')"}
		args = append(args, store.MetaAccessGroups)
		for _, g := range f.Groups {
			if g = strings.TrimSpace(g); g == "" || strings.Contains(g, ",") {
				continue
			}
			cond = append(cond, "EXISTS (SELECT 1 FROM json_each(d.metadata) j WHERE j.key = ? AND instr(j.value, ?) > 0)")
			args = append(args, store.MetaAccessGroups, ","+g+",")
		}
		where = append(where, "("+strings.Join(cond, " OR ")+")")
	}
	return strings.Join(where, " AND "), args
}

// keySet is the set of chunk keys a filter admits: a bitset over the range
// of keys found, so the indexes test membership with a shift and a mask,
// from any number of goroutines.
type keySet struct {
	lo   uint32
	bits []uint64
}

func (k *keySet) has(key uint32) bool {
	i := uint64(key) - uint64(k.lo)
	return key >= k.lo && i/64 < uint64(len(k.bits)) && k.bits[i/64]&(1<<(i%64)) != 0
}

// allowed returns the admission test for f (nil when f is zero) and
// whether f admits no chunk at all.
func (s *Store) allowed(ctx context.Context, coll string, f store.Filter) (func(uint32) bool, bool, error) {
	if f.IsZero() {
		return nil, false, nil
	}
	where, args := docFilter(coll, f)
	rows, err := s.db.QueryContext(ctx, `SELECT c.key FROM chunks c JOIN documents d ON d.coll = c.coll AND d.id = c.doc_id WHERE `+where+` ORDER BY c.key`, args...)
	if err != nil {
		return nil, false, i18n.Errorf("검색 조건을 적용하지 못했습니다: %w", "apply filter: %w", err)
	}
	defer rows.Close()
	var keys []uint32
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			return nil, false, i18n.Errorf("검색 조건을 적용하지 못했습니다: %w", "apply filter: %w", err)
		}
		keys = append(keys, uint32(k))
	}
	if err := rows.Err(); err != nil {
		return nil, false, i18n.Errorf("검색 조건을 적용하지 못했습니다: %w", "apply filter: %w", err)
	}
	if len(keys) == 0 {
		return nil, true, nil
	}
	set := &keySet{lo: keys[0], bits: make([]uint64, (keys[len(keys)-1]-keys[0])/64+1)}
	for _, k := range keys {
		i := k - set.lo
		set.bits[i/64] |= 1 << (i % 64)
	}
	return set.has, false, nil
}

// KeywordSearch ranks the chunks of coll that pass f by BM25 over tokens.
func (s *Store) KeywordSearch(ctx context.Context, coll string, tokens []string, k int, f store.Filter) ([]store.Scored, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ix, err := s.keyword(ctx, coll)
	if err != nil {
		return nil, i18n.Errorf("%q 컬렉션 키워드 검색: %w", "keyword search in %q: %w", coll, err)
	}
	if k <= 0 || len(tokens) == 0 {
		return nil, nil
	}
	allow, none, err := s.allowed(ctx, coll, f)
	if err != nil || none {
		return nil, err
	}
	hits := ix.Search(tokens, k, allow)
	out := make([]store.Scored, len(hits))
	for i, h := range hits {
		out[i] = store.Scored{Key: int64(h.Key), Score: h.Score}
	}
	return out, nil
}

// VectorSearch ranks the chunks of coll that pass f by cosine similarity
// to vec.
func (s *Store) VectorSearch(ctx context.Context, coll string, vec []float32, k int, f store.Filter) ([]store.Scored, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ix, err := s.vectors(ctx, coll)
	if err != nil {
		return nil, i18n.Errorf("%q 컬렉션 벡터 검색: %w", "vector search in %q: %w", coll, err)
	}
	if len(vec) != ix.Dim() {
		return nil, i18n.Errorf("%q 컬렉션 벡터 검색: 질문 벡터는 %d차원인데 컬렉션은 %d차원입니다: 컬렉션의 임베더로 질문을 임베딩하세요",
			"vector search in %q: the query vector has %d dimensions but the collection holds %d: embed the query with the collection's embedder", coll, len(vec), ix.Dim())
	}
	if k <= 0 {
		return nil, nil
	}
	allow, none, err := s.allowed(ctx, coll, f)
	if err != nil || none {
		return nil, err
	}
	hits, err := ix.Search(vec, k, allow)
	if err != nil {
		return nil, i18n.Errorf("%q 컬렉션 벡터 검색: %w", "vector search in %q: %w", coll, err)
	}
	out := make([]store.Scored, len(hits))
	for i, h := range hits {
		out[i] = store.Scored{Key: int64(h.Key), Score: float64(h.Score)}
	}
	return out, nil
}

// TermStats returns the chunk count of coll and the idf of each token.
func (s *Store) TermStats(ctx context.Context, coll string, tokens []string) (store.TermStats, error) {
	ix, err := s.keyword(ctx, coll)
	if err != nil {
		return store.TermStats{}, i18n.Errorf("%q 컬렉션의 단어 통계를 읽지 못했습니다: %w", "term stats of %q: %w", coll, err)
	}
	n, idf := ix.Stats(tokens)
	return store.TermStats{Docs: n, IDF: idf}, nil
}

// chunkBatch bounds the number of keys bound in one IN list.
const chunkBatch = 500

// chunkColumns are the columns scanChunks reads.
const chunkColumns = `SELECT c.key, c.id, c.doc_id, c.ordinal, c.text, c.start, c."end", c.char_start, c.char_end,
	c.headings, c.page, c.metadata, d.source, d.title
	FROM chunks c JOIN documents d ON d.coll = c.coll AND d.id = c.doc_id`

// chunksByKeySQL selects n chunks of a collection by key. The unary + on
// c.coll keeps SQLite from walking the chunks_doc index over the whole
// collection (coll is its first column) instead of looking up n rowids:
// that plan made a 5-chunk fetch cost 15 ms at 100,000 chunks.
func chunksByKeySQL(n int) string {
	return chunkColumns + ` WHERE +c.coll = ? AND c.key IN (?` + strings.Repeat(", ?", n-1) + `)`
}

// chunksAfterSQL pages through a collection by key (same reason for +).
const chunksAfterSQL = chunkColumns + ` WHERE +c.coll = ? AND c.key > ? ORDER BY c.key LIMIT ?`

// Chunks fetches chunks of coll by key, in the order of keys; keys that do
// not exist (or belong to another collection) are skipped.
func (s *Store) Chunks(ctx context.Context, coll string, keys []int64) ([]store.StoredChunk, error) {
	found := make(map[int64]store.StoredChunk, len(keys))
	for lo := 0; lo < len(keys); lo += chunkBatch {
		batch := keys[lo:min(lo+chunkBatch, len(keys))]
		args := make([]any, 0, len(batch)+1)
		args = append(args, coll)
		for _, k := range batch {
			args = append(args, k)
		}
		rows, err := s.db.QueryContext(ctx, chunksByKeySQL(len(batch)), args...)
		if err != nil {
			return nil, i18n.Errorf("%q 컬렉션의 청크를 읽지 못했습니다: %w", "fetch chunks of %q: %w", coll, err)
		}
		err = scanChunks(rows, found)
		rows.Close()
		if err != nil {
			return nil, i18n.Errorf("%q 컬렉션의 청크를 읽지 못했습니다: %w", "fetch chunks of %q: %w", coll, err)
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

func scanChunks(rows *sql.Rows, into map[int64]store.StoredChunk) error {
	for rows.Next() {
		var sc store.StoredChunk
		c := &sc.Chunk
		var headings, meta *string
		if err := rows.Scan(&sc.Key, &c.ID, &c.DocID, &c.Ordinal, &c.Text, &c.Start, &c.End, &c.CharStart, &c.CharEnd,
			&headings, &c.Page, &meta, &sc.Doc.Source, &sc.Doc.Title); err != nil {
			return err
		}
		if err := decodeJSON(headings, &c.Headings); err != nil {
			return err
		}
		if err := decodeJSON(meta, &c.Metadata); err != nil {
			return err
		}
		sc.Doc.ID = c.DocID
		into[sc.Key] = sc
	}
	return rows.Err()
}
