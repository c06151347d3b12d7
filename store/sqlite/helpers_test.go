package sqlite

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"testing"
	"unicode"

	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/store"
)

// bigrams is a small stand-in for the analysis package: Hangul runs become
// character bigrams, other words lower-cased words.
func bigrams(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		rs := []rune(w)
		if unicode.Is(unicode.Hangul, rs[0]) {
			if len(rs) == 1 {
				out = append(out, w)
			}
			for i := 0; i+1 < len(rs); i++ {
				out = append(out, string(rs[i:i+2]))
			}
			continue
		}
		out = append(out, strings.ToLower(w))
	}
	return out
}

// embedText is a deterministic bag-of-bigrams hashing embedder.
func embedText(text string, dim int) []float32 {
	v := make([]float32, dim)
	for _, t := range bigrams(text) {
		h := fnv.New32a()
		h.Write([]byte(t))
		v[h.Sum32()%uint32(dim)]++
	}
	return v
}

const testDim = 16

func openStore(t testing.TB, dir string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func createColl(t testing.TB, s *Store, name string, dim int) {
	t.Helper()
	if err := s.CreateCollection(context.Background(), store.Collection{Name: name, Analyzer: "bigram", Embedder: "hash", Dim: dim}); err != nil {
		t.Fatal(err)
	}
}

// makeDoc builds a document whose text is the given paragraphs, one chunk
// each, with tokens, title tokens and (when dim > 0) vectors.
func makeDoc(id, source, title string, meta map[string]string, dim int, paras ...string) (*schema.Document, []store.Record) {
	doc := &schema.Document{ID: id, Source: source, Title: title, Format: "txt", Hash: "h-" + id, Metadata: meta}
	var recs []store.Record
	for i, p := range paras {
		start := len(doc.Text)
		doc.Text += p + "\n"
		c := schema.Chunk{
			ID: fmt.Sprintf("%s#%d", id, i), DocID: id, Ordinal: i, Text: p,
			Start: start, End: start + len(p), CharStart: len([]rune(doc.Text[:start])),
			Headings: []string{title}, Page: 1,
		}
		c.CharEnd = c.CharStart + len([]rune(p))
		r := store.Record{Chunk: c, Tokens: bigrams(p), TitleTokens: bigrams(title)}
		if dim > 0 {
			r.Vector = embedText(title+" "+p, dim)
		}
		recs = append(recs, r)
	}
	return doc, recs
}

func put(t testing.TB, s *Store, coll string, doc *schema.Document, recs []store.Record) {
	t.Helper()
	if err := s.PutDocument(context.Background(), coll, doc, recs); err != nil {
		t.Fatal(err)
	}
}

// searchAll runs a fixed set of queries and returns the results, so two
// states of a store can be compared exactly.
func searchAll(t testing.TB, s *Store, coll string, queries []string, vectors bool) [][]store.Scored {
	t.Helper()
	var out [][]store.Scored
	for _, q := range queries {
		kw, err := s.KeywordSearch(context.Background(), coll, bigrams(q), 10, store.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, kw)
		if vectors {
			vs, err := s.VectorSearch(context.Background(), coll, embedText(q, testDim), 10, store.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, vs)
		}
	}
	return out
}

func sameResults(t testing.TB, what string, a, b [][]store.Scored) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d result lists vs %d", what, len(a), len(b))
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			t.Fatalf("%s: query %d: %d hits vs %d\n%v\n%v", what, i, len(a[i]), len(b[i]), a[i], b[i])
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				t.Fatalf("%s: query %d hit %d: %v vs %v", what, i, j, a[i][j], b[i][j])
			}
		}
	}
}

func keysOf(hits []store.Scored) []int64 {
	out := make([]int64, len(hits))
	for i, h := range hits {
		out[i] = h.Key
	}
	return out
}

var koreanParas = []string{
	"배송 상태는 주문 내역 페이지에서 확인할 수 있습니다.",
	"반품 신청은 상품 수령 후 7일 이내에 가능합니다.",
	"서울특별시는 대한민국의 수도이며 한강이 도시를 가로지른다.",
	"세종대왕은 훈민정음을 창제하여 백성들이 글을 쉽게 익히도록 하였다.",
	"결제 수단으로는 신용카드, 계좌이체, 휴대폰 결제를 지원합니다.",
	"회원 탈퇴 후에는 적립금과 쿠폰이 모두 소멸됩니다.",
	"고객센터 운영 시간은 평일 오전 9시부터 오후 6시까지입니다.",
	"부산은 대한민국 제2의 도시로 해운대 해수욕장이 유명하다.",
}

var koreanQueries = []string{
	"배송 상태를 어떻게 확인하나요?",
	"반품은 언제까지 가능한가요",
	"대한민국의 수도는 어디인가",
	"훈민정음을 만든 사람",
	"고객센터 운영 시간",
	"payment card",
}
