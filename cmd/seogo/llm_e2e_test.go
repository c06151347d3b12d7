package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/seogo/seogo/internal/fakeopenai"
)

// citeSource answers with the fact of the source holding want, cited by the
// number the prompt gave it, plus a fabricated citation [9].
func citeSource(want, answer string) func(fakeopenai.ChatRequest) string {
	return func(req fakeopenai.ChatRequest) string {
		user := req.Messages[len(req.Messages)-1].Content
		re := regexp.MustCompile(`(?m)^\[(\d+)\]`)
		locs := re.FindAllStringSubmatchIndex(user, -1)
		for i, l := range locs {
			end := len(user)
			if i+1 < len(locs) {
				end = locs[i+1][0]
			}
			if strings.Contains(user[l[0]:end], want) {
				return answer + " [" + user[l[2]:l[3]] + "]. 근거 없는 주장 [9]."
			}
		}
		return "제공된 문서에서 답을 찾을 수 없습니다."
	}
}

func TestE2EAskWithLLM(t *testing.T) {
	s := fakeopenai.New(t, fakeopenai.Options{APIKey: "sk-e2e", Reply: citeSource("연차휴가는 15일", "입사 1년 후 연차휴가는 15일입니다")})
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	os.MkdirAll(docs, 0o755)
	os.WriteFile(filepath.Join(docs, "휴가.md"), []byte("# 휴가 규정\n\n## 연차\n\n1년간 80% 이상 출근한 직원의 연차휴가는 15일이다.\n\n## 병가\n\n병가는 연 60일까지 쓸 수 있다."), 0o644)
	os.WriteFile(filepath.Join(docs, "출장.md"), []byte("# 출장 규정\n\n국내 출장비는 하루 5만 원을 넘지 않는다."), 0o644)
	mustOK(t, runSeogo(t, dir, "ingest", "docs", "-q"))
	env := []string{"OPENAI_BASE_URL=" + s.URL, "OPENAI_API_KEY=sk-e2e"}

	// Streamed to the terminal: the answer, then the sources; no [9].
	r := runSeogoEnv(t, dir, env, "ask", "연차휴가는 며칠인가요?", "--llm", "openai", "--llm-model", "gpt-4o-mini", "--lang", "ko")
	mustOK(t, r)
	answer, _, _ := strings.Cut(r.stdout, "\n")
	if answer != "입사 1년 후 연차휴가는 15일입니다 [1]. 근거 없는 주장." {
		t.Fatalf("answer line %q\n%s", answer, r.stdout)
	}
	if !strings.Contains(r.stdout, "인용 [9] 을(를) 지웠습니다") || !strings.Contains(r.stdout, "휴가.md") {
		t.Fatalf("fabricated citation shown or source missing:\n%s", r.stdout)
	}
	if !s.Chats()[0].Stream {
		t.Fatal("ask did not stream")
	}

	type cite struct {
		N               int
		Doc, Path, Text string
		Start, End      int
	}
	out := decode[struct {
		Answer    string
		Citations []cite
		Generator string
		Removed   []int `json:"removed_citations"`
	}](t, runSeogoEnv(t, dir, env, "ask", "연차휴가는 며칠인가요?", "--llm", "openai", "--json"))
	if out.Generator != "llm:openai:gpt-4o-mini" || len(out.Citations) != 1 || len(out.Removed) != 1 || out.Removed[0] != 9 {
		t.Fatalf("json: %+v", out)
	}
	c := out.Citations[0]
	if filepath.Base(c.Path) != "휴가.md" || !strings.Contains(c.Text, "연차휴가는 15일") || c.End-c.Start != len(c.Text) || c.Doc == "" {
		t.Fatalf("citation %+v does not span the fact", c)
	}
	// The prompt held the source passage and the question; the key went in
	// the header and nowhere else.
	req := s.Requests()[len(s.Requests())-1]
	if !strings.Contains(string(req.Body), "80% 이상 출근한 직원의 연차휴가는 15일이다") || req.Header.Get("Authorization") != "Bearer sk-e2e" {
		t.Fatalf("request: %s", req.Body)
	}

	// A wrong key: a clear error, exit 1, the key not echoed.
	bad := runSeogoEnv(t, dir, []string{"OPENAI_BASE_URL=" + s.URL, "OPENAI_API_KEY=sk-wrong"}, "ask", "연차는?", "--llm", "openai", "--lang", "en")
	if bad.code != 1 || !strings.Contains(bad.stderr, "OPENAI_API_KEY") || strings.Contains(bad.stderr, "sk-wrong") {
		t.Fatalf("wrong key: exit %d\n%s", bad.code, bad.stderr)
	}
	// config show redacts the key.
	show := runSeogoEnv(t, dir, []string{"SEOGO_LLM=openai"}, "config", "show")
	mustOK(t, show)
	if strings.Contains(show.stdout, "sk-e2e") {
		t.Fatalf("config show leaks the key:\n%s", show.stdout)
	}
}

func TestE2EModelsAndDoctor(t *testing.T) {
	s := fakeopenai.New(t, fakeopenai.Options{APIKey: "sk-e2e"})
	dir := t.TempDir()
	env := []string{"OPENAI_BASE_URL=" + s.URL, "OPENAI_API_KEY=sk-e2e"}
	r := runSeogoEnv(t, dir, env, "models", "--llm", "openai")
	mustOK(t, r)
	if !strings.Contains(r.stdout, "gpt-4o-mini") {
		t.Fatalf("models:\n%s", r.stdout)
	}
	r = runSeogoEnv(t, dir, env, "doctor", "--llm", "openai", "--llm-model", "gpt-4o-mini", "--embedder", "openai:text-embedding-3-small")
	mustOK(t, r)
	if !strings.Contains(r.stdout, "1536 dimensions") {
		t.Fatalf("doctor:\n%s", r.stdout)
	}
	r = runSeogoEnv(t, dir, env, "doctor", "--llm", "openai", "--llm-model", "no-such-model")
	if r.code != 1 || !strings.Contains(r.stdout, "no-such-model") {
		t.Fatalf("doctor with a wrong model: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}
