package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/store/bm25"
	"github.com/seogo/seogo/vector"
)

// change is what a committed write does to a collection's derived indexes.
type change struct {
	gen    uint64
	remove []uint32
	add    []bm25.Doc
	vecs   []vector.Entry
	// rewrote says the write replaced stored vectors under their old keys
	// (a switch of embedder): the vector index is dropped, not updated.
	rewrote bool
}

// write runs fn in one write transaction on collection coll, then applies the
// change it returns to the in-memory indexes. fn gets the generation the
// write takes, to stamp the rows it stores (chunks.gen). The keyword index is loaded
// first, so the change can be applied to it and a snapshot written on Close
// (otherwise the next process would find its snapshot stale and rebuild).
// If anything fails after the transaction began, the derived indexes are
// dropped and reloaded on next use rather than trusted.
func (s *Store) write(ctx context.Context, coll string, fn func(tx *sql.Tx, gen uint64) (change, error)) error {
	cs := s.state(coll)
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	cs.loadMu.Lock()
	defer cs.loadMu.Unlock()

	kw, err := s.keywordLocked(ctx, cs)
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	gen, err := nextGeneration(ctx, tx, coll)
	if err != nil {
		return err
	}
	ch, err := fn(tx, gen)
	if err != nil {
		return err
	}
	ch.gen = gen
	if err := tx.Commit(); err != nil {
		// The commit may or may not have happened: distrust the indexes.
		cs.reset()
		return i18n.Errorf("저장하지 못했습니다(커밋 실패): %w", "commit: %w", err)
	}
	kw.Update(ch.remove, ch.add)
	if ch.rewrote {
		// Dropped under loadMu, before a Flush could stamp the old vectors
		// with this write's generation.
		cs.vec.Store(nil)
	} else if vec := cs.vec.Load(); vec != nil {
		if err := vec.Update(ch.remove, ch.vecs); err != nil {
			cs.vec.Store(nil) // cannot happen: vectors were validated; reload if it does
		}
	}
	cs.gen, cs.dirty = ch.gen, true
	return nil
}

// collectionDim reads a collection's dimension inside tx.
func collectionDim(ctx context.Context, tx *sql.Tx, coll string) (int, error) {
	var dim int
	err := tx.QueryRowContext(ctx, `SELECT dim FROM collections WHERE name = ?`, coll).Scan(&dim)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFoundCollection(coll)
	}
	return dim, err
}

// deleteChunks deletes a document's chunks and returns their keys.
func deleteChunks(ctx context.Context, tx *sql.Tx, coll, docID string) ([]uint32, error) {
	rows, err := tx.QueryContext(ctx, `DELETE FROM chunks WHERE coll = ? AND doc_id = ? RETURNING key`, coll, docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []uint32
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		keys = append(keys, uint32(k))
	}
	return keys, rows.Err()
}

// PutDocument stores doc and replaces all of its chunks with recs, in one
// transaction. Every record's vector must have the collection's dimension
// (none at all for a collection of dimension 0).
func (s *Store) PutDocument(ctx context.Context, coll string, doc *schema.Document, recs []store.Record) error {
	if err := checkName(coll); err != nil {
		return err
	}
	if doc == nil || strings.TrimSpace(doc.ID) == "" || strings.TrimSpace(doc.Source) == "" {
		return i18n.Errorf("문서를 저장할 수 없습니다: 문서 ID나 출처가 비어 있습니다", "put document: empty document ID or source")
	}
	meta, err := encodeJSON(doc.Metadata, len(doc.Metadata) == 0)
	if err != nil {
		return i18n.Errorf("%q 문서의 메타데이터를 저장할 수 없습니다: %w", "put document %q: metadata: %w", doc.Source, err)
	}
	now := time.Now()
	created, updated := doc.CreatedAt, doc.UpdatedAt
	if created.IsZero() {
		created = now
	}
	if updated.IsZero() {
		updated = now
	}
	err = s.write(ctx, coll, func(tx *sql.Tx, gen uint64) (change, error) {
		var ch change
		dim, err := collectionDim(ctx, tx, coll)
		if err != nil {
			return ch, err
		}
		for i := range recs {
			n := len(recs[i].Vector)
			if dim == 0 && n > 0 {
				return ch, i18n.Errorf("청크 %d 의 벡터는 %d차원인데 %q 컬렉션은 임베더 없이(0차원) 만들어졌습니다: 새 컬렉션을 쓰세요",
					"chunk %d has a %d-dimensional vector but collection %q was created without an embedder (0 dimensions): use a new collection", i, n, coll)
			}
			if n != dim {
				return ch, i18n.Errorf("청크 %d 의 벡터는 %d차원인데 %q 컬렉션은 %d차원입니다: 임베더가 바뀌었으니 새 컬렉션을 쓰세요",
					"chunk %d has a %d-dimensional vector but collection %q holds %d dimensions: the embedder changed; use a new collection", i, n, coll, dim)
			}
		}
		var other string
		err = tx.QueryRowContext(ctx, `SELECT id FROM documents WHERE coll = ? AND source = ?`, coll, doc.Source).Scan(&other)
		if err == nil && other != doc.ID {
			return ch, wrapf(store.ErrExists, "%q 는 이미 문서 %q 로 %q 컬렉션에 들어 있습니다",
				"source %q is already stored as document %q in collection %q", doc.Source, other, coll)
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return ch, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO documents (coll, id, source, title, format, hash, size, metadata, text, created, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (coll, id) DO UPDATE SET source = excluded.source, title = excluded.title, format = excluded.format,
				hash = excluded.hash, size = excluded.size, metadata = excluded.metadata, text = excluded.text, updated = excluded.updated`,
			coll, doc.ID, doc.Source, doc.Title, doc.Format, doc.Hash, doc.Size, meta, doc.Text, created.UnixNano(), updated.UnixNano()); err != nil {
			return ch, err
		}
		if ch.remove, err = deleteChunks(ctx, tx, coll, doc.ID); err != nil {
			return ch, err
		}
		ch.add, ch.vecs, err = insertChunks(ctx, tx, coll, doc.ID, gen, recs)
		return ch, err
	})
	if err != nil {
		return i18n.Errorf("%q 문서를 %q 컬렉션에 저장하지 못했습니다: %w", "put document %q in %q: %w", doc.Source, coll, err)
	}
	return nil
}

func insertChunks(ctx context.Context, tx *sql.Tx, coll, docID string, gen uint64, recs []store.Record) ([]bm25.Doc, []vector.Entry, error) {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO chunks (coll, doc_id, id, ordinal, text, start, "end", char_start, char_end,
		headings, page, metadata, tokens, title_tokens, vector, gen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING key`)
	if err != nil {
		return nil, nil, err
	}
	defer stmt.Close()
	docs := make([]bm25.Doc, 0, len(recs))
	var vecs []vector.Entry
	for i := range recs {
		r := &recs[i]
		c := &r.Chunk
		if c.DocID != "" && c.DocID != docID {
			return nil, nil, i18n.Errorf("청크 %d 는 문서 %q 의 것이지 %q 의 것이 아닙니다", "chunk %d belongs to document %q, not %q", i, c.DocID, docID)
		}
		id := c.ID
		if id == "" {
			id = fmt.Sprintf("%s#%d", docID, c.Ordinal)
		}
		body, err := encodeTokens(r.Tokens)
		if err != nil {
			return nil, nil, chunkError(i, err)
		}
		title, err := encodeTokens(r.TitleTokens)
		if err != nil {
			return nil, nil, chunkError(i, err)
		}
		for j, x := range r.Vector {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				return nil, nil, i18n.Errorf("청크 %d: 벡터의 %d번째 값이 %v 입니다: 임베더가 잘못된 벡터를 돌려주었습니다",
					"chunk %d: vector value %d is %v: the embedder returned a broken vector", i, j, x)
			}
		}
		headings, err := encodeJSON(c.Headings, len(c.Headings) == 0)
		if err != nil {
			return nil, nil, err
		}
		meta, err := encodeJSON(c.Metadata, len(c.Metadata) == 0)
		if err != nil {
			return nil, nil, err
		}
		var key int64
		if err := stmt.QueryRowContext(ctx, coll, docID, id, c.Ordinal, c.Text, c.Start, c.End, c.CharStart, c.CharEnd,
			headings, c.Page, meta, body, title, encodeVector(r.Vector), int64(gen)).Scan(&key); err != nil {
			return nil, nil, chunkError(i, err)
		}
		if key < 0 || key > math.MaxUint32 {
			return nil, nil, i18n.Errorf("청크 키 %d 가 색인의 32비트 키 범위를 넘었습니다: 저장소를 내보낸 뒤 다시 가져오세요",
				"chunk key %d exceeds the 32-bit key space of the indexes: export and re-import the store", key)
		}
		docs = append(docs, bm25.Doc{Key: uint32(key), Body: r.Tokens, Title: r.TitleTokens})
		if len(r.Vector) > 0 {
			vecs = append(vecs, vector.Entry{Key: uint32(key), Vec: r.Vector})
		}
	}
	return docs, vecs, nil
}

func chunkError(i int, err error) error {
	return i18n.Errorf("청크 %d: %w", "chunk %d: %w", i, err)
}

func docNotFound(docID, coll string) error {
	return wrapf(store.ErrNotFound, "문서 %q 가 %q 컬렉션에 없습니다", "document %q not found in collection %q", docID, coll)
}

// DeleteDocument deletes a document and its chunks in one transaction, or
// returns an error wrapping store.ErrNotFound.
func (s *Store) DeleteDocument(ctx context.Context, coll, docID string) error {
	err := s.write(ctx, coll, func(tx *sql.Tx, _ uint64) (change, error) {
		var ch change
		var err error
		if ch.remove, err = deleteChunks(ctx, tx, coll, docID); err != nil {
			return ch, err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE coll = ? AND id = ?`, coll, docID)
		if err != nil {
			return ch, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ch, docNotFound(docID, coll)
		}
		return ch, nil
	})
	if err != nil {
		return i18n.Errorf("문서 %q 를 %q 컬렉션에서 지우지 못했습니다: %w", "delete document %q from %q: %w", docID, coll, err)
	}
	return nil
}

const docCols = `d.id, d.source, d.title, d.format, d.hash, d.size, d.metadata, d.created, d.updated,
	(SELECT count(*) FROM chunks c WHERE c.coll = d.coll AND c.doc_id = d.id)`

func scanDoc(sc interface{ Scan(...any) error }) (store.DocInfo, error) {
	var d store.DocInfo
	var meta *string
	var created, updated int64
	if err := sc.Scan(&d.ID, &d.Source, &d.Title, &d.Format, &d.Hash, &d.Size, &meta, &created, &updated, &d.Chunks); err != nil {
		return d, err
	}
	d.Created, d.Updated = time.Unix(0, created), time.Unix(0, updated)
	return d, decodeJSON(meta, &d.Metadata)
}

// GetDocument returns the document stored for source.
func (s *Store) GetDocument(ctx context.Context, coll, source string) (store.DocInfo, error) {
	d, err := scanDoc(s.db.QueryRowContext(ctx, `SELECT `+docCols+` FROM documents d WHERE d.coll = ? AND d.source = ?`, coll, source))
	if errors.Is(err, sql.ErrNoRows) {
		return d, wrapf(store.ErrNotFound, "%q 에 해당하는 문서가 %q 컬렉션에 없습니다", "no document for %q in collection %q", source, coll)
	}
	if err != nil {
		return d, i18n.Errorf("%q 문서를 읽지 못했습니다: %w", "get document %q: %w", source, err)
	}
	return d, nil
}

// ListDocuments returns the documents of coll that pass f, by source.
func (s *Store) ListDocuments(ctx context.Context, coll string, f store.Filter) ([]store.DocInfo, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM collections WHERE name = ?`, coll).Scan(&n); err != nil {
		return nil, listError(coll, err)
	}
	if n == 0 {
		return nil, notFoundCollection(coll)
	}
	where, args := docFilter(coll, f)
	rows, err := s.db.QueryContext(ctx, `SELECT `+docCols+` FROM documents d WHERE `+where+` ORDER BY d.source`, args...)
	if err != nil {
		return nil, listError(coll, err)
	}
	defer rows.Close()
	var out []store.DocInfo
	for rows.Next() {
		d, err := scanDoc(rows)
		if err != nil {
			return nil, listError(coll, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DocumentText returns the stored normalised text of a document.
func (s *Store) DocumentText(ctx context.Context, coll, docID string) (string, error) {
	var text string
	err := s.db.QueryRowContext(ctx, `SELECT text FROM documents WHERE coll = ? AND id = ?`, coll, docID).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return "", docNotFound(docID, coll)
	}
	if err != nil {
		return "", i18n.Errorf("문서 %q 의 텍스트를 읽지 못했습니다: %w", "read text of %q: %w", docID, err)
	}
	return text, nil
}

func listError(coll string, err error) error {
	return i18n.Errorf("%q 컬렉션의 문서 목록을 읽지 못했습니다: %w", "list documents of %q: %w", coll, err)
}
