package analysis

// Bigram tokenises without a dictionary. Hangul, Han and Kana runs become
// overlapping two-character tokens ("서울에서" → 서울 울에 에서): a query word
// matches wherever it occurs, whatever particle or ending is glued to it, and
// unknown words (names, new terms) need no dictionary. Latin letters and digits
// become whole lowercase words, plus the two runes at a seam with Hangul
// ("LG전자" → lg g전 전자; "1989년" → 1989 9년 년). Korean particles are not
// stop-words: BM25's idf already weighs 에서 down.
//
// Tokens are usually substrings of the text passed to Analyze and keep it
// alive; an index that holds tokens for long (its dictionary keys) should
// strings.Clone the ones it stores. The zero value is ready to use and safe
// for concurrent use.
type Bigram struct{}

// Name returns "bigram".
func (Bigram) Name() string { return "bigram" }

// Analyze returns the tokens of text in order.
func (Bigram) Analyze(text string) []string {
	s := fold(text)
	// Hangul gives about one bigram per 3-byte syllable, English about one
	// word per 6 bytes: size for the Korean case, so the slice never grows.
	return walk(s, len(s)/3+1, appendHangulBigrams)
}
