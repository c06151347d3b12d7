package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/store"
)

// PutDocument stores doc and replaces all of its chunks with recs, in one
// transaction. Every record's vector must have the collection's dimension.
// Two nodes putting the same document at once both succeed, one after the
// other: the document ends with one set of chunks, never a mix.
func (s *Store) PutDocument(ctx context.Context, coll string, doc *schema.Document, recs []store.Record) error {
	if err := checkName(coll); err != nil {
		return err
	}
	if doc == nil || strings.TrimSpace(doc.ID) == "" || strings.TrimSpace(doc.Source) == "" {
		return i18n.Errorf("문서를 저장할 수 없습니다: 문서 ID나 출처가 비어 있습니다", "put document: empty document ID or source")
	}
	if strings.IndexByte(doc.Text, 0) >= 0 {
		return i18n.Errorf("%q 문서의 텍스트에 NUL 바이트가 있어 PostgreSQL에 저장할 수 없습니다: 파일을 확인하세요",
			"document %q contains a NUL byte, which PostgreSQL text cannot hold: check the file", doc.Source)
	}
	meta, err := jsonOrNil(doc.Metadata, len(doc.Metadata) == 0)
	if err != nil {
		return i18n.Errorf("%q 문서의 메타데이터를 저장할 수 없습니다: %w", "put document %q: metadata: %w", doc.Source, err)
	}
	rows, err := chunkRows(doc.ID, recs)
	if err != nil {
		return i18n.Errorf("%q 문서를 %q 컬렉션에 저장하지 못했습니다: %w", "put document %q in %q: %w", doc.Source, coll, err)
	}
	now := time.Now()
	created, updated := doc.CreatedAt, doc.UpdatedAt
	if created.IsZero() {
		created = now
	}
	if updated.IsZero() {
		updated = now
	}
	err = s.tx(ctx, func(tx pgx.Tx) error {
		id, dim, err := collection(ctx, tx, coll, true)
		if err != nil {
			return err
		}
		if err := checkDims(recs, coll, dim); err != nil {
			return err
		}
		var other string
		err = tx.QueryRow(ctx, `SELECT id FROM seogo_documents WHERE coll_id = $1 AND source = $2`, id, doc.Source).Scan(&other)
		if err == nil && other != doc.ID {
			return wrapf(store.ErrExists, "%q 는 이미 문서 %q 로 %q 컬렉션에 들어 있습니다",
				"source %q is already stored as document %q in collection %q", doc.Source, other, coll)
		}
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO seogo_documents (coll_id, id, source, title, format, hash, size, metadata, text, created, updated)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)
			ON CONFLICT (coll_id, id) DO UPDATE SET source = excluded.source, title = excluded.title, format = excluded.format,
				hash = excluded.hash, size = excluded.size, metadata = excluded.metadata, text = excluded.text, updated = excluded.updated`,
			id, doc.ID, doc.Source, doc.Title, doc.Format, doc.Hash, doc.Size, meta, doc.Text, created.UnixNano(), updated.UnixNano()); err != nil {
			return err
		}
		n, nb, nt, err := deleteChunks(ctx, tx, id, doc.ID)
		if err != nil {
			return err
		}
		if s.copy {
			err = copyChunks(ctx, tx, id, doc.ID, rows)
		} else {
			err = insertChunks(ctx, tx, id, doc.ID, rows)
		}
		if err != nil {
			return err
		}
		var ab, at int64
		for _, r := range rows {
			ab += int64(len(r.tokens))
			at += int64(len(r.title))
		}
		return addCounts(ctx, tx, id, int64(len(rows))-n, ab-nb, at-nt)
	})
	if err != nil {
		return i18n.Errorf("%q 문서를 %q 컬렉션에 저장하지 못했습니다: %w", "put document %q in %q: %w", doc.Source, coll, err)
	}
	return nil
}

func checkDims(recs []store.Record, coll string, dim int) error {
	for i := range recs {
		n := len(recs[i].Vector)
		if dim == 0 && n > 0 {
			return i18n.Errorf("청크 %d 의 벡터는 %d차원인데 %q 컬렉션은 임베더 없이(0차원) 만들어졌습니다: 새 컬렉션을 쓰세요",
				"chunk %d has a %d-dimensional vector but collection %q was created without an embedder (0 dimensions): use a new collection", i, n, coll)
		}
		if n != dim {
			return i18n.Errorf("청크 %d 의 벡터는 %d차원인데 %q 컬렉션은 %d차원입니다: 임베더가 바뀌었으니 새 컬렉션을 쓰세요",
				"chunk %d has a %d-dimensional vector but collection %q holds %d dimensions: the embedder changed; use a new collection", i, n, coll, dim)
		}
	}
	return nil
}

// deleteChunks deletes a document's chunks and returns how many there were
// and their body and title token counts.
func deleteChunks(ctx context.Context, tx pgx.Tx, collID int64, docID string) (n, body, title int64, err error) {
	err = tx.QueryRow(ctx, `WITH d AS (DELETE FROM seogo_chunks WHERE coll_id = $1 AND doc_id = $2 RETURNING blen, tlen)
		SELECT count(*), coalesce(sum(blen), 0), coalesce(sum(tlen), 0) FROM d`, collID, docID).Scan(&n, &body, &title)
	return
}

// addCounts moves the collection's BM25 statistics by the given deltas.
func addCounts(ctx context.Context, tx pgx.Tx, collID, chunks, body, title int64) error {
	if chunks == 0 && body == 0 && title == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `UPDATE seogo_collections SET chunks = chunks + $2, body_tokens = body_tokens + $3,
		title_tokens = title_tokens + $4 WHERE id = $1`, collID, chunks, body, title)
	return err
}

func docNotFound(docID, coll string) error {
	return wrapf(store.ErrNotFound, "문서 %q 가 %q 컬렉션에 없습니다", "document %q not found in collection %q", docID, coll)
}

// DeleteDocument deletes a document and its chunks in one transaction, or
// returns an error wrapping store.ErrNotFound.
func (s *Store) DeleteDocument(ctx context.Context, coll, docID string) error {
	err := s.tx(ctx, func(tx pgx.Tx) error {
		id, _, err := collection(ctx, tx, coll, true)
		if err != nil {
			return err
		}
		n, nb, nt, err := deleteChunks(ctx, tx, id, docID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM seogo_documents WHERE coll_id = $1 AND id = $2`, id, docID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return docNotFound(docID, coll)
		}
		return addCounts(ctx, tx, id, -n, -nb, -nt)
	})
	if err != nil {
		return i18n.Errorf("문서 %q 를 %q 컬렉션에서 지우지 못했습니다: %w", "delete document %q from %q: %w", docID, coll, err)
	}
	return nil
}

const docCols = `d.id, d.source, d.title, d.format, d.hash, d.size, d.metadata::text, d.created, d.updated,
	(SELECT count(*) FROM seogo_chunks c WHERE c.coll_id = d.coll_id AND c.doc_id = d.id)`

func scanDoc(sc pgx.Row) (store.DocInfo, error) {
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
	d, err := scanDoc(s.pool.QueryRow(ctx, `SELECT `+docCols+` FROM seogo_documents d
		WHERE d.coll_id = (SELECT id FROM seogo_collections WHERE name = $1) AND d.source = $2`, coll, source))
	if errors.Is(err, pgx.ErrNoRows) {
		return d, wrapf(store.ErrNotFound, "%q 에 해당하는 문서가 %q 컬렉션에 없습니다", "no document for %q in collection %q", source, coll)
	}
	if err != nil {
		return d, i18n.Errorf("%q 문서를 읽지 못했습니다: %w", "get document %q: %w", source, err)
	}
	return d, nil
}

// ListDocuments returns the documents of coll that pass f, by source (byte
// order, as the embedded store).
func (s *Store) ListDocuments(ctx context.Context, coll string, f store.Filter) ([]store.DocInfo, error) {
	var out []store.DocInfo
	err := s.tx(ctx, func(tx pgx.Tx) error {
		id, _, err := collection(ctx, tx, coll, false)
		if err != nil {
			return err
		}
		where, args := docFilter(id, f, nil)
		rows, err := tx.Query(ctx, `SELECT `+docCols+` FROM seogo_documents d WHERE `+where+` ORDER BY d.source COLLATE "C"`, args...)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.DocInfo, error) { return scanDoc(r) })
		return err
	})
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		return nil, i18n.Errorf("%q 컬렉션의 문서 목록을 읽지 못했습니다: %w", "list documents of %q: %w", coll, err)
	}
	return out, nil
}

// DocumentText returns the stored normalised text of a document.
func (s *Store) DocumentText(ctx context.Context, coll, docID string) (string, error) {
	var text string
	err := s.pool.QueryRow(ctx, `SELECT text FROM seogo_documents
		WHERE coll_id = (SELECT id FROM seogo_collections WHERE name = $1) AND id = $2`, coll, docID).Scan(&text)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", docNotFound(docID, coll)
	}
	if err != nil {
		return "", i18n.Errorf("문서 %q 의 텍스트를 읽지 못했습니다: %w", "read text of %q: %w", docID, err)
	}
	return text, nil
}

// jsonOrNil stores nil/empty as NULL; encoding/json sorts map keys.
func jsonOrNil[T any](v T, empty bool) (*string, error) {
	if empty {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	s := string(b)
	return &s, nil
}

func decodeJSON(s *string, v any) error {
	if s == nil || *s == "" {
		return nil
	}
	return json.Unmarshal([]byte(*s), v)
}
