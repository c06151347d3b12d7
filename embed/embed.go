// Package embed turns text into vectors. The built-in offline embedder lives
// here; neural providers (OpenAI-compatible, word vectors) live in
// sub-packages and satisfy the same interface.
package embed

import "context"

// Embedder maps texts to fixed-dimension vectors. Name and Dim are recorded in
// a collection, so vectors from different embedders are never compared.
// Implementations are safe for concurrent use.
type Embedder interface {
	Name() string
	Dim() int
	// Embed returns one vector per text, in order, each L2-normalised.
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}
