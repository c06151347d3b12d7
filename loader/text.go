package loader

import (
	"context"

	"github.com/seogo/seogo/schema"
)

// TextLoader reads plain text: the whole normalised text is one section.
type TextLoader struct{}

// Format names the format: "txt".
func (TextLoader) Format() string { return "txt" }

// Load implements Loader.
func (TextLoader) Load(ctx context.Context, name string, data []byte) (*schema.Document, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	d, err := decode(data)
	if err != nil {
		return nil, err
	}
	secs := []schema.Section{{Start: 0, End: len(d.text)}}
	return newDocument("txt", baseTitle(name), d, d.text, secs), nil
}
