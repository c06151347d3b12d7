package llm

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/seogo/seogo/internal/fakeopenai"
	"github.com/seogo/seogo/provider"
)

const testKey = "sk-test-키"

func openAIChat(t *testing.T, s *fakeopenai.Server, mutate func(*ChatConfig)) *Chat {
	t.Helper()
	cfg := DefaultChat()
	cfg.Endpoint = provider.Endpoint{Provider: provider.Compatible, BaseURL: s.URL, APIKey: testKey, MaxRetries: 3}
	cfg.Model = "gpt-4o-mini"
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := NewChat(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestChatDefaultsAndStreaming(t *testing.T) {
	reply := "서울은 대한민국의 수도입니다 [1]."
	s := fakeopenai.New(t, fakeopenai.Options{APIKey: testKey, Reply: func(fakeopenai.ChatRequest) string { return reply }})
	c := openAIChat(t, s, nil)
	msgs := []Message{{RoleSystem, "출처만 쓰세요"}, {RoleUser, "수도는?"}}

	got, err := c.Chat(context.Background(), msgs, nil)
	if err != nil || got.Text != reply || got.FinishReason != "stop" || got.Usage.CompletionTokens == 0 {
		t.Fatalf("non-streaming: %+v %v", got, err)
	}
	var deltas []string
	got, err = c.Chat(context.Background(), msgs, func(d string) error { deltas = append(deltas, d); return nil })
	if err != nil || got.Text != reply || strings.Join(deltas, "") != reply || len(deltas) < 3 {
		t.Fatalf("streaming: %+v %q %v", got, deltas, err)
	}
	if got.Usage.PromptTokens == 0 {
		t.Fatalf("streamed usage chunk not read: %+v", got.Usage)
	}
	chats := s.Chats()
	if len(chats) != 2 {
		t.Fatalf("%d chat requests", len(chats))
	}
	for i, r := range chats {
		// The lecture's settings: greedy decoding, no penalties.
		if r.Temperature == nil || *r.Temperature != 0 || r.TopP == nil || *r.TopP != 1 ||
			r.PresencePenalty == nil || *r.PresencePenalty != 0 || r.FrequencyPenalty == nil || *r.FrequencyPenalty != 0 {
			t.Fatalf("request %d sampling: %+v", i, r)
		}
		if r.MaxTokens == nil || *r.MaxTokens != 1024 || r.Model != "gpt-4o-mini" {
			t.Fatalf("request %d: max_tokens %v model %q", i, r.MaxTokens, r.Model)
		}
		if len(r.Messages) != 2 || r.Messages[0].Role != "system" || r.Messages[1].Content != "수도는?" {
			t.Fatalf("request %d messages: %+v", i, r.Messages)
		}
	}
	if !chats[1].Stream || !chats[1].IncludeUsage {
		t.Fatalf("stream request: %+v", chats[1])
	}
	if h := s.Requests()[0].Header.Get("Authorization"); h != "Bearer "+testKey {
		t.Fatalf("auth header %q", h)
	}
}

func TestChatErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   error
		hint   string
	}{
		{"401", 401, `{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`, provider.ErrAuth, "OPENAI_API_KEY"},
		{"403", 403, `{"error":{"message":"denied","type":"permission_error","param":null,"code":null}}`, provider.ErrForbidden, "firewall"},
		{"404", 404, `{"error":{"message":"The model does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}}`, provider.ErrNotFound, "seogo models"},
		{"quota", 429, `{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}`, provider.ErrRateLimited, "quota"},
		{"context", 400, `{"error":{"message":"maximum context length is 8192 tokens","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}`, provider.ErrBadRequest, "context_tokens"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := fakeopenai.New(t, fakeopenai.Options{APIKey: testKey})
			c := openAIChat(t, s, func(c *ChatConfig) { c.MaxRetries = 1 })
			// x-should-retry: false so a 429 for quota is not retried.
			s.FailNext(5, tc.status, tc.body, http.Header{"X-Should-Retry": {"false"}})
			_, err := c.Chat(context.Background(), []Message{{RoleUser, "q"}}, nil)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.hint) {
				t.Fatalf("got %v, want %v mentioning %q", err, tc.want, tc.hint)
			}
			if strings.Contains(err.Error(), testKey) {
				t.Fatalf("error leaks the key: %v", err)
			}
		})
	}
}

func TestChatRetriesHonourRetryAfter(t *testing.T) {
	s := fakeopenai.New(t, fakeopenai.Options{})
	c := openAIChat(t, s, nil)
	s.FailNext(1, 429, `{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}`,
		http.Header{"Retry-After-Ms": {"300"}})
	s.FailNext(1, 503, `{"error":{"message":"overloaded","type":"server_error","param":null,"code":null}}`, nil)
	start := time.Now()
	got, err := c.Chat(context.Background(), []Message{{RoleUser, "q"}}, nil)
	if err != nil || got.Text != fakeopenai.DefaultReply {
		t.Fatalf("after retries: %+v %v", got, err)
	}
	if waited := time.Since(start); waited < 300*time.Millisecond {
		t.Fatalf("Retry-After-Ms 300 not honoured: retried after %v", waited)
	}
	if n := len(s.Requests()); n != 3 {
		t.Fatalf("%d requests, want 3", n)
	}
}

func TestChatDroppedStreamAndCancel(t *testing.T) {
	s := fakeopenai.New(t, fakeopenai.Options{Reply: func(fakeopenai.ChatRequest) string { return strings.Repeat("가나다라마바사", 20) }})
	c := openAIChat(t, s, nil)
	s.DropStreamAfter(3)
	got, err := c.Chat(context.Background(), []Message{{RoleUser, "q"}}, func(string) error { return nil })
	if !errors.Is(err, ErrInterrupted) || got.Text == "" {
		t.Fatalf("dropped stream: %q %v", got.Text, err)
	}

	slow := fakeopenai.New(t, fakeopenai.Options{ChunkDelay: 50 * time.Millisecond})
	c = openAIChat(t, slow, nil)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	_, err = c.Chat(ctx, []Message{{RoleUser, "q"}}, func(string) error {
		if n++; n == 2 {
			cancel() // Ctrl-C mid-answer
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancel: %v", err)
	}
}

func TestChatTimeout(t *testing.T) {
	// One stalled attempt is retried (the SDK does not retry its own timeout).
	s := fakeopenai.New(t, fakeopenai.Options{})
	c := openAIChat(t, s, func(c *ChatConfig) { c.Timeout = 300 * time.Millisecond; c.MaxRetries = 2 })
	s.Slow(2 * time.Second)
	if got, err := c.Chat(context.Background(), []Message{{RoleUser, "q"}}, nil); err != nil || got.Text == "" {
		t.Fatalf("after one slow attempt: %+v %v", got, err)
	}
	// A server that is always too slow ends in a clear timeout error.
	slow := fakeopenai.New(t, fakeopenai.Options{Latency: 2 * time.Second})
	c = openAIChat(t, slow, func(c *ChatConfig) { c.Timeout = 200 * time.Millisecond; c.MaxRetries = 1 })
	_, err := c.Chat(context.Background(), []Message{{RoleUser, "q"}}, nil)
	if !errors.Is(err, provider.ErrTimeout) || !strings.Contains(err.Error(), "llm.timeout") {
		t.Fatalf("timeout: %v", err)
	}
}

func TestReasoningModelParams(t *testing.T) {
	s := fakeopenai.New(t, fakeopenai.Options{Models: []string{"o3-mini"}})
	c := openAIChat(t, s, func(c *ChatConfig) { c.Model = "o3-mini" })
	if _, err := c.Chat(context.Background(), []Message{{RoleUser, "q"}}, nil); err != nil {
		t.Fatal(err)
	}
	r := s.Chats()[0]
	if r.Temperature != nil || r.TopP != nil || r.MaxTokens != nil || r.MaxCompletionTokens == nil {
		t.Fatalf("reasoning model got sampling params: %+v", r)
	}
}
