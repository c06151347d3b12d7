// Package loader turns raw file bytes into a normalised schema.Document, one
// Loader per format, chosen by extension and by sniffing the content.
package loader

import (
	"context"

	"github.com/seogo/seogo/schema"
)

// Loader parses one format. name is the file name (for the title and for
// format hints); data is the whole raw file. It fills Text, Title, Format,
// Sections, Metadata and Notes; the caller fills ID, Source, Hash and times.
// A Loader must never panic on hostile input: it returns an error instead.
type Loader interface {
	Load(ctx context.Context, name string, data []byte) (*schema.Document, error)
}
