package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/seogo/seogo"
)

// The CLI tests drive the real command tree in-process through run(), with
// an environment that holds only what each test sets: no locale, no SEOGO_*.

type cliResult struct {
	code           int
	stdout, stderr string
}

func cliRun(t *testing.T, env map[string]string, args ...string) cliResult {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb, func(k string) string { return env[k] })
	return cliResult{code, out.String(), errb.String()}
}

func (r cliResult) String() string {
	return "exit " + string(rune('0'+r.code)) + "\nstdout: " + r.stdout + "\nstderr: " + r.stderr
}

func cliOK(t *testing.T, r cliResult) {
	t.Helper()
	if r.code != exitOK {
		t.Fatalf("want exit 0, got %v", r)
	}
}

func cliJSON[T any](t *testing.T, r cliResult) T {
	t.Helper()
	cliOK(t, r)
	var v T
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatalf("stdout is not the JSON expected: %v\n%s", err, r.stdout)
	}
	return v
}

func writeCLIFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func hasHangul(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Hangul, r) {
			return true
		}
	}
	return false
}

// cliDocs is a folder of two small Korean documents.
func cliDocs(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeCLIFile(t, filepath.Join(dir, "배송.md"), "# 배송 안내\n\n배송 상태는 마이페이지의 주문 내역에서 확인할 수 있습니다.\n")
	writeCLIFile(t, filepath.Join(dir, "환불.txt"), "환불은 상품을 받은 날부터 칠 일 안에 신청할 수 있습니다.\n")
	return dir
}

func TestCLIExitCodes(t *testing.T) {
	data := t.TempDir()
	docs := cliDocs(t)
	// A collection with documents, for the commands that need one.
	cliOK(t, cliRun(t, nil, "--data-dir", data, "-c", "문서", "ingest", "--analyzer", "bigram", "-q", docs))
	badYAML := filepath.Join(t.TempDir(), "bad.yaml")
	writeCLIFile(t, badYAML, "colection: 오타\n")

	tests := []struct {
		name string
		env  map[string]string
		args []string
		want int
	}{
		{"help", nil, []string{"--help"}, exitOK},
		{"config show", nil, []string{"config", "show"}, exitOK},
		{"search a stored word", nil, []string{"-c", "문서", "search", "마이페이지"}, exitOK},
		{"ask", nil, []string{"-c", "문서", "ask", "배송 상태는 어디서 확인하나요?"}, exitOK},
		{"docs list", nil, []string{"-c", "문서", "docs", "list"}, exitOK},
		{"collections list", nil, []string{"collections", "list"}, exitOK},
		{"re-ingest unchanged", nil, []string{"-c", "문서", "ingest", "-q", docs}, exitOK},

		{"unknown flag", nil, []string{"config", "show", "--없는-플래그"}, exitUsage},
		{"unknown global flag", nil, []string{"--없는-플래그=1", "config", "show"}, exitUsage},
		{"unknown command flag", nil, []string{"search", "--bogus", "배송"}, exitUsage},
		{"search without a query", nil, []string{"search"}, exitUsage},
		{"search with two queries", nil, []string{"search", "배송", "환불"}, exitUsage},
		{"ask without a question", nil, []string{"ask"}, exitUsage},
		{"ingest without a path", nil, []string{"ingest"}, exitUsage},
		{"eval without a dataset", nil, []string{"eval"}, exitUsage},
		{"collections create without a name", nil, []string{"collections", "create"}, exitUsage},
		{"config show with an argument", nil, []string{"config", "show", "여분"}, exitUsage},
		{"bad --lang", nil, []string{"--lang", "fr", "config", "show"}, exitUsage},
		{"invalid collection name", nil, []string{"-c", "a/b", "config", "show"}, exitUsage},
		{"collection name of 65 characters", nil, []string{"-c", strings.Repeat("a", 65), "config", "show"}, exitUsage},
		{"chunk tokens too small", nil, []string{"ingest", "--chunk-tokens", "8", docs}, exitUsage},
		{"overlap not below tokens", nil, []string{"ingest", "--chunk-tokens", "100", "--chunk-overlap", "100", docs}, exitUsage},
		{"top_k 0 from the environment", map[string]string{"SEOGO_TOP_K": "0"}, []string{"config", "show"}, exitUsage},
		{"bad --filter", nil, []string{"-c", "문서", "search", "배송", "--filter", "형식"}, exitUsage},
		{"delete without --yes off a terminal", nil, []string{"collections", "delete", "문서"}, exitUsage},

		{"search a missing collection", nil, []string{"-c", "없음", "search", "배송"}, exitRuntime},
		{"ask a missing collection", nil, []string{"-c", "없음", "ask", "배송은?"}, exitRuntime},
		{"ingest a missing path", nil, []string{"ingest", "--analyzer", "bigram", filepath.Join(docs, "없는폴더")}, exitRuntime},
		{"eval a missing file", nil, []string{"eval", filepath.Join(docs, "없음.json")}, exitRuntime},
		{"eval an unsupported file", nil, []string{"eval", filepath.Join(docs, "환불.txt")}, exitRuntime},
		{"docs remove an unknown id", nil, []string{"-c", "문서", "docs", "remove", "0000000000000000"}, exitRuntime},
		{"bad YAML key", nil, []string{"--config", badYAML, "config", "show"}, exitUsage}, // a configuration mistake is a usage error
		{"missing config file", nil, []string{"--config", filepath.Join(docs, "없음.yaml"), "config", "show"}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"SEOGO_DATA_DIR": data}
			for k, v := range tt.env {
				env[k] = v
			}
			r := cliRun(t, env, tt.args...)
			if r.code != tt.want {
				t.Fatalf("seogo %q: want exit %d, got %v", tt.args, tt.want, r)
			}
			if tt.want != exitOK && strings.TrimSpace(r.stderr) == "" {
				t.Errorf("exit %d without a message on stderr", r.code)
			}
			if tt.want == exitUsage && !strings.Contains(r.stderr, "--help") {
				t.Errorf("usage error does not point to --help: %q", r.stderr)
			}
		})
	}
}

// TestCLIUnknownCommand: a misspelt command is a mistake in the command
// line (exit 2), like a misspelt flag, and the message names it.
func TestCLIUnknownCommand(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		words []string // in the message
	}{
		{"misspelt command", []string{"serch", "배송"}, []string{"serch"}},
		{"unknown flag before the command eats it", []string{"--없는-플래그", "config", "show"}, []string{"show"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cliRun(t, map[string]string{"SEOGO_DATA_DIR": t.TempDir()}, tt.args...)
			if r.code != exitUsage {
				t.Errorf("seogo %q: want exit %d (usage), got %v", tt.args, exitUsage, r)
			}
			for _, w := range tt.words {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("message does not name %q: %q", w, r.stderr)
				}
			}
		})
	}
}

// TestCLIBadLangMessage: a bad --lang is reported in the language the
// environment asks for, without formatting slips.
func TestCLIBadLangMessage(t *testing.T) {
	for _, lang := range []string{"ko", "en"} {
		r := cliRun(t, map[string]string{"SEOGO_LANG": lang}, "--lang", "fr", "config", "show")
		if r.code != exitUsage {
			t.Errorf("SEOGO_LANG=%s --lang fr: want exit 2, got %v", lang, r)
		}
		if strings.Contains(r.stderr, "%!") {
			t.Errorf("SEOGO_LANG=%s --lang fr: formatting slip in %q", lang, r.stderr)
		}
		if hasHangul(r.stderr) != (lang == "ko") {
			t.Errorf("SEOGO_LANG=%s --lang fr: message in the wrong language: %q", lang, r.stderr)
		}
	}
}

// TestCLILanguages: the same error reads differently in Korean and English,
// whichever way the language is chosen, and never shows a formatting slip.
func TestCLILanguages(t *testing.T) {
	data := t.TempDir()
	docs := cliDocs(t)
	cliOK(t, cliRun(t, map[string]string{"SEOGO_DATA_DIR": data}, "ingest", "--analyzer", "bigram", "-q", docs))
	cliOK(t, cliRun(t, map[string]string{"SEOGO_DATA_DIR": data}, "collections", "create", "--analyzer", "bigram", "있음"))
	errorsToShow := []struct {
		name string
		args []string
		code int
	}{
		{"missing collection", []string{"-c", "없는컬렉션", "search", "배송"}, exitRuntime},
		{"existing collection", []string{"collections", "create", "--analyzer", "bigram", "있음"}, exitRuntime},
		{"unknown document", []string{"docs", "remove", "없는문서"}, exitRuntime},
		{"bad collection name", []string{"-c", "a/b", "config", "show"}, exitUsage},
		{"bad environment number", []string{"config", "show"}, exitUsage},
	}
	for _, e := range errorsToShow {
		t.Run(e.name, func(t *testing.T) {
			env := func(extra ...string) map[string]string {
				m := map[string]string{"SEOGO_DATA_DIR": data}
				if e.name == "bad environment number" {
					m["SEOGO_TOP_K"] = "다섯"
				}
				for i := 0; i+1 < len(extra); i += 2 {
					m[extra[i]] = extra[i+1]
				}
				return m
			}
			ko := cliRun(t, env(), append([]string{"--lang", "ko"}, e.args...)...)
			en := cliRun(t, env(), append([]string{"--lang", "en"}, e.args...)...)
			byEnv := cliRun(t, env("SEOGO_LANG", "ko"), e.args...)
			byLocale := cliRun(t, env("LANG", "ko_KR.UTF-8"), e.args...)
			flagWins := cliRun(t, env("SEOGO_LANG", "ko"), append([]string{"--lang", "en"}, e.args...)...)
			noLocale := cliRun(t, env(), e.args...)
			for name, r := range map[string]cliResult{"--lang ko": ko, "--lang en": en, "SEOGO_LANG=ko": byEnv,
				"LANG=ko_KR": byLocale, "--lang en over SEOGO_LANG=ko": flagWins, "no locale": noLocale} {
				if r.code != e.code {
					t.Errorf("%s: want exit %d, got %v", name, e.code, r)
				}
				if strings.TrimSpace(r.stderr) == "" {
					t.Errorf("%s: no message", name)
				}
				if strings.Contains(r.stderr, "%!") {
					t.Errorf("%s: formatting slip in %q", name, r.stderr)
				}
			}
			if ko.stderr == en.stderr {
				t.Errorf("Korean and English messages are the same: %q", ko.stderr)
			}
			if !strings.HasPrefix(ko.stderr, "오류: ") || !hasHangul(ko.stderr) {
				t.Errorf("--lang ko: %q is not Korean", ko.stderr)
			}
			if !strings.HasPrefix(en.stderr, "error: ") {
				t.Errorf("--lang en: %q is not English", en.stderr)
			}
			if byEnv.stderr != ko.stderr || byLocale.stderr != ko.stderr {
				t.Errorf("SEOGO_LANG=ko gave %q, LANG=ko_KR gave %q, want %q", byEnv.stderr, byLocale.stderr, ko.stderr)
			}
			if flagWins.stderr != en.stderr || noLocale.stderr != en.stderr {
				t.Errorf("--lang en over SEOGO_LANG=ko gave %q, no locale gave %q, want %q", flagWins.stderr, noLocale.stderr, en.stderr)
			}
		})
	}
}

// TestCLIConfigPrecedence: defaults < --config YAML < SEOGO_* < flags, as
// `config show --json` reports them.
func TestCLIConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	yaml := filepath.Join(dir, "seogo.yaml")
	writeCLIFile(t, yaml, "collection: 설정파일\nlang: ko\nchunk:\n  tokens: 200\nsearch:\n  top_k: 7\n")
	tests := []struct {
		name           string
		env            map[string]string
		args           []string
		wantCollection string
		wantTopK       int
		wantTokens     int
		wantLang       string
	}{
		{"defaults", nil, nil, "default", 5, 400, "en"},
		{"YAML file", nil, []string{"--config", yaml}, "설정파일", 7, 200, "ko"},
		{"YAML file from SEOGO_CONFIG", map[string]string{"SEOGO_CONFIG": yaml}, nil, "설정파일", 7, 200, "ko"},
		{"-c over YAML", nil, []string{"--config", yaml, "-c", "플래그"}, "플래그", 7, 200, "ko"},
		{"--collection over YAML", nil, []string{"--collection", "플래그", "--config", yaml}, "플래그", 7, 200, "ko"},
		{"env over YAML", map[string]string{"SEOGO_COLLECTION": "환경", "SEOGO_TOP_K": "9"},
			[]string{"--config", yaml}, "환경", 9, 200, "ko"},
		{"flag over env over YAML", map[string]string{"SEOGO_COLLECTION": "환경", "SEOGO_LANG": "en"},
			[]string{"--config", yaml, "-c", "플래그"}, "플래그", 7, 200, "en"},
		{"--lang over YAML", nil, []string{"--config", yaml, "--lang", "en"}, "설정파일", 7, 200, "en"},
		{"--config over SEOGO_CONFIG", map[string]string{"SEOGO_CONFIG": filepath.Join(dir, "없음.yaml")},
			[]string{"--config", yaml}, "설정파일", 7, 200, "ko"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{}, tt.args...), "config", "show", "--json")
			cfg := cliJSON[seogo.Config](t, cliRun(t, tt.env, args...))
			if cfg.Collection != tt.wantCollection || cfg.Search.TopK != tt.wantTopK ||
				cfg.Chunk.Tokens != tt.wantTokens || cfg.Lang != tt.wantLang {
				t.Errorf("collection %q top_k %d tokens %d lang %q, want %q %d %d %q", cfg.Collection, cfg.Search.TopK,
					cfg.Chunk.Tokens, cfg.Lang, tt.wantCollection, tt.wantTopK, tt.wantTokens, tt.wantLang)
			}
		})
	}
	// Plain `config show` prints YAML that seogo reads back as the same config.
	r := cliRun(t, map[string]string{"SEOGO_COLLECTION": "환경"}, "--config", yaml, "config", "show")
	cliOK(t, r)
	back := filepath.Join(dir, "back.yaml")
	writeCLIFile(t, back, r.stdout)
	cfg := cliJSON[seogo.Config](t, cliRun(t, nil, "--config", back, "config", "show", "--json"))
	if cfg.Collection != "환경" || cfg.Search.TopK != 7 || cfg.Chunk.Tokens != 200 {
		t.Errorf("config show output read back as %+v", cfg)
	}
}

// evalReport is the part of `eval --json` that scripts read.
type evalReport struct {
	Docs     int                           `json:"docs"`
	Queries  int                           `json:"queries"`
	Analyzer string                        `json:"analyzer"`
	Modes    map[string]map[string]float64 `json:"modes"`
	Answers  map[string]float64            `json:"answers"`
}

var evalModeKeys = []string{"recall@1", "recall@3", "recall@5", "recall@10", "mrr@10", "ndcg@10", "qps"}

func TestCLIEvalBEIR(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "사내문서")
	writeCLIFile(t, filepath.Join(dir, "corpus.jsonl"), strings.Join([]string{
		`{"_id":"d1","title":"배송 안내","text":"주문한 상품의 배송 상태는 마이페이지 주문 내역에서 확인합니다."}`,
		`{"_id":"d2","title":"환불 규정","text":"환불은 수령 후 칠 일 안에 고객센터로 신청합니다."}`,
		`{"_id":"d3","title":"연차 휴가","text":"연차 휴가는 입사일을 기준으로 계산하며 이월되지 않습니다."}`,
		`{"_id":"d4","title":"출장비 정산","text":"출장비는 영수증 원본을 첨부하여 월말까지 정산합니다."}`,
		`{"_id":"d5","title":"보안 서약","text":"모든 임직원은 입사할 때 보안 서약서에 서명합니다."}`,
	}, "\n")+"\n")
	writeCLIFile(t, filepath.Join(dir, "queries.jsonl"), strings.Join([]string{
		`{"_id":"q1","text":"마이페이지에서 배송 상태 확인"}`,
		`{"_id":"q2","text":"출장비 영수증 정산"}`,
		`{"_id":"q3","text":"보안 서약서 서명"}`,
		`{"_id":"q4","text":"판단 없는 질문"}`,
	}, "\n")+"\n")
	writeCLIFile(t, filepath.Join(dir, "qrels", "test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td4\t1\nq3\td5\t1\n")

	rep := cliJSON[evalReport](t, cliRun(t, nil, "--data-dir", t.TempDir(), "eval", "--analyzer", "bigram", "--json", dir))
	if rep.Docs != 5 || rep.Queries != 3 || rep.Analyzer != "bigram" {
		t.Errorf("docs %d queries %d analyzer %q, want 5, 3 (q4 has no judgement), bigram", rep.Docs, rep.Queries, rep.Analyzer)
	}
	for _, mode := range []string{"keyword", "semantic", "hybrid"} {
		m, ok := rep.Modes[mode]
		if !ok {
			t.Errorf("no mode %q in %v", mode, rep.Modes)
			continue
		}
		for _, k := range evalModeKeys {
			if _, ok := m[k]; !ok {
				t.Errorf("modes.%s has no %q: %v", mode, k, m)
			}
		}
		// Every query shares words found in its document and in no other.
		for _, k := range []string{"recall@1", "recall@10", "mrr@10", "ndcg@10"} {
			if m[k] != 1 {
				t.Errorf("modes.%s.%s = %v, want 1", mode, k, m[k])
			}
		}
		if m["qps"] <= 0 {
			t.Errorf("modes.%s.qps = %v", mode, m["qps"])
		}
	}
	if rep.Answers != nil {
		t.Errorf("a BEIR set has no gold answers, yet answers = %v", rep.Answers)
	}
	// The user's data directory is not touched by eval, and a missing
	// qrels file is an error, not an empty score.
	if err := os.Remove(filepath.Join(dir, "qrels", "test.tsv")); err != nil {
		t.Fatal(err)
	}
	if r := cliRun(t, nil, "--data-dir", t.TempDir(), "eval", "--analyzer", "bigram", "--json", dir); r.code != exitRuntime {
		t.Errorf("BEIR folder without qrels: want exit 1, got %v", r)
	}
}

func TestCLIEvalSQuAD(t *testing.T) {
	path := filepath.Join(t.TempDir(), "미니쿼드.json")
	writeCLIFile(t, path, `{"version": "KorQuAD_v1.0_dev", "data": [
 {"title": "세종", "paragraphs": [
  {"context": "세종은 조선의 제4대 국왕이다. 훈민정음은 1443년에 세종이 창제하였다.",
   "qas": [{"id": "s1", "question": "훈민정음을 창제한 해는?", "answers": [{"text": "1443년", "answer_start": 28}]}]},
  {"context": "장영실은 세종 때의 과학자로 자격루와 측우기를 만들었다.",
   "qas": [{"id": "s2", "question": "장영실이 만든 물시계의 이름은?", "answers": [{"text": "자격루", "answer_start": 15}]}]}]},
 {"title": "한강", "paragraphs": [
  {"context": "한강은 서울을 가로질러 서해로 흐르는 강이다. 한강에는 서른 개가 넘는 다리가 있다.",
   "qas": [{"id": "h1", "question": "한강은 어느 바다로 흐르나요?", "answers": [{"text": "서해", "answer_start": 13}]}]}]}
]}`)
	rep := cliJSON[evalReport](t, cliRun(t, nil, "--data-dir", t.TempDir(), "eval", "--analyzer", "bigram", "--json", path))
	if rep.Docs != 3 || rep.Queries != 3 {
		t.Errorf("docs %d queries %d, want 3 paragraphs and 3 questions", rep.Docs, rep.Queries)
	}
	for _, mode := range []string{"keyword", "semantic", "hybrid"} {
		for _, k := range evalModeKeys {
			if _, ok := rep.Modes[mode][k]; !ok {
				t.Errorf("modes.%s has no %q", mode, k)
			}
		}
	}
	if rep.Answers == nil {
		t.Fatal(`no "answers" in the report of a SQuAD-style set`)
	}
	for _, k := range []string{"contains", "f1"} {
		v, ok := rep.Answers[k]
		if !ok || v < 0 || v > 1 {
			t.Errorf("answers.%s = %v (present %v), want a share in [0, 1]", k, v, ok)
		}
	}
	if rep.Answers["contains"] == 0 {
		t.Errorf("no extractive answer contains its gold answer: %v", rep.Answers)
	}
	// Selected modes only.
	rep = cliJSON[evalReport](t, cliRun(t, nil, "eval", "--analyzer", "bigram", "--json", "-m", "keyword", "--answers=false", path))
	if len(rep.Modes) != 1 || rep.Modes["keyword"] == nil || rep.Answers != nil {
		t.Errorf("--mode keyword --answers=false gave modes %v answers %v", rep.Modes, rep.Answers)
	}
}

func TestCLICollectionsAndDocs(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"SEOGO_DATA_DIR": data}
	created := cliJSON[map[string]any](t, cliRun(t, env, "--json", "collections", "create", "--analyzer", "bigram", "매뉴얼"))
	if created["name"] != "매뉴얼" || created["analyzer"] != "bigram" {
		t.Errorf("created %v", created)
	}
	r := cliRun(t, env, "--lang", "ko", "collections", "create", "--analyzer", "bigram", "매뉴얼")
	if r.code != exitRuntime || !strings.Contains(r.stderr, "매뉴얼") || !strings.Contains(r.stderr, "이미") {
		t.Errorf("creating a collection twice: %v", r)
	}
	r = cliRun(t, env, "--lang", "en", "collections", "create", "--analyzer", "bigram", "매뉴얼")
	if r.code != exitRuntime || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("creating a collection twice (en): %v", r)
	}

	docs := cliDocs(t)
	cliOK(t, cliRun(t, env, "-c", "매뉴얼", "ingest", "-q", docs))
	list := cliJSON[[]map[string]any](t, cliRun(t, env, "-c", "매뉴얼", "--json", "docs", "list"))
	if len(list) != 2 {
		t.Fatalf("docs list: %v", list)
	}
	r = cliRun(t, env, "-c", "매뉴얼", "docs", "remove", "없는문서")
	if r.code != exitRuntime || !strings.Contains(r.stderr, "없는문서") {
		t.Errorf("removing an unknown document: %v", r)
	}
	id := list[0]["id"].(string)
	removed := cliJSON[map[string][]map[string]any](t, cliRun(t, env, "-c", "매뉴얼", "--json", "docs", "remove", id))
	if len(removed["removed"]) != 1 || removed["removed"][0]["id"] != id {
		t.Errorf("docs remove %s: %v", id, removed)
	}
	// By path, relative to the working directory or absolute.
	other := list[1]["source"].(string)
	cliOK(t, cliRun(t, env, "-c", "매뉴얼", "docs", "rm", other))
	if left := cliJSON[[]map[string]any](t, cliRun(t, env, "-c", "매뉴얼", "--json", "docs", "list")); len(left) != 0 {
		t.Errorf("documents left after removing both: %v", left)
	}
	r = cliRun(t, env, "-c", "매뉴얼", "docs", "remove", id)
	if r.code != exitRuntime {
		t.Errorf("removing a document twice: %v", r)
	}

	cliOK(t, cliRun(t, env, "collections", "delete", "--yes", "매뉴얼"))
	colls := cliJSON[[]map[string]any](t, cliRun(t, env, "--json", "collections", "list"))
	if len(colls) != 0 {
		t.Errorf("collections after delete: %v", colls)
	}
	if r := cliRun(t, env, "collections", "delete", "--yes", "매뉴얼"); r.code != exitRuntime {
		t.Errorf("deleting a missing collection: %v", r)
	}
}
