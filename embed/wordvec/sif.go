package wordvec

import (
	"context"
	"math"
)

// Tokenizer is what sentence vectors need from an analyzer (analysis.Analyzer
// satisfies it); it must be the one the model's words came from.
type Tokenizer interface {
	Name() string
	Analyze(text string) []string
}

// DefaultSIFA is SIF's smoothing weight a: a word of corpus frequency p(w)
// weighs a/(a+p(w)), so a word making up 1% of the corpus ("의", "이")
// counts a tenth of a rare one. Arora et al. find 1e-3..1e-4 best.
const DefaultSIFA = 1e-3

// SIF makes sentence vectors from word vectors as Arora, Liang and Ma
// ("A simple but tough-to-beat baseline for sentence embeddings", 2017):
// the mean of a/(a+p(w))-weighted word vectors, minus its projection on the
// first principal component of a corpus's sentence vectors, which carries
// what all sentences share (syntax, frequent words) rather than what tells
// them apart. Unknown words get subword vectors and the weight of a rare
// word. SIF is an embed.Embedder and is safe for concurrent use.
type SIF struct {
	name  string
	model *Model
	tok   Tokenizer
	a     float64
	total float64   // corpus tokens; 0: frequencies come from ranks (Zipf)
	pc    []float32 // unit first principal component, nil: none removed
}

// NewSIF returns the SIF embedder called name over model and tok with
// smoothing a (0: DefaultSIFA) and common component pc (nil: none; see Fit).
func NewSIF(name string, model *Model, tok Tokenizer, a float64, pc []float32) *SIF {
	if a <= 0 {
		a = DefaultSIFA
	}
	s := &SIF{name: name, model: model, tok: tok, a: a}
	for _, c := range model.counts {
		s.total += float64(c)
	}
	if len(pc) == model.dim {
		s.pc = pc
	}
	return s
}

// Name is the name the embedder is recorded under in a collection.
func (s *SIF) Name() string { return s.name }

// Dim is the model's dimension.
func (s *SIF) Dim() int { return s.model.dim }

// A is the smoothing weight; PC is the removed component (nil: none). They
// are stored with a model so that later processes embed identically.
func (s *SIF) A() float64 { return s.a }

// PC returns the common component removed from every vector (nil: none).
func (s *SIF) PC() []float32 { return s.pc }

// Embed returns one L2-normalised vector per text; a text without any word
// that has a vector gets the zero vector.
func (s *SIF) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		v := s.raw(t)
		s.removePC(v)
		normalize(v)
		out[i] = v
	}
	return out, nil
}

// weight is a/(a+p(w)). Without corpus counts (an imported file) p(w) is
// estimated from the word's rank by Zipf's law, p(r) ≈ 1/(r·H(V)): vector
// files are sorted by frequency.
func (s *SIF) weight(word string) float32 {
	i, ok := s.model.index[word]
	if !ok {
		return 1 // unknown: rarer than anything counted
	}
	var p float64
	if s.total > 0 {
		p = float64(s.model.counts[i]) / s.total
	} else {
		p = 1 / (float64(i+1) * (math.Log(float64(len(s.model.words))) + 0.5772))
	}
	return float32(s.a / (s.a + p))
}

func (s *SIF) raw(text string) []float32 {
	v := make([]float32, s.model.dim)
	n := 0
	for _, w := range s.tok.Analyze(text) {
		if s.model.addVector(v, w, s.weight(w)) {
			n++
		}
	}
	if n > 0 {
		scale(1/float32(n), v)
	}
	return v
}

func (s *SIF) removePC(v []float32) {
	if s.pc != nil {
		axpy(-dot(v, s.pc), s.pc, v)
	}
}

// Fit computes the common component from texts (at most 20,000 are used,
// spread over the whole list) and keeps it for every later Embed.
func (s *SIF) Fit(ctx context.Context, texts []string) error {
	step := max(1, len(texts)/20_000)
	var rows [][]float32
	for i := 0; i < len(texts); i += step {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if v := s.raw(texts[i]); dot(v, v) > 0 {
			rows = append(rows, v)
		}
	}
	s.pc = firstComponent(rows, s.model.dim)
	return nil
}

// firstComponent is the top right singular vector of the rows (uncentred,
// as SIF's TruncatedSVD), by power iteration on RᵀR from a fixed start so
// the result is deterministic.
func firstComponent(rows [][]float32, dim int) []float32 {
	if len(rows) < 2 {
		return nil
	}
	u := make([]float32, dim)
	for i := range u {
		u[i] = 1 / float32(math.Sqrt(float64(dim)))
	}
	next := make([]float32, dim)
	for iter := 0; iter < 100; iter++ {
		clear(next)
		for _, r := range rows {
			axpy(dot(r, u), r, next)
		}
		normalize(next)
		var diff float64
		for i := range u {
			diff += math.Abs(float64(next[i] - u[i]))
		}
		u, next = next, u
		if diff < 1e-7 {
			break
		}
	}
	return u
}
