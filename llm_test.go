package seogo

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/seogo/seogo/internal/fakeopenai"
	"github.com/seogo/seogo/llm"
	"github.com/seogo/seogo/prompt"
	"github.com/seogo/seogo/provider"
	"github.com/seogo/seogo/store/storetest"
)

// llmDocs are three short Korean documents; each holds one fact that a
// question below asks for.
var llmDocs = map[string]string{
	"배송.md": "# 배송 안내\n\n주문한 상품은 결제 후 평균 2일 안에 출고됩니다. 배송 상태는 마이페이지의 주문 내역에서 확인할 수 있습니다.",
	"환불.md": "# 환불 정책\n\n상품을 받은 날부터 7일 안에 환불을 요청할 수 있습니다. 환불 금액은 결제 수단으로 3영업일 안에 돌려드립니다.",
	"회원.md": "# 회원 등급\n\n최근 6개월 구매 금액이 50만 원을 넘으면 골드 등급이 됩니다.",
}

// sourceNumber finds the number the prompt gave the source that holds want.
func sourceNumber(req fakeopenai.ChatRequest, want string) string {
	user := req.Messages[len(req.Messages)-1].Content
	re := regexp.MustCompile(`(?m)^\[(\d+)\]`)
	locs := re.FindAllStringSubmatchIndex(user, -1)
	for i, l := range locs {
		end := len(user)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		if strings.Contains(user[l[0]:end], want) {
			return user[l[2]:l[3]]
		}
	}
	return ""
}

func llmEngine(t *testing.T, s *fakeopenai.Server, edit ...func(*Config)) *Engine {
	t.Helper()
	dir := t.TempDir()
	writeTree(t, dir, llmDocs)
	e := openTestEngine(t, append([]func(*Config){func(c *Config) {
		c.LLM.Provider, c.LLM.Model = provider.Compatible, "gpt-4o-mini"
		c.LLM.BaseURL, c.LLM.APIKey = s.URL, "sk-test"
		c.Getenv = func(string) string { return "" }
	}}, edit...)...)
	mustIngest(t, e, IngestOptions{}, dir)
	return e
}

func TestAskWithLLM(t *testing.T) {
	s := fakeopenai.New(t, fakeopenai.Options{APIKey: "sk-test", Reply: func(req fakeopenai.ChatRequest) string {
		n := sourceNumber(req, "7일 안에 환불")
		return "상품을 받은 날부터 7일 안에 환불을 요청할 수 있습니다 [" + n + "]. 환불은 무조건 현금으로 합니다 [9]."
	}})
	e := llmEngine(t, s)
	var streamed strings.Builder
	ans, err := e.Ask(context.Background(), "환불은 며칠 안에 요청할 수 있나요?", AskOptions{
		OnDelta: func(d string) error { streamed.WriteString(d); return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Generator != "llm:openai-compatible:gpt-4o-mini" || ans.NotFound {
		t.Fatalf("generator %q not found %v", ans.Generator, ans.NotFound)
	}
	if strings.Contains(streamed.String(), "[9]") || strings.Contains(ans.Text, "[9]") {
		t.Fatalf("fabricated citation shown: stream %q answer %q", streamed.String(), ans.Text)
	}
	if !slices.Equal(ans.Removed, []int{9}) {
		t.Fatalf("removed %v", ans.Removed)
	}
	if len(ans.Citations) != 1 || filepath.Base(ans.Citations[0].Source) != "환불.md" {
		t.Fatalf("citations %+v", ans.Citations)
	}
	c := ans.Citations[0]
	text, err := e.Store().DocumentText(context.Background(), "default", c.DocID)
	if err != nil || !strings.Contains(text[c.Start:c.End], "7일 안에 환불") {
		t.Fatalf("citation span %d-%d does not hold the fact: %v", c.Start, c.End, err)
	}
	// What was sent: the system prompt, the numbered sources with the
	// passage, the question; greedy sampling; within the token budget.
	req := s.Chats()[0]
	user := req.Messages[len(req.Messages)-1].Content
	if req.Messages[0].Role != "system" || !strings.Contains(user, "7일 안에 환불을 요청할 수 있습니다") || !strings.Contains(user, "환불은 며칠 안에") {
		t.Fatalf("prompt sent: %+v", req.Messages)
	}
	if *req.Temperature != 0 || !req.Stream {
		t.Fatalf("temperature %v stream %v", *req.Temperature, req.Stream)
	}
	tok, err := prompt.NewTokenizer(prompt.EncodingForModel("gpt-4o-mini"))
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, m := range req.Messages {
		total += tok.Count(m.Content)
	}
	if budget := e.cfg.LLM.ContextTokens - e.cfg.LLM.MaxTokens; total > budget {
		t.Fatalf("prompt has %d tokens, budget %d", total, budget)
	}
}

func TestAskLLMSaysNotFound(t *testing.T) {
	s := fakeopenai.New(t, fakeopenai.Options{Reply: func(fakeopenai.ChatRequest) string { return prompt.NotFoundKo }})
	e := llmEngine(t, s)
	ans, err := e.Ask(context.Background(), "환불 담당 부서의 전화번호는 무엇인가요?", AskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !ans.NotFound || len(ans.Citations) != 0 || len(ans.Evidence) == 0 {
		t.Fatalf("not found: %+v", ans)
	}
	// --llm none on the same engine falls back to the extractive answerer.
	ans, err = e.Ask(context.Background(), "배송 상태는 어디서 확인하나요?", AskOptions{LLM: "none"})
	if err != nil || ans.Generator != "extractive" {
		t.Fatalf("extractive fallback: %q %v", ans.Generator, err)
	}
}

// TestAskPerChatSettings checks that a chat's own model, temperature and
// passage count reach the provider and the retriever, and that bad values
// are refused before any call.
func TestAskPerChatSettings(t *testing.T) {
	s := fakeopenai.New(t, fakeopenai.Options{Models: append(fakeopenai.DefaultModels(), "qwen2.5:7b-instruct"),
		Reply: func(req fakeopenai.ChatRequest) string {
			return "7일 안에 환불을 요청할 수 있습니다 [" + sourceNumber(req, "7일 안에 환불") + "]."
		}})
	e := llmEngine(t, s)
	temp := 0.7
	ans, err := e.Ask(context.Background(), "환불은 며칠 안에 요청할 수 있나요?", AskOptions{
		Chat: llm.Settings{Model: "qwen2.5:7b-instruct", Temperature: &temp}, Passages: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Generator != "llm:openai-compatible:qwen2.5:7b-instruct" {
		t.Fatalf("generator %q", ans.Generator)
	}
	req := s.Chats()[0]
	if req.Model != "qwen2.5:7b-instruct" || req.Temperature == nil || *req.Temperature != 0.7 {
		t.Fatalf("sent model %q temperature %v", req.Model, req.Temperature)
	}
	if n := strings.Count(req.Messages[len(req.Messages)-1].Content, "[1]") + strings.Count(req.Messages[len(req.Messages)-1].Content, "[2]"); n != 1 {
		t.Fatalf("with Passages 1 the prompt should number one source, found %d markers:\n%s", n, req.Messages[len(req.Messages)-1].Content)
	}
	// The next question without settings is back to the configuration.
	if _, err := e.Ask(context.Background(), "환불은 며칠 안에 요청할 수 있나요?", AskOptions{}); err != nil {
		t.Fatal(err)
	}
	if req := s.Chats()[1]; req.Model != "gpt-4o-mini" || *req.Temperature != 0 {
		t.Fatalf("defaults not restored: model %q temperature %v", req.Model, *req.Temperature)
	}
	hot, bad := 2.5, -0.1
	for _, opt := range []AskOptions{
		{Chat: llm.Settings{Temperature: &hot}},
		{Chat: llm.Settings{Temperature: &bad}},
		{Chat: llm.Settings{Model: "../../admin"}},
		{Chat: llm.Settings{Model: "gpt\nInjected: 1"}},
		{Passages: -1},
		{Passages: maxPassages + 1},
	} {
		if _, err := e.Ask(context.Background(), "환불은?", opt); err == nil {
			t.Errorf("%+v accepted", opt)
		}
	}
	if n := len(s.Chats()); n != 2 {
		t.Fatalf("refused settings still called the provider: %d calls", n)
	}
	// No LLM: a model cannot be chosen; a temperature is harmless.
	if _, err := e.Ask(context.Background(), "환불은?", AskOptions{LLM: "none", Chat: llm.Settings{Model: "gpt-4o"}}); err == nil {
		t.Fatal("a model was accepted with no LLM")
	}
	ans, err = e.Ask(context.Background(), "환불은 며칠 안에 요청할 수 있나요?", AskOptions{LLM: "none", Chat: llm.Settings{Temperature: &temp}})
	if err != nil || ans.Generator != "extractive" {
		t.Fatalf("extractive with a temperature: %q %v", ans.Generator, err)
	}
}

func TestAskFollowUp(t *testing.T) {
	s := fakeopenai.New(t, fakeopenai.Options{Reply: func(req fakeopenai.ChatRequest) string {
		last := req.Messages[len(req.Messages)-1].Content
		if !strings.Contains(last, "[1]") { // the rewrite request carries no sources
			return "골드 등급이 되는 조건"
		}
		return "최근 6개월 구매 금액이 50만 원을 넘으면 됩니다 [" + sourceNumber(req, "골드 등급") + "]."
	}})
	e := llmEngine(t, s)
	history := []llm.Message{{Role: llm.RoleUser, Content: "골드 등급 혜택이 뭐예요?"}, {Role: llm.RoleAssistant, Content: "할인 쿠폰이 있습니다."}}
	ans, err := e.Ask(context.Background(), "그건 어떻게 되나요?", AskOptions{History: history})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Query != "골드 등급이 되는 조건" || len(ans.Citations) != 1 || filepath.Base(ans.Citations[0].Source) != "회원.md" {
		t.Fatalf("follow-up: query %q citations %+v", ans.Query, ans.Citations)
	}
	// Without an LLM the follow-up borrows the previous question's words.
	ans, err = e.Ask(context.Background(), "그건 어떻게 되나요?", AskOptions{History: history, LLM: "none"})
	if err != nil || !strings.Contains(ans.Query, "골드") {
		t.Fatalf("heuristic rewrite: %q %v", ans.Query, err)
	}
}

// TestEmbeddingCacheAndReembed runs on the embedded store and, when the
// test database is set, on PostgreSQL (its shared embedding cache and its
// Reembedder).
func TestEmbeddingCacheAndReembed(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { embeddingCacheAndReembed(t, func() string { return "" }) })
	t.Run("postgres", func(t *testing.T) {
		storetest.PostgresURL(t, "") // skips without a database
		embeddingCacheAndReembed(t, func() string { return storetest.PostgresURL(t, "") })
	})
}

func embeddingCacheAndReembed(t *testing.T, storeURL func() string) {
	ctx := context.Background()
	s := fakeopenai.New(t, fakeopenai.Options{APIKey: "sk-test"})
	dir := t.TempDir()
	writeTree(t, dir, llmDocs)
	e := openTestEngine(t, func(c *Config) {
		c.Store = storeURL()
		c.Embedder = "openai:text-embedding-3-small"
		c.Embedding.Endpoint = provider.Endpoint{BaseURL: s.URL, APIKey: "sk-test"}
		c.Getenv = func(string) string { return "" }
	})
	mustIngest(t, e, IngestOptions{Collection: "a"}, dir)
	calls := s.EmbedCalls()
	if calls == 0 {
		t.Fatal("no embedding calls")
	}
	// The same texts into another collection: every vector from the cache.
	mustIngest(t, e, IngestOptions{Collection: "b"}, dir)
	if s.EmbedCalls() != calls {
		t.Fatalf("warm cache made %d calls", s.EmbedCalls()-calls)
	}
	hits, err := e.Search(ctx, "배송 상태 확인", SearchOptions{Collection: "b", Mode: "semantic"})
	if err != nil || len(hits) == 0 || filepath.Base(hits[0].Doc.Source) != "배송.md" {
		t.Fatalf("semantic search over API vectors: %v %v", hits, err)
	}
	if mode, _ := e.SearchMode(ctx, SearchOptions{Collection: "b"}); mode != "hybrid" {
		t.Fatalf("auto mode with a neural embedder: %s", mode)
	}

	// Move a local-embedder collection to the API embedder and back.
	local := openTestEngine(t, func(c *Config) {
		c.DataDir, c.Store = e.cfg.DataDir+"-local", storeURL()
		c.Embedding.Endpoint = provider.Endpoint{BaseURL: s.URL, APIKey: "sk-test"}
		c.Getenv = func(string) string { return "" }
	})
	mustIngest(t, local, IngestOptions{Collection: "c"}, dir)
	var progress []int
	sum, err := local.Reembed(ctx, ReembedOptions{Collection: "c", Embedder: "openai:text-embedding-3-small", PageSize: 1,
		Progress: func(done, _ int) { progress = append(progress, done) }})
	if err != nil {
		t.Fatal(err)
	}
	coll, _ := local.Store().GetCollection(ctx, "c")
	if coll.Embedder != "openai:text-embedding-3-small" || coll.Dim != 1536 || sum.To != coll.Embedder || len(progress) != coll.Chunks {
		t.Fatalf("after reembed: %+v %+v progress %v", coll, sum, progress)
	}
	hits, err = local.Search(ctx, "환불 요청 기한", SearchOptions{Collection: "c", Mode: "semantic"})
	if err != nil || len(hits) == 0 || filepath.Base(hits[0].Doc.Source) != "환불.md" {
		t.Fatalf("search after reembed: %v %v", hits, err)
	}
}

func TestConfigShowRedactsSecrets(t *testing.T) {
	c := DefaultConfig()
	c.LLM.APIKey = "sk-very-secret"
	c.Embedding.Token = "entra-secret"
	out := c.String()
	if strings.Contains(out, "very-secret") || strings.Contains(out, "entra-secret") || !strings.Contains(out, "***") {
		t.Fatalf("config dump:\n%s", out)
	}
	// A config file with a key loads it; the dump still hides it.
	p := filepath.Join(t.TempDir(), "seogo.yaml")
	os.WriteFile(p, []byte("llm:\n  provider: azure\n  api_key: from-file\n  azure_endpoint: https://r.openai.azure.com\n  model: prod\n"), 0o600)
	c = DefaultConfig()
	if err := c.LoadFile(p); err != nil {
		t.Fatal(err)
	}
	if c.LLM.APIKey != "from-file" || strings.Contains(c.String(), "from-file") {
		t.Fatalf("loaded key %q; dump:\n%s", c.LLM.APIKey, c.String())
	}
}
