package storetest

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/store/bm25"
)

// Dim is the vector dimension of the suite's collections.
const Dim = 24

// Bigrams is a small stand-in for the analysis package: Hangul runs become
// character bigrams, other words lower-cased words.
func Bigrams(text string) []string {
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

// Embed is a deterministic bag-of-bigrams hashing embedder.
func Embed(text string) []float32 {
	v := make([]float32, Dim)
	for _, t := range Bigrams(text) {
		h := fnv.New32a()
		h.Write([]byte(t))
		s := h.Sum32()
		v[s%Dim] += 1 + float32(s>>24)/256
	}
	return v
}

// Doc is one document of the corpus.
type Doc struct {
	ID, Source, Title string
	Meta              map[string]string
	Paras             []string
}

// Build makes the document and its records (one chunk per paragraph).
func (d Doc) Build(dim int) (*schema.Document, []store.Record) {
	doc := &schema.Document{ID: d.ID, Source: d.Source, Title: d.Title, Format: "txt", Hash: "h-" + d.ID, Size: 1, Metadata: d.Meta}
	var recs []store.Record
	for i, p := range d.Paras {
		start := len(doc.Text)
		doc.Text += p + "\n"
		c := schema.Chunk{ID: fmt.Sprintf("%s#%d", d.ID, i), DocID: d.ID, Ordinal: i, Text: p,
			Start: start, End: start + len(p), CharStart: len([]rune(doc.Text[:start])), Headings: []string{d.Title}, Page: 1 + i/2}
		c.CharEnd = c.CharStart + len([]rune(p))
		if i == 0 {
			c.Metadata = map[string]string{"first": "yes"}
		}
		r := store.Record{Chunk: c, Tokens: Bigrams(p), TitleTokens: Bigrams(d.Title)}
		if dim > 0 {
			r.Vector = Embed(d.Title + " " + p)
		}
		recs = append(recs, r)
	}
	return doc, recs
}

var topics = []string{"배송", "환불", "회원", "결제", "보안", "휴가", "급여", "출장"}
var verbs = []string{"조회는 마이페이지에서 합니다", "신청 기한은 7일입니다", "담당 부서에 문의하세요",
	"규정이 2024년에 바뀌었습니다", "절차는 세 단계로 나뉩니다", "예외는 팀장 승인이 필요합니다", "영문 안내 English guide 있음"}

// Corpus is the suite's documents: Korean policy snippets across folders,
// with metadata and access groups (open, hr, finance, hr+finance).
func Corpus() []Doc {
	groups := []string{"", ",hr,", ",finance,", ",finance,hr,"}
	var docs []Doc
	for i := 0; i < 16; i++ {
		t := topics[i%len(topics)]
		folder := []string{"policy", "guide", "faq"}[i%3]
		d := Doc{ID: fmt.Sprintf("d%02d", i), Source: fmt.Sprintf("%s/%s-%02d.txt", folder, t, i), Title: t + " 안내 " + folder,
			Meta: map[string]string{"lang": []string{"ko", "en"}[i%2], "team": topics[(i/2)%len(topics)]}}
		if g := groups[i%4]; g != "" {
			d.Meta[store.MetaAccessGroups] = g
		}
		for j := 0; j < 2+i%4; j++ {
			d.Paras = append(d.Paras, fmt.Sprintf("%s %s. %s %s 관련 %d번 항목.", t, verbs[(i+j)%len(verbs)], topics[(i+j+3)%len(topics)], verbs[(i*j+1)%len(verbs)], j))
		}
		docs = append(docs, d)
	}
	return docs
}

// Queries are the suite's keyword and vector queries.
var Queries = []string{"배송 조회", "환불 신청 기한", "회원 결제 규정", "팀장 승인 예외", "English guide", "보안 출장 급여 휴가", "없는단어"}

// ranked is a reference ranking: chunk ID → score, and the order.
type ranked struct {
	ids    []string
	scores map[string]float64
}

// allows reports whether doc d passes f (the reference of docFilter).
func allows(d Doc, f store.Filter) bool {
	if f.PathPrefix != "" && !strings.HasPrefix(d.Source, f.PathPrefix) {
		return false
	}
	if len(f.DocIDs) > 0 && !slices.Contains(f.DocIDs, d.ID) {
		return false
	}
	for k, v := range f.Meta {
		if got, ok := d.Meta[k]; !ok || got != v {
			return false
		}
	}
	if f.Groups != nil && d.Meta[store.MetaAccessGroups] != "" {
		for _, g := range f.Groups {
			if strings.Contains(d.Meta[store.MetaAccessGroups], ","+strings.TrimSpace(g)+",") {
				return true
			}
		}
		return false
	}
	return true
}

// keywordRef ranks the corpus's chunks with store/bm25 itself.
func keywordRef(docs []Doc, tokens []string, f store.Filter) ranked {
	ix := bm25.New(bm25.DefaultParams())
	var ids []string
	ok := map[uint32]bool{}
	for _, d := range docs {
		_, recs := d.Build(0)
		for _, r := range recs {
			key := uint32(len(ids))
			ids = append(ids, r.Chunk.ID)
			ix.Add(key, r.Tokens, r.TitleTokens)
			ok[key] = allows(d, f)
		}
	}
	hits := ix.Search(tokens, len(ids), func(k uint32) bool { return ok[k] })
	out := ranked{scores: map[string]float64{}}
	for _, h := range hits {
		out.ids = append(out.ids, ids[h.Key])
		out.scores[ids[h.Key]] = h.Score
	}
	return out
}

// vectorRef ranks the corpus's chunks by exact cosine similarity.
func vectorRef(docs []Doc, q []float32, f store.Filter) ranked {
	out := ranked{scores: map[string]float64{}}
	for _, d := range docs {
		if !allows(d, f) {
			continue
		}
		_, recs := d.Build(Dim)
		for _, r := range recs {
			out.ids = append(out.ids, r.Chunk.ID)
			out.scores[r.Chunk.ID] = cosine(q, r.Vector)
		}
	}
	slices.SortStableFunc(out.ids, func(a, b string) int { return cmp.Compare(out.scores[b], out.scores[a]) })
	return out
}

func cosine(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// keywordIndex is store/bm25's index of the corpus.
func keywordIndex(docs []Doc) *bm25.Index {
	ix := bm25.New(bm25.DefaultParams())
	key := uint32(0)
	for _, d := range docs {
		_, recs := d.Build(0)
		for _, r := range recs {
			ix.Add(key, r.Tokens, r.TitleTokens)
			key++
		}
	}
	return ix
}
