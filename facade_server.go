package seogo

import (
	"context"
	"fmt"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store"
)

// The facade methods the HTTP server needs beyond the CLI's: embeddings for
// /v1/embeddings, ingest with document access groups, and reading a
// document's text only when the caller's groups admit it.

// Embed returns the vectors the collection's embedder gives texts, one per
// text, in order: the same vectors its chunks were indexed with.
func (e *Engine) Embed(ctx context.Context, coll string, texts []string) ([][]float32, error) {
	b, err := e.bind(ctx, e.collName(coll), false)
	if err != nil {
		return nil, err
	}
	return b.embedder.Embed(ctx, texts)
}

// IngestGroupsOptions tune IngestWithGroups.
type IngestGroupsOptions struct {
	IngestOptions
	// Groups are the access groups stored on every document of the run
	// (store.MetaAccessGroups); empty makes the documents open to all.
	Groups []string
}

// IngestWithGroups is Ingest for files that carry access groups (uploads
// through the server): opt.Groups nil means open to all.
func (e *Engine) IngestWithGroups(ctx context.Context, paths []string, opt IngestGroupsOptions) (*IngestSummary, error) {
	o := opt.IngestOptions
	o.Groups = opt.Groups
	if o.Groups == nil {
		o.Groups = []string{}
	}
	return e.Ingest(ctx, paths, o)
}

// DocumentText returns a document and its stored text when the caller's
// access groups admit it (groups nil = no restriction, as in store.Filter);
// a document the caller may not read is reported as not found, so its
// existence does not leak either.
func (e *Engine) DocumentText(ctx context.Context, coll, docID string, groups []string) (store.DocInfo, string, error) {
	coll = e.collName(coll)
	docs, err := e.store.ListDocuments(ctx, coll, store.Filter{DocIDs: []string{docID}, Groups: groups})
	if err != nil {
		return store.DocInfo{}, "", notFoundCollection(coll, err)
	}
	if len(docs) == 0 {
		return store.DocInfo{}, "", i18n.Errorf("컬렉션 %q 에 문서 %q 가 없습니다", "collection %q has no document %q: %w",
			coll, docID, fmt.Errorf("document %w", store.ErrNotFound))
	}
	text, err := e.store.DocumentText(ctx, coll, docID)
	return docs[0], text, err
}
