package rag

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/seogo/seogo/analysis"
	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/textproc"
)

// DefaultMinConfidence is the not-found threshold used when
// Extractive.MinConfidence is zero. On the engine's own pipeline
// (TestNotFoundThreshold in the root package: half of KorQuAD's articles
// indexed) it reports 0.7% of answerable questions as not found and refuses
// 80% of questions about the held-out articles; on the full KorQuAD and XQuAD
// evals the not-found rates are 0.013 and 0.045. Calibrate on those
// confidences picks 0.446, which pushes XQuAD's misses to 0.105: English
// questions carry more low-idf words, so 0.35 is the value that keeps both
// languages under 5%. An earlier stand-in measurement (TestKorQuADCalibration: BM25 over
// bigrams, a paragraph per chunk, top 5) found it refuses 1.7% of answerable
// KorQuAD questions, 78% of KorQuAD questions whose article is absent and 97%
// of English XQuAD questions; Calibrate there picks 0.44 (5% of answerable
// refused, 91% of unanswerable).
const DefaultMinConfidence = 0.35

// DefaultMaxSentences is how many sentences an answer quotes at most when
// Extractive.MaxSentences is zero: the best one plus one of context.
const DefaultMaxSentences = 2

// Messages of a not-found answer.
const (
	NotFoundKo = "문서에서 답을 찾지 못했습니다."
	NotFoundEn = "The documents do not contain an answer to this question."
)

// NotFoundText is the not-found message in lang ("en"; anything else is Korean).
func NotFoundText(lang string) string {
	if strings.EqualFold(lang, "en") {
		return NotFoundEn
	}
	return NotFoundKo
}

// IDFFunc returns the corpus idf of each token, in order, from the keyword
// index. A token the corpus does not contain gets 0: the answerer weighs it as
// the rarest token of the question, because a question term no document has
// ever used is strong evidence that the documents do not hold the answer.
// Returning nil (the index is unavailable) weighs every token 1.
type IDFFunc func(tokens []string) []float64

// Tuning of the extractive answerer. The bonuses are small next to the token
// overlap (which is in [0, 1]) so that they mostly break near-ties: between
// two similar sentences prefer the better-ranked chunk, and the one next to a
// strong match (the answer can sit beside the sentence that repeats the
// question's words). Measured on KorQuAD dev (TestKorQuADCalibration, one
// sentence quoted): rankBonus 0.15 finds the answer 0.5 points more often than
// 0.05; adjacency costs 0.3 points there, because KorQuAD questions restate
// the answer's own sentence, and is kept small for documents that do not.
const (
	consideredHits = 5    // the top hits whose sentences compete
	evidenceHits   = 3    // passages shown with a not-found answer
	rankBonus      = 0.15 // × 1/rank of the sentence's chunk
	adjacencyBonus = 0.1  // × the best overlap of the neighbouring sentences
	extraRatio     = 0.5  // an extra sentence needs this share of the best sentence's score
	otherChunkGain = 0.25 // and, from another chunk, this share of the question not yet covered
	absentIDFFloor = 1.0  // weight of absent tokens when no token of the question is in the corpus
	negativeIDF    = 1e-3 // weight of tokens whose idf is negative (classic BM25 for very common terms)
)

// Extractive answers by quoting the retrieved sentences that best match the
// question; it needs no language model. The zero value (plus an Analyzer) is
// ready to use. It is safe for concurrent use if its Analyzer and IDF are.
type Extractive struct {
	// Analyzer must be the collection's analyzer, so question and passage
	// tokens compare like the keyword index's.
	Analyzer analysis.Analyzer
	// IDF weighs question tokens; nil weighs all tokens 1.
	IDF IDFFunc
	// MaxSentences is the most sentences quoted; 0 means DefaultMaxSentences.
	MaxSentences int
	// MinConfidence is the not-found threshold: an answer whose Confidence is
	// below it is reported as not found. 0 means DefaultMinConfidence; a
	// negative value answers whenever any sentence shares a token with the
	// question.
	MinConfidence float64
	// Lang is the language of the not-found message: "ko" (default) or "en".
	Lang string
}

// sentence is one candidate sentence of a considered hit.
type sentence struct {
	hit     int           // index into the considered hits (0 = best ranked)
	pos     int           // index of the sentence within its chunk
	sp      textproc.Span // byte range within the chunk's text
	covers  []bool
	overlap float64 // idf-weighted share of question tokens it contains
	score   float64
	heading bool // a heading line: lends its words, is never quoted
}

// coveredShare is the idf-weighted share of the question's tokens covers
// marks.
func coveredShare(covers []bool, weights []float64, total float64) float64 {
	if total <= 0 {
		return 0
	}
	var got float64
	for k, c := range covers {
		if c {
			got += weights[k]
		}
	}
	return got / total
}

// Answer implements Answerer.
func (e *Extractive) Answer(ctx context.Context, question string, hits []schema.Hit) (Answer, error) {
	if err := ctx.Err(); err != nil {
		return Answer{}, err
	}
	if e.Analyzer == nil {
		return Answer{}, errors.New("rag: the extractive answerer needs an Analyzer: use the collection's analyzer")
	}
	top := distinctTop(hits, consideredHits)
	ans := Answer{Question: question, Citations: []schema.Citation{}, Evidence: []schema.Hit{}, Generator: GeneratorExtractive}
	if len(top) == 0 {
		return e.notFound(ans, top, 0), nil
	}

	qtoks := questionTokens(e.Analyzer, question)
	weights, err := e.weights(qtoks)
	if err != nil {
		return Answer{}, err
	}
	var total float64
	for _, w := range weights {
		total += w
	}

	var cands []sentence
	for i, h := range top {
		if err := ctx.Err(); err != nil {
			return Answer{}, err
		}
		first := len(cands)
		for pos, sp := range textproc.Sentences(h.Chunk.Text) {
			s := sentence{hit: i, pos: pos, sp: sp, covers: make([]bool, len(qtoks)), heading: headingLine(h.Chunk.Text[sp.Start:sp.End])}
			toks := tokenSet(e.Analyzer.Analyze(h.Chunk.Text[sp.Start:sp.End]))
			for k, t := range qtoks {
				s.covers[k] = toks[t]
			}
			s.overlap = coveredShare(s.covers, weights, total)
			cands = append(cands, s)
		}
		chunk := cands[first:]
		// A heading is never quoted, but the sentence right under it
		// answers within its scope: "## 배송 기간" / "일반 배송은 2~3일이
		//걸립니다" answers "배송 기간은?" although "기간" is only above.
		for k := 0; k+1 < len(chunk); k++ {
			if chunk[k].heading && !chunk[k+1].heading {
				orInto(chunk[k+1].covers, chunk[k].covers)
				chunk[k+1].overlap = coveredShare(chunk[k+1].covers, weights, total)
			}
		}
		for k := range chunk {
			var adj float64
			if k > 0 {
				adj = chunk[k-1].overlap
			}
			if k+1 < len(chunk) {
				adj = math.Max(adj, chunk[k+1].overlap)
			}
			chunk[k].score = chunk[k].overlap + rankBonus/float64(i+1) + adjacencyBonus*adj
		}
	}
	// Only sentences sharing a token with the question can be quoted, and
	// never a heading line: "## 배송 기간" matches the question's words but
	// answers nothing. Best first; ties by hit rank, then position: the
	// answer is deterministic.
	var ranked []sentence
	for _, c := range cands {
		if c.overlap > 0 && !c.heading {
			ranked = append(ranked, c)
		}
	}
	if len(ranked) == 0 {
		return e.notFound(ans, top, 0), nil
	}
	sort.SliceStable(ranked, func(a, b int) bool {
		if ranked[a].score != ranked[b].score {
			return ranked[a].score > ranked[b].score
		}
		if ranked[a].hit != ranked[b].hit {
			return ranked[a].hit < ranked[b].hit
		}
		return ranked[a].pos < ranked[b].pos
	})

	chosen := e.choose(ranked, weights, total)
	ans.Confidence = confidence(cands, chosen, weights, total)
	if ans.Confidence < e.minConfidence() {
		return e.notFound(ans, top, ans.Confidence), nil
	}
	e.compose(&ans, top, chosen)
	return ans, nil
}

// headingLine reports whether s is a Markdown-style heading ("# 제목",
// "### 3. 환불"), as plain-text and Markdown chunks carry them in their text.
func headingLine(s string) bool {
	t := strings.TrimLeft(s, " \t")
	n := len(t) - len(strings.TrimLeft(t, "#"))
	return n >= 1 && n <= 6 && (len(t) == n || t[n] == ' ' || t[n] == '\t')
}

// choose picks from ranked (best first) the best sentence and up to
// MaxSentences-1 more, each at least extraRatio as strong as the best: first
// from the best sentence's chunk (context around the match), then from other
// chunks only if they also cover at least otherChunkGain of the question that
// the chosen sentences miss, since every other chunk costs the reader another
// citation to check.
func (e *Extractive) choose(ranked []sentence, weights []float64, total float64) []sentence {
	limit := e.MaxSentences
	if limit <= 0 {
		limit = DefaultMaxSentences
	}
	best := ranked[0]
	chosen := []sentence{best}
	covered := append([]bool(nil), best.covers...)
	for _, c := range ranked[1:] {
		if len(chosen) >= limit {
			break
		}
		if c.hit == best.hit && c.score >= extraRatio*best.score {
			chosen = append(chosen, c)
			orInto(covered, c.covers)
		}
	}
	for _, c := range ranked[1:] {
		if len(chosen) >= limit {
			break
		}
		if c.hit != best.hit && c.score >= extraRatio*best.score &&
			gain(covered, c.covers, weights) >= otherChunkGain*total {
			chosen = append(chosen, c)
			orInto(covered, c.covers)
		}
	}
	return chosen
}

// confidence is the idf-weighted share of question tokens that the chunks of
// the chosen sentences contain anywhere (not only in the quoted sentences).
func confidence(cands []sentence, chosen []sentence, weights []float64, total float64) float64 {
	if total <= 0 {
		return 0
	}
	inChosen := map[int]bool{}
	for _, c := range chosen {
		inChosen[c.hit] = true
	}
	covered := make([]bool, len(weights))
	for _, c := range cands {
		if inChosen[c.hit] {
			orInto(covered, c.covers)
		}
	}
	var got float64
	for k, ok := range covered {
		if ok {
			got += weights[k]
		}
	}
	return math.Min(1, got/total)
}

// compose writes the answer text and citations: chunks in the order they were
// chosen (the best first), sentences in document order within a chunk, each
// followed by its chunk's marker [n]. A citation spans from the first to the
// last quoted sentence of its chunk, with offsets taken from the chunk's own
// offsets, never found by searching the document.
func (e *Extractive) compose(ans *Answer, top []schema.Hit, chosen []sentence) {
	var order []int
	byHit := map[int][]sentence{}
	for _, c := range chosen {
		if _, ok := byHit[c.hit]; !ok {
			order = append(order, c.hit)
		}
		byHit[c.hit] = append(byHit[c.hit], c)
	}
	var parts []string
	for n, hi := range order {
		ss := byHit[hi]
		sort.Slice(ss, func(a, b int) bool { return ss[a].pos < ss[b].pos })
		h := top[hi]
		for _, s := range ss {
			parts = append(parts, fmt.Sprintf("%s [%d]", h.Chunk.Text[s.sp.Start:s.sp.End], n+1))
		}
		ans.Citations = append(ans.Citations, citation(n+1, h, ss[0].sp.Start, ss[len(ss)-1].sp.End))
		ans.Evidence = append(ans.Evidence, h)
	}
	ans.Text = strings.Join(parts, " ")
}

// citation cites the bytes [from, to) of h's chunk text.
func citation(n int, h schema.Hit, from, to int) schema.Citation {
	c := h.Chunk
	charStart := c.CharStart + utf8.RuneCountInString(c.Text[:from])
	return schema.Citation{
		N:         n,
		DocID:     c.DocID,
		ChunkID:   c.ID,
		Source:    h.Doc.Source,
		Title:     h.Doc.Title,
		Headings:  c.Headings,
		Page:      c.Page,
		Start:     c.Start + from,
		End:       c.Start + to,
		CharStart: charStart,
		CharEnd:   charStart + utf8.RuneCountInString(c.Text[from:to]),
		Text:      c.Text[from:to],
	}
}

func (e *Extractive) notFound(ans Answer, top []schema.Hit, conf float64) Answer {
	ans.NotFound = true
	ans.Text = NotFoundText(e.Lang)
	ans.Confidence = conf
	ans.Citations = []schema.Citation{}
	ans.Evidence = append([]schema.Hit{}, top[:min(len(top), evidenceHits)]...)
	return ans
}

func (e *Extractive) minConfidence() float64 {
	switch {
	case e.MinConfidence == 0:
		return DefaultMinConfidence
	case e.MinConfidence < 0:
		return math.Inf(-1)
	}
	return e.MinConfidence
}

// weights returns the idf weight of each question token. Tokens absent from
// the corpus (idf 0) get the largest weight of the question: see IDFFunc.
func (e *Extractive) weights(toks []string) ([]float64, error) {
	w := make([]float64, len(toks))
	if e.IDF == nil {
		for k := range w {
			w[k] = 1
		}
		return w, nil
	}
	if len(toks) == 0 {
		return w, nil
	}
	idf := e.IDF(toks)
	if idf == nil {
		for k := range w {
			w[k] = 1
		}
		return w, nil
	}
	if len(idf) != len(toks) {
		return nil, fmt.Errorf("rag: IDF returned %d values for %d tokens", len(idf), len(toks))
	}
	maxIDF := 0.0
	for _, v := range idf {
		if v > maxIDF && !math.IsInf(v, 1) {
			maxIDF = v
		}
	}
	if maxIDF == 0 {
		maxIDF = absentIDFFloor
	}
	for k, v := range idf {
		switch {
		case v == 0 || math.IsNaN(v) || math.IsInf(v, 1):
			w[k] = maxIDF
		case v < 0:
			w[k] = negativeIDF
		default:
			w[k] = v
		}
	}
	return w, nil
}

// questionTokens returns the distinct content tokens of question, in order of
// first appearance: each counts once however often it is repeated.
func questionTokens(a analysis.Analyzer, question string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range a.Analyze(contentText(question)) {
		if t == "" || seen[t] || isQuestionToken(t) {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}

// distinctTop returns the first n hits, skipping repeats of a chunk.
func distinctTop(hits []schema.Hit, n int) []schema.Hit {
	seen := map[string]bool{}
	var out []schema.Hit
	for _, h := range hits {
		if len(out) == n {
			break
		}
		key := h.Chunk.ID
		if key == "" {
			key = fmt.Sprintf("%s@%d", h.Chunk.DocID, h.Chunk.Start)
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, h)
	}
	return out
}

func tokenSet(toks []string) map[string]bool {
	m := make(map[string]bool, len(toks))
	for _, t := range toks {
		m[t] = true
	}
	return m
}

func orInto(dst, src []bool) {
	for k, v := range src {
		if v {
			dst[k] = true
		}
	}
}

// gain is the weight of the question tokens c covers that covered does not.
func gain(covered, c []bool, weights []float64) float64 {
	var g float64
	for k, v := range c {
		if v && !covered[k] {
			g += weights[k]
		}
	}
	return g
}
