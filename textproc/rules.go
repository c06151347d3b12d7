package textproc

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Abbreviation classes: how a known abbreviation before a '.' behaves.
const (
	abbrNever  = iota // never ends a sentence: titles before a name, "e.g."
	abbrNumber        // precedes a number ("No. 5", "Jan. 2020"): ends one otherwise
	abbrMayEnd        // often ends a sentence ("etc.", "Inc."): ends one unless lower case follows
)

// abbreviations maps lower-cased abbreviations (without the final dot) to
// their class. Single letters are handled as initials, not listed.
var abbreviations = map[string]int{
	"mr": abbrNever, "mrs": abbrNever, "ms": abbrNever, "dr": abbrNever, "prof": abbrNever,
	"st": abbrNever, "mt": abbrNever, "rev": abbrNever, "hon": abbrNever, "gen": abbrNever,
	"col": abbrNever, "capt": abbrNever, "sgt": abbrNever, "lt": abbrNever, "gov": abbrNever,
	"pres": abbrNever, "sen": abbrNever, "rep": abbrNever, "messrs": abbrNever, "mme": abbrNever,
	"fr": abbrNever, "e.g": abbrNever, "i.e": abbrNever, "vs": abbrNever, "cf": abbrNever,
	"viz": abbrNever, "approx": abbrNever, "ca": abbrNever, "al": abbrNever, "esp": abbrNever,
	"dept": abbrNever, "univ": abbrNever, "assn": abbrNever, "bros": abbrNever,

	"no": abbrNumber, "nos": abbrNumber, "vol": abbrNumber, "vols": abbrNumber, "fig": abbrNumber,
	"figs": abbrNumber, "pp": abbrNumber, "ch": abbrNumber, "chap": abbrNumber, "sec": abbrNumber,
	"art": abbrNumber, "eq": abbrNumber, "ref": abbrNumber, "op": abbrNumber, "tel": abbrNumber,
	"jan": abbrNumber, "feb": abbrNumber, "mar": abbrNumber, "apr": abbrNumber, "jun": abbrNumber,
	"jul": abbrNumber, "aug": abbrNumber, "sep": abbrNumber, "sept": abbrNumber, "oct": abbrNumber,
	"nov": abbrNumber, "dec": abbrNumber,

	"etc": abbrMayEnd, "inc": abbrMayEnd, "ltd": abbrMayEnd, "co": abbrMayEnd, "corp": abbrMayEnd,
	"jr": abbrMayEnd, "sr": abbrMayEnd, "llc": abbrMayEnd, "a.m": abbrMayEnd, "p.m": abbrMayEnd,
	"ph.d": abbrMayEnd,
}

// breaksAtNewline decides whether the single line break at text[nl], which
// ends the line starting at lineStart, ends the open sentence.
func breaksAtNewline(text string, lineStart, nl int) bool {
	j := nl + 1
	for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
		j++
	}
	if j >= len(text) || text[j] == '\n' {
		return true // paragraph break
	}
	line := strings.TrimLeft(text[lineStart:nl], " \t")
	if isHeadingLine(line) || strings.HasPrefix(line, "|") {
		return true
	}
	if startsBlock(text[j:]) {
		return true
	}
	return lineEndsWithTerminal(text, lineStart, nl)
}

// lineEndsWithTerminal reports whether the line text[lineStart:nl] ends with
// terminal punctuation (before any closers) that is not a title abbreviation
// or an initial: a wrapped "Dr.\nKim" continues.
func lineEndsWithTerminal(text string, lineStart, nl int) bool {
	end := nl
	for end > lineStart {
		r, n := utf8.DecodeLastRuneInString(text[lineStart:end])
		if !unicode.IsSpace(r) && !isCloser(r) {
			break
		}
		end -= n
	}
	r, _ := utf8.DecodeLastRuneInString(text[lineStart:end])
	if end == lineStart || !isTerminal(r) {
		return false
	}
	if r != '.' || (end-1 > lineStart && text[end-2] == '.') {
		return true
	}
	tokStart, ok := tokenBefore(text[:end-1], end-1)
	if !ok || tokStart < lineStart {
		return true
	}
	tok := text[tokStart : end-1]
	if utf8.RuneCountInString(tok) == 1 && !isDigit(rune(tok[0])) && !isHangulSyllable([]rune(tok)[0]) {
		return false
	}
	class, known := abbreviations[lowerASCII(tok)]
	return !(known && class == abbrNever)
}

// isHeadingLine reports whether line is a Markdown ATX heading.
func isHeadingLine(line string) bool {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && (n == len(line) || line[n] == ' ' || line[n] == '\t')
}

// startsBlock reports whether a line beginning at s (after its indentation)
// starts a list item, heading, table row, quote or code fence, so the line
// before it ends a sentence even without punctuation: Korean bullet points
// ("- 배송 조회 가능") usually have none.
func startsBlock(s string) bool {
	if s == "" {
		return false
	}
	if isHeadingLine(s) || strings.HasPrefix(s, "```") || strings.HasPrefix(s, "~~~") {
		return true
	}
	switch s[0] {
	case '>', '|':
		return true
	case '-', '*', '+':
		return len(s) > 1 && (s[1] == ' ' || s[1] == '\t')
	}
	r, n := utf8.DecodeRuneInString(s)
	if isBulletRune(r) {
		return true
	}
	rest := s[n:]
	switch {
	case isDigit(r):
		d := 1
		for d < len(s) && d <= 3 && isDigit(rune(s[d])) {
			d++
		}
		return d <= 3 && markerEnd(s[d:])
	case r == '(':
		inner, m := utf8.DecodeRuneInString(rest)
		if isDigit(inner) && len(rest) > m && isDigit(rune(rest[m])) {
			m++
		}
		return (isDigit(inner) || unicode.IsLetter(inner)) && strings.HasPrefix(rest[m:], ")")
	case r == '제':
		return isArticleHeading(rest)
	case strings.ContainsRune("가나다라마바사아자차카타파하", r), isLatinLetter(r):
		return markerEnd(rest)
	}
	return romanMarker(s)
}

// markerEnd reports whether s starts with the '.' or ')' and the space that
// close a list marker such as "1. ", "가) ", "a. ".
func markerEnd(s string) bool {
	return len(s) >= 2 && (s[0] == '.' || s[0] == ')') && (s[1] == ' ' || s[1] == '\t')
}

// romanMarker matches "IV. " style section numbers.
func romanMarker(s string) bool {
	n := 0
	for n < len(s) && n < 5 && strings.IndexByte("IVX", s[n]) >= 0 {
		n++
	}
	return n > 0 && markerEnd(s[n:])
}

// isArticleHeading matches the rest of "제3조", "제 2 장" (Korean statutes and
// regulations), after the "제".
func isArticleHeading(s string) bool {
	s = strings.TrimLeft(s, " ")
	d := 0
	for d < len(s) && isDigit(rune(s[d])) {
		d++
	}
	if d == 0 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(s[d:], " "))
	return strings.ContainsRune("조장절항편관", r)
}

func isBulletRune(r rune) bool {
	switch {
	case strings.ContainsRune("•·‣◦○●■□◆◇▶▷►▸※★☆✓✔→∙▪▫", r):
		return true
	case r >= 0x2460 && r <= 0x24ff: // ① ⑴ ⒜ ⓐ
		return true
	case r >= 0x2776 && r <= 0x2793: // ❶
		return true
	case r >= 0x3200 && r <= 0x327f: // ㈀ ㉠ ㉮
		return true
	}
	return false
}

func isLatinLetter(r rune) bool { return isLowerLatin(r) || isUpperLatin(r) }
