package eval

import (
	"regexp"
	"strings"
	"unicode"
)

// Answer scoring follows the official evaluation scripts. Both normalise by
// lowercasing and removing punctuation; then
//   - KorQuAD 1.0 compares characters: F1 over the multiset of characters with
//     all whitespace removed (Korean spacing varies: "1989년 2월" = "1989년2월");
//   - SQuAD 1.1 compares words: F1 over the multiset of whitespace tokens, with
//     the articles a, an, the removed.
//
// Here text containing Hangul (in the answer or the gold) is scored the
// KorQuAD way, anything else the SQuAD way. Two deviations: every Unicode
// punctuation or symbol character is removed (the scripts remove ASCII
// punctuation plus a fixed list of quotes and brackets), and citation markers
// such as "[1]" are removed from the answer first, since an answerer's
// markers are not part of its claim.

var citationMarker = regexp.MustCompile(`\[\d+\]`)

// Contains reports whether any normalised gold answer occurs in the
// normalised answer: as a character substring, spaces ignored, for Korean
// (so "임종석" is found in "임종석이"); as a whole-word sequence otherwise (so
// "in" is not found in "within").
func Contains(answer string, golds []string) bool {
	pred := normalize(citationMarker.ReplaceAllString(answer, " "))
	for _, gold := range golds {
		g := normalize(gold)
		if g == "" {
			continue
		}
		if hasHangul(g) || hasHangul(pred) {
			if strings.Contains(noSpace(pred), noSpace(g)) {
				return true
			}
			continue
		}
		p := " " + strings.Join(words(pred), " ") + " "
		if w := words(g); len(w) > 0 && strings.Contains(p, " "+strings.Join(w, " ")+" ") {
			return true
		}
	}
	return false
}

// F1 is the best F1 of the answer against any gold: over characters for
// Korean text, over words otherwise (see the package's scoring notes). An
// empty answer or gold scores 0.
func F1(answer string, golds []string) float64 {
	pred := normalize(citationMarker.ReplaceAllString(answer, " "))
	best := 0.0
	for _, gold := range golds {
		g := normalize(gold)
		var p, q []string
		if hasHangul(g) || hasHangul(pred) {
			p, q = chars(pred), chars(g)
		} else {
			p, q = words(pred), words(g)
		}
		best = max(best, bagF1(p, q))
	}
	return best
}

func bagF1(pred, gold []string) float64 {
	if len(pred) == 0 || len(gold) == 0 {
		return 0
	}
	counts := map[string]int{}
	for _, t := range gold {
		counts[t]++
	}
	same := 0
	for _, t := range pred {
		if counts[t] > 0 {
			counts[t]--
			same++
		}
	}
	if same == 0 {
		return 0
	}
	precision := float64(same) / float64(len(pred))
	recall := float64(same) / float64(len(gold))
	return 2 * precision * recall / (precision + recall)
}

// normalize lowercases s, removes punctuation and symbols, and collapses
// whitespace to single spaces.
func normalize(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// words splits normalised text into tokens without English articles.
func words(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if w != "a" && w != "an" && w != "the" {
			out = append(out, w)
		}
	}
	return out
}

func chars(s string) []string {
	var out []string
	for _, r := range s {
		if !unicode.IsSpace(r) {
			out = append(out, string(r))
		}
	}
	return out
}

func noSpace(s string) string { return strings.Join(strings.Fields(s), "") }

func hasHangul(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Hangul, r) {
			return true
		}
	}
	return false
}
