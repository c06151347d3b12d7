package analysis

import (
	"strings"

	"github.com/seogo/seogo/i18n"
)

// Default is the analyzer a new collection gets when its configuration names
// none: the best ranked on KorQuAD 1.0 dev with the engine's own pipeline
// (`seogo eval`, BM25 k1 1.0 b 0.6, keyword mode; README has the table):
//
//	bigram    R@1 .913  R@5 .991  MRR@10 .948
//	morph     R@1 .914  R@5 .988  MRR@10 .946
//	combined  R@1 .921  R@5 .992  MRR@10 .952
//
// Its cost is the dictionary (about 2 s and 210 MB on first use) and
// ~3 MB/s analysis against ~80 MB/s for bigrams.
const Default = "combined"

// Names lists the analyzers New accepts, in a stable order for help texts.
func Names() []string { return []string{"bigram", "morph", "combined"} }

// New returns the analyzer called name (see Names); case and surrounding
// spaces are ignored. Analyzers are cheap to create: the morphological
// dictionary loads on first use and is shared.
func New(name string) (Analyzer, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "bigram":
		return Bigram{}, nil
	case "morph":
		return Morph{cache: newMorphCache()}, nil
	case "combined":
		return Combined{cache: newMorphCache()}, nil
	}
	return nil, i18n.Errorf("알 수 없는 분석기 %q: %s 중 하나를 쓰세요",
		"unknown analyzer %q: valid names are %s", name, strings.Join(Names(), ", "))
}

// Unique returns tokens without repeats, in order of first appearance, for
// callers that need a set of terms (the extractive answerer's overlap,
// --explain). tokens itself is not modified.
func Unique(tokens []string) []string {
	if len(tokens) == 0 {
		return nil
	}
	out := make([]string, 0, len(tokens))
	// A query has a handful of tokens: scanning beats hashing there.
	if len(tokens) <= 16 {
	next:
		for _, t := range tokens {
			for _, u := range out {
				if t == u {
					continue next
				}
			}
			out = append(out, t)
		}
		return out
	}
	seen := make(map[string]struct{}, len(tokens))
	for _, t := range tokens {
		if _, dup := seen[t]; !dup {
			seen[t] = struct{}{}
			out = append(out, t)
		}
	}
	return out
}
