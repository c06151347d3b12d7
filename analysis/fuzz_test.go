package analysis

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzAnalyze checks every analyzer on arbitrary input: no panic, and every
// token is non-empty valid UTF-8 without white space, at most MaxTokenBytes
// long; NFD input gives the tokens of its NFC form.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"", "서울에서 학교에 갔습니다", "LG전자는 2024년 5G 서비스를", "ＡＢＣ１２３",
		"1,000.5 3.14. 2024.05.01 v1.2.3", "大韓民國의 カタカナ", "\xff\xfe가\u11a8",
		strings.Repeat("é", 50), "ㅋㅋㅋ ㅎㅏ", "e\u0301 ﬁ ①", benchQuery,
	} {
		f.Add(s)
	}
	analyzers := []Analyzer{Bigram{}, Morph{}, Combined{}}
	// Load here: with coverage instrumentation the load takes longer than the
	// fuzzer lets one input run.
	LoadDictionary()
	f.Fuzz(func(t *testing.T, s string) {
		for _, a := range analyzers {
			tokens := a.Analyze(s)
			for _, tok := range tokens {
				if tok == "" || !utf8.ValidString(tok) || len(tok) > MaxTokenBytes ||
					strings.ContainsFunc(tok, unicode.IsSpace) {
					t.Fatalf("%s.Analyze(%q): bad token %q in %q", a.Name(), s, tok, tokens)
				}
			}
			if utf8.ValidString(s) {
				if nfd := a.Analyze(norm.NFD.String(s)); !slices.Equal(nfd, a.Analyze(norm.NFC.String(s))) {
					t.Fatalf("%s.Analyze(%q): NFD and NFC tokens differ", a.Name(), s)
				}
			}
		}
	})
}
