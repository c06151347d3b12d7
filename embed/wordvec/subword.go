package wordvec

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Subword n-grams are what let a Korean word vector model cope with
// agglutination: 학교, 학교에서, 학교는 and 학교까지 are different tokens to a
// whitespace tokenizer, but they share the n-grams "<학", "학교" and "<학교".
// A form never seen in training (a noun with a new particle, a verb stem with
// a new ending) still gets a vector from the n-grams it shares with the forms
// that were seen. fastText counts n-grams in bytes of Latin text (n=3..6); a
// Hangul syllable already carries a consonant, a vowel and often a final
// consonant, so n counts runes and 2..4 syllables is the useful range.

// Default n-gram range and bucket count. Buckets bound the memory of the
// n-gram table (buckets × dim floats) whatever the corpus; collisions only
// blur rare n-grams together.
const (
	DefaultMinN    = 2
	DefaultMaxN    = 4
	DefaultBuckets = 200_000
)

// subwords is the hashed n-gram table of a model: the vector of a word is the
// mean of its own row and the rows of its n-grams, and the vector of an
// unknown word is the mean of its n-gram rows alone.
type subwords struct {
	minN, maxN int
	buckets    int
	vecs       []float32 // buckets × dim
}

// ngramBuckets appends the bucket of every rune n-gram of "<word>" with n in
// [minN, maxN]. The boundary markers make a prefix n-gram ("<학") differ
// from the same letters inside a word, so a particle at the end ("에서>")
// is told apart from the same syllables at the start of a word.
func ngramBuckets(dst []int32, word string, minN, maxN, buckets int) []int32 {
	if buckets <= 0 || maxN < minN || minN <= 0 {
		return dst
	}
	var starts [66]int // byte offsets of runes in "<word>"; longer words are cut
	w := "<" + word + ">"
	n := 0
	for i := range w {
		if n == len(starts)-1 {
			break
		}
		starts[n] = i
		n++
	}
	starts[n] = len(w)
	if n == len(starts)-1 { // cut: the last rune counted ends where the next starts
		_, size := utf8.DecodeRuneInString(w[starts[n-1]:])
		starts[n] = starts[n-1] + size
	}
	for i := 0; i < n; i++ {
		for k := minN; k <= maxN && i+k <= n; k++ {
			dst = append(dst, int32(fnv32(w[starts[i]:starts[i+k]])%uint32(buckets)))
		}
	}
	return dst
}

// fnv32 is FNV-1a: stable across runs and platforms, as stored n-gram rows
// must be found again by a later process.
func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// Eojeol splits text at spaces and punctuation and lowercases Latin letters:
// the whitespace words (어절) of Korean, each a stem with its particle or
// ending still attached. With subwords this keeps the particles' signal (a
// dictionary analyzer drops them) and needs no dictionary. The zero value is
// ready to use and safe for concurrent use.
type Eojeol struct{}

// Name returns "eojeol".
func (Eojeol) Name() string { return "eojeol" }

// Analyze returns the words of text in order.
func (Eojeol) Analyze(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
}
