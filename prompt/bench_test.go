package prompt

import (
	"fmt"
	"strings"
	"testing"
)

// benchSources returns n Korean sources of about tokens tokens each.
func benchSources(b *testing.B, tok Tokenizer, n, tokens int) []Source {
	out := make([]Source, n)
	for i := range out {
		var sb strings.Builder
		for j := 0; tok.Count(sb.String()) < tokens; j++ {
			fmt.Fprintf(&sb, "문서 %d의 %d번째 문장은 배송과 환불 규정의 세부 사항을 설명합니다. ", i+1, j+1)
		}
		out[i] = Source{N: i + 1, Title: fmt.Sprintf("문서 %d", i+1), Location: "docs/policy.md › 배송 p.2", Text: sb.String()}
	}
	return out
}

func benchmarkBuildRAG(b *testing.B, budget int) {
	tok := mustTokenizer(b, "")
	req := RAGRequest{Question: "배송 상태를 어떻게 확인할 수 있죠?", Sources: benchSources(b, tok, 10, 400)}
	var built Built
	b.ResetTimer()
	for b.Loop() {
		var err error
		if built, err = BuildRAG(req, tok, Budget{ContextTokens: budget}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "prompts/s")
	b.ReportMetric(float64(built.Tokens), "tokens")
	b.ReportMetric(float64(len(built.Used)), "sources")
}

// BenchmarkBuildRAG packs 10 sources of 400 tokens: all fit the default
// budget (the common case), or a 3000-token budget forces a cut and drops.
func BenchmarkBuildRAG(b *testing.B) {
	b.Run("fit", func(b *testing.B) { benchmarkBuildRAG(b, DefaultContextTokens) })
	b.Run("cut", func(b *testing.B) { benchmarkBuildRAG(b, 3000) })
}

func BenchmarkCount(b *testing.B) {
	tok := mustTokenizer(b, "")
	text := benchSources(b, tok, 1, 400)[0].Text
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		tok.Count(text)
	}
}
