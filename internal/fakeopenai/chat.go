package fakeopenai

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// ChatRequest is a chat completion request as decoded by the server. Pointer
// fields are nil when the client did not send them, so tests can tell "sent
// 0" from "left to the server's default".
type ChatRequest struct {
	Model      string // the body's model; the Azure SDK puts the deployment name here too
	Deployment string // Azure mode: the deployment in the URL path
	Messages   []Message

	Temperature         *float64
	TopP                *float64
	PresencePenalty     *float64
	FrequencyPenalty    *float64
	MaxTokens           *int // legacy max_tokens
	MaxCompletionTokens *int // max_completion_tokens, which newer models require
	Seed                *int64
	Stop                []string

	Stream       bool
	IncludeUsage bool // stream_options.include_usage
}

// Message is one chat message; array content (text parts) is joined.
type Message struct {
	Role    string
	Content string
	Name    string
}

type chatWire struct {
	Model    string `json:"model"`
	Messages []struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"`
		Name    string          `json:"name"`
	} `json:"messages"`
	Temperature         *float64        `json:"temperature"`
	TopP                *float64        `json:"top_p"`
	PresencePenalty     *float64        `json:"presence_penalty"`
	FrequencyPenalty    *float64        `json:"frequency_penalty"`
	MaxTokens           *int            `json:"max_tokens"`
	MaxCompletionTokens *int            `json:"max_completion_tokens"`
	Seed                *int64          `json:"seed"`
	Stop                json.RawMessage `json:"stop"`
	Stream              bool            `json:"stream"`
	StreamOptions       *struct {
		IncludeUsage       bool  `json:"include_usage"`
		IncludeObfuscation *bool `json:"include_obfuscation"`
	} `json:"stream_options"`
}

// badJSON is the real API's answer to a body that is not JSON.
var badJSON = apiError{
	Message: "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
	Type:    "invalid_request_error",
}

func (s *Server) serveChat(w http.ResponseWriter, r *http.Request, body []byte, deployment string) {
	var wire chatWire
	if err := json.Unmarshal(body, &wire); err != nil {
		writeError(w, http.StatusBadRequest, badJSON)
		return
	}
	req := ChatRequest{
		Model: wire.Model, Deployment: deployment,
		Temperature: wire.Temperature, TopP: wire.TopP,
		PresencePenalty: wire.PresencePenalty, FrequencyPenalty: wire.FrequencyPenalty,
		MaxTokens: wire.MaxTokens, MaxCompletionTokens: wire.MaxCompletionTokens,
		Seed: wire.Seed, Stop: stringOrList(wire.Stop), Stream: wire.Stream,
	}
	obfuscate := !s.opt.Azure
	if wire.StreamOptions != nil {
		req.IncludeUsage = wire.StreamOptions.IncludeUsage
		if wire.StreamOptions.IncludeObfuscation != nil && !*wire.StreamOptions.IncludeObfuscation {
			obfuscate = false
		}
	}
	for _, m := range wire.Messages {
		req.Messages = append(req.Messages, Message{Role: m.Role, Content: textContent(m.Content), Name: m.Name})
	}
	if e, status := s.checkChat(req, wire); status != 0 {
		writeError(w, status, e)
		return
	}

	prompt := 3
	for _, m := range req.Messages {
		prompt += 3 + approxTokens(m.Content)
	}
	limit := 0
	if req.MaxTokens != nil {
		limit = *req.MaxTokens
	}
	if req.MaxCompletionTokens != nil {
		limit = *req.MaxCompletionTokens
	}
	label := req.Model
	if s.opt.Azure {
		label = "ChatCompletions_Create"
	}
	if !s.limit(w, label, prompt+limit) {
		return
	}

	s.mu.Lock()
	s.chats = append(s.chats, req)
	id := fmt.Sprintf("chatcmpl-fake%016d", len(s.chats))
	s.mu.Unlock()

	reply := DefaultReply
	if s.opt.Reply != nil {
		reply = s.opt.Reply(req)
	}
	finish := "stop"
	if limit > 0 && approxTokens(reply) > limit {
		// The real API stops generating at the limit and says so.
		reply, finish = truncateRunes(reply, 4*limit), "length"
	}
	u := usage{
		PromptTokens: prompt, CompletionTokens: approxTokens(reply), TotalTokens: prompt + approxTokens(reply),
		PromptTokensDetails:     map[string]int{"cached_tokens": 0, "audio_tokens": 0},
		CompletionTokensDetails: map[string]int{"reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0},
	}
	model := req.Model
	if model == "" {
		model = deployment
	}
	c := chunk{ID: id, Object: "chat.completion.chunk", Created: time.Now().Unix(), Model: model, SystemFingerprint: "fp_fakeopenai"}
	if !s.opt.Azure {
		c.ServiceTier = "default"
	}
	if req.Stream {
		s.streamChat(w, r, c, reply, finish, u, req.IncludeUsage, obfuscate)
		return
	}
	resp := completion{
		ID: id, Object: "chat.completion", Created: c.Created, Model: model,
		Choices: []choice{{
			Message:      message{Role: "assistant", Content: reply},
			FinishReason: finish,
		}},
		Usage: u, ServiceTier: c.ServiceTier, SystemFingerprint: c.SystemFingerprint,
	}
	if s.opt.Azure {
		// Azure adds its content-filter verdicts to every completion.
		resp.PromptFilterResults = promptFilterResults()
		resp.Choices[0].ContentFilterResults = contentFilterResults()
	} else {
		resp.Choices[0].Message.Annotations = []any{}
	}
	writeJSON(w, http.StatusOK, resp)
}

// checkChat returns the error the real API gives for a request it refuses, or
// status 0. Messages and codes are the service's own.
func (s *Server) checkChat(req ChatRequest, wire chatWire) (apiError, int) {
	switch {
	case req.Model == "" && !s.opt.Azure:
		return apiError{Message: "you must provide a model parameter", Type: "invalid_request_error"}, http.StatusBadRequest
	case wire.Messages == nil:
		return apiError{Message: "Missing required parameter: 'messages'.", Type: "invalid_request_error", Param: "messages", Code: "missing_required_parameter"}, http.StatusBadRequest
	case len(wire.Messages) == 0:
		return apiError{Message: "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", Type: "invalid_request_error", Param: "messages", Code: "empty_array"}, http.StatusBadRequest
	case req.Temperature != nil && *req.Temperature > 2:
		return apiError{Message: fmt.Sprintf("Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got %g instead.", *req.Temperature), Type: "invalid_request_error", Param: "temperature", Code: "decimal_above_max_value"}, http.StatusBadRequest
	case req.Temperature != nil && *req.Temperature < 0:
		return apiError{Message: fmt.Sprintf("Invalid 'temperature': decimal below minimum value. Expected a value >= 0, but got %g instead.", *req.Temperature), Type: "invalid_request_error", Param: "temperature", Code: "decimal_below_min_value"}, http.StatusBadRequest
	case wire.StreamOptions != nil && !req.Stream:
		return apiError{Message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.", Type: "invalid_request_error", Param: "stream_options"}, http.StatusBadRequest
	case s.opt.Azure:
		return apiError{}, 0
	case !slices.Contains(s.opt.Models, req.Model):
		return modelNotFound(req.Model), http.StatusNotFound
	case strings.Contains(req.Model, "embedding"):
		return apiError{Message: "This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?", Type: "invalid_request_error", Param: "model"}, http.StatusNotFound
	}
	return apiError{}, 0
}

func modelNotFound(model string) apiError {
	return apiError{Message: fmt.Sprintf("The model `%s` does not exist or you do not have access to it.", model), Type: "invalid_request_error", Code: "model_not_found"}
}

// streamChat writes the SSE sequence of the real API: a role chunk, content
// deltas, a chunk with finish_reason, a usage chunk with empty choices when
// asked, then [DONE]. Every chunk of a stream carries the same id, which the
// SDK's accumulator insists on. Azure first sends a chunk with empty id, model
// and choices that only carries prompt_filter_results: clients that index
// Choices[0] unconditionally crash on Azure, so the fake does it too.
func (s *Server) streamChat(w http.ResponseWriter, r *http.Request, c chunk, reply, finish string, u usage, includeUsage, obfuscate bool) {
	s.mu.Lock()
	drop := s.dropAfter
	s.dropAfter = -1
	s.mu.Unlock()

	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	flusher, _ := w.(http.Flusher)
	first := true
	send := func(c chunk) bool {
		if !first && !sleep(r, s.opt.ChunkDelay) {
			return false
		}
		first = false
		if includeUsage && c.Usage == nil {
			c.Usage = json.RawMessage("null")
		}
		if obfuscate && len(c.Choices) > 0 {
			c.Obfuscation = "fAkE"
		}
		b, _ := json.Marshal(c)
		_, err := fmt.Fprintf(w, "data: %s\n\n", b)
		if flusher != nil {
			flusher.Flush()
		}
		return err == nil
	}
	withDelta := func(delta map[string]any, finish *string) chunk {
		d := c
		d.Choices = []chunkChoice{{Delta: delta, FinishReason: finish}}
		if s.opt.Azure && (len(delta) > 0 || finish != nil) {
			d.Choices[0].ContentFilterResults = contentFilterResults()
		}
		return d
	}

	if s.opt.Azure && !send(chunk{Choices: []chunkChoice{}, PromptFilterResults: promptFilterResults()}) {
		return
	}
	if !send(withDelta(map[string]any{"role": "assistant", "content": "", "refusal": nil}, nil)) {
		return
	}
	for i, piece := range splitRunes(reply, s.opt.StreamChunk) {
		if i == drop {
			// Abort the response mid-body: the client sees an unexpected EOF.
			panic(http.ErrAbortHandler)
		}
		if !send(withDelta(map[string]any{"content": piece}, nil)) {
			return
		}
	}
	if drop >= 0 {
		panic(http.ErrAbortHandler)
	}
	if !send(withDelta(map[string]any{}, &finish)) {
		return
	}
	if includeUsage {
		b, _ := json.Marshal(u)
		final := c
		final.Choices, final.Usage = []chunkChoice{}, b
		if !send(final) {
			return
		}
	}
	_, _ = fmt.Fprint(w, "data: [DONE]\n\n")
}

type completion struct {
	ID                  string   `json:"id"`
	Object              string   `json:"object"`
	Created             int64    `json:"created"`
	Model               string   `json:"model"`
	Choices             []choice `json:"choices"`
	Usage               usage    `json:"usage"`
	ServiceTier         string   `json:"service_tier,omitempty"`
	SystemFingerprint   string   `json:"system_fingerprint"`
	PromptFilterResults []any    `json:"prompt_filter_results,omitempty"`
}

type choice struct {
	Index                int     `json:"index"`
	Message              message `json:"message"`
	Logprobs             any     `json:"logprobs"`
	FinishReason         string  `json:"finish_reason"`
	ContentFilterResults any     `json:"content_filter_results,omitempty"`
}

type message struct {
	Role        string `json:"role"`
	Content     string `json:"content"`
	Refusal     any    `json:"refusal"`
	Annotations []any  `json:"annotations,omitempty"`
}

type usage struct {
	PromptTokens            int            `json:"prompt_tokens"`
	CompletionTokens        int            `json:"completion_tokens"`
	TotalTokens             int            `json:"total_tokens"`
	PromptTokensDetails     map[string]int `json:"prompt_tokens_details"`
	CompletionTokensDetails map[string]int `json:"completion_tokens_details"`
}

type chunk struct {
	ID                  string          `json:"id"`
	Object              string          `json:"object"`
	Created             int64           `json:"created"`
	Model               string          `json:"model"`
	ServiceTier         string          `json:"service_tier,omitempty"`
	SystemFingerprint   string          `json:"system_fingerprint,omitempty"`
	Choices             []chunkChoice   `json:"choices"`
	Usage               json.RawMessage `json:"usage,omitempty"`
	Obfuscation         string          `json:"obfuscation,omitempty"`
	PromptFilterResults []any           `json:"prompt_filter_results,omitempty"`
}

type chunkChoice struct {
	Index                int            `json:"index"`
	Delta                map[string]any `json:"delta"`
	Logprobs             any            `json:"logprobs"`
	FinishReason         *string        `json:"finish_reason"`
	ContentFilterResults any            `json:"content_filter_results,omitempty"`
}

func contentFilterResults() map[string]any {
	safe := map[string]any{"filtered": false, "severity": "safe"}
	return map[string]any{"hate": safe, "self_harm": safe, "sexual": safe, "violence": safe}
}

func promptFilterResults() []any {
	return []any{map[string]any{"prompt_index": 0, "content_filter_results": contentFilterResults()}}
}

// textContent reads a message's content, which is either a string or an array
// of parts ({"type":"text","text":...}); null (assistant tool calls) is "".
func textContent(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	_ = json.Unmarshal(raw, &parts)
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.Text)
	}
	return b.String()
}

func stringOrList(raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var list []string
	_ = json.Unmarshal(raw, &list)
	return list
}

func splitRunes(s string, n int) []string {
	var out []string
	runes := []rune(s)
	for i := 0; i < len(runes); i += n {
		out = append(out, string(runes[i:min(i+n, len(runes))]))
	}
	return out
}

// truncateRunes cuts s to at most n bytes without splitting a rune.
func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
