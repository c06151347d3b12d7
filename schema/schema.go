// Package schema holds the nouns every stage of seogo shares: documents, their
// structure, chunks, search hits and citations. It imports nothing of seogo's,
// so every other package can depend on it without cycles.
package schema

import "time"

// Document is one source file (or one record of a dataset) after loading and
// normalisation. Text is the normalised text (UTF-8, NFC, "\n" line endings);
// every offset in seogo (sections, chunks, citations) is a byte offset into it.
type Document struct {
	// ID is stable for a source: the same path in the same collection always
	// yields the same ID, so re-ingesting replaces instead of duplicating.
	ID string
	// Source is where the document came from (an absolute, cleaned path for
	// files; a dataset-specific name for eval corpora).
	Source string
	Title  string
	// Format is the loader's name for the format ("txt", "md", "html", ...).
	Format string
	// Hash is the hex SHA-256 of the raw bytes, used to skip unchanged files.
	Hash     string
	Size     int64
	Text     string
	Sections []Section
	Metadata map[string]string
	// Notes are non-fatal remarks from loading (e.g. "converted from EUC-KR",
	// "12 invalid UTF-8 bytes replaced"), shown in the ingest summary.
	Notes     []string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Section is a structural unit of a document: the text under one heading, one
// CSV row, one JSON record. A chunk never spans two sections, so a chunk's
// heading path is always exact.
type Section struct {
	Start, End int      // byte range in Document.Text
	Headings   []string // heading path, outermost first; empty for none
	Page       int      // 1-based page/slide/sheet number; 0 when the format has none
}

// Chunk is the unit of retrieval: a contiguous byte range of a document's text.
type Chunk struct {
	// ID is unique within a collection: DocID + "#" + ordinal.
	ID      string `json:"id"`
	DocID   string `json:"doc_id"`
	Ordinal int    `json:"ordinal"`
	Text    string `json:"text"`
	// Start and End are the byte range of Text in Document.Text; CharStart
	// and CharEnd the same range in characters (runes), for citations.
	Start     int               `json:"start"`
	End       int               `json:"end"`
	CharStart int               `json:"char_start"`
	CharEnd   int               `json:"char_end"`
	Headings  []string          `json:"headings,omitempty"`
	Page      int               `json:"page,omitempty"`
	Metadata  map[string]string `json:"metadata,omitempty"`
}

// DocRef is what a hit or a citation needs to know about the chunk's document.
type DocRef struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	Title  string `json:"title,omitempty"`
}

// Signal is one retriever's view of a hit: its raw score and 1-based rank.
// Rank 0 means that retriever did not return the chunk.
type Signal struct {
	Score float64 `json:"score"`
	Rank  int     `json:"rank"`
}

// Hit is one ranked search result with the evidence of why it ranked there.
type Hit struct {
	Chunk Chunk  `json:"chunk"`
	Doc   DocRef `json:"doc"`
	// Score is the final score the ranking used (the fused score in hybrid
	// mode, otherwise the single retriever's score).
	Score   float64 `json:"score"`
	Rank    int     `json:"rank"`
	Keyword Signal  `json:"keyword"`
	Vector  Signal  `json:"vector"`
	Fused   float64 `json:"fused"`
}

// Citation ties a numbered reference [N] in an answer to its source span.
type Citation struct {
	N        int      `json:"n"`
	DocID    string   `json:"doc_id"`
	ChunkID  string   `json:"chunk_id"`
	Source   string   `json:"source"`
	Title    string   `json:"title,omitempty"`
	Headings []string `json:"headings,omitempty"`
	Page     int      `json:"page,omitempty"`
	// Start and End are the byte range in the document text; CharStart and
	// CharEnd the same range counted in characters (runes), for people.
	Start     int    `json:"start"`
	End       int    `json:"end"`
	CharStart int    `json:"char_start"`
	CharEnd   int    `json:"char_end"`
	Text      string `json:"text"`
}
