package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fold returns text in the form every analyzer tokenises: NFKC (so NFD Hangul
// from macOS file names or PDFs composes to syllables, and full-width
// "ＡＢＣ１２３" and other compatibility forms like "①", "㎞" or "ﬁ" become
// their plain spellings) and lowercase. Indexing and querying must agree byte
// for byte, so both go through here.
//
// Most text is already folded. One scan checks that rune by rune (ASCII and
// Hangul syllables without a table lookup) and then fold returns text itself,
// so tokens can be substrings of the caller's string and Analyze allocates
// only the token slice. Text that is NFKC but has capitals ("RAG", "API") is
// only lowercased: a whole-text NFKC pass costs more than tokenising.
func fold(text string) string {
	switch foldNeeds(text) {
	case foldNone:
		return text
	case foldLower:
		return toLower(text)
	}
	return toLower(norm.NFKC.String(text))
}

type foldNeed uint8

const (
	foldNone foldNeed = iota
	foldLower
	foldNFKC
)

// foldNeeds reports what fold must do to text.
func foldNeeds(text string) foldNeed {
	need := foldNone
	for i := 0; i < len(text); {
		b := text[i]
		if b < utf8.RuneSelf {
			if 'A' <= b && b <= 'Z' {
				need = foldLower
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r >= 0xAC00 && r <= 0xD7A3 { // Hangul syllables
			i += size
			continue
		}
		// A rune is NFKC-stable here when it is NFKC on its own and cannot
		// compose with the rune before it. (A syllable followed by a trailing
		// jamo fails on the jamo.) Invalid UTF-8 goes to NFKC too, which
		// leaves it for the segmenter to drop.
		if r == utf8.RuneError || !norm.NFKC.PropertiesString(text[i:]).BoundaryBefore() ||
			norm.NFKC.QuickSpanString(text[i:i+size]) != size {
			return foldNFKC
		}
		if unicode.ToLower(r) != r {
			need = foldLower
		}
		i += size
	}
	return need
}

// toLower lowercases s, returning s itself when nothing changes. Unlike
// strings.ToLower it skips Hangul syllables without a case-table lookup.
func toLower(s string) string {
	i := 0
	for i < len(s) {
		b := s[i]
		if b < utf8.RuneSelf {
			if 'A' <= b && b <= 'Z' {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !(r >= 0xAC00 && r <= 0xD7A3) && unicode.ToLower(r) != r {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	sb.WriteString(s[:i])
	for i < len(s) {
		b := s[i]
		if b < utf8.RuneSelf {
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			sb.WriteByte(b)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0xAC00 && r <= 0xD7A3 || r == utf8.RuneError {
			sb.WriteString(s[i : i+size]) // keeps invalid bytes as they were
		} else {
			sb.WriteRune(unicode.ToLower(r))
		}
		i += size
	}
	return sb.String()
}
