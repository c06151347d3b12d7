// Package split cuts a document into chunks: structure-aware (a chunk never
// crosses a section, so its heading path is exact), sentence-aware (Korean and
// English sentence ends), sized in tokens with overlap, never inside a word.
package split

import "github.com/seogo/seogo/schema"

// Splitter cuts a document into chunks whose byte ranges index doc.Text.
type Splitter interface {
	Split(doc *schema.Document) []schema.Chunk
}
