// Package rag ties retrieval to answering: a question goes to a Retriever, the
// hits go to an Answerer, and the result is an Answer whose every claim points
// at a cited span of a source document. The Extractive answerer needs no LLM:
// it quotes the sentences of the retrieved chunks that best match the question,
// and says "not found" when the evidence is too weak.
package rag

import (
	"context"
	"errors"
	"strings"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/schema"
)

// Answer is what a question gets: the answer text with citation markers [n],
// the citations those markers refer to, and the passages the answer came from.
type Answer struct {
	Question string `json:"question"`
	Text     string `json:"answer"`
	// NotFound is true when the documents do not support an answer; Text is
	// then a fixed message and Citations is empty.
	NotFound bool `json:"not_found"`
	// Confidence is the evidence strength in [0, 1]: for the extractive
	// answerer, the idf-weighted share of the question's content tokens that
	// the cited chunks contain.
	Confidence float64           `json:"confidence"`
	Citations  []schema.Citation `json:"citations"`
	// Evidence lists the passages used; when NotFound, the best passages
	// retrieved, so the user can look for themselves.
	Evidence []schema.Hit `json:"evidence"`
	// Generator says which path wrote the answer: "extractive", or
	// "llm:<provider>:<model>".
	Generator string `json:"generator"`
	// Removed lists citation numbers the model wrote that point at no
	// source it was given; they were taken out of Text.
	Removed []int `json:"removed_citations,omitempty"`
	// Query is the search query used when it differs from the question (a
	// follow-up rewritten to stand alone).
	Query string `json:"query,omitempty"`
	// Grounding says how well the cited sources support an LLM's answer.
	Grounding *Grounding `json:"grounding,omitempty"`
	// Notices tell the user what the guard did to the question, the text
	// sent out and the answer ("전화번호 1건을 가렸습니다").
	Notices []i18n.Text `json:"notices,omitempty"`
}

// Grounding is the groundedness check of an answer: the share of its
// claims that their cited sources support, and the unsupported ones (marked,
// or removed from the answer when the policy drops them).
type Grounding struct {
	Score       float64  `json:"score"`
	Unsupported []string `json:"unsupported,omitempty"`
	Removed     bool     `json:"removed,omitempty"`
}

// Retriever finds the chunks that may answer a query, best first.
type Retriever interface {
	Retrieve(ctx context.Context, query string) ([]schema.Hit, error)
}

// Answerer writes an answer to question from the retrieved hits.
type Answerer interface {
	Answer(ctx context.Context, question string, hits []schema.Hit) (Answer, error)
}

// ErrEmptyQuestion is returned (wrapped) when a question has no text.
var ErrEmptyQuestion = errors.New("empty question")

// Pipeline is the ask flow: retrieve, then answer.
type Pipeline struct {
	Retriever Retriever
	Answerer  Answerer
	// Rewrite, when set, turns the question into the search query (a
	// follow-up into a standalone question); the Answerer still gets the
	// question as asked.
	Rewrite func(ctx context.Context, question string) (string, error)
}

// Ask answers question from the documents the Retriever can see.
func (p *Pipeline) Ask(ctx context.Context, question string) (Answer, error) {
	q := strings.TrimSpace(question)
	if q == "" {
		return Answer{}, i18n.Errorf("질문이 비어 있습니다. 예: \"배송 상태를 어떻게 확인하나요?\"",
			"%w: type a question, e.g. \"How do I check my delivery?\"", ErrEmptyQuestion)
	}
	if p.Retriever == nil || p.Answerer == nil {
		return Answer{}, errors.New("rag: pipeline needs both a Retriever and an Answerer")
	}
	// Errors are returned as they are: they already say what went wrong, and
	// quoting the question could print a pasted 100 KB document back.
	query := q
	if p.Rewrite != nil {
		rq, err := p.Rewrite(ctx, q)
		if err != nil {
			return Answer{}, err
		}
		if rq = strings.TrimSpace(rq); rq != "" {
			query = rq
		}
	}
	hits, err := p.Retriever.Retrieve(ctx, query)
	if err != nil {
		return Answer{}, err
	}
	ans, err := p.Answerer.Answer(ctx, q, hits)
	if err != nil {
		return Answer{}, err
	}
	ans.Question = q
	if query != q {
		ans.Query = query
	}
	return ans, nil
}
