package guard

import (
	"bufio"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// EntityBanned marks a term from the policy's banned list found in an
// answer (Guard.Check at StageAnswer).
const EntityBanned = "BANNED_TERM"

// BannedTerms finds words an organisation never wants in an answer
// (profanity, competitors' names, internal code names). Matching is
// case-insensitive, sees through NFD, full-width letters and zero-width
// characters like the PII detectors, and ignores spaces inside Hangul
// terms, since Korean spacing varies ("개 새끼" = "개새끼"). Latin terms
// match whole words only, so "ass" is not found in "class". The zero value
// finds nothing; a BannedTerms is immutable and safe for concurrent use.
type BannedTerms struct {
	hangul []string // keys without spaces
	latin  []string // keys with single spaces
}

// NewBannedTerms returns the matcher for terms; blank entries are ignored.
func NewBannedTerms(terms []string) *BannedTerms {
	b := &BannedTerms{}
	for _, t := range terms {
		k := bannedKey(t, true)
		if k == "" {
			continue
		}
		if hasHangul(k) {
			b.hangul = append(b.hangul, strings.ReplaceAll(k, " ", ""))
		} else {
			b.latin = append(b.latin, k)
		}
	}
	return b
}

// LoadBannedTerms reads one term per line; lines starting with '#' are
// comments.
func LoadBannedTerms(r io.Reader) (*BannedTerms, error) {
	var terms []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		terms = append(terms, line)
	}
	return NewBannedTerms(terms), sc.Err()
}

// Len returns the number of terms.
func (b *BannedTerms) Len() int {
	if b == nil {
		return 0
	}
	return len(b.hangul) + len(b.latin)
}

// bannedKey folds s like the detectors do (fold), then NFC and lower case;
// spaces collapse to one.
func bannedKey(s string, isTerm bool) string {
	s = norm.NFC.String(fold(s).s)
	var b strings.Builder
	space := true
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.TrimSpace(b.String())
}

func hasHangul(s string) bool {
	for _, r := range s {
		if isHangul(r) {
			return true
		}
	}
	return false
}

// Find returns every banned term in text as a finding with offsets into
// text, ordered by position, without overlaps (the longer match wins).
func (b *BannedTerms) Find(text string) []Finding {
	if b.Len() == 0 || text == "" {
		return nil
	}
	f := fold(text)
	// view is the folded text lower-cased, with spaces dropped (squeezed)
	// or kept (spaced); at[i] is the folded offset of view byte i.
	var squeezed, spaced []byte
	var sqAt, spAt []int
	for i := 0; i < len(f.s); {
		r, n := utf8.DecodeRuneInString(f.s[i:])
		lr := unicode.ToLower(r)
		var buf [utf8.UTFMax]byte
		k := utf8.EncodeRune(buf[:], lr)
		if unicode.IsSpace(r) {
			spaced = append(spaced, ' ')
			spAt = append(spAt, i)
		} else {
			for j := 0; j < k; j++ {
				squeezed, sqAt = append(squeezed, buf[j]), append(sqAt, i)
				spaced, spAt = append(spaced, buf[j]), append(spAt, i)
			}
		}
		i += n
	}
	var cands []candidate
	add := func(view []byte, at []int, term string, wholeWord bool) {
		v := string(view)
		for off := 0; ; {
			k := strings.Index(v[off:], term)
			if k < 0 {
				return
			}
			s, e := off+k, off+k+len(term)
			off = s + 1
			if wholeWord && (s > 0 && isAlnum(v[s-1]) || e < len(v) && isAlnum(v[e])) {
				continue
			}
			fs := at[s]
			_, last := utf8.DecodeRuneInString(f.s[at[e-1]:])
			cands = append(cands, candidate{EntityBanned, "banned_terms", fs, at[e-1] + last, 1})
		}
	}
	for _, t := range b.hangul {
		add(squeezed, sqAt, t, false)
	}
	for _, t := range b.latin {
		add(spaced, spAt, t, true)
	}
	cands = resolveOverlaps(cands)
	out := make([]Finding, len(cands))
	for i, c := range cands {
		st, en := f.span(c.start, c.end)
		out[i] = Finding{Entity: EntityBanned, Start: st, End: en, Text: text[st:en], Score: 1, Detector: c.detector}
	}
	return out
}
