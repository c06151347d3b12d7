package split

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file finds sentence boundaries for packing. It is deliberately small
// and streaming (no slice of spans for a 50 MB section); when package
// textproc's segmenter settles it may replace it, as long as the result still
// tiles every non-space byte of the text.
//
// A sentence ends:
//   - at a line break ("\n", U+2028, U+2029): a line (a list item, a table
//     row, a heading) is a unit of its own, and so a paragraph break (a
//     blank line) always ends a sentence;
//   - after . ? ! (and the CJK 。！？ and …), with any repeated terminators
//     and closing quotes or brackets, when whitespace or the end of the
//     text follows; CJK terminators need no space. Korean endings (다. 요.
//     까? 죠. 니다.) are covered by this rule; they also end a sentence when
//     the next one follows without a space ("했다.그러나"), which careless
//     Korean text does;
//   - but not after "." that closes an English abbreviation (Mr. Dr. e.g.
//     U.S. J. Smith), a number of up to four digits (list items "1. ",
//     Korean dates "2024. 3. 15."), or that is followed by a lowercase
//     Latin letter ("approx. five").
//
// Sentences never include leading or trailing whitespace.

// nextSentence returns the first sentence [start, stop) in text[from:end]
// and where to look for the one after it. When only whitespace is left it
// returns start == stop == next == end.
func nextSentence(text string, from, end int) (start, stop, next int) {
	i := from
	for i < end {
		r, size := decodeRune(text, i, end)
		if !isSpace(r) {
			break
		}
		i += size
	}
	if i >= end {
		return end, end, end
	}
	start = i
	for i < end {
		c := text[i]
		if c < utf8.RuneSelf {
			switch c {
			case '\n':
				return start, trimRight(text, start, i), i + 1
			case '.', '?', '!':
				if j, ok := terminates(text, start, i, i+1, end); ok {
					return start, j, j
				}
			}
			i++
			continue
		}
		r, size := decodeRune(text, i, end)
		switch r {
		case '\u2028', '\u2029':
			return start, trimRight(text, start, i), i + size
		case '。', '？', '！', '…', '‼', '⁇', '⁉':
			if j, ok := terminates(text, start, i, i+size, end); ok {
				return start, j, j
			}
		}
		i += size
	}
	return start, trimRight(text, start, end), end
}

// terminates decides whether the terminator at text[at:after] ends the
// sentence begun at start, and if so where the sentence stops (after
// repeated terminators and closing quotes).
func terminates(text string, start, at, after, end int) (int, bool) {
	j := after
	for j < end {
		r, size := decodeRune(text, j, end)
		if !isCloser(r) {
			break
		}
		j += size
	}
	if j == end {
		return j, true
	}
	r, _ := decodeRune(text, j, end)
	if !isSpace(r) {
		// Glued to the next sentence. CJK terminators (。！？) are written
		// without a space; of the ASCII ones only trust a Korean ending
		// before a Hangul syllable, never "3.5", "a.b", "e.g.,".
		return j, text[at] >= utf8.RuneSelf || (isSyllable(r) && koreanEnding(text, start, at))
	}
	if text[at] != '.' || j != at+1 {
		return j, true // "?", "!", "...", or a closed quotation
	}
	prev, _ := utf8.DecodeLastRuneInString(text[start:at])
	switch {
	case prev < utf8.RuneSelf && isASCIILetter(byte(prev)):
		if abbreviation(text, start, at) || lowercaseFollows(text, j, end) {
			return j, false
		}
	case prev >= '0' && prev <= '9':
		if shortNumber(text, start, at) {
			return j, false
		}
	}
	return j, true
}

// isCloser reports characters that belong to the sentence they follow:
// further terminators ("?!", "...") and closing quotes and brackets.
func isCloser(r rune) bool {
	switch r {
	case '.', '?', '!', '"', '\'', ')', ']', '}',
		'。', '？', '！', '…', '‼', '⁇', '⁉',
		'”', '’', '」', '』', '》', '〉', '）', '］', '｝', '»', '›':
		return true
	}
	return false
}

// koreanEnding reports whether the sentence text[start:at] ends in a Korean
// sentence-final syllable (다, 요, 까, 죠, 네; 니다 ends in 다).
func koreanEnding(text string, start, at int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[start:at])
	switch r {
	case '다', '요', '까', '죠', '네':
		return true
	}
	return false
}

// abbreviations are the English abbreviations whose "." does not end a
// sentence; single letters (initials, "U.S.", "e.g.") are handled apart.
var abbreviations = [...]string{
	"mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "etc",
	"inc", "ltd", "co", "corp", "dept", "fig", "figs", "vol", "approx", "al",
	"no", "nos", "cf", "ca",
}

// abbreviation reports whether the Latin word just before the "." at text[at]
// is an abbreviation. The look-back is bounded, so the check is O(1).
func abbreviation(text string, start, at int) bool {
	w := at
	for w > start && at-w <= 6 && isASCIILetter(text[w-1]) {
		w--
	}
	if w > start && isASCIILetter(text[w-1]) {
		return false // longer than any abbreviation
	}
	word := text[w:at]
	if len(word) == 1 {
		// An initial ("J. Smith", "U.S.") or the last letter of "e.g.".
		return (word[0] >= 'A' && word[0] <= 'Z') || (w > start && text[w-1] == '.')
	}
	for _, a := range abbreviations {
		if strings.EqualFold(word, a) {
			return true
		}
	}
	return false
}

// shortNumber reports whether the "." at text[at] follows a number of at most
// four digits that starts a word: a list item or part of a Korean date.
func shortNumber(text string, start, at int) bool {
	w := at
	for w > start && at-w <= 4 && text[w-1] >= '0' && text[w-1] <= '9' {
		w--
	}
	if at-w > 4 {
		return false
	}
	if w == start {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[start:w])
	return isSpace(r) || r == '.' || r == '('
}

// lowercaseFollows reports whether the first non-space character at or after
// text[j] is a lowercase Latin letter, a sign that "." was not an end. Only a
// short stretch of spaces is looked at, keeping the scan linear.
func lowercaseFollows(text string, j, end int) bool {
	for k := 0; j < end && k < 8; k++ {
		c := text[j]
		if c == ' ' || c == '\t' {
			j++
			continue
		}
		return c >= 'a' && c <= 'z'
	}
	return false
}

// trimRight moves stop back over whitespace, not before start.
func trimRight(text string, start, stop int) int {
	for stop > start {
		r, size := utf8.DecodeLastRuneInString(text[start:stop])
		if !isSpace(r) {
			break
		}
		stop -= size
	}
	return stop
}

// decodeRune is utf8.DecodeRuneInString(text[i:end]) with fast paths for
// ASCII and Hangul syllables, which are nearly all of seogo's text.
func decodeRune(text string, i, end int) (rune, int) {
	c := text[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c >= 0xEA && c <= 0xED && i+3 <= end { // the lead bytes of 가-힣
		c1, c2 := text[i+1], text[i+2]
		r := rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
		if c1&0xC0 == 0x80 && c2&0xC0 == 0x80 && r >= 0xAC00 && r <= 0xD7A3 {
			return r, 3
		}
	}
	return utf8.DecodeRuneInString(text[i:end])
}

// isSpace is unicode.IsSpace; no space is above U+3000, which spares the
// table look-up for Hangul.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r] == classSpace
	}
	return r <= '\u3000' && unicode.IsSpace(r)
}

func isSyllable(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

func isASCIILetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }
