package rag

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// citePattern matches a citation marker as models write them: [3], [1, 2],
// [1，2] (full-width comma), [1、2].
var citePattern = regexp.MustCompile(`\[\s*\d{1,4}(?:\s*[,，、]\s*\d{1,4})*\s*\]`)

// checkCitations keeps the numbers valid reports true for and removes the
// others: a marker with no valid number disappears (with the space before
// it). It returns the cleaned text, the valid numbers in order of first
// appearance and the removed ones, each once.
func checkCitations(text string, valid func(int) bool) (clean string, cited, removed []int) {
	clean, cited, removed = checkOnce(text, valid)
	// Removing "[0]" from "[[0]0]" leaves "[0]": repeat until nothing changes.
	for again := removed; len(again) > 0; {
		var c []int
		clean, c, again = checkOnce(clean, valid)
		cited = appendNew(cited, c...)
		removed = appendNew(removed, again...)
	}
	return clean, cited, removed
}

func appendNew(list []int, ns ...int) []int {
	for _, n := range ns {
		if !slices.Contains(list, n) {
			list = append(list, n)
		}
	}
	return list
}

func checkOnce(text string, valid func(int) bool) (clean string, cited, removed []int) {
	seenC, seenR := map[int]bool{}, map[int]bool{}
	var b strings.Builder
	last := 0
	for _, m := range citePattern.FindAllStringIndex(text, -1) {
		b.WriteString(text[last:m[0]])
		last = m[1]
		kept := keepValid(text[m[0]:m[1]], valid, func(n int, ok bool) {
			switch {
			case ok && !seenC[n]:
				seenC[n] = true
				cited = append(cited, n)
			case !ok && !seenR[n]:
				seenR[n] = true
				removed = append(removed, n)
			}
		})
		if kept == "" {
			trimmed := strings.TrimRight(b.String(), " ")
			b.Reset()
			b.WriteString(trimmed)
			continue
		}
		b.WriteString(kept)
	}
	b.WriteString(text[last:])
	return b.String(), cited, removed
}

// keepValid rewrites one marker with its valid numbers ("[1, 2]"), or "".
func keepValid(marker string, valid func(int) bool, seen func(n int, ok bool)) string {
	inner := strings.Trim(marker, "[] ")
	parts := strings.FieldsFunc(inner, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' })
	var keep []string
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			continue
		}
		ok := valid(n)
		seen(n, ok)
		if ok {
			keep = append(keep, strconv.Itoa(n))
		}
	}
	if len(keep) == 0 {
		return ""
	}
	return "[" + strings.Join(keep, ", ") + "]"
}

// citeFilter applies checkCitations to a stream: text outside brackets goes
// out at once; a bracket is held until it closes (or is clearly not a
// citation), so a fabricated [9] never reaches the reader's screen. Spaces
// are held until the next character shows whether they precede a marker
// that will be removed, so the stream reads exactly like the final text.
type citeFilter struct {
	valid   func(int) bool
	out     func(string) error
	pending strings.Builder // an open bracket and what followed it
	space   strings.Builder // spaces not sent yet
}

// maxMarker bounds how long a bracket is held: "[12, 13, 14, 15]" fits.
const maxMarker = 40

func (f *citeFilter) write(delta string) error {
	var emit strings.Builder
	for _, r := range delta {
		if f.pending.Len() == 0 {
			switch r {
			case ' ':
				f.space.WriteRune(r)
			case '[':
				f.pending.WriteRune(r)
			default:
				emit.WriteString(f.space.String())
				f.space.Reset()
				emit.WriteRune(r)
			}
			continue
		}
		f.pending.WriteRune(r)
		switch {
		case r == ']':
			if clean, _, _ := checkCitations(f.pending.String(), f.valid); clean != "" {
				emit.WriteString(f.space.String())
				emit.WriteString(clean)
			}
			f.space.Reset()
			f.pending.Reset()
		case !strings.ContainsRune("0123456789 ,，、", r) || f.pending.Len() > maxMarker:
			// Not a citation after all: let it through, but a '[' that
			// broke it may open the next one.
			held := f.pending.String()
			f.pending.Reset()
			emit.WriteString(f.space.String())
			f.space.Reset()
			if r == '[' {
				emit.WriteString(held[:len(held)-1])
				f.pending.WriteRune(r)
				continue
			}
			emit.WriteString(held)
		}
	}
	if emit.Len() == 0 {
		return nil
	}
	return f.out(emit.String())
}

// flush sends what is held at the end of the stream.
func (f *citeFilter) flush() error {
	s := f.space.String() + f.pending.String()
	f.space.Reset()
	f.pending.Reset()
	if s == "" {
		return nil
	}
	return f.out(s)
}
