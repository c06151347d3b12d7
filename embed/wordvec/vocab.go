package wordvec

import (
	"math"
	"sort"
)

// vocab is the training vocabulary: words by descending count (ties by the
// word, so the order and the ids are deterministic), as word2vec sorts it.
type vocab struct {
	words  []string
	counts []int64
	index  map[string]int32
	total  int64 // tokens of the corpus that are in the vocabulary
}

func buildVocab(sentences [][]string, minCount int) *vocab {
	counts := map[string]int64{}
	for _, s := range sentences {
		for _, w := range s {
			counts[w]++
		}
	}
	v := &vocab{index: map[string]int32{}}
	for w, c := range counts {
		if c >= int64(minCount) && w != "" {
			v.words = append(v.words, w)
		}
	}
	sort.Slice(v.words, func(i, j int) bool {
		ci, cj := counts[v.words[i]], counts[v.words[j]]
		if ci != cj {
			return ci > cj
		}
		return v.words[i] < v.words[j]
	})
	v.counts = make([]int64, len(v.words))
	for i, w := range v.words {
		v.counts[i] = counts[w]
		v.index[w] = int32(i)
		v.total += counts[w]
	}
	return v
}

// encode maps sentences to word ids, dropping out-of-vocabulary tokens (as
// word2vec does: they are not in any window).
func (v *vocab) encode(sentences [][]string) [][]int32 {
	out := make([][]int32, 0, len(sentences))
	for _, s := range sentences {
		ids := make([]int32, 0, len(s))
		for _, w := range s {
			if id, ok := v.index[w]; ok {
				ids = append(ids, id)
			}
		}
		if len(ids) > 0 {
			out = append(out, ids)
		}
	}
	return out
}

// keepProbs is word2vec's subsampling: a word of frequency f is kept with
// probability (sqrt(f/t)+1)·t/f, so "의", "이" and "하" stop dominating the
// windows while rare words are always kept. Stored as a uint32 threshold to
// compare with the random number generator's output without floats.
func (v *vocab) keepProbs(sample float64) []uint32 {
	keep := make([]uint32, len(v.words))
	for i, c := range v.counts {
		p := 1.0
		if sample > 0 {
			f := float64(c) / float64(v.total)
			p = (math.Sqrt(f/sample) + 1) * sample / f
		}
		keep[i] = uint32(math.Min(p, 1) * math.MaxUint32)
	}
	return keep
}

// unigramTable is the negative-sampling distribution count^0.75 as a table
// of ids, as in word2vec: drawing is one random index, no search.
func (v *vocab) unigramTable(size int) []int32 {
	if len(v.words) == 0 {
		return nil
	}
	var norm float64
	for _, c := range v.counts {
		norm += math.Pow(float64(c), 0.75)
	}
	table := make([]int32, size)
	i := 0
	acc := math.Pow(float64(v.counts[0]), 0.75) / norm
	for a := range table {
		table[a] = int32(i)
		if float64(a)/float64(size) > acc && i < len(v.words)-1 {
			i++
			acc += math.Pow(float64(v.counts[i]), 0.75) / norm
		}
	}
	return table
}
