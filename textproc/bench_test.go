package textproc

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// koreanText is a few MB of real Korean prose: the KorQuAD contexts when the
// repository's test data is there (the JSON file itself escapes Hangul as
// \uXXXX, so it is decoded first), else a repeated synthetic paragraph.
func koreanText() string {
	var doc struct {
		Data []struct {
			Paragraphs []struct {
				Context string `json:"context"`
			} `json:"paragraphs"`
		} `json:"data"`
	}
	var sb strings.Builder
	if b, err := os.ReadFile("../testdata/korquad/KorQuAD_v1.0_dev.json"); err == nil && json.Unmarshal(b, &doc) == nil {
		for _, a := range doc.Data {
			for _, p := range a.Paragraphs {
				sb.WriteString(p.Context)
				sb.WriteString("\n\n")
			}
		}
	}
	for sb.Len() < 4<<20 {
		sb.WriteString("1989년 2월 15일 여의도 농민 폭력 시위를 주도한 혐의(폭력행위등처벌에관한법률위반)으로 지명수배되었다. " +
			"서고(書庫)는 RAG 엔진이며 한국어 문서 검색에서 BM25와 벡터 검색을 함께 씁니다.\n")
	}
	return sb.String()
}

func BenchmarkNormalize(b *testing.B) {
	text := koreanText()
	cases := []struct {
		name string
		raw  []byte
	}{
		{"utf8", []byte(text)},
		{"crlf", []byte(strings.ReplaceAll(text, "\n", "\r\n"))},
		{"nfd", []byte(norm.NFD.String(text))},
		{"euckr", eucKR(b, strings.ToValidUTF8(koreanOnly(text), ""))},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.raw)))
			for b.Loop() {
				Normalize(c.raw)
			}
		})
	}
}

// koreanOnly drops runes EUC-KR cannot encode so the benchmark input encodes.
func koreanOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 || (r >= 0xac00 && r <= 0xd7a3) {
			return r
		}
		return -1
	}, s)
}

func BenchmarkSentences(b *testing.B) {
	text := koreanText()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Sentences(text)
	}
}
