package prompt

import (
	"context"
	"math"
	"sync"

	"github.com/seogo/seogo/embed"
	"github.com/seogo/seogo/i18n"
)

// Selector picks the examples most like an input, so a few-shot prompt shows
// the demonstrations that matter to it: k = 0, 1, n is zero-, one- and
// few-shot. The examples are embedded once, on the first Select; Examples
// and Embedder must not change after that. A Selector is safe for
// concurrent use.
type Selector struct {
	Embedder embed.Embedder
	Examples []Example
	// MMR picks by maximal marginal relevance instead of similarity alone:
	// each next example is the one most like the input and least like the
	// examples already picked, so near-duplicates do not fill the prompt.
	MMR bool
	// Lambda weighs relevance against diversity in MMR (1: relevance only).
	// Zero means 0.5; values above 1 count as 1.
	Lambda float64

	mu      sync.Mutex
	vectors [][]float32
}

// Select returns up to k examples, most relevant first (in MMR, in the order
// picked). Ties break by the examples' order, so the choice is deterministic.
func (s *Selector) Select(ctx context.Context, input string, k int) ([]Example, error) {
	if k <= 0 || len(s.Examples) == 0 {
		return nil, nil
	}
	if s.Embedder == nil {
		return nil, i18n.Errorf("예시 선택기에 임베더가 없습니다", "the example selector has no embedder")
	}
	k = min(k, len(s.Examples))
	vecs, err := s.exampleVectors(ctx)
	if err != nil {
		return nil, err
	}
	q, err := s.Embedder.Embed(ctx, []string{input})
	if err != nil {
		return nil, i18n.Errorf("입력을 임베딩하지 못했습니다: %w", "embedding the input: %w", err)
	}
	if len(q) != 1 {
		return nil, i18n.Errorf("임베더가 벡터 %d개를 돌려주었습니다 (1개여야 합니다)", "the embedder returned %d vectors for 1 text", len(q))
	}
	rel := make([]float64, len(vecs))
	for i, v := range vecs {
		if len(v) != len(q[0]) {
			return nil, i18n.Errorf("임베딩 차원이 다릅니다 (예시 %d, 입력 %d): 임베더가 바뀌었다면 새 Selector를 만드세요",
				"embedding dimensions differ (example %d, input %d): make a new Selector if the embedder changed", len(v), len(q[0]))
		}
		rel[i] = cosine(q[0], v)
	}
	lambda := s.Lambda
	if lambda <= 0 {
		lambda = 0.5
	}
	if !s.MMR {
		lambda = 1
	}
	lambda = min(lambda, 1)

	picked := make([]int, 0, k)
	taken := make([]bool, len(vecs))
	maxSim := make([]float64, len(vecs)) // to the examples picked so far
	for len(picked) < k {
		best, bestScore := -1, math.Inf(-1)
		for i := range vecs {
			if taken[i] {
				continue
			}
			score := lambda * rel[i]
			if len(picked) > 0 && lambda < 1 {
				score -= (1 - lambda) * maxSim[i]
			}
			if score > bestScore { // strict: the earlier example wins ties
				best, bestScore = i, score
			}
		}
		if best < 0 { // only NaN scores are left
			for i := range taken {
				if !taken[i] {
					best = i
					break
				}
			}
		}
		taken[best] = true
		picked = append(picked, best)
		if lambda < 1 {
			for i := range vecs {
				if !taken[i] {
					maxSim[i] = max(maxSim[i], cosine(vecs[i], vecs[best]))
				}
			}
		}
	}
	out := make([]Example, len(picked))
	for i, p := range picked {
		out[i] = s.Examples[p]
	}
	return out, nil
}

// exampleVectors embeds the examples' inputs once; a failed attempt is not
// cached, so a later Select retries.
func (s *Selector) exampleVectors(ctx context.Context) ([][]float32, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.vectors != nil {
		return s.vectors, nil
	}
	texts := make([]string, len(s.Examples))
	for i, e := range s.Examples {
		texts[i] = e.Input
	}
	vecs, err := s.Embedder.Embed(ctx, texts)
	if err != nil {
		return nil, i18n.Errorf("예시를 임베딩하지 못했습니다: %w", "embedding the examples: %w", err)
	}
	if len(vecs) != len(texts) {
		return nil, i18n.Errorf("임베더가 벡터 %d개를 돌려주었습니다 (예시는 %d개)", "the embedder returned %d vectors for %d examples", len(vecs), len(texts))
	}
	s.vectors = vecs
	return vecs, nil
}

// cosine is computed in full rather than as a dot product: Embedder promises
// unit vectors, but a selector should not rank wrongly when one breaks that.
func cosine(a, b []float32) float64 {
	n := min(len(a), len(b))
	var dot, na, nb float64
	for i := 0; i < n; i++ {
		x, y := float64(a[i]), float64(b[i])
		dot += x * y
		na += x * x
		nb += y * y
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}
