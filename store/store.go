// Package store defines the contract of seogo's durable storage: collections,
// documents, chunks with their analysed tokens and vectors, and the keyword and
// vector search over them. Implementations live in sub-packages: store/sqlite
// (embedded, the default) and, later, store/postgres.
package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/seogo/seogo/schema"
)

// ErrNotFound is returned (wrapped) when a collection or document does not exist.
var ErrNotFound = errors.New("not found")

// ErrExists is returned (wrapped) when creating something that already exists.
var ErrExists = errors.New("already exists")

// Collection is a named set of documents searched together. It is bound to one
// analyzer and one embedder: tokens and vectors from another would not compare.
type Collection struct {
	Name     string    `json:"name"`
	Analyzer string    `json:"analyzer"`
	Embedder string    `json:"embedder"`
	Dim      int       `json:"dim"`
	Created  time.Time `json:"created"`
	// Documents and Chunks are counts, filled by GetCollection/ListCollections.
	Documents int `json:"documents"`
	Chunks    int `json:"chunks"`
}

// DocInfo is a stored document without its text.
type DocInfo struct {
	ID       string            `json:"id"`
	Source   string            `json:"source"`
	Title    string            `json:"title"`
	Format   string            `json:"format"`
	Hash     string            `json:"hash"`
	Size     int64             `json:"size"`
	Metadata map[string]string `json:"metadata,omitempty"`
	Chunks   int               `json:"chunks"`
	Created  time.Time         `json:"created"`
	Updated  time.Time         `json:"updated"`
}

// Record is a chunk ready to store: its text and offsets, the analyzer's
// tokens for the body and for the title/heading path (which keyword search
// boosts), and its embedding vector.
type Record struct {
	Chunk       schema.Chunk
	Tokens      []string
	TitleTokens []string
	Vector      []float32
}

// Filter restricts a search or listing. Zero value = no restriction. All set
// fields must match (AND); DocIDs is an OR-list.
type Filter struct {
	PathPrefix string            `json:"path_prefix,omitempty"`
	DocIDs     []string          `json:"doc_ids,omitempty"`
	Meta       map[string]string `json:"meta,omitempty"`
	// Groups, when not nil, are the access groups of the caller: a document
	// whose metadata lists access groups (MetaAccessGroups) is admitted only
	// when it shares one of them; a document without any is open to all.
	// A non-nil empty slice admits only open documents. Stores apply it
	// inside retrieval, so a restricted caller never sees a chunk it may not.
	Groups []string `json:"groups,omitempty"`
}

// MetaAccessGroups is the document metadata key that lists the groups
// allowed to read it, as written by AccessGroups.
const MetaAccessGroups = "access_groups"

// AccessGroups renders groups for MetaAccessGroups: ",hr,finance," (sorted,
// trimmed, deduplicated, commas only as separators), so a store can test
// membership with a substring search for ",group,".
func AccessGroups(groups []string) string {
	var clean []string
	for _, g := range groups {
		g = strings.TrimSpace(strings.ReplaceAll(g, ",", " "))
		if g != "" && !slices.Contains(clean, g) {
			clean = append(clean, g)
		}
	}
	if len(clean) == 0 {
		return ""
	}
	slices.Sort(clean)
	return "," + strings.Join(clean, ",") + ","
}

// IsZero reports whether the filter restricts nothing.
func (f Filter) IsZero() bool {
	return f.PathPrefix == "" && len(f.DocIDs) == 0 && len(f.Meta) == 0 && f.Groups == nil
}

// Scored is one search result before its chunk is fetched: the store's
// internal chunk key and its score.
type Scored struct {
	Key   int64
	Score float64
}

// StoredChunk is a fetched chunk with the reference to its document.
type StoredChunk struct {
	Key   int64
	Chunk schema.Chunk
	Doc   schema.DocRef
}

// Store is the contract every storage backend fulfils. All methods are safe
// for concurrent use. Writes of one document are atomic: after a crash a
// document has either all of its old chunks or all of its new ones.
type Store interface {
	CreateCollection(ctx context.Context, c Collection) error
	GetCollection(ctx context.Context, name string) (Collection, error)
	ListCollections(ctx context.Context) ([]Collection, error)
	DeleteCollection(ctx context.Context, name string) error

	// GetDocument returns the document stored for a source path, or an
	// error wrapping ErrNotFound.
	GetDocument(ctx context.Context, coll, source string) (DocInfo, error)
	ListDocuments(ctx context.Context, coll string, f Filter) ([]DocInfo, error)
	// PutDocument stores doc and replaces all of its previous chunks with
	// recs, in one transaction.
	PutDocument(ctx context.Context, coll string, doc *schema.Document, recs []Record) error
	DeleteDocument(ctx context.Context, coll, docID string) error
	// DocumentText returns the stored normalised text of a document.
	DocumentText(ctx context.Context, coll, docID string) (string, error)

	// KeywordSearch ranks chunks by BM25 over the stored tokens.
	KeywordSearch(ctx context.Context, coll string, tokens []string, k int, f Filter) ([]Scored, error)
	// VectorSearch ranks chunks by cosine similarity to vec.
	VectorSearch(ctx context.Context, coll string, vec []float32, k int, f Filter) ([]Scored, error)
	// Chunks fetches chunks by key, in the order of keys; unknown keys are skipped.
	Chunks(ctx context.Context, coll string, keys []int64) ([]StoredChunk, error)
	// Stats returns term statistics for the keyword index (for explain and
	// for the extractive answerer's evidence strength).
	TermStats(ctx context.Context, coll string, tokens []string) (TermStats, error)

	Close() error
}

// TermStats are corpus statistics of a collection's keyword index.
type TermStats struct {
	Docs int       // number of indexed chunks
	IDF  []float64 // BM25 idf of each requested token, in order (0 if absent)
}

// Reembedder is implemented by stores that can move a collection to another
// embedder (`seogo reembed`) without losing its live vectors until every
// chunk has a new one: new vectors are staged beside the old, and one
// transaction switches them all.
type Reembedder interface {
	// ChunksAfter returns up to limit chunks of coll with key > after, by key.
	ChunksAfter(ctx context.Context, coll string, after int64, limit int) ([]StoredChunk, error)
	// StageVectors keeps vectors for target (an embedder name and dimension)
	// beside the live ones. Vectors staged for another target are dropped.
	StageVectors(ctx context.Context, coll, target string, vecs map[int64][]float32) error
	// StagedUpTo returns the largest key staged for target (0 when none): a
	// stopped run resumes after it.
	StagedUpTo(ctx context.Context, coll, target string) (int64, error)
	// SwitchEmbedder makes the staged vectors live and binds coll to
	// embedder and dim, in one transaction; it changes nothing and fails if
	// a chunk has no staged vector for target.
	SwitchEmbedder(ctx context.Context, coll, target, embedder string, dim int) error
}
