package analysis

import "testing"

// benchParagraph is typical ingest input: a Korean encyclopedia-style
// paragraph with numbers, a Latin name, Hanja and punctuation (written for
// these benchmarks, 1.5 KB).
const benchParagraph = `서고(書庫)는 도서관에서 책을 보관하는 공간으로, 열람실과 달리 이용자가 직접 들어갈 수 없는 경우가 많다. ` +
	`조선 시대에는 규장각이 왕실의 서적을 관리하였으며, 1776년 정조가 즉위하면서 본격적으로 운영되기 시작했다. ` +
	`오늘날 국립중앙도서관은 약 1,300만 권의 자료를 소장하고 있으며, 2024년부터 디지털 아카이브 서비스를 확대하고 있다. ` +
	`이용자는 온라인 목록에서 원하는 책을 검색한 뒤 신청서를 제출하고, 사서가 서고에서 자료를 꺼내 오면 열람할 수 있다. ` +
	`최근에는 RAG(Retrieval-Augmented Generation) 기술을 활용해 소장 자료에 대한 질문에 답하는 시스템도 시험 운영되고 있다.`

// benchQuery is typical search input.
const benchQuery = "국립중앙도서관은 자료를 몇 권 소장하고 있나요?"

func benchAnalyzer(b *testing.B, a Analyzer, text string) {
	a.Analyze(text) // load the dictionary outside the timing
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		a.Analyze(text)
	}
}

func BenchmarkBigram(b *testing.B)      { benchAnalyzer(b, Bigram{}, benchParagraph) }
func BenchmarkMorph(b *testing.B)       { benchAnalyzer(b, Morph{}, benchParagraph) }
func BenchmarkCombined(b *testing.B)    { benchAnalyzer(b, Combined{}, benchParagraph) }
func BenchmarkBigramQuery(b *testing.B) { benchAnalyzer(b, Bigram{}, benchQuery) }
func BenchmarkMorphQuery(b *testing.B)  { benchAnalyzer(b, Morph{}, benchQuery) }
