package rag

import (
	"strings"
	"unicode"
)

// Question words say what kind of answer is wanted, not what it is about, and
// passages rarely contain them ("언제" is asked; "1989년" is written), so they
// are left out of both sentence scoring and confidence. Korean question words
// take particles and endings (무엇을, 누구인가, 어디에서), which a bigram
// analyzer would turn into tokens like "엇을" or "구인" that no passage
// contains; so whole words that start with one are dropped before analysis.
var koQuestionPrefixes = []string{
	"무엇", "언제", "누구", "어디", "어떻게", "어떤", "어떠한", "어느", "무슨", "얼마", "몇",
}

// koQuestionExact are question words that only count when they stand alone:
// many ordinary words start with 왜 (왜곡, 왜구).
var koQuestionExact = map[string]bool{"왜": true, "뭐": true, "뭘": true}

var enQuestionWords = map[string]bool{
	"what": true, "when": true, "who": true, "whom": true, "whose": true,
	"where": true, "how": true, "why": true, "which": true,
}

// contentText returns question without its question words, the rest joined by
// single spaces, for the analyzer.
func contentText(question string) string {
	words := strings.Fields(question)
	kept := words[:0]
	for _, w := range words {
		if !isQuestionWord(w) {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}

func isQuestionWord(w string) bool {
	w = strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
	if w == "" {
		return false
	}
	if koQuestionExact[w] || enQuestionWords[strings.ToLower(w)] {
		return true
	}
	for _, p := range koQuestionPrefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// isQuestionToken reports whether an analyzer token is wholly (part of) a
// question word: "무엇", "어떻", "떻게", "what". The word-level filter in
// contentText catches most; this catches analyzers that split differently.
func isQuestionToken(tok string) bool {
	if enQuestionWords[strings.ToLower(tok)] || koQuestionExact[tok] || tok == "몇" {
		return true
	}
	if len([]rune(tok)) < 2 {
		return false
	}
	for _, p := range koQuestionPrefixes {
		if strings.Contains(p, tok) {
			return true
		}
	}
	return false
}
