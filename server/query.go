package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/seogo/seogo"
	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/llm"
)

// filterReq is the filter a client may set; access groups are never the
// client's to choose: they come from its key.
type filterReq struct {
	PathPrefix string            `json:"path_prefix,omitempty"`
	DocIDs     []string          `json:"doc_ids,omitempty"`
	Meta       map[string]string `json:"meta,omitempty"`
}

func (f filterReq) filter(p principal) seogo.Filter {
	return seogo.Filter{PathPrefix: f.PathPrefix, DocIDs: f.DocIDs, Meta: f.Meta, Groups: p.groups()}
}

type searchReq struct {
	Collection string    `json:"collection"`
	Query      string    `json:"query"`
	Mode       string    `json:"mode"`
	K          int       `json:"k"`
	Filter     filterReq `json:"filter"`
	// Explain adds the rankings of every mode side by side (the inspector).
	Explain bool `json:"explain"`
}

// hitView is a hit without the server's path.
type hitView struct {
	Rank     int          `json:"rank"`
	Score    float64      `json:"score"`
	Keyword  seogo.Signal `json:"keyword"`
	Vector   seogo.Signal `json:"vector"`
	Fused    float64      `json:"fused"`
	DocID    string       `json:"doc_id"`
	Name     string       `json:"name"`
	Title    string       `json:"title,omitempty"`
	ChunkID  string       `json:"chunk_id"`
	Headings []string     `json:"headings,omitempty"`
	Page     int          `json:"page,omitempty"`
	Start    int          `json:"start"`
	End      int          `json:"end"`
	CharFrom int          `json:"char_start"`
	CharTo   int          `json:"char_end"`
	Text     string       `json:"text"`
}

func viewHits(hits []seogo.Hit) []hitView {
	out := make([]hitView, len(hits))
	for i, h := range hits {
		out[i] = hitView{Rank: h.Rank, Score: h.Score, Keyword: h.Keyword, Vector: h.Vector, Fused: h.Fused,
			DocID: h.Doc.ID, Name: displayName(h.Doc.Source), Title: h.Doc.Title, ChunkID: h.Chunk.ID,
			Headings: h.Chunk.Headings, Page: h.Chunk.Page, Start: h.Chunk.Start, End: h.Chunk.End,
			CharFrom: h.Chunk.CharStart, CharTo: h.Chunk.CharEnd, Text: h.Chunk.Text}
	}
	return out
}

func (s *Server) collName(c string) string {
	if strings.TrimSpace(c) == "" {
		return s.eng.Config().Collection
	}
	return c
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	var req searchReq
	if !s.readJSON(w, r, &req) {
		return
	}
	req.Collection = s.collName(req.Collection)
	if !s.collection(w, r, req.Collection) {
		return
	}
	if strings.TrimSpace(req.Query) == "" {
		s.fail(w, r, http.StatusBadRequest, "no_query", i18n.Errorf("검색어를 넣으세요(query)", "the query is empty"))
		return
	}
	req.K = min(max(req.K, 0), 100)
	ctx, cancel := context.WithTimeout(r.Context(), s.opt.RequestTimeout)
	defer cancel()
	opt := seogo.SearchOptions{Collection: req.Collection, Mode: req.Mode, K: req.K, Filter: req.Filter.filter(principalOf(r.Context()))}
	mode, err := s.eng.SearchMode(ctx, opt)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	hits, err := s.eng.Search(ctx, req.Query, opt)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	out := map[string]any{"collection": req.Collection, "query": req.Query, "mode": mode, "hits": viewHits(hits)}
	if req.Explain {
		modes := map[string]any{}
		for _, m := range []string{"keyword", "semantic", "hybrid"} {
			o := opt
			o.Mode = m
			hs, err := s.eng.Search(ctx, req.Query, o)
			if err != nil {
				modes[m] = map[string]string{"error": i18n.Localize(err, s.lang(r))}
				continue
			}
			modes[m] = viewHits(hs)
		}
		out["explain"] = modes
	}
	writeJSON(w, http.StatusOK, out)
}

type askReq struct {
	Collection string          `json:"collection"`
	Question   string          `json:"question"`
	Mode       string          `json:"mode"`
	Filter     filterReq       `json:"filter"`
	History    []seogo.Message `json:"history"`
	Stream     bool            `json:"stream"`
	// Per-chat settings: passages the answer draws on, the LLM's model and
	// temperature (absent: the server's configuration).
	K           int      `json:"k"`
	Model       string   `json:"model"`
	Temperature *float64 `json:"temperature"`
}

// citationView is a citation without the server's path.
type citationView struct {
	N         int      `json:"n"`
	DocID     string   `json:"doc_id"`
	ChunkID   string   `json:"chunk_id"`
	Name      string   `json:"name"`
	Title     string   `json:"title,omitempty"`
	Headings  []string `json:"headings,omitempty"`
	Page      int      `json:"page,omitempty"`
	Start     int      `json:"start"`
	End       int      `json:"end"`
	CharStart int      `json:"char_start"`
	CharEnd   int      `json:"char_end"`
	Text      string   `json:"text"`
}

type answerView struct {
	Question   string         `json:"question"`
	Query      string         `json:"query,omitempty"`
	Answer     string         `json:"answer"`
	NotFound   bool           `json:"not_found"`
	Confidence float64        `json:"confidence"`
	Generator  string         `json:"generator"`
	Collection string         `json:"collection"`
	Citations  []citationView `json:"citations"`
	Removed    []int          `json:"removed_citations,omitempty"`
	Grounding  any            `json:"grounding,omitempty"`
	Notices    []string       `json:"notices"`
	Evidence   []hitView      `json:"evidence"`
}

func (s *Server) viewAnswer(ans seogo.Answer, coll string, l i18n.Lang) answerView {
	v := answerView{Question: ans.Question, Query: ans.Query, Answer: ans.Text, NotFound: ans.NotFound, Confidence: ans.Confidence,
		Generator: ans.Generator, Collection: coll, Removed: ans.Removed, Citations: []citationView{}, Notices: []string{},
		Evidence: viewHits(ans.Evidence)}
	if ans.Grounding != nil {
		v.Grounding = ans.Grounding
	}
	for _, n := range ans.Notices {
		v.Notices = append(v.Notices, n.In(l))
	}
	for _, c := range ans.Citations {
		v.Citations = append(v.Citations, citationView{N: c.N, DocID: c.DocID, ChunkID: c.ChunkID, Name: displayName(c.Source),
			Title: c.Title, Headings: c.Headings, Page: c.Page, Start: c.Start, End: c.End, CharStart: c.CharStart, CharEnd: c.CharEnd, Text: c.Text})
	}
	return v
}

// answer runs one question, counting the outcome and the guard's notices.
func (s *Server) answer(ctx context.Context, q string, opt seogo.AskOptions) (seogo.Answer, error) {
	ans, err := s.eng.Ask(ctx, q, opt)
	outcome := "answered"
	switch {
	case err != nil:
		outcome = "error"
	case ans.NotFound:
		outcome = "not_found"
	}
	s.metrics.answers.WithLabelValues(orDash(ans.Generator), outcome).Inc()
	if len(ans.Notices) > 0 {
		s.metrics.guard.WithLabelValues("answer_notice").Add(float64(len(ans.Notices)))
	}
	return ans, err
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// ask answers as JSON, or as server-sent events when stream is true or the
// client accepts text/event-stream: "delta" events carry text as it is
// written, then one "answer" event carries the whole answer (or "error").
func (s *Server) ask(w http.ResponseWriter, r *http.Request) {
	var req askReq
	if !s.readJSON(w, r, &req) {
		return
	}
	req.Collection = s.collName(req.Collection)
	if !s.collection(w, r, req.Collection) {
		return
	}
	if strings.TrimSpace(req.Question) == "" {
		s.fail(w, r, http.StatusBadRequest, "no_question", i18n.Errorf("질문을 넣으세요(question)", "the question is empty"))
		return
	}
	l := s.lang(r)
	ctx, cancel := context.WithTimeout(r.Context(), s.opt.AnswerTimeout)
	defer cancel()
	opt := seogo.AskOptions{Collection: req.Collection, Mode: req.Mode, Filter: req.Filter.filter(principalOf(r.Context())),
		History: req.History, Lang: l, Passages: req.K, Chat: llm.Settings{Model: req.Model, Temperature: req.Temperature}}
	if !req.Stream && !strings.Contains(r.Header.Get("Accept"), "text/event-stream") {
		ans, err := s.answer(ctx, req.Question, opt)
		if err != nil {
			s.failErr(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, s.viewAnswer(ans, req.Collection, l))
		return
	}
	sse := newSSE(w)
	streamed := false
	opt.OnDelta = func(d string) error {
		streamed = true
		return sse.event("delta", map[string]string{"text": d})
	}
	ans, err := s.answer(ctx, req.Question, opt)
	if err != nil {
		_ = sse.event("error", apiError{Message: i18n.Localize(err, l), Type: "server_error", Code: "ask_failed",
			MessageKo: i18n.Localize(err, i18n.Ko), MessageEn: i18n.Localize(err, i18n.En)})
		return
	}
	if !streamed {
		// The extractive answerer writes all at once; send it in pieces
		// anyway so every client has one code path.
		for _, piece := range pieces(ans.Text, 24) {
			if sse.event("delta", map[string]string{"text": piece}) != nil {
				return
			}
		}
	}
	_ = sse.event("answer", s.viewAnswer(ans, req.Collection, l))
}

// sseWriter writes server-sent events and flushes each one.
type sseWriter struct {
	w http.ResponseWriter
	f http.Flusher
}

func newSSE(w http.ResponseWriter) *sseWriter {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: do not hold the stream back
	w.WriteHeader(http.StatusOK)
	f, _ := w.(http.Flusher)
	return &sseWriter{w: w, f: f}
}

func (s *sseWriter) event(name string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if name != "" {
		if _, err := s.w.Write([]byte("event: " + name + "\n")); err != nil {
			return err
		}
	}
	return s.data(raw)
}

func (s *sseWriter) data(raw []byte) error {
	if _, err := s.w.Write(append(append([]byte("data: "), raw...), '\n', '\n')); err != nil {
		return err
	}
	if s.f != nil {
		s.f.Flush()
	}
	return nil
}

// pieces cuts text into pieces of about n runes, at spaces when it can.
func pieces(text string, n int) []string {
	var out []string
	rs := []rune(text)
	for len(rs) > 0 {
		cut := min(n, len(rs))
		if cut < len(rs) {
			for i := cut; i > n/2; i-- {
				if rs[i-1] == ' ' {
					cut = i
					break
				}
			}
		}
		out = append(out, string(rs[:cut]))
		rs = rs[cut:]
	}
	return out
}

type scanReq struct {
	Text   string `json:"text"`
	Policy string `json:"policy"`
	Mask   bool   `json:"mask"`
}

// guardScan finds personal data and prompt injection in text: findings
// carry offsets and types, never the values.
func (s *Server) guardScan(w http.ResponseWriter, r *http.Request) {
	var req scanReq
	if !s.readJSON(w, r, &req) {
		return
	}
	cfg := s.eng.Config()
	out := map[string]any{}
	var findings []seogo.Finding
	var err error
	if req.Mask {
		var masked string
		masked, findings, err = seogo.MaskText(cfg, req.Policy, req.Text)
		out["masked"] = masked
	} else {
		findings, err = seogo.ScanText(cfg, req.Policy, req.Text)
	}
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "bad_policy", err)
		return
	}
	if findings == nil {
		findings = []seogo.Finding{}
	}
	for _, f := range findings {
		s.metrics.guard.WithLabelValues(f.Entity).Inc()
	}
	inj := seogo.DetectInjection(req.Text)
	if inj.Detected {
		s.metrics.guard.WithLabelValues("injection").Inc()
	}
	out["findings"], out["injection"] = findings, inj
	writeJSON(w, http.StatusOK, out)
}
