package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/seogo/seogo"
	"github.com/seogo/seogo/internal/fakeopenai"
	"github.com/seogo/seogo/provider"
)

// TestPerChatSettings checks the chat settings of the UI and the APIs: the
// defaults come from /api/v1/me, and a question's own passages, model and
// temperature reach the LLM through /api/v1/ask and /v1/chat/completions;
// out-of-range values are refused with 400 before any LLM call.
func TestPerChatSettings(t *testing.T) {
	llm := fakeopenai.New(t, fakeopenai.Options{Models: append(fakeopenai.DefaultModels(), "qwen2.5:7b-instruct"),
		Reply: func(req fakeopenai.ChatRequest) string {
			return "상품을 받은 날부터 7일 이내에 환불을 신청할 수 있습니다 [1]."
		}})
	ts := newTestServer(t, Options{}, func(c *seogo.Config) {
		c.LLM.Provider, c.LLM.Model, c.LLM.BaseURL = provider.Compatible, "gpt-4o-mini", llm.URL
		c.Getenv = func(string) string { return "" }
	})
	ts.upload(t, "default", "", "", file{"환불.md", docRefund}, file{"배송.md", docDelivery})

	res, raw := ts.do(t, "GET", "/api/v1/me", "", nil)
	var me struct {
		LLM struct {
			Provider    string  `json:"provider"`
			Model       string  `json:"model"`
			Temperature float64 `json:"temperature"`
			Passages    int     `json:"passages"`
		} `json:"llm"`
	}
	mustJSON(t, raw, &me)
	if res.StatusCode != 200 || me.LLM.Provider != provider.Compatible || me.LLM.Model != "gpt-4o-mini" || me.LLM.Temperature != 0 ||
		me.LLM.Passages != seogo.DefaultConfig().Answer.Passages {
		t.Fatalf("me: %d %s", res.StatusCode, raw)
	}
	if strings.Contains(string(raw), llm.URL) {
		t.Fatalf("/api/v1/me shows the endpoint: %s", raw)
	}

	for _, tc := range []struct {
		name, path, body string
		model            string
		temperature      float64
		sources          int // numbered sources in the prompt
	}{
		{"ask", "/api/v1/ask", `{"question":"환불은 며칠 안에 신청하나요?","k":1,"model":"qwen2.5:7b-instruct","temperature":0.4}`, "qwen2.5:7b-instruct", 0.4, 1},
		{"ask defaults", "/api/v1/ask", `{"question":"환불은 며칠 안에 신청하나요?"}`, "gpt-4o-mini", 0, 3}, // every section of the two files
		{"chat completions", "/v1/chat/completions", `{"model":"seogo/default","messages":[{"role":"user","content":"환불은 며칠 안에 신청하나요?"}],"temperature":0.3,"seogo_llm_model":"qwen2.5:7b-instruct","seogo_k":1}`, "qwen2.5:7b-instruct", 0.3, 1},
	} {
		before := len(llm.Chats())
		res, raw := ts.do(t, "POST", tc.path, "", tc.body)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", tc.name, res.StatusCode, raw)
		}
		chats := llm.Chats()
		if len(chats) != before+1 {
			t.Fatalf("%s: %d LLM calls", tc.name, len(chats)-before)
		}
		req := chats[len(chats)-1]
		if req.Model != tc.model || req.Temperature == nil || *req.Temperature != tc.temperature {
			t.Errorf("%s: the LLM got model %q temperature %v", tc.name, req.Model, req.Temperature)
		}
		user := req.Messages[len(req.Messages)-1].Content
		if n := countSources(user); n != tc.sources {
			t.Errorf("%s: %d numbered sources in the prompt, want %d:\n%s", tc.name, n, tc.sources, user)
		}
	}

	calls := len(llm.Chats())
	for _, body := range []string{
		`{"question":"환불?","temperature":2.5}`,
		`{"question":"환불?","temperature":-1}`,
		`{"question":"환불?","k":51}`,
		`{"question":"환불?","model":"gpt\u0000x"}`,
		`{"question":"환불?","model":"../../deployments/other"}`,
	} {
		if res, raw := ts.do(t, "POST", "/api/v1/ask", "", body); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d %s", body, res.StatusCode, raw)
		}
	}
	if res, raw := ts.do(t, "POST", "/v1/chat/completions", "", `{"model":"seogo/default","messages":[{"role":"user","content":"환불?"}],"temperature":9}`); res.StatusCode != http.StatusBadRequest {
		t.Errorf("chat completions with temperature 9: %d %s", res.StatusCode, raw)
	}
	if n := len(llm.Chats()); n != calls {
		t.Fatalf("refused settings reached the LLM: %d calls", n-calls)
	}
}

// countSources counts the numbered source headers ("[1]", "[2]", …) the
// prompt holds, as distinct numbers.
func countSources(prompt string) int {
	n := 0
	for i := 1; i <= 20; i++ {
		if strings.Contains(prompt, fmt.Sprintf("[%d]", i)) {
			n++
		}
	}
	return n
}
