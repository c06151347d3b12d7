// Package wordvec learns and serves word vectors offline: word2vec
// (skip-gram and CBOW with negative sampling) with fastText-style subword
// n-grams trained on the user's own corpus, word2vec/GloVe/fastText vector
// files, gensim-like similarity queries, and SIF sentence vectors that make
// an embed.Embedder for retrieval. It needs no model download and no network.
package wordvec

import (
	"cmp"
	"math"
	"slices"
	"sync"

	"github.com/seogo/seogo/i18n"
)

// Model is a set of word vectors, optionally with subword n-gram vectors
// for words it has never seen. It is safe for concurrent use once built.
type Model struct {
	words  []string
	counts []int64 // corpus counts by word, 0 when unknown (an imported file)
	index  map[string]int32
	dim    int
	vecs   []float32 // len(words) × dim
	sub    *subwords // nil: no subwords
	// out is the output layer negative sampling trained (len(words) × dim),
	// kept by training for DocVec; nil for an imported vector file.
	out []float32

	// Stats describe the training run; nil for a loaded model.
	Stats *Stats

	normOnce sync.Once
	unit     []float32 // vecs with each row L2-normalised, for similarity
}

// NewModel builds a model from words and their vectors (rows of dim
// floats, len(vecs) = len(words)·dim). Later duplicates of a word are
// ignored. counts may be nil.
func NewModel(words []string, vecs []float32, dim int, counts []int64) (*Model, error) {
	if dim <= 0 || len(vecs) != len(words)*dim || (counts != nil && len(counts) != len(words)) {
		return nil, i18n.Errorf("wordvec: 단어 %d 개, 실수 %d 개, 빈도 %d 개로는 %d 차원 벡터를 만들 수 없습니다", "wordvec: %d words, %d floats and %d counts do not make %d-dimensional vectors",
			len(words), len(vecs), len(counts), dim)
	}
	if counts == nil {
		counts = make([]int64, len(words))
	}
	m := &Model{words: words, counts: counts, index: make(map[string]int32, len(words)), dim: dim, vecs: vecs}
	for i, w := range words {
		if _, dup := m.index[w]; !dup {
			m.index[w] = int32(i)
		}
	}
	return m, nil
}

// Dim is the vector dimension.
func (m *Model) Dim() int { return m.dim }

// HasOutput says whether the model kept its output layer, which DocVec
// needs: trained models do, vector files carry input vectors only.
func (m *Model) HasOutput() bool { return m.out != nil }

// Len is the number of words in the vocabulary.
func (m *Model) Len() int { return len(m.words) }

// Words returns the vocabulary, most frequent first when the model was
// trained or its file was sorted. The slice must not be modified.
func (m *Model) Words() []string { return m.words }

// Count is how often word occurred in the training corpus (0 when unknown).
func (m *Model) Count(word string) int64 {
	if i, ok := m.index[word]; ok {
		return m.counts[i]
	}
	return 0
}

// HasSubwords reports whether unknown words get vectors from n-grams.
func (m *Model) HasSubwords() bool { return m.sub != nil }

// Contains reports whether word is in the vocabulary.
func (m *Model) Contains(word string) bool { _, ok := m.index[word]; return ok }

// Vector returns a copy of word's vector. An unknown word gets the mean of
// its n-gram vectors when the model has subwords; otherwise ok is false.
func (m *Model) Vector(word string) (v []float32, ok bool) {
	v = make([]float32, m.dim)
	return v, m.addVector(v, word, 1)
}

// addVector adds weight × word's vector to dst.
func (m *Model) addVector(dst []float32, word string, weight float32) bool {
	if i, ok := m.index[word]; ok {
		axpy(weight, m.row(i), dst)
		return true
	}
	if m.sub == nil {
		return false
	}
	var buf [64]int32
	ids := ngramBuckets(buf[:0], word, m.sub.minN, m.sub.maxN, m.sub.buckets)
	if len(ids) == 0 {
		return false
	}
	wt := weight / float32(len(ids))
	for _, b := range ids {
		axpy(wt, m.sub.vecs[int(b)*m.dim:int(b+1)*m.dim], dst)
	}
	return true
}

func (m *Model) row(i int32) []float32 { return m.vecs[int(i)*m.dim : int(i+1)*m.dim] }

func (m *Model) unitRows() []float32 {
	m.normOnce.Do(func() {
		m.unit = make([]float32, len(m.vecs))
		for i := range m.words {
			r := m.unit[i*m.dim : (i+1)*m.dim]
			copy(r, m.row(int32(i)))
			normalize(r)
		}
	})
	return m.unit
}

// Similarity is the cosine similarity of two words' vectors (unknown words
// through subwords); ok is false when either has no vector.
func (m *Model) Similarity(a, b string) (float64, bool) {
	va, oka := m.Vector(a)
	vb, okb := m.Vector(b)
	if !oka || !okb {
		return 0, false
	}
	return cosine(va, vb), true
}

// Scored is a word with a similarity score.
type Scored struct {
	Word  string  `json:"word"`
	Score float64 `json:"score"`
}

// MostSimilar returns the k words closest (by cosine) to the mean of the
// positive words' unit vectors minus the negative ones', excluding the query
// words, as gensim's most_similar. Words with no vector are an error.
func (m *Model) MostSimilar(positive, negative []string, k int) ([]Scored, error) {
	q := make([]float32, m.dim)
	for _, set := range []struct {
		words []string
		sign  float32
	}{{positive, 1}, {negative, -1}} {
		for _, w := range set.words {
			v, ok := m.Vector(w)
			if !ok {
				return nil, i18n.Errorf("wordvec: %q 는 어휘에 없고 부분어 벡터도 없습니다", "wordvec: %q is not in the vocabulary and has no subwords", w)
			}
			normalize(v)
			axpy(set.sign, v, q)
		}
	}
	if len(positive)+len(negative) == 0 {
		return nil, i18n.Errorf("wordvec: 비슷한 단어를 찾으려면 단어가 하나 이상 필요합니다", "wordvec: MostSimilar needs at least one word")
	}
	skip := map[string]bool{}
	for _, w := range append(slices.Clone(positive), negative...) {
		skip[w] = true
	}
	return m.nearest(q, k, skip), nil
}

// Analogy answers "a is to b as c is to ?" (왕:여왕 = 남자:?) with 3CosAdd:
// the words closest to b − a + c.
func (m *Model) Analogy(a, b, c string, k int) ([]Scored, error) {
	return m.MostSimilar([]string{b, c}, []string{a}, k)
}

// DoesntMatch returns the word furthest from the mean of the others' unit
// vectors, as gensim's doesnt_match. Words with no vector are ignored.
func (m *Model) DoesntMatch(words []string) (string, error) {
	var known []string
	var vecs [][]float32
	mean := make([]float32, m.dim)
	for _, w := range words {
		if v, ok := m.Vector(w); ok {
			normalize(v)
			known, vecs = append(known, w), append(vecs, v)
			axpy(1, v, mean)
		}
	}
	if len(known) == 0 {
		return "", i18n.Errorf("wordvec: %q 중 벡터가 있는 단어가 없습니다", "wordvec: none of %q has a vector", words)
	}
	normalize(mean)
	worst, best := "", math.Inf(1)
	for i, v := range vecs {
		if s := float64(dot(v, mean)); s < best {
			worst, best = known[i], s
		}
	}
	return worst, nil
}

// nearest scans every word: exact, and fast enough for vocabularies of a
// few hundred thousand words (a query is one pass over the matrix).
func (m *Model) nearest(q []float32, k int, skip map[string]bool) []Scored {
	normalize(q)
	unit := m.unitRows()
	if k <= 0 {
		k = 10
	}
	var top []Scored
	for i, w := range m.words {
		s := float64(dot(q, unit[i*m.dim:(i+1)*m.dim]))
		if skip[w] || (len(top) == k && s <= top[k-1].Score) {
			continue
		}
		at, _ := slices.BinarySearchFunc(top, s, func(e Scored, s float64) int { return cmp.Compare(s, e.Score) })
		top = slices.Insert(top, at, Scored{w, s})
		if len(top) > k {
			top = top[:k]
		}
	}
	return top
}

func normalize(v []float32) {
	var ss float64
	for _, x := range v {
		ss += float64(x) * float64(x)
	}
	if ss > 0 {
		scale(float32(1/math.Sqrt(ss)), v)
	}
}

func cosine(a, b []float32) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += float64(a[i]) * float64(b[i])
		aa += float64(a[i]) * float64(a[i])
		bb += float64(b[i]) * float64(b[i])
	}
	if aa == 0 || bb == 0 {
		return 0
	}
	return ab / math.Sqrt(aa*bb)
}
