package textproc

import (
	"unicode"
	"unicode/utf8"
)

// Span is a byte range [Start, End) in a text.
type Span struct{ Start, End int }

// Sentences splits text into sentences and returns their byte spans, in
// order, non-overlapping, on rune boundaries and without leading or trailing
// white space. Every non-space character of text lies in exactly one span.
//
// A sentence ends:
//   - after terminal punctuation (. ? ! … 。 ？ ！ ．) and any closing quotes
//     or brackets, when white space or the end of the text follows; also when
//     a Hangul syllable or an opening bracket directly follows a Hangul
//     ending ("했다.그리고", "한다.〈창세기〉"): Korean writers often omit
//     the space;
//   - at a blank line (a paragraph break);
//   - at a single line break when the line ends with terminal punctuation,
//     is a heading or table row, or the next line starts a list item, a
//     heading, a table row, a quote or a code fence.
//
// It does not end after English abbreviations (Mr. Dr. e.g. U.S. ...),
// initials (J. R. R. Tolkien), numbered list markers at the start of a
// sentence ("1.", "가."), inside dates written "2020. 3. 1." (also not after
// their last dot, as the date usually continues the sentence), before a
// lower-case English word after English text, before a Korean quotative
// particle after a closing quote ("좋다." 라고), or after an ellipsis inside
// a sentence ("그런데... 잘"). These are best-effort heuristics: "plan B.
// Then" stays one sentence.
// Decimal numbers ("3.14", "1.5배") and URLs never split because no space
// follows their dots.
func Sentences(text string) []Span {
	var spans []Span
	start := -1 // start of the open sentence, -1 when none
	lineStart := 0
	for i := 0; i < len(text); {
		c := text[i]
		if c == '\n' {
			if start >= 0 && breaksAtNewline(text, lineStart, i) {
				spans = appendSpan(spans, text, start, i)
				start = -1
			}
			i++
			lineStart = i
			continue
		}
		r, n := rune(c), 1
		if c >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(text[i:])
		}
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		if start < 0 {
			start = i
		}
		if !isTerminal(r) {
			i += n
			continue
		}
		runEnd := skipWhile(text, i, isTerminal)
		end := skipWhile(text, runEnd, isCloser)
		if endsSentence(text, start, i, runEnd, end) {
			spans = appendSpan(spans, text, start, end)
			start = -1
		}
		i = end
	}
	if start >= 0 {
		spans = appendSpan(spans, text, start, len(text))
	}
	return spans
}

// appendSpan adds [start, end) without its trailing white space; start is
// already on a non-space rune.
func appendSpan(spans []Span, text string, start, end int) []Span {
	for end > start {
		r, n := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= n
	}
	if end > start {
		spans = append(spans, Span{start, end})
	}
	return spans
}

// endsSentence decides whether the terminal punctuation text[term:runEnd],
// followed by closing quotes/brackets up to end, ends the sentence that began
// at start.
func endsSentence(text string, start, term, runEnd, end int) bool {
	if end >= len(text) {
		return true
	}
	kind := terminalKind(text[term:runEnd])
	prev, _ := utf8.DecodeLastRuneInString(text[:term])
	if term == 0 {
		prev = 0
	}
	closed := end > runEnd
	next, _ := utf8.DecodeRuneInString(text[end:])
	if !unicode.IsSpace(next) {
		switch {
		case kind == kindCJK:
			return true // Chinese and Japanese put no space after 。
		case closed || kind == kindEllipsis:
			return false
		default:
			// "했다.그리고", "한다.〈창세기〉": Korean often omits the space.
			return isHangulSyllable(prev) && (isHangulSyllable(next) || isCJKOpener(next))
		}
	}
	j := end
	for j < len(text) {
		r, n := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsSpace(r) {
			break
		}
		j += n
	}
	if j >= len(text) {
		return true
	}
	next, _ = utf8.DecodeRuneInString(text[j:])
	if closed && startsQuotative(text[j:]) {
		return false
	}
	if isLowerLatin(next) && !isHangulSyllable(prev) {
		return false // "e.g. this", `"Go!" he said`
	}
	switch kind {
	case kindEllipsis:
		return isUpperLatin(next) || isKoreanFinalEnding(prev)
	case kindPeriod:
		return periodEndsSentence(text, start, term, next)
	}
	return true
}

const (
	kindPeriod   = iota // one '.'
	kindEllipsis        // "..", "...", '…'
	kindQuestion        // any run with ? or !
	kindCJK             // 。 or ｡
)

func terminalKind(run string) int {
	kind := kindEllipsis
	if run == "." || run == "．" {
		kind = kindPeriod
	}
	for _, r := range run {
		switch r {
		case '?', '!', '？', '！', '‼', '⁇', '⁈', '⁉':
			return kindQuestion
		case '。', '｡':
			kind = kindCJK
		}
	}
	return kind
}

// periodEndsSentence applies the English and numeric exceptions to a single
// '.' at text[dot] that is followed by white space and then by next.
func periodEndsSentence(text string, start, dot int, next rune) bool {
	tokStart, ok := tokenBefore(text, dot)
	if !ok {
		return true // a long word: no abbreviation is that long
	}
	tok := text[tokStart:dot]
	if tok == "" {
		return true
	}
	first := tokStart == start
	last, _ := utf8.DecodeLastRuneInString(tok)
	if isHangulSyllable(last) {
		// Korean list markers "가." "나." open a sentence; anything else
		// ending in Hangul before a period is a sentence ending.
		return !(first && utf8.RuneCountInString(tok) == 1)
	}
	if digits, dots := numeric(tok); digits {
		switch {
		case first && dots == 0 && len(tok) <= 3: // "1." list marker
			return false
		case dots >= 2: // "2020.3.1."
			return false
		case isDigit(next): // "2020. 3." inside a date
			return false
		case dots == 0 && afterDatePart(text, tokStart): // the "1." of "2020. 3. 1."
			return false
		}
		return true
	}
	if utf8.RuneCountInString(tok) == 1 {
		return false // an initial: "J. R. R. Tolkien"
	}
	class, known := abbreviations[lowerASCII(tok)]
	switch {
	case known && class == abbrNumber:
		return !isDigit(next) // "No. 5", "Fig. 3", "Jan. 2020"
	case known:
		return class == abbrMayEnd
	case containsByte(tok, '.'):
		return false // dotted acronyms: "U.S.", "i.e."
	}
	return true
}

// tokenBefore returns where the word ending at text[end] starts: letters,
// digits, dots and hyphens back to the first other rune. ok is false when the
// word is longer than any abbreviation (the scan stops there, which also
// keeps segmentation linear on text without spaces).
func tokenBefore(text string, end int) (int, bool) {
	const maxTok = 24
	i := end
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:i])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-') {
			break
		}
		if end-(i-n) > maxTok {
			return i, false
		}
		i -= n
	}
	return i, true
}

// numeric reports whether tok is digits with optional dots between them.
func numeric(tok string) (ok bool, dots int) {
	for i := 0; i < len(tok); i++ {
		switch c := tok[i]; {
		case c == '.':
			if i == 0 || tok[i-1] == '.' {
				return false, 0
			}
			dots++
		case !isDigit(rune(c)):
			return false, 0
		}
	}
	return true, dots
}

// afterDatePart reports whether the number starting at text[i] follows
// another number and a dot, as the day in "2020. 3. 1." does.
func afterDatePart(text string, i int) bool {
	j := i
	for j > 0 && text[j-1] == ' ' {
		j--
	}
	if j == i || j == 0 || text[j-1] != '.' {
		return false
	}
	j--
	k := j
	for k > 0 && isDigit(rune(text[k-1])) {
		k--
	}
	return k < j && j-k <= 4
}

// startsQuotative reports whether s begins with a Korean particle or verb
// that continues a sentence after a quotation: "좋다." 라고 했다.
func startsQuotative(s string) bool {
	for _, p := range quotatives {
		if len(s) >= len(p) && s[:len(p)] == p {
			return true
		}
	}
	return false
}

var quotatives = []string{
	"라고", "라며", "라면서", "라는", "란", "이라고", "이라며", "이라는", "이란",
	"하고", "하며", "하면서", "하는", "하니", "하자", "하였", "했", "한다", "고 ", "등",
}

// isKoreanFinalEnding reports whether r is a syllable that typically ends a
// Korean sentence, so that an ellipsis after it ends the sentence too.
func isKoreanFinalEnding(r rune) bool {
	switch r {
	case '다', '요', '까', '죠', '네', '군', '오':
		return true
	}
	return false
}

func isTerminal(r rune) bool {
	switch r {
	case '.', '?', '!', '…', '。', '｡', '？', '！', '．', '‼', '⁇', '⁈', '⁉':
		return true
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', ')', ']', '}', '”', '’', '」', '』', '》', '〉', '）', '］', '｝', '»', '›', '】', '〕':
		return true
	}
	return false
}

func isCJKOpener(r rune) bool {
	switch r {
	case '〈', '《', '「', '『', '【', '〔', '“':
		return true
	}
	return false
}

func skipWhile(text string, i int, f func(rune) bool) int {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !f(r) {
			break
		}
		i += n
	}
	return i
}

func isHangulSyllable(r rune) bool { return r >= 0xac00 && r <= 0xd7a3 }
func isDigit(r rune) bool          { return r >= '0' && r <= '9' }
func isLowerLatin(r rune) bool     { return r >= 'a' && r <= 'z' }
func isUpperLatin(r rune) bool     { return r >= 'A' && r <= 'Z' }

func containsByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if isUpperLatin(rune(s[i])) {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if isUpperLatin(rune(b[j])) {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
