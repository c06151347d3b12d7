// Package analysis turns text into index tokens for keyword search. Korean has
// no spaces between a noun and its particle (서울에서, 서울은), so whole-word
// tokens miss most matches; seogo offers Hangul character bigrams (no
// dictionary), morphemes from mecab-ko-dic via kagome, and both combined.
package analysis

// Analyzer turns text into the tokens the keyword index stores and queries.
// The same analyzer must be used for indexing and querying a collection.
// Implementations are safe for concurrent use.
type Analyzer interface {
	// Name identifies the analyzer in a collection's record ("bigram", ...).
	Name() string
	// Analyze returns the tokens of text, in order, repeats kept (term
	// frequency matters to BM25).
	Analyze(text string) []string
}
