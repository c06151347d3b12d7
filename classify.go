package seogo

import (
	"context"
	"slices"
	"strings"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/prompt"
)

// Label is the class Classify gave one text.
type Label struct {
	Text  string `json:"text"`
	Label string `json:"label"`
	// By says how: "llm:<provider>:<model>" (few-shot prompt) or "nearest"
	// (the label of the most similar example, when no LLM is configured).
	By string `json:"by"`
}

// ClassifyOptions tune Classify.
type ClassifyOptions struct {
	Examples []prompt.Example
	// Labels are the allowed labels; empty means the examples' labels.
	Labels []string
	// Shots is how many examples (the most similar to each text) the prompt
	// shows: 0 zero-shot, 1 one-shot, more few-shot (the CLI's default is 4).
	Shots int
	MMR   bool
}

// Classify labels texts few-shot with the configured LLM, showing it the
// examples most similar to each text; without an LLM it gives each text the
// label of its nearest example.
func (e *Engine) Classify(ctx context.Context, texts []string, opt ClassifyOptions) ([]Label, error) {
	labels := opt.Labels
	if len(labels) == 0 {
		for _, ex := range opt.Examples {
			if ex.Label != "" && !slices.Contains(labels, ex.Label) {
				labels = append(labels, ex.Label)
			}
		}
	}
	if len(labels) < 2 {
		return nil, i18n.Errorf("분류하려면 레이블이 두 개 이상 필요합니다: 예제 파일에 label 을 달거나 --labels 를 쓰세요",
			"classification needs at least two labels: label the examples or pass --labels")
	}
	emb, err := e.newEmbedder(ctx, orDefault(e.cfg.Embedder, DefaultEmbedder), 0, true)
	if err != nil {
		return nil, err
	}
	sel := &prompt.Selector{Embedder: emb, Examples: opt.Examples, MMR: opt.MMR}
	chat, err := e.ChatModel("")
	if err != nil {
		return nil, err
	}
	out := make([]Label, 0, len(texts))
	for _, t := range texts {
		if chat == nil {
			near, err := sel.Select(ctx, t, 1)
			if err != nil {
				return nil, err
			}
			l := Label{Text: t, By: "nearest"}
			if len(near) > 0 {
				l.Label = near[0].Label
			}
			out = append(out, l)
			continue
		}
		shown, err := sel.Select(ctx, t, max(opt.Shots, 0))
		if err != nil {
			return nil, err
		}
		reply, err := chat.Chat(ctx, prompt.Classify(t, labels, shown, prompt.DetectLang(t)), nil)
		if err != nil {
			return nil, err
		}
		l, ok := prompt.ParseLabel(reply.Text, labels)
		if !ok {
			return nil, i18n.Errorf("모델의 답 %q 이(가) 레이블(%s) 중 어느 것도 아닙니다", "the model answered %q, which is none of the labels (%s)",
				strings.TrimSpace(reply.Text), strings.Join(labels, ", "))
		}
		out = append(out, Label{Text: t, Label: l, By: "llm:" + chat.Name()})
	}
	return out, nil
}
