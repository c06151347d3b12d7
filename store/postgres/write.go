package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store"
)

// chunkRow is one chunk as written: validated, tokens without empties
// (store/bm25 ignores them too, so lengths agree).
type chunkRow struct {
	id                 string
	ordinal            int
	text               string
	start, end, cs, ce int64
	headings, meta     *string
	page               int
	tokens, title      []string
	vec                []float32
}

func chunkRows(docID string, recs []store.Record) ([]chunkRow, error) {
	out := make([]chunkRow, len(recs))
	for i := range recs {
		r := &recs[i]
		c := &r.Chunk
		if c.DocID != "" && c.DocID != docID {
			return nil, i18n.Errorf("청크 %d 는 문서 %q 의 것이지 %q 의 것이 아닙니다", "chunk %d belongs to document %q, not %q", i, c.DocID, docID)
		}
		id := c.ID
		if id == "" {
			id = fmt.Sprintf("%s#%d", docID, c.Ordinal)
		}
		body, err := cleanTokens(r.Tokens)
		if err != nil {
			return nil, chunkError(i, err)
		}
		title, err := cleanTokens(r.TitleTokens)
		if err != nil {
			return nil, chunkError(i, err)
		}
		for j, x := range r.Vector {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				return nil, i18n.Errorf("청크 %d: 벡터의 %d번째 값이 %v 입니다: 임베더가 잘못된 벡터를 돌려주었습니다",
					"chunk %d: vector value %d is %v: the embedder returned a broken vector", i, j, x)
			}
		}
		if strings.IndexByte(c.Text, 0) >= 0 {
			return nil, chunkError(i, i18n.Errorf("텍스트에 NUL 바이트가 있습니다", "the text contains a NUL byte"))
		}
		headings, err := jsonOrNil(c.Headings, len(c.Headings) == 0)
		if err != nil {
			return nil, chunkError(i, err)
		}
		meta, err := jsonOrNil(c.Metadata, len(c.Metadata) == 0)
		if err != nil {
			return nil, chunkError(i, err)
		}
		out[i] = chunkRow{id: id, ordinal: c.Ordinal, text: c.Text, start: int64(c.Start), end: int64(c.End),
			cs: int64(c.CharStart), ce: int64(c.CharEnd), headings: headings, meta: meta, page: c.Page,
			tokens: body, title: title, vec: r.Vector}
	}
	return out, nil
}

func cleanTokens(toks []string) ([]string, error) {
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if t == "" {
			continue
		}
		if strings.IndexByte(t, 0) >= 0 {
			return nil, i18n.Errorf("토큰 %q 에 NUL 바이트가 있습니다", "token %q contains a NUL byte", t)
		}
		out = append(out, t)
	}
	return out, nil
}

func chunkError(i int, err error) error {
	return i18n.Errorf("청크 %d: %w", "chunk %d: %w", i, err)
}

var chunkCols = []string{"coll_id", "doc_id", "id", "ordinal", "text", "start", "end", "char_start", "char_end",
	"headings", "page", "metadata", "tokens", "title_tokens", "embedding"}

// copyChunks writes rows with COPY (binary), keys in row order.
func copyChunks(ctx context.Context, tx pgx.Tx, collID int64, docID string, rows []chunkRow) error {
	if len(rows) == 0 {
		return nil
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"seogo_chunks"}, chunkCols, pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) {
		r := &rows[i]
		var vec any
		if len(r.vec) > 0 {
			vec = pgvector.NewVector(r.vec)
		}
		return []any{collID, docID, r.id, r.ordinal, r.text, r.start, r.end, r.cs, r.ce,
			rawJSON(r.headings), r.page, rawJSON(r.meta), r.tokens, r.title, vec}, nil
	}))
	return err
}

// rawJSON is encoded by pgx as the JSON text itself (nil as NULL).
func rawJSON(s *string) any {
	if s == nil {
		return nil
	}
	return json.RawMessage(*s)
}

// insertChunks writes rows with one INSERT … SELECT FROM unnest: for
// servers and proxies without COPY. Token lists travel as JSON arrays
// (unnest would flatten a two-dimensional array) and vectors as text.
func insertChunks(ctx context.Context, tx pgx.Tx, collID int64, docID string, rows []chunkRow) error {
	if len(rows) == 0 {
		return nil
	}
	n := len(rows)
	ids, texts, heads, metas, toks, titles, vecs := make([]string, n), make([]string, n), make([]*string, n),
		make([]*string, n), make([]string, n), make([]string, n), make([]*string, n)
	ords, pages := make([]int64, n), make([]int64, n)
	starts, ends, css, ces := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	for i := range rows {
		r := &rows[i]
		ids[i], texts[i], heads[i], metas[i] = r.id, r.text, r.headings, r.meta
		ords[i], pages[i], starts[i], ends[i], css[i], ces[i] = int64(r.ordinal), int64(r.page), r.start, r.end, r.cs, r.ce
		tb, _ := json.Marshal(r.tokens)
		tt, _ := json.Marshal(r.title)
		toks[i], titles[i] = string(tb), string(tt)
		if len(r.vec) > 0 {
			v := vectorLiteral(r.vec)
			vecs[i] = &v
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO seogo_chunks (coll_id, doc_id, id, ordinal, text, start, "end", char_start, char_end,
			headings, page, metadata, tokens, title_tokens, embedding)
		SELECT $1::int8, $2::text, u.id, u.ord, u.text, u.s, u.e, u.cs, u.ce, u.h::jsonb, u.page, u.m::jsonb,
			ARRAY(SELECT jsonb_array_elements_text(u.tok::jsonb)), ARRAY(SELECT jsonb_array_elements_text(u.ttok::jsonb)), u.v::vector
		FROM unnest($3::text[], $4::int8[], $5::text[], $6::int8[], $7::int8[], $8::int8[], $9::int8[], $10::text[], $11::int8[],
			$12::text[], $13::text[], $14::text[], $15::text[]) WITH ORDINALITY AS u(id, ord, text, s, e, cs, ce, h, page, m, tok, ttok, v, n)
		ORDER BY u.n`,
		collID, docID, ids, ords, texts, starts, ends, css, ces, heads, pages, metas, toks, titles, vecs)
	return err
}
