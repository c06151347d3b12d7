package fakeopenai

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/packages/param"
)

const testKey = "sk-test-0123456789abcdef"

// newClient is the SDK client as seogo builds it. NewClient also reads
// OPENAI_* variables by itself (a stray OPENAI_CUSTOM_HEADERS or
// OPENAI_ORG_ID would change what is sent), so they are blanked for the test.
func newClient(t *testing.T, s *Server, key string, opts ...option.RequestOption) openai.Client {
	t.Helper()
	for _, v := range []string{"OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_ADMIN_KEY", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_CUSTOM_HEADERS"} {
		t.Setenv(v, "")
	}
	return openai.NewClient(append([]option.RequestOption{option.WithBaseURL(s.URL), option.WithAPIKey(key)}, opts...)...)
}

func chatParams(model string) openai.ChatCompletionNewParams {
	return openai.ChatCompletionNewParams{
		Model:            model,
		Messages:         []openai.ChatCompletionMessageParamUnion{openai.SystemMessage("출처만 사용하세요."), openai.UserMessage("배송 상태를 어떻게 확인하죠?")},
		Temperature:      openai.Float(0),
		TopP:             openai.Float(1),
		PresencePenalty:  openai.Float(0),
		FrequencyPenalty: openai.Float(0),
		MaxTokens:        openai.Int(256),
	}
}

func TestChat(t *testing.T) {
	s := New(t, Options{APIKey: testKey})
	c := newClient(t, s, testKey, option.WithOrganization("org-1"), option.WithProject("proj-1"))
	res, err := c.Chat.Completions.New(context.Background(), chatParams("gpt-4o-mini"))
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Choices[0].Message.Content; got != DefaultReply {
		t.Errorf("content = %q", got)
	}
	if !strings.HasPrefix(res.ID, "chatcmpl-") || res.Object != "chat.completion" || res.Model != "gpt-4o-mini" || res.Choices[0].FinishReason != "stop" {
		t.Errorf("unexpected completion %s", res.RawJSON())
	}
	if res.Usage.TotalTokens != res.Usage.PromptTokens+res.Usage.CompletionTokens || res.Usage.CompletionTokens == 0 {
		t.Errorf("usage = %+v", res.Usage)
	}
	req := s.Requests()[0]
	if req.Method != http.MethodPost || req.Path != "/v1/chat/completions" {
		t.Errorf("request %s %s", req.Method, req.Path)
	}
	for h, want := range map[string]string{"Authorization": "Bearer " + testKey, "OpenAI-Organization": "org-1", "OpenAI-Project": "proj-1", "Content-Type": "application/json"} {
		if got := req.Header.Get(h); got != want {
			t.Errorf("header %s = %q, want %q", h, got, want)
		}
	}
	chat := s.Chats()[0]
	if *chat.Temperature != 0 || *chat.TopP != 1 || *chat.PresencePenalty != 0 || *chat.FrequencyPenalty != 0 || *chat.MaxTokens != 256 || chat.MaxCompletionTokens != nil || chat.Stream {
		t.Errorf("decoded request %+v", chat)
	}
	if len(chat.Messages) != 2 || chat.Messages[0].Role != "system" || chat.Messages[1].Content != "배송 상태를 어떻게 확인하죠?" {
		t.Errorf("messages %+v", chat.Messages)
	}
}

func TestChatStreamWithUsage(t *testing.T) {
	reply := "배송 상태는 마이페이지에서 확인할 수 있습니다 [1]."
	s := New(t, Options{Reply: func(ChatRequest) string { return reply }, StreamChunk: 4})
	c := newClient(t, s, testKey)
	p := chatParams("gpt-4o")
	p.StreamOptions = openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}
	stream := c.Chat.Completions.NewStreaming(context.Background(), p)
	var acc openai.ChatCompletionAccumulator
	var deltas []string
	var sawUsageChunk, finished bool
	for stream.Next() {
		ch := stream.Current()
		if !acc.AddChunk(ch) {
			t.Fatalf("accumulator rejected %s", ch.RawJSON())
		}
		if _, ok := acc.JustFinishedContent(); ok {
			finished = true
		}
		if len(ch.Choices) == 0 {
			sawUsageChunk = ch.Usage.TotalTokens > 0
			continue
		}
		if d := ch.Choices[0].Delta.Content; d != "" {
			deltas = append(deltas, d)
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if got := acc.Choices[0].Message.Content; got != reply || strings.Join(deltas, "") != reply {
		t.Errorf("accumulated %q", got)
	}
	if len(deltas) != len(splitRunes(reply, 4)) || !sawUsageChunk || !finished {
		t.Errorf("deltas %d, usage chunk %v, finished %v", len(deltas), sawUsageChunk, finished)
	}
	if acc.Usage.CompletionTokens != int64(approxTokens(reply)) || acc.Choices[0].FinishReason != "stop" {
		t.Errorf("usage %+v finish %q", acc.Usage, acc.Choices[0].FinishReason)
	}
	if ch := s.Chats()[0]; !ch.Stream || !ch.IncludeUsage {
		t.Errorf("stream flags %+v", ch)
	}
}

func TestChatMaxTokensStopsWithLength(t *testing.T) {
	s := New(t, Options{})
	c := newClient(t, s, testKey)
	p := chatParams("gpt-4o")
	p.MaxTokens = param.Opt[int64]{}
	p.MaxCompletionTokens = openai.Int(2)
	res, err := c.Chat.Completions.New(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if res.Choices[0].FinishReason != "length" || len(res.Choices[0].Message.Content) > 8 {
		t.Errorf("finish %q content %q", res.Choices[0].FinishReason, res.Choices[0].Message.Content)
	}
}

func TestEmbeddingsFloatAndBase64(t *testing.T) {
	s := New(t, Options{})
	c := newClient(t, s, testKey)
	texts := []string{"배송 상태 확인", "배송 상태를 확인하는 방법", "환불 정책 안내"}
	embed := func(format openai.EmbeddingNewParamsEncodingFormat, dims int64) [][]float64 {
		p := openai.EmbeddingNewParams{
			Model: openai.EmbeddingModelTextEmbedding3Small, EncodingFormat: format,
			Input: openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: texts},
		}
		if dims > 0 {
			p.Dimensions = openai.Int(dims)
		}
		res, err := c.Embeddings.New(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		if res.Object != "list" || res.Model != "text-embedding-3-small" || res.Usage.PromptTokens == 0 || len(res.Data) != len(texts) {
			t.Fatalf("response %s", res.RawJSON())
		}
		out := make([][]float64, len(res.Data))
		for i, d := range res.Data {
			if d.Index != int64(i) || d.Object != "embedding" {
				t.Fatalf("item %d: %+v", i, d)
			}
			out[i] = d.Embedding
		}
		return out
	}
	floats := embed(openai.EmbeddingNewParamsEncodingFormatFloat, 0)
	b64 := embed(openai.EmbeddingNewParamsEncodingFormatBase64, 0)
	short := embed("", 256)
	if len(floats[0]) != 1536 || len(b64[0]) != 1536 || len(short[0]) != 256 {
		t.Fatalf("dims %d %d %d", len(floats[0]), len(b64[0]), len(short[0]))
	}
	for i := range floats {
		for j := range floats[i] {
			// JSON carries the shortest decimal of each float32, base64 its
			// bits: equal once narrowed to float32, as with the real API.
			if float32(floats[i][j]) != float32(b64[i][j]) {
				t.Fatalf("float and base64 differ at %d,%d", i, j)
			}
		}
		if n := dot(short[i], short[i]); math.Abs(n-1) > 1e-5 {
			t.Errorf("shortened vector norm² %v", n)
		}
	}
	if near, far := dot(floats[0], floats[1]), dot(floats[0], floats[2]); near <= far {
		t.Errorf("shared words should be closer: %v <= %v", near, far)
	}
	if again := embed("", 0); dot(again[0], floats[0]) < 0.99999 {
		t.Error("embeddings are not deterministic")
	}
	if s.EmbedCalls() != 4 || s.EmbedInputs() != 12 {
		t.Errorf("calls %d inputs %d", s.EmbedCalls(), s.EmbedInputs())
	}
}

func TestEmbeddingLimits(t *testing.T) {
	s := New(t, Options{})
	c := newClient(t, s, testKey)
	try := func(p openai.EmbeddingNewParams) *openai.Error {
		_, err := c.Embeddings.New(context.Background(), p)
		var apiErr *openai.Error
		if !errors.As(err, &apiErr) {
			t.Fatalf("want *openai.Error, got %v", err)
		}
		return apiErr
	}
	tooMany := make([]string, maxInputs+1)
	for i := range tooMany {
		tooMany[i] = "x"
	}
	if e := try(openai.EmbeddingNewParams{Model: "text-embedding-3-small", Input: openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: tooMany}}); e.StatusCode != 400 || !strings.Contains(e.Message, "'$.input' is invalid") {
		t.Errorf("2049 inputs: %d %s", e.StatusCode, e.Message)
	}
	big := make([]string, 40)
	for i := range big {
		big[i] = strings.Repeat("word ", 8000/5*4)
	}
	if e := try(openai.EmbeddingNewParams{Model: "text-embedding-3-small", Input: openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: big}}); e.StatusCode != 400 || e.Code != "max_tokens_per_request" {
		t.Errorf("300k tokens: %d %s %s", e.StatusCode, e.Code, e.Message)
	}
	if e := try(openai.EmbeddingNewParams{Model: "text-embedding-ada-002", Dimensions: openai.Int(256), Input: openai.EmbeddingNewParamsInputUnion{OfString: openai.String("x")}}); e.StatusCode != 400 {
		t.Errorf("ada dimensions: %d %s", e.StatusCode, e.Message)
	}
	if e := try(openai.EmbeddingNewParams{Model: "text-embedding-4", Input: openai.EmbeddingNewParamsInputUnion{OfString: openai.String("x")}}); e.StatusCode != 404 || e.Code != "model_not_found" {
		t.Errorf("unknown model: %d %s", e.StatusCode, e.Code)
	}
	if len(s.Requests()) != 4 {
		t.Errorf("4xx must not be retried: %d requests", len(s.Requests()))
	}
}

func TestModels(t *testing.T) {
	s := New(t, Options{Models: []string{"gpt-4o-mini", "text-embedding-3-small"}})
	c := newClient(t, s, testKey)
	page, err := c.Models.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Data) != 2 || page.Data[0].ID != "gpt-4o-mini" || page.Data[0].OwnedBy == "" || page.Data[0].Created == 0 {
		t.Errorf("models %s", page.RawJSON())
	}
	if m, err := c.Models.Get(context.Background(), "text-embedding-3-small"); err != nil || m.ID != "text-embedding-3-small" {
		t.Errorf("get: %v %v", m, err)
	}
	_, err = c.Chat.Completions.New(context.Background(), chatParams("gpt-4o"))
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.Code != "model_not_found" {
		t.Errorf("chat with an unlisted model: %v", err)
	}
}

func TestWrongKeyIs401(t *testing.T) {
	s := New(t, Options{APIKey: testKey})
	c := newClient(t, s, "sk-wrong-key-999999")
	_, err := c.Chat.Completions.New(context.Background(), chatParams("gpt-4o"))
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || apiErr.Code != "invalid_api_key" || apiErr.Type != "invalid_request_error" {
		t.Fatalf("got %v", err)
	}
	if strings.Contains(apiErr.Message, "sk-wrong-key-999999") || !strings.Contains(apiErr.Message, "9999") {
		t.Errorf("key not masked like the real API: %s", apiErr.Message)
	}
	if n := len(s.Requests()); n != 1 {
		t.Errorf("401 was retried: %d requests", n)
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	s := New(t, Options{})
	c := newClient(t, s, testKey)
	s.FailNext(1, http.StatusTooManyRequests, "", http.Header{"Retry-After": {"1"}})
	start := time.Now()
	if _, err := c.Chat.Completions.New(context.Background(), chatParams("gpt-4o")); err != nil {
		t.Fatal(err)
	}
	if wait := time.Since(start); wait < 900*time.Millisecond || wait > 3*time.Second {
		t.Errorf("waited %v for Retry-After: 1", wait)
	}
	reqs := s.Requests()
	if len(reqs) != 2 || reqs[1].Header.Get("X-Stainless-Retry-Count") != "1" || s.RateLimited() != 1 {
		t.Errorf("%d requests, retry count %q, 429s %d", len(reqs), reqs[len(reqs)-1].Header.Get("X-Stainless-Retry-Count"), s.RateLimited())
	}

	// 5xx: the SDK makes 1 + 2 attempts (its default) and returns the last error.
	s.FailNext(3, http.StatusServiceUnavailable, "", http.Header{"retry-after-ms": {"20"}})
	_, err := c.Chat.Completions.New(context.Background(), chatParams("gpt-4o"))
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || len(s.Requests()) != 5 {
		t.Errorf("503s: %v after %d requests", err, len(s.Requests()))
	}
}

func TestRateLimiter(t *testing.T) {
	s := New(t, Options{RPM: 2, TPM: 1000})
	c := newClient(t, s, testKey, option.WithMaxRetries(0))
	in := openai.EmbeddingNewParams{Model: "text-embedding-3-small", Input: openai.EmbeddingNewParamsInputUnion{OfString: openai.String(strings.Repeat("가", 800))}}
	if _, err := c.Embeddings.New(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	// 600 tokens used of 1000: another 600 is over TPM.
	_, err := c.Embeddings.New(context.Background(), in)
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.Type != "tokens" || apiErr.Code != "rate_limit_exceeded" {
		t.Fatalf("TPM: %v", err)
	}
	for range 2 {
		_, err = c.Chat.Completions.New(context.Background(), chatParams("gpt-4o"))
	}
	if !errors.As(err, &apiErr) || apiErr.Type != "requests" {
		t.Fatalf("RPM: %v", err)
	}
	h := apiErr.Response.Header
	if h.Get("Retry-After") == "" || h.Get("retry-after-ms") == "" || h.Get("x-ratelimit-remaining-requests") != "0" {
		t.Errorf("429 headers %v", h)
	}
	if s.RateLimited() != 2 || s.EmbedCalls() != 1 {
		t.Errorf("429s %d, embed calls %d", s.RateLimited(), s.EmbedCalls())
	}
}

func TestDroppedStreamIsAnError(t *testing.T) {
	s := New(t, Options{})
	c := newClient(t, s, testKey)
	s.DropStreamAfter(2)
	stream := c.Chat.Completions.NewStreaming(context.Background(), chatParams("gpt-4o"))
	var got strings.Builder
	for stream.Next() {
		if ch := stream.Current(); len(ch.Choices) > 0 {
			got.WriteString(ch.Choices[0].Delta.Content)
		}
	}
	if stream.Err() == nil {
		t.Fatal("a stream cut before [DONE] must report an error")
	}
	if want := strings.Join(splitRunes(DefaultReply, 3)[:2], ""); got.String() != want {
		t.Errorf("received %q before the drop, want %q", got.String(), want)
	}
	// Only the next stream is dropped.
	stream = c.Chat.Completions.NewStreaming(context.Background(), chatParams("gpt-4o"))
	for stream.Next() {
	}
	if err := stream.Err(); err != nil {
		t.Errorf("second stream: %v", err)
	}
}

func TestCancelMidStream(t *testing.T) {
	s := New(t, Options{ChunkDelay: 50 * time.Millisecond})
	c := newClient(t, s, testKey)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stream := c.Chat.Completions.NewStreaming(ctx, chatParams("gpt-4o"))
	deltas := 0
	for stream.Next() {
		if ch := stream.Current(); len(ch.Choices) > 0 && ch.Choices[0].Delta.Content != "" {
			deltas++
			cancel() // Ctrl-C after the first token
		}
	}
	if !errors.Is(stream.Err(), context.Canceled) || deltas != 1 {
		t.Errorf("err %v after %d deltas", stream.Err(), deltas)
	}
}

func TestSlowResponseHitsDeadline(t *testing.T) {
	s := New(t, Options{})
	c := newClient(t, s, testKey)
	s.Slow(2 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := c.Chat.Completions.New(ctx, chatParams("gpt-4o")); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("context deadline: %v", err)
	}
	// The SDK's own per-attempt timeout ends the call without a retry.
	s.Slow(2 * time.Second)
	_, err := c.Chat.Completions.New(context.Background(), chatParams("gpt-4o"), option.WithRequestTimeout(100*time.Millisecond))
	if !errors.Is(err, context.DeadlineExceeded) || len(s.Requests()) != 2 {
		t.Errorf("request timeout: %v after %d requests", err, len(s.Requests()))
	}
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
