package split

import (
	"unicode"
	"unicode/utf8"
)

// EstimateTokens is a fast, allocation-free estimate of how many tokens an
// LLM tokenizer of the cl100k kind spends on s. It sizes chunks; it is not a
// budget to trust to the token (prompt packing counts real tokens).
//
// The rules, per character class:
//   - Hangul (syllables and jamo): 1 token each. cl100k spends about 1 token
//     on frequent syllables (다, 이, 는, 의 ...) and 2-3 on rare ones, roughly
//     1-1.5 per syllable on prose; o200k and the sentencepiece vocabularies
//     of multilingual embedders spend less. 1 is the low end for cl100k and
//     close for the others, so a 400-token Korean chunk is roughly 400-600
//     cl100k tokens. (These ratios are from published comparisons, not
//     measured here: no tokenizer is vendored yet.) NFD text counts each
//     jamo, so it estimates 2-3x higher, as real tokenizers also spend more.
//   - Han and kana: 1 token each.
//   - a run of other letters (a Latin word): ceil(len/4) tokens, at least 1,
//     in runes; combining marks continue the run.
//   - a run of digits: ceil(len/3) tokens (cl100k groups digits in threes).
//   - whitespace: 0; it only ends runs.
//   - anything else (punctuation, symbols, emoji, invalid bytes): 1 each.
//
// Runs end at whitespace, so the estimate of a text is the sum of the
// estimates of its whitespace-separated words: the splitter relies on that to
// add up sentences and words instead of recounting whole chunks.
func EstimateTokens(s string) int {
	var e estimator
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			e.addClass(asciiClass[c])
			i++
			continue
		}
		r, size := decodeRune(s, i, len(s))
		if r >= 0xAC00 && r <= 0xD7A3 { // the common case, spared the switch
			e.endRun()
			e.total++
		} else {
			e.addClass(classOf(r))
		}
		i += size
	}
	return e.tokens()
}

// charClass is how EstimateTokens treats one character.
type charClass uint8

const (
	classOne   charClass = iota // a token of its own
	classSpace                  // no token, ends a run
	classWord                   // part of a letter run
	classDigit                  // part of a digit run
	classMark                   // combining mark: continues the current run
)

// asciiClass classifies ASCII bytes without decoding.
var asciiClass = func() (t [utf8.RuneSelf]charClass) {
	for c := range t {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			t[c] = classWord
		case c >= '0' && c <= '9':
			t[c] = classDigit
		case c == ' ', c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			t[c] = classSpace
		default:
			t[c] = classOne
		}
	}
	return t
}()

func classOf(r rune) charClass {
	if r < utf8.RuneSelf {
		return asciiClass[r]
	}
	// Hangul first: it is most of what seogo reads.
	if (r >= 0xAC00 && r <= 0xD7A3) || isHangul(r) || isHanOrKana(r) {
		return classOne
	}
	switch {
	case r == utf8.RuneError:
		return classOne
	case unicode.IsSpace(r):
		return classSpace
	case unicode.IsLetter(r):
		return classWord
	case unicode.IsDigit(r):
		return classDigit
	case unicode.In(r, unicode.Mn, unicode.Me):
		return classMark
	}
	return classOne
}

// isHangul reports Hangul syllables and jamo (conjoining, compatibility and
// the extended blocks), so NFC and NFD text are both recognised.
func isHangul(r rune) bool {
	return (r >= 0xAC00 && r <= 0xD7A3) || // syllables
		(r >= 0x1100 && r <= 0x11FF) || // conjoining jamo (NFD)
		(r >= 0x3130 && r <= 0x318F) || // compatibility jamo
		(r >= 0xA960 && r <= 0xA97F) || // jamo extended-A
		(r >= 0xD7B0 && r <= 0xD7FF) // jamo extended-B
}

func isHanOrKana(r rune) bool {
	return (r >= 0x3040 && r <= 0x30FF) || // hiragana, katakana
		(r >= 0x3400 && r <= 0x4DBF) || // CJK extension A
		(r >= 0x4E00 && r <= 0x9FFF) || // CJK unified ideographs
		(r >= 0xF900 && r <= 0xFAFF) || // CJK compatibility ideographs
		(r >= 0x20000 && r <= 0x3FFFF) // CJK extensions B and later
}

// estimator is EstimateTokens one character at a time, so that a word too
// long for a chunk can be cut in one linear pass instead of recounting
// ever-longer prefixes.
type estimator struct {
	total int       // tokens of finished runs and single characters
	run   int       // length of the open run, in characters
	kind  charClass // classWord or classDigit while a run is open
}

func (e *estimator) addClass(c charClass) {
	switch c {
	case classSpace:
		e.endRun()
	case classWord, classDigit:
		if e.run > 0 && e.kind != c {
			e.endRun()
		}
		e.kind = c
		e.run++
	case classMark:
		if e.run == 0 {
			e.total++ // a mark on nothing (or on punctuation) is a symbol
		}
	default:
		e.endRun()
		e.total++
	}
}

func (e *estimator) endRun() {
	e.total += runTokens(e.kind, e.run)
	e.run = 0
}

// tokens is the estimate so far. It never decreases as characters are added,
// which is what lets a cut be made at the first character that overflows.
func (e *estimator) tokens() int {
	return e.total + runTokens(e.kind, e.run)
}

func runTokens(kind charClass, n int) int {
	if n == 0 {
		return 0
	}
	if kind == classDigit {
		return (n + 2) / 3
	}
	return (n + 3) / 4
}
