package pdf

import (
	"sort"
	"strings"
	"unicode"
)

// pageKind is what classify decides about a page's text.
type pageKind int

const (
	pageText    pageKind = iota
	pageEmpty            // no text layer at all: a scan or a picture
	pageGarbage          // text that is not text: needs OCR
)

// classify tells readable pages from empty and unreadable ones. A page is
// unreadable when pdfium reports that most sampled characters have no
// Unicode mapping (a CID font without ToUnicode yields glyph ids such as
// "7KH TXLFN" for "The quick"), or when most of its characters are U+FFFD,
// private-use or control characters, or fall outside the scripts a Korean
// or English document is written in (glyph ids landing on random symbols).
func classify(pg rawPage) pageKind {
	total, bad, foreign := 0, 0, 0
	for _, l := range pg.lines {
		for _, r := range l.text {
			if unicode.IsSpace(r) {
				continue
			}
			total++
			switch {
			case isBadRune(r):
				bad++
			case !isExpectedRune(r):
				foreign++
			}
		}
	}
	switch {
	case total == 0:
		return pageEmpty
	case pg.sampled >= 4 && pg.mapErrors*2 > pg.sampled:
		return pageGarbage
	case bad*10 > total*3: // over 30 % replacement or control characters
		return pageGarbage
	case (bad+foreign)*2 > total:
		return pageGarbage
	}
	return pageText
}

// isBadRune reports the characters that carry no text: U+FFFD (a failed
// mapping), private-use code points (a font's own glyph slots), controls
// and noncharacters.
func isBadRune(r rune) bool {
	switch {
	case r == '\uFFFD', r == '\uFFFE', r == '\uFFFF':
		return true
	case r >= 0xE000 && r <= 0xF8FF, r >= 0xF0000: // private use (BMP, planes 15–16)
		return true
	case r < 0x20 && r != '\t' && r != '\n', r >= 0x7F && r <= 0x9F:
		return true
	}
	return false
}

// isExpectedRune reports characters of the scripts seogo's documents use:
// Hangul, Latin, Hanja and kana, Greek and Cyrillic, digits, punctuation and
// the common symbol blocks (arrows, circled numbers, boxes, CJK symbols).
func isExpectedRune(r rune) bool {
	switch {
	case r < 0x7F:
		return true
	case unicode.In(r, unicode.Hangul, unicode.Latin, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Greek, unicode.Cyrillic):
		return true
	case unicode.IsDigit(r), unicode.IsPunct(r):
		return true
	case r >= 0x2000 && r <= 0x33FF, r >= 0xFF00 && r <= 0xFFEF, r >= 0x00A0 && r <= 0x00FF:
		return true
	}
	return false
}

// cleanLines tidies pdfium's lines: pdfium marks a hyphen that ends a line
// with U+0002, and may leave tabs and NBSPs that only add noise.
func cleanLines(lines []line) []line {
	out := lines[:0:0]
	for _, l := range lines {
		t := strings.ReplaceAll(l.text, "\u0002", "-")
		t = strings.TrimSpace(strings.Map(func(r rune) rune {
			if r == '\t' || r == '\r' || r == '\u00a0' {
				return ' '
			}
			return r
		}, t))
		if t == "" {
			continue
		}
		l.text = t
		out = append(out, l)
	}
	return out
}

// stripBad removes isBadRune characters (keeping line breaks) and counts
// them: a readable page may still have a few, and U+FFFD or private-use
// code points only spoil search and embeddings.
func stripBad(s string) (string, int) {
	n := 0
	out := strings.Map(func(r rune) rune {
		if r != '\n' && isBadRune(r) {
			n++
			return -1
		}
		return r
	}, s)
	return out, n
}

// Running headers and footers: a line among the runningDepth highest or
// lowest lines of a page (by position when known, else by order) whose
// shape (digits replaced, spaces folded) recurs at such an edge on at least
// runningShare of the pages with text, and on at least runningMin pages.
// Top and bottom count together: Hancom prints the page number at the
// bottom of odd pages and the top of even ones.
const (
	runningDepth = 2
	runningShare = 0.6
	runningMin   = 3
)

// dropRunning removes running headers and footers from pages in place and
// returns how many lines it removed.
func dropRunning(pages [][]line) int {
	withText := 0
	count := map[string]int{}
	edges := make([][]int, len(pages))
	for p, lines := range pages {
		if len(lines) == 0 {
			continue
		}
		withText++
		edges[p] = edgeLines(lines)
		seen := map[string]bool{}
		for _, i := range edges[p] {
			if k := shape(lines[i].text); !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	need := max(runningMin, int(runningShare*float64(withText)+0.999))
	if withText < runningMin {
		return 0
	}
	removed := 0
	for p, lines := range pages {
		drop := map[int]bool{}
		for _, i := range edges[p] {
			if count[shape(lines[i].text)] >= need {
				drop[i] = true
			}
		}
		if len(drop) == 0 {
			continue
		}
		kept := lines[:0]
		for i, l := range lines {
			if !drop[i] {
				kept = append(kept, l)
			}
		}
		removed += len(drop)
		pages[p] = kept
	}
	return removed
}

// edgeLines returns the indexes of the runningDepth highest and lowest
// lines of a page.
func edgeLines(lines []line) []int {
	idx := make([]int, len(lines))
	for i := range idx {
		idx[i] = i
	}
	boxed := true
	for _, l := range lines {
		boxed = boxed && l.hasBox
	}
	if boxed {
		sort.SliceStable(idx, func(a, b int) bool { return lines[idx[a]].y0 < lines[idx[b]].y0 })
	}
	// Short pages look at fewer lines: on a page of four, the second line
	// is body text, not part of a header.
	depth := min(runningDepth, len(idx)/3)
	if depth == 0 {
		return idx[:0]
	}
	return append(idx[:depth:depth], idx[len(idx)-depth:]...)
}

// shape is a line's text with every digit run turned into "#" and spaces
// folded, so "- 3 -" and "- 12 -" are the same footer; a page number
// standing apart at either end is dropped.
func shape(s string) string {
	var b strings.Builder
	digit, space := false, false
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			if !digit {
				b.WriteByte('#')
			}
			digit, space = true, false
		case unicode.IsSpace(r):
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			digit, space = false, true
		default:
			b.WriteRune(r)
			digit, space = false, false
		}
	}
	// A page number printed before the header on even pages and after it
	// on odd ones ("2 제414회…", "제414회… 3") is still the same header.
	out := strings.TrimSpace(b.String())
	for strings.HasPrefix(out, "# ") {
		out = out[2:]
	}
	for strings.HasSuffix(out, " #") {
		out = out[:len(out)-2]
	}
	return out
}
