package wordvec

import (
	"context"
	"math"

	"github.com/seogo/seogo/embed"
	"github.com/seogo/seogo/i18n"
)

// Concat joins the vectors of several embedders, each scaled by its weight,
// so cosine similarity becomes the weighted mean of the parts' cosines:
// Σ wᵢ²·cosᵢ / Σ wᵢ². It exists because averaged word vectors blur the
// identity of rare words (names, numbers, terms) that decide which of many
// same-topic passages answers a question; a lexical part (the hashing
// embedder) keeps it while the word vectors add synonyms and related words.
type Concat struct {
	name    string
	parts   []embed.Embedder
	weights []float32
	dim     int
}

// NewConcat returns the concatenation of parts with weights (same length).
func NewConcat(name string, parts []embed.Embedder, weights []float64) (*Concat, error) {
	if len(parts) == 0 || len(parts) != len(weights) {
		return nil, i18n.Errorf("wordvec: 부분 %d 개와 가중치 %d 개의 수가 맞지 않습니다", "wordvec: %d parts and %d weights", len(parts), len(weights))
	}
	c := &Concat{name: name, parts: parts}
	var ss float64
	for _, w := range weights {
		ss += w * w
	}
	for i, p := range parts {
		c.weights = append(c.weights, float32(weights[i]/math.Sqrt(ss)))
		c.dim += p.Dim()
	}
	return c, nil
}

// Name is the name recorded in a collection.
func (c *Concat) Name() string { return c.name }

// Dim is the sum of the parts' dimensions.
func (c *Concat) Dim() int { return c.dim }

// Embed embeds texts with every part and joins the weighted vectors; the
// result is L2-normalised (a part's zero vector leaves the others' share).
func (c *Concat) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i := range out {
		out[i] = make([]float32, 0, c.dim)
	}
	for p, part := range c.parts {
		vecs, err := part.Embed(ctx, texts)
		if err != nil {
			return nil, err
		}
		for i, v := range vecs {
			if len(v) != part.Dim() {
				return nil, i18n.Errorf("wordvec: %s 가 %d 차원을 돌려주었습니다(%d 차원이어야 합니다)", "wordvec: %s returned %d dims, not %d", part.Name(), len(v), part.Dim())
			}
			start := len(out[i])
			out[i] = append(out[i], v...)
			scale(c.weights[p], out[i][start:])
		}
	}
	for _, v := range out {
		normalize(v)
	}
	return out, nil
}
