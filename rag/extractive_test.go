package rag

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/seogo/seogo/schema"
)

// Expected values are computed by hand with the bigram analyzer and no IDF
// (every token weighs 1); the derivations are in the comments of each case.
// A sentence's score is its overlap + 0.15/rank of its chunk + 0.1 × the
// larger overlap of its neighbours.
func TestExtractiveAnswer(t *testing.T) {
	tests := []struct {
		name     string
		question string
		order    []int // chunk order of the hits
		ex       Extractive
		want     string
		cited    []string // chunk ID of each citation
		citeText []string
		conf     float64
		notFound bool
	}{
		{
			// 어디에서 is dropped. Tokens: 배송 상태 태는 확인 인할 수 있나 나요 (8).
			// lineA covers 배송 상태 태는 확인 인할 수 (6); nothing else overlaps.
			name:     "one sentence",
			question: "배송 상태는 어디에서 확인할 수 있나요?",
			order:    []int{1, 0, 2},
			want:     lineA + " [1]",
			cited:    []string{"guide#1"},
			citeText: []string{lineA},
			conf:     6.0 / 8,
		},
		{
			// 누구인가 is dropped. 13 tokens: 1998 8년 년 서울 울에 에서 설립 립된 회사 사의 창업 업자 자는.
			// lineD covers 8, lineE covers 창업 업자 자는 (3).
			// score D = 8/13 + .15 + .1×3/13 = .788; E = 3/13 + .15 + .1×8/13 = .442 ≥ .5×.788.
			name:     "two sentences of one chunk in document order",
			question: "1998년 서울에서 설립된 회사의 창업자는 누구인가?",
			order:    []int{2, 1, 0},
			want:     lineD + " [1] " + lineE + " [1]",
			cited:    []string{"guide#2"},
			citeText: []string{lineD + " " + lineE},
			conf:     11.0 / 13,
		},
		{
			name:     "MaxSentences 1 quotes only the best",
			question: "1998년 서울에서 설립된 회사의 창업자는 누구인가?",
			order:    []int{2, 1, 0},
			ex:       Extractive{MaxSentences: 1},
			want:     lineD + " [1]",
			cited:    []string{"guide#2"},
			citeText: []string{lineD},
			conf:     11.0 / 13, // the whole chunk's coverage, not the sentence's
		},
		{
			// 20 tokens; lineA covers 11 (score .55+.15+.1×.05 = .705), lineS2 covers
			// 서고 고는 한국 국어 어를 지원 원하 하고 (8; score .4+.075+.1×.1 = .485 ≥ .3525,
			// new coverage 8/20 ≥ .25). The chunks together cover all but 있나: 19/20.
			name:     "two chunks, numbered by first use",
			question: "서고는 한국어를 지원하고 배송 상태는 주문 내역 화면에서 확인할 수 있나?",
			order:    []int{1, 0, 2},
			want:     lineA + " [1] " + lineS2 + " [2]",
			cited:    []string{"guide#1", "guide#0"},
			citeText: []string{lineA, lineS2},
			conf:     19.0 / 20,
		},
		{
			// 9 tokens: 배송 중 분실 실된 택배 배의 보상 기준 준은. lineA covers 배송, lineB
			// 택배: 2/9 < 0.35.
			name:     "weak evidence is not found",
			question: "배송 중 분실된 택배의 보상 기준은 무엇인가요?",
			order:    []int{1, 0, 2},
			want:     NotFoundKo,
			conf:     2.0 / 9,
			notFound: true,
		},
		{
			// Same as above with a lower threshold: lineA and lineB tie at
			// 1/9+.15+.1×1/9; the earlier sentence wins, the other follows.
			name:     "weak evidence above a lower threshold",
			question: "배송 중 분실된 택배의 보상 기준은 무엇인가요?",
			order:    []int{1, 0, 2},
			ex:       Extractive{MinConfidence: 0.2},
			want:     lineA + " [1] " + lineB + " [1]",
			cited:    []string{"guide#1"},
			citeText: []string{lineA + " " + lineB},
			conf:     2.0 / 9,
		},
		{
			name:     "negative MinConfidence answers any overlap",
			question: "배송 중 분실된 택배의 보상 기준은 무엇인가요?",
			order:    []int{1, 0, 2},
			ex:       Extractive{MinConfidence: -1, MaxSentences: 1},
			want:     lineA + " [1]",
			cited:    []string{"guide#1"},
			citeText: []string{lineA},
			conf:     2.0 / 9,
		},
		{
			name:     "no overlap at all",
			question: "환율 변동 위험은 어떻게 관리하나요?",
			order:    []int{1, 0, 2},
			want:     NotFoundKo,
			notFound: true,
		},
		{
			name:     "English question on Korean passages, English message",
			question: "When was the company founded?",
			order:    []int{2, 1, 0},
			ex:       Extractive{Lang: "en"},
			want:     NotFoundEn,
			notFound: true,
		},
		{
			name:     "no hits",
			question: "배송 상태는 어디에서 확인할 수 있나요?",
			want:     NotFoundKo,
			notFound: true,
		},
		{
			name:     "only question words",
			question: "무엇을 언제 어떻게?",
			order:    []int{1, 0, 2},
			want:     NotFoundKo,
			notFound: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := tt.ex
			ex.Analyzer = testAnalyzer()
			hits := testHits(t, tt.order...)
			got, err := ex.Answer(context.Background(), tt.question, hits)
			if err != nil {
				t.Fatal(err)
			}
			if got.Text != tt.want || got.NotFound != tt.notFound {
				t.Errorf("answer = %q (not found %v), want %q (%v)", got.Text, got.NotFound, tt.want, tt.notFound)
			}
			if math.Abs(got.Confidence-tt.conf) > 1e-9 {
				t.Errorf("confidence = %v, want %v", got.Confidence, tt.conf)
			}
			if got.Question != tt.question {
				t.Errorf("question = %q", got.Question)
			}
			if len(got.Citations) != len(tt.cited) {
				t.Fatalf("%d citations, want %d: %+v", len(got.Citations), len(tt.cited), got.Citations)
			}
			for i, c := range got.Citations {
				if c.N != i+1 || c.ChunkID != tt.cited[i] || c.Text != tt.citeText[i] {
					t.Errorf("citation %d = [%d] %s %q, want [%d] %s %q", i, c.N, c.ChunkID, c.Text, i+1, tt.cited[i], tt.citeText[i])
				}
				checkCitation(t, c)
			}
			if tt.notFound {
				if want := min(len(hits), 3); len(got.Evidence) != want {
					t.Errorf("not found lists %d passages, want %d", len(got.Evidence), want)
				}
				return
			}
			if len(got.Evidence) != len(got.Citations) {
				t.Fatalf("%d evidence passages for %d citations", len(got.Evidence), len(got.Citations))
			}
			for i, h := range got.Evidence {
				if h.Chunk.ID != got.Citations[i].ChunkID {
					t.Errorf("evidence %d is %s, citation is %s", i, h.Chunk.ID, got.Citations[i].ChunkID)
				}
			}
		})
	}
}

// checkCitation checks a citation against the test document it came from.
func checkCitation(t *testing.T, c schema.Citation) {
	t.Helper()
	if c.Start < 0 || c.End > len(testDoc) || c.Start > c.End {
		t.Fatalf("citation [%d] range %d..%d outside the document", c.N, c.Start, c.End)
	}
	if testDoc[c.Start:c.End] != c.Text {
		t.Errorf("doc[%d:%d] = %q, citation text %q", c.Start, c.End, testDoc[c.Start:c.End], c.Text)
	}
	if want := utf8.RuneCountInString(testDoc[:c.Start]); c.CharStart != want {
		t.Errorf("CharStart = %d, want %d", c.CharStart, want)
	}
	if want := utf8.RuneCountInString(testDoc[:c.End]); c.CharEnd != want {
		t.Errorf("CharEnd = %d, want %d", c.CharEnd, want)
	}
	if c.DocID != "guide" || c.Source != "/docs/guide.txt" || c.Title != "서고 안내" ||
		!reflect.DeepEqual(c.Headings, []string{"서고 안내"}) || c.Page == 0 {
		t.Errorf("citation [%d] lost its document reference: %+v", c.N, c)
	}
}

func TestExtractiveIDF(t *testing.T) {
	// Tokens: 배송 상태 태는 확인 인할 수 있나 나요. 있나 and 나요 are absent from
	// the corpus (idf 0) and weigh as the rarest token, 4.
	// total = 4+2+1+1+1+0.5+4+4 = 17.5; lineA covers 4+2+1+1+1+0.5 = 9.5.
	idf := map[string]float64{"배송": 4, "상태": 2, "태는": 1, "확인": 1, "인할": 1, "수": 0.5}
	ex := Extractive{Analyzer: testAnalyzer(), IDF: func(toks []string) []float64 {
		out := make([]float64, len(toks))
		for i, t := range toks {
			out[i] = idf[t]
		}
		return out
	}}
	got, err := ex.Answer(context.Background(), "배송 상태는 어디에서 확인할 수 있나요?", testHits(t, 1, 0, 2))
	if err != nil {
		t.Fatal(err)
	}
	if want := 9.5 / 17.5; math.Abs(got.Confidence-want) > 1e-9 || got.Text != lineA+" [1]" {
		t.Errorf("got %q confidence %v, want %q %v", got.Text, got.Confidence, lineA+" [1]", want)
	}

	// An unavailable index (nil) weighs every token 1, as with no IDF.
	ex.IDF = func(toks []string) []float64 { return nil }
	got, err = ex.Answer(context.Background(), "배송 상태는 어디에서 확인할 수 있나요?", testHits(t, 1, 0, 2))
	if err != nil || math.Abs(got.Confidence-6.0/8) > 1e-9 {
		t.Errorf("nil idf: confidence %v, %v; want 6/8", got.Confidence, err)
	}
	ex.IDF = func(toks []string) []float64 { return []float64{1} }
	if _, err := ex.Answer(context.Background(), "배송 상태", testHits(t, 1)); err == nil {
		t.Error("an IDF returning the wrong number of values must be an error")
	}
}

func TestExtractiveDeterministic(t *testing.T) {
	// Two hits on identical text in different chunks: the better-ranked wins
	// every time, and repeated calls give identical answers.
	hits := testHits(t, 1, 1, 0, 2)
	hits[1].Chunk.ID = "copy#1"
	ex := Extractive{Analyzer: testAnalyzer()}
	q := "배송 상태는 어디에서 확인할 수 있나요?"
	first, err := ex.Answer(context.Background(), q, hits)
	if err != nil {
		t.Fatal(err)
	}
	if first.Citations[0].ChunkID != "guide#1" {
		t.Errorf("tie went to %s, want the better-ranked guide#1", first.Citations[0].ChunkID)
	}
	for range 20 {
		again, _ := ex.Answer(context.Background(), q, hits)
		if !reflect.DeepEqual(first, again) {
			t.Fatalf("answers differ:\n%+v\n%+v", first, again)
		}
	}
}

func TestExtractiveSkipsRepeatedChunks(t *testing.T) {
	// The same chunk twice: it counts once, and a not-found answer lists
	// the distinct chunks in rank order.
	hits := testHits(t, 1, 1, 0, 2)
	ex := Extractive{Analyzer: testAnalyzer()}
	got, err := ex.Answer(context.Background(), "환율 변동 위험", hits)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range got.Evidence {
		ids = append(ids, h.Chunk.ID)
	}
	if strings.Join(ids, ",") != "guide#1,guide#0,guide#2" {
		t.Errorf("evidence = %v", ids)
	}
}

func TestExtractiveErrors(t *testing.T) {
	var ex Extractive
	if _, err := ex.Answer(context.Background(), "배송", testHits(t, 1)); err == nil {
		t.Error("no analyzer must be an error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ex.Analyzer = testAnalyzer()
	if _, err := ex.Answer(ctx, "배송", testHits(t, 1)); err == nil {
		t.Error("a cancelled context must be an error")
	}
}

func TestQuestionTokens(t *testing.T) {
	tests := []struct {
		q    string
		want string
	}{
		{"임종석을 검거한 장소는 경희대 내 어디인가?", "임종 종석 석을 검거 거한 장소 소는 경희 희대 내"},
		{"누구의 작품인가?", "작품 품인 인가"},
		{"왜곡된 기록은 왜 생겼나?", "왜곡 곡된 기록 록은 생겼 겼나"},
		{"몇 년도에 설립되었나", "년도 도에 설립 립되 되었 었나"},
		{"What year did Kim found the firm?", "year did kim found the firm"},
		{"어떻게", ""},
	}
	for _, tt := range tests {
		got := strings.Join(questionTokens(testAnalyzer(), tt.q), " ")
		if got != tt.want {
			t.Errorf("questionTokens(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
	for _, tok := range []string{"무엇", "어떻", "떻게", "언제", "얼마", "몇", "왜", "Which"} {
		if !isQuestionToken(tok) {
			t.Errorf("%q should be a question token", tok)
		}
	}
	for _, tok := range []string{"서울", "게", "어", "몇몇", "whale"} {
		if isQuestionToken(tok) {
			t.Errorf("%q should not be a question token", tok)
		}
	}
}

// TestExtractiveSkipsHeadings: a heading line that repeats the question's
// words is not an answer; the sentence under it is.
func TestExtractiveSkipsHeadings(t *testing.T) {
	text := "## 배송 기간\n일반 배송은 결제 후 영업일 기준 2일에서 3일이 걸립니다."
	hits := []schema.Hit{{
		Chunk: schema.Chunk{ID: "d#0", DocID: "d", Text: text, End: len(text), CharEnd: len([]rune(text))},
		Doc:   schema.DocRef{ID: "d", Source: "/docs/배송.txt", Title: "배송 안내"}, Score: 1, Rank: 1,
	}}
	got, err := (&Extractive{Analyzer: testAnalyzer()}).Answer(context.Background(), "배송 기간", hits)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got.Text, "#") || !strings.Contains(got.Text, "2일에서 3일") || len(got.Citations) != 1 {
		t.Fatalf("answer %q with %d citations", got.Text, len(got.Citations))
	}
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"## 배송 기간", true}, {"# 제목", true}, {"  ### 3. 환불", true}, {"#", true},
		{"#해시태그 문장입니다.", false}, {"####### 일곱 개", false}, {"C# 언어로 작성합니다.", false}, {"배송 기간", false},
	} {
		if got := headingLine(tc.s); got != tc.want {
			t.Errorf("headingLine(%q) = %v", tc.s, got)
		}
	}
}
