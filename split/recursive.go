package split

import (
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/seogo/seogo/schema"
)

// Options size the chunks. The zero value is usable: every zero field takes
// its default.
type Options struct {
	// ChunkTokens is the target maximum of tokens per chunk; default 400.
	// Only a section's merged tail may exceed it, by at most a quarter.
	ChunkTokens int
	// OverlapTokens is how many tokens of the previous chunk's last whole
	// sentences a chunk may repeat; default 15% of ChunkTokens (60 for 400).
	// Negative means no overlap; more than half a chunk is cut to half.
	OverlapTokens int
	// Count counts tokens; default EstimateTokens. Chunk sizes are sums of
	// the counts of sentences (or words), so a counter that is not additive
	// (a real BPE, which merges a leading space into the next word) can be
	// off by a few tokens per chunk.
	Count func(string) int
}

const (
	defaultChunkTokens    = 400
	defaultOverlapPercent = 15
)

// Recursive splits by structure, then sentences, then words, then runes:
// each level only where the one above leaves a piece too big for a chunk.
//
//   - Sections are hard boundaries; text between sections that is not blank
//     becomes a section of its own without headings.
//   - Within a section, whole sentences are packed greedily until the next
//     would overflow ChunkTokens.
//   - A sentence bigger than a chunk is cut between words; a word bigger
//     than a chunk (a 50 MB line without spaces) between runes. The last
//     piece of a cut sentence starts the next chunk, which packs on.
//   - A chunk repeats the trailing whole sentences of the previous chunk
//     that total at most OverlapTokens (and still leave room for the next
//     sentence). Sentences are never cut for overlap, so a chunk after a
//     long sentence, or after pieces of a cut one, has none.
//   - A section's last chunk whose new text (not counting overlap) is under
//     a quarter of ChunkTokens is merged into the chunk before it, which then
//     holds under 1.25 x ChunkTokens: a tiny tail would be mostly repeated
//     overlap, and a near-duplicate search hit.
//
// Split runs in time linear in the text, and needs memory for the chunks
// and the sentences of one chunk only.
type Recursive struct {
	chunkTokens   int
	overlapTokens int
	count         func(string) int
	// estimated is set when count is EstimateTokens, whose per-character
	// form cuts an oversized word in one pass; any other counter is probed
	// on prefixes, which is slower but still linear in practice.
	estimated bool
}

// New returns a splitter with opt's sizes; zero fields take defaults.
func New(opt Options) Splitter {
	r := &Recursive{chunkTokens: opt.ChunkTokens, overlapTokens: opt.OverlapTokens, count: opt.Count}
	if r.chunkTokens <= 0 {
		r.chunkTokens = defaultChunkTokens
	}
	switch {
	case r.overlapTokens == 0:
		r.overlapTokens = r.chunkTokens * defaultOverlapPercent / 100
	case r.overlapTokens < 0:
		r.overlapTokens = 0
	}
	r.overlapTokens = min(r.overlapTokens, r.chunkTokens/2)
	if r.count == nil {
		r.count = EstimateTokens
		r.estimated = true
	}
	return r
}

// Split cuts doc into chunks in text order. Every chunk's Text is
// doc.Text[Start:End], starts and ends on a rune and on a non-space, and lies
// inside one section; together the chunks cover every non-space character
// of every section.
func (r *Recursive) Split(doc *schema.Document) []schema.Chunk {
	if doc == nil || doc.Text == "" {
		return nil
	}
	p := &packer{r: r, text: doc.Text, docID: doc.ID}
	forEachSection(doc, p.section)
	setCharOffsets(doc.Text, p.chunks)
	return p.chunks
}

// forEachSection calls fn for the sections of doc in text order, made safe to
// split: sorted, clipped to the text and to each other, aligned to runes, and
// with non-blank gaps between them as sections without headings.
func forEachSection(doc *schema.Document, fn func(start, end int, headings []string, page int)) {
	text := doc.Text
	if len(doc.Sections) == 0 {
		fn(0, len(text), nil, 0)
		return
	}
	secs := doc.Sections
	byStart := func(a, b schema.Section) int { return a.Start - b.Start }
	if !slices.IsSortedFunc(secs, byStart) {
		secs = slices.Clone(secs)
		slices.SortStableFunc(secs, byStart)
	}
	done := 0 // the text before done belongs to sections already split
	for _, s := range secs {
		start := alignRune(text, min(max(s.Start, done), len(text)))
		end := alignRune(text, min(max(s.End, start), len(text)))
		if start > done {
			fn(done, start, nil, 0) // a gap; blank gaps yield no chunks
		}
		if end > start {
			fn(start, end, s.Headings, s.Page)
		}
		done = max(done, end)
	}
	if done < len(text) {
		fn(done, len(text), nil, 0)
	}
}

// alignRune moves i forward out of the middle of a UTF-8 sequence, so that
// a loader's off-by-a-byte section never makes a chunk start inside a rune.
// Invalid bytes are runes of their own, as they are to utf8.DecodeRune.
func alignRune(text string, i int) int {
	for b := i - 1; b >= 0 && b >= i-(utf8.UTFMax-1); b-- {
		if utf8.RuneStart(text[b]) {
			if _, size := utf8.DecodeRuneInString(text[b:]); b+size > i {
				return b + size
			}
			break
		}
	}
	return i
}

// unit is a piece of a chunk in the making: a whole sentence, or the last
// piece of a sentence that had to be cut (which is never repeated as overlap).
type unit struct {
	start, end, tokens int
	whole              bool
}

// packer holds the state of one Split call.
type packer struct {
	r      *Recursive
	text   string
	docID  string
	chunks []schema.Chunk

	// The section being split.
	headings []string
	page     int
	cur      []unit // units of the chunk in the making
	fresh    int    // cur[fresh:] are not in any emitted chunk yet
	tokens   int    // total tokens of cur

	first int // index in chunks of the section's first chunk
}

func (p *packer) section(start, end int, headings []string, page int) {
	p.headings, p.page = headings, page
	p.cur, p.fresh, p.tokens = p.cur[:0], 0, 0
	p.first = len(p.chunks)
	var newTokens int // tokens of cur[fresh:] when the section ends
	for pos := start; pos < end; {
		s, e, next := nextSentence(p.text, pos, end)
		pos = next
		if s == e {
			continue
		}
		t := p.r.count(p.text[s:e])
		if t > p.r.chunkTokens {
			p.cutSentence(s, e, t)
			continue
		}
		if p.tokens+t > p.r.chunkTokens && len(p.cur) > p.fresh {
			p.flush()
			p.keepOverlap(t)
		}
		p.cur = append(p.cur, unit{s, e, t, true})
		p.tokens += t
	}
	if len(p.cur) > p.fresh {
		for _, u := range p.cur[p.fresh:] {
			newTokens += u.tokens
		}
		p.flush()
	}
	p.mergeTail(newTokens)
}

// mergeTail folds a section's small last chunk into the one before it; see
// Recursive. newTokens counts the last chunk's text that is not overlap.
// The chunk before holds at most ChunkTokens, so the merged one holds less
// than 1.25 x ChunkTokens.
func (p *packer) mergeTail(newTokens int) {
	n := len(p.chunks)
	if newTokens == 0 || n-p.first < 2 || newTokens*4 >= p.r.chunkTokens {
		return
	}
	p.chunks[n-2].End = p.chunks[n-1].End
	p.chunks[n-2].Text = p.text[p.chunks[n-2].Start:p.chunks[n-2].End]
	p.chunks = p.chunks[:n-1]
}

// flush emits cur as a chunk. cur stays, so that its tail can be overlap.
func (p *packer) flush() {
	p.emit(p.cur[0].start, p.cur[len(p.cur)-1].end)
	p.fresh = len(p.cur)
}

// keepOverlap keeps the longest run of trailing whole sentences of cur that
// fits the overlap and leaves room for a next sentence of next tokens.
func (p *packer) keepOverlap(next int) {
	budget := min(p.r.overlapTokens, p.r.chunkTokens-next)
	k, sum := len(p.cur), 0
	for k > 0 && p.cur[k-1].whole && sum+p.cur[k-1].tokens <= budget {
		k--
		sum += p.cur[k].tokens
	}
	p.cur = append(p.cur[:0], p.cur[k:]...)
	p.fresh, p.tokens = len(p.cur), sum
}

// cutSentence splits a sentence of t tokens, bigger than a chunk, between
// words (and a
// word bigger than a chunk between runes). Full pieces become chunks; the
// last piece starts the next chunk, without overlap before or after.
func (p *packer) cutSentence(s, e, t int) {
	if len(p.cur) > p.fresh {
		p.flush()
	}
	limit := p.r.chunkTokens
	ps, pe, pt := -1, -1, 0 // the piece in the making
	for i := s; i < e; {
		// Find the word [ws, we) at or after i.
		ws := i
		for ws < e {
			r, size := decodeRune(p.text, ws, e)
			if !isSpace(r) {
				break
			}
			ws += size
		}
		we := ws
		for we < e {
			r, size := decodeRune(p.text, we, e)
			if isSpace(r) {
				break
			}
			we += size
		}
		i = we
		if ws == we {
			break
		}
		wt := t // a sentence of one word is counted already
		if ws != s || we != e {
			wt = p.r.count(p.text[ws:we])
		}
		if wt > limit {
			if ps >= 0 {
				p.emit(ps, pe)
			}
			ps, pe, pt = p.cutWord(ws, we)
			continue
		}
		if ps >= 0 && pt+wt > limit {
			p.emit(ps, pe)
			ps = -1
		}
		if ps < 0 {
			ps, pt = ws, 0
		}
		pe = we
		pt += wt
	}
	p.cur, p.fresh, p.tokens = p.cur[:0], 0, 0
	if ps >= 0 {
		p.cur = append(p.cur, unit{ps, pe, pt, false})
		p.tokens = pt
	}
}

// cutWord emits the full pieces of a word bigger than a chunk, cut between
// runes, and returns the last piece.
func (p *packer) cutWord(s, e int) (ps, pe, pt int) {
	if p.r.estimated {
		return p.cutWordEstimated(s, e)
	}
	for {
		cut := p.fitPrefix(s, e)
		if cut == e {
			return s, e, p.r.count(p.text[s:e])
		}
		p.emit(s, cut)
		s = cut
	}
}

// cutWordEstimated is cutWord for EstimateTokens: one pass, adding one rune
// at a time, cutting before the rune that would overflow.
func (p *packer) cutWordEstimated(s, e int) (ps, pe, pt int) {
	limit := p.r.chunkTokens
	var est estimator
	for i := s; i < e; {
		r, size := decodeRune(p.text, i, e)
		next := est
		next.addClass(classOf(r))
		if next.tokens() <= limit || i == s {
			est = next
			i += size
			continue
		}
		// Start the next piece afresh; when the cut moved back (NFD, combining
		// marks) the few runes after it are read again.
		cut := graphemeCut(p.text, s, i)
		p.emit(s, cut)
		s, i, est = cut, cut, estimator{}
	}
	return s, e, est.tokens()
}

// fitPrefix finds the longest prefix text[s:cut] (at least one rune, cut on
// a rune boundary) that count keeps within a chunk. It gallops forward from
// about a chunk's worth of bytes and then bisects, so a piece costs a few
// counts of about its own length, never a count of the whole rest of the
// word (which would make a 50 MB word quadratic).
func (p *packer) fitPrefix(s, e int) int {
	limit := p.r.chunkTokens
	_, first := decodeRune(p.text, s, e)
	lo := s + first // fits, or is the least progress
	hi := e + 1     // too big; e+1 while unknown
	for step := max(limit*4, 16); hi > e && lo < e; step *= 2 {
		m := p.runeAfter(lo, min(lo+step, e), e)
		if p.r.count(p.text[s:m]) <= limit {
			lo = m
		} else {
			hi = m
		}
	}
	for lo < e {
		m := p.runeAfter(lo, lo+(hi-lo)/2, e)
		if m >= hi {
			break
		}
		if p.r.count(p.text[s:m]) <= limit {
			lo = m
		} else {
			hi = m
		}
	}
	if lo < e {
		return graphemeCut(p.text, s, lo)
	}
	return lo
}

// graphemeCut moves a cut inside a word at i back before the characters
// that join the one before them (Hangul vowel and final jamo of NFD text,
// combining marks, ZWJ), so that a syllable or accented letter stays whole.
// It looks back a few runes only, keeping the cut linear, and leaves the cut
// where it is when there is no better place after s.
func graphemeCut(text string, s, i int) int {
	for c, k := i, 0; c > s && k <= 8; k++ {
		r, _ := utf8.DecodeRuneInString(text[c:])
		if !joinsPrevious(r) {
			return c
		}
		_, size := utf8.DecodeLastRuneInString(text[s:c])
		c -= size
	}
	return i
}

func joinsPrevious(r rune) bool {
	if r < 0x300 {
		return false
	}
	return (r >= 0x1160 && r <= 0x11FF) || // jungseong and jongseong jamo
		(r >= 0xD7B0 && r <= 0xD7FF) ||
		r == 0x200D || unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc)
}

// runeAfter is the rune boundary at or before i, or the first one after lo
// when that would not move past lo.
func (p *packer) runeAfter(lo, i, e int) int {
	if m := alignBack(p.text, lo, i); m > lo {
		return m
	}
	_, size := decodeRune(p.text, lo, e)
	return lo + size
}

// alignBack moves i back to the start of the rune it is inside, not before lo.
func alignBack(text string, lo, i int) int {
	for b := i - 1; b >= lo && b >= i-(utf8.UTFMax-1); b-- {
		if utf8.RuneStart(text[b]) {
			if _, size := utf8.DecodeRuneInString(text[b:]); b+size > i {
				return b
			}
			break
		}
	}
	return i
}

func (p *packer) emit(start, end int) {
	ord := len(p.chunks)
	p.chunks = append(p.chunks, schema.Chunk{
		ID:       p.docID + "#" + strconv.Itoa(ord),
		DocID:    p.docID,
		Ordinal:  ord,
		Text:     p.text[start:end],
		Start:    start,
		End:      end,
		Headings: slices.Clone(p.headings),
		Page:     p.page,
	})
}

// setCharOffsets fills CharStart and CharEnd in one forward pass over the
// text: chunk starts and ends both ascend, so merging the two sequences
// visits every offset in order and counts each byte once, rather than once
// per chunk (quadratic) or once per cursor.
func setCharOffsets(text string, chunks []schema.Chunk) {
	pos, runes := 0, 0
	at := func(i int) int {
		if i < pos {
			pos, runes = 0, 0 // not expected: offsets out of order; stay correct
		}
		runes += utf8.RuneCountInString(text[pos:i])
		pos = i
		return runes
	}
	s := 0 // next chunk whose start is unset
	for e := range chunks {
		for s < len(chunks) && chunks[s].Start <= chunks[e].End {
			chunks[s].CharStart = at(chunks[s].Start)
			s++
		}
		chunks[e].CharEnd = at(chunks[e].End)
	}
}
