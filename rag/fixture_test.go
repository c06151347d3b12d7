package rag

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/seogo/seogo/analysis"
	"github.com/seogo/seogo/schema"
)

// testAnalyzer is the built-in Hangul-bigram analyzer, whose tokens the
// expected scores below are computed from: Hangul runs become overlapping
// bigrams (a lone syllable stays a unigram), Latin and digit runs lowercase
// words plus the two runes at a seam with Hangul ("1998년" → 1998 8년 년).
func testAnalyzer() analysis.Analyzer {
	a, err := analysis.New("bigram")
	if err != nil {
		panic(err)
	}
	return a
}

// The test document: a heading line and three paragraphs, one chunk each
// (the heading goes with the first), so citations can be checked against it.
var (
	lineS0 = "서고 안내"
	lineS1 = "서고는 조직의 문서를 읽고 질문에 답하는 검색 증강 생성 엔진이다."
	lineS2 = "서고는 한국어를 먼저 지원하고 영어도 지원한다."
	lineA  = "배송 상태는 주문 내역 화면에서 확인할 수 있습니다."
	lineB  = "주문 번호를 누르면 택배사와 운송장 번호가 보입니다."
	lineC  = "환불은 고객센터에 요청하면 됩니다."
	lineD  = "회사는 1998년 서울에서 설립되었다."
	lineE  = "창업자는 김서연이다."

	testDoc = lineS0 + "\n\n" + lineS1 + " " + lineS2 + "\n\n" +
		lineA + " " + lineB + "  " + lineC + "\n\n" +
		lineD + " " + lineE + "\n"
)

// chunkOf makes the chunk of testDoc from the first occurrence of first to
// the end of last. Searching is fine here: the test builds the offsets the
// splitter would have recorded, then checks the answerer only uses them.
func chunkOf(t *testing.T, ordinal int, first, last string) schema.Chunk {
	t.Helper()
	start := strings.Index(testDoc, first)
	end := strings.Index(testDoc, last) + len(last)
	if start < 0 || end < start {
		t.Fatalf("chunk %q..%q not in the test document", first, last)
	}
	return schema.Chunk{
		ID: "guide#" + string(rune('0'+ordinal)), DocID: "guide", Ordinal: ordinal,
		Text: testDoc[start:end], Start: start, End: end,
		CharStart: utf8.RuneCountInString(testDoc[:start]),
		CharEnd:   utf8.RuneCountInString(testDoc[:end]),
		Headings:  []string{"서고 안내"}, Page: ordinal + 1,
	}
}

// testHits returns hits on the three chunks in the given order (0: product,
// 1: delivery, 2: company), ranked 1, 2, 3.
func testHits(t *testing.T, order ...int) []schema.Hit {
	chunks := []schema.Chunk{
		chunkOf(t, 0, lineS0, lineS2),
		chunkOf(t, 1, lineA, lineC),
		chunkOf(t, 2, lineD, lineE),
	}
	var hits []schema.Hit
	for i, o := range order {
		hits = append(hits, schema.Hit{
			Chunk: chunks[o],
			Doc:   schema.DocRef{ID: "guide", Source: "/docs/guide.txt", Title: "서고 안내"},
			Score: 10 - float64(i), Rank: i + 1,
		})
	}
	return hits
}
