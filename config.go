// Package seogo is the facade users import: open an Engine from a Config,
// ingest files, search, ask, evaluate. Every stage lives in its own package;
// this one wires them in the order of DESIGN.md's flow.
package seogo

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/llm"
	"github.com/seogo/seogo/provider"
)

// Config is everything an Engine needs. The zero value is not usable; start
// from DefaultConfig. Precedence when the CLI builds one: defaults < YAML
// file < environment (SEOGO_*) < flags.
type Config struct {
	DataDir string `yaml:"data_dir"`
	// Store is where collections live: "" or "sqlite:DIR" (the embedded
	// store; DIR defaults to DataDir) or "postgres://…" (PostgreSQL with
	// pgvector, shared by many seogo nodes).
	Store      string `yaml:"store,omitempty"`
	Collection string `yaml:"collection"`
	Lang       string `yaml:"lang"`

	// Analyzer and Embedder bind a new collection; empty means "the
	// collection's own, or the default for a new one". An existing collection
	// keeps the ones it was built with: a different explicit setting is
	// reported as an error, never mixed.
	Analyzer string `yaml:"analyzer"`
	Embedder string `yaml:"embedder"`
	// EmbedDim is the dimension of the built-in hashing embedder.
	EmbedDim int `yaml:"embed_dim"`

	Chunk  ChunkConfig  `yaml:"chunk"`
	BM25   BM25Config   `yaml:"bm25"`
	Search SearchConfig `yaml:"search"`
	Answer AnswerConfig `yaml:"answer"`
	Ingest IngestConfig `yaml:"ingest"`

	// LLM is the chat model that writes answers; provider "" or "none"
	// keeps the extractive answerer. Connection fields left empty are read
	// from the provider's usual environment variables (OPENAI_API_KEY,
	// AZURE_OPENAI_ENDPOINT, OLLAMA_HOST, ...) when the engine opens.
	LLM llm.ChatConfig `yaml:"llm"`
	// Embedding tunes API embedders (--embedder openai:MODEL and the like).
	Embedding EmbeddingConfig `yaml:"embedding"`
	// Guard is the personal-data, injection and groundedness policy.
	Guard GuardConfig `yaml:"guard"`
	// Index tunes the embedded store's own vector index.
	Index IndexConfig `yaml:"index"`
	// WordVec tunes word vectors trained on collections.
	WordVec WordVecConfig `yaml:"wordvec"`

	// Getenv reads the environment for provider settings; nil is os.Getenv.
	Getenv func(string) string `yaml:"-" json:"-"`
}

// EmbeddingConfig tunes API embedders. The provider comes from the embedder
// name ("azure:DEPLOYMENT"); connection fields left empty are taken from
// the llm section when it names the same provider, then from the
// environment.
type EmbeddingConfig struct {
	provider.Endpoint `yaml:",inline"`
	// Dimensions asks text-embedding-3 models for shorter vectors.
	Dimensions        int  `yaml:"dimensions,omitempty"`
	BatchSize         int  `yaml:"batch_size"`
	Concurrency       int  `yaml:"concurrency"`
	RequestsPerMinute int  `yaml:"requests_per_minute"`
	TokensPerMinute   int  `yaml:"tokens_per_minute"`
	NoCache           bool `yaml:"no_cache"`
}

// IndexConfig tunes the vector index the embedded store keeps in memory
// (PostgreSQL indexes vectors itself and ignores it).
type IndexConfig struct {
	// Quantization is how collections that have not chosen one (seogo
	// index quantize) hold their graph: float32, or int8 for a quarter of
	// the vector memory at the same results (the float32 copy on disk
	// re-ranks the best candidates).
	Quantization string `yaml:"quantization"`
	// Progress, when set, is told how far a vector index rebuild has come
	// (done of total vectors), for a progress bar.
	Progress func(collection string, done, total int) `yaml:"-" json:"-"`
}

// WordVecConfig tunes word vectors trained on a collection's own text.
type WordVecConfig struct {
	// AutoTrain makes ingest train the model wordvec:COLLECTION when a
	// collection reaches MinChunks chunks and has no model of that name
	// yet; `seogo reembed --embedder wordvec:COLLECTION` then moves the
	// collection to it (switching embedders re-embeds every chunk, so it
	// is never done behind the user's back).
	AutoTrain bool `yaml:"auto_train"`
	// MinChunks is the collection size that is "enough text" (default
	// 2000 chunks, ~500,000 words: fewer leave rare words without
	// neighbours).
	MinChunks int `yaml:"min_chunks"`
}

// ChunkConfig sizes chunks in (estimated LLM) tokens.
type ChunkConfig struct {
	Tokens  int `yaml:"tokens"`
	Overlap int `yaml:"overlap"`
}

// BM25Config tunes the keyword ranking.
type BM25Config struct {
	K1         float64 `yaml:"k1"`
	B          float64 `yaml:"b"`
	TitleBoost float64 `yaml:"title_boost"`
}

// SearchConfig holds the search defaults.
type SearchConfig struct {
	// Mode is keyword, semantic, hybrid or auto: hybrid when the collection
	// has a semantic embedder, keyword with the built-in lexical one (whose
	// vectors repeat what BM25 already knows: see README's evaluation).
	Mode          string  `yaml:"mode"`
	TopK          int     `yaml:"top_k"`
	RRFK          float64 `yaml:"rrf_k"`
	KeywordWeight float64 `yaml:"keyword_weight"`
	VectorWeight  float64 `yaml:"vector_weight"`
	// Fusion merges the rankings in hybrid mode: rrf (ranks), convex
	// (scores as fractions of each list's best, the vector share
	// vector_weight/(keyword_weight+vector_weight): e.g. 9 and 1 for 0.1),
	// or auto (default): convex at share 0.1 on collections embedded with
	// word vectors (wordvec:, vectors:), rrf otherwise.
	Fusion string `yaml:"fusion"`
}

// AnswerConfig tunes the extractive answerer.
type AnswerConfig struct {
	MaxSentences  int     `yaml:"max_sentences"`
	MinConfidence float64 `yaml:"min_confidence"`
	// Passages is how many hits the answerer reads.
	Passages int `yaml:"passages"`
}

// IngestConfig tunes ingestion.
type IngestConfig struct {
	MaxFileMB int `yaml:"max_file_mb"`
	// FileTimeout bounds the reading of one file (default 60s): a damaged
	// or hostile file is reported as failed and the batch goes on.
	FileTimeout   time.Duration `yaml:"file_timeout"`
	Workers       int           `yaml:"workers"`
	IncludeHidden bool          `yaml:"include_hidden"`
	// PDFPassword opens encrypted PDFs; SpeakerNotes adds PPTX notes.
	PDFPassword  string `yaml:"pdf_password,omitempty"`
	SpeakerNotes bool   `yaml:"speaker_notes"`
}

// DefaultConfig returns the configuration seogo runs with when nothing is set.
func DefaultConfig() Config {
	return Config{
		DataDir:    ".seogo",
		Collection: "default",
		Chunk:      ChunkConfig{Tokens: 400, Overlap: 60},
		BM25:       BM25Config{K1: 1.0, B: 0.6, TitleBoost: 2},
		Search:     SearchConfig{Mode: "auto", TopK: 5, RRFK: 60, KeywordWeight: 1, VectorWeight: 1, Fusion: "auto"},
		Answer:     AnswerConfig{MaxSentences: 2, Passages: 5},
		Ingest:     IngestConfig{MaxFileMB: 100, FileTimeout: DefaultFileTimeout},
		LLM:        llm.DefaultChat(),
		Embedding:  EmbeddingConfig{BatchSize: 256, Concurrency: 4},
		Guard:      GuardConfig{Policy: "pipa", Groundedness: "mark"},
		Index:      IndexConfig{Quantization: "float32"},
		WordVec:    WordVecConfig{MinChunks: 2000},
	}
}

// LoadFile merges a YAML file into c. Unknown keys are an error, so a typo
// does not silently fall back to a default.
func (c *Config) LoadFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return i18n.Errorf("설정 파일을 열 수 없습니다: %w", "cannot open the config file: %w", err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return i18n.Errorf("설정 파일 %s 을(를) 읽을 수 없습니다: %w", "config file %s is not valid YAML for seogo: %w", path, err)
	}
	return nil
}

// ApplyEnv overrides c with SEOGO_* environment variables.
func (c *Config) ApplyEnv(getenv func(string) string) error {
	if getenv == nil {
		getenv = os.Getenv
	}
	str := map[string]*string{
		"SEOGO_DATA_DIR": &c.DataDir, "SEOGO_STORE": &c.Store, "SEOGO_COLLECTION": &c.Collection, "SEOGO_LANG": &c.Lang,
		"SEOGO_ANALYZER": &c.Analyzer, "SEOGO_EMBEDDER": &c.Embedder, "SEOGO_SEARCH_MODE": &c.Search.Mode, "SEOGO_FUSION": &c.Search.Fusion,
		"SEOGO_LLM": &c.LLM.Provider, "SEOGO_LLM_MODEL": &c.LLM.Model,
		"SEOGO_GUARD_POLICY": &c.Guard.Policy, "SEOGO_GROUNDEDNESS": &c.Guard.Groundedness,
		"SEOGO_INDEX_QUANTIZATION": &c.Index.Quantization,
	}
	for k, p := range str {
		if v := getenv(k); v != "" {
			*p = v
		}
	}
	ints := map[string]*int{
		"SEOGO_CHUNK_TOKENS": &c.Chunk.Tokens, "SEOGO_CHUNK_OVERLAP": &c.Chunk.Overlap,
		"SEOGO_TOP_K": &c.Search.TopK, "SEOGO_EMBED_DIM": &c.EmbedDim, "SEOGO_WORKERS": &c.Ingest.Workers,
		"SEOGO_LLM_MAX_TOKENS": &c.LLM.MaxTokens, "SEOGO_EMBED_BATCH": &c.Embedding.BatchSize,
		"SEOGO_EMBED_CONCURRENCY": &c.Embedding.Concurrency, "SEOGO_EMBED_RPM": &c.Embedding.RequestsPerMinute,
		"SEOGO_EMBED_TPM": &c.Embedding.TokensPerMinute, "SEOGO_WORDVEC_MIN_CHUNKS": &c.WordVec.MinChunks,
	}
	for k, p := range ints {
		if v := getenv(k); v != "" {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				return i18n.Errorf("환경 변수 %s=%q 는 정수가 아닙니다", "environment variable %s=%q is not an integer", k, v)
			}
			*p = n
		}
	}
	floats := map[string]*float64{
		"SEOGO_BM25_K1": &c.BM25.K1, "SEOGO_BM25_B": &c.BM25.B, "SEOGO_MIN_CONFIDENCE": &c.Answer.MinConfidence,
		"SEOGO_RRF_K": &c.Search.RRFK, "SEOGO_KEYWORD_WEIGHT": &c.Search.KeywordWeight, "SEOGO_VECTOR_WEIGHT": &c.Search.VectorWeight,
		"SEOGO_LLM_TEMPERATURE": &c.LLM.Temperature,
	}
	for k, p := range floats {
		if v := getenv(k); v != "" {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				return i18n.Errorf("환경 변수 %s=%q 는 숫자가 아닙니다", "environment variable %s=%q is not a number", k, v)
			}
			*p = f
		}
	}
	if v := getenv("SEOGO_WORDVEC_AUTO_TRAIN"); v != "" {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return i18n.Errorf("환경 변수 SEOGO_WORDVEC_AUTO_TRAIN=%q 는 true 나 false 여야 합니다", "environment variable SEOGO_WORDVEC_AUTO_TRAIN=%q must be true or false", v)
		}
		c.WordVec.AutoTrain = b
	}
	return nil
}

// Validate reports the first setting that cannot work, in words a user can act on.
func (c *Config) Validate() error {
	switch {
	case strings.TrimSpace(c.DataDir) == "":
		return i18n.Errorf("data_dir 가 비어 있습니다", "data_dir is empty")
	case !validName(c.Collection):
		return i18n.Errorf("컬렉션 이름 %q 를 쓸 수 없습니다: 글자, 숫자, -, _, . 만 쓰세요(최대 64자)",
			"collection name %q is not valid: use letters, digits, '-', '_' or '.' (at most 64)", c.Collection)
	case c.Chunk.Tokens < 16:
		return i18n.Errorf("chunk.tokens=%d 가 너무 작습니다(16 이상)", "chunk.tokens=%d is too small (minimum 16)", c.Chunk.Tokens)
	case c.Chunk.Overlap < 0 || c.Chunk.Overlap >= c.Chunk.Tokens:
		return i18n.Errorf("chunk.overlap=%d 는 0 이상, chunk.tokens(%d) 미만이어야 합니다",
			"chunk.overlap=%d must be at least 0 and below chunk.tokens (%d)", c.Chunk.Overlap, c.Chunk.Tokens)
	case c.BM25.K1 < 0 || c.BM25.B < 0 || c.BM25.B > 1:
		return i18n.Errorf("bm25 값이 범위를 벗어났습니다(k1 ≥ 0, 0 ≤ b ≤ 1)", "bm25 settings out of range (k1 ≥ 0, 0 ≤ b ≤ 1)")
	case c.Search.TopK < 1 || c.Search.TopK > 1000:
		return i18n.Errorf("top_k=%d 는 1부터 1000 사이여야 합니다", "top_k=%d must be between 1 and 1000", c.Search.TopK)
	case !validMode(c.Search.Mode):
		return i18n.Errorf("search.mode=%q 는 auto, keyword, semantic, hybrid 중 하나여야 합니다",
			"search.mode=%q must be auto, keyword, semantic or hybrid", c.Search.Mode)
	case !validFusion(c.Search.Fusion):
		return i18n.Errorf("search.fusion=%q 는 auto, rrf, convex 중 하나여야 합니다", "search.fusion=%q must be auto, rrf or convex", c.Search.Fusion)
	case c.WordVec.MinChunks < 0:
		return i18n.Errorf("wordvec.min_chunks=%d 는 0 이상이어야 합니다", "wordvec.min_chunks=%d must not be negative", c.WordVec.MinChunks)
	case c.Search.KeywordWeight < 0 || c.Search.VectorWeight < 0 || c.Search.RRFK < 0:
		return i18n.Errorf("search 의 가중치와 rrf_k 는 음수일 수 없습니다", "search weights and rrf_k must not be negative")
	case c.BM25.K1 > 1000 || c.BM25.TitleBoost < 0 || c.BM25.TitleBoost > 1000:
		return i18n.Errorf("bm25.k1 과 bm25.title_boost 는 0부터 1000 사이여야 합니다", "bm25.k1 and bm25.title_boost must be between 0 and 1000")
	case c.EmbedDim != 0 && (c.EmbedDim < 16 || c.EmbedDim > 65536):
		return i18n.Errorf("embed_dim=%d 는 16부터 65536 사이여야 합니다", "embed_dim=%d must be between 16 and 65536", c.EmbedDim)
	case c.Answer.MaxSentences < 0 || c.Answer.Passages < 0:
		return i18n.Errorf("answer 설정은 음수일 수 없습니다", "answer settings must not be negative")
	case c.Lang != "" && !validLang(c.Lang):
		return i18n.Errorf("lang=%q 는 ko 또는 en 이어야 합니다", "lang=%q must be ko or en", c.Lang)
	case c.Ingest.FileTimeout < 0:
		return i18n.Errorf("ingest.file_timeout 은 음수일 수 없습니다", "ingest.file_timeout must not be negative")
	case !validQuantization(c.Index.Quantization):
		return i18n.Errorf("index.quantization=%q 는 int8 이나 float32 여야 합니다", "index.quantization=%q must be int8 or float32", c.Index.Quantization)
	case c.Embedding.BatchSize < 0 || c.Embedding.Concurrency < 0 || c.Embedding.RequestsPerMinute < 0 || c.Embedding.TokensPerMinute < 0 || c.Embedding.Dimensions < 0:
		return i18n.Errorf("embedding 설정은 음수일 수 없습니다", "embedding settings must not be negative")
	}
	switch c.Guard.Groundedness {
	case "", "mark", "drop", "off":
	default:
		return i18n.Errorf("guard.groundedness=%q 는 mark, drop, off 중 하나여야 합니다", "guard.groundedness=%q must be mark, drop or off", c.Guard.Groundedness)
	}
	if _, ok := provider.Parse(c.LLM.Provider); !ok {
		return i18n.Errorf("llm.provider=%q 는 openai, azure, ollama, openai-compatible, none 중 하나여야 합니다",
			"llm.provider=%q must be openai, azure, ollama, openai-compatible or none", c.LLM.Provider)
	}
	if _, _, err := parseEmbedder(c.Embedder); err != nil {
		return err
	}
	return nil
}

// validName accepts collection names that are safe in file names and URLs;
// Hangul letters are welcome.
func validName(s string) bool {
	if s == "" || len([]rune(s)) > 64 || s == "." || s == ".." {
		return false
	}
	for _, r := range s {
		ok := r == '-' || r == '_' || r == '.' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') ||
			(r >= 'A' && r <= 'Z') || (r >= 0xAC00 && r <= 0xD7A3)
		if !ok {
			return false
		}
	}
	return true
}

// ValidCollectionName reports whether name can be used for a collection.
func ValidCollectionName(name string) bool { return validName(name) }

func (c Config) String() string {
	b, err := yaml.Marshal(c)
	if err != nil {
		type plain Config
		return fmt.Sprintf("%+v", plain(c))
	}
	return string(b)
}

func validMode(m string) bool {
	switch strings.ToLower(strings.TrimSpace(m)) {
	case "", "auto", "keyword", "semantic", "hybrid", "bm25", "lexical", "vector", "dense":
		return true
	}
	return false
}

func validQuantization(q string) bool {
	switch strings.ToLower(strings.TrimSpace(q)) {
	case "", "float32", "int8":
		return true
	}
	return false
}

func validLang(l string) bool {
	_, ok := i18n.Parse(l)
	return ok
}
