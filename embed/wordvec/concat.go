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
	// hybrid is the weight of each part of a hybrid-search query, the
	// stored weight times SetHybridWeights' (nil: as Embed).
	hybrid []float32
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

// SetHybridWeights sets how EmbedHybridQuery weighs each part of a query
// (one weight per part, ≥ 0, not all 0), on top of the stored vectors' own
// weights. A part weighted 0 drops out of the query, so it adds nothing to
// the query's cosine with any stored vector: that is how hybrid search leaves
// out a lexical part, whose evidence the keyword ranking already counts.
// Call it before the embedder is shared.
func (c *Concat) SetHybridWeights(w []float64) error {
	valid, positive := len(w) == len(c.parts), false
	for _, x := range w {
		valid = valid && x >= 0 && !math.IsInf(x, 0) // NaN fails x >= 0
		positive = positive || x > 0
	}
	if !valid || !positive {
		return i18n.Errorf("wordvec: 하이브리드 질의 가중치 %v 가 올바르지 않습니다(부분 %d 개에 하나씩, 0 이상, 모두 0 은 안 됩니다)",
			"wordvec: hybrid query weights %v are not valid (one per part for %d parts, each ≥ 0, not all 0)", w, len(c.parts))
	}
	c.hybrid = make([]float32, len(w))
	for i, x := range w {
		c.hybrid[i] = c.weights[i] * float32(x)
	}
	return nil
}

// EmbedHybridQuery embeds a query for the vector side of hybrid search: as
// Embed, with each part scaled by its hybrid weight. Used as the query of a
// dot-product search over vectors from Embed, the score is
// Σ hᵢ·wᵢ²·cosᵢ (up to the query's norm), so the ranking follows only the
// parts hybrid search wants from vectors.
func (c *Concat) EmbedHybridQuery(ctx context.Context, query string) ([]float32, error) {
	w := c.hybrid
	if w == nil {
		w = c.weights
	}
	vs, err := c.embed(ctx, []string{query}, w)
	if err != nil {
		return nil, err
	}
	return vs[0], nil
}

// Embed embeds texts with every part and joins the weighted vectors; the
// result is L2-normalised (a part's zero vector leaves the others' share).
func (c *Concat) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	return c.embed(ctx, texts, c.weights)
}

func (c *Concat) embed(ctx context.Context, texts []string, weights []float32) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i := range out {
		out[i] = make([]float32, 0, c.dim)
	}
	for p, part := range c.parts {
		if weights[p] == 0 { // left out, not even embedded: zeros keep the layout
			for i := range out {
				out[i] = append(out[i], make([]float32, part.Dim())...)
			}
			continue
		}
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
			scale(weights[p], out[i][start:])
		}
	}
	for _, v := range out {
		normalize(v)
	}
	return out, nil
}
