package seogo

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/seogo/seogo/llm"
)

// envMap is a getenv over a fixed set of variables.
func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeConfigFile(t *testing.T, yaml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "seogo.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestConfigPrecedence layers defaults < YAML file < SEOGO_* environment <
// flags (a flag is a field set last, as the CLI does) and checks every field
// against the layer that must win.
func TestConfigPrecedence(t *testing.T) {
	const file = `
collection: 매뉴얼
data_dir: /srv/서고
lang: ko
analyzer: morph
chunk:
  tokens: 300
search:
  top_k: 7
  mode: keyword
bm25:
  k1: 1.5
answer:
  max_sentences: 3
`
	env := map[string]string{
		"SEOGO_COLLECTION":  "규정집",
		"SEOGO_TOP_K":       " 9 ", // surrounding spaces are tolerated
		"SEOGO_BM25_B":      "0.4",
		"SEOGO_WORKERS":     "3",
		"SEOGO_SEARCH_MODE": "", // empty means unset: the file's keyword stays
		"SEOGO_LANG":        "",
	}
	c := DefaultConfig()
	if err := c.LoadFile(writeConfigFile(t, file)); err != nil {
		t.Fatal(err)
	}
	if err := c.ApplyEnv(envMap(env)); err != nil {
		t.Fatal(err)
	}
	c.Collection = "플래그" // the flag, applied last

	tests := []struct {
		field     string
		got, want any
	}{
		{"collection (flag over env over file)", c.Collection, "플래그"},
		{"data_dir (file over default)", c.DataDir, "/srv/서고"},
		{"lang (file; empty env ignored)", c.Lang, "ko"},
		{"analyzer (file)", c.Analyzer, "morph"},
		{"chunk.tokens (file)", c.Chunk.Tokens, 300},
		{"chunk.overlap (default kept: file sets only tokens)", c.Chunk.Overlap, 60},
		{"search.top_k (env over file)", c.Search.TopK, 9},
		{"search.mode (file; empty env ignored)", c.Search.Mode, "keyword"},
		{"search.rrf_k (default)", c.Search.RRFK, 60.0},
		{"bm25.k1 (file)", c.BM25.K1, 1.5},
		{"bm25.b (env over default)", c.BM25.B, 0.4},
		{"bm25.title_boost (default)", c.BM25.TitleBoost, 2.0},
		{"answer.max_sentences (file)", c.Answer.MaxSentences, 3},
		{"answer.passages (default)", c.Answer.Passages, 5},
		{"ingest.workers (env)", c.Ingest.Workers, 3},
		{"ingest.max_file_mb (default)", c.Ingest.MaxFileMB, 100},
		{"embedder (default: empty)", c.Embedder, ""},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s = %#v, want %#v", tt.field, tt.got, tt.want)
		}
	}
	if err := c.Validate(); err != nil {
		t.Errorf("layered config does not validate: %v", err)
	}
}

func TestConfigDefaults(t *testing.T) {
	c := DefaultConfig()
	want := Config{
		DataDir:    ".seogo",
		Collection: "default",
		Chunk:      ChunkConfig{Tokens: 400, Overlap: 60},
		BM25:       BM25Config{K1: 1.0, B: 0.6, TitleBoost: 2},
		Search:     SearchConfig{Mode: "auto", TopK: 5, RRFK: 60, KeywordWeight: 1, VectorWeight: 1, Fusion: "auto"},
		Answer:     AnswerConfig{MaxSentences: 2, Passages: 5},
		Ingest:     IngestConfig{MaxFileMB: 100, FileTimeout: 60 * time.Second},
		// Greedy decoding, as the lecture sets it: temperature 0, top_p 1,
		// no penalties; no provider, so answers stay extractive.
		LLM:       llm.ChatConfig{TopP: 1, MaxTokens: 1024, ContextTokens: 8000},
		Embedding: EmbeddingConfig{BatchSize: 256, Concurrency: 4},
		Guard:     GuardConfig{Policy: "pipa", Groundedness: "mark"},
		Index:     IndexConfig{Quantization: "float32"},
		WordVec:   WordVecConfig{MinChunks: 2000},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("DefaultConfig() =\n%+v\nwant\n%+v", c, want)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("defaults do not validate: %v", err)
	}
}

func TestConfigLoadFile(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		wantErr string // substring of the error; "" means success
		check   func(Config) bool
	}{
		{"empty file changes nothing", "", "", func(c Config) bool { return reflect.DeepEqual(c, DefaultConfig()) }},
		{"comment only", "# 설정 없음\n", "", func(c Config) bool { return reflect.DeepEqual(c, DefaultConfig()) }},
		{"Korean collection", "collection: 사내문서\n", "", func(c Config) bool { return c.Collection == "사내문서" }},
		{"nested overlap only", "chunk:\n  overlap: 10\n", "", func(c Config) bool {
			return c.Chunk.Overlap == 10 && c.Chunk.Tokens == 400
		}},
		{"ingest flags", "ingest:\n  include_hidden: true\n  max_file_mb: 5\n", "", func(c Config) bool {
			return c.Ingest.IncludeHidden && c.Ingest.MaxFileMB == 5
		}},
		{"unknown top-level key", "colection: 오타\n", "colection", nil},
		{"unknown nested key", "chunk:\n  size: 300\n", "size", nil},
		{"wrong type", "chunk:\n  tokens: 많이\n", "많이", nil},
		{"not a mapping", "- 하나\n- 둘\n", "seogo.yaml", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfigFile(t, tt.yaml)
			c := DefaultConfig()
			err := c.LoadFile(path)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("LoadFile accepted %q: %+v", tt.yaml, c)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %q does not mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(c) {
				t.Errorf("after loading %q: %+v", tt.yaml, c)
			}
		})
	}
}

func TestConfigLoadFileMissing(t *testing.T) {
	c := DefaultConfig()
	err := c.LoadFile(filepath.Join(t.TempDir(), "없는파일.yaml"))
	if err == nil {
		t.Fatal("a missing config file gave no error")
	}
	if !os.IsNotExist(unwrapAll(err)) {
		t.Errorf("error %v does not wrap the not-exist cause", err)
	}
	if !reflect.DeepEqual(c, DefaultConfig()) {
		t.Errorf("a failed load changed the config: %+v", c)
	}
}

func unwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok || u.Unwrap() == nil {
			return err
		}
		err = u.Unwrap()
	}
}

// TestConfigStringRoundTrip: the YAML that `seogo config show` prints is a
// valid config file that reproduces the same configuration.
func TestConfigStringRoundTrip(t *testing.T) {
	c := DefaultConfig()
	c.Collection, c.Lang, c.Analyzer, c.EmbedDim = "매뉴얼", "ko", "bigram", 256
	c.Chunk = ChunkConfig{Tokens: 200, Overlap: 20}
	c.Search.KeywordWeight, c.Answer.MinConfidence, c.Ingest.IncludeHidden = 0.7, 0.4, true
	path := writeConfigFile(t, c.String())
	var back Config
	if err := back.LoadFile(path); err != nil {
		t.Fatalf("String() output is not a valid config file: %v\n%s", err, c.String())
	}
	if !reflect.DeepEqual(back, c) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, c)
	}
}

func TestConfigApplyEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string // the variable the error must name; "" means success
		check   func(Config) bool
	}{
		{"nothing set", nil, "", func(c Config) bool { return reflect.DeepEqual(c, DefaultConfig()) }},
		{"strings", map[string]string{
			"SEOGO_DATA_DIR": "/데이터", "SEOGO_COLLECTION": "매뉴얼", "SEOGO_LANG": "en",
			"SEOGO_ANALYZER": "bigram", "SEOGO_EMBEDDER": "local-hash", "SEOGO_SEARCH_MODE": "hybrid",
		}, "", func(c Config) bool {
			return c.DataDir == "/데이터" && c.Collection == "매뉴얼" && c.Lang == "en" &&
				c.Analyzer == "bigram" && c.Embedder == "local-hash" && c.Search.Mode == "hybrid"
		}},
		{"ints", map[string]string{
			"SEOGO_CHUNK_TOKENS": "128", "SEOGO_CHUNK_OVERLAP": "16", "SEOGO_TOP_K": "20",
			"SEOGO_EMBED_DIM": "64", "SEOGO_WORKERS": "2",
		}, "", func(c Config) bool {
			return c.Chunk.Tokens == 128 && c.Chunk.Overlap == 16 && c.Search.TopK == 20 &&
				c.EmbedDim == 64 && c.Ingest.Workers == 2
		}},
		{"floats", map[string]string{
			"SEOGO_BM25_K1": "1.2", "SEOGO_BM25_B": "0.75", "SEOGO_MIN_CONFIDENCE": "0.5",
			"SEOGO_RRF_K": "30", "SEOGO_KEYWORD_WEIGHT": "2", "SEOGO_VECTOR_WEIGHT": "0.25",
		}, "", func(c Config) bool {
			return c.BM25.K1 == 1.2 && c.BM25.B == 0.75 && c.Answer.MinConfidence == 0.5 &&
				c.Search.RRFK == 30 && c.Search.KeywordWeight == 2 && c.Search.VectorWeight == 0.25
		}},
		{"bad int", map[string]string{"SEOGO_TOP_K": "다섯"}, "SEOGO_TOP_K", nil},
		{"float where int expected", map[string]string{"SEOGO_CHUNK_TOKENS": "400.5"}, "SEOGO_CHUNK_TOKENS", nil},
		{"bad float", map[string]string{"SEOGO_BM25_K1": "일점이"}, "SEOGO_BM25_K1", nil},
		{"bad float weight", map[string]string{"SEOGO_VECTOR_WEIGHT": "1,5"}, "SEOGO_VECTOR_WEIGHT", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			err := c.ApplyEnv(envMap(tt.env))
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("ApplyEnv accepted %v: %+v", tt.env, c)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %q does not name %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(c) {
				t.Errorf("after %v: %+v", tt.env, c)
			}
		})
	}
}

// TestConfigApplyEnvProcess: a nil getenv reads the process environment.
func TestConfigApplyEnvProcess(t *testing.T) {
	t.Setenv("SEOGO_COLLECTION", "환경")
	t.Setenv("SEOGO_TOP_K", "4")
	c := DefaultConfig()
	if err := c.ApplyEnv(nil); err != nil {
		t.Fatal(err)
	}
	if c.Collection != "환경" || c.Search.TopK != 4 {
		t.Errorf("ApplyEnv(nil) = collection %q top_k %d, want 환경 4", c.Collection, c.Search.TopK)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*Config)
		wantErr string // substring of the English error; "" means valid
	}{
		{"defaults", func(*Config) {}, ""},
		{"Korean collection", func(c *Config) { c.Collection = "매뉴얼" }, ""},
		{"mixed name", func(c *Config) { c.Collection = "사내-문서_v1.2" }, ""},
		{"64 ASCII characters", func(c *Config) { c.Collection = strings.Repeat("a", 64) }, ""},
		{"64 Hangul characters (192 bytes)", func(c *Config) { c.Collection = strings.Repeat("가", 64) }, ""},
		{"65 ASCII characters", func(c *Config) { c.Collection = strings.Repeat("a", 65) }, "collection name"},
		{"65 Hangul characters", func(c *Config) { c.Collection = strings.Repeat("한", 65) }, "collection name"},
		{"slash", func(c *Config) { c.Collection = "a/b" }, `"a/b"`},
		{"backslash", func(c *Config) { c.Collection = `a\b` }, "collection name"},
		{"dot dot", func(c *Config) { c.Collection = ".." }, `".."`},
		{"dot", func(c *Config) { c.Collection = "." }, "collection name"},
		{"empty collection", func(c *Config) { c.Collection = "" }, "collection name"},
		{"space", func(c *Config) { c.Collection = "사내 문서" }, "collection name"},
		{"NUL", func(c *Config) { c.Collection = "a\x00b" }, "collection name"},
		{"empty data_dir", func(c *Config) { c.DataDir = "  " }, "data_dir"},
		{"chunk tokens 15", func(c *Config) { c.Chunk.Tokens, c.Chunk.Overlap = 15, 0 }, "chunk.tokens=15"},
		{"chunk tokens 16", func(c *Config) { c.Chunk.Tokens, c.Chunk.Overlap = 16, 0 }, ""},
		{"overlap equals tokens", func(c *Config) { c.Chunk.Tokens, c.Chunk.Overlap = 100, 100 }, "chunk.overlap=100"},
		{"overlap above tokens", func(c *Config) { c.Chunk.Tokens, c.Chunk.Overlap = 100, 150 }, "chunk.overlap=150"},
		{"overlap one below tokens", func(c *Config) { c.Chunk.Tokens, c.Chunk.Overlap = 100, 99 }, ""},
		{"negative overlap", func(c *Config) { c.Chunk.Overlap = -1 }, "chunk.overlap=-1"},
		{"bm25 b above 1", func(c *Config) { c.BM25.B = 1.5 }, "bm25"},
		{"bm25 negative k1", func(c *Config) { c.BM25.K1 = -0.1 }, "bm25"},
		{"top_k 0", func(c *Config) { c.Search.TopK = 0 }, "top_k=0"},
		{"top_k 1", func(c *Config) { c.Search.TopK = 1 }, ""},
		{"top_k 1000", func(c *Config) { c.Search.TopK = 1000 }, ""},
		{"top_k 1001", func(c *Config) { c.Search.TopK = 1001 }, "top_k=1001"},
		{"fusion convex", func(c *Config) { c.Search.Fusion = "convex" }, ""},
		{"fusion auto", func(c *Config) { c.Search.Fusion = "auto" }, ""},
		{"fusion unset", func(c *Config) { c.Search.Fusion = "" }, ""},
		{"fusion unknown", func(c *Config) { c.Search.Fusion = "linear" }, "search.fusion"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			tt.edit(&c)
			err := c.Validate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Validate() = %v, want valid", err)
			case tt.wantErr != "" && err == nil:
				t.Errorf("Validate() accepted %+v", c)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Errorf("Validate() = %q, want it to mention %q", err, tt.wantErr)
			}
		})
	}
}

func TestValidCollectionName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"default", true},
		{"매뉴얼", true},
		{"규정-2024_v2.1", true},
		{"ABC", true},
		{"", false},
		{".", false},
		{"..", false},
		{"a/b", false},
		{"../etc", false},
		{"a b", false},
		{"메뉴얼!", false},
		{"日本語", false}, // only Hangul syllables beyond ASCII
		{strings.Repeat("z", 64), true},
		{strings.Repeat("z", 65), false},
	}
	for _, tt := range tests {
		if got := ValidCollectionName(tt.name); got != tt.want {
			t.Errorf("ValidCollectionName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// The index section: float32 by default, set by YAML or SEOGO_INDEX_QUANTIZATION
// (the environment wins), shown by String (seogo config show), and an
// unknown value is an error that says what to write instead.
func TestConfigIndexSection(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		env        map[string]string
		want, err  string
	}{
		{"default", "", nil, "float32", ""},
		{"yaml", "index:\n  quantization: int8\n", nil, "int8", ""},
		{"env wins", "index:\n  quantization: int8\n", map[string]string{"SEOGO_INDEX_QUANTIZATION": "float32"}, "float32", ""},
		{"unknown", "index:\n  quantization: int4\n", nil, "int4", "must be int8 or float32"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultConfig()
			if tc.yaml != "" {
				if err := c.LoadFile(writeConfigFile(t, tc.yaml)); err != nil {
					t.Fatal(err)
				}
			}
			if err := c.ApplyEnv(envMap(tc.env)); err != nil {
				t.Fatal(err)
			}
			if c.Index.Quantization != tc.want {
				t.Fatalf("index.quantization = %q, want %q", c.Index.Quantization, tc.want)
			}
			err := c.Validate()
			if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Fatalf("Validate() = %v, want %q", err, tc.err)
			}
			if !strings.Contains(c.String(), "index:\n    quantization: "+tc.want) {
				t.Fatalf("String() does not show the index section:\n%s", c.String())
			}
		})
	}
}
