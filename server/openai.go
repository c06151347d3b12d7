package server

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/seogo/seogo"
	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/llm"
)

// The OpenAI-compatible API: any OpenAI client (and UIs such as Open WebUI)
// pointed at /v1 sees one model per collection, "seogo/<collection>", whose
// chat completions are RAG answers over that collection.

const modelPrefix = "seogo/"

func (s *Server) models(w http.ResponseWriter, r *http.Request) {
	colls, err := s.eng.Collections(r.Context())
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	p := principalOf(r.Context())
	data := []map[string]any{}
	for _, c := range colls {
		if p.canUse(c.Name) {
			data = append(data, map[string]any{"id": modelPrefix + c.Name, "object": "model", "created": c.Created.Unix(), "owned_by": "seogo"})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": data})
}

// modelCollection maps a model name to its collection: "seogo/docs",
// or a bare "docs".
func (s *Server) modelCollection(model string) string {
	return s.collName(strings.TrimPrefix(strings.TrimSpace(model), modelPrefix))
}

// chatMessage accepts content as a string or as OpenAI's array of parts.
type chatMessage struct {
	Role    string          `json:"role"`
	Content json.RawMessage `json:"content"`
}

func (m chatMessage) text() string {
	var s string
	if json.Unmarshal(m.Content, &s) == nil {
		return s
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if json.Unmarshal(m.Content, &parts) == nil {
		var b strings.Builder
		for _, p := range parts {
			if p.Type == "text" {
				b.WriteString(p.Text)
			}
		}
		return b.String()
	}
	return ""
}

type chatReq struct {
	Model    string        `json:"model"`
	Messages []chatMessage `json:"messages"`
	Stream   bool          `json:"stream"`
	// Seogo extras (an OpenAI client sends them through extra_body).
	Mode   string    `json:"seogo_mode"`
	Filter filterReq `json:"seogo_filter"`
	// Temperature is OpenAI's own field (a UI's per-chat setting); the
	// model field names the collection, so the LLM's model is an extra.
	Temperature *float64 `json:"temperature"`
	LLMModel    string   `json:"seogo_llm_model"`
	K           int      `json:"seogo_k"`
}

// Source is one entry of "seogo_sources", the extra field of a chat
// completion (and of its last streamed chunk) that lists the cited passages.
type Source = citationView

func (s *Server) chatCompletions(w http.ResponseWriter, r *http.Request) {
	var req chatReq
	if !s.readJSON(w, r, &req) {
		return
	}
	coll := s.modelCollection(req.Model)
	if !s.collection(w, r, coll) {
		return
	}
	question, history := splitConversation(req.Messages)
	if strings.TrimSpace(question) == "" {
		s.fail(w, r, http.StatusBadRequest, "no_question", i18n.Errorf("마지막 user 메시지가 질문이어야 합니다", "the last user message must hold the question"))
		return
	}
	l := s.lang(r)
	ctx, cancel := context.WithTimeout(r.Context(), s.opt.AnswerTimeout)
	defer cancel()
	opt := seogo.AskOptions{Collection: coll, Mode: req.Mode, Filter: req.Filter.filter(principalOf(r.Context())), History: history,
		Passages: req.K, Chat: llm.Settings{Model: req.LLMModel, Temperature: req.Temperature}}
	id := "chatcmpl-" + randomHex(12)
	created := time.Now().Unix()
	model := modelPrefix + coll
	if !req.Stream {
		ans, err := s.answer(ctx, question, opt)
		if err != nil {
			s.failErr(w, r, err)
			return
		}
		v := s.viewAnswer(ans, coll, l)
		content := ans.Text + sourcesText(v.Citations, l)
		writeJSON(w, http.StatusOK, map[string]any{
			"id": id, "object": "chat.completion", "created": created, "model": model,
			"choices": []map[string]any{{"index": 0, "message": map[string]any{"role": "assistant", "content": content},
				"finish_reason": "stop", "logprobs": nil}},
			"usage":         usage(question, content),
			"seogo_sources": v.Citations,
			"seogo_notices": v.Notices,
		})
		return
	}
	sse := newSSE(w)
	chunk := func(delta map[string]any, finish any, extra map[string]any) error {
		c := map[string]any{"id": id, "object": "chat.completion.chunk", "created": created, "model": model,
			"choices": []map[string]any{{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": nil}}}
		for k, v := range extra {
			c[k] = v
		}
		return sse.event("", c)
	}
	if chunk(map[string]any{"role": "assistant", "content": ""}, nil, nil) != nil {
		return
	}
	streamed := false
	opt.OnDelta = func(d string) error {
		streamed = true
		return chunk(map[string]any{"content": d}, nil, nil)
	}
	ans, err := s.answer(ctx, question, opt)
	if err != nil {
		// Headers are gone: OpenAI's streams report a late error as an
		// error object in a data line.
		_ = sse.event("", map[string]any{"error": apiError{Message: i18n.Localize(err, l), Type: "server_error", Code: "ask_failed"}})
		_ = sse.data([]byte("[DONE]"))
		return
	}
	v := s.viewAnswer(ans, coll, l)
	if !streamed {
		for _, p := range pieces(ans.Text, 24) {
			if chunk(map[string]any{"content": p}, nil, nil) != nil {
				return
			}
		}
	}
	if src := sourcesText(v.Citations, l); src != "" {
		_ = chunk(map[string]any{"content": src}, nil, nil)
	}
	_ = chunk(map[string]any{}, "stop", map[string]any{"seogo_sources": v.Citations, "seogo_notices": v.Notices})
	_ = sse.data([]byte("[DONE]"))
}

// splitConversation takes the last user message as the question and the
// user and assistant turns before it as history; system prompts are the
// client's, not the documents', and are left out.
func splitConversation(msgs []chatMessage) (string, []seogo.Message) {
	last := -1
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == "user" {
			last = i
			break
		}
	}
	if last < 0 {
		return "", nil
	}
	var history []seogo.Message
	for _, m := range msgs[:last] {
		if m.Role == "user" || m.Role == "assistant" {
			history = append(history, seogo.Message{Role: m.Role, Content: m.text()})
		}
	}
	return msgs[last].text(), history
}

// sourcesText lists the citations under the answer, for clients that show
// only the text.
func sourcesText(cites []citationView, l i18n.Lang) string {
	if len(cites) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n\n" + msgSources.In(l) + "\n")
	for _, c := range cites {
		loc := c.Name
		if len(c.Headings) > 0 {
			loc += " › " + strings.Join(c.Headings, " › ")
		}
		if c.Page > 0 {
			loc += fmt.Sprintf(" p.%d", c.Page)
		}
		fmt.Fprintf(&b, "[%d] %s\n", c.N, loc)
	}
	return b.String()
}

var msgSources = i18n.Text{Ko: "출처:", En: "Sources:"}

// usage estimates token counts (about 4 bytes a token for English, 1 a
// Hangul syllable): clients display it, nothing bills by it.
func usage(prompt, completion string) map[string]int {
	est := func(s string) int { return max(1, utf8.RuneCountInString(s)/2) }
	p, c := est(prompt), est(completion)
	return map[string]int{"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}
}

type embedReq struct {
	Model          string          `json:"model"`
	Input          json.RawMessage `json:"input"`
	EncodingFormat string          `json:"encoding_format"`
}

// embeddings returns the collection's embedder's vectors, as floats or as
// base64 of little-endian float32s (what OpenAI's SDKs ask for by default).
func (s *Server) embeddings(w http.ResponseWriter, r *http.Request) {
	var req embedReq
	if !s.readJSON(w, r, &req) {
		return
	}
	coll := s.modelCollection(req.Model)
	if !s.collection(w, r, coll) {
		return
	}
	var texts []string
	var one string
	if json.Unmarshal(req.Input, &one) == nil {
		texts = []string{one}
	} else if json.Unmarshal(req.Input, &texts) != nil || len(texts) == 0 {
		s.fail(w, r, http.StatusBadRequest, "bad_input", i18n.Errorf("input 은 문자열이나 문자열 배열이어야 합니다", "input must be a string or an array of strings"))
		return
	}
	if len(texts) > 2048 {
		s.fail(w, r, http.StatusBadRequest, "too_many", i18n.Errorf("한 번에 2048개까지 임베딩합니다", "at most 2048 inputs per request"))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opt.RequestTimeout)
	defer cancel()
	vecs, err := s.eng.Embed(ctx, coll, texts)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.metrics.embeddings.Inc()
	data := make([]map[string]any, len(vecs))
	tokens := 0
	for i, v := range vecs {
		var emb any = v
		if req.EncodingFormat == "base64" {
			buf := make([]byte, 4*len(v))
			for j, f := range v {
				binary.LittleEndian.PutUint32(buf[4*j:], math.Float32bits(f))
			}
			emb = base64.StdEncoding.EncodeToString(buf)
		}
		data[i] = map[string]any{"object": "embedding", "index": i, "embedding": emb}
		tokens += usage(texts[i], "")["prompt_tokens"]
	}
	writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": data, "model": modelPrefix + coll,
		"usage": map[string]int{"prompt_tokens": tokens, "total_tokens": tokens}})
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
