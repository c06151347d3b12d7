package split

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/seogo/seogo/schema"
)

// want is an expected chunk. Start < 0 means "the first occurrence of Text
// at or after the previous chunk's start"; an explicit Start is checked too.
type want struct {
	Text      string
	Start     int
	CharStart int
	Headings  []string
	Page      int
}

func texts(ss ...string) []want {
	out := make([]want, len(ss))
	for i, s := range ss {
		out[i] = want{Text: s, Start: -1}
	}
	return out
}

// nfd spells "한국어" in conjoining jamo, as macOS file names and some PDFs do.
const nfd한 = "\u1112\u1161\u11ab"
const nfd국 = "\u1100\u116e\u11a8"
const nfd어 = "\u110b\u1165"

func TestSplit(t *testing.T) {
	runeCount := func(s string) int { return utf8.RuneCountInString(s) }
	byteCount := func(s string) int { return len(s) }
	tests := []struct {
		name string
		doc  schema.Document
		opt  Options
		want []want
	}{
		{
			// Sentences of 4, 5, 5, 5, 5 tokens; 12 per chunk; each chunk
			// repeats the previous chunk's last sentence (5 <= overlap 5).
			name: "korean endings with overlap",
			doc:  schema.Document{Text: "가나다. 라마바요. 사아자까? 차카타죠. 파하니다."},
			opt:  Options{ChunkTokens: 12, OverlapTokens: 5},
			want: []want{
				{Text: "가나다. 라마바요.", Start: 0, CharStart: 0},
				{Text: "라마바요. 사아자까?", Start: 11, CharStart: 5},
				{Text: "사아자까? 차카타죠.", Start: 25, CharStart: 11},
				{Text: "차카타죠. 파하니다.", Start: 39, CharStart: 17},
			},
		},
		{
			// Same text, overlap 4: no sentence is that small, so none repeats.
			name: "overlap never cuts a sentence",
			doc:  schema.Document{Text: "가나다. 라마바요. 사아자까? 차카타죠. 파하니다."},
			opt:  Options{ChunkTokens: 12, OverlapTokens: 4},
			want: texts("가나다. 라마바요.", "사아자까? 차카타죠.", "파하니다."),
		},
		{
			// 9, 9, 7, 10, 6 tokens; 20 per chunk; no sentence fits overlap 8.
			name: "korean paragraphs",
			doc:  schema.Document{Text: "오늘은 날씨가 좋다. 내일은 비가 올까요? 모르겠습니다. 그래도 우산을 챙기죠.\n\n새 문단입니다."},
			opt:  Options{ChunkTokens: 20, OverlapTokens: 8},
			want: texts("오늘은 날씨가 좋다. 내일은 비가 올까요?", "모르겠습니다. 그래도 우산을 챙기죠.", "새 문단입니다."),
		},
		{
			// 17, 4 and 12 tokens.
			name: "english abbreviations",
			doc:  schema.Document{Text: "Dr. Smith met Mr. Lee at 3 p.m. today. They talked. See e.g. Fig. 2 for details."},
			opt:  Options{ChunkTokens: 20, OverlapTokens: -1},
			want: texts("Dr. Smith met Mr. Lee at 3 p.m. today.", "They talked. See e.g. Fig. 2 for details."),
		},
		{
			// 20 and 12 tokens.
			name: "mixed hangul, latin and digits",
			doc:  schema.Document{Text: "서울시 인구는 2024년 기준 9,386,034명이다. Seoul is the capital of South Korea."},
			opt:  Options{ChunkTokens: 20, OverlapTokens: -1},
			want: texts("서울시 인구는 2024년 기준 9,386,034명이다.", "Seoul is the capital of South Korea."),
		},
		{
			name: "one chunk when it fits",
			doc:  schema.Document{ID: "d", Text: "  서울시 인구는 2024년 기준 9,386,034명이다. Seoul is the capital of South Korea.\n\n"},
			want: []want{{Text: "서울시 인구는 2024년 기준 9,386,034명이다. Seoul is the capital of South Korea.", Start: 2, CharStart: 2}},
		},
		{
			name: "headings propagate; gaps become sections; chunks never cross sections",
			doc: schema.Document{
				Text: "# 배송\n배송은 3일 걸립니다. 주말은 제외됩니다.\n# 반품\n반품은 7일 이내에 가능합니다.\n",
				Sections: []schema.Section{
					{Start: len("# 배송\n"), End: len("# 배송\n배송은 3일 걸립니다. 주말은 제외됩니다.\n"), Headings: []string{"안내", "배송"}, Page: 1},
					{Start: len("# 배송\n배송은 3일 걸립니다. 주말은 제외됩니다.\n# 반품\n"), End: len("# 배송\n배송은 3일 걸립니다. 주말은 제외됩니다.\n# 반품\n반품은 7일 이내에 가능합니다.\n"), Headings: []string{"안내", "반품"}, Page: 2},
				},
			},
			want: []want{
				{Text: "# 배송", Start: -1},
				{Text: "배송은 3일 걸립니다. 주말은 제외됩니다.", Start: -1, Headings: []string{"안내", "배송"}, Page: 1},
				{Text: "# 반품", Start: -1},
				{Text: "반품은 7일 이내에 가능합니다.", Start: -1, Headings: []string{"안내", "반품"}, Page: 2},
			},
		},
		{
			name: "unsorted sections and a bound inside a rune",
			doc: schema.Document{Text: "가나다라", Sections: []schema.Section{
				{Start: 4, End: 12, Headings: []string{"B"}},
				{Start: 0, End: 4, Headings: []string{"A"}}, // 4 is inside 나: moved to 6
			}},
			want: []want{
				{Text: "가나", Start: 0, CharStart: 0, Headings: []string{"A"}},
				{Text: "다라", Start: 6, CharStart: 2, Headings: []string{"B"}},
			},
		},
		{
			name: "whitespace-only sections and gaps yield nothing",
			doc: schema.Document{Text: "  \n가\n \u3000\n", Sections: []schema.Section{
				{Start: 0, End: 3, Headings: []string{"blank"}},
				{Start: 3, End: 7, Headings: []string{"full"}},
			}},
			want: []want{{Text: "가", Start: 3, CharStart: 3, Headings: []string{"full"}}},
		},
		{
			// 2+1+1+1+2+2+3 tokens in one sentence: cut between words; the
			// last piece "일곱." (3) packs with the next sentence "끝." (2).
			name: "long sentence is cut at words",
			doc:  schema.Document{Text: "하나 둘 셋 넷 다섯 여섯 일곱. 끝."},
			opt:  Options{ChunkTokens: 5, OverlapTokens: -1},
			want: texts("하나 둘 셋 넷", "다섯 여섯", "일곱. 끝."),
		},
		{
			name: "long hangul word is cut at runes",
			doc:  schema.Document{Text: "가나다라마바사아자차"},
			opt:  Options{ChunkTokens: 3},
			want: texts("가나다", "라마바", "사아자", "차"),
		},
		{
			// 8 letters are 2 tokens, 9 are 3.
			name: "long latin word is cut at runes",
			doc:  schema.Document{Text: "abcdefghijklmnopqrstuvwxyz"},
			opt:  Options{ChunkTokens: 2},
			want: texts("abcdefgh", "ijklmnop", "qrstuvwx", "yz"),
		},
		{
			name: "long mixed word",
			doc:  schema.Document{Text: "가나다abcdefgh라"},
			opt:  Options{ChunkTokens: 3},
			want: texts("가나다", "abcdefgh라"),
		},
		{
			// Cutting between jamo would split a syllable; the cut moves back
			// to the syllable's first jamo.
			name: "NFD word is cut between syllables",
			doc:  schema.Document{Text: nfd한 + nfd국 + nfd어},
			opt:  Options{ChunkTokens: 4},
			want: texts(nfd한, nfd국, nfd어),
		},
		{
			name: "NFD word with a custom counter",
			doc:  schema.Document{Text: nfd한 + nfd국 + nfd어},
			opt:  Options{ChunkTokens: 4, Count: runeCount},
			want: texts(nfd한, nfd국, nfd어),
		},
		{
			name: "custom counter cuts a word at runes",
			doc:  schema.Document{Text: "가나다라마바사 abcdefghij"},
			opt:  Options{ChunkTokens: 7, OverlapTokens: -1, Count: byteCount},
			want: texts("가나", "다라", "마바", "사", "abcdefg", "hij"),
		},
		{
			// 18 + 4 tokens overflow 20, but a 4-token tail (< 20/4) merges
			// back: 22 <= 25.
			name: "small tail merges into the previous chunk",
			doc:  schema.Document{Text: "가나다라마바사아자차카타파하가나다. 끝이다."},
			opt:  Options{ChunkTokens: 20},
			want: texts("가나다라마바사아자차카타파하가나다. 끝이다."),
		},
		{
			// 8 + 3 tokens: the tail (3) is not under 8/4, so it stays.
			name: "larger tail stays",
			doc:  schema.Document{Text: "가나다라마바사. 아자."},
			opt:  Options{ChunkTokens: 8},
			want: texts("가나다라마바사.", "아자."),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.doc.ID == "" {
				tt.doc.ID = "doc"
			}
			got := New(tt.opt).Split(&tt.doc)
			checkInvariants(t, &tt.doc, got)
			var gotTexts, wantTexts []string
			for _, c := range got {
				gotTexts = append(gotTexts, c.Text)
			}
			for _, w := range tt.want {
				wantTexts = append(wantTexts, w.Text)
			}
			if !slices.Equal(gotTexts, wantTexts) {
				t.Fatalf("chunks\n got %q\nwant %q", gotTexts, wantTexts)
			}
			from := 0
			for i, w := range tt.want {
				c := got[i]
				start := w.Start
				if start < 0 {
					start = from + strings.Index(tt.doc.Text[from:], w.Text)
				} else if c.CharStart != w.CharStart {
					t.Errorf("chunk %d CharStart = %d, want %d", i, c.CharStart, w.CharStart)
				}
				if c.Start != start {
					t.Errorf("chunk %d Start = %d, want %d", i, c.Start, start)
				}
				if !slices.Equal(c.Headings, w.Headings) || c.Page != w.Page {
					t.Errorf("chunk %d headings %q page %d, want %q page %d", i, c.Headings, c.Page, w.Headings, w.Page)
				}
				from = c.Start
			}
		})
	}
}

func TestSplitFields(t *testing.T) {
	doc := &schema.Document{ID: "docs/a.txt", Text: "가. 나다", Sections: []schema.Section{{Start: 0, End: 10, Headings: []string{"H"}, Page: 3}}}
	got := New(Options{ChunkTokens: 2, OverlapTokens: -1}).Split(doc)
	wantChunks := []schema.Chunk{
		{ID: "docs/a.txt#0", DocID: "docs/a.txt", Ordinal: 0, Text: "가.", Start: 0, End: 4, CharStart: 0, CharEnd: 2, Headings: []string{"H"}, Page: 3},
		{ID: "docs/a.txt#1", DocID: "docs/a.txt", Ordinal: 1, Text: "나다", Start: 5, End: 11, CharStart: 3, CharEnd: 5, Headings: []string{"H"}, Page: 3},
	}
	// The section ends inside 다 (bytes 8-11): it is widened to the rune.
	if !slices.EqualFunc(got, wantChunks, func(a, b schema.Chunk) bool {
		return a.ID == b.ID && a.DocID == b.DocID && a.Ordinal == b.Ordinal && a.Text == b.Text &&
			a.Start == b.Start && a.End == b.End && a.CharStart == b.CharStart && a.CharEnd == b.CharEnd &&
			slices.Equal(a.Headings, b.Headings) && a.Page == b.Page && a.Metadata == nil
	}) {
		t.Fatalf("got %+v\nwant %+v", got, wantChunks)
	}
	// Headings are copies: a caller editing one chunk's path edits no other.
	got[0].Headings[0] = "X"
	if got[1].Headings[0] != "H" || doc.Sections[0].Headings[0] != "H" {
		t.Error("chunks share their Headings slice")
	}
}

func TestSplitEmpty(t *testing.T) {
	for _, doc := range []*schema.Document{nil, {}, {Text: " \n\t "}} {
		if got := New(Options{}).Split(doc); len(got) != 0 {
			t.Errorf("Split(%+v) = %d chunks, want none", doc, len(got))
		}
	}
}

func TestNewDefaults(t *testing.T) {
	tests := []struct {
		opt              Options
		chunk, overlap   int
		defaultEstimator bool
	}{
		{Options{}, 400, 60, true},
		{Options{ChunkTokens: 100}, 100, 15, true},
		{Options{ChunkTokens: 100, OverlapTokens: -1}, 100, 0, true},
		{Options{ChunkTokens: 100, OverlapTokens: 90}, 100, 50, true},
		{Options{ChunkTokens: -5, OverlapTokens: 10, Count: func(s string) int { return len(s) }}, 400, 10, false},
	}
	for _, tt := range tests {
		r := New(tt.opt).(*Recursive)
		if r.chunkTokens != tt.chunk || r.overlapTokens != tt.overlap || r.estimated != tt.defaultEstimator {
			t.Errorf("New(%+v) = chunk %d overlap %d estimated %v, want %d %d %v",
				tt.opt, r.chunkTokens, r.overlapTokens, r.estimated, tt.chunk, tt.overlap, tt.defaultEstimator)
		}
	}
}

// A 50 MB line without a space is the worst case of the cut: it must stay
// linear (seconds, not hours) and cut only between runes.
func TestHugeSingleLine(t *testing.T) {
	size := 50 << 20
	if testing.Short() || raceEnabled {
		size = 4 << 20
	}
	for _, unit := range []string{"가나다라마바사아자차카타파하", "abcdefghij0123456789"} {
		text := strings.Repeat(unit, size/len(unit))
		doc := &schema.Document{ID: "big", Text: text}
		got := New(Options{}).Split(doc)
		if len(got) == 0 || got[0].Start != 0 || got[len(got)-1].End != len(text) {
			t.Fatalf("%d chunks do not cover the text", len(got))
		}
		for i, c := range got {
			if i > 0 && c.Start != got[i-1].End {
				t.Fatalf("chunk %d starts at %d, previous ends at %d", i, c.Start, got[i-1].End)
			}
			if !utf8.RuneStart(text[c.Start]) || EstimateTokens(c.Text) > 400*5/4 {
				t.Fatalf("chunk %d [%d,%d) is cut badly or too big", i, c.Start, c.End)
			}
			if c.CharStart != (c.Start/len(unit))*utf8.RuneCountInString(unit)+utf8.RuneCountInString(text[c.Start-c.Start%len(unit):c.Start]) {
				t.Fatalf("chunk %d CharStart %d is wrong", i, c.CharStart)
			}
		}
	}
}
