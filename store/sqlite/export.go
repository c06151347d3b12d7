package sqlite

import (
	"context"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store"
)

// ExportRecords returns a document's chunks as records — tokens and vectors
// included, by ordinal — so `seogo migrate` copies a collection to another
// store without analysing or embedding anything again.
func (s *Store) ExportRecords(ctx context.Context, coll, docID string) ([]store.Record, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, doc_id, ordinal, text, start, "end", char_start, char_end,
		headings, page, metadata, tokens, title_tokens, vector FROM chunks WHERE coll = ? AND doc_id = ? ORDER BY ordinal`, coll, docID)
	if err != nil {
		return nil, exportError(coll, err)
	}
	defer rows.Close()
	var out []store.Record
	for rows.Next() {
		var r store.Record
		c := &r.Chunk
		var headings, meta *string
		var toks, title, vec []byte
		if err := rows.Scan(&c.ID, &c.DocID, &c.Ordinal, &c.Text, &c.Start, &c.End, &c.CharStart, &c.CharEnd,
			&headings, &c.Page, &meta, &toks, &title, &vec); err != nil {
			return nil, exportError(coll, err)
		}
		if err := decodeJSON(headings, &c.Headings); err != nil {
			return nil, exportError(coll, err)
		}
		if err := decodeJSON(meta, &c.Metadata); err != nil {
			return nil, exportError(coll, err)
		}
		r.Tokens, r.TitleTokens = decodeTokens(toks), decodeTokens(title)
		if len(vec) > 0 {
			if r.Vector, err = decodeVector(vec); err != nil {
				return nil, exportError(coll, err)
			}
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, exportError(coll, err)
	}
	return out, nil
}

func exportError(coll string, err error) error {
	return i18n.Errorf("%q 컬렉션의 청크를 내보내지 못했습니다: %w", "export chunks of %q: %w", coll, err)
}
