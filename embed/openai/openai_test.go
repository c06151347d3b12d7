package openai

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seogo/seogo/embed"
	"github.com/seogo/seogo/internal/fakeopenai"
	"github.com/seogo/seogo/provider"
)

func newEmbedder(t testing.TB, s *fakeopenai.Server, opt Options) *Embedder {
	t.Helper()
	opt.Endpoint = provider.Endpoint{Provider: provider.OpenAI, BaseURL: s.URL, APIKey: "sk-t", MaxRetries: 4}
	if opt.Model == "" {
		opt.Model = "text-embedding-3-small"
	}
	e, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestEmbedBatchesInOrder(t *testing.T) {
	s := fakeopenai.New(t, fakeopenai.Options{APIKey: "sk-t"})
	e := newEmbedder(t, s, Options{BatchSize: 4, Concurrency: 3})
	texts := make([]string, 11)
	for i := range texts {
		texts[i] = strings.Repeat("한국어 문장 ", i+1)
	}
	texts[5] = "" // the API rejects empty inputs; one space goes instead
	vecs, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if s.EmbedCalls() != 3 || s.EmbedInputs() != 11 {
		t.Fatalf("%d calls, %d inputs; want 3 and 11", s.EmbedCalls(), s.EmbedInputs())
	}
	for i, v := range vecs {
		if len(v) != 1536 || e.Dim() != 1536 {
			t.Fatalf("vector %d has %d dims (Dim %d)", i, len(v), e.Dim())
		}
		want := fakeopenai.Embed(texts[i], 1536)
		if texts[i] == "" {
			want = fakeopenai.Embed(" ", 1536)
		}
		if cos(v, want) < 0.9999 {
			t.Fatalf("vector %d is not the server's vector for its text (cos %.4f)", i, cos(v, want))
		}
	}
	// base64 was asked for: the SDK decoded it.
	var body struct {
		EncodingFormat string `json:"encoding_format"`
	}
	json.Unmarshal(s.Requests()[0].Body, &body)
	if body.EncodingFormat != "base64" {
		t.Fatalf("encoding_format %q", body.EncodingFormat)
	}
}

func cos(a, b []float32) float64 {
	var d, na, nb float64
	for i := range a {
		d += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	return d / math.Sqrt(na*nb)
}

func TestEmbedSplitsByTokens(t *testing.T) {
	s := fakeopenai.New(t, fakeopenai.Options{})
	e := newEmbedder(t, s, Options{BatchSize: 100, MaxBatchTokens: 1000, MaxInputTokens: 600, Count: func(s string) int { return len([]rune(s)) }})
	texts := []string{strings.Repeat("가", 400), strings.Repeat("나", 400), strings.Repeat("다", 900)}
	if _, err := e.Embed(context.Background(), texts); err != nil {
		t.Fatal(err)
	}
	// 400+400 fit one request; the third is cut to 600 tokens and goes alone.
	if s.EmbedCalls() != 2 {
		t.Fatalf("%d calls, want 2", s.EmbedCalls())
	}
	// The two requests run concurrently: tell them apart by size.
	sizes := map[int]int{}
	for _, r := range s.Requests() {
		var body struct{ Input []string }
		json.Unmarshal(r.Body, &body)
		longest := 0
		for _, in := range body.Input {
			longest = max(longest, len([]rune(in)))
		}
		sizes[len(body.Input)] = longest
	}
	if sizes[2] != 400 || sizes[1] == 0 || sizes[1] > 600 {
		t.Fatalf("batches by input count → longest input: %v", sizes)
	}
}

func TestEmbedDimensionsAndProbe(t *testing.T) {
	s := fakeopenai.New(t, fakeopenai.Options{Models: []string{"text-embedding-3-large", "custom-embedding-v1"}})
	e := newEmbedder(t, s, Options{Model: "text-embedding-3-large", Dimensions: 256})
	v, err := e.Embed(context.Background(), []string{"차원 축소"})
	if err != nil || len(v[0]) != 256 {
		t.Fatalf("dimensions=256: %d %v", len(v[0]), err)
	}
	u := newEmbedder(t, s, Options{Model: "custom-embedding-v1"})
	if u.Dim() != 0 {
		t.Fatalf("unknown model has dim %d before probe", u.Dim())
	}
	if d, err := u.Probe(context.Background()); err != nil || d != 1536 || u.Dim() != 1536 {
		t.Fatalf("probe: %d %v", d, err)
	}
}

func TestEmbedErrorStopsBatch(t *testing.T) {
	s := fakeopenai.New(t, fakeopenai.Options{})
	e := newEmbedder(t, s, Options{BatchSize: 1, Concurrency: 2})
	s.FailNext(100, 401, `{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`, nil)
	_, err := e.Embed(context.Background(), []string{"a", "b", "c", "d", "e", "f"})
	if !errors.Is(err, provider.ErrAuth) {
		t.Fatalf("got %v", err)
	}
	if n := len(s.Requests()); n > 4 {
		t.Fatalf("%d requests after the first 401: the batch should stop", n)
	}
}

// memCache is an embed.Cache in memory, for the wrapper's test.
type memCache struct {
	mu sync.Mutex
	m  map[string][]float32
}

func (c *memCache) GetVectors(_ context.Context, keys [][]byte) (map[string][]float32, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string][]float32{}
	for _, k := range keys {
		if v, ok := c.m[string(k)]; ok {
			out[string(k)] = v
		}
	}
	return out, nil
}

func (c *memCache) PutVectors(_ context.Context, e map[string][]float32) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, v := range e {
		c.m[k] = v
	}
	return nil
}

func TestCachedNeverPaysTwice(t *testing.T) {
	s := fakeopenai.New(t, fakeopenai.Options{})
	c := embed.NewCached(newEmbedder(t, s, Options{}), &memCache{m: map[string][]float32{}})
	texts := []string{"하나", "둘", "하나", "셋"}
	first, err := c.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if s.EmbedInputs() != 3 {
		t.Fatalf("%d inputs sent, want 3 (duplicates embedded once)", s.EmbedInputs())
	}
	again, err := c.Embed(context.Background(), []string{"셋", "하나", "둘"})
	if err != nil {
		t.Fatal(err)
	}
	if s.EmbedCalls() != 1 {
		t.Fatalf("warm cache made %d more calls", s.EmbedCalls()-1)
	}
	if cos(again[0], first[3]) < 0.99999 || cos(again[1], first[0]) < 0.99999 {
		t.Fatal("cached vectors differ")
	}
	if h, m := c.Stats(); h != 4 || m != 3 {
		t.Fatalf("stats hits %d misses %d", h, m)
	}
}

func TestRateLimitNoErrors(t *testing.T) {
	// 1,200 requests/min = 20/s; 40 requests take about two seconds.
	s := fakeopenai.New(t, fakeopenai.Options{RPM: 1200, Latency: 5 * time.Millisecond})
	e := newEmbedder(t, s, Options{BatchSize: 1, Concurrency: 8, RequestsPerMinute: 1200})
	texts := make([]string, 40)
	for i := range texts {
		texts[i] = "문장 " + string(rune('가'+i))
	}
	if _, err := e.Embed(context.Background(), texts); err != nil {
		t.Fatal(err)
	}
	if s.RateLimited() != 0 {
		t.Fatalf("the server rate-limited %d requests: the client should pace itself", s.RateLimited())
	}
}

// BenchmarkThroughputAtLimit measures how close the embedder runs to a
// provider's limit: 3,000 requests/min with 20 ms latency. Report
// req/min and its share of the limit; no 429 may escape as an error.
func BenchmarkThroughputAtLimit(b *testing.B) {
	const rpm = 3000
	s := fakeopenai.New(b, fakeopenai.Options{RPM: rpm, Latency: 20 * time.Millisecond})
	e := newEmbedder(b, s, Options{BatchSize: 1, Concurrency: 8, RequestsPerMinute: rpm})
	texts := make([]string, 400)
	for i := range texts {
		texts[i] = "요청 " + strings.Repeat("가", i%7+1) + string(rune('A'+i%26))
	}
	b.ResetTimer()
	start := time.Now()
	sent := 0
	for b.Loop() {
		if _, err := e.Embed(context.Background(), texts); err != nil {
			b.Fatal(err)
		}
		sent += len(texts)
	}
	perMin := float64(sent) / time.Since(start).Minutes()
	b.ReportMetric(perMin, "req/min")
	b.ReportMetric(100*perMin/rpm, "%limit")
	b.ReportMetric(float64(s.RateLimited()), "429s")
}

var _ http.Header
