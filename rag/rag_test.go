package rag

import (
	"context"
	"errors"
	"testing"

	"github.com/seogo/seogo/schema"
)

// stubRetriever returns fixed hits: the pipeline's input, not an external part.
type stubRetriever struct {
	hits  []schema.Hit
	err   error
	asked string
}

func (s *stubRetriever) Retrieve(_ context.Context, q string) ([]schema.Hit, error) {
	s.asked = q
	return s.hits, s.err
}

func TestPipelineAsk(t *testing.T) {
	ctx := context.Background()
	r := &stubRetriever{hits: testHits(t, 1, 0, 2)}
	p := Pipeline{Retriever: r, Answerer: &Extractive{Analyzer: testAnalyzer()}}

	got, err := p.Ask(ctx, "  배송 상태는 어디에서 확인할 수 있나요?\n")
	if err != nil {
		t.Fatal(err)
	}
	if r.asked != "배송 상태는 어디에서 확인할 수 있나요?" || got.Question != r.asked {
		t.Errorf("asked %q, answer question %q: want the trimmed question", r.asked, got.Question)
	}
	if got.Text != lineA+" [1]" {
		t.Errorf("answer = %q", got.Text)
	}

	for _, q := range []string{"", "  \t\n"} {
		if _, err := p.Ask(ctx, q); !errors.Is(err, ErrEmptyQuestion) {
			t.Errorf("Ask(%q) error = %v, want ErrEmptyQuestion", q, err)
		}
	}

	boom := errors.New("index is closed")
	r.err = boom
	if _, err := p.Ask(ctx, "배송"); !errors.Is(err, boom) {
		t.Errorf("retriever error not wrapped: %v", err)
	}

	if _, err := (&Pipeline{}).Ask(ctx, "배송"); err == nil {
		t.Error("an empty pipeline must be an error")
	}
}
