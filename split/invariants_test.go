package split

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/seogo/seogo/schema"
)

// span is a section as the splitter must see it: sorted, clipped, aligned
// to runes, gaps included (gaps have no headings).
type span struct {
	start, end int
	headings   []string
	page       int
}

// expectedSpans works the partition out independently of forEachSection.
func expectedSpans(doc *schema.Document, boundary []bool) []span {
	text := doc.Text
	next := func(i int) int { // the first rune boundary at or after i
		for i < len(text) && !boundary[i] {
			i++
		}
		return i
	}
	if len(doc.Sections) == 0 {
		return []span{{0, len(text), nil, 0}}
	}
	secs := slices.Clone(doc.Sections)
	slices.SortStableFunc(secs, func(a, b schema.Section) int { return a.Start - b.Start })
	var out []span
	done := 0
	for _, s := range secs {
		start := next(min(max(s.Start, done), len(text)))
		end := next(min(max(s.End, start), len(text)))
		if start > done {
			out = append(out, span{done, start, nil, 0})
		}
		if end > start {
			out = append(out, span{start, end, s.Headings, s.Page})
		}
		done = max(done, end)
	}
	if done < len(text) {
		out = append(out, span{done, len(text), nil, 0})
	}
	return out
}

// checkInvariants asserts what every split must satisfy, whatever the
// options: exact text and offsets, rune boundaries, trimmed ends, ordinals,
// sections respected and copied, and every non-space character covered.
func checkInvariants(t testing.TB, doc *schema.Document, chunks []schema.Chunk) {
	t.Helper()
	text := doc.Text
	boundary := make([]bool, len(text)+1) // rune boundaries as range decodes
	runesBefore := make([]int, len(text)+1)
	n := 0
	for i := range text {
		boundary[i], runesBefore[i] = true, n
		n++
	}
	boundary[len(text)], runesBefore[len(text)] = true, n
	if n != utf8.RuneCountInString(text) {
		t.Fatalf("range and utf8.RuneCountInString disagree on %q", text)
	}
	spans := expectedSpans(doc, boundary)
	covered := make([]int, len(text)+1) // +1 at start, -1 at end
	si := 0
	for i, c := range chunks {
		if c.Ordinal != i || c.DocID != doc.ID || c.ID != doc.ID+"#"+itoa(i) {
			t.Fatalf("chunk %d: ordinal %d, ID %q, DocID %q", i, c.Ordinal, c.ID, c.DocID)
		}
		if c.Start < 0 || c.Start >= c.End || c.End > len(text) {
			t.Fatalf("chunk %d: bad range [%d,%d) of %d bytes", i, c.Start, c.End, len(text))
		}
		if c.Text != text[c.Start:c.End] {
			t.Fatalf("chunk %d: Text is not doc.Text[%d:%d]", i, c.Start, c.End)
		}
		if !boundary[c.Start] || !boundary[c.End] {
			t.Fatalf("chunk %d: [%d,%d) is not on rune boundaries", i, c.Start, c.End)
		}
		// runesBefore is what utf8.RuneCountInString(text[:i]) gives, in O(1).
		if c.CharStart != runesBefore[c.Start] || c.CharEnd != runesBefore[c.End] {
			t.Fatalf("chunk %d: chars [%d,%d), want [%d,%d)", i, c.CharStart, c.CharEnd, runesBefore[c.Start], runesBefore[c.End])
		}
		first, _ := utf8.DecodeRuneInString(c.Text)
		last, _ := utf8.DecodeLastRuneInString(c.Text)
		if isSpace(first) || isSpace(last) {
			t.Fatalf("chunk %d %q is not trimmed", i, c.Text)
		}
		if i > 0 && (c.Start < chunks[i-1].Start || c.End <= chunks[i-1].End) {
			t.Fatalf("chunk %d [%d,%d) is not after chunk %d [%d,%d)", i, c.Start, c.End, i-1, chunks[i-1].Start, chunks[i-1].End)
		}
		for si < len(spans) && spans[si].end <= c.Start {
			si++
		}
		if si == len(spans) || c.Start < spans[si].start || c.End > spans[si].end {
			t.Fatalf("chunk %d [%d,%d) crosses a section (sections %v)", i, c.Start, c.End, spans)
		}
		if !slices.Equal(c.Headings, spans[si].headings) || c.Page != spans[si].page || c.Metadata != nil {
			t.Fatalf("chunk %d: headings %q page %d, want %q page %d", i, c.Headings, c.Page, spans[si].headings, spans[si].page)
		}
		if len(c.Headings) > 0 && &c.Headings[0] == &spans[si].headings[0] {
			t.Fatalf("chunk %d shares its section's Headings slice", i)
		}
		covered[c.Start]++
		covered[c.End]--
	}
	depth := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		for k := i; k < i+size; k++ {
			depth += covered[k]
		}
		if depth == 0 && !isSpace(r) {
			t.Fatalf("byte %d (%q) is in no chunk", i, r)
		}
		i += size
	}
}

// checkPacking asserts the sizing rules for the default estimator: chunks
// within ChunkTokens (a section's last one within 1.25x), and overlap made
// of whole sentences within OverlapTokens.
func checkPacking(t testing.TB, doc *schema.Document, chunks []schema.Chunk, r *Recursive) {
	t.Helper()
	if !r.estimated {
		return
	}
	text := doc.Text
	boundary := make([]bool, len(text)+1)
	for i := range text {
		boundary[i] = true
	}
	boundary[len(text)] = true
	spans := expectedSpans(doc, boundary)
	// Where sentences start and end, section by section, as the packer sees them.
	starts, ends := make([]bool, len(text)+1), make([]bool, len(text)+1)
	for _, sp := range spans {
		for pos := sp.start; pos < sp.end; {
			s, e, next := nextSentence(text, pos, sp.end)
			starts[s], ends[e], pos = true, true, next
		}
	}
	spanOf := func(c schema.Chunk) int {
		return sort.Search(len(spans), func(k int) bool { return spans[k].end > c.Start })
	}
	limit := r.chunkTokens
	for i, c := range chunks {
		lastOfSection := i == len(chunks)-1 || spanOf(chunks[i+1]) != spanOf(c)
		n := EstimateTokens(c.Text)
		if n > limit && !(lastOfSection && n <= limit+limit/4) {
			t.Fatalf("chunk %d has %d tokens, limit %d: %q", i, n, limit, c.Text)
		}
		if i == 0 || c.Start >= chunks[i-1].End {
			continue
		}
		prev := chunks[i-1]
		overlap := text[c.Start:prev.End]
		if n := EstimateTokens(overlap); n > r.overlapTokens {
			t.Fatalf("chunks %d and %d overlap by %d tokens > %d: %q", i-1, i, n, r.overlapTokens, overlap)
		}
		if !starts[c.Start] || !ends[prev.End] {
			t.Fatalf("overlap of chunks %d and %d is not whole sentences: %q", i-1, i, overlap)
		}
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append(b, byte('0'+i%10))
	}
	slices.Reverse(b)
	return string(b)
}

// randomText builds Korean-ish text: Hangul words with sentence endings,
// English with abbreviations, numbers, dates, NFD jamo, odd spaces, blank
// lines and now and then a long run without spaces.
func randomText(rng *rand.Rand, words int) string {
	syllables := []rune("가나다라마바사아자차카타파하한국어서울배송반품문서검색")
	pieces := []string{
		"다.", "요.", "까?", "죠.", "니다.", "다.그리고", "Mr.", "Dr. Kim", "e.g.", "U.S.", "the", "retrieval",
		"2024.", "3.5", "9,386", "1.", "(주)", "“인용.”", "!", "?!", "...", "。", "😀", "e\u0301",
		nfd한 + nfd국, "\u3000", "\n", "\n\n", "\t", " ",
	}
	var b strings.Builder
	for range words {
		switch k := rng.IntN(20); {
		case k < 10:
			for range 1 + rng.IntN(5) {
				b.WriteRune(syllables[rng.IntN(len(syllables))])
			}
		case k < 19:
			b.WriteString(pieces[rng.IntN(len(pieces))])
		default:
			for range rng.IntN(200) {
				b.WriteRune(syllables[rng.IntN(len(syllables))])
				if rng.IntN(3) == 0 {
					b.WriteByte(byte('a' + rng.IntN(26)))
				}
			}
		}
		if rng.IntN(4) > 0 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// randomSections cuts text into up to four sections at arbitrary bytes (in
// the middle of runes too), leaving gaps and sometimes overlaps.
func randomSections(rng *rand.Rand, n int) []schema.Section {
	if n == 0 || rng.IntN(4) == 0 {
		return nil
	}
	var secs []schema.Section
	for i := range 1 + rng.IntN(4) {
		a, b := rng.IntN(n+1), rng.IntN(n+1)
		if a > b {
			a, b = b, a
		}
		secs = append(secs, schema.Section{Start: a, End: b, Headings: []string{"장", itoa(i)}, Page: i + 1})
	}
	return secs
}

func TestSplitProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for iter := range 500 {
		text := randomText(rng, 1+rng.IntN(300))
		doc := &schema.Document{ID: "p" + itoa(iter), Text: text, Sections: randomSections(rng, len(text))}
		r := New(Options{ChunkTokens: 1 + rng.IntN(60), OverlapTokens: rng.IntN(30) - 5}).(*Recursive)
		chunks := r.Split(doc)
		checkInvariants(t, doc, chunks)
		checkPacking(t, doc, chunks, r)
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("가나다. 라마바요. 사아자까? 차카타죠. 파하니다.", uint8(12), int8(5), uint64(0))
	f.Add("Dr. Smith met Mr. Lee at 3 p.m. today. They talked.", uint8(5), int8(2), uint64(3))
	f.Add("가나다라마바사아자차카타파하"+nfd한+nfd국+nfd어, uint8(2), int8(-1), uint64(9))
	f.Add("한\xff\xe4\xb8국 \u3000어\n\n", uint8(1), int8(0), uint64(42))
	f.Fuzz(func(t *testing.T, text string, chunk uint8, overlap int8, seed uint64) {
		rng := rand.New(rand.NewPCG(seed, seed>>32))
		doc := &schema.Document{ID: "f", Text: text}
		if seed != 0 {
			doc.Sections = randomSections(rng, len(text))
		}
		r := New(Options{ChunkTokens: 1 + int(chunk%64), OverlapTokens: int(overlap) % 32}).(*Recursive)
		chunks := r.Split(doc)
		checkInvariants(t, doc, chunks)
		checkPacking(t, doc, chunks, r)
		// A counter that is not EstimateTokens takes the other cutting path.
		chunks = New(Options{ChunkTokens: 1 + int(chunk%64), Count: func(s string) int { return len(s) / 2 }}).Split(doc)
		checkInvariants(t, doc, chunks)
	})
}
