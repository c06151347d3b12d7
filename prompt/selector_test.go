package prompt

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// topicEmbedder is a deterministic stand-in for a neural embedder: one
// dimension per topic word, counting its occurrences, L2-normalised. Texts
// about the same topics point the same way, as they would semantically.
type topicEmbedder struct {
	calls, texts atomic.Int64
	fail         atomic.Bool
}

var topics = []string{"배송", "환불", "교환", "결제"}

func (e *topicEmbedder) Name() string { return "topic" }
func (e *topicEmbedder) Dim() int     { return len(topics) }
func (e *topicEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	e.calls.Add(1)
	e.texts.Add(int64(len(texts)))
	if e.fail.Load() {
		return nil, errors.New("embedder down")
	}
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v := make([]float32, len(topics))
		var norm float64
		for d, w := range topics {
			c := float64(strings.Count(t, w))
			v[d] = float32(c)
			norm += c * c
		}
		if norm > 0 {
			for d := range v {
				v[d] /= float32(math.Sqrt(norm))
			}
		}
		out[i] = v
	}
	return out, nil
}

var selectorExamples = []Example{
	{Input: "배송 조회 방법", Output: "0"},
	{Input: "배송 조회는 어디서 하나요", Output: "1"}, // a near-duplicate of 0
	{Input: "환불 절차", Output: "2"},
	{Input: "배송 중인 주문의 환불", Output: "3"},
	{Input: "결제 수단 변경", Output: "4"},
}

func outputs(ex []Example) string {
	var s []string
	for _, e := range ex {
		s = append(s, e.Output)
	}
	return strings.Join(s, ",")
}

func TestSelectorNearest(t *testing.T) {
	emb := &topicEmbedder{}
	s := &Selector{Embedder: emb, Examples: selectorExamples}
	ctx := context.Background()
	for _, tc := range []struct {
		input string
		k     int
		want  string
	}{
		{"결제는 카드로 되나요", 1, "4"},
		{"환불 받고 싶어요", 1, "2"},
		{"배송 배송 배송 환불", 2, "0,1"}, // equal similarity: the earlier example first
		{"배송 배송 배송 환불", 3, "0,1,3"},
		{"교환", 2, "0,1"}, // no similar example: all tie at 0, index order
		{"배송", 0, ""},
		{"배송", -1, ""},
		{"환불", 99, "2,3,0,1,4"},
	} {
		got, err := s.Select(ctx, tc.input, tc.k)
		if err != nil {
			t.Fatal(err)
		}
		if outputs(got) != tc.want {
			t.Errorf("Select(%q, %d) = %s, want %s", tc.input, tc.k, outputs(got), tc.want)
		}
	}
	// The examples were embedded once; every other call embedded one input.
	if n := emb.texts.Load(); n != int64(len(selectorExamples))+6 {
		t.Errorf("embedded %d texts, want %d", n, len(selectorExamples)+6)
	}
}

func TestSelectorMMRAvoidsNearDuplicates(t *testing.T) {
	ctx := context.Background()
	plain := &Selector{Embedder: &topicEmbedder{}, Examples: selectorExamples}
	mmr := &Selector{Embedder: &topicEmbedder{}, Examples: selectorExamples, MMR: true}
	got, _ := plain.Select(ctx, "배송 배송 배송 환불", 2)
	if outputs(got) != "0,1" {
		t.Fatalf("similarity alone picks %s, want the near-duplicates 0,1", outputs(got))
	}
	got, err := mmr.Select(ctx, "배송 배송 배송 환불", 2)
	if err != nil {
		t.Fatal(err)
	}
	// Relevance 0.5·0.949 − redundancy 0.5·1 for 1; 0.5·0.316 for 2 (환불).
	if outputs(got) != "0,2" {
		t.Errorf("MMR picks %s, want 0,2", outputs(got))
	}
	// Lambda 1 is relevance only.
	got, _ = (&Selector{Embedder: &topicEmbedder{}, Examples: selectorExamples, MMR: true, Lambda: 1}).Select(ctx, "배송 배송 배송 환불", 2)
	if outputs(got) != "0,1" {
		t.Errorf("MMR with lambda 1 picks %s, want 0,1", outputs(got))
	}
}

func TestSelectorErrors(t *testing.T) {
	ctx := context.Background()
	emb := &topicEmbedder{}
	emb.fail.Store(true)
	s := &Selector{Embedder: emb, Examples: selectorExamples}
	if _, err := s.Select(ctx, "배송", 1); err == nil {
		t.Fatal("want the embedder's error")
	}
	emb.fail.Store(false) // a failure is not cached
	if got, err := s.Select(ctx, "환불", 1); err != nil || outputs(got) != "2" {
		t.Errorf("after recovery: %v %v", got, err)
	}
	if _, err := (&Selector{Examples: selectorExamples}).Select(ctx, "배송", 1); err == nil {
		t.Error("want an error without an embedder")
	}
	if got, err := (&Selector{Embedder: emb}).Select(ctx, "배송", 3); err != nil || got != nil {
		t.Errorf("no examples: %v %v", got, err)
	}
}

func TestSelectorConcurrent(t *testing.T) {
	emb := &topicEmbedder{}
	s := &Selector{Embedder: emb, Examples: selectorExamples, MMR: true}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got, err := s.Select(context.Background(), "결제", 1); err != nil || outputs(got) != "4" {
				t.Errorf("%v %v", got, err)
			}
		}()
	}
	wg.Wait()
	if n := emb.texts.Load(); n != int64(len(selectorExamples))+8 {
		t.Errorf("examples embedded more than once: %d texts", n)
	}
}
