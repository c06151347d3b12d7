package guard

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/seogo/seogo/textproc"
)

// Groundedness: every sentence of an answer should be supported by a
// source. Support is lexical: the share of the claim's content tokens
// (Hangul character bigrams, which survive particles — 서울은/서울에서 share
// 서울 — and lower-cased Latin words) found in the source; every number in
// the claim must appear in the source exactly; and a claim must not flip the
// negation of the source sentence closest to it. A claim that cites [n] is
// checked against source n only.

// Claim is one sentence of an answer and its support.
type Claim struct {
	Text       string `json:"text"`
	Start, End int    // byte range in the answer
	// Score is the share of the claim's content tokens found in its source.
	Score     float64 `json:"score"`
	Supported bool    `json:"supported"`
	// Source is the index (0-based) of the source checked against, -1 if none.
	Source int `json:"source"`
	// Cited are the 0-based source indices the claim cites with [n].
	Cited []int `json:"cited,omitempty"`
	// Missing are the claim's numbers found in no checked source.
	Missing []string `json:"missing,omitempty"`
	// Reason says why a claim is unsupported: "low_overlap",
	// "missing_number", "negation", "unsupported_name" or "bad_citation".
	Reason string `json:"reason,omitempty"`
	// Trivial claims ("네.", "감사합니다.") carry too little content to
	// check; they count as supported and are left out of Report.Score.
	Trivial bool `json:"trivial,omitempty"`
}

// Report is the groundedness of an answer.
type Report struct {
	Claims []Claim `json:"claims"`
	// Score is the share of non-trivial claims that are supported (1 when
	// there are none).
	Score float64 `json:"score"`
	// Text is the answer, with unsupported sentences removed when the
	// DropUnsupported option is given.
	Text string `json:"text"`
	// Removed are the sentences taken out of Text.
	Removed []string `json:"removed,omitempty"`
}

// GroundOption tunes Grounded.
type GroundOption func(*groundConfig)

type groundConfig struct {
	threshold float64
	drop      bool
}

// DefaultSupportThreshold is the token overlap a claim needs to be
// supported.
const DefaultSupportThreshold = 0.5

// WithSupportThreshold sets the overlap a claim needs (default
// DefaultSupportThreshold).
func WithSupportThreshold(t float64) GroundOption { return func(c *groundConfig) { c.threshold = t } }

// DropUnsupported removes unsupported sentences from Report.Text.
func DropUnsupported() GroundOption { return func(c *groundConfig) { c.drop = true } }

var citationRe = regexp.MustCompile(`\[(\d{1,3}(?:\s*[,，]\s*\d{1,3})*)\]`)

// Grounded checks each sentence of answer against sources.
func Grounded(answer string, sources []string, opts ...GroundOption) Report {
	cfg := groundConfig{threshold: DefaultSupportThreshold}
	for _, o := range opts {
		o(&cfg)
	}
	srcs := make([]*sourceIndex, len(sources))
	index := func(i int) *sourceIndex {
		if srcs[i] == nil {
			srcs[i] = newSourceIndex(sources[i])
		}
		return srcs[i]
	}
	rep := Report{Text: answer, Score: 1}
	spans := mergeCitationOnly(answer, textproc.Sentences(answer))
	counted, supported := 0, 0
	for _, sp := range spans {
		c := Claim{Text: answer[sp.Start:sp.End], Start: sp.Start, End: sp.End, Source: -1}
		c.Cited, c.Reason = citations(c.Text, len(sources))
		body := citationRe.ReplaceAllString(c.Text, " ")
		ct := tokenize(body)
		if len(ct.words) < 2 && len(ct.numbers) == 0 {
			c.Trivial, c.Supported, c.Score = true, true, 1
			rep.Claims = append(rep.Claims, c)
			continue
		}
		counted++
		if c.Reason == "" {
			candidates := c.Cited
			if len(candidates) == 0 {
				candidates = make([]int, len(sources))
				for i := range candidates {
					candidates[i] = i
				}
			}
			best, bestScore := -1, -1.0
			for _, i := range candidates {
				s := index(i).overlap(ct)
				if missing(ct, index(i)) == nil {
					s += 1 // a source holding every number beats one that does not
				}
				if s > bestScore {
					best, bestScore = i, s
				}
			}
			if best >= 0 {
				c.Source = best
				si := index(best)
				c.Score = round2(si.overlap(ct))
				c.Missing = missing(ct, si)
				switch {
				case len(c.Missing) > 0:
					c.Reason = "missing_number"
				case c.Score < cfg.threshold:
					c.Reason = "low_overlap"
				case si.negationDiffers(ct):
					c.Reason = "negation"
				case si.unknownName(ct) != "":
					c.Reason = "unsupported_name"
				}
			} else {
				c.Reason = "low_overlap"
			}
		}
		c.Supported = c.Reason == ""
		if c.Supported {
			supported++
		}
		rep.Claims = append(rep.Claims, c)
	}
	if counted > 0 {
		rep.Score = round2(float64(supported) / float64(counted))
	}
	if cfg.drop {
		var b strings.Builder
		last := 0
		for _, c := range rep.Claims {
			if c.Supported {
				continue
			}
			b.WriteString(answer[last:c.Start])
			last = c.End
			rep.Removed = append(rep.Removed, c.Text)
		}
		b.WriteString(answer[last:])
		if rep.Removed != nil {
			rep.Text = strings.TrimSpace(collapseBlank(b.String()))
		}
	}
	return rep
}

// mergeCitationOnly attaches a sentence made only of citation markers
// ("… 이다. [1]") to the sentence before it.
func mergeCitationOnly(text string, spans []textproc.Span) []textproc.Span {
	out := spans[:0:0]
	for _, sp := range spans {
		s := strings.TrimSpace(citationRe.ReplaceAllString(text[sp.Start:sp.End], ""))
		if s == "" && len(out) > 0 {
			out[len(out)-1].End = sp.End
			continue
		}
		out = append(out, sp)
	}
	return out
}

// citations returns the 0-based sources a claim cites; a citation outside
// 1..n makes the claim unsupported.
func citations(s string, n int) ([]int, string) {
	var out []int
	for _, m := range citationRe.FindAllStringSubmatch(s, -1) {
		for _, p := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == '，' || r == ' ' }) {
			k, _ := strconv.Atoi(p)
			if k < 1 || k > n {
				return out, "bad_citation"
			}
			out = append(out, k-1)
		}
	}
	return out, ""
}

func collapseBlank(s string) string {
	for strings.Contains(s, "  ") {
		s = strings.ReplaceAll(s, "  ", " ")
	}
	for strings.Contains(s, "\n\n\n") {
		s = strings.ReplaceAll(s, "\n\n\n", "\n\n")
	}
	return s
}

// tokens are a text's content tokens and numbers.
type tokens struct {
	words   []string
	numbers []string
	negated bool
	// finalNeg is the polarity of the predicate: a negation in the last two
	// words, where Korean puts it (하지 않았다, 할 수 없다). A negation
	// inside a clause ("발달하지 않았던 과거") does not flip the claim.
	finalNeg bool
	// names are the claim's name-like words (see nameLike).
	names []string
}

var stopwords = map[string]bool{"the": true, "a": true, "an": true, "of": true, "in": true, "on": true, "is": true, "are": true,
	"was": true, "were": true, "to": true, "and": true, "or": true, "for": true, "with": true, "by": true, "at": true, "as": true,
	"it": true, "its": true, "that": true, "this": true, "be": true, "from": true, "has": true, "have": true, "had": true}

// tokenize splits text into Hangul bigrams (a lone syllable is kept as a
// unigram), lower-cased Latin words and numbers (commas dropped: 1,000 =
// 1000). It also notes negation (않/없/못/아니/안, not/no/never/n't).
func tokenize(text string) tokens {
	f := fold(text).s
	var t tokens
	fields := strings.Fields(f)
	if len(fields) > 0 {
		tail := tokenizeNegation(strings.Join(fields[max(0, len(fields)-2):], " "))
		t.finalNeg = tail
	}
	for _, w := range fields {
		if n := nameLike(w); n != "" {
			t.names = append(t.names, n)
		}
	}
	for i := 0; i < len(f); {
		r, n := utf8.DecodeRuneInString(f[i:])
		switch {
		case isHangul(r):
			j := i
			var prev rune
			count := 0
			for j < len(f) {
				r2, n2 := utf8.DecodeRuneInString(f[j:])
				if !isHangul(r2) {
					break
				}
				if count > 0 {
					t.words = append(t.words, string(prev)+string(r2))
				}
				prev = r2
				count++
				j += n2
			}
			run := f[i:j]
			if count == 1 {
				if run == "안" || run == "못" {
					t.negated = true
				} else {
					t.words = append(t.words, run)
				}
			}
			if strings.Contains(run, "않") || strings.Contains(run, "없") || strings.Contains(run, "아니") || strings.Contains(run, "아닌") || strings.HasPrefix(run, "못") {
				t.negated = true
			}
			i = j
		case r < utf8.RuneSelf && isDigit(byte(r)):
			j := i
			var num strings.Builder
			for j < len(f) {
				c := f[j]
				if isDigit(c) {
					num.WriteByte(c)
				} else if (c == ',' || c == '.') && j+1 < len(f) && isDigit(f[j+1]) && num.Len() > 0 {
					if c == '.' {
						num.WriteByte('.')
					}
				} else {
					break
				}
				j++
			}
			t.numbers = append(t.numbers, num.String())
			i = j
		case r < utf8.RuneSelf && isAlpha(byte(r)):
			j := i
			for j < len(f) && (isAlpha(f[j]) || f[j] == '\'') {
				j++
			}
			w := strings.ToLower(f[i:j])
			switch {
			case w == "not" || w == "no" || w == "never" || w == "cannot" || strings.HasSuffix(w, "n't"):
				t.negated = true
			case len(w) > 1 && !stopwords[w]:
				t.words = append(t.words, w)
			}
			i = j
		default:
			i += n
		}
	}
	return t
}

// tokenizeNegation reports whether text carries a negation marker.
func tokenizeNegation(text string) bool {
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !isHangul(r) && !(r < utf8.RuneSelf && (isAlpha(byte(r)) || r == '\'')) }) {
		lw := strings.ToLower(w)
		switch {
		case w == "안" || w == "못" || strings.HasPrefix(w, "못"):
			return true
		case strings.Contains(w, "않") || strings.Contains(w, "없") || strings.Contains(w, "아니") || strings.Contains(w, "아닌"):
			return true
		case lw == "not" || lw == "no" || lw == "never" || lw == "cannot" || strings.HasSuffix(lw, "n't"):
			return true
		}
	}
	return false
}

// nameParticles are stripped from a word's end before it is compared as a
// name (홍길동은 → 홍길동).
var nameParticles = []string{"에게서", "에게", "께서", "으로", "에서", "이라는", "라는", "이다", "이며", "이고", "과", "와", "은", "는", "이", "가", "을", "를", "의", "도", "만", "로", "에", "께"}

// nameLike returns the stem of a word that reads as a person's or place's
// name, which a claim must not introduce when its source lacks it: a
// three-syllable Hangul stem beginning with a surname (이순신은), a
// Hangul stem of four or more syllables (foreign names: 나폴레옹이), or a
// capitalised Latin word. Other words are left to the overlap score, so
// paraphrases with new verbs and endings still pass.
func nameLike(w string) string {
	w = strings.TrimFunc(w, func(r rune) bool { return !isHangul(r) && !(r < utf8.RuneSelf && isAlnum(byte(r))) })
	if w == "" {
		return ""
	}
	if c := w[0]; c >= 'A' && c <= 'Z' && len(w) > 2 {
		for i := 1; i < len(w); i++ {
			if !isAlpha(w[i]) {
				return ""
			}
		}
		return strings.ToLower(w)
	}
	for i := 0; i < len(w); {
		r, n := utf8.DecodeRuneInString(w[i:])
		if !isHangul(r) {
			return ""
		}
		i += n
	}
	stem := w
	for _, p := range nameParticles {
		if strings.HasSuffix(stem, p) && utf8.RuneCountInString(stem) > utf8.RuneCountInString(p)+2 {
			stem = strings.TrimSuffix(stem, p)
			break
		}
	}
	n := utf8.RuneCountInString(stem)
	if last, _ := utf8.DecodeLastRuneInString(stem); strings.ContainsRune("다고며서게지면니요한된할될했였던은는적인들", last) {
		return "" // a predicate or a modifier, not a name
	}
	first, _ := utf8.DecodeRuneInString(stem)
	if n == 3 && strings.ContainsRune(koreanSurnames, first) || n >= 4 {
		return stem
	}
	return ""
}

// sourceIndex is a source's token sets, and its sentences for the negation
// check (built on first need).
type sourceIndex struct {
	text      string
	words     map[string]bool
	numbers   map[string]bool
	sentences []tokens
}

func newSourceIndex(text string) *sourceIndex {
	t := tokenize(text)
	si := &sourceIndex{text: text, words: make(map[string]bool, len(t.words)), numbers: make(map[string]bool, len(t.numbers))}
	for _, w := range t.words {
		si.words[w] = true
	}
	for _, n := range t.numbers {
		si.numbers[n] = true
	}
	return si
}

func (si *sourceIndex) overlap(c tokens) float64 {
	if len(c.words) == 0 {
		return 1
	}
	hit := 0
	for _, w := range c.words {
		if si.words[w] {
			hit++
		}
	}
	return float64(hit) / float64(len(c.words))
}

func missing(c tokens, si *sourceIndex) []string {
	var out []string
	for _, n := range c.numbers {
		if !si.numbers[n] {
			out = append(out, n)
		}
	}
	return out
}

// negationDiffers reports whether the source sentence that shares the most
// tokens with the claim has the opposite polarity.
func (si *sourceIndex) negationDiffers(c tokens) bool {
	if si.sentences == nil {
		for _, sp := range textproc.Sentences(si.text) {
			si.sentences = append(si.sentences, tokenize(si.text[sp.Start:sp.End]))
		}
	}
	claim := make(map[string]bool, len(c.words))
	for _, w := range c.words {
		claim[w] = true
	}
	best, bestHit := -1, 0
	for i, s := range si.sentences {
		hit := 0
		for _, w := range s.words {
			if claim[w] {
				hit++
			}
		}
		if hit > bestHit {
			best, bestHit = i, hit
		}
	}
	return best >= 0 && (si.sentences[best].negated != c.negated || si.sentences[best].finalNeg != c.finalNeg)
}

// unknownName returns a name-like word of the claim none of whose Hangul
// bigrams (or, for Latin, the word itself) occurs in the source: a person
// swapped for another, an invented place.
func (si *sourceIndex) unknownName(c tokens) string {
	for _, n := range c.names {
		t := tokenize(n)
		if len(t.words) == 0 {
			continue
		}
		found := false
		for _, w := range t.words {
			if si.words[w] {
				found = true
				break
			}
		}
		if !found {
			return n
		}
	}
	return ""
}
