package fakeopenai

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// The real embeddings endpoint's limits, from the API reference: at most 2048
// inputs, 8192 tokens per input and 300,000 tokens summed over a request.
const (
	maxInputs          = 2048
	maxTokensPerInput  = 8192
	maxTokensPerCall   = 300_000
	featureSpread      = 32         // dimensions each word or bigram adds to
	baseWeight         = 0.05       // weight of the per-text dense component
	createdModelsEpoch = 1686935002 // "created" of listed models, a real 2023 timestamp
)

type embedWire struct {
	Model          string          `json:"model"`
	Input          json.RawMessage `json:"input"`
	EncodingFormat string          `json:"encoding_format"`
	Dimensions     *int            `json:"dimensions"`
}

// invalidInput is what the API says for an empty input or more than 2048.
var invalidInput = apiError{Message: "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", Type: "invalid_request_error"}

func (s *Server) serveEmbeddings(w http.ResponseWriter, body []byte, deployment string) {
	var wire embedWire
	if err := json.Unmarshal(body, &wire); err != nil {
		writeError(w, http.StatusBadRequest, badJSON)
		return
	}
	model := wire.Model
	if s.opt.Azure && deployment != "" {
		model = deployment
	}
	if !s.opt.Azure {
		switch {
		case model == "":
			writeError(w, http.StatusBadRequest, apiError{Message: "you must provide a model parameter", Type: "invalid_request_error"})
			return
		case !slices.Contains(s.opt.Models, model):
			writeError(w, http.StatusNotFound, modelNotFound(model))
			return
		case !strings.Contains(model, "embedding"):
			writeError(w, http.StatusBadRequest, apiError{Message: "You are not allowed to generate embeddings from this model", Type: "invalid_request_error"})
			return
		}
	}
	inputs, ok := parseInputs(wire.Input)
	if !ok || len(inputs) == 0 || len(inputs) > maxInputs {
		writeError(w, http.StatusBadRequest, invalidInput)
		return
	}
	total := 0
	for _, in := range inputs {
		if in.tokens == 0 {
			writeError(w, http.StatusBadRequest, invalidInput)
			return
		}
		if in.tokens > maxTokensPerInput {
			writeError(w, http.StatusBadRequest, apiError{Message: fmt.Sprintf("This model's maximum context length is %d tokens, however you requested %d tokens (%d in your prompt; 0 for the completion). Please reduce your prompt; or completion length.", maxTokensPerInput, in.tokens, in.tokens), Type: "invalid_request_error"})
			return
		}
		total += in.tokens
	}
	if total > maxTokensPerCall {
		writeError(w, http.StatusBadRequest, apiError{Message: fmt.Sprintf("Requested %d tokens, max %d tokens per request", total, maxTokensPerCall), Type: "max_tokens_per_request", Code: "max_tokens_per_request"})
		return
	}
	native := s.nativeDim(model)
	dim := native
	if wire.Dimensions != nil {
		// Only the text-embedding-3 models can shorten their vectors.
		if !strings.Contains(model, "embedding-3") && !s.opt.Azure {
			writeError(w, http.StatusBadRequest, apiError{Message: "This model does not support specifying dimensions.", Type: "invalid_request_error"})
			return
		}
		if *wire.Dimensions < 1 || *wire.Dimensions > native {
			writeError(w, http.StatusBadRequest, apiError{Message: fmt.Sprintf("Invalid value for 'dimensions' = %d. Must be between 1 and %d.", *wire.Dimensions, native), Type: "invalid_request_error", Param: "dimensions"})
			return
		}
		dim = *wire.Dimensions
	}
	if wire.EncodingFormat != "" && wire.EncodingFormat != "float" && wire.EncodingFormat != "base64" {
		writeError(w, http.StatusBadRequest, apiError{Message: fmt.Sprintf("Invalid value: '%s'. Supported values are: 'float' and 'base64'.", wire.EncodingFormat), Type: "invalid_request_error", Param: "encoding_format", Code: "invalid_value"})
		return
	}
	label := model
	if s.opt.Azure {
		label = "Embeddings_Create"
	}
	if !s.limit(w, label, total) {
		return
	}

	type item struct {
		Object    string `json:"object"`
		Index     int    `json:"index"`
		Embedding any    `json:"embedding"`
	}
	data := make([]item, len(inputs))
	for i, in := range inputs {
		v := Embed(in.text, native)[:dim]
		normalize(v)
		data[i] = item{Object: "embedding", Index: i, Embedding: v}
		if wire.EncodingFormat == "base64" {
			data[i].Embedding = encodeBase64(v)
		}
	}
	s.mu.Lock()
	s.embedCalls++
	s.embedInputs += len(inputs)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"object": "list", "data": data, "model": model,
		"usage": map[string]int{"prompt_tokens": total, "total_tokens": total},
	})
}

// nativeDim is the full vector length before any "dimensions" shortening.
func (s *Server) nativeDim(model string) int {
	switch {
	case s.opt.EmbedDim > 0:
		return s.opt.EmbedDim
	case strings.Contains(model, "3-large"):
		return 3072
	}
	return 1536
}

type embedInput struct {
	text   string
	tokens int
}

// parseInputs accepts the four shapes of "input": a string, an array of
// strings, an array of tokens, or an array of token arrays. Token arrays are
// embedded as the text of their numbers.
func parseInputs(raw json.RawMessage) ([]embedInput, bool) {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []embedInput{{one, approxTokens(one)}}, true
	}
	var many []string
	if json.Unmarshal(raw, &many) == nil {
		out := make([]embedInput, len(many))
		for i, t := range many {
			out[i] = embedInput{t, approxTokens(t)}
		}
		return out, true
	}
	tokensText := func(ts []int) embedInput {
		words := make([]string, len(ts))
		for i, t := range ts {
			words[i] = "t" + strconv.Itoa(t)
		}
		return embedInput{strings.Join(words, " "), len(ts)}
	}
	var tokens []int
	if json.Unmarshal(raw, &tokens) == nil {
		return []embedInput{tokensText(tokens)}, true
	}
	var arrays [][]int
	if json.Unmarshal(raw, &arrays) == nil {
		out := make([]embedInput, len(arrays))
		for i, ts := range arrays {
			out[i] = tokensText(ts)
		}
		return out, true
	}
	return nil, false
}

// Embed returns the fake server's unit vector of length dim for text. It is
// deterministic, so the same text always gets the same vector, and it is the
// sum of hashed vectors of the text's words and Hangul bigrams, so texts that
// share words (or, in Korean, stems: 배송을 and 배송이 share 배송) are closer,
// and retrieval over fake embeddings ranks sensibly. A small dense component
// seeded by the whole text keeps every vector dense and distinct.
// Tests can call it to predict what the server returns.
func Embed(text string, dim int) []float32 {
	v := make([]float64, dim)
	base := newRand(hash(text))
	for i := range v {
		v[i] = baseWeight * base.float()
	}
	for _, f := range features(text) {
		r := newRand(hash(f))
		for range featureSpread {
			x := r.next()
			sign := 1.0
			if x&1 == 1 {
				sign = -1
			}
			v[(x>>1)%uint64(dim)] += sign
		}
	}
	out := make([]float32, dim)
	for i, x := range v {
		out[i] = float32(x)
	}
	normalize(out)
	return out
}

func features(text string) []string {
	var out []string
	for _, word := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	}) {
		out = append(out, "w:"+word)
		runes := []rune(word)
		for i := 0; i+1 < len(runes); i++ {
			if unicode.Is(unicode.Hangul, runes[i]) || unicode.Is(unicode.Hangul, runes[i+1]) {
				out = append(out, "b:"+string(runes[i:i+2]))
			}
		}
	}
	return out
}

// normalize scales v to unit length in place, which is what the real models
// return (and what "dimensions" shortening re-establishes after truncating).
func normalize(v []float32) {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 {
		return
	}
	n := float32(1 / math.Sqrt(sum))
	for i := range v {
		v[i] *= n
	}
}

// encodeBase64 is encoding_format "base64": the vector's float32 values,
// little-endian, in standard base64. The SDK decodes exactly this.
func encodeBase64(v []float32) string {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return base64.StdEncoding.EncodeToString(b)
}

func hash(s string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(s))
	return h.Sum64()
}

// splitmix64: a tiny, well-mixed generator, so vectors do not depend on
// math/rand's algorithm or version.
type splitmix uint64

func newRand(seed uint64) *splitmix { r := splitmix(seed); return &r }

func (r *splitmix) next() uint64 {
	*r += 0x9e3779b97f4a7c15
	z := uint64(*r)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *splitmix) float() float64 { return float64(r.next()>>11)/(1<<52) - 1 }

// serveModelList answers GET /v1/models like OpenAI.
func (s *Server) serveModelList(w http.ResponseWriter) {
	data := make([]map[string]any, len(s.opt.Models))
	for i, id := range s.opt.Models {
		data[i] = openAIModel(id)
	}
	writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": data})
}

func (s *Server) serveModel(w http.ResponseWriter, id string) {
	if !slices.Contains(s.opt.Models, id) {
		writeError(w, http.StatusNotFound, apiError{Message: fmt.Sprintf("The model '%s' does not exist", id), Type: "invalid_request_error", Param: "model", Code: "model_not_found"})
		return
	}
	writeJSON(w, http.StatusOK, openAIModel(id))
}

func openAIModel(id string) map[string]any {
	return map[string]any{"id": id, "object": "model", "created": createdModelsEpoch, "owned_by": "system"}
}

// serveAzureModelList answers GET /openai/models in Azure's own shape, which
// lists base models (not deployments) with created_at, status and
// capabilities, and no owned_by or created: the SDK's Model.Created stays 0.
func (s *Server) serveAzureModelList(w http.ResponseWriter) {
	data := make([]map[string]any, len(s.opt.Models))
	for i, id := range s.opt.Models {
		embeds := strings.Contains(id, "embedding")
		data[i] = map[string]any{
			"id": id, "object": "model", "created_at": createdModelsEpoch, "status": "succeeded",
			"lifecycle_status": "generally-available",
			"capabilities":     map[string]bool{"chat_completion": !embeds, "embeddings": embeds, "completion": false, "fine_tune": false, "inference": true},
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": data})
}
