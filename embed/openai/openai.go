// Package openai embeds text with any OpenAI-compatible embeddings API:
// OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp, LM Studio, LocalAI. It
// batches inputs within the provider's request limits, runs a bounded number
// of requests at once, paces them with a client-side rate limiter (requests
// and tokens per minute) so a provider's 429s are rare, and leaves retries
// with backoff (honouring Retry-After) to the official SDK.
package openai

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"sync"

	sdk "github.com/openai/openai-go/v3"
	"golang.org/x/time/rate"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/provider"
)

// Options configure an Embedder. Zero values take the defaults.
type Options struct {
	Endpoint provider.Endpoint
	// Model is the model name (on Azure, the deployment name).
	Model string
	// Dimensions asks text-embedding-3 models for shorter vectors; for other
	// models it is the dimension they return. 0: the model's known size, or
	// learned by Probe.
	Dimensions int
	// BatchSize is the most inputs per request (default 256; OpenAI allows 2048).
	BatchSize int
	// MaxBatchTokens is the most tokens per request (default 250,000; OpenAI
	// allows 300,000). A batch over it is split.
	MaxBatchTokens int
	// MaxInputTokens cuts longer inputs (default 8,191, OpenAI's limit).
	MaxInputTokens int
	// Concurrency is how many requests run at once (default 4).
	Concurrency int
	// RequestsPerMinute and TokensPerMinute pace requests; 0 means no limit.
	RequestsPerMinute int
	TokensPerMinute   int
	// Count counts an input's tokens; nil uses a conservative estimate
	// (one token per 3 bytes: one per Hangul syllable, more than enough for
	// English).
	Count func(string) int
}

// known are the native dimensions of common embedding models, so a new
// collection can be created without a probe request.
var known = map[string]int{
	"text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536,
	"nomic-embed-text": 768, "mxbai-embed-large": 1024, "bge-m3": 1024, "all-minilm": 384,
	"snowflake-arctic-embed": 1024, "multilingual-e5-large": 1024,
}

// Embedder is an embed.Embedder backed by an embeddings API.
type Embedder struct {
	opt    Options
	client sdk.Client
	rpm    *rate.Limiter
	tpm    *rate.Limiter

	mu  sync.Mutex
	dim int
}

// New builds an Embedder. It makes no request.
func New(opt Options) (*Embedder, error) {
	if strings.TrimSpace(opt.Model) == "" {
		return nil, i18n.Errorf("임베딩 모델 이름이 없습니다(예: --embedder openai:text-embedding-3-small)",
			"no embedding model name (e.g. --embedder openai:text-embedding-3-small)")
	}
	c, err := provider.NewClient(opt.Endpoint)
	if err != nil {
		return nil, err
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = 256
	}
	opt.BatchSize = min(opt.BatchSize, 2048)
	if opt.MaxBatchTokens <= 0 {
		opt.MaxBatchTokens = 250_000
	}
	if opt.MaxInputTokens <= 0 {
		opt.MaxInputTokens = 8191
	}
	if opt.Concurrency <= 0 {
		opt.Concurrency = 4
	}
	if opt.Count == nil {
		opt.Count = func(s string) int { return (len(s) + 2) / 3 }
	}
	e := &Embedder{opt: opt, client: c, dim: opt.Dimensions}
	if e.dim == 0 {
		e.dim = known[baseModel(opt.Model)]
	}
	if opt.RequestsPerMinute > 0 {
		// Burst 1: requests go out evenly, so no 60-second window ever
		// holds more than the limit, even at the start.
		e.rpm = rate.NewLimiter(rate.Limit(float64(opt.RequestsPerMinute)/60), 1)
	}
	if opt.TokensPerMinute > 0 {
		e.tpm = rate.NewLimiter(rate.Limit(float64(opt.TokensPerMinute)/60), opt.TokensPerMinute)
	}
	return e, nil
}

// baseModel drops an Ollama tag (":latest") and a path ("BAAI/bge-m3").
func baseModel(m string) string {
	m, _, _ = strings.Cut(m, ":")
	if i := strings.LastIndex(m, "/"); i >= 0 {
		m = m[i+1:]
	}
	return strings.ToLower(m)
}

// Name is "provider:model", recorded in the collection.
func (e *Embedder) Name() string { return e.opt.Endpoint.Provider + ":" + e.opt.Model }

// Dim is the vector dimension; 0 until known (see Probe).
func (e *Embedder) Dim() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.dim
}

// Probe embeds one short text to learn the dimension the model returns
// (and to check that the endpoint, key and model work).
func (e *Embedder) Probe(ctx context.Context) (int, error) {
	vecs, err := e.request(ctx, []string{"seogo"})
	if err != nil {
		return 0, err
	}
	if len(vecs) != 1 || len(vecs[0]) == 0 {
		return 0, i18n.Errorf("%s 이(가) 빈 벡터를 돌려주었습니다", "%s returned an empty vector", e.Name())
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.dim != 0 && e.dim != len(vecs[0]) {
		return 0, i18n.Errorf("%s 의 벡터는 %d차원인데 설정은 %d차원입니다: embedding.dimensions 를 고치세요",
			"%s returns %d-dimensional vectors but %d are configured: fix embedding.dimensions", e.Name(), len(vecs[0]), e.dim)
	}
	e.dim = len(vecs[0])
	return e.dim, nil
}

// Embed returns one unit vector per text, in order.
func (e *Embedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
		sem      = make(chan struct{}, e.opt.Concurrency)
	)
	for _, b := range e.batches(texts) {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			vecs, err := e.request(ctx, b.texts)
			if err != nil {
				errOnce.Do(func() { firstErr = err; cancel() })
				return
			}
			copy(out[b.start:], vecs)
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

type batch struct {
	start int
	texts []string
}

// batches cuts texts into requests of at most BatchSize inputs and
// MaxBatchTokens tokens, cutting over-long inputs to MaxInputTokens.
func (e *Embedder) batches(texts []string) []batch {
	var out []batch
	cur := batch{}
	tokens := 0
	for i, t := range texts {
		t = e.fit(t)
		n := e.opt.Count(t)
		if len(cur.texts) > 0 && (len(cur.texts) >= e.opt.BatchSize || tokens+n > e.opt.MaxBatchTokens) {
			out = append(out, cur)
			cur, tokens = batch{start: i}, 0
		}
		cur.texts = append(cur.texts, t)
		tokens += n
	}
	if len(cur.texts) > 0 {
		out = append(out, cur)
	}
	return out
}

// fit cuts t so its token count is within MaxInputTokens, on a rune
// boundary, and replaces an empty text by a space (the API rejects "").
func (e *Embedder) fit(t string) string {
	if strings.TrimSpace(t) == "" {
		return " "
	}
	for n := e.opt.Count(t); n > e.opt.MaxInputTokens; n = e.opt.Count(t) {
		cut := len(t) * e.opt.MaxInputTokens / n
		for cut > 0 && cut < len(t) && t[cut]&0xC0 == 0x80 {
			cut--
		}
		if cut <= 0 || cut >= len(t) {
			break
		}
		t = t[:cut]
	}
	return t
}

// request sends one batch after the rate limiters allow it.
func (e *Embedder) request(ctx context.Context, texts []string) ([][]float32, error) {
	if e.rpm != nil {
		if err := e.rpm.Wait(ctx); err != nil {
			return nil, err
		}
	}
	if e.tpm != nil {
		n := 0
		for _, t := range texts {
			n += e.opt.Count(t)
		}
		if err := e.tpm.WaitN(ctx, min(n, e.tpm.Burst())); err != nil {
			return nil, err
		}
	}
	params := sdk.EmbeddingNewParams{
		Model:          e.opt.Model,
		Input:          sdk.EmbeddingNewParamsInputUnion{OfArrayOfStrings: texts},
		EncodingFormat: sdk.EmbeddingNewParamsEncodingFormatBase64,
	}
	if e.opt.Dimensions > 0 && strings.HasPrefix(baseModel(e.opt.Model), "text-embedding-3") {
		params.Dimensions = sdk.Int(int64(e.opt.Dimensions))
	}
	var res *sdk.CreateEmbeddingResponse
	err := provider.RetryTimeouts(ctx, e.opt.Endpoint, func() (err error) {
		res, err = e.client.Embeddings.New(ctx, params)
		return err
	})
	if err != nil {
		return nil, provider.Explain(err, e.opt.Endpoint, e.opt.Model)
	}
	if len(res.Data) != len(texts) {
		return nil, i18n.Errorf("%s 이(가) 입력 %d개에 벡터 %d개를 돌려주었습니다", "%s returned %d vectors for %d inputs", e.Name(), len(res.Data), len(texts))
	}
	out := make([][]float32, len(texts))
	for _, d := range res.Data {
		if d.Index < 0 || int(d.Index) >= len(out) || out[d.Index] != nil {
			return nil, i18n.Errorf("%s 의 응답에 잘못된 index %d 가 있습니다", "%s answered with a bad index %d", e.Name(), d.Index)
		}
		v, err := vectorOf(d)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		out[d.Index] = v
	}
	return out, nil
}

// vectorOf converts the SDK's float64s (decoded from base64 or JSON) to a
// unit float32 vector. Servers that ignore encoding_format answer with
// JSON floats; the SDK handles both.
func vectorOf(d sdk.Embedding) ([]float32, error) {
	src := d.Embedding
	if len(src) == 0 {
		if raw := d.JSON.Embedding.Raw(); len(raw) > 2 && raw[0] == '"' {
			b, err := base64.StdEncoding.DecodeString(raw[1 : len(raw)-1])
			if err != nil || len(b)%4 != 0 {
				return nil, fmt.Errorf("bad base64 embedding")
			}
			src = make([]float64, len(b)/4)
			for i := range src {
				src[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:])))
			}
		}
	}
	if len(src) == 0 {
		return nil, fmt.Errorf("empty embedding")
	}
	v := make([]float32, len(src))
	var norm float64
	for i, x := range src {
		v[i] = float32(x)
		norm += x * x
	}
	if norm > 0 && math.Abs(norm-1) > 1e-6 {
		inv := float32(1 / math.Sqrt(norm))
		for i := range v {
			v[i] *= inv
		}
	}
	return v, nil
}
