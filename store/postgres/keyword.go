package postgres

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/store/bm25"
)

// Keyword search is store/bm25's Okapi BM25, computed in SQL:
//
//	score(d) = Σ_t qtf · idf(t) · tf·(k1+1) / (tf + k1·(1 − b + b·len(d)/avglen))
//	idf(t)   = ln(1 + (N − df + 0.5)/(df + 0.5))
//	tf       = body occurrences + TitleBoost · title occurrences
//	len(d)   = body tokens + TitleBoost · title tokens
//
// N and avglen come from the collection's counters (kept by every write in
// the same transaction), df and tf from the chunks' tsvectors: the GIN index
// finds every chunk holding a query term; setweight + ts_filter cut each
// matching tsvector down to the query's terms before it is unnested, so the
// work is proportional to matches, not to chunk length. A position above the
// chunk's body length is a title occurrence.
//
// Rankings equal store/bm25's up to float rounding (it sums in float32):
// scores agree to about 1e-6 relative. Known differences, both beyond real
// chunks: a tsvector keeps at most 256 positions of one term per chunk and
// positions up to 16,383, so tf saturates there; a term of 2,047 bytes or more
// cannot be a lexeme and is not searchable (it still counts in len(d)).
// With TitleBoost 0, a title-only term still counts in df (bm25 drops titles).

// tsqueryLiteral quotes a token as a tsquery lexeme: no text search
// configuration touches it.
func tsqueryLiteral(t string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(t) + "'"
}

// queryTerms folds repeated tokens into counts (first-occurrence order),
// dropping tokens no lexeme can hold.
func queryTerms(tokens []string) (terms []string, qtf []int32) {
	at := map[string]int{}
	for _, t := range tokens {
		if t == "" || len(t) >= 2047 || strings.IndexByte(t, 0) >= 0 {
			continue
		}
		if i, ok := at[t]; ok {
			qtf[i]++
			continue
		}
		at[t] = len(terms)
		terms = append(terms, t)
		qtf = append(qtf, 1)
	}
	return terms, qtf
}

func orQuery(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = tsqueryLiteral(t)
	}
	return strings.Join(parts, " | ")
}

// KeywordSearch ranks the chunks of coll that pass f by BM25 over tokens:
// with this node's in-memory index (kwcache.go), or in SQL when the URL
// says seogo_keyword=sql.
func (s *Store) KeywordSearch(ctx context.Context, coll string, tokens []string, k int, f store.Filter) ([]store.Scored, error) {
	if !s.sqlKeyword {
		out, err := s.keywordInMemory(ctx, coll, tokens, k, f)
		if err != nil && err != ctx.Err() {
			return nil, i18n.Errorf("%q 컬렉션 키워드 검색: %w", "keyword search in %q: %w", coll, err)
		}
		return out, err
	}
	var out []store.Scored
	err := s.tx(ctx, func(tx pgx.Tx) error {
		var id, n, nb, nt int64
		err := tx.QueryRow(ctx, `SELECT id, chunks, body_tokens, title_tokens FROM seogo_collections WHERE name = $1`, coll).Scan(&id, &n, &nb, &nt)
		if err == pgx.ErrNoRows {
			return notFoundCollection(coll)
		}
		if err != nil {
			return err
		}
		terms, qtf := queryTerms(tokens)
		if k <= 0 || len(terms) == 0 || n == 0 {
			return nil
		}
		p := s.bm
		avg := (float64(nb) + p.TitleBoost*float64(nt)) / float64(n)
		if avg == 0 {
			avg = 1
		}
		args := []any{terms, qtf, orQuery(terms), float64(n), p.K1, p.K1 * (1 - p.B), p.K1 * p.B / avg, p.TitleBoost}
		join := ""
		if !f.IsZero() {
			var w string
			w, args = docFilter(id, f, args)
			join = "JOIN seogo_documents d ON d.coll_id = m.coll_id AND d.id = m.doc_id AND " + w
		}
		q := fmt.Sprintf(`WITH m AS MATERIALIZED (
				SELECT c.key, c.coll_id, c.doc_id, c.blen, c.tlen, u.lexeme, u.positions
				FROM seogo_chunks c CROSS JOIN LATERAL unnest(ts_filter(setweight(c.tsv, 'A', $1::text[]), '{a}')) u
				WHERE c.coll_id = %d AND c.tsv @@ $3::tsquery
			), w AS (
				SELECT q.term, q.qtf * ln(1 + ($4::float8 - df.n + 0.5) / (df.n + 0.5)) * ($5::float8 + 1) AS w
				FROM unnest($1::text[], $2::int4[]) AS q(term, qtf)
				JOIN (SELECT lexeme, count(*) AS n FROM m GROUP BY lexeme) df ON df.lexeme = q.term
			), s AS (
				SELECT m.key, sum(w.w * tf.tf / (tf.tf + $6::float8 + $7::float8 * (m.blen + $8::float8 * m.tlen))) AS score
				FROM m JOIN w ON w.term = m.lexeme %s
				CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE p <= m.blen) + $8::float8 * count(*) FILTER (WHERE p > m.blen) AS tf
					FROM unnest(m.positions) AS p) tf
				GROUP BY m.key
			)
			SELECT key, score FROM s WHERE score > 0 ORDER BY score DESC, key LIMIT %d`, id, join, k)
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, pgx.RowToStructByPos[store.Scored])
		return err
	})
	if err != nil {
		if err == ctx.Err() {
			return nil, err
		}
		return nil, i18n.Errorf("%q 컬렉션 키워드 검색: %w", "keyword search in %q: %w", coll, err)
	}
	return out, nil
}

// keywordInMemory is KeywordSearch on this node's index of coll; a filter
// becomes the set of chunk keys it admits, read in SQL.
func (s *Store) keywordInMemory(ctx context.Context, coll string, tokens []string, k int, f store.Filter) ([]store.Scored, error) {
	var id int64
	var allow map[uint32]struct{}
	err := s.tx(ctx, func(tx pgx.Tx) error {
		var err error
		if id, _, err = collection(ctx, tx, coll, false); err != nil || f.IsZero() || k <= 0 {
			return err
		}
		w, args := docFilter(id, f, nil)
		rows, err := tx.Query(ctx, `SELECT c.key FROM seogo_chunks c JOIN seogo_documents d ON d.coll_id = c.coll_id AND d.id = c.doc_id
			WHERE c.coll_id = `+strconv.FormatInt(id, 10)+` AND `+w, args...)
		if err != nil {
			return err
		}
		allow = map[uint32]struct{}{}
		var key int64
		_, err = pgx.ForEachRow(rows, []any{&key}, func() error { allow[uint32(key)] = struct{}{}; return nil })
		return err
	})
	if err != nil || k <= 0 || len(tokens) == 0 || (allow != nil && len(allow) == 0) {
		return nil, err
	}
	ix, err := s.keywordIndex(ctx, id)
	if err != nil {
		return nil, err
	}
	var admit func(uint32) bool
	if allow != nil {
		admit = func(key uint32) bool { _, ok := allow[key]; return ok }
	}
	hits := ix.Search(tokens, k, admit)
	out := make([]store.Scored, len(hits))
	for i, h := range hits {
		out[i] = store.Scored{Key: int64(h.Key), Score: h.Score}
	}
	return out, nil
}

// TermStats returns the chunk count of coll and the BM25 idf of each token
// (0 when no chunk holds it).
func (s *Store) TermStats(ctx context.Context, coll string, tokens []string) (store.TermStats, error) {
	if !s.sqlKeyword {
		return s.termStatsInMemory(ctx, coll, tokens)
	}
	st := store.TermStats{IDF: make([]float64, len(tokens))}
	err := s.tx(ctx, func(tx pgx.Tx) error {
		var id, n int64
		err := tx.QueryRow(ctx, `SELECT id, chunks FROM seogo_collections WHERE name = $1`, coll).Scan(&id, &n)
		if err == pgx.ErrNoRows {
			return notFoundCollection(coll)
		}
		if err != nil {
			return err
		}
		st.Docs = int(n)
		terms, _ := queryTerms(tokens)
		if len(terms) == 0 || n == 0 {
			return nil
		}
		queries := make([]string, len(terms))
		for i, t := range terms {
			queries[i] = tsqueryLiteral(t)
		}
		rows, err := tx.Query(ctx, fmt.Sprintf(`SELECT q.term, (SELECT count(*) FROM seogo_chunks c WHERE c.coll_id = %d AND c.tsv @@ q.query::tsquery)
			FROM unnest($1::text[], $2::text[]) AS q(term, query)`, id), terms, queries)
		if err != nil {
			return err
		}
		df := map[string]int64{}
		var term string
		var count int64
		if _, err := pgx.ForEachRow(rows, []any{&term, &count}, func() error { df[term] = count; return nil }); err != nil {
			return err
		}
		for i, t := range tokens {
			if d := df[t]; d > 0 {
				st.IDF[i] = math.Log(1 + (float64(n)-float64(d)+0.5)/(float64(d)+0.5))
			}
		}
		return nil
	})
	if err != nil {
		return store.TermStats{}, i18n.Errorf("%q 컬렉션의 단어 통계를 읽지 못했습니다: %w", "term stats of %q: %w", coll, err)
	}
	return st, nil
}

func (s *Store) termStatsInMemory(ctx context.Context, coll string, tokens []string) (store.TermStats, error) {
	var id int64
	err := s.tx(ctx, func(tx pgx.Tx) (err error) {
		id, _, err = collection(ctx, tx, coll, false)
		return err
	})
	var ix *bm25.Index
	if err == nil {
		ix, err = s.keywordIndex(ctx, id)
	}
	if err != nil {
		return store.TermStats{}, i18n.Errorf("%q 컬렉션의 단어 통계를 읽지 못했습니다: %w", "term stats of %q: %w", coll, err)
	}
	n, idf := ix.Stats(tokens)
	return store.TermStats{Docs: n, IDF: idf}, nil
}
