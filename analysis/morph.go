package analysis

import (
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	ko "github.com/ikawaha/kagome-dict-ko"
	"github.com/ikawaha/kagome/v2/tokenizer"
)

// Morph indexes the content morphemes of Hangul text, as found by kagome with
// mecab-ko-dic (kagome-dict-ko): "서울에서 학교에 갔습니다" → 서울 학교 가.
// Particles, endings and affixes are dropped; conjugated verbs and adjectives
// are reduced to their dictionary stem (갔 → 가, 아름다운 → 아름답), so every
// form of a word meets in one term. Latin words, numbers, Han and Kana are
// tokenised exactly as Bigram does: the dictionary is Korean, and kagome
// splits numbers it does not know ("1989" → 198 9).
//
// The first Analyze loads the dictionary: about 2 s and 210 MB of heap, kept
// for the life of the process and shared by every Morph and Combined (see
// LoadDictionary). kagome then reads about 1 MB/s; New("morph") returns a Morph
// that remembers the morphemes of recent words (Korean repeats them: 60% of
// KorQuAD's are repeats), the zero value analyses every word afresh. Either is
// safe for concurrent use: kagome's Tokenizer only reads the dictionary and
// takes its lattices from a sync.Pool.
type Morph struct {
	cache *morphCache
}

// Name returns "morph".
func (Morph) Name() string { return "morph" }

// Analyze returns the tokens of text in order.
func (m Morph) Analyze(text string) []string {
	s := fold(text)
	return walk(s, len(s)/8+1, func(dst []string, s string, start, end int) []string {
		return appendMorphemes(dst, s, start, end, "", m.cache)
	})
}

// LoadDictionary loads the morphological dictionary now rather than on the
// first Analyze of a Morph or Combined analyzer, so that a server's first
// query does not wait for it. It is safe to call more than once.
func LoadDictionary() { morphTokenizer() }

var kagome struct {
	once sync.Once
	tok  *tokenizer.Tokenizer
}

// morphTokenizer returns the shared tokenizer. ko.Dict (not DictShrink, 70 MB)
// because only the full dictionary has the 표현 (expression) feature that
// gives the stem of a conjugated form.
func morphTokenizer() *tokenizer.Tokenizer {
	kagome.once.Do(func() {
		t, err := tokenizer.New(ko.Dict(), tokenizer.OmitBosEos())
		if err != nil { // only for a nil dictionary: a broken build
			panic(fmt.Sprintf("analysis: kagome tokenizer: %v", err))
		}
		kagome.tok = t
	})
	return kagome.tok
}

// Feature columns of kagome-dict-ko: column 0 is the POS tag ("NNG",
// "VV+EP"), then 의미 부류, 종성 유무, 읽기, 타입, 첫/마지막 품사, 표현.
const (
	featurePOS        = 0
	featureExpression = 7
)

// appendMorphemes appends the content morphemes of the Hangul run
// s[start:end], each with prefix (Combined keeps them apart from bigrams this
// way), through cache when it is not nil.
//
// A run glued to a word or Hanja ("API는", "LG와") is analysed with the last
// rune before it: alone, 은 is the noun "silver" and 와 the verb 오다 (→ 오);
// after a letter they are particles. Tokens of that rune are skipped: the
// word was tokenised already. (의 stays a noun, 義, after anything but Hangul:
// the dictionary's costs, not ours.)
func appendMorphemes(dst []string, s string, start, end int, prefix string, cache *morphCache) []string {
	ctx := start
	if start > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:start])
		if classify(r) != scriptNone {
			ctx -= size
		}
	}
	n := len(dst)
	if cache == nil {
		dst = appendContent(dst, s[ctx:end], start-ctx)
	} else {
		dst = append(dst, cache.morphemes(s[ctx:end], start-ctx)...)
	}
	if prefix != "" {
		for i := n; i < len(dst); i++ {
			dst[i] = truncate(prefix + dst[i])
		}
	}
	return dst
}

// appendContent appends the content morphemes of run, ignoring tokens that
// lie within its first skip bytes.
func appendContent(dst []string, run string, skip int) []string {
	for _, t := range morphTokenizer().Analyze(run, tokenizer.Normal) {
		if t.Position+len(t.Surface) <= skip {
			continue
		}
		pos, _ := t.FeatureAt(featurePOS)
		if strings.IndexByte(pos, '+') < 0 {
			// A single morpheme. Compound nouns (대한민국 = 대한+민국) stay
			// whole: splitting them lowered KorQuAD R@1 (.900 → .899 whole
			// and parts, .898 parts only).
			if keepPOS(pos) {
				dst = appendMorpheme(dst, t.Surface)
			}
			continue
		}
		// A contraction: "갔" is VV+EP with expression "가/VV/*+았/EP/*";
		// "획기적인" is NNG+VCP+ETM. Keep the content parts of the expression.
		expr, _ := t.FeatureAt(featureExpression)
		for expr != "" {
			var part string
			part, expr, _ = strings.Cut(expr, "+")
			surface, rest, _ := strings.Cut(part, "/")
			tag, _, _ := strings.Cut(rest, "/")
			if keepPOS(tag) {
				dst = appendMorpheme(dst, surface)
			}
		}
	}
	return dst
}

func appendMorpheme(dst []string, m string) []string {
	if m == "" || m == "*" {
		return dst
	}
	return append(dst, truncate(m))
}

// keepPOS reports whether a morpheme of this mecab-ko-dic tag carries content
// worth indexing. Kept: common and proper nouns, unit nouns (년, 명: "몇 년"
// questions), numerals, verb and adjective stems, roots (XR), adverbs (MAG),
// foreign words, Hanja and numbers, and words the dictionary does not know.
// Dropped: bound nouns (것, 데, 줄), pronouns, determiners, conjunctive
// adverbs, interjections, auxiliary verbs and the copula (VX, VCP, VCN),
// particles (J*), endings (E*), prefixes and suffixes (XP*, XS*) and
// punctuation and symbols (SF, SE, SS, SP, SO, SW, SY).
func keepPOS(tag string) bool {
	switch tag {
	case "NNG", "NNP", "NNBC", "NR", "VV", "VA", "XR", "MAG", "SL", "SH", "SN", "UNKNOWN":
		return true
	}
	return false
}
